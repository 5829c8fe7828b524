"""Everything a notebook draws and saves with, in one namespace (``from analysis.report import figures as fg``).

A notebook calls, once at the top (``start_notebook`` does both)::

    fg.apply_style()
    fg.set_output(section="publicity", out=REPORTS)

and then, for every chart and table::

    fig, ax = fg.subplots(height=3.2)
    ...
    fg.publish(fig, "activities_by_month", data=frame,
               footnote="数据期间：2025年1月至12月；来源：各成员单位报送台账",
               tables={"按月活动": fg.Table(frame, HEADERS, percent_cols=["share"])})
    fg.show(frame)  # the same table in the notebook: Chinese headers, no row numbers

(``publish`` adds the footnote, saves the PNG, SVG and data CSV, saves the tables and shows the
figure; ``add_footnote``, ``save_figure`` and ``save_table`` remain for figures drawn otherwise.)

The pieces live by what they do: :mod:`.style` (look and fonts), :mod:`.charts` (chart helpers),
:mod:`.export` (files), :mod:`.publish` (a chart with its footnote, data and tables),
:mod:`.tables` (tables for people and the closing check table), :mod:`.labels` (Chinese names).
"""

from .charts import (  # noqa: F401
    add_footnote,
    bar_labels,
    color_for,
    colors_for,
    data_period,
    fit_annotations,
    heatmap,
    legend_outside,
    month_axis_label,
    month_labels,
    report_months,
    slant_xticks,
    spans_years,
    stacked_bars,
    subplots,
    upright_xticks,
    value_grid,
    wrap_text,
)
from .export import (  # noqa: F401
    Output,
    SavedFigure,
    csv_bytes,
    figure_bytes,
    save_figure,
    save_table,
    set_output,
    sheet_title,
)
from .labels import (  # noqa: F401
    DEFAULT_HEADERS,
    REPORT_TABLE_HEADERS,
    RULE_NAMES,
    column_label,
    dataset_title,
    display_width,
    metric_label,
)
from .publish import Table, publish  # noqa: F401
from .style import (  # noqa: F401
    BASE_FONT_PT,
    BUNDLED_CJK_FONTS,
    CATEGORY_COLORS,
    DEFAULT_HEIGHT_IN,
    PALETTE,
    PNG_DPI,
    SEQUENTIAL_CMAP,
    SMALL_FONT_PT,
    SYSTEM_CJK_FONTS,
    TEXT_WIDTH_IN,
    TITLE_FONT_PT,
    apply_style,
    bundled_font_path,
    find_cjk_font,
    style_rc,
)
from .tables import (  # noqa: F401
    for_display,
    format_number,
    has_rows,
    issue_kinds,
    report_check,
    report_check_summary,
    report_check_table,
    show,
    styled,
)

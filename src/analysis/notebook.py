"""Setup shared by the report notebooks: folders, style, datasets and Markdown output.

A notebook's first cell after its ``parameters`` cell reads::

    PROCESSED, OUT, FONT = start_notebook(SECTION, year, processed_dir, out_dir)

and then loads its data with :func:`load_dataset`; a missing or unreadable dataset gives an
empty frame and a Chinese note, so that each section can skip itself instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, SupportsFloat

import pandas as pd

from . import datasets, paths
from . import figures as fg

__all__ = [
    "count_table",
    "fmt_int",
    "load_dataset",
    "resolve_folders",
    "say",
    "show_table",
    "start_notebook",
]


def resolve_folders(
    year: int | str, processed_dir: str | Path | None = None, out_dir: str | Path | None = None
) -> tuple[Path, Path]:
    """Return the (processed, out) folders for the notebook parameters.

    ``None`` means the project default: data/processed and reports for the default year,
    data/processed/<year> and reports/<year> for any other year.
    """

    def folder(value: str | Path | None, default: Path) -> Path:
        if value is None:
            return paths.year_folder(default, year)
        return paths.resolve(value, default)

    return folder(processed_dir, paths.PROCESSED_DIR), folder(out_dir, paths.REPORTS_DIR)


def start_notebook(
    section: str,
    year: int | str,
    processed_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    max_rows: int = 40,
) -> tuple[Path, Path, str]:
    """Resolve the folders, apply the report style and send output to ``section``.

    Returns (processed folder, output folder, CJK font family used).
    """
    processed, out = resolve_folders(year, processed_dir, out_dir)
    font = fg.apply_style()
    fg.set_output(section=section, out=out)
    pd.set_option("display.max_rows", max_rows)
    return processed, out, font


def load_dataset(name: str, processed: str | Path) -> pd.DataFrame:
    """Read one cleaned dataset; if missing or unreadable, say why and return an empty frame."""
    try:
        return datasets.load(name, processed_dir=processed)
    except Exception as exc:  # missing data must not stop the whole notebook
        print(f"【提示】数据集 {name} 无法读取：{exc}")
        return pd.DataFrame()


def say(markdown: str) -> None:
    """Display ``markdown`` as a Markdown block in the notebook."""
    from IPython.display import Markdown, display

    display(Markdown(markdown))


def fmt_int(value: SupportsFloat) -> str:
    """Round to a whole number with thousands separators: 12345.6 -> '12,346'."""
    return f"{int(round(float(value))):,}"


def count_table(frame: pd.DataFrame, index: str, columns: str, values: str) -> pd.DataFrame:
    """Count the rows of ``frame`` per (index, columns) pair; 0 where there are none.

    ``values`` names any column of ``frame``; it only selects what is counted.
    """
    return frame.pivot_table(
        index=index, columns=columns, values=values, aggfunc="size", fill_value=0
    )


def show_table(frame: pd.DataFrame, name: str, headers: Mapping[str, str], **options: Any) -> None:
    """Save ``frame`` as table sheet ``name`` and display it with the same Chinese headers.

    ``options`` go to :func:`analysis.figures.save_table` (e.g. ``percent_cols``).
    """
    from IPython.display import display

    fg.save_table(frame, name, headers=headers, **options)
    display(frame.rename(columns=headers))

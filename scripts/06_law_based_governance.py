# ---
# jupyter:
#   jupytext:
#     notebook_metadata_filter: kernelspec,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 法治政府与依法治理：工作数据、行政复议与行政应诉
#
# 报告“规范政府履职全流程”“强化行政执法监督”两段的大部分数字（“万件清理”、营商环境监督、网格员、留言板、
# 法律顾问、权责清单……）没有逐件的台账，由各单位填写工作数据统计表报送。本笔记本：
#
# 1. 把这些数字列成一张**有出处的表**：每个数字是什么指标、多少、什么单位、哪个单位在哪个文件里报的；
#    统计表里出现、但指标目录（`indicators.csv`）中没有的指标单独列出，以便补充目录或向报送单位核实；
# 2. 把行政复议画成“收到申请 → 受理 → 结案”的漏斗，并看复议结果和被申请的机关；
# 3. 看行政机关负责人出庭应诉的情况；
# 4. 看近三年的命案数（报告“近三年命案‘零’发生”）；
# 5. 逐项核对报告中的数字。
#
# 所有数字均由数据计算。

# %% tags=["parameters"]
# 参数：由 papermill / `python -m analysis run` 注入；None 表示项目默认（analysis.toml 的年度及该年度的文件夹）。
year = None  # 报告年度；None 表示 analysis.toml 中配置的年度
processed_dir = None  # 清洗结果文件夹，默认 data/processed/<年度>（相对路径按项目根目录）
out_dir = None  # 图表与表格输出文件夹，默认 reports/<年度>

# %%
# ruff: noqa: E402  (参数单元格在导入之前)
import numpy as np
import pandas as pd

from analysis import metrics
from analysis.report import figures as fg
from analysis.report.analysis_kit import (
    count_table,
    display_path,
    fmt_int,
    load_dataset,
    metric_reader,
    pct,
    show_markdown,
    show_table,
    start_notebook,
)
from analysis.resources import indicator_for_metric, load_indicators, load_report_figures

SECTION = "governance"
AREA = "governance"

year, PROCESSED, OUT, FONT = start_notebook(SECTION, year, processed_dir, out_dir)
metric = metric_reader(PROCESSED)


def number(value):
    """An indicator value for text: 5,275.57 for money in 万元 is done by the caller; here 42 or 98.8."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


INDICATORS = load_indicators()
FIGURES = [f for f in load_report_figures(year) if f["area"] == AREA]
# 报告数字所用的指标：指标目录中 metric 一栏指向本部分报告数字的指标
FED = {}
for f in FIGURES:
    indicator = indicator_for_metric(f["metric"])
    if indicator is not None:
        FED[indicator.name] = f
values = load_dataset("indicator_values", PROCESSED)
if len(values):
    values = values.copy()
    values["indicator"] = values["indicator"].fillna("未注明").astype(str)
    values["unit"] = values["unit"].fillna("").astype(str)
    values["known"] = values["indicator"].isin(INDICATORS)
# 本年的数值：与指标（metrics.yaml 的 agg: indicator）同一规则，按统计表的“年度”一栏
this_year = metrics.in_periods(values, [year]) if len(values) else values
cases = load_dataset("reconsideration_cases", PROCESSED)
hearings = load_dataset("court_appearances", PROCESSED)
INDICATOR_SOURCE = "来源：各单位报送的工作数据统计表"
print(f"{year} 年；数据文件夹：{display_path(PROCESSED)}；中文字体：{FONT}")

# %% [markdown]
# ## 1. 报告数字的出处：工作数据统计表
#
# 下表每行是报告中的一个数字所用的指标：本年数值按报送单位合计（同一单位重复报送或更正的只计一次），
# “报送单位”和“来源文件”可据以回查原表。金额统一换算为元（报表中的万元已乘以一万）。

# %%
if fg.has_rows(values, "工作数据统计表（indicator_values）", ["indicator"]):

    def sources(frame, column):
        return "；".join(dict.fromkeys(frame[column].dropna().astype(str)))

    rows = []
    for f in FIGURES:
        indicator = indicator_for_metric(f["metric"])
        if indicator is None:
            continue
        r = metric(f["metric"])
        chosen = this_year[this_year["indicator"] == indicator.name]
        rows.append({"id": f["id"], "indicator": indicator.name, "value": r.value, "unit": indicator.unit,
                     "departments": len(chosen["department"].dropna().unique()),
                     "department": sources(chosen, "department"), "source_file": sources(chosen, "source_file"),
                     "snippet": f["snippet"]})
    sourced = pd.DataFrame(rows)
    headers = {"id": "编号", "indicator": "指标", "value": f"{year}年数值", "unit": "单位",
               "departments": "报送单位数", "department": "报送单位", "source_file": "来源文件",
               "snippet": "报告表述"}
    show_table(sourced, "指标出处", headers)
    with_value = sourced["value"].notna()
    show_markdown(
        f"本部分 {len(FIGURES)} 个报告数字中，{len(sourced)} 个取自工作数据统计表，其中 {int(with_value.sum())} 个已有"
        f"{year}年的数值，来自 {this_year[this_year['indicator'].isin(FED)]['department'].nunique()} 个单位的 "
        f"{this_year[this_year['indicator'].isin(FED)]['source_file'].nunique()} 份统计表。"
        + (f"尚无数值的：{'、'.join(sourced.loc[~with_value, 'indicator'])}。" if (~with_value).any() else "")
    )
    detail = values[values["indicator"].isin(FED)].sort_values(["indicator", "period_year", "department"])
    detail = detail[["indicator", "period_year", "value", "unit", "department", "source_file", "source_sheet",
                     "source_row"]]
    fg.save_table(detail, "指标明细", headers={"indicator": "指标", "period_year": "年度", "value": "数值", "unit": "单位"})

# %% [markdown]
# ### 由多个单位合计的指标：网格员和“未诉先办”
#
# 网格员和“未诉先办”诉求由各街道分别报送（综治中心汇总表和街道自报表），全区数字是各街道之和。

# %%
if fg.has_rows(values, "按街道报送的指标", ["indicator"]):
    multi = [name for name in FED if this_year.loc[this_year["indicator"] == name, "department"].nunique() > 1]
    if multi:
        grid = this_year[this_year["indicator"].isin(multi)].pivot_table(index="department", columns="indicator",
                                                                         values="value", aggfunc="sum")[multi]
        grid = grid.sort_values(multi[0], ascending=True)
        fig, axes = fg.subplots(1, len(multi), height=1.4 + 0.28 * len(grid), sharey=True, squeeze=False)
        for ax, name, color in zip(axes[0], multi, fg.PALETTE, strict=False):
            bars = ax.barh(grid.index, grid[name].fillna(0), color=color)
            fg.bar_labels(ax, bars, labels=[number(v) if pd.notna(v) else "未报" for v in grid[name]])
            ax.set_xlabel(f"{name}（{INDICATORS[name].unit}）")
            ax.set_title(f"合计 {number(grid[name].sum())} {INDICATORS[name].unit}（{FED[name]['id']}）")
            ax.margins(x=0.25)
            fg.value_grid(ax, "x", integer=True, nbins=3)
        fig.suptitle("由各街道分别报送的指标")
        grid.index.name = "department"
        fg.publish(fig, "indicators_by_street", data=grid,
                   footnote=f"{year}年；{INDICATOR_SOURCE}（综治中心汇总表与街道自报表）；“未报”为该单位没有报送",
                   tables={"按街道的指标": grid})
        used = this_year[this_year["indicator"].isin(multi)]
        main_file = used["source_file"].value_counts().index[0]
        elsewhere = used[used["source_file"] != main_file].groupby("department")["source_file"].first()
        show_markdown(
            "；".join(f"{name}全区合计 {number(grid[name].sum())} {INDICATORS[name].unit}" for name in multi)
            + f"。{len(grid)} 个单位的数字大多取自“{main_file}”"
            + ("，" + "、".join(f"{d}的取自“{f}”" for d, f in elsewhere.items())
               + "（汇总表中没有该单位的这几栏）" if len(elsewhere) else "")
            + "；同一单位的同一指标只计一次，不会重复相加。"
        )

# %% [markdown]
# ### 与上年的对照
#
# 部分统计表同时填写了上年数，下图把这些指标的两年数值并排画出（数字旁为增减）。

# %%
if fg.has_rows(values, "上年数", ["period_year"]):
    both = metrics.in_periods(values[values["indicator"].isin(FED)], [year - 1, year])
    pairs = both.pivot_table(index="indicator", columns="period_year", values="value", aggfunc="sum")
    pairs = pairs.dropna() if {year - 1, year} <= set(pairs.columns) else pairs.iloc[0:0]
    if len(pairs):
        pairs = pairs[[year - 1, year]]
        pairs["change"] = pairs[year] - pairs[year - 1]
        pairs["growth"] = (pairs["change"] / pairs[year - 1].where(pairs[year - 1] != 0) * 100).round(1)
        pairs = pairs.sort_values(year)
        fig, ax = fg.subplots(height=1.3 + 0.32 * len(pairs))
        y = np.arange(len(pairs))
        ax.barh(y - 0.2, pairs[year - 1], 0.4, color="#BFBFBF", label=f"{year - 1}年")
        bars = ax.barh(y + 0.2, pairs[year], 0.4, color=fg.PALETTE[0], label=f"{year}年")
        fg.bar_labels(ax, bars, labels=[f"{number(v)}（{'+' if c >= 0 else ''}{number(c)}）"
                                        for v, c in zip(pairs[year], pairs["change"], strict=True)])
        ax.set_yticks(y, [f"{name}（{INDICATORS[name].unit}）" for name in pairs.index])
        ax.set_xlabel("数值")
        ax.margins(x=0.2)
        fg.value_grid(ax, "x", integer=True)
        fg.legend_outside(fig, ax)
        ax.set_title("填写了上年数的指标：两年对照")
        pairs.columns = [str(c) for c in pairs.columns]
        pairs.index.name = "indicator"
        fg.publish(fig, "indicators_vs_previous_year", data=pairs,
                   footnote=f"{INDICATOR_SOURCE}（统计表中的“上年数”一栏）",
                   tables={"指标与上年对照": fg.Table(pairs, headers={"indicator": "指标", "change": "增减", "growth": "增幅"},
                                                      percent_cols=["growth"])})
        show_markdown("填写了上年数的指标全部"
            + ("增加" if (pairs["change"] > 0).all() else "有增有减")
            + "：" + "，".join(f"{name} {number(r[str(year - 1)])}→{number(r[str(year)])}" for name, r in pairs.iterrows())
            + "。")

# %% [markdown]
# ### 统计表中的其他数字
#
# 指标目录中有、但不对应本部分报告数字的指标（只作对照），以及目录中没有的指标。后者没有被丢弃，而是按报送的原文
# 保留下来：它们可能是报告另有用处的数字，也可能是同一指标的另一种写法，需要补进指标目录（`indicators.csv`）
# 或向报送单位核实。

# %%
if fg.has_rows(values, "其他指标", ["indicator"]):
    columns = ["indicator", "period_year", "value", "unit", "department", "source_file"]
    headers = {"indicator": "指标", "period_year": "年度", "value": "数值", "unit": "单位"}
    other_known = values[values["known"] & ~values["indicator"].isin(FED)][columns + ["indicator"]].iloc[:, :-1]
    other_known = other_known.assign(note=other_known["indicator"].map(lambda n: INDICATORS[n].note))
    unknown = values[~values["known"]][columns].sort_values(["department", "indicator", "period_year"])
    if len(other_known):
        show_markdown(f"指标目录中有、只作对照的数字 {len(other_known)} 个：")
        show_table(other_known, "对照指标", headers | {"note": "说明"})
    if len(unknown):
        show_markdown(
            f"**指标目录中没有的指标 {unknown['indicator'].nunique()} 个**（{len(unknown)} 个数字，来自 "
            f"{unknown['department'].nunique()} 个单位）："
            + "、".join(f"“{n}”" for n in dict.fromkeys(unknown["indicator"]))
            + "。"
        )
        show_table(unknown, "未识别的指标", headers)
    else:
        show_markdown("统计表中的指标都在指标目录中。")

# %% [markdown]
# ## 2. 行政复议：从申请到结案
#
# 按收到申请的日期计入报告年度。漏斗的每一层都以收到的申请数为分母；不予受理的申请在右图中按结果列出。

# %%
received = metric("reconsideration_applications")
if fg.has_rows(received.rows, "行政复议案件登记表", ["received_date"]):
    accepted = metric("reconsideration_accepted")
    closed = metric("reconsideration_closed")
    year_cases = received.rows.copy()
    year_cases["outcome"] = year_cases["outcome"].fillna("未注明").astype(str)
    year_cases["respondent"] = year_cases["respondent"].fillna("未注明").astype(str)
    funnel = pd.DataFrame([("收到申请", received.value), ("受理", accepted.value), ("结案", closed.value)],
                          columns=["stage", "cases"])
    funnel["share"] = (funnel["cases"] / received.value * 100).round(2) if received.value else 0.0
    outcomes = year_cases["outcome"].value_counts().sort_values()
    fig, (ax1, ax2) = fg.subplots(1, 2, height=2.6, width_ratios=[1.3, 1])
    widths = funnel["cases"].astype(float)
    ax1.barh(funnel["stage"], widths, left=(received.value - widths) / 2,
             color=[fg.PALETTE[7], fg.PALETTE[0], fg.PALETTE[2]], height=0.7)
    for y, (n, s) in enumerate(zip(funnel["cases"], funnel["share"], strict=True)):
        ax1.text((received.value + n) / 2, y, f"  {n}件（{s:.0f}%）", ha="left", va="center", color="#333333",
                 fontsize=fg.SMALL_FONT_PT)
    ax1.set_xlim(0, received.value * 1.35)
    ax1.invert_yaxis()
    ax1.set_xticks([])
    ax1.spines[["bottom", "left"]].set_visible(False)
    ax1.grid(False)
    ax1.set_title("收到申请 → 受理 → 结案")
    bars = ax2.barh(outcomes.index, outcomes.values, color=[fg.PALETTE[6] if o == "不予受理" else fg.PALETTE[5]
                                                            for o in outcomes.index])
    fg.bar_labels(ax2, bars)
    ax2.set_xlabel("申请（件）")
    ax2.set_title("复议结果")
    ax2.margins(x=0.2)
    fg.value_grid(ax2, "x", integer=True, nbins=3)
    fig.suptitle(f"{year}年行政复议")
    data = pd.concat([funnel.assign(kind="漏斗"),
                      outcomes.rename("cases").rename_axis("stage").reset_index().assign(kind="复议结果")],
                     ignore_index=True)
    fg.publish(fig, "reconsideration_funnel", data=data,
               footnote=f"{fg.data_period(year_cases['received_date'], prefix='收到申请：')}；来源：行政复议案件登记表",
               tables={"行政复议": fg.Table(data, percent_cols=["share"],
                                            headers={"stage": "环节或结果", "cases": "申请（件）", "share": "占收到申请",
                                                     "kind": "类别"})})
    respondents = count_table(year_cases.assign(status=year_cases["accepted"].map({True: "受理", False: "不予受理"})),
                              "respondent", "status", "outcome")
    respondents["total"] = respondents.sum(axis=1)
    respondents = respondents.sort_values("total", ascending=False)
    respondents.index.name = "respondent"
    show_table(respondents, "复议被申请机关", {"respondent": "被申请机关", "total": "合计（件）"})
    other_years = len(cases) - len(year_cases)
    show_markdown(
        f"{year}年收到行政复议申请 **{fmt_int(received.value)} 件**，受理 **{fmt_int(accepted.value)} 件**"
        f"（{pct(accepted.value, received.value):.0f}%），结案 **{fmt_int(closed.value)} 件**；"
        f"不予受理 {int((year_cases['outcome'] == '不予受理').sum())} 件。受理的案件中"
        + "、".join(f"{o} {n} 件" for o, n in year_cases.loc[year_cases["accepted"], "outcome"].value_counts().items())
        + f"。被申请最多的是{respondents.index[0]}（{respondents['total'].iloc[0]} 件）。"
        + (f"登记表中另有 {other_years} 件为上一年收到的申请，不计入本年。" if other_years else "")
    )

# %% [markdown]
# ## 3. 行政机关负责人出庭应诉
#
# 出庭应诉率 = 负责人出庭的庭次 ÷ 开庭庭次（按开庭日期计入报告年度）。

# %%
appearance = metric("leader_court_appearance_rate")
if fg.has_rows(appearance.rows, "行政应诉案件", ["hearing_date"]):
    table = appearance.rows.copy()
    table["agency"] = table["agency"].fillna("未注明").astype(str)
    table["status"] = table["leader_appeared"].map({True: "负责人出庭", False: "负责人未出庭"})
    by_agency = count_table(table, "agency", "status", "hearing_date")
    by_agency = by_agency[[c for c in ["负责人出庭", "负责人未出庭"] if c in by_agency.columns]]
    by_agency = by_agency.loc[by_agency.sum(axis=1).sort_values().index]
    table["month"] = table["hearing_date"].dt.month
    fig, (ax1, ax2) = fg.subplots(1, 2, height=1.5 + 0.28 * len(by_agency), width_ratios=[1, 1.2])
    fg.stacked_bars(ax1, by_agency, horizontal=True, colors=[fg.PALETTE[2], fg.PALETTE[6]][: by_agency.shape[1]],
                    totals=" {}")
    ax1.set_xlabel("开庭（庭次）")
    ax1.set_title("按应诉机关")
    ax1.margins(x=0.15)
    fg.value_grid(ax1, "x", integer=True, nbins=3)
    fg.legend_outside(fig, ax1)
    monthly = table.groupby("month").size().reindex(range(1, int(table["month"].max()) + 1), fill_value=0)
    ax2.bar([str(m) for m in monthly.index], monthly.values, color=fg.PALETTE[0])
    ax2.set_xlabel(f"{year}年开庭月份")
    ax2.set_ylabel("开庭（庭次）")
    ax2.set_title("按月份")
    ax2.tick_params(axis="x", labelsize=fg.SMALL_FONT_PT)
    ax2.margins(y=0.25)
    fg.value_grid(ax2, "y", integer=True, nbins=3)
    fig.suptitle(f"行政机关负责人出庭应诉：{appearance.numerator:.0f}/{appearance.denominator:.0f}庭次，"
                 f"{appearance.value:.0f}%")
    by_agency.index.name = "agency"
    fg.publish(fig, "court_appearances", data=by_agency,
               footnote=f"{fg.data_period(table['hearing_date'], prefix='开庭：')}；来源：行政机关负责人出庭应诉情况统计表",
               tables={"出庭应诉": fg.Table(by_agency.assign(total=by_agency.sum(axis=1)),
                                            headers={"agency": "应诉机关", "total": "合计（庭次）"})})
    show_markdown(
        f"{year}年行政诉讼开庭 {appearance.denominator:.0f} 庭次，涉及 {len(by_agency)} 个行政机关，负责人出庭 "
        f"{appearance.numerator:.0f} 庭次，出庭应诉率 **{appearance.value:.1f}%**。"
        + (f"被申请行政复议的机关中，{'、'.join(sorted(set(by_agency.index) & set(cases['respondent'].dropna().astype(str))))}"
           "同时有行政诉讼开庭。" if len(cases) else "")
    )

# %% [markdown]
# ## 4. 近三年的命案
#
# 报告写“近三年命案‘零’发生”。命案数来自综治中心的近三年统计表（每年一栏）；三年中任一年没有数值，
# 三年合计就不计算。同一张表上的其他指标一并画出，作为背景。

# %%
homicides = metric("homicides_3y")
if fg.has_rows(homicides.rows, "近三年命案统计", ["period_year"]):
    years = list(range(year - 2, year + 1))
    name = indicator_for_metric("homicides_3y").name
    per_year = homicides.rows.groupby("period_year")["value"].sum().reindex(years)
    same_form = metrics.in_periods(values[values["source_file"].isin(homicides.rows["source_file"].dropna().unique())
                                          & (values["indicator"] != name)], years)
    others = list(dict.fromkeys(same_form["indicator"]))
    fig, axes = fg.subplots(1, 1 + len(others), height=2.6, squeeze=False)
    panels = [(name, per_year)] + [
        (other, same_form[same_form["indicator"] == other].groupby("period_year")["value"].sum().reindex(years))
        for other in others
    ]
    for ax, (label, series), color in zip(axes[0], panels, [fg.PALETTE[6], fg.PALETTE[0], fg.PALETTE[5],
                                                            fg.PALETTE[2]], strict=False):
        heights = series.fillna(0).to_numpy(dtype=float)
        bars = ax.bar([str(y) for y in years], heights, color=color)
        fg.bar_labels(ax, bars, labels=["未报" if pd.isna(v) else number(v) for v in series])
        unit = INDICATORS[label].unit if label in INDICATORS else (
            same_form.loc[same_form["indicator"] == label, "unit"].iloc[0] if len(same_form) else "")
        ax.set_title(fg.wrap_text(label, 22), fontsize=fg.BASE_FONT_PT)
        ax.set_ylabel(f"{unit}" if unit else "")
        top = float(np.nanmax(heights)) if len(heights) else 0
        ax.set_ylim(0, top * 1.3 if top > 0 else 1)
        fg.value_grid(ax, "y", integer=True, nbins=3)
    fig.suptitle(f"近三年{name}：合计{number(homicides.value) if homicides.value is not None else '—'}件")
    data = pd.DataFrame({label: series for label, series in panels})
    data.index.name = "period_year"
    fg.publish(fig, "homicides_three_years", data=data,
               footnote=f"{years[0]}—{years[-1]}年；来源：{'、'.join(dict.fromkeys(homicides.rows['source_file']))}",
               tables={"近三年": fg.Table(data, headers={"period_year": "年度"})})
    if homicides.value is None:
        show_markdown(f"近三年{name}无法合计：{homicides.note}。")
    else:
        show_markdown(
            f"{years[0]}—{years[-1]}年{name}逐年为 " + "、".join(f"{y}年 {number(v)} 件" for y, v in per_year.items())
            + f"，三年合计 **{number(homicides.value)} 件**。"
            + ("同一张表上" + "，".join(
                f"{o}由 {number(s.iloc[0])} 降至 {number(s.iloc[-1])}" if s.iloc[-1] < s.iloc[0]
                else f"{o}由 {number(s.iloc[0])} 变为 {number(s.iloc[-1])}"
                for o, s in panels[1:] if s.notna().all()) + "。" if len(panels) > 1 else "")
        )

# %% [markdown]
# ## 5. 报告数字核对
#
# 本部分报告数字、原文表述、按表述规则判断的结果和数据来源文件。工作数据统计表中的数字只能核对到报送单位
# 填写的数值，原始依据（如督办函、处分决定）需由报送单位留存备查。

# %%
check = fg.report_check(AREA, processed_dir=PROCESSED, year=year)
fg.show(check)
show_markdown(fg.report_check_summary(check))

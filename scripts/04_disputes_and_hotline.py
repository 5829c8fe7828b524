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
# # 矛盾纠纷化解与12345热线
#
# 报告在“规范政府履职全流程”和“构建多元矛盾化解体系”两段写到矛盾纠纷的排查化解、区社会治理综合服务中心、
# 12345热线的办结率和满意率，以及社会稳定风险评估。本笔记本依据各街道、司法所、调委会、综治中心报送的矛盾纠纷
# 台账，政数局导出的12345热线工单明细和区委政法委的稳评统计表：
#
# 1. 看矛盾纠纷按类型、街道、月份和化解主体的分布，化解率和化解用时；
# 2. 看区社会治理综合服务中心承担了多少纠纷、化解得怎样；
# 3. 看热线工单按诉求类别、月份和承办单位的分布，各单位的办结率和满意率，哪些单位拉低了全区的比率；
# 4. 逐项核对报告中的数字。
#
# 台账中的当事人、来电人姓名和电话在清洗时已经去除，图表中只出现单位、类别和日期。所有数字均由数据计算。

# %% tags=["parameters"]
# 参数：由 papermill / `python -m analysis run` 注入；None 表示项目默认（analysis.toml 的年度及该年度的文件夹）。
year = None  # 报告年度；None 表示 analysis.toml 中配置的年度
processed_dir = None  # 清洗结果文件夹，默认 data/processed/<年度>（相对路径按项目根目录）
out_dir = None  # 图表与表格输出文件夹，默认 reports/<年度>

# %%
# ruff: noqa: E402  (参数单元格在导入之前)
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from analysis import metrics, views, wording
from analysis.report import figures as fg
from analysis.report.analysis_kit import (
    compute_rate,
    compute_share,
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
from analysis.resources import load_report_figures

SECTION = "disputes"
AREA = "disputes"

year, PROCESSED, OUT, FONT = start_notebook(SECTION, year, processed_dir, out_dir)

CENTRE = views.service_centre()
KIND_ORDER = views.resolver_kinds()
KIND_COLORS = dict(zip(KIND_ORDER, [fg.PALETTE[6], fg.PALETTE[0], fg.PALETTE[5], fg.PALETTE[2],
                                    fg.PALETTE[3], fg.PALETTE[4], fg.PALETTE[7]], strict=True))
REPORT = {f["metric"]: f for f in load_report_figures(year) if f["area"] == AREA}
_cache: dict = {}  # the datasets read, shared by the metrics and the views
metric = metric_reader(PROCESSED, _cache)

# 矛盾纠纷：报告年度内受理的纠纷，即“排查化解矛盾纠纷”指标所计的行（analysis.views.disputes：
# 化解与否按化解率指标的口径；街道台账没有“所属街道”一栏的，按报送街道计）
screened = metric("disputes_screened")
disputes = views.disputes(PROCESSED, _cache)
all_disputes = load_dataset("disputes", PROCESSED)
DISPUTE_PERIOD = fg.data_period(disputes["received_date"] if len(disputes) else [], prefix="受理期间：")
DISPUTE_SOURCE = "来源：各街道、司法所、调委会、综治中心和法院报送的矛盾纠纷台账"

# 12345热线工单：报告年度内受理的工单，应办结、已办结、已评价、满意与办结率和满意率指标的口径相同
# （analysis.views.hotline_tickets）
tickets = views.hotline_tickets(PROCESSED, _cache)
completion = metric("hotline_completion_rate")
satisfaction = metric("hotline_satisfaction_rate")
TICKET_HEADERS = {"tickets": "工单（件）", "due": "应办结（件）", "completed": "已办结（件）", "rated": "已评价（件）",
                  "satisfied": "满意和基本满意（件）", "completion_rate": "办结率", "satisfaction_rate": "满意率"}
RATE_COLUMNS = ["completion_rate", "satisfaction_rate"]


def rates(frame, by):
    """Tickets, due, completed (of the due ones), rated and satisfied per group, with both rates."""
    out = frame.groupby(by).agg(tickets=("ticket_no", "size"), due=("due", "sum"), completed=("done_due", "sum"),
                                rated=("rated", "sum"), satisfied=("satisfied", "sum"))
    return out.assign(completion_rate=compute_rate(out["completed"], out["due"]),
                      satisfaction_rate=compute_rate(out["satisfied"], out["rated"]))


HOTLINE_PERIOD = fg.data_period(tickets["received_date"] if len(tickets) else [], prefix="受理期间：")
HOTLINE_SOURCE = "来源：12345热线工单明细（政数局导出）"
risks = load_dataset("risk_assessments", PROCESSED)
indicators = load_dataset("indicator_values", PROCESSED)
print(f"{year} 年；数据文件夹：{display_path(PROCESSED)}；中文字体：{FONT}")

# %% [markdown]
# ## 1. 矛盾纠纷概况
#
# “排查化解矛盾纠纷”按受理日期计入报告年度；台账中上一年受理、本年仍在登记的纠纷不计入（只在下文注明件数）。
# 化解率 = 已化解件数 ÷ 受理件数。

# %%
if fg.has_rows(disputes, "矛盾纠纷台账", ["received_date"]):
    resolved = metric("disputes_resolved")
    rate = metric("dispute_resolution_rate")
    other_years = len(all_disputes) - len(disputes)
    show_markdown(
        f"{DISPUTE_PERIOD.replace('受理期间：', '')}，{disputes['department'].nunique()} 个单位的台账共登记矛盾纠纷 "
        f"**{fmt_int(screened.value)} 件**，已化解 **{fmt_int(resolved.value)} 件**，化解率 **{rate.value:.2f}%**；"
        f"由 {disputes['handled_by'].nunique()} 个化解主体办理，涉及当事人 {fmt_int(disputes['parties'].sum())} 人"
        f"（部分台账未填当事人数）。"
        + (f"台账中另有 {fmt_int(other_years)} 件为上一年受理，不计入本年。" if other_years else "")
    )
    claimed = REPORT.get("dispute_resolution_rate", {}).get("claimed")
    if claimed and rate.value is not None:
        rounded, truncated = wording.shown_readings(rate.value, claimed)
        show_markdown(
            f"**化解率的写法**：{fmt_int(rate.numerator)} ÷ {fmt_int(rate.denominator)} = {rate.value:.2f}%。"
            f"按报告的精度（整数），四舍五入是 **{rounded:g}%**，截断是 **{truncated:g}%**；"
            + (
                f"报告写“{claimed}%”，只在截断时成立。"
                f"{fmt_int(rate.denominator - rate.numerator)} 件未化解，写“100%”不妥，写“{claimed}%”又低估了，"
                f"建议改为“{rate.value:.1f}%”或“{claimed}%以上”。"
                if rounded != truncated and float(claimed) == truncated
                else f"报告写“{claimed}%”。"
            )
        )
    comparison = indicators[indicators["indicator"].astype(str).eq("矛盾纠纷排查化解")] if len(indicators) else indicators
    if len(comparison):
        by_year = comparison.groupby("period_year")["value"].sum().astype(int)
        show_markdown(
            "综治中心的近三年统计表报送的矛盾纠纷排查化解数："
            + "，".join(f"{y}年 {fmt_int(v)} 件" for y, v in by_year.items())
            + (
                f"；{year}年与台账逐件合计{'一致' if by_year.get(year) == screened.value else '不一致，需核对'}。"
                if year in by_year.index
                else "。"
            )
        )

# %% [markdown]
# ## 2. 按类型和月份
#
# 左图为各类纠纷的件数（括号内为占比），右图为每月受理的件数，按化解主体的类别分色。

# %%
if fg.has_rows(disputes, "矛盾纠纷按类型和月份", ["received_date"]):
    by_type = disputes.groupby("dispute_type").agg(disputes=("received_date", "size"), resolved=("resolved", "sum"))
    by_type = by_type.sort_values("disputes")
    by_type["share"] = compute_share(by_type["disputes"])
    by_type["resolution_rate"] = compute_rate(by_type["resolved"], by_type["disputes"])
    months = fg.report_months(disputes["month"], year)
    monthly = count_table(disputes.dropna(subset=["month"]), "month", "kind", "received_date").reindex(months, fill_value=0)
    monthly = monthly[[k for k in KIND_ORDER if k in monthly.columns]]
    fig, (ax1, ax2) = fg.subplots(1, 2, height=3.3, width_ratios=[1, 1.5])
    bars = ax1.barh(by_type.index, by_type["disputes"], color=fg.PALETTE[0])
    fg.bar_labels(ax1, bars, labels=[f"{n:,}（{s:.0f}%）" for n, s in zip(by_type["disputes"], by_type["share"], strict=True)])
    ax1.set_xlabel("纠纷（件）")
    ax1.set_title("按纠纷类型")
    ax1.margins(x=0.45)
    fg.value_grid(ax1, "x", integer=True, nbins=3)
    fg.stacked_bars(ax2, monthly, positions=fg.month_labels(months), colors=[KIND_COLORS[k] for k in monthly.columns])
    ax2.set_ylabel("纠纷（件）")
    ax2.set_xlabel(fg.month_axis_label(months))
    ax2.tick_params(axis="x", labelsize=fg.SMALL_FONT_PT)
    ax2.set_title("按受理月份与化解主体")
    fg.value_grid(ax2, "y", integer=True)
    fg.legend_outside(fig, ax2)
    fig.suptitle(f"{year}年矛盾纠纷的类型与月度分布")
    data = monthly.copy()
    data.index = data.index.astype(str)
    data.index.name = "month"
    chart = pd.concat([by_type.reset_index().assign(group="纠纷类型"), data.reset_index().assign(group="受理月份")],
                      ignore_index=True)
    type_headers = {"dispute_type": "纠纷类型", "disputes": "纠纷（件）", "resolved": "已化解（件）", "resolution_rate": "化解率"}
    fg.publish(fig, "disputes_by_type_and_month", data=chart, footnote=f"{DISPUTE_PERIOD}；{DISPUTE_SOURCE}",
               tables={"按纠纷类型": fg.Table(by_type.iloc[::-1], type_headers, ["share", "resolution_rate"]),
                       "按受理月份": fg.Table(data.assign(total=data.sum(axis=1)), {"total": "合计（件）"})})
    top = by_type.iloc[::-1]
    busiest = monthly.sum(axis=1).idxmax()
    show_markdown(
        f"最多的三类是{'、'.join(top.index[:3])}，合计占 {top['share'].iloc[:3].sum():.1f}%；"
        f"受理最多的月份是{busiest.month}月（{fmt_int(monthly.sum(axis=1).max())} 件）。"
    )

# %% [markdown]
# ## 3. 按街道
#
# 每格为某街道某类纠纷的件数。街道台账没有“所属街道”一栏的按报送街道计；区级调解组织（如医调委）
# 台账未写街道的列为“未注明”。

# %%
if fg.has_rows(disputes, "矛盾纠纷按街道"):
    grid = count_table(disputes, "street", "dispute_type", "received_date")
    grid = grid[grid.sum().sort_values(ascending=False).index]
    order = grid.sum(axis=1).sort_values(ascending=False).index
    order = [s for s in order if s != "未注明"] + [s for s in order if s == "未注明"]
    grid = grid.loc[order]
    labels = [f"{s}（{n:,}件）" for s, n in zip(grid.index, grid.sum(axis=1), strict=True)]
    fig, ax = fg.subplots(height=1.5 + 0.3 * len(grid))
    fg.heatmap(grid.where(grid > 0).set_axis(labels, axis=0), ax, label="纠纷（件）")
    ax.set_xlabel("纠纷类型")
    ax.set_ylabel("")
    fg.slant_xticks(ax, 30)
    ax.set_title("街道 × 纠纷类型")
    street_table = disputes.groupby("street").agg(disputes=("received_date", "size"), resolved=("resolved", "sum"),
                                                  median_days=("days", "median")).reindex(order)
    street_table["resolution_rate"] = compute_rate(street_table["resolved"], street_table["disputes"])
    street_headers = {"disputes": "纠纷（件）", "resolved": "已化解（件）", "resolution_rate": "化解率", "median_days": "化解用时中位数（天）"}
    fg.publish(fig, "disputes_by_street", data=grid,
               footnote=f"{DISPUTE_PERIOD}；{DISPUTE_SOURCE}；街道台账未写街道的按报送街道计",
               tables={"按街道": fg.Table(street_table, street_headers, ["resolution_rate"])})
    named = street_table.drop(index="未注明", errors="ignore")
    if len(named):
        show_markdown(
            f"{len(named)} 个街道中，纠纷最多的是{named['disputes'].idxmax()}（{fmt_int(named['disputes'].max())} 件），"
            f"最少的是{named['disputes'].idxmin()}（{fmt_int(named['disputes'].min())} 件）。"
            "这里的件数同时取决于街道的人口和台账的完整程度，只宜结合各街道常住人口比较。"
        )

# %% [markdown]
# ## 4. 化解主体：谁在化解纠纷
#
# 条形按化解主体的类别着色；条尾为件数和化解率。站前街道的台账没有“化解主体”一栏，列为“未注明”。

# %%
if fg.has_rows(disputes, "化解主体"):
    bodies = disputes.groupby(["handled_by", "kind"]).agg(disputes=("received_date", "size"), resolved=("resolved", "sum"),
                                                          median_days=("days", "median")).reset_index()
    bodies["resolution_rate"] = compute_rate(bodies["resolved"], bodies["disputes"])
    bodies["kind_order"] = bodies["kind"].map(KIND_ORDER.index)
    bodies = bodies.sort_values(["kind_order", "disputes"], ascending=[False, True])
    fig, ax = fg.subplots(height=1.3 + 0.24 * len(bodies))
    bars = ax.barh(bodies["handled_by"], bodies["disputes"], color=[KIND_COLORS[k] for k in bodies["kind"]])
    fg.bar_labels(ax, bars, labels=[f"{n:,}件 · {r:.1f}%" for n, r in zip(bodies["disputes"], bodies["resolution_rate"],
                                                                       strict=True)])
    for kind in [k for k in KIND_ORDER if k in set(bodies["kind"])]:
        ax.bar(0, 0, color=KIND_COLORS[kind], label=kind)
    fg.legend_outside(fig, ax)
    ax.set_xlabel("纠纷（件）；条尾为件数与化解率")
    ax.set_title("各化解主体办理的矛盾纠纷")
    ax.tick_params(axis="y", labelsize=fg.SMALL_FONT_PT)
    ax.margins(x=0.35)
    fg.value_grid(ax, "x", integer=True, nbins=4)
    table = bodies.drop(columns="kind_order").iloc[::-1]
    headers = {"handled_by": "化解主体", "kind": "类别", "disputes": "纠纷（件）", "resolved": "已化解（件）",
               "median_days": "化解用时中位数（天）", "resolution_rate": "化解率"}
    fg.publish(fig, "disputes_by_body", data=table, footnote=f"{DISPUTE_PERIOD}；{DISPUTE_SOURCE}",
               tables={"按化解主体": fg.Table(table, headers, ["resolution_rate"])})
    kinds = disputes.groupby("kind").agg(disputes=("received_date", "size"), resolved=("resolved", "sum"))
    kinds = kinds.reindex([k for k in KIND_ORDER if k in kinds.index])
    kinds["share"] = compute_share(kinds["disputes"])
    kinds["resolution_rate"] = compute_rate(kinds["resolved"], kinds["disputes"])
    kinds.index.name = "kind"
    show_table(kinds, "按主体类别", {"kind": "化解主体类别", "disputes": "纠纷（件）", "resolved": "已化解（件）",
                                "resolution_rate": "化解率"}, percent_cols=["share", "resolution_rate"])

# %% [markdown]
# ## 5. 化解用时与未化解的纠纷
#
# 化解用时 = 化解日期 − 受理日期（天），只计已化解且两个日期都有的纠纷。左图为用时分布，右图按化解主体类别比较。

# %%
timed = disputes.dropna(subset=["days"]) if len(disputes) else disputes
if fg.has_rows(timed, "化解用时", ["days"]):
    timed = timed[timed["resolved"]]
    present = [k for k in KIND_ORDER if k in set(timed["kind"])]
    fig, (ax1, ax2) = fg.subplots(1, 2, height=3.0, width_ratios=[1, 1.3])
    ax1.hist(timed["days"], bins=range(0, int(timed["days"].max()) + 2), color=fg.PALETTE[0], edgecolor="white")
    ax1.axvline(timed["days"].median(), color=fg.PALETTE[6], linestyle="--", linewidth=1)
    ax1.set_xlabel("化解用时（天）；虚线为中位数")
    ax1.set_ylabel("纠纷（件）")
    ax1.set_title("用时分布")
    fg.value_grid(ax1, "y", integer=True)
    sns.boxplot(data=timed, y="kind", x="days", order=present, ax=ax2, hue="kind", palette={k: KIND_COLORS[k] for k in present},
                legend=False, showfliers=False, boxprops={"alpha": 0.5})
    ax2.set_xlabel("化解用时（天）")
    ax2.set_ylabel("")
    ax2.set_title("按化解主体类别")
    ax2.tick_params(axis="y", labelsize=fg.SMALL_FONT_PT)
    fg.value_grid(ax2, "x", integer=True)
    fig.suptitle("矛盾纠纷的化解用时")
    spread = timed.groupby("kind")["days"].describe()[["count", "min", "25%", "50%", "75%", "max"]]
    spread = spread.reindex(present).rename(columns={"count": "disputes", "25%": "q1", "50%": "median", "75%": "q3"})
    spread.index.name = "kind"
    spread_headers = {"kind": "化解主体类别", "disputes": "纠纷（件）", "min": "最短（天）", "q1": "下四分位（天）",
                      "median": "中位数（天）", "q3": "上四分位（天）", "max": "最长（天）"}
    fg.publish(fig, "time_to_resolve", data=spread,
               footnote=f"{DISPUTE_PERIOD}；{DISPUTE_SOURCE}；只计已化解并填写了化解日期的纠纷",
               tables={"化解用时": fg.Table(spread, spread_headers)})
    within = (timed["days"] <= 15).mean() * 100
    show_markdown(
        f"已化解的纠纷中，用时中位数 **{timed['days'].median():.0f} 天**，最长 {timed['days'].max():.0f} 天，"
        f"{within:.1f}% 在 15 天内化解。"
    )
    open_cases = disputes[~disputes["resolved"]]
    if len(open_cases):
        table = open_cases[["case_no", "received_date", "dispute_type", "handled_by", "street", "source_file",
                            "source_row"]].sort_values("received_date")
        show_markdown(f"未化解的纠纷 {len(table)} 件（按受理日期），需跟踪回访：")
        show_table(table.assign(received_date=table["received_date"].dt.date), "未化解纠纷",
                   {"case_no": "案件编号", "received_date": "受理日期", "dispute_type": "纠纷类型", "handled_by": "化解主体"})

# %% [markdown]
# ## 6. 区社会治理综合服务中心
#
# 报告“建成社会治理综合服务中心，矛盾纠纷化解率99%”中的化解率，指该中心自己办理的纠纷（化解主体为
# 区社会治理综合服务中心）的化解率，不是全区的化解率。下图把它与其他化解主体、全区合计放在一起。

# %%
centre = metric("service_center_resolution_rate")
if fg.has_rows(disputes, "区社会治理综合服务中心") and centre.denominator:
    every = metric("dispute_resolution_rate")
    others_n = every.denominator - centre.denominator
    others_resolved = every.numerator - centre.numerator
    rows = pd.DataFrame([
        {"group": CENTRE, "disputes": centre.denominator, "resolved": centre.numerator, "resolution_rate": round(centre.value, 2)},
        {"group": "其他化解主体", "disputes": others_n, "resolved": others_resolved,
         "resolution_rate": round(pct(others_resolved, others_n), 2)},
        {"group": "全区合计", "disputes": every.denominator, "resolved": every.numerator,
         "resolution_rate": round(every.value, 2)}])
    rows["share"] = (rows["disputes"] / every.denominator * 100).round(2)
    fig, ax = fg.subplots(height=2.3)
    colors = [fg.PALETTE[6], fg.PALETTE[0], fg.PALETTE[7]]
    positions = list(range(len(rows)))[::-1]
    low = min(float(rows["resolution_rate"].min()), 99.0) - 2.0
    ax.hlines(positions, low, rows["resolution_rate"], color="#DDDDDD", linewidth=1)
    ax.scatter(rows["resolution_rate"], positions, color=colors, s=60, zorder=3)
    for y, r in zip(positions, rows.itertuples(), strict=True):
        ax.annotate(f"{r.resolution_rate:.2f}%（{r.resolved:,.0f}/{r.disputes:,.0f}件，占{r.share:.1f}%）",
                    (r.resolution_rate, y), xytext=(0, 7), textcoords="offset points", ha="right",
                    va="bottom", fontsize=fg.SMALL_FONT_PT)
    ax.set_xlim(low, 100.2)
    ax.set_ylim(-0.5, len(rows) - 0.2)
    ax.set_yticks(positions, rows["group"])
    ax.set_xlabel("化解率（%）；括号内为已化解/受理件数和占全区受理的比例")
    ax.set_title("区社会治理综合服务中心与其他化解主体的化解率")
    fg.value_grid(ax, "x")
    centre_headers = {"group": "化解主体", "disputes": "受理（件）", "resolved": "已化解（件）", "resolution_rate": "化解率"}
    fg.publish(fig, "service_centre", data=rows, footnote=f"{DISPUTE_PERIOD}；{DISPUTE_SOURCE}；横轴不从0开始",
               tables={"综合服务中心": fg.Table(rows, centre_headers, ["resolution_rate", "share"])})
    show_markdown(
        f"服务中心全年办理纠纷 **{fmt_int(centre.denominator)} 件**，占全区的 {rows['share'].iloc[0]:.1f}%，"
        f"化解 {fmt_int(centre.numerator)} 件，化解率 **{centre.value:.2f}%**，"
        f"{'低于' if centre.value < every.value else '不低于'}全区的 {every.value:.2f}%。"
        "报告把中心的化解率与全区的化解率都写作“99%”，两者口径不同，引用时应分清。"
    )

# %% [markdown]
# ## 7. 社会稳定风险评估
#
# 区委政法委的稳评统计表，每行一个重大决策或项目；“完成”指评估已出结论。

# %%
if fg.has_rows(risks, "社会稳定风险评估"):
    done = metric("stability_risk_assessments")
    table = risks.assign(risk_level=risks["risk_level"].fillna("未定").astype(str), unit=risks["unit"].fillna("未注明").astype(str))
    levels = count_table(table, "unit", "risk_level", "project")
    levels = levels[[c for c in ["高", "中", "低", "未定"] if c in levels.columns]]
    levels["completed"] = table.groupby("unit")["completed"].sum()
    levels["total"] = table.groupby("unit").size()
    levels = levels.sort_values("total", ascending=False)
    levels.index.name = "unit"
    show_table(levels, "社会稳定风险评估", {"unit": "责任单位", "高": "高风险（项）", "中": "中风险（项）", "低": "低风险（项）",
                                       "未定": "未定等级（项）", "completed": "已完成（项）", "total": "合计（项）"})
    pending = table[~table["completed"]]
    show_markdown(
        f"稳评统计表共列重大决策和项目 {len(table)} 项，已完成评估 **{fmt_int(done.value)} 项**；"
        + "，".join(f"{k + '风险' if k in ('高', '中', '低') else k} {v} 项"
                   for k, v in table["risk_level"].value_counts().items())
        + "。"
        + (f"尚未完成的：{'、'.join(pending['project'].astype(str))}。" if len(pending) else "")
    )

# %% [markdown]
# ## 8. 12345热线：工单概况
#
# 办结率 = 已办结 ÷ 应办结工单（尚未到办理时限的工单不计入分母）；满意率 = （满意 + 基本满意）÷ 作出评价的工单
# （“未评价”不计入分母；“非常满意”计为满意，“非常不满意”计为不满意）。

# %%
if fg.has_rows(tickets, "12345热线工单", ["received_date"]):
    show_markdown(
        f"{HOTLINE_PERIOD.replace('受理期间：', '')}，热线平台共派单 **{fmt_int(len(tickets))} 件**，"
        f"其中应办结 {fmt_int(completion.denominator)} 件，已办结 {fmt_int(completion.numerator)} 件，"
        f"办结率 **{completion.value:.2f}%**；作出评价的 {fmt_int(satisfaction.denominator)} 件中满意和基本满意 "
        f"{fmt_int(satisfaction.numerator)} 件，满意率 **{satisfaction.value:.2f}%**；"
        f"{fmt_int((~tickets['rated']).sum())} 件未评价。工单分属 {tickets['category'].nunique()} 类诉求，"
        f"由 {tickets['handling_unit'].nunique()} 个单位承办。"
    )
    reported = indicators[indicators["indicator"].astype(str).str.startswith("12345热线")] if len(indicators) else indicators
    reported = metrics.in_periods(reported, [year]) if len(reported) else reported
    if len(reported):
        computed = {"12345热线受理量": len(tickets), "12345热线办结率": round(completion.value, 2),
                    "12345热线满意率": round(satisfaction.value, 2)}
        check = reported[["indicator", "value", "unit", "department", "source_file"]].assign(
            computed=reported["indicator"].astype(str).map(computed)
        )
        show_markdown("政数局另报的热线统计表与工单明细的对照：")
        show_table(check, "热线报表对照", {"indicator": "指标", "value": "平台报表数值", "unit": "单位", "computed": "工单明细计算值"})

# %% [markdown]
# ## 9. 工单按诉求类别和月份
#
# 左图为各类诉求的工单数（条尾为件数和办结率）；右图上为每月工单数，下为每月应办结工单的办结率。

# %%
if fg.has_rows(tickets, "热线工单按类别和月份", ["received_date"]):
    by_category = rates(tickets, "category").sort_values("tickets")
    by_category.index.name = "category"
    months = fg.report_months(tickets["month"], year)
    monthly = rates(tickets.dropna(subset=["month"]), "month").reindex(months)
    monthly["tickets"] = monthly["tickets"].fillna(0).astype(int)
    labels = fg.month_labels(months)
    fig = plt.figure(figsize=(fg.TEXT_WIDTH_IN, 3.8), layout="constrained")
    grid = fig.add_gridspec(2, 2, width_ratios=[1, 1.3], height_ratios=[1.4, 1])
    ax1 = fig.add_subplot(grid[:, 0])
    ax2 = fig.add_subplot(grid[0, 1])
    ax3 = fig.add_subplot(grid[1, 1], sharex=ax2)
    bars = ax1.barh(by_category.index, by_category["tickets"], color=fg.PALETTE[5])
    fg.bar_labels(ax1, bars, labels=[f"{n:,}·{r:.1f}%" for n, r in zip(by_category["tickets"], by_category["completion_rate"],
                                                                       strict=True)])
    ax1.set_xlabel("工单（件）；条尾为办结率")
    ax1.set_title("按诉求类别")
    ax1.margins(x=0.45)
    fg.value_grid(ax1, "x", integer=True, nbins=3)
    fg.bar_labels(ax2, ax2.bar(labels, monthly["tickets"], color=fg.PALETTE[5]))
    ax2.set_ylabel("工单（件）")
    ax2.set_title("按受理月份")
    ax2.margins(y=0.2)
    ax2.tick_params(axis="x", labelbottom=False)
    fg.value_grid(ax2, "y", integer=True, nbins=4)
    ax3.plot(labels, monthly["completion_rate"].to_numpy(dtype=float), marker="o", color=fg.PALETTE[0])
    ax3.axhline(completion.value, color=fg.PALETTE[6], linestyle="--", linewidth=1)
    ax3.set_ylabel("办结率（%）")
    ax3.set_xlabel(fg.month_axis_label(months))
    fg.value_grid(ax3, "y", nbins=4)
    fig.suptitle("12345热线工单的诉求类别与月度分布")
    month_table = monthly.copy()
    month_table.index = month_table.index.astype(str)
    month_table.index.name = "month"
    chart = pd.concat([by_category.reset_index().assign(group="诉求类别"), month_table.reset_index().assign(group="受理月份")],
                      ignore_index=True)
    fg.publish(fig, "hotline_by_category_and_month", data=chart,
               footnote=f"{HOTLINE_PERIOD}；{HOTLINE_SOURCE}；虚线为全年办结率",
               tables={"热线按类别": fg.Table(by_category.iloc[::-1], TICKET_HEADERS | {"category": "诉求类别"},
                                             RATE_COLUMNS),
                       "热线按月": fg.Table(month_table, TICKET_HEADERS, RATE_COLUMNS)})
    top = by_category.iloc[::-1]
    show_markdown(
        f"工单最多的诉求是{top.index[0]}（{fmt_int(top['tickets'].iloc[0])} 件）、{top.index[1]}和{top.index[2]}，"
        f"三类合计占 {top['tickets'].iloc[:3].sum() / len(tickets) * 100:.1f}%；办结率最低的是"
        f"{by_category['completion_rate'].idxmin()}（{by_category['completion_rate'].min():.1f}%）。"
    )

# %% [markdown]
# ## 10. 承办单位的办结率和满意率
#
# 左为各单位承办的工单数，中为办结率，右为满意率；虚线为全区的比率。

# %%
if fg.has_rows(tickets, "热线承办单位", ["received_date"]):
    units = rates(tickets, "handling_unit").sort_values("completion_rate", ascending=False)
    units.index.name = "handling_unit"
    order = list(units.index)
    fig, (ax1, ax2, ax3) = fg.subplots(1, 3, height=1.4 + 0.26 * len(units), sharey=True, width_ratios=[1.1, 1, 1])
    fg.bar_labels(ax1, ax1.barh(order, units["tickets"], color=fg.PALETTE[7]))
    ax1.invert_yaxis()
    ax1.set_xlabel("工单（件）")
    ax1.margins(x=0.3)
    ax1.tick_params(axis="y", labelsize=fg.SMALL_FONT_PT)
    fg.value_grid(ax1, "x", integer=True, nbins=3)
    for ax, column, district, label in [
        (ax2, "completion_rate", completion.value, "办结率（%）"),
        (ax3, "satisfaction_rate", satisfaction.value, "满意率（%）"),
    ]:
        below = units[column] < district
        ax.scatter(units[column], order, color=[fg.PALETTE[6] if b else fg.PALETTE[0] for b in below], s=22, zorder=3)
        ax.axvline(district, color=fg.PALETTE[6], linestyle="--", linewidth=1)
        ax.set_xlabel(label)
        fg.value_grid(ax, "x", integer=True, nbins=5)
        ax.set_xlim(min(units[column].min(), district) - 0.5, 100.4)
    fig.suptitle("12345热线各承办单位的工单、办结率和满意率（红点低于全区）")
    fg.publish(fig, "hotline_by_unit", data=units, footnote=f"{HOTLINE_PERIOD}；{HOTLINE_SOURCE}；虚线为全区比率",
               tables={"热线按承办单位": fg.Table(units, TICKET_HEADERS | {"handling_unit": "承办单位"}, RATE_COLUMNS)})
    if (units["due"].sum(), units["completed"].sum()) != (completion.denominator, completion.numerator):
        print("【提示】各承办单位的应办结、已办结件数之和与全区指标不一致，请核对工单的受理日期。")

# %% [markdown]
# ### 哪些单位拉低了全区的比率
#
# 全区办结率离 100% 的差距，可以逐单位拆开：某单位未办结的工单数 ÷ 全区应办结工单数，就是它“拉低”的百分点，
# 各单位之和正好等于全区的差距。满意率同理（不满意件数 ÷ 全区已评价件数）。下图只列有未办结或不满意工单的单位。

# %%
if fg.has_rows(tickets, "拉低比率的单位", ["received_date"]):
    drag = pd.DataFrame({
        "unfinished": units["due"] - units["completed"],
        "completion_gap": ((units["due"] - units["completed"]) / completion.denominator * 100).round(3),
        "unsatisfied": units["rated"] - units["satisfied"],
        "satisfaction_gap": ((units["rated"] - units["satisfied"]) / satisfaction.denominator * 100).round(3)})
    drag["without_unit"] = ((completion.numerator - units["completed"]) / (completion.denominator - units["due"]) * 100).round(2)
    drag = drag[(drag["unfinished"] > 0) | (drag["unsatisfied"] > 0)].sort_values("completion_gap")
    drag.index.name = "handling_unit"
    fig, (ax1, ax2) = fg.subplots(1, 2, height=1.4 + 0.26 * len(drag), sharey=True)
    for ax, column, count, total, title in [
        (ax1, "completion_gap", "unfinished", 100 - completion.value, "办结率"),
        (ax2, "satisfaction_gap", "unsatisfied", 100 - satisfaction.value, "满意率"),
    ]:
        bars = ax.barh(drag.index, drag[column], color=fg.PALETTE[6] if column == "completion_gap" else fg.PALETTE[1])
        fg.bar_labels(ax, bars, labels=[f"{g:.2f}（{n:.0f}件）" if n else ""
                                        for g, n in zip(drag[column], drag[count], strict=True)])
        ax.set_xlabel(f"拉低{title}（百分点）")
        ax.set_title(f"{title}：全区差距 {total:.2f} 个百分点")
        ax.margins(x=0.45)
        fg.value_grid(ax, "x", nbins=3)
    ax1.tick_params(axis="y", labelsize=fg.SMALL_FONT_PT)
    fig.suptitle("各承办单位拉低全区比率的百分点")
    drag_headers = {"handling_unit": "承办单位", "unfinished": "未办结（件）", "completion_gap": "拉低办结率（百分点）",
                    "unsatisfied": "不满意（件）", "satisfaction_gap": "拉低满意率（百分点）",
                    "without_unit": "剔除该单位后的全区办结率"}
    fg.publish(fig, "hotline_rate_drag", data=drag,
               footnote=f"{HOTLINE_PERIOD}；{HOTLINE_SOURCE}；括号内为未办结或不满意的工单数",
               tables={"拉低比率的单位": fg.Table(drag.iloc[::-1], drag_headers, ["without_unit"])})
    ranked = drag.sort_values("completion_gap", ascending=False)
    gap = 100 - completion.value
    share_of_gap = ranked["completion_gap"] / gap * 100 if gap else ranked["completion_gap"] * 0
    heavy = ranked[share_of_gap.cumsum().shift(fill_value=0) < 60]
    rest_rate = pct(completion.numerator - units.loc[heavy.index, "completed"].sum(),
                    completion.denominator - units.loc[heavy.index, "due"].sum())
    show_markdown(
        f"全区办结率 {completion.value:.2f}%，距 100% 差 {gap:.2f} 个百分点，未办结工单共 "
        f"{fmt_int(completion.denominator - completion.numerator)} 件。其中"
        + "、".join(f"{u}（未办结 {r.unfinished:.0f} 件，办结率 {units.loc[u, 'completion_rate']:.1f}%）"
                    for u, r in heavy.iterrows())
        + f"合计拉低 **{heavy['completion_gap'].sum():.2f} 个百分点**，占差距的 {share_of_gap.loc[heavy.index].sum():.0f}%；"
        f"其余单位的办结率为 {rest_rate:.2f}%。"
        f"满意率方面，不满意工单 {fmt_int(satisfaction.denominator - satisfaction.numerator)} 件，拉低最多的是"
        f"{drag['satisfaction_gap'].idxmax()}（{drag['satisfaction_gap'].max():.2f} 个百分点）。"
    )

# %% [markdown]
# ## 11. 报告数字核对
#
# 本部分报告数字、原文表述、按表述规则判断的结果和数据来源文件。“说明”一栏注明百分比只在截断时成立的情形：
# 例如化解率的计算值四舍五入与报告写法不同，核对表照实写出，而不是只给一个“是”。近三年命案的逐年数字见
# 笔记本 06。

# %%
check = fg.report_check(AREA, processed_dir=PROCESSED, year=year)
fg.show(check)
show_markdown(fg.report_check_summary(check))

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
# # 行政执法案卷评查与涉企执法
#
# 报告“提升民生法治保障水平”一段提到：组织律师对一批行政许可、行政处罚案卷开展评查；区直执法部门备案涉企
# 行政执法；明确法制审核人员并确保其占执法人员的比例。本笔记本用评查表、涉企执法备案表和执法人员统计表：
#
# 1. 看评查覆盖了哪些单位、哪类案件、哪几年办结的案卷；
# 2. 看得分和等次的分布，案卷最常见的问题出在哪里、集中在哪些单位；
# 3. 看评查律师各自的工作量和打分松紧是否一致；
# 4. 看涉企执法备案的单位和月份分布，以及法制审核人员占比是否达到底线。
#
# 评查人以代号显示，不在图表中出现姓名。所有数字均由数据计算。

# %% tags=["parameters"]
# 参数：由 papermill / `python -m analysis run` 注入；None 表示项目默认（analysis.toml 的年度及该年度的文件夹）。
year = None  # 报告年度；None 表示 analysis.toml 中配置的年度
processed_dir = None  # 清洗结果文件夹，默认 data/processed/<年度>（相对路径按项目根目录）
out_dir = None  # 图表与表格输出文件夹，默认 reports/<年度>

# %%
# ruff: noqa: E402  (参数单元格在导入之前)
import numpy as np
import pandas as pd
import seaborn as sns

from analysis import metrics
from analysis.report import figures as fg
from analysis.report.analysis_kit import (
    count_table,
    display_path,
    fmt_int,
    load_dataset,
    show_markdown,
    start_notebook,
)
from analysis.resources import load_report_figures, load_score_bands, load_vocabularies

SECTION = "case_review"
AREA = "case_review"
# 法制审核人员占比的底线取自报告数字表（“确保相关人员占比达……”），等次分界取自项目的得分区间表
LEGAL_REVIEW_FLOOR = next(float(f["claimed"]) for f in load_report_figures() if f["metric"] == "legal_review_staff_share")
BANDS = load_score_bands()["default"]
GRADE_CUTS = sorted({low for _, low, _ in BANDS if 0 < low <= 100})

year, PROCESSED, OUT, FONT = start_notebook(SECTION, year, processed_dir, out_dir)

GRADE_ORDER = list(dict.fromkeys(load_vocabularies()["grade"].values()))  # 等次词表的顺序：优秀、良好、合格、不合格

reviews = load_dataset("case_file_reviews", PROCESSED)
filings = load_dataset("enforcement_filings", PROCESSED)
staff = load_dataset("enforcement_staff", PROCESSED)
if len(reviews):
    reviews = reviews.copy()
    for column, missing in [("enforcement_unit", "未注明"), ("case_type", "未注明"), ("grade", "未定等次")]:
        reviews[column] = reviews[column].fillna(missing).astype(str)
    reviews["closed_year"] = reviews["closed_date"].dt.year
    # 评查人以代号显示：按评查案卷数从多到少编为“评查人A、B……”
    order = reviews["reviewer"].dropna().value_counts().index
    codes = {name: f"评查人{chr(ord('A') + i)}" if i < 26 else f"评查人{i + 1}" for i, name in enumerate(order)}
    reviews["reviewer_code"] = reviews["reviewer"].map(codes).fillna("未注明")
PERIOD = fg.data_period(reviews["closed_date"], prefix="案卷办结期间：") if len(reviews) else ""
SOURCE = "来源：行政执法案卷评查表"
print(f"{year} 年；数据文件夹：{display_path(PROCESSED)}；中文字体：{FONT}")

# %% [markdown]
# ## 1. 评查了哪些案卷

# %%
if fg.has_rows(reviews, "案卷评查表"):
    show_markdown(
        f"评查表共登记案卷 **{fmt_int(len(reviews))} 本**，涉及执法单位 {reviews['enforcement_unit'].nunique()} 个，"
        f"参与评查的律师 {reviews['reviewer'].nunique()} 名；{PERIOD.replace('案卷办结期间：', '案卷办结于 ')}。"
    )
    by_unit = count_table(reviews, "enforcement_unit", "case_type", "case_no")
    by_unit["total"] = by_unit.sum(axis=1)
    by_unit = by_unit.sort_values("total")
    types = [c for c in by_unit.columns if c != "total"]
    fig, (ax1, ax2) = fg.subplots(1, 2, height=1.6 + 0.28 * len(by_unit), width_ratios=[1.7, 1])
    fg.stacked_bars(ax1, by_unit[types], horizontal=True, totals=" {}")
    ax1.set_xlabel("案卷（本）")
    ax1.set_title("按执法单位与案件类型")
    fg.legend_outside(fig, ax1)
    ax1.margins(x=0.12)
    fg.value_grid(ax1, "x", integer=True)
    by_year = count_table(reviews.dropna(subset=["closed_year"]), "closed_year", "case_type", "case_no")
    by_year.index = by_year.index.astype(int)
    fg.stacked_bars(ax2, by_year, positions=by_year.index.astype(str), legend=False, totals="{}",
                    colors=[fg.PALETTE[types.index(t) if t in types else i] for i, t in enumerate(by_year.columns)])
    ax2.set_xlabel("办结年份")
    ax2.set_ylabel("案卷（本）")
    ax2.set_title("按办结年份")
    ax2.margins(y=0.15)
    ax2.tick_params(axis="x", rotation=45)
    fg.value_grid(ax2, "y", integer=True)
    fig.suptitle("参评案卷的来源")
    data = by_unit.iloc[::-1]
    year_table = by_year.assign(total=by_year.sum(axis=1))
    chart_data = pd.concat([data.rename_axis("group_value").reset_index().assign(group="执法单位"),
                            year_table.rename_axis("group_value").reset_index().assign(group="办结年份")],
                           ignore_index=True)
    year_table.index.name = "closed_year"
    fg.publish(fig, "files_by_unit_and_year", data=chart_data, footnote=f"{PERIOD}；{SOURCE}",
               tables={"按执法单位": fg.Table(data, headers={"total": "合计（本）"}),
                       "按办结年份": fg.Table(year_table, headers={"closed_year": "办结年份", "total": "合计（本）"})})

# %% [markdown]
# ## 2. 得分与等次
#
# 等次按评查表填写；未填写的由清洗程序按得分区间补定（区间作为数据保存在项目的 `score_bands.csv` 中，
# 下方列出）。直方图中的虚线为等次分界。

# %%
show_markdown("得分区间：" + "；".join(
    f"{grade} {'≥' + format(low, 'g') if low > 0 else ''}{' 且 ' if 0 < low and high <= 100 else ''}"
    f"{'<' + format(high, 'g') if high <= 100 else ''}" for grade, low, high in BANDS))
if fg.has_rows(reviews, "得分分布", ["score"]):
    scored = reviews.dropna(subset=["score"])
    fig, (ax1, ax2) = fg.subplots(1, 2, height=2.9, width_ratios=[1.6, 1])
    bins = np.arange(np.floor(scored["score"].min() / 2.5) * 2.5, 102.5, 2.5)
    ax1.hist(scored["score"], bins=bins, color=fg.PALETTE[0], edgecolor="white")
    for cut in GRADE_CUTS:
        if bins[0] <= cut <= bins[-1]:
            ax1.axvline(cut, color=fg.PALETTE[6], linestyle="--", linewidth=1)
    ax1.set_xlabel("评查得分（分）")
    ax1.set_ylabel("案卷（本）")
    ax1.set_title("得分分布")
    fg.value_grid(ax1, "y", integer=True)
    grades = reviews["grade"].value_counts()
    grades = grades.reindex([g for g in GRADE_ORDER if g in grades.index] + [g for g in grades.index if g not in GRADE_ORDER])
    shares = grades / grades.sum() * 100
    bars = ax2.bar(grades.index, shares, color=fg.colors_for(grades.index))
    fg.bar_labels(ax2, bars, labels=[f"{s:.1f}%\n（{c}本）" for s, c in zip(shares, grades, strict=True)])
    ax2.set_ylabel("占比（%）")
    ax2.set_title("等次构成")
    ax2.set_ylim(0, max(shares.max() * 1.3, 10))
    fg.value_grid(ax2, "y")
    fig.suptitle("案卷评查得分与等次")
    grade_table = pd.DataFrame({"grade": grades.index, "files": grades.values, "share": shares.round(2).values})
    fg.publish(fig, "scores_and_grades", data=grade_table, footnote=f"{PERIOD}；{SOURCE}",
               tables={"等次构成": fg.Table(grade_table, percent_cols=["share"])})
    stats = scored["score"].describe()
    show_markdown(
        f"平均得分 {stats['mean']:.1f} 分，中位数 {stats['50%']:.1f} 分，最低 {stats['min']:.1f} 分、最高 {stats['max']:.1f} 分；"
        + "；".join(f"{g} {c} 本（{s:.1f}%）" for g, c, s in zip(grades.index, grades, shares, strict=True)) + "。"
    )
    by_type = scored.groupby("case_type")["score"].agg(["count", "mean", "min", "max"]).round(1)
    fg.show(by_type, {"count": "案卷（本）", "mean": "平均分", "min": "最低分", "max": "最高分"})

# %% [markdown]
# ## 3. 案卷存在的问题
#
# 一本案卷可以有多个问题（评查表中以分号分隔），因此问题的次数之和会多于案卷数。热力图按执法单位列出各类问题
# 出现的次数，颜色越深问题越集中，可据此安排下一轮的整改和培训。

# %%
if fg.has_rows(reviews, "案卷问题", ["defects"]):
    defects = reviews[["case_no", "enforcement_unit", "defects"]].assign(
        defect=reviews["defects"].fillna("").astype(str).str.split(";")).explode("defect")
    defects["defect"] = defects["defect"].str.strip()
    defects = defects[defects["defect"].ne("") & defects["defect"].ne("无")]
    clean_files = reviews["case_no"].nunique() - defects["case_no"].nunique()
    if fg.has_rows(defects, "案卷问题（剔除“无问题”）"):
        counts = defects["defect"].value_counts()
        grid = count_table(defects, "enforcement_unit", "defect", "case_no")[counts.index]
        grid = grid.loc[grid.sum(axis=1).sort_values(ascending=False).index]
        fig, ax = fg.subplots(height=1.2 + 0.3 * len(counts))
        bars = ax.barh(counts.index, counts.values, color=fg.PALETTE[1])
        fg.bar_labels(ax, bars)
        ax.invert_yaxis()
        ax.set_xlabel("出现次数（次）")
        ax.set_title("案卷评查发现的问题类型")
        ax.margins(x=0.12)
        fg.value_grid(ax, "x", integer=True)
        type_table = pd.DataFrame({"defect": counts.index, "count": counts.values,
                                   "share": (counts / counts.sum() * 100).round(2).values})
        fg.publish(fig, "defects_by_type", data=type_table, footnote=f"{PERIOD}；{SOURCE}；一本案卷可有多个问题",
                   tables={"问题类型": fg.Table(type_table, headers={"defect": "问题类型"}, percent_cols=["share"])})

        fig, ax = fg.subplots(height=1.6 + 0.3 * len(grid))
        fg.heatmap(grid.where(grid > 0), ax, label="出现次数（次）")
        ax.set_xlabel("问题类型")
        ax.set_ylabel("")
        ax.set_title("执法单位 × 问题类型（颜色越深问题越集中）")
        fg.slant_xticks(ax, 30)
        fg.publish(fig, "defects_by_unit", data=grid,
                   footnote=f"{PERIOD}；{SOURCE}；空白为未发现该类问题",
                   tables={"问题×单位": fg.Table(grid.assign(total=grid.sum(axis=1)),
                                                 headers={"enforcement_unit": "执法单位", "total": "合计（次）"})})
        top = counts.index[0]
        show_markdown(
            f"共发现问题 {fmt_int(counts.sum())} 处，最常见的是“{top}”（{fmt_int(counts.iloc[0])} 处，"
            f"占 {counts.iloc[0] / counts.sum() * 100:.1f}%）；问题最多的单位是{grid.index[0]}。"
            f"未发现问题的案卷 {fmt_int(clean_files)} 本。"
        )

# %% [markdown]
# ## 4. 评查律师的工作量与打分尺度
#
# 同一批案卷由多名律师分头评查。若某位评查人的得分明显整体偏高或偏低，说明评分尺度需要统一（例如交叉复核）。

# %%
if fg.has_rows(reviews, "评查人", ["reviewer", "score"]):
    scored = reviews.dropna(subset=["score"])
    order = scored["reviewer_code"].value_counts().index.tolist()
    workload = scored.groupby("reviewer_code")["score"].agg(["count", "mean", "std", "min", "max"]).reindex(order).round(1)
    workload.index.name = "reviewer"
    fig, (ax1, ax2) = fg.subplots(1, 2, height=2.9, sharey=True, width_ratios=[1, 1.8])
    fg.bar_labels(ax1, ax1.barh(order, workload["count"], color=fg.PALETTE[0]))
    ax1.invert_yaxis()
    ax1.set_xlabel("评查案卷（本）")
    ax1.margins(x=0.2)
    fg.value_grid(ax1, "x", integer=True)
    layout = {"data": scored, "y": "reviewer_code", "x": "score", "order": order, "ax": ax2}
    sns.boxplot(**layout, color=fg.PALETTE[5], showfliers=False, boxprops={"alpha": 0.4})
    sns.stripplot(**layout, color=fg.PALETTE[0], size=2.5)
    ax2.axvline(scored["score"].median(), color=fg.PALETTE[6], linestyle="--", linewidth=1)
    ax2.set_xlabel("评查得分（分）；虚线为全部案卷中位数")
    ax2.set_ylabel("")
    fg.value_grid(ax2, "x")
    fig.suptitle("评查人的工作量与打分分布")
    fg.publish(fig, "reviewers", data=workload, footnote=f"{PERIOD}；{SOURCE}；评查人以代号表示",
               tables={"评查人": fg.Table(workload, headers={"reviewer": "评查人（代号）", "count": "案卷（本）",
                                                       "mean": "平均分", "std": "标准差", "min": "最低分",
                                                       "max": "最高分"})})
    gap = workload["mean"].max() - workload["mean"].min()
    show_markdown(
        f"{len(workload)} 名评查人各评查 {fmt_int(workload['count'].min())}–{fmt_int(workload['count'].max())} 本案卷；"
        f"各人平均分最高与最低相差 {gap:.1f} 分。"
    )

# %% [markdown]
# ## 5. 涉企行政执法备案
#
# 区直执法部门按月备案涉企行政执法检查。上图为各单位合计备案次数，下图为全区按月合计。

# %%
if fg.has_rows(filings, "涉企行政执法备案", ["month"]):
    filings = filings.copy()
    filings["month"] = filings["month"].dt.to_period("M")
    by_department = filings.groupby("department")["filings"].sum().sort_values()
    dated = filings.dropna(subset=["month"])
    months = pd.period_range(dated["month"].min(), dated["month"].max(), freq="M")
    monthly = dated.groupby("month")["filings"].sum().reindex(months, fill_value=0)
    fig, (ax1, ax2) = fg.subplots(2, 1, height=2.6 + 0.26 * len(by_department),
                                  height_ratios=[0.4 + 0.26 * len(by_department), 2.2])
    fg.bar_labels(ax1, ax1.barh(by_department.index, by_department.values, color=fg.PALETTE[0]))
    ax1.set_xlabel("备案（次）")
    ax1.set_title("按执法单位")
    ax1.margins(x=0.1)
    fg.value_grid(ax1, "x", integer=True)
    bars = ax2.bar(fg.month_labels(months, suffix="月"), monthly.values, color=fg.PALETTE[2])
    if len(months) <= 12:
        fg.bar_labels(ax2, bars)
    ax2.set_ylabel("备案（次）")
    ax2.set_title("全区按月合计")
    ax2.tick_params(axis="x", rotation=0 if len(months) <= 12 else 90)
    ax2.margins(y=0.15)
    fg.value_grid(ax2, "y", integer=True)
    fig.suptitle("涉企行政执法备案")
    grid = dated.pivot_table(index="department", columns="month", values="filings", aggfunc="sum", fill_value=0)
    grid.columns = [str(c) for c in grid.columns]
    grid["total"] = grid.sum(axis=1)
    grid = grid.sort_values("total", ascending=False)
    fg.publish(fig, "enterprise_filings", data=grid,
               footnote=f"{fg.data_period(filings['month'].dt.to_timestamp())}；来源：涉企行政执法备案统计表",
               tables={"涉企执法备案": fg.Table(grid, headers={"department": "执法单位", "total": "合计（次）"})})
    show_markdown(
        f"{len(by_department)} 个区直执法部门全年备案涉企行政执法 **{fmt_int(by_department.sum())} 次**，"
        f"备案最多的是{by_department.index[-1]}（{fmt_int(by_department.iloc[-1])} 次）。"
    )

# %% [markdown]
# ## 6. 法制审核人员占比
#
# 报告要求明确法制审核机构和人员，相关人员占执法人员的比例达到底线（图中虚线）。
# 全区合计占比按“法制审核人员之和 ÷ 执法人员之和”计算，而非各单位比例的平均。

# %%
if fg.has_rows(staff, "执法人员与法制审核人员", ["enforcement_staff"]):
    table = staff.groupby("department")[["enforcement_staff", "legal_review_staff"]].sum()
    table = table[table["enforcement_staff"] > 0]
    table["share"] = (table["legal_review_staff"] / table["enforcement_staff"] * 100).round(2)
    table = table.sort_values("share")
    total_share = metrics.compute("legal_review_staff_share", PROCESSED).value  # 指标在包中统一定义
    fig, ax = fg.subplots(height=1.5 + 0.27 * len(table))
    colors = [fg.PALETTE[6] if s < LEGAL_REVIEW_FLOOR else fg.PALETTE[0] for s in table["share"]]
    bars = ax.barh(table.index, table["share"], color=colors)
    fg.bar_labels(ax, bars, labels=[f"{s:.1f}%（{r}/{e}人）" for s, r, e in zip(
        table["share"], table["legal_review_staff"], table["enforcement_staff"], strict=True)])
    ax.axvline(LEGAL_REVIEW_FLOOR, color=fg.PALETTE[6], linestyle="--", linewidth=1, label=f"底线 {LEGAL_REVIEW_FLOOR:g}%")
    ax.axvline(total_share, color=fg.PALETTE[2], linestyle=":", linewidth=1.5, label=f"全区合计 {total_share:.1f}%")
    fg.legend_outside(fig, ax)
    ax.set_xlabel("法制审核人员占执法人员比例（%）；红色条为低于底线的单位")
    ax.set_title("各执法单位法制审核人员占比")
    ax.margins(x=0.3)
    fg.value_grid(ax, "x")
    data = table.iloc[::-1]
    fg.publish(fig, "legal_review_share", data=data, footnote="来源：执法人员与法制审核人员统计表",
               tables={"法制审核人员占比": fg.Table(data, percent_cols=["share"])})
    below = table[table["share"] < LEGAL_REVIEW_FLOOR]
    show_markdown(
        f"全区执法人员 {fmt_int(table['enforcement_staff'].sum())} 人、法制审核人员 {fmt_int(table['legal_review_staff'].sum())} 人，"
        f"合计占比 **{total_share:.2f}%**。"
        + (f"低于底线的单位：{'、'.join(below.index)}。" if len(below) else "各单位均达到底线。")
    )

# %% [markdown]
# ## 7. 报告数字核对
#
# 本部分报告数字、原文表述、按表述规则判断的结果和数据来源文件。

# %%
check = fg.report_check(AREA, processed_dir=PROCESSED, year=year)
fg.show(check)
show_markdown(fg.report_check_summary(check))

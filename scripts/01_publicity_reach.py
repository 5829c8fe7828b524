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
# # 普法宣传：活动、材料与覆盖人群
#
# 本笔记本根据各成员单位报送的普法活动台账、新媒体作品登记表和法治副校长名册，回答三个问题：
#
# 1. 全年普法活动在时间、类型、对象、单位和街道上是怎样分布的；
# 2. 报告“构建全方位普法宣传体系”“强化未成年人保护”“筑牢公共安全法治屏障”中的数字是否有数据支撑；
# 3. 哪些人群、哪些街道覆盖偏少，下一年度普法可以往哪里补。
#
# 文中所有数字都由清洗后的数据现场计算，数据更新后重新运行即可。图表保存在
# `reports/<年度>/figures/publicity/`，表格保存在 `reports/<年度>/tables/publicity.xlsx`
# （<年度> 为报告年度，如 2025 年的图表在 `reports/2025/figures/publicity/`；下方第一段输出写明本次的文件夹）。

# %% tags=["parameters"]
# 参数：由 papermill / `python -m analysis run` 注入；None 表示项目默认（analysis.toml 的年度及该年度的文件夹）。
year = None  # 报告年度；None 表示 analysis.toml 中配置的年度
processed_dir = None  # 清洗结果文件夹，默认 data/processed/<年度>（相对路径按项目根目录）
out_dir = None  # 图表与表格输出文件夹，默认 reports/<年度>

# %%
# ruff: noqa: E402  (参数单元格在导入之前)
import pandas as pd
import seaborn as sns

from analysis import metrics
from analysis.report import figures as fg
from analysis.report.analysis_kit import (
    count_table,
    display_path,
    fmt_int,
    grouped_values,
    load_dataset,
    show_markdown,
    show_table,
    start_notebook,
    unstated_share,
)

SECTION = "publicity"
AREA = "publicity"

year, PROCESSED, OUT, FONT = start_notebook(SECTION, year, processed_dir, out_dir)

CATEGORY_ORDER = ["精准普法", "法律明白人培训", "专题活动", "反诈宣传", "送法进校园", "政策宣讲", "其他"]
REACH = {"events": ("title", "size"), "materials": ("materials", "sum"), "people_reached": ("people_reached", "sum")}


def in_category_order(categories):
    """活动类型按报告口径排序；口径外的类型按原顺序排在最后。"""
    categories = list(categories)
    return [c for c in CATEGORY_ORDER if c in categories] + [c for c in categories if c not in CATEGORY_ORDER]


events = load_dataset("publicity_events", PROCESSED)
videos = load_dataset("publicity_videos", PROCESSED)
principals = load_dataset("vice_principals", PROCESSED)
if len(events):
    events = events.copy()
    for column, missing in [("category", "未分类"), ("audience", "未注明"), ("street", "未注明")]:
        events[column] = events[column].fillna(missing).astype(str)
    events["month"] = events["event_date"].dt.to_period("M")
    # 图表按对象的标准名称归并（老人、老年群体 → 老年人，见 resources/vocabularies.csv）；
    # 数据中的“对象”保留各单位的原始写法。
    events["audience_group"] = grouped_values(events["audience"], "publicity_events", "audience")
PERIOD = fg.data_period(events["event_date"]) if len(events) else fg.data_period([])
SOURCE = "来源：各成员单位报送的普法活动台账（联合活动只计一次）"
print(f"{year} 年；数据文件夹：{display_path(PROCESSED)}；输出文件夹：{display_path(OUT)}；中文字体：{FONT}")

# %% [markdown]
# ## 1. 全年概况

# %%
if fg.has_rows(events, "普法活动台账"):
    joint = events["co_organizers"].notna() & events["co_organizers"].astype(str).str.strip().ne("")
    show_markdown(
        f"{PERIOD.replace('数据期间：', '')}，{events['department'].nunique()} 个单位共报送普法活动 "
        f"**{fmt_int(len(events))} 场**，发放宣传材料 **{fmt_int(events['materials'].sum())} 份**，"
        f"覆盖群众 **{fmt_int(events['people_reached'].sum())} 人次**；其中多部门联合开展的活动 "
        f"{fmt_int(joint.sum())} 场，已按一场计算，联合单位另行记录。"
    )

# %% [markdown]
# ## 2. 按月分布
#
# 普法活动通常集中在几个宣传节点（国家安全教育日、民法典宣传月、宪法宣传周等）。上图为每月活动场次，
# 下图为每月覆盖人次；空白月份说明当月没有报送活动。

# %%
if fg.has_rows(events, "按月分布", ["event_date"]):
    dated = events.dropna(subset=["month"])
    months = fg.report_months(dated["month"], year, to_december=True)
    monthly = dated.groupby("month").agg(**REACH).reindex(months, fill_value=0)
    monthly.index.name = "month"
    labels = fg.month_labels(months, suffix="月")
    fig, (ax1, ax2) = fg.subplots(2, 1, height=4.2, sharex=True)
    fg.bar_labels(ax1, ax1.bar(labels, monthly["events"], color=fg.PALETTE[0]))
    ax1.set_ylabel("活动（场）")
    ax1.set_title(f"{year}年普法活动按月分布")
    fg.bar_labels(ax2, ax2.bar(labels, monthly["people_reached"], color=fg.PALETTE[1]))
    ax2.set_ylabel("覆盖人数（人次）")
    ax2.set_xlabel("月份")
    for ax in (ax1, ax2):
        ax.margins(y=0.18)
        fg.value_grid(ax, "y", integer=True)
    if fg.spans_years(months):
        ax2.tick_params(axis="x", rotation=90)
    table = monthly.reset_index().assign(month=lambda d: d["month"].astype(str))
    fg.publish(fig, "activities_by_month", data=table, footnote=f"{PERIOD}；{SOURCE}", tables={"按月分布": table})
    busiest = monthly["events"].idxmax()
    empty = [f"{p.month}月" for p in monthly.index if monthly.loc[p, "events"] == 0 and p.year == int(year)]
    show_markdown(
        f"活动最多的是 {busiest.year}年{busiest.month}月（{fmt_int(monthly.loc[busiest, 'events'])} 场）。"
        + (f"没有报送活动的月份：{'、'.join(empty)}。" if empty else "全年每个月都有活动报送。")
    )

# %% [markdown]
# ## 3. 按活动类型
#
# 活动类型按报告的口径归类：精准普法、“法律明白人”培训、专题活动、反诈宣传、送法进校园、政策宣讲和其他。

# %%
if fg.has_rows(events, "按活动类型"):
    by_category = events.groupby("category").agg(**REACH)
    by_category = by_category.reindex(in_category_order(sorted(by_category.index)))
    by_category["people_per_event"] = (by_category["people_reached"] / by_category["events"]).round(1)
    by_category.index.name = "category"
    fig, axes = fg.subplots(1, 3, height=2.9, sharey=True)
    colors = fg.colors_for(by_category.index)
    panels = [("events", "活动（场）"), ("materials", "发放材料（份）"), ("people_reached", "覆盖人数（人次）")]
    for ax, (column, title) in zip(axes, panels, strict=True):
        bars = ax.barh(by_category.index, by_category[column], color=colors)
        fg.bar_labels(ax, bars)
        ax.set_title(title)
        ax.margins(x=0.35)
        fg.value_grid(ax, "x", integer=True, nbins=3)
    axes[0].invert_yaxis()  # 纵轴共享：翻转一次即可，按类型顺序自上而下
    fig.suptitle("普法活动按类型统计")
    fg.publish(fig, "activities_by_category", data=by_category, footnote=f"{PERIOD}；{SOURCE}",
               tables={"按活动类型": by_category})
    fg.show(by_category)

# %% [markdown]
# ## 4. 精准普法与报告数字
#
# 报告称“围绕重要时间节点和不同群体需求开展精准普法活动”。下图把精准普法的场次、材料和覆盖人数（柱）与报告中的
# 数字（虚线）对照，标题为报告原文；“余”表示实际数应略多于报告数字，但不到下一个档位。

# %%
precision = fg.report_check(AREA, processed_dir=PROCESSED, year=year, name=None)
if len(precision):
    precision = precision[precision["metric"].astype(str).str.startswith("precision_")]
if fg.has_rows(precision, "精准普法与报告数字", ["value"]):
    fg.show(precision)
    fig, axes = fg.subplots(1, len(precision), height=2.6)
    axes = list(axes) if len(precision) > 1 else [axes]
    for ax, (_, row) in zip(axes, precision.iterrows(), strict=True):
        value = float(row["value"]) if pd.notna(row["value"]) else 0.0
        claimed = float(row["claimed"])
        ax.bar([row["label"]], [value], color=fg.color_for("精准普法"), width=0.5)
        ax.bar_label(ax.containers[0], labels=[f"数据：{value:,.0f}"], label_type="center", color="white",
                     fontsize=fg.SMALL_FONT_PT)
        ax.axhline(claimed, color=fg.PALETTE[6], linestyle="--", linewidth=1)
        ax.text(0.5, max(value, claimed), f"报告：{claimed:,.0f}", color=fg.PALETTE[6], fontsize=fg.SMALL_FONT_PT,
                ha="center", va="bottom", transform=ax.get_yaxis_transform())
        verdict = "相符" if row["holds"] else "不相符"
        ax.set_title(f"“{row['snippet']}”\n{verdict}", fontsize=fg.SMALL_FONT_PT + 0.5)
        ax.set_ylim(0, max(value, claimed) * 1.3 or 1)
        ax.set_ylabel(f"单位：{row['unit']}")
        fg.value_grid(ax, "y", integer=True, nbins=4)
    fig.suptitle("精准普法：数据与报告数字对照")
    fg.publish(fig, "precision_vs_report", data=precision, footnote=f"{PERIOD}；{SOURCE}；虚线为报告中的数字")
if fg.has_rows(events, "精准普法活动"):
    precise = metrics.select_rows("precision_events", events)
    themes = precise["theme"].dropna()
    if themes.nunique() > 1:
        by_theme = precise.assign(theme=precise["theme"].fillna("未注明主题").astype(str)).groupby("theme").agg(**REACH)
        show_markdown("精准普法活动按宣传主题：")
        show_table(by_theme.sort_values("events", ascending=False), "精准普法按主题", {"theme": "宣传主题"})
    else:
        show_markdown("精准普法台账大多没有填写宣传主题，暂无法按主题分析；建议在台账模板中增加“宣传主题”一栏。")


# %% [markdown]
# ## 5. 按对象：谁被覆盖到了
#
# “场均覆盖人数”反映单场活动的规模：场次多而场均人数少，往往是小范围的入户、入企宣讲；场次少而人数多，多为集中宣传。

# %%
if fg.has_rows(events, "按对象"):
    by_audience = events.groupby("audience_group").agg(**REACH).sort_values("people_reached", ascending=False)
    total_people = by_audience["people_reached"].sum()
    by_audience["people_per_event"] = (by_audience["people_reached"] / by_audience["events"]).round(1)
    by_audience["share"] = (by_audience["people_reached"] / total_people * 100).round(1) if total_people else 0.0
    by_audience.index.name = "audience"
    fig, (ax1, ax2) = fg.subplots(1, 2, height=1.4 + 0.3 * len(by_audience), sharey=True)
    fg.bar_labels(ax1, ax1.barh(by_audience.index, by_audience["people_reached"], color=fg.PALETTE[0]))
    ax1.invert_yaxis()
    ax1.set_xlabel("覆盖人数（人次）")
    ax1.margins(x=0.25)
    fg.bar_labels(ax2, ax2.barh(by_audience.index, by_audience["people_per_event"], color=fg.PALETTE[5]))
    ax2.set_xlabel("场均覆盖人数（人次/场）")
    ax2.margins(x=0.25)
    fg.value_grid(ax1, "x", integer=True)
    fg.value_grid(ax2, "x")
    fig.suptitle("普法活动按对象的覆盖人数与单场规模")
    fg.publish(fig, "reach_by_audience", data=by_audience,
               footnote=f"{PERIOD}；{SOURCE}；对象的不同写法按标准名称归并（如老人、老年群体计入老年人）",
               tables={"按对象": fg.Table(by_audience, percent_cols=["share"])})

# %% [markdown]
# ### 单场活动规模的分布
#
# 每个点是一场活动；箱体为中间一半活动的覆盖人数范围。单场人数相差悬殊（几十人的小型宣讲与上万人的集中宣传并存），
# 横轴采用对数刻度；未填写覆盖人数的活动不在图中。

# %%
reached = events[events["people_reached"] > 0] if len(events) else events
if fg.has_rows(reached, "单场活动规模"):
    present = in_category_order(sorted(set(reached["category"])))
    fig, ax = fg.subplots(height=3.2)
    palette = {c: fg.color_for(c, i) for i, c in enumerate(present)}
    layout = {"data": reached, "y": "category", "x": "people_reached", "order": present, "hue": "category",
              "palette": palette, "legend": False, "ax": ax}
    sns.boxplot(**layout, showfliers=False, boxprops={"alpha": 0.35})
    sns.stripplot(**layout, size=3)
    ax.set_xlabel("单场覆盖人数（人次）")
    ax.set_ylabel("")
    ax.set_title("各类普法活动的单场覆盖人数（对数刻度）")
    fg.value_grid(ax, "x", log=True)
    skipped = len(events) - len(reached)
    spread = reached.groupby("category")["people_reached"].describe()[["count", "min", "50%", "mean", "max"]]
    spread = spread.reindex(present).rename(columns={"count": "events", "50%": "median"}).round(1)
    spread.index.name = "category"
    fg.publish(fig, "reach_per_activity", data=spread,
               footnote=f"{PERIOD}；{SOURCE}" + (f"；另有{skipped}场未填覆盖人数" if skipped else ""))

# %% [markdown]
# ## 6. 按单位与街道

# %%
if fg.has_rows(events, "按报送单位"):
    by_department = count_table(events, "department", "category", "title")
    by_department = by_department[in_category_order(by_department.columns)]
    by_department = by_department.loc[by_department.sum(axis=1).sort_values(ascending=True).index]
    fig, ax = fg.subplots(height=1.4 + 0.3 * len(by_department))
    left = fg.stacked_bars(ax, by_department, horizontal=True, colors=fg.colors_for(by_department.columns), totals=" {:,}")
    ax.set_xlabel("活动（场）")
    ax.set_title("各单位报送的普法活动场次（按类型）")
    fg.legend_outside(fig, ax)
    ax.margins(x=0.1)
    fg.value_grid(ax, "x", integer=True)
    data = by_department.iloc[::-1].assign(total=left.iloc[::-1])
    fg.publish(fig, "activities_by_department", data=data, footnote=f"{PERIOD}；{SOURCE}；联合活动计入牵头报送单位",
               tables={"按单位": fg.Table(data, headers={"total": "合计（场）"})})

# %%
if fg.has_rows(events, "按街道"):
    by_street = events.groupby("street").agg(events=("title", "size"), people_reached=("people_reached", "sum"))
    by_street = by_street.sort_values("people_reached", ascending=False)
    by_street["people_per_event"] = (by_street["people_reached"] / by_street["events"]).round(1)
    by_street.index.name = "street"
    fig, ax = fg.subplots(height=1.4 + 0.3 * len(by_street))
    bars = ax.barh(by_street.index, by_street["people_reached"], color=fg.PALETTE[2])
    fg.bar_labels(ax, bars, labels=[f"{p:,.0f}（{c}场）" for p, c in zip(by_street["people_reached"], by_street["events"],
                                                                     strict=True)])
    ax.invert_yaxis()
    ax.margins(x=0.25)
    fg.value_grid(ax, "x", integer=True)
    ax.set_xlabel("覆盖人数（人次）")
    ax.set_title("各街道普法活动覆盖人数（括号内为场次）")
    fg.publish(fig, "reach_by_street", data=by_street, footnote=f"{PERIOD}；{SOURCE}；“未注明”为台账未填写街道",
               tables={"按街道": by_street})
    unassigned = int((events["street"] == "未注明").sum())
    if unassigned:
        top = events.loc[events["street"] == "未注明", "category"].value_counts()
        show_markdown(
            f"有 {fmt_int(unassigned)} 场活动（占 {unassigned / len(events) * 100:.0f}%）台账未填写所属街道，"
            f"其中以{top.index[0]}居多（{fmt_int(top.iloc[0])} 场）；街道间的比较只反映已填写街道的活动，"
            "建议台账统一增加“所属街道”一栏。"
        )

    grid = count_table(events, "street", "category", "title")
    grid = grid[in_category_order(grid.columns)].reindex(by_street.index)
    fig, ax = fg.subplots(height=1.4 + 0.3 * len(grid))
    fg.heatmap(grid.where(grid > 0), ax, label="活动（场）")
    ax.set_xlabel("活动类型")
    ax.set_ylabel("街道")
    fg.slant_xticks(ax, 30)
    ax.set_title("街道 × 活动类型（空白即没有开展过该类活动）")
    fg.publish(fig, "street_by_category", data=grid, footnote=f"{PERIOD}；{SOURCE}")

# %% [markdown]
# ## 7. 新媒体普法：“西市司法”等账号的作品与播放量

# %%
if fg.has_rows(videos, "新媒体普法作品", ["publish_date"]):
    videos = videos.copy()
    videos["account"] = videos["account"].fillna("未注明").astype(str)
    videos["channel"] = videos["platform"].astype(str) + "·" + videos["account"]
    videos["month"] = videos["publish_date"].dt.to_period("M")
    by_channel = videos.groupby(["platform", "account"]).agg(videos=("title", "size"), views=("views", "sum"),
                                                             likes=("likes", "sum"), shares=("shares", "sum"))
    show_table(by_channel.sort_values("videos", ascending=False), "新媒体账号", {})
    dated = videos.dropna(subset=["month"])
    months = fg.report_months(dated["month"], year, to_december=True)
    counts = count_table(dated, "month", "channel", "title").reindex(months, fill_value=0)
    views = dated.groupby("month")["views"].sum().reindex(months)  # 无作品的月份不画点
    labels = fg.month_labels(months, suffix="月")
    fig, (ax1, ax2) = fg.subplots(2, 1, height=4.2, sharex=True)
    fg.stacked_bars(ax1, counts, positions=labels)
    ax1.set_ylabel("作品（条）")
    ax1.set_title("新媒体普法作品的月度发布量与播放量")
    fg.legend_outside(fig, ax1)
    fg.value_grid(ax1, "y", integer=True)
    fg.value_grid(ax2, "y")
    ax2.plot(labels, (views / 10000).to_numpy(dtype=float), marker="o", color=fg.PALETTE[1])
    ax2.set_ylabel("播放量（万次）")
    ax2.set_xlabel("月份")
    ax2.set_ylim(bottom=0)
    data = counts.assign(views=views.values)
    data.index = data.index.astype(str)
    data.index.name = "month"
    fg.publish(fig, "videos_by_month", data=data, footnote=f"{fg.data_period(videos['publish_date'])}；来源：新媒体普法作品登记表")
    douyin = metrics.select_rows("douyin_videos", videos)
    if len(douyin):
        show_markdown(
            f"“西市司法”抖音号共发布普法短视频 **{fmt_int(len(douyin))} 条**，累计播放 {fmt_int(douyin['views'].sum())} 次，"
            f"单条播放量中位数 {fmt_int(douyin['views'].median())} 次。"
        )
    top = videos.nlargest(5, "views")[["publish_date", "platform", "account", "title", "views", "likes"]]
    fg.show(top, {"publish_date": "发布日期", "title": "作品标题"})

# %% [markdown]
# ## 8. 未成年人保护：送法进校园与法治副校长

# %%
if fg.has_rows(events, "送法进校园"):
    school = metrics.select_rows("school_events", events)
    if fg.has_rows(school, "送法进校园活动"):
        by_department = school.groupby("department").agg(events=("title", "size"), people_reached=("people_reached", "sum"))
        by_department = by_department.sort_values("events", ascending=False)
        show_markdown(
            f"送法进校园活动 **{fmt_int(len(school))} 次**，受教学生 **{fmt_int(school['people_reached'].sum())} 人次**，"
            f"由 {len(by_department)} 个单位开展。"
        )
        show_table(by_department, "送法进校园", {})
if fg.has_rows(principals, "法治副校长名册", ["school"]):
    per_school = principals.groupby("school").size()
    by_employer = principals.groupby("employer")["person_key"].nunique().sort_values(ascending=True).rename("persons")
    fig, (ax1, ax2) = fg.subplots(1, 2, height=2.8, width_ratios=[1, 1.6])
    distribution = per_school.value_counts().sort_index()
    fg.bar_labels(ax1, ax1.bar([f"{k}名" for k in distribution.index], distribution.values, color=fg.PALETTE[5]))
    ax1.set_xlabel("每校配备法治副校长")
    ax1.set_ylabel("学校（所）")
    ax1.margins(y=0.2)
    fg.value_grid(ax1, "y", integer=True)
    fg.bar_labels(ax2, ax2.barh(by_employer.index, by_employer.values, color=fg.PALETTE[0]))
    ax2.set_xlabel("担任法治副校长（人）")
    ax2.margins(x=0.2)
    fg.value_grid(ax2, "x", integer=True)
    fig.suptitle("法治副校长配备情况")
    data = pd.concat([distribution.rename("schools").rename_axis("per_school").reset_index().assign(group="每校人数"),
                      by_employer.rename_axis("employer").reset_index().assign(group="派出单位")], ignore_index=True)
    fg.publish(fig, "vice_principals", data=data, footnote="来源：法治副校长名册（人员以不可逆编码计数，不含姓名）")
    show_markdown(
        f"名册共 {fmt_int(per_school.size)} 所学校、{fmt_int(principals['person_key'].nunique())} 名法治副校长；"
        f"每校最少 {fmt_int(per_school.min())} 名、最多 {fmt_int(per_school.max())} 名。"
    )

# %% [markdown]
# ## 9. 反诈宣传与退役军人政策宣讲

# %%
if fg.has_rows(events, "反诈宣传与政策宣讲"):
    # 与报告数字同一口径：metrics.yaml 中“反诈宣传活动”“退役军人政策宣讲”所选的活动
    columns = ["event_date", "title", "department", "audience", "street", "materials", "people_reached"]
    antifraud = metrics.select_rows("antifraud_events", events).sort_values("event_date")[columns]
    veterans = metrics.select_rows("veteran_briefings", events).sort_values("event_date")[columns]
    for label, frame, sheet in [("反诈宣传", antifraud, "反诈宣传"), ("退役军人政策宣讲", veterans, "退役军人政策宣讲")]:
        if fg.has_rows(frame, label):
            show_markdown(
                f"**{label}**：{fmt_int(len(frame))} 场，发放资料 {fmt_int(frame['materials'].sum())} 份，"
                f"覆盖 {fmt_int(frame['people_reached'].sum())} 人次。"
            )
            show_table(frame.assign(event_date=frame["event_date"].dt.date), sheet, {"event_date": "活动日期", "title": "活动名称"})

# %% [markdown]
# ## 10. 覆盖薄弱的人群与街道
#
# 报告在“存在的问题”中提到普法“与群众需求匹配度不高”。下面从数据上找覆盖偏少的地方：
# 覆盖人次占比不足 5% 的对象，以及活动场次不足各街道平均数一半的街道（没有活动的月份见第 2 部分）。

# %%
if fg.has_rows(events, "覆盖薄弱分析"):
    total = events["people_reached"].sum()
    audience = events[events["audience_group"] != "未注明"].groupby("audience_group").agg(
        events=("title", "size"), people_reached=("people_reached", "sum"))
    audience["share"] = audience["people_reached"] / total * 100 if total else 0.0
    thin_audience = audience[audience["share"] < 5].sort_values("share")
    street = events[events["street"] != "未注明"].groupby("street").agg(events=("title", "size"),
                                                                      people_reached=("people_reached", "sum"))
    thin_street = street[street["events"] < street["events"].mean() / 2] if len(street) else street
    unstated, unstated_part = unstated_share(events["street"])
    rows = [{"kind": "对象", "group": name, "events": int(r.events), "people_reached": int(r.people_reached),
             "share": round(r.share, 1)} for name, r in thin_audience.iterrows()]
    rows += [{"kind": "街道", "group": name, "events": int(r.events), "people_reached": int(r.people_reached),
              "share": round(r.people_reached / total * 100, 1) if total else 0.0} for name, r in thin_street.iterrows()]
    thin = pd.DataFrame(rows, columns=["kind", "group", "events", "people_reached", "share"])
    if len(thin):
        show_table(thin, "覆盖薄弱", {"kind": "维度", "group": "对象或街道"}, percent_cols=["share"])
        show_markdown(
            "覆盖偏少的对象："
            + ("、".join(thin_audience.index) if len(thin_audience) else "无")
            + "；活动偏少的街道："
            + ("、".join(thin_street.index) if len(thin_street) else "无")
            + "。这些群体和地区可作为下一年度精准普法的重点。"
            + (f"需要注意：{fmt_int(len(events))} 场活动中有 **{fmt_int(unstated)} 场（{unstated_part:.0%}）"
               "未注明街道**，街道间的比较只反映已填写街道的活动，活动偏少的街道未必真少。"
               if unstated_part >= 0.2 else "")
        )
    else:
        show_markdown("按上述标准，没有发现明显覆盖薄弱的对象或街道。")

# %% [markdown]
# ## 11. 报告数字核对
#
# 报告中本部分的每个数字、它的原文表述、按表述规则（如“余”“超”“以上”）判断是否与数据相符，以及数据来源文件。

# %%
check = fg.report_check(AREA, processed_dir=PROCESSED, year=year)
fg.show(check)
show_markdown(fg.report_check_summary(check))

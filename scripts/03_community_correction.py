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
# # 社区矫正与安置帮教
#
# 报告“筑牢公共安全法治屏障”一段写到社区矫正对象的法治教育、心理服务，以及刑满释放人员的衔接、安置、帮教和
# 重新违法犯罪情况。本笔记本依据各司法所报送的法治教育记录、心理服务记录和安置帮教名册：
#
# 1. 按季度和司法所看法治教育的场次、参加人数和达标率；
# 2. 按服务类型和月份看心理服务，并区分“人次”和“人数”（同一人多次接受服务只算一人）；
# 3. 把安置帮教名册画成“释放—衔接—安置—帮教”的漏斗，给出各环节比率和重新违法犯罪率。
#
# 名册中的人员只以不可逆的编码（person_key）出现，图表和表格中没有姓名、身份证号或电话。所有数字均由数据计算。

# %% tags=["parameters"]
# 参数：由 papermill / `python -m analysis run` 注入；None 表示项目默认（analysis.toml 的年度及该年度的文件夹）。
year = None  # 报告年度；None 表示 analysis.toml 中配置的年度
processed_dir = None  # 清洗结果文件夹，默认 data/processed/<年度>（相对路径按项目根目录）
out_dir = None  # 图表与表格输出文件夹，默认 reports/<年度>

# %%
# ruff: noqa: E402  (参数单元格在导入之前)
import pandas as pd

from analysis import metrics
from analysis.report import figures as fg
from analysis.report.analysis_kit import (
    compute_rate,
    count_table,
    display_path,
    fmt_int,
    load_dataset,
    pct,
    show_markdown,
    start_notebook,
)

SECTION = "correction"
AREA = "correction"

year, PROCESSED, OUT, FONT = start_notebook(SECTION, year, processed_dir, out_dir)


education = load_dataset("correction_education", PROCESSED)
psych = load_dataset("psych_services", PROCESSED)
resettlement = load_dataset("resettlement", PROCESSED)
print(f"{year} 年；数据文件夹：{display_path(PROCESSED)}；中文字体：{FONT}")

# %% [markdown]
# ## 1. 社区矫正法治教育
#
# 达标率 = 考核达标人数之和 ÷ 参加人数之和。左图为各季度的教育场次和达标率，右图为各司法所的场次、参加人次和达标率。

# %%
if fg.has_rows(education, "社区矫正法治教育", ["session_date"]):
    education = education.copy()
    education["passed"] = education["passed"].fillna(0)  # 未填达标人数的按0计
    education["venue"] = education["venue"].fillna("未注明").astype(str)
    education["quarter"] = education["session_date"].dt.to_period("Q")
    period = fg.data_period(education["session_date"])

    def summarise(frame, by):
        out = frame.groupby(by).agg(sessions=("topic", "size"), attendees=("attendees", "sum"), passed=("passed", "sum"))
        return out.assign(pass_rate=compute_rate(out["passed"], out["attendees"]))

    quarterly = summarise(education.dropna(subset=["quarter"]), "quarter")
    quarterly.index = [f"{q.year}年第{q.quarter}季度" for q in quarterly.index]
    quarterly.index.name = "quarter"
    by_venue = summarise(education, "venue").sort_values("sessions", ascending=False)
    by_venue.index.name = "venue"

    fig, (ax1, ax2) = fg.subplots(1, 2, height=3.0, width_ratios=[1, 1.4])
    short = [q.split("年")[1] for q in quarterly.index]
    bars = ax1.bar(short, quarterly["sessions"], color=fg.PALETTE[0])
    fg.bar_labels(ax1, bars, labels=[f"{c}场\n{r:.1f}%" for c, r in zip(quarterly["sessions"], quarterly["pass_rate"], strict=True)])
    years = sorted({q.split("年")[0] for q in quarterly.index})
    ax1.set_xlabel(f"{'、'.join(years)}年；柱上为场次与达标率")
    ax1.tick_params(axis="x", labelsize=fg.SMALL_FONT_PT)
    ax1.set_ylabel("教育（场）")
    ax1.margins(y=0.35)
    ax1.set_title("按季度")
    fg.value_grid(ax1, "y", integer=True)
    bars = ax2.barh(by_venue.index, by_venue["sessions"], color=fg.PALETTE[0])
    fg.bar_labels(ax2, bars, labels=[f"{c}场·{a}人次·达标{r:.1f}%" for c, a, r in zip(
        by_venue["sessions"], by_venue["attendees"], by_venue["pass_rate"], strict=True)])
    ax2.invert_yaxis()
    ax2.set_xlabel("教育（场）")
    ax2.set_title("按司法所")
    ax2.margins(x=0.9)
    fg.value_grid(ax2, "x", integer=True)
    fig.suptitle("社区矫正法治教育场次与达标率")
    data = pd.concat([quarterly.assign(group="季度"), by_venue.assign(group="司法所")])
    data.index.name = "group_value"
    fg.publish(fig, "education_by_quarter_and_venue", data=data, footnote=f"{period}；来源：各司法所社区矫正法治教育记录",
               tables={"法治教育按季度": fg.Table(quarterly, percent_cols=["pass_rate"]),
                       "法治教育按司法所": fg.Table(by_venue, percent_cols=["pass_rate"])})
    total_rate = pct(education["passed"].sum(), education["attendees"].sum())
    show_markdown(
        f"全年开展社区矫正法治教育 **{fmt_int(len(education))} 场**，参加 {fmt_int(education['attendees'].sum())} 人次，"
        f"考核达标 {fmt_int(education['passed'].sum())} 人次，达标率 **{total_rate:.2f}%**；"
        f"各季度达标率在 {quarterly['pass_rate'].min():.1f}%–{quarterly['pass_rate'].max():.1f}% 之间。"
    )

# %% [markdown]
# ## 2. 心理服务
#
# 报告以“人次”计心理服务的覆盖面。同一矫正对象一年内可能接受测评、咨询、辅导多次，因此下面同时给出按 person_key
# 去重后的“人数”，两者之比即人均接受服务的次数。

# %%
if fg.has_rows(psych, "心理服务", ["service_date"]):
    psych = psych.copy()
    psych["service_type"] = psych["service_type"].fillna("未注明").astype(str)
    psych["month"] = psych["service_date"].dt.to_period("M")
    dated = psych.dropna(subset=["month"])
    months = fg.report_months(dated["month"], year, to_december=True)
    by_type = psych.groupby("service_type").agg(person_times=("service_date", "size"), persons=("person_key", "nunique"))
    by_type = by_type.sort_values("person_times", ascending=False)
    by_type["times_per_person"] = (by_type["person_times"] / by_type["persons"]).round(2)
    by_type.index.name = "service_type"
    monthly = count_table(dated, "month", "service_type", "service_date").reindex(months, fill_value=0)
    monthly = monthly[[c for c in by_type.index if c in monthly.columns]]

    fig, (ax1, ax2) = fg.subplots(1, 2, height=3.2, width_ratios=[1.7, 1])
    fg.stacked_bars(ax1, monthly, positions=fg.month_labels(months))
    ax1.set_ylabel("服务（人次）")
    ax1.set_xlabel(fg.month_axis_label(months))
    ax1.set_title("按月份与服务类型")
    ax1.tick_params(axis="x", rotation=90 if fg.spans_years(months) else 0)
    fg.value_grid(ax1, "y", integer=True)
    positions = range(len(by_type))
    ax2.barh([p - 0.2 for p in positions], by_type["person_times"], height=0.4, label="人次", color=fg.PALETTE[7])
    ax2.barh([p + 0.2 for p in positions], by_type["persons"], height=0.4, label="人数（去重）", color="#BFBFBF")
    ax2.set_yticks(list(positions), by_type.index)
    ax2.invert_yaxis()
    ax2.set_xlabel("人次 / 人数")
    ax2.set_title("人次与人数（按类型）")
    fg.value_grid(ax2, "x", integer=True, nbins=4)
    fg.legend_outside(fig, [ax1, ax2])
    fig.suptitle("社区矫正对象心理服务")
    data = monthly.copy()
    data.index = data.index.astype(str)
    data.index.name = "month"
    chart_data = pd.concat([data.reset_index().assign(group="按月人次"), by_type.reset_index().assign(group="按类型")],
                           ignore_index=True)
    fg.publish(fig, "psych_services", data=chart_data,
               footnote=f"{fg.data_period(psych['service_date'])}；来源：心理服务记录（人数按 person_key 去重）",
               tables={"心理服务按类型": fg.Table(by_type, headers={"times_per_person": "人均次数"}), "心理服务按月": data})
    persons = psych["person_key"].nunique()
    show_markdown(
        f"全年心理服务 **{fmt_int(len(psych))} 人次**，服务对象 {fmt_int(persons)} 人，人均 {len(psych) / persons:.1f} 次；"
        f"最常见的服务是{by_type.index[0]}（{fmt_int(by_type['person_times'].iloc[0])} 人次）。"
        if persons
        else f"全年心理服务 {fmt_int(len(psych))} 人次，但记录中没有可识别的服务对象编码。"
    )

# %% [markdown]
# ## 3. 安置帮教：从释放到帮教
#
# 漏斗的每一层都以名册中的全部刑满释放人员为分母（与报告的口径一致）：衔接率 = 已衔接 ÷ 名册人数，
# 安置率、帮教率同理；重新违法犯罪率 = 重新违法犯罪人数 ÷ 名册人数。

# %%
if fg.has_rows(resettlement, "安置帮教名册", ["person_key"]):
    roster = resettlement
    # 各环节的人数和比率都取自包中统一定义的指标（analysis.metrics），与报告数字核对表同一口径。
    STAGES = {"resettlement_handover_rate": "not_handed_over", "resettlement_placement_rate": "not_placed",
              "resettlement_assistance_rate": "not_assisted"}
    rates = {name: metrics.compute(name, PROCESSED) for name in [*STAGES, "reoffending_rate"]}
    released = int(rates["resettlement_handover_rate"].denominator)
    steps = [
        ("刑满释放（名册）", released),
        ("已衔接", int(rates["resettlement_handover_rate"].numerator)),
        ("已安置", int(rates["resettlement_placement_rate"].numerator)),
        ("已帮教", int(rates["resettlement_assistance_rate"].numerator)),
    ]
    funnel = pd.DataFrame(steps, columns=["stage", "persons"])
    funnel["share"] = (funnel["persons"] / released * 100).round(2)
    reoffended = int(rates["reoffending_rate"].numerator)
    fig, ax = fg.subplots(height=2.6)
    widths = funnel["persons"]
    colors = [fg.PALETTE[7], fg.PALETTE[0], fg.PALETTE[5], fg.PALETTE[2]]
    ax.barh(funnel["stage"], widths, left=(released - widths) / 2, color=colors, height=0.7)
    for y, (persons, share) in enumerate(zip(funnel["persons"], funnel["share"], strict=True)):
        ax.text(released / 2, y, f"{persons}人（{share:.1f}%）", ha="center", va="center", color="white",
                fontsize=fg.BASE_FONT_PT)
    ax.invert_yaxis()
    ax.set_xticks([])
    ax.spines[["bottom", "left"]].set_visible(False)
    ax.grid(False)
    ax.set_title(f"安置帮教漏斗（重新违法犯罪{reoffended}人，占{pct(reoffended, released):.1f}%）")
    release_period = fg.data_period(roster["release_date"], prefix="释放时间：") if "release_date" in roster else ""
    data = pd.concat([funnel, pd.DataFrame([{"stage": "重新违法犯罪", "persons": reoffended,
                                             "share": round(pct(reoffended, released), 2)}])], ignore_index=True)
    fg.publish(fig, "resettlement_funnel", data=data,
               footnote=f"{release_period}；来源：安置帮教名册（百分比均以名册人数为分母）",
               tables={"安置帮教": fg.Table(data, headers={"stage": "环节", "persons": "人数"},
                                            percent_cols=["share"])})
    # 哪些人尚未完成某一环节：与各环节比率的分子同一口径（metrics.share_flags）
    missing = pd.DataFrame({column: ~metrics.share_flags(name, roster)[1] for name, column in STAGES.items()})
    gaps = roster[missing.any(axis=1)]
    show_markdown(
        f"名册共 {fmt_int(released)} 人：衔接率 **{rates['resettlement_handover_rate'].value:.1f}%**，"
        f"安置率 **{rates['resettlement_placement_rate'].value:.1f}%**，"
        f"帮教率 **{rates['resettlement_assistance_rate'].value:.1f}%**，"
        f"重新违法犯罪率 **{rates['reoffending_rate'].value:.2f}%**。"
        + (f"尚未完成全部环节的有 {fmt_int(len(gaps))} 人，按司法所跟进。" if len(gaps) else "每个人都已完成全部环节。")
    )
    if len(gaps):
        pending = gaps[["department"]].join(missing).groupby("department")[list(STAGES.values())].sum()
        fg.show(pending, {"not_handed_over": "未衔接", "not_placed": "未安置", "not_assisted": "未帮教"})
        fg.save_table(pending, "待跟进", headers={"department": "报送单位", "not_handed_over": "未衔接（人）",
                                               "not_placed": "未安置（人）", "not_assisted": "未帮教（人）"})

# %% [markdown]
# ## 4. 报告数字核对
#
# 本部分报告数字、原文表述、按表述规则判断的结果和数据来源文件。

# %%
check = fg.report_check(AREA, processed_dir=PROCESSED, year=year)
fg.show(check)
show_markdown(fg.report_check_summary(check))

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
# # 公共法律服务：法律援助、法律咨询与“一院式”平台
#
# 报告“推进公共法律服务普惠”一段写到“一院式”矛盾纠纷化解服务平台受理和办结的群众诉求、法律援助案件及其同比
# 增长、法律咨询、农民工讨薪和妇女儿童维权案件，以及群众满意度。本笔记本依据法律援助中心的案件登记表（本年和
# 上年）、法律咨询来访登记和12348热线、网络平台的咨询量统计，以及“一院式”平台的诉求登记表：
#
# 1. 把法律援助案件按案件类型、受援人类别和月份与上年逐项比较——同比增长以两年的件数对照呈现，而不只是一个百分比；
# 2. 看农民工讨薪案件的件数、办结和追回的欠薪；
# 3. 看法律咨询按渠道和月份的分布；
# 4. 看“一院式”平台受理和办结的诉求；
# 5. 逐项核对报告中的数字。
#
# 上年的数字读自上年的清洗结果（`data/processed/<上年>/`）；没有上年数据时，同比部分写明“上年数据缺失”。
# 受援人只以不可逆编码计数，不出现姓名和身份证号。所有数字均由数据计算。

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
    compute_rate,
    display_path,
    fmt_int,
    metric_reader,
    pct,
    show_markdown,
    show_table,
    start_notebook,
)
from analysis.resources import load_metric_definitions

SECTION = "services"
AREA = "services"

year, PROCESSED, OUT, FONT = start_notebook(SECTION, year, processed_dir, out_dir)
PREVIOUS_DIR = metrics.previous_processed_dir(PROCESSED, year)
metric = metric_reader(PROCESSED)
previous_metric = metric_reader(PREVIOUS_DIR)  # the same metrics on last year's processed data


def change_text(this, last):
    """'多29件，增长12.0%' from two counts."""
    if not last:
        return "上年为0，无法计算增幅"
    diff = this - last
    return f"{'多' if diff >= 0 else '少'}{fmt_int(abs(diff))}件，{'增长' if diff >= 0 else '下降'}{abs(pct(diff, last)):.1f}%"


def prepare_aid(frame):
    frame = frame.copy()
    frame["month"] = frame["accepted_date"].dt.month
    frame["case_type"] = frame["case_type"].fillna("未注明").astype(str)
    frame["groups"] = frame["groups"].fillna("其他").astype(str)
    return frame


def explode_groups(frame):
    """One row per case and 受援人类别 (a case of a woman migrant worker counts under both)."""
    return frame.assign(group=frame["groups"].str.split(";")).explode("group")


# 法律援助：本年受理的案件即“受理法律援助案件”指标所计的行；上年同样从上年的清洗结果取
aid_metric = metric("legal_aid_cases")
aid = prepare_aid(aid_metric.rows) if len(aid_metric.rows) else aid_metric.rows
aid_yoy = metric("legal_aid_cases_yoy")
women_yoy = metric("women_children_cases_yoy")
previous = previous_metric("legal_aid_cases")
previous_year = year - 1
HAVE_PREVIOUS = aid_yoy.value is not None and len(previous.rows) > 0
aid_before = prepare_aid(previous.rows) if HAVE_PREVIOUS else pd.DataFrame()
AID_SOURCE = "来源：法律援助中心案件登记表"
AID_PERIOD = fg.data_period(aid["accepted_date"] if len(aid) else [], prefix=f"{year}年受理期间：")
BEFORE_PERIOD = fg.data_period(aid_before["accepted_date"], prefix=f"{previous_year}年：") if HAVE_PREVIOUS else ""
consult_metric = metric("legal_consultations")
consultations = consult_metric.rows.copy()
FILL = load_metric_definitions()["legal_consultations"].get("fill", 0)  # 一行一次咨询的登记表：每行计1人次
if len(consultations):
    consultations["people"] = consultations["people"].fillna(FILL)
    consultations["channel"] = consultations["channel"].fillna("未注明").astype(str)
    consultations["topic"] = consultations["topic"].fillna("未注明").astype(str)
    consultations["month"] = consultations["consult_date"].dt.to_period("M")
requests_metric = metric("one_court_requests")
requests = requests_metric.rows.copy()
if len(requests):
    requests["request_type"] = requests["request_type"].fillna("未注明").astype(str)
    requests["channel"] = requests["channel"].fillna("未注明").astype(str)
    requests["month"] = requests["received_date"].dt.to_period("M")
    requests["days"] = (requests["closed_date"] - requests["received_date"]).dt.days
print(
    f"{year} 年；数据文件夹：{display_path(PROCESSED)}；上年数据：{display_path(PREVIOUS_DIR)}"
    f"（{'已找到' if HAVE_PREVIOUS else '缺失'}）；中文字体：{FONT}"
)

# %% [markdown]
# ## 1. 全年概况

# %%
if fg.has_rows(aid, "法律援助案件登记表", ["accepted_date"]):
    wage_rate = metric("wage_arrears_closure_rate")
    recovered = metric("wage_arrears_recovered")
    satisfaction = metric("legal_services_satisfaction")
    show_markdown(
        f"{AID_PERIOD.replace(f'{year}年受理期间：', '')}，法律援助中心受理法律援助案件 **{fmt_int(aid_metric.value)} 件**，"
        f"其中{'、'.join(f'{t} {n} 件' for t, n in aid['case_type'].value_counts().items())}；"
        f"农民工讨薪案件 {fmt_int(wage_rate.denominator)} 件，办结 {fmt_int(wage_rate.numerator)} 件，"
        f"办结率 **{wage_rate.value:.1f}%**，追回欠薪 **{recovered.value / 10000:,.2f} 万元**；"
        f"回访评价的 {fmt_int(satisfaction.denominator)} 件中满意和基本满意 {fmt_int(satisfaction.numerator)} 件，"
        f"满意度 **{satisfaction.value:.1f}%**。"
    )
if len(consultations) or len(requests):
    show_markdown(
        (f"全年接待法律咨询 **{fmt_int(consult_metric.value)} 人次**。" if len(consultations) else "")
        + (f"“一院式”平台受理群众诉求 **{fmt_int(requests_metric.value)} 件/次**，办结 "
           f"**{fmt_int(metric('one_court_requests_closed').value)} 件/次**。" if len(requests) else "")
    )

# %% [markdown]
# ## 2. 法律援助案件：与上年对照
#
# 报告写“同比增长12%”“妇女儿童维权案件受理量同比增长10%”。下图左侧把两年的件数并排画出，增幅由这两个件数算出；
# 妇女儿童维权案件指受援人类别含“妇女”或“未成年人”的案件（一件案件可同时属于两类，只计一次）。
# 右图为两年逐月受理的件数。

# %%
if fg.has_rows(aid, "法律援助案件", ["accepted_date"]):
    if not HAVE_PREVIOUS:
        show_markdown(f"**{aid_yoy.note or metrics.MISSING_PREVIOUS}**：同比只能在有{previous_year}年清洗结果时计算，"
            f"以下只列{year}年的件数。")
    pairs = [("全部法律援助案件", aid_yoy), ("妇女儿童维权案件", women_yoy)]
    # current: the report year's cases the metric counts, with or without last year
    comparison = pd.DataFrame([{"group": label, "previous": r.denominator if r.value is not None else None,
                                "current": len(r.rows), "growth": round(r.value, 2) if r.value is not None else None,
                                "note": r.note} for label, r in pairs])
    months = range(1, 13)
    monthly = pd.DataFrame({year: aid.groupby("month").size().reindex(months, fill_value=0)})
    if HAVE_PREVIOUS:
        monthly[previous_year] = aid_before.groupby("month").size().reindex(months, fill_value=0)
    monthly = monthly[[c for c in (previous_year, year) if c in monthly.columns]]
    last_month = int(aid["month"].max())
    fig, (ax1, ax2) = fg.subplots(1, 2, height=3.0, width_ratios=[1, 1.4])
    x = np.arange(len(comparison))
    width = 0.38
    if HAVE_PREVIOUS:
        bars = ax1.bar(x - width / 2, comparison["previous"], width, color=fg.PALETTE[7], label=f"{previous_year}年")
        fg.bar_labels(ax1, bars, fmt="{:,.0f}")
    bars = ax1.bar(x + (width / 2 if HAVE_PREVIOUS else 0), comparison["current"], width, color=fg.PALETTE[0],
                   label=f"{year}年")
    fg.bar_labels(ax1, bars, fmt="{:,.0f}")
    for i, r in comparison.iterrows():
        if r["growth"] is not None and not pd.isna(r["growth"]):
            top = max(r["previous"], r["current"])
            ax1.annotate(f"{'+' if r['growth'] >= 0 else ''}{r['growth']:.1f}%", (i, top), xytext=(0, 14),
                         textcoords="offset points", ha="center", color=fg.PALETTE[6], fontsize=fg.BASE_FONT_PT)
    ax1.set_xticks(x, ["全部案件", "妇女儿童\n维权案件"])
    ax1.set_ylabel("受理案件（件）")
    ax1.set_title("两年受理件数" if HAVE_PREVIOUS else f"{year}年受理件数（上年数据缺失）")
    ax1.margins(y=0.3)
    fg.value_grid(ax1, "y", integer=True, nbins=4)
    for column, color, style in [(previous_year, fg.PALETTE[7], "--"), (year, fg.PALETTE[0], "-")]:
        if column in monthly:
            values = monthly[column].astype(float)
            if column == year:
                values = values.where(values.index <= last_month)  # 报送之后的月份不画为0
            ax2.plot(list(months), values.to_numpy(), marker="o", markersize=3, linestyle=style, color=color,
                     label=f"{column}年")
    ax2.set_xticks(list(months), [str(m) for m in months])
    ax2.set_xlabel("受理月份")
    ax2.set_ylabel("受理案件（件）")
    ax2.set_title("逐月受理件数")
    ax2.set_ylim(bottom=0)
    fg.value_grid(ax2, "y", integer=True, nbins=4)
    fg.legend_outside(fig, ax2)
    fig.suptitle(f"法律援助案件：{year}年与{previous_year}年对照" if HAVE_PREVIOUS else f"{year}年法律援助案件")
    chart = pd.concat([comparison.assign(kind="两年件数"),
                       monthly.rename(columns=str).rename_axis("month").reset_index().assign(kind="逐月件数")],
                      ignore_index=True)
    fg.publish(fig, "legal_aid_vs_previous_year", data=chart,
               footnote="；".join(p for p in [AID_PERIOD, BEFORE_PERIOD, AID_SOURCE] if p)
               + ("；红字为由两年件数算出的增幅" if HAVE_PREVIOUS else f"；{aid_yoy.note}"),
               tables={"与上年对照": fg.Table(
                   comparison, percent_cols=["growth"],
                   headers={"group": "案件", "previous": f"{previous_year}年（件）", "current": f"{year}年（件）",
                            "growth": "增幅（由两年件数计算）", "note": "说明"})})
    if HAVE_PREVIOUS:
        same_period = int((aid_before["month"] <= last_month).sum())
        show_markdown(
            f"**全部案件**：{year}年 {fmt_int(aid_yoy.numerator)} 件，{previous_year}年 {fmt_int(aid_yoy.denominator)} 件，"
            f"{change_text(aid_yoy.numerator, aid_yoy.denominator)}。"
            f"**妇女儿童维权案件**：{year}年 {fmt_int(women_yoy.numerator)} 件，{previous_year}年 "
            f"{fmt_int(women_yoy.denominator)} 件，{change_text(women_yoy.numerator, women_yoy.denominator)}。"
            + (f"注意：{year}年的登记截至{last_month}月，{previous_year}年为全年；按相同的1—{last_month}月比较，"
               f"{previous_year}年为 {fmt_int(same_period)} 件，{year}年{change_text(aid_yoy.numerator, same_period)}。"
               if last_month < 12 else "")
        )
    else:
        show_markdown(f"{year}年受理 {fmt_int(aid_metric.value)} 件，其中妇女儿童维权案件 "
            f"{fmt_int(comparison.loc[1, 'current'])} 件；与上年的比较：{aid_yoy.note}。")

# %% [markdown]
# ## 3. 按案件类型和受援人类别
#
# 左图按案件类型，右图按受援人类别（一件案件的受援人可属于多个类别，分别计入），深色为本年，浅色为上年。

# %%
if fg.has_rows(aid, "法律援助案件的类型与受援人", ["accepted_date"]):
    def two_years(column, frame_now, frame_before):
        out = pd.DataFrame({"current": frame_now.groupby(column).size()})
        if HAVE_PREVIOUS:
            out["previous"] = frame_before.groupby(column).size()
            out = out.fillna(0).astype(int)
            out["change"] = out["current"] - out["previous"]
            out["growth"] = compute_rate(out["change"], out["previous"])
        return out.sort_values("current")

    by_type = two_years("case_type", aid, aid_before)
    by_type.index.name = "case_type"
    by_group = two_years("group", explode_groups(aid), explode_groups(aid_before) if HAVE_PREVIOUS else None)
    by_group.index.name = "group"
    fig, (ax1, ax2) = fg.subplots(1, 2, height=1.4 + 0.3 * max(len(by_type), len(by_group)))
    for ax, table, title in [(ax1, by_type, "按案件类型"), (ax2, by_group, "按受援人类别")]:
        y = np.arange(len(table))
        height = 0.4 if HAVE_PREVIOUS else 0.7
        bars = ax.barh(y + (height / 2 if HAVE_PREVIOUS else 0), table["current"], height, color=fg.PALETTE[0],
                       label=f"{year}年")
        fg.bar_labels(ax, bars)
        if HAVE_PREVIOUS:
            bars = ax.barh(y - height / 2, table["previous"], height, color="#BFBFBF", label=f"{previous_year}年")
            fg.bar_labels(ax, bars)
        ax.set_yticks(y, table.index)
        ax.set_xlabel("案件（件）")
        ax.set_title(title)
        ax.margins(x=0.2)
        fg.value_grid(ax, "x", integer=True, nbins=4)
    fg.legend_outside(fig, ax1)
    fig.suptitle("法律援助案件的类型与受援人类别" + (f"（{year}年与{previous_year}年）" if HAVE_PREVIOUS else ""))
    chart = pd.concat([by_type.rename_axis("value").reset_index().assign(kind="案件类型"),
                       by_group.rename_axis("value").reset_index().assign(kind="受援人类别")], ignore_index=True)
    headers = {"case_type": "案件类型", "group": "受援人类别", "current": f"{year}年（件）",
               "previous": f"{previous_year}年（件）", "change": "增减（件）", "growth": "增幅"}
    percent = ["growth"] if HAVE_PREVIOUS else []
    fg.publish(fig, "legal_aid_by_type_and_group", data=chart,
               footnote="；".join(p for p in [AID_PERIOD, BEFORE_PERIOD, AID_SOURCE] if p) + "；一件案件可属于多个受援人类别",
               tables={"按案件类型": fg.Table(by_type.iloc[::-1], headers, percent),
                       "按受援人类别": fg.Table(by_group.iloc[::-1], headers, percent)})
    fg.show(by_group.iloc[::-1], headers, percent_cols=percent)
    if HAVE_PREVIOUS:
        grew = by_group.sort_values("change", ascending=False)
        show_markdown(
            f"受援人类别中增加最多的是{grew.index[0]}（{change_text(grew['current'].iloc[0], grew['previous'].iloc[0])}）；"
            f"案件类型中{by_type['current'].idxmax()}案件最多，占 {by_type['current'].max() / by_type['current'].sum() * 100:.1f}%。"
        )

# %% [markdown]
# ## 4. 农民工讨薪案件
#
# 农民工讨薪案件指登记表中标为讨薪（追索劳动报酬）的援助案件；追回欠薪以“元”计（登记表以万元填写的已换算）。

# %%
wage = metrics.select_rows("wage_arrears_closure_rate", aid) if len(aid) else aid
if fg.has_rows(wage, "农民工讨薪案件", ["accepted_date"]):
    wage_rate = metric("wage_arrears_closure_rate")
    recovered = metric("wage_arrears_recovered")
    by_month = wage.groupby("month").agg(cases=("case_no", "size"), closed=("closed", "sum"),
                                         amount=("amount_recovered", "sum")).reindex(range(1, 13))
    by_month = by_month.loc[: int(wage["month"].max())].fillna(0)
    fig, (ax1, ax2) = fg.subplots(1, 2, height=2.9, width_ratios=[1.4, 1])
    bars = ax1.bar(by_month.index.astype(str), by_month["amount"] / 10000, color=fg.PALETTE[2])
    fg.bar_labels(ax1, bars, labels=[f"{a / 10000:.1f}" if c else "" for a, c in
                                     zip(by_month["amount"], by_month["cases"], strict=True)])
    fg.bar_labels(ax1, bars, labels=[f"{c:.0f}件" if c else "" for c in by_month["cases"]], label_type="center",
                  color="white")
    ax1.set_xlabel(f"{year}年受理月份")
    ax1.set_ylabel("追回欠薪（万元）")
    ax1.set_title("每月追回欠薪（柱内为案件数）")
    ax1.margins(y=0.35)
    ax1.tick_params(axis="x", labelsize=fg.SMALL_FONT_PT)
    fg.value_grid(ax1, "y", nbins=4)
    amounts = wage["amount_recovered"].dropna() / 10000
    ax2.hist(amounts, bins=8, color=fg.PALETTE[2], edgecolor="white")
    ax2.axvline(amounts.median(), color=fg.PALETTE[6], linestyle="--", linewidth=1)
    ax2.set_xlabel("每件追回（万元）；虚线为中位数")
    ax2.set_ylabel("案件（件）")
    ax2.set_title("每件案件追回的欠薪")
    fg.value_grid(ax2, "y", integer=True, nbins=4)
    fig.suptitle(f"农民工讨薪案件：{fmt_int(wage_rate.denominator)}件，追回欠薪{recovered.value / 10000:,.2f}万元")
    table = by_month.assign(amount_10k=(by_month["amount"] / 10000).round(2))
    table.index.name = "month"
    fg.publish(fig, "wage_arrears", data=table, footnote=f"{AID_PERIOD}；{AID_SOURCE}",
               tables={"农民工讨薪按月": fg.Table(table, headers={"month": "受理月份", "cases": "案件（件）", "closed": "办结（件）",
                                               "amount": "追回欠薪（元）", "amount_10k": "追回欠薪（万元）"})})
    missing_amount = int(wage["amount_recovered"].isna().sum())
    text = (
        f"讨薪案件 {fmt_int(wage_rate.denominator)} 件，办结 {fmt_int(wage_rate.numerator)} 件（办结率 {wage_rate.value:.1f}%），"
        f"追回欠薪 {fmt_int(recovered.value)} 元（{recovered.value / 10000:,.2f} 万元），每件中位数 "
        f"{amounts.median():.2f} 万元" + (f"，另有 {missing_amount} 件未填追回金额" if missing_amount else "") + "。"
    )
    if HAVE_PREVIOUS:
        before = previous_metric("wage_arrears_recovered")
        before_cases = previous_metric("wage_arrears_closure_rate").denominator
        if before.value is not None:
            text += (f"{previous_year}年讨薪案件 {fmt_int(before_cases)} 件、追回 {before.value / 10000:,.2f} 万元，"
                     f"{year}年{change_text(wage_rate.denominator, before_cases)}。")
    show_markdown(text)

# %% [markdown]
# ### 群众满意度
#
# 满意度 = （满意 + 基本满意）÷ 作出评价的案件；“未回访”和空白不计入分母，下表一并列出，以便看清满意度的基数。

# %%
if fg.has_rows(aid, "法律援助回访", ["accepted_date"]):
    satisfaction = metric("legal_services_satisfaction")
    answers = aid["satisfaction"].fillna("未填写").astype(str).value_counts().rename_axis("answer")
    answers = answers.rename("cases").reset_index()
    rated, _ = metrics.share_flags("legal_services_satisfaction", aid)  # 满意度的分母：作出评价的案件
    answers["counted"] = answers["answer"].isin(aid.loc[rated, "satisfaction"].astype(str))
    show_table(answers, "回访结果", {"answer": "回访结果", "cases": "案件（件）", "counted": "计入满意度"})
    show_markdown(
        f"作出评价的 {fmt_int(satisfaction.denominator)} 件中满意和基本满意 {fmt_int(satisfaction.numerator)} 件，"
        f"满意度 {satisfaction.value:.1f}%；另有 {fmt_int(len(aid) - satisfaction.denominator)} 件未回访或未填写，"
        f"占全部案件的 {pct(len(aid) - satisfaction.denominator, len(aid)):.1f}%，提高回访覆盖面能让这一比率更有说服力。"
    )

# %% [markdown]
# ## 5. 法律咨询：按渠道和月份
#
# 来访登记表每行一次咨询（计1人次）；12348热线和网络平台按周报送人次。左图为各渠道全年人次，右图为每月人次。

# %%
if fg.has_rows(consultations, "法律咨询", ["consult_date"]):
    by_channel = consultations.groupby("channel")["people"].sum().astype(int).sort_values()
    months = fg.report_months(consultations["month"], year)
    monthly = consultations.pivot_table(index="month", columns="channel", values="people", aggfunc="sum",
                                        fill_value=0).reindex(months, fill_value=0)
    monthly = monthly[by_channel.index[::-1]]
    fig, (ax1, ax2) = fg.subplots(1, 2, height=2.9, width_ratios=[1, 1.6])
    fg.bar_labels(ax1, ax1.barh(by_channel.index, by_channel.values, color=fg.PALETTE[5]),
                  labels=[f"{v:,}（{v / by_channel.sum() * 100:.0f}%）" for v in by_channel.values])
    ax1.set_xlabel("咨询（人次）")
    ax1.set_title("按渠道")
    ax1.margins(x=0.5)
    fg.value_grid(ax1, "x", integer=True, nbins=3)
    fg.stacked_bars(ax2, monthly, positions=fg.month_labels(months))
    ax2.set_xlabel(fg.month_axis_label(months))
    ax2.set_ylabel("咨询（人次）")
    ax2.set_title("按月份与渠道")
    fg.value_grid(ax2, "y", integer=True, nbins=4)
    fg.legend_outside(fig, ax2)
    fig.suptitle(f"法律咨询：全年{fmt_int(consult_metric.value)}人次")
    data = monthly.copy()
    data.index = data.index.astype(str)
    data.index.name = "month"
    fg.publish(fig, "consultations_by_channel", data=data.assign(total=data.sum(axis=1)),
               footnote=f"{fg.data_period(consultations['consult_date'])}；来源：法律咨询来访登记表，"
               "12348热线及网络平台咨询量统计（按周）",
               tables={"咨询按渠道": fg.Table(by_channel.rename("people").rename_axis("channel").iloc[::-1].to_frame(),
                                              headers={"channel": "渠道", "people": "咨询（人次）"}),
                       "咨询按月": fg.Table(data.assign(total=data.sum(axis=1)), headers={"total": "合计（人次）"})})
    topics = consultations[consultations["topic"] != "未注明"]
    if len(topics):
        by_topic = topics.groupby("topic")["people"].sum().astype(int).sort_values(ascending=False)
        show_markdown(
            f"登记了咨询事项的 {fmt_int(by_topic.sum())} 人次中，最多的是"
            + "、".join(f"{t}（{v}人次）" for t, v in by_topic.head(3).items())
            + "；按周报送的热线和网络咨询没有分事项，无法按事项统计。"
        )
        fg.save_table(by_topic.rename("people").rename_axis("topic").to_frame(), "咨询按事项",
                      headers={"topic": "咨询事项", "people": "咨询（人次）"})

# %% [markdown]
# ## 6. “一院式”矛盾纠纷化解服务平台
#
# 平台登记的每一件群众诉求（件/次）。左图按诉求类型比较受理和办结；右图为每月受理件数和其中已办结的件数。

# %%
if fg.has_rows(requests, "“一院式”平台诉求登记", ["received_date"]):
    closed_metric = metric("one_court_requests_closed")
    by_type = requests.groupby("request_type").agg(requests=("received_date", "size"), closed=("closed", "sum"),
                                                   median_days=("days", "median")).sort_values("requests")
    by_type["closure_rate"] = compute_rate(by_type["closed"], by_type["requests"])
    months = fg.report_months(requests["month"], year)
    monthly = requests.groupby("month").agg(requests=("received_date", "size"), closed=("closed", "sum")).reindex(
        months, fill_value=0)
    fig, (ax1, ax2) = fg.subplots(1, 2, height=2.9, width_ratios=[1, 1.4])
    y = np.arange(len(by_type))
    bars = ax1.barh(y, by_type["requests"], color="#BFBFBF", label="受理")
    ax1.barh(y, by_type["closed"], height=0.45, color=fg.PALETTE[0], label="已办结")
    fg.bar_labels(ax1, bars, labels=[f"{c:.0f}/{n:.0f}" for c, n in zip(by_type["closed"], by_type["requests"], strict=True)])
    ax1.set_yticks(y, by_type.index)
    ax1.set_xlabel("诉求（件/次）；条尾为办结/受理")
    ax1.set_title("按诉求类型")
    ax1.margins(x=0.3)
    fg.value_grid(ax1, "x", integer=True, nbins=3)
    labels = fg.month_labels(months)
    ax2.bar(labels, monthly["requests"], color="#BFBFBF")
    ax2.bar(labels, monthly["closed"], width=0.45, color=fg.PALETTE[0])
    ax2.set_xlabel(f"{year}年受理月份")
    ax2.set_ylabel("诉求（件/次）")
    ax2.set_title("按受理月份")
    fg.value_grid(ax2, "y", integer=True, nbins=4)
    fg.legend_outside(fig, ax1)
    fig.suptitle(f"“一院式”平台：受理{fmt_int(requests_metric.value)}件/次，办结{fmt_int(closed_metric.value)}件/次")
    data = monthly.copy()
    data.index = data.index.astype(str)
    data.index.name = "month"
    chart = pd.concat([by_type.reset_index().assign(kind="诉求类型"), data.reset_index().assign(kind="受理月份")],
                      ignore_index=True)
    headers = {"request_type": "诉求类型", "requests": "受理（件/次）", "closed": "已办结（件/次）",
               "median_days": "办结用时中位数（天）", "closure_rate": "办结率"}
    fg.publish(fig, "one_court_requests", data=chart,
               footnote=f"{fg.data_period(requests['received_date'])}；来源：“一院式”矛盾纠纷化解服务平台诉求登记表",
               tables={"一院式按类型": fg.Table(by_type.iloc[::-1], headers, ["closure_rate"]),
                       "一院式按月": fg.Table(data, headers)})
    by_channel = requests.groupby("channel").agg(requests=("received_date", "size"), closed=("closed", "sum"))
    by_channel["closure_rate"] = compute_rate(by_channel["closed"], by_channel["requests"])
    show_table(by_channel.sort_values("requests", ascending=False), "一院式按渠道", headers | {"channel": "受理渠道"},
               percent_cols=["closure_rate"])
    still_open = requests[~requests["closed"]]
    recent = int((still_open["received_date"] >= still_open["received_date"].max() - pd.Timedelta(days=30)).sum()) \
        if len(still_open) else 0
    show_markdown(
        f"受理的 {fmt_int(requests_metric.value)} 件/次中已办结 {fmt_int(closed_metric.value)} 件/次"
        f"（{pct(closed_metric.value, requests_metric.value):.1f}%），办结用时中位数 {requests['days'].median():.0f} 天；"
        f"未办结 {fmt_int(len(still_open))} 件/次，其中最后一个月受理的 {recent} 件/次可能尚在办理期内。"
        f"办结率最低的诉求类型是{by_type['closure_rate'].idxmin()}（{by_type['closure_rate'].min():.1f}%）。"
    )

# %% [markdown]
# ## 7. 报告数字核对
#
# 本部分报告数字、原文表述、按表述规则判断的结果和数据来源文件；同比数字的“计算值”为增幅（%），其两年件数见第2部分。
# 没有上年清洗结果时，“说明”一栏写明“上年数据缺失”。

# %%
check = fg.report_check(AREA, processed_dir=PROCESSED, year=year)
fg.show(check)
show_markdown(fg.report_check_summary(check))

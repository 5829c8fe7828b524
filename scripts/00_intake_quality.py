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
# # 数据接收与质量：谁报了什么，还缺什么
#
# 在看各部分的分析之前，先确认数据本身：各成员单位报送了哪些文件、被识别成哪些数据集，清洗时发现了哪些问题，
# 哪些数据行因无法确认而暂存待核，哪些文件是重复报送或更正版。最后列出需要催办、退回修改的单位，
# 以及报告中每一部分的数字目前有没有数据支撑。
#
# 本笔记本只读取清洗结果（`manifest.json`、`issues.csv`、`quarantine.parquet` 和各数据集），不改动任何数据。
# 暂存行的原始单元格内容不在此展示，需要时请按文件、工作表和行号回到原表查看。

# %% tags=["parameters"]
# 参数：由 papermill / `python -m analysis run` 注入；None 表示项目默认（analysis.toml 的年度及该年度的文件夹）。
year = None  # 报告年度；None 表示 analysis.toml 中配置的年度
processed_dir = None  # 清洗结果文件夹，默认 data/processed/<年度>（相对路径按项目根目录）
out_dir = None  # 图表与表格输出文件夹，默认 reports/<年度>

# %%
# ruff: noqa: E402  (参数单元格在导入之前)
import pandas as pd

from analysis import datasets, metrics
from analysis.personal import scrub
from analysis.report import figures as fg
from analysis.report.analysis_kit import (
    count_table,
    display_path,
    fmt_int,
    load_dataset,
    show_markdown,
    show_table,
    start_notebook,
)
from analysis.resources import (
    fields_for,
    load_datasets,
    load_indicators,
    load_metric_definitions,
    load_report_figures,
)

SECTION = "intake"
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_COLORS = {"错误": fg.PALETTE[6], "警告": fg.PALETTE[4], "提示": fg.PALETTE[7]}
AREA_LABELS = {"publicity": "普法宣传", "case_review": "案卷评查", "correction": "社区矫正",
               "disputes": "矛盾纠纷与12345热线", "services": "公共法律服务", "governance": "法治政府与依法治理"}
# 各部分的逐项核对表所在的笔记本
AREA_NOTEBOOKS = {"publicity": "01", "case_review": "02", "correction": "03", "disputes": "04", "services": "05",
                  "governance": "06"}
UNKNOWN = "未识别单位"

year, PROCESSED, OUT, FONT = start_notebook(SECTION, year, processed_dir, out_dir, max_rows=60)
pd.set_option("display.max_colwidth", 80)

try:
    manifest = datasets.load_manifest(processed_dir=PROCESSED)
    issues = datasets.load_issues(processed_dir=PROCESSED)
    quarantine = datasets.load_quarantine(processed_dir=PROCESSED)
except Exception as exc:
    print(f"【提示】清洗结果无法读取：{exc}")
    manifest, issues, quarantine = {}, pd.DataFrame(), pd.DataFrame()

DATASET_TITLES = {name: spec.title for name, spec in load_datasets().items()}
kept = {name: load_dataset(name, PROCESSED) for name in DATASET_TITLES}

files = pd.DataFrame([{key: value for key, value in f.items() if key != "sheets"} for f in manifest.get("files", [])])
sheets = pd.DataFrame([{"file": f["path"], "file_status": f.get("status", ""), "file_department": f.get("department"), **s}
                       for f in manifest.get("files", []) for s in f.get("sheets", [])])
if len(sheets) and "department" in sheets:
    sheets["department"] = sheets["department"].fillna(sheets["file_department"])
for frame in (files, sheets, issues, quarantine):
    if len(frame) and "department" in frame:
        frame["department"] = frame["department"].fillna("").astype(str).replace("", UNKNOWN)
print(f"{year} 年；数据文件夹：{display_path(PROCESSED)}；中文字体：{FONT}")

# %% [markdown]
# ## 1. 报送文件概况

# %%
if fg.has_rows(files, "报送文件清单（manifest.json）"):
    status_names = {"ok": "已读取", "superseded": "已被更正版替换", "duplicate": "重复报送（未重复计入）", "error": "无法读取",
                    "not_a_workbook": "非数据表格（未读取）"}
    status = files["status"].map(status_names).fillna(files["status"]).value_counts()
    rows = {k: int(sheets[k].sum()) if k in sheets else 0
            for k in ["rows_read", "rows_kept", "rows_quarantined", "rows_duplicates"]}
    show_markdown(
        f"共收到文件 **{fmt_int(len(files))} 个**（"
        + "，".join(f"{k} {v} 个" for k, v in status.items())
        + "），"
        f"工作表 {fmt_int(len(sheets))} 张；读出数据行 {fmt_int(rows['rows_read'])} 行，保留 **{fmt_int(rows['rows_kept'])} 行**，"
        f"暂存待核 {fmt_int(rows['rows_quarantined'])} 行，作为重复剔除 {fmt_int(rows['rows_duplicates'])} 行。"
    )
    overview = files.assign(status=files["status"].map(status_names).fillna(files["status"]),
                            sheets=[len(f.get("sheets", [])) for f in manifest["files"]])
    columns = [c for c in ["path", "department", "format", "status", "sheets", "replaced_by", "error"] if c in overview]
    overview = overview[columns].sort_values(["department", "path"])
    overview_headers = {"path": "文件", "department": "单位", "format": "格式", "status": "状态", "sheets": "工作表数",
                        "replaced_by": "被替换为", "error": "错误"}
    fg.save_table(overview, "文件清单", headers=overview_headers)
    fg.show(overview.head(60), overview_headers)

# %% [markdown]
# ## 2. 哪些单位报送了哪些数据
#
# 下图每一格为某单位在某数据集中保留下来的数据行数（来自清洗后的数据集）；空白格表示该单位没有报送这类数据。
# 这并不一定是缺报——并非每个单位都承担每项工作——但值得与工作分工逐项对照。

# %%
counts = {DATASET_TITLES[name]: frame.groupby("department").size()
          for name, frame in kept.items() if len(frame) and "department" in frame}
if counts:
    matrix = pd.DataFrame(counts).fillna(0).astype(int)
    matrix.index = matrix.index.fillna(UNKNOWN)
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False).index]
    fig, ax = fg.subplots(height=2.6 + 0.27 * len(matrix))
    # No colour bar (every cell has its number): the cells get the width, the names stand upright.
    fg.heatmap(matrix.where(matrix > 0), ax, label="保留数据行（行）", cbar=False)
    ax.set_xlabel("数据集")
    ax.set_ylabel("报送单位")
    ax.set_title("各单位报送的数据（保留行数）")
    fg.upright_xticks(ax)
    fg.fit_annotations(ax, matrix.shape[1])
    matrix.index.name = "department"
    fg.publish(fig, "submissions_by_department", data=matrix,
               footnote=f"{year}年度报送；来源：清洗后的数据集，按报送单位统计；格中数字为保留的数据行数",
               tables={"单位×数据集": matrix})
missing = [title for name, title in DATASET_TITLES.items() if not len(kept.get(name, []))]
show_markdown("没有任何数据的数据集：" + ("、".join(missing) if missing else "无，每类数据都有单位报送。"))

# %% [markdown]
# ### 没有被识别的工作表
#
# 说明页、隐藏的下拉列表页和空表会被跳过；若一张本该有数据的表出现在这里，多半是表头写法与已知写法差别太大，
# 需要在 `headers.csv` 中补充同义表头，或请报送单位改用统一模板。
#
# 只有序号、姓名、身份证号、单位、日期、一行月份这类通用列，而没有能认定某个数据集的列（或标题）的表，
# 也列在这里，原因写明最接近的数据集和缺少什么（花名册、招录名单、统计局下载的数据等都属此类，表中的行不读入）。
# 若这样的表确属本项数据，在原始文件夹的 `overrides.csv` 中为它指定数据集（文件、工作表、数据集三栏）后重新清洗。

# %%
if len(sheets) and "dataset" in sheets:
    unrecognised = sheets[sheets["dataset"].isna() | sheets["dataset"].astype(str).eq("")]
    if len(unrecognised):
        table = unrecognised[["file", "name", "department", "reason"]].rename(columns={"name": "sheet"})
        fg.save_table(table, "未识别工作表", headers={"file": "文件", "sheet": "工作表", "reason": "原因"})
        fg.show(table, {"file": "文件", "sheet": "工作表", "department": "单位", "reason": "原因"})
    else:
        show_markdown("所有工作表都已识别。")

# %% [markdown]
# ## 3. 问题清单：按单位和级别
#
# “错误”表示数据无法使用（如文件打不开、日期不存在），必须退回修改；“警告”表示数据可用但需要核实（如“5000余”
# 这类约数、合计行与明细不符、等次与得分矛盾）；“提示”仅作记录（如跳过的说明页）。

# %%
if fg.has_rows(issues, "问题清单（issues.csv）", ["severity"]):
    issues["level"] = issues["severity"].map(SEVERITY_LABELS).fillna(issues["severity"])
    by_department = count_table(issues, "department", "level", "message")
    by_department = by_department[
        [c for c in ["错误", "警告", "提示"] if c in by_department.columns]
    ]
    by_department = by_department.loc[by_department.sum(axis=1).sort_values().index]
    fig, ax = fg.subplots(height=1.5 + 0.27 * len(by_department))
    left = fg.stacked_bars(
        ax,
        by_department,
        horizontal=True,
        colors=[SEVERITY_COLORS[level] for level in by_department.columns],
        totals=" {}",
    )
    ax.set_xlabel("问题（条）")
    ax.set_title("各单位报送数据中发现的问题")
    fg.legend_outside(fig, ax)
    ax.margins(x=0.1)
    fg.value_grid(ax, "x", integer=True)
    data = by_department.iloc[::-1].assign(total=left.iloc[::-1])
    fg.publish(fig, "issues_by_department", data=data, footnote=f"{year}年度报送；来源：清洗问题清单 issues.csv",
               tables={"问题×单位": fg.Table(data, headers={"total": "合计（条）"})})
    show_markdown("出现最多的问题（按问题代码计数，代码和怎么改见 resources/issue_codes.csv）：")
    fg.show(fg.issue_kinds(issues), {"level": "级别", "title": "问题类型", "code": "问题代码", "count": "条数"})

# %% [markdown]
# ## 4. 暂存待核的数据行
#
# 无法确认的数据行（如必填项为空、日期不存在、数值无法识别）不会被悄悄丢弃，而是暂存在 `quarantine.parquet` 中，
# 附带来源文件、工作表和行号，修正后重新运行即可恢复。

# %%
if fg.has_rows(quarantine, "暂存待核的数据行（quarantine.parquet）", ["reason"]):
    quarantine["dataset_title"] = (
        quarantine["dataset"].map(DATASET_TITLES).fillna(quarantine["dataset"].fillna("未识别"))
    )
    # 同类原因合并：去掉开头的单元格位置和引号中的具体内容
    quarantine["reason_kind"] = (
        quarantine["reason"]
        .fillna("未说明")
        .astype(str)
        .map(scrub)  # 暂存原因中如夹带个人信息，显示前一律替换（与清洗用同一套认定）
        .str.replace(r"^[A-Z]{1,3}[0-9]+\s*", "", regex=True)
        .str.replace(r"“[^”]*”", "“…”", regex=True)
    )
    kinds = (
        quarantine.groupby(["dataset_title", "reason_kind"])
        .size()
        .rename("rows")
        .sort_values(ascending=True)
        .reset_index()
    )
    labels = [
        fg.wrap_text(f"{d}：{r}", 40)
        for d, r in zip(kinds["dataset_title"], kinds["reason_kind"], strict=True)
    ]
    fig, ax = fg.subplots(height=1.3 + 0.35 * sum(label.count("\n") + 1 for label in labels))
    fg.bar_labels(ax, ax.barh(labels, kinds["rows"], color=fg.PALETTE[1]))
    ax.set_xlabel("暂存行（行）")
    ax.set_title("暂存待核的数据行：数据集与原因")
    ax.margins(x=0.15)
    fg.value_grid(ax, "x", integer=True, nbins=4)
    fg.publish(fig, "quarantine_reasons", data=kinds.iloc[::-1],
               footnote=f"{year}年度报送；来源：quarantine.parquet（同类原因合并计数）")
    rows = quarantine[
        ["department", "source_file", "source_sheet", "source_row", "dataset_title", "reason"]
    ].copy()
    rows["reason"] = rows["reason"].astype(str).map(scrub)
    rows = rows.sort_values(["department", "source_file", "source_row"])
    fg.save_table(rows, "暂存行", headers={"dataset_title": "数据集"})
    fg.show(rows, fg.DEFAULT_HEADERS | {"dataset_title": "数据集"})

# %% [markdown]
# ## 5. 重复报送与更正版
#
# 同一文件报送两次，只读一次；标有“修改版”“v2”“最终版”的更正版替换同单位同类数据的旧文件；
# 多个单位各自报送的同一场联合活动只计一次。这些处理都在下表中留痕。

# %%
replaced = (
    files[files["status"].isin(["superseded", "duplicate"])]
    if len(files) and "status" in files
    else pd.DataFrame()
)
if len(replaced):
    table = replaced[[c for c in ["department", "path", "replaced_by"] if c in replaced]]
    show_markdown(f"被更正版（或内容相同的另一份文件）替换的文件 {len(table)} 个：")
    fg.show(table, {"department": "单位", "path": "原文件", "replaced_by": "更正版"})
    fg.save_table(table, "更正版替换", headers={"path": "原文件", "replaced_by": "更正版"})
else:
    show_markdown("没有被更正版替换的文件。")
if len(sheets) and "rows_duplicates" in sheets and sheets["rows_duplicates"].sum() > 0:
    duplicates = (
        sheets[sheets["rows_duplicates"] > 0]
        .assign(dataset_title=lambda d: d["dataset"].map(DATASET_TITLES))[
            ["department", "file", "name", "dataset_title", "rows_duplicates"]
        ]
        .rename(columns={"name": "sheet"})
    )
    show_markdown(f"作为重复剔除的数据行共 {fmt_int(duplicates['rows_duplicates'].sum())} 行（含重复报送的文件与联合活动）：")
    fg.show(duplicates, {
                "department": "单位",
                "file": "文件",
                "sheet": "工作表",
                "dataset_title": "数据集",
                "rows_duplicates": "剔除行数",
            })
    fg.save_table(
        duplicates,
        "重复剔除",
        headers={
            "file": "文件",
            "sheet": "工作表",
            "dataset_title": "数据集",
            "rows_duplicates": "剔除行数",
        },
    )
else:
    show_markdown("没有作为重复剔除的数据行。")
events = kept.get("publicity_events", pd.DataFrame())
if len(events) and "co_organizers" in events:
    joint = events[events["co_organizers"].notna() & events["co_organizers"].astype(str).str.strip().ne("")]
    show_markdown(f"普法活动中多部门联合开展、已合并计数的活动 {fmt_int(len(joint))} 场。")

# %% [markdown]
# ## 6. 催办清单
#
# 按单位汇总需要对方处理的事项：无法读取的文件、错误、警告和暂存行。排在前面的单位应优先联系；
# 清洗程序同时为每个单位生成了逐格说明的反馈表（`feedback/<单位>.xlsx`），可直接发回。

# %%
parts = []
if len(files) and "status" in files:
    parts.append(
        files[files["status"].eq("error")].groupby("department").size().rename("unreadable_files")
    )
if len(issues) and "severity" in issues:
    for severity, column in [("error", "errors"), ("warning", "warnings")]:
        parts.append(
            issues[issues["severity"].eq(severity)].groupby("department").size().rename(column)
        )
if len(quarantine):
    parts.append(quarantine.groupby("department").size().rename("quarantined_rows"))
chase = pd.concat(parts, axis=1).fillna(0).astype(int) if parts else pd.DataFrame()
if len(chase):
    for column in ["unreadable_files", "errors", "warnings", "quarantined_rows"]:
        if column not in chase:
            chase[column] = 0
    chase = chase[["unreadable_files", "errors", "quarantined_rows", "warnings"]]
    chase = chase[chase.sum(axis=1) > 0].sort_values(
        ["unreadable_files", "errors", "quarantined_rows", "warnings"], ascending=False
    )
    chase.index.name = "department"
    show_table(
        chase,
        "催办清单",
        headers={
            "unreadable_files": "无法读取的文件",
            "errors": "错误（条）",
            "quarantined_rows": "暂存行（行）",
            "warnings": "警告（条）",
        },
    )
    urgent = chase[
        (chase["unreadable_files"] > 0) | (chase["errors"] > 0) | (chase["quarantined_rows"] > 0)
    ]
    show_markdown(
        f"需要退回修改的单位 {len(urgent)} 个"
        + (f"：{'、'.join(urgent.index)}。" if len(urgent) else "。")
        + f"只有警告、需要核实的单位 {len(chase) - len(urgent)} 个。"
    )
else:
    show_markdown("没有需要催办的事项。")

# %% [markdown]
# ## 7. 报告数字的数据支撑
#
# 报告中的每个数字归入一个部分。下表统计各部分有多少数字已有数据可算、有多少与数据相符；
# 尚无数据的部分需要相应单位补报台账。各部分的逐项核对见对应的笔记本（最后一栏）。

# %%
frames = []
for area in dict.fromkeys(f["area"] for f in load_report_figures(year)):
    check = fg.report_check(area, processed_dir=PROCESSED, year=year, name=None)
    if len(check):
        frames.append(check.assign(area=AREA_LABELS.get(area, area), notebook=AREA_NOTEBOOKS.get(area, "")))
if frames:
    allchecks = pd.concat(frames, ignore_index=True)
    coverage = allchecks.groupby("area", sort=False).agg(
        figures=("id", "size"),
        with_data=("value", lambda v: int(v.notna().sum())),
        holding=("holds", "sum"),
        notebook=("notebook", "first"),
    )
    coverage["holding"] = coverage["holding"].astype(int)
    coverage["share"] = (coverage["holding"] / coverage["figures"] * 100).round(1)
    coverage = coverage[["figures", "with_data", "holding", "share", "notebook"]]
    coverage.index.name = "area"
    show_table(
        coverage,
        "报告数字覆盖",
        percent_cols=["share"],
        headers={
            "area": "报告部分",
            "figures": "报告数字（个）",
            "with_data": "有数据（个）",
            "holding": "相符（个）",
            "share": "相符比例",
            "notebook": "核对表所在笔记本",
        },
    )
    show_markdown(
        f"报告共有数字 {fmt_int(coverage['figures'].sum())} 个，分属 {len(coverage)} 个部分，其中 "
        f"{fmt_int(coverage['with_data'].sum())} 个已有数据可算，{fmt_int(coverage['holding'].sum())} 个与数据相符。"
    )
    truncated = allchecks[allchecks["note"].fillna("").str.contains("仅按截断成立")]
    for _, row in truncated.iterrows():
        show_markdown(f"{row['area']}“{row['snippet']}”：{row['note']}。")
else:
    show_markdown(f"{year}年没有报告数字清单，不统计报告数字的覆盖情况。")

# %% [markdown]
# ### 需核实的数字
#
# 打印之前，每个关键数字都与上年的数字比较，也与每个单位上年报送的数比较：变化超过 `metrics.yaml`
# （`_plausibility`）中规定的倍数，或者用到了仅凭相近表头识别的工作表，就标为**需核实**
# （`key_figures.csv` 的 `verify` 列）。这些数字要回到来源文件核对后才能写入报告。

# %%
marks = metrics.check_plausibility(PROCESSED, year)
if marks:
    show_table(pd.DataFrame([{"metric": fg.metric_label(m), "why": "；".join(why)} for m, why in marks.items()],
                            columns=["metric", "why"]), "需核实的数字", headers={"metric": "数字", "why": "需核实的原因"})
    show_markdown(f"{len(marks)} 个数字需核实：请按原因回查来源文件，确认无误后再写入报告。")
else:
    show_markdown("没有需核实的数字：各数字与上年及各单位上年报送的数相比都在合理范围内，且都来自按表头确认的工作表。")

# %% [markdown]
# ## 8. 同比数字所需的上年数据
#
# 同比增长类的数字要读上一年的清洗结果（`data/processed/<上年>/`，由上一年的报送文件清洗而来）。
# 缺少上年数据时，这些数字只能写“上年数据缺失”，不能核对。

# %%
yoy_metrics = [m for m, d in load_metric_definitions().items() if d.get("agg") == "yoy"]
previous_dir = metrics.previous_processed_dir(PROCESSED, year)
previous_manifest = datasets.load_manifest(processed_dir=previous_dir) if previous_dir.is_dir() else {}
rows = []
for name in yoy_metrics:
    r = metrics.compute(name, PROCESSED)
    rows.append({"metric": fg.metric_label(name), "dataset": fg.dataset_title(r.dataset), "previous": r.denominator,
                 "current": r.numerator, "note": r.note or "上年数据齐全"})
yoy = pd.DataFrame(rows, columns=["metric", "dataset", "previous", "current", "note"])
if len(yoy):
    show_table(yoy, "上年数据", headers={"metric": "同比数字", "dataset": "数据集", "previous": f"{year - 1}年",
                                      "current": f"{year}年", "note": "说明"})
show_markdown(
    f"上年清洗结果 {display_path(previous_dir)}："
    + (
        f"已找到（{previous_manifest.get('year', year - 1)}年的报送文件 "
        f"{len(previous_manifest.get('files', []))} 个）。"
        if previous_dir.is_dir()
        else f"未找到。请把{year - 1}年的报送文件放入 data/raw/{year - 1}/ 后运行 "
        f"`python -m analysis clean --year {year - 1}`（`python -m analysis run` 会自动清洗上年的报送文件夹）。"
    )
)

# %% [markdown]
# ## 9. 统计表中未识别的指标
#
# 工作数据统计表中的指标按指标目录（`indicators.csv`）的名称和写法识别；目录中没有的指标不会被丢弃，
# 而是按原文保留在 `indicator_values` 中。下表列出这些指标，需要补充目录（若它对应报告中的数字）或向报送单位核实。

# %%
values = kept.get("indicator_values", pd.DataFrame())
if fg.has_rows(values, "工作数据统计表（indicator_values）", ["indicator"]):
    unknown = values[~values["indicator"].astype(str).isin(load_indicators())]
    if len(unknown):
        table = unknown.groupby(["department", "indicator"], dropna=False).agg(
            values=("value", "size"), source_file=("source_file", "first")).reset_index()
        show_table(table, "未识别的指标", headers={"indicator": "指标（报送原文）", "values": "数值（个）", "source_file": "来源文件"})
        show_markdown(
            f"{unknown['department'].nunique()} 个单位的统计表中有 {unknown['indicator'].nunique()} 个指标不在指标目录中，"
            f"共 {len(unknown)} 个数值。"
        )
    else:
        show_markdown("统计表中的指标都已按指标目录识别。")

# %% [markdown]
# ## 10. 表头是怎样读的：需要复核的列
#
# 清洗时每一列的表头按含义与已知写法比对，分几档：与已知写法相同（exact）、去掉“其中”“累计”“数”、单位等修饰后相同
# （normalised）、包含已知写法（containment）、字形相近（similarity），以及表头说明不了、按列中数据推断（values、unit）。
# 后四档可能读错，列在下面请逐条复核；读对了无需处理，读错了或没读出来的，在报送文件夹的 `overrides.csv` 中写一行
# （文件、工作表、表头或列字母 → 字段，或 `ignore`），重新运行即按此读取。每一列的读法都在 `column_map.csv` 中。

# %%
TIER_LABELS = {"exact": "已知写法", "normalised": "去修饰后相同", "containment": "包含已知写法", "similarity": "字形相近",
               "values": "按列中数据推断", "unit": "按单位推断", "melted": "按期间或指标分列",
               "override": "overrides.csv 指定", "template": "统一模板", "none": "未读取"}
WEAK = ["containment", "similarity", "values", "unit"]
column_map = datasets.load_column_map(processed_dir=PROCESSED)
if fg.has_rows(column_map, "表头对应（column_map.csv）", ["tier"]):
    tiers = column_map["tier"].map(TIER_LABELS).fillna(column_map["tier"]).value_counts().rename_axis("tier").rename(
        "columns").to_frame()
    show_table(tiers, "表头读法分档", headers={"tier": "读法", "columns": "列数"})
    weak = column_map[column_map["tier"].isin(WEAK)].copy()
    if len(weak):
        weak["tier"] = weak["tier"].map(TIER_LABELS)
        weak["field"] = [f"{fields_for(d)[f].label}（{f}）" if f in fields_for(d) else f
                         for d, f in zip(weak["dataset"], weak["field"], strict=True)]
        weak["dataset"] = weak["dataset"].map(DATASET_TITLES).fillna(weak["dataset"])
        table = weak[["source_file", "source_sheet", "column", "header", "dataset", "field", "tier", "score", "note"]]
        show_table(table, "需复核的列", headers={"source_file": "文件", "source_sheet": "工作表", "column": "列",
                                            "header": "表头（原文）", "dataset": "数据集", "field": "读作字段",
                                            "tier": "读法", "score": "匹配分", "note": "说明"})
        show_markdown(f"共 {len(weak)} 列不是按已知写法读出的，涉及 {weak['source_file'].nunique()} 个文件，请逐条复核。")
    else:
        show_markdown("所有读入的列都按已知写法或去掉修饰后的写法读出，没有需要复核的列。")
    unread = column_map[column_map["tier"].eq("none") & column_map["dataset"].ne("")]
    show_markdown(
        f"另有 {len(unread)} 列未读取（表头不对应任何字段，如备注、附件、序号以外的说明列）；"
        "若其中有本该读取的列，请在 overrides.csv 中指定。"
    )
used = manifest.get("overrides", [])
if used:
    table = pd.DataFrame(used)
    table["used_in"] = table["used_in"].map(lambda where: "、".join(where) if where else "（未匹配）")
    show_table(table[["line", "file", "sheet", "column", "field", "dataset", "used_in"]], "overrides.csv 的使用情况",
               headers={"line": "行", "file": "文件", "sheet": "工作表", "column": "列", "field": "字段",
                        "dataset": "数据集", "used_in": "应用于"})
    unmatched = [o for o in used if not o.get("used_in")]
    show_markdown(f"overrides.csv 共 {len(used)} 行，其中 {len(unmatched)} 行没有对应任何文件、工作表或列，请核对写法。"
        if unmatched else f"overrides.csv 共 {len(used)} 行，每行都已用上。")
else:
    show_markdown("本年度的报送文件夹中没有 overrides.csv（不需要人工指定读法）。")

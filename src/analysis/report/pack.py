"""The report pack written after `python -m analysis run`.

Into the output folder (default `reports/`):

- `quality/issues.csv` (copy of the clean's issue list), `quality/issues_summary.csv` (issues by
  department and severity, plus quarantined rows), `quality/issues_by_code.csv` (issues by code of
  issue_codes.csv, with its Chinese title and what the department should do), `quality/feedback/` (the per-department
  feedback workbooks, when the clean wrote them);
- `run_manifest.json`: raw files' sha256, parameters, package versions, time, each step's and each
  notebook's status and duration;
- `index.html`: links to every section's HTML, figures, tables, key figures and the quality files.
"""

from __future__ import annotations

import hashlib
import html
import json
import platform
import shutil
import subprocess
from collections.abc import Iterable
from datetime import datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

from ..contract import SEVERITIES, SEVERITY_LABELS
from ..files import write_csv, write_text_atomic
from ..listing import list_raw
from ..personal import scrub_tree

UNKNOWN_DEPARTMENT = "未识别单位"
PACKAGES = (
    "analysis", "pandas", "numpy", "pyarrow", "python-calamine", "openpyxl", "xlwt", "pandera",
    "matplotlib", "seaborn", "mplfonts", "papermill", "nbclient", "nbconvert", "nbformat",
    "ipykernel", "jupyter_client", "jupytext", "tqdm", "msoffcrypto-tool",
)
SECTION_TITLES = {
    "intake": "数据接收与质量",
    "quality": "数据质量",
    "publicity": "普法宣传",
    "case_review": "案卷评查",
    "correction": "社区矫正",
    "disputes": "矛盾纠纷与12345热线",
    "services": "公共法律服务",
    "governance": "法治政府与依法治理",
    "draft": "报告数据稿",
    "misc": "其他",
}
KEY_FIGURE_HEADERS = {
    "label": "指标", "metric": "指标编号", "value": "计算值", "unit": "单位", "numerator": "分子",
    "denominator": "分母", "report_wording": "报告表述", "holds": "是否相符", "verify": "需核实",
    "verify_reason": "核实原因",
}
STATUS_LABELS = {"ok": "成功", "failed": "失败", "skipped": "跳过", "not_run": "本次未运行", "reused": "沿用上次结果"}


# ---------------------------------------------------------------- data quality


def _issue_departments(issues, processed: Path):
    """The department of every issue: its own column, else found in the file path."""
    import pandas as pd

    if "department" in issues.columns:
        department = issues["department"].fillna("").astype(str).str.strip()
    else:
        department = pd.Series("", index=issues.index)
    missing = department.eq("")
    if missing.any() and "source_file" in issues.columns:
        try:
            from ..intake.words.departments import find_department
        except ImportError:  # pragma: no cover - the cleaner's module is not there yet
            find_department = None
        if find_department is not None:
            found = issues.loc[missing, "source_file"].fillna("").astype(str).map(
                lambda text: find_department(text) or ""
            )
            department = department.mask(missing, found)
    return department.replace("", UNKNOWN_DEPARTMENT)


def quality_summary(issues, quarantine=None):
    """Issues by department and severity: error, warning, info, total (and quarantined rows)."""
    import pandas as pd

    severity = issues["severity"] if "severity" in issues.columns else pd.Series("", index=issues.index)
    frame = pd.DataFrame({"department": issues["department"], "severity": severity.fillna("")})
    counts = frame.groupby(["department", "severity"]).size().unstack(fill_value=0)
    extra = sorted(c for c in counts.columns if c not in SEVERITIES)  # an odd severity still counts
    summary = counts.reindex(columns=[*SEVERITIES, *extra], fill_value=0)
    summary["total"] = summary.sum(axis=1)
    if quarantine is not None:
        summary = summary.join(quarantine.value_counts().rename("quarantined"), how="outer")
    summary = summary.fillna(0).astype(int)
    summary.index.name = "department"
    summary = summary.sort_values(["error", "warning", "total"], ascending=False, kind="stable")
    return summary.reset_index()


def count_issue_codes(issues):
    """Return the issues counted by code, all of them, most frequent first within each severity:
    级别, 问题类型 (the code's title), 问题代码, 条数, 怎么改 (the catalogue's action)."""
    from ..resources import load_issue_codes
    from .tables import issue_kinds  # pandas only when a quality pack is written

    kinds = issue_kinds(issues, top=None)
    catalogue = load_issue_codes()
    kinds["action"] = [catalogue[c].action if c in catalogue else "" for c in kinds["code"]]
    return kinds.rename(columns={"level": "级别", "title": "问题类型", "code": "问题代码", "count": "条数",
                                 "action": "怎么改"})


def write_quality(processed: Path, out: Path) -> dict:
    """Copy issues.csv (and feedback workbooks) into <out>/quality and summarise them."""
    import pandas as pd

    folder = out / "quality"
    source = processed / "issues.csv"
    info: dict = {"issues_file": None, "summary_file": None, "counts": {}, "by_department": []}
    if not source.is_file():
        return info
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, folder / "issues.csv")  # written with a BOM by clean
    info["issues_file"] = "quality/issues.csv"

    feedback = processed / "feedback"
    if feedback.is_dir():
        target = folder / "feedback"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(feedback, target)
        info["feedback_dir"] = "quality/feedback"

    issues = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    issues["department"] = _issue_departments(issues, processed)
    quarantine = None
    quarantine_file = processed / "quarantine.parquet"
    if quarantine_file.is_file():
        try:
            q = pd.read_parquet(quarantine_file, columns=["department"])["department"]
            quarantine = q.fillna("").astype(str).replace("", UNKNOWN_DEPARTMENT)
        except Exception:  # noqa: BLE001 - no department column: leave quarantine out
            quarantine = None
    summary = quality_summary(issues, quarantine)
    write_csv(summary, folder / "issues_summary.csv")
    info["summary_file"] = "quality/issues_summary.csv"
    write_csv(count_issue_codes(issues), folder / "issues_by_code.csv")
    info["by_code_file"] = "quality/issues_by_code.csv"
    severity = issues["severity"] if "severity" in issues.columns else pd.Series(dtype=str)
    info["counts"] = {s: int((severity == s).sum()) for s in SEVERITIES}
    if quarantine is not None:
        info["counts"]["quarantined"] = int(len(quarantine))
    info["by_department"] = summary.to_dict(orient="records")
    return info


# ---------------------------------------------------------------- run manifest


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def raw_files(raw: Path) -> list[dict]:
    """Every file under the raw folder (workbooks or not) with its size and sha256; a link, a
    pipe or a device is listed with its kind and never opened."""
    if not raw.is_dir():
        return []
    return [
        {"path": e.rel, "bytes": e.path.stat().st_size, "sha256": sha256_file(e.path)} if e.kind == "file"
        else {"path": e.rel, "kind": e.kind, "bytes": None, "sha256": None}
        for e in list_raw(raw)
    ]


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_state(folder: Path) -> dict | None:
    """The project's commit and whether the working tree differs from it (None without git)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=folder,
                                capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "dirty": bool(status.strip())}


def _earlier_notebooks(path: Path, ran: set[str]) -> list[dict]:
    """Entries of an earlier run_manifest.json for notebooks this (--only) run did not execute."""
    try:
        earlier = json.loads(path.read_text(encoding="utf-8")).get("notebooks", [])
    except (OSError, ValueError):
        return []
    return [entry | {"from_earlier_run": True} for entry in earlier if entry.get("name") not in ran]


def write_manifest(settings, started: datetime, duration_s: float, steps, results,
                   quality: dict | None = None, changes: dict | None = None) -> Path:
    """Write <out>/run_manifest.json and return its path."""
    from dataclasses import asdict

    from .. import paths

    manifest = {
        "report_year": settings.year,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "duration_s": round(duration_s, 3),
        "status": "ok" if all(s.status != "failed" for s in steps) and
                  all(r.status == "ok" for r in results) else "failed",
        "command": settings.command,
        "parameters": {
            "year": settings.year,
            "raw": str(settings.raw),
            "processed": str(settings.processed),
            "out": str(settings.out),
            "notebooks": str(settings.notebooks_dir),
            "only": settings.only,
            "show_code": settings.show_code,
            "jobs": settings.jobs,
            "skip_clean": settings.skip_clean,
            "skip_metrics": settings.skip_metrics,
        },
        "notebook_parameters": settings.parameters(),
        "raw_files": raw_files(settings.raw),
        "processed_manifest_sha256": (
            sha256_file(settings.processed / "manifest.json")
            if (settings.processed / "manifest.json").is_file() else None
        ),
        "packages": package_versions(),
        "platform": platform.platform(),
        "git": git_state(paths.PROJECT_ROOT),
        "steps": [asdict(s) for s in steps],
        "notebooks": [asdict(r) | {"duration_s": round(r.duration_s, 3)} for r in results],
        "quality": (quality or {}).get("counts", {}),
        "changes": changes or {},
    }
    path = settings.out / "run_manifest.json"
    manifest["notebooks"] += _earlier_notebooks(path, {r.name for r in results}) if settings.only else []
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(scrub_tree(manifest), ensure_ascii=False, indent=2) + "\n")  # raw file names in changes
    return path


# ---------------------------------------------------------------- index page

_CSS = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif;
       margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; line-height: 1.5; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .5em 0; } td, th { border: 1px solid #ddd; padding: .25em .6em; }
th { background: #f2f5f9; text-align: left; } td.num { text-align: right; }
.ok { color: #1a7f37; } .failed { color: #c62828; font-weight: bold; } .not_run, .skipped { color: #777; }
.figs { display: flex; flex-wrap: wrap; gap: 1em; }
.figs figure { margin: 0; width: 22em; } .figs img { width: 100%; border: 1px solid #eee; }
.figs figcaption { font-size: .85em; color: #555; word-break: break-all; }
.small { font-size: .85em; color: #555; }
"""


def _href(relative: str) -> str:
    return quote(relative, safe="/")


def _link(relative: str, text: str | None = None) -> str:
    return f'<a href="{_href(relative)}">{html.escape(text or relative)}</a>'


def _table(frame, numeric: Iterable[str] = ()) -> str:
    numeric = set(numeric)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
            css = ' class="num"' if column in numeric else (' class="failed"' if text in ("不符", "需核实") else "")
            cells.append(f"<td{css}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _key_figures_html(out: Path) -> str:
    path = out / "tables" / "key_figures.csv"
    if not path.is_file():
        return '<p class="small">没有 key_figures.csv（指标步骤未运行或失败）。</p>'
    parts = [f"<p>{_link('tables/key_figures.csv', 'key_figures.csv')}</p>"]
    try:
        import pandas as pd

        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if "holds" in frame.columns:
            frame["holds"] = frame["holds"].map({"True": "相符", "False": "不符"}).fillna("")
        for column in ("value", "numerator", "denominator"):
            if column in frame.columns:
                percent = column == "value"
                frame[column] = [_number_text(v, percent and u == "%") for v, u in
                                 zip(frame[column], frame.get("unit", [""] * len(frame)), strict=True)]
        columns = {c: h for c, h in KEY_FIGURE_HEADERS.items() if c in frame.columns}
        if columns:
            shown = frame[list(columns)].rename(columns=columns)
            parts.append(_table(shown, numeric={"计算值", "分子", "分母"}))
    except Exception as exc:  # noqa: BLE001 - the link above is enough
        parts.append(f'<p class="small">无法读取：{html.escape(str(exc))}</p>')
    return "\n".join(parts)


def _number_text(text: str, percent: bool = False) -> str:
    """'5.6452' → '5.65' (or '5.6%' for a rate), '14.0' → '14', '1234' → '1,234'; other text as is."""
    from .tables import format_number

    try:
        number = float(text)
    except (TypeError, ValueError):
        return text
    return format_number(number, percent=percent)


def _changes_html(changes: dict | None) -> str:
    """What changed since the last run: files added, replaced, removed; key figures old → new."""
    if not changes:
        return '<p class="small">本次未比较（没有上次运行的记录）。</p>'
    items = [f"<li>报送文件：{html.escape(line)}</li>" for line in changes.get("file_lines", [])]
    if changes.get("first_run"):
        items.append("<li>关键数字：首次计算</li>")
    elif not changes.get("figure_lines"):
        items.append("<li>关键数字：与上次相同</li>")
    else:
        sub = "".join(f"<li>{html.escape(line)}</li>" for line in changes["figure_lines"])
        items.append(f"<li>关键数字：{len(changes['figure_lines'])} 项有变化<ul>{sub}</ul></li>")
    return "<ul>" + "".join(items) + "</ul>"


def figure_caption(png: Path) -> str:
    """The Chinese title a figure was saved with (PNG metadata), else 图表."""
    try:
        from PIL import Image

        with Image.open(png) as image:  # the text chunks before the pixels: nothing is decoded
            title = str(image.info.get("Title", "")).strip()
    except (OSError, ValueError, AttributeError):
        title = ""
    return title or "图表"


def _figures_html(out: Path) -> str:
    root = out / "figures"
    order = list(SECTION_TITLES)  # the report's order (the notebooks' order), unknown sections last
    sections = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: (
        order.index(p.name) if p.name in order else len(order), p.name)) if root.is_dir() else []
    if not sections:
        return '<p class="small">没有图表。</p>'
    parts = []
    for section in sections:
        pngs = sorted(section.glob("*.png"))
        if not pngs:
            continue
        title = SECTION_TITLES.get(section.name, section.name)
        parts.append(f"<h3>{html.escape(title)} <span class='small'>figures/"
                     f"{html.escape(section.name)}/</span></h3><div class='figs'>")
        for png in pngs:
            rel = png.relative_to(out).as_posix()
            extras = [
                _link(png.with_suffix(s).relative_to(out).as_posix(), s[1:])
                for s in (".svg", ".csv") if png.with_suffix(s).is_file()
            ]
            caption = html.escape(figure_caption(png))
            parts.append(
                f'<figure><a href="{_href(rel)}"><img src="{_href(rel)}" loading="lazy" '
                f'alt="{caption}"></a><figcaption>{caption} '
                f'{" ".join(extras)}</figcaption></figure>'
            )
        parts.append("</div>")
    return "\n".join(parts)


def _tables_html(out: Path) -> str:
    root = out / "tables"
    order = list(SECTION_TITLES)
    files = sorted((p for p in root.iterdir() if p.suffix.lower() in {".xlsx", ".csv"}), key=lambda p: (
        order.index(p.stem) if p.stem in order else len(order), p.name)) if root.is_dir() else []
    if not files:
        return '<p class="small">没有表格。</p>'
    items = []
    for path in files:
        title = SECTION_TITLES.get(path.stem, "")
        label = f"{path.name}（{title}）" if title else path.name
        items.append(f"<li>{_link(path.relative_to(out).as_posix(), label)} "
                     f"<span class='small'>{path.stat().st_size / 1024:.0f} KB</span></li>")
    return "<ul>" + "".join(items) + "</ul>"


def _quality_html(quality: dict | None) -> str:
    if not quality or not quality.get("issues_file"):
        return '<p class="small">没有 issues.csv（清洗尚未运行？）。</p>'
    links = [_link(quality["issues_file"], "问题清单 issues.csv")]
    if quality.get("summary_file"):
        links.append(_link(quality["summary_file"], "按单位汇总 issues_summary.csv"))
    if quality.get("by_code_file"):
        links.append(_link(quality["by_code_file"], "按问题代码汇总 issues_by_code.csv"))
    if quality.get("feedback_dir"):
        links.append(_link(quality["feedback_dir"] + "/", "各单位反馈表 feedback/"))
    counts = quality.get("counts", {})
    text = "，".join(f"{SEVERITY_LABELS.get(k, k)} {v}" for k, v in counts.items()
                     if k in SEVERITY_LABELS)
    if "quarantined" in counts:
        text += f"，隔离行 {counts['quarantined']}"
    parts = [f"<p>{' · '.join(links)}</p>", f"<p>{html.escape(text)}</p>"]
    rows = quality.get("by_department") or []
    if rows:
        import pandas as pd

        frame = pd.DataFrame(rows).rename(columns={
            "department": "单位", "error": "错误", "warning": "警告", "info": "提示",
            "total": "合计", "quarantined": "隔离行",
        })
        parts.append(_table(frame, numeric=set(frame.columns) - {"单位"}))
    return "\n".join(parts)


def _notebooks_html(out: Path, notebook_names: list[str], results) -> str:
    by_name = {r.name: r for r in results}
    names = list(dict.fromkeys([*notebook_names, *by_name]))
    if not names:
        return '<p class="small">没有笔记本。</p>'
    rows = []
    for name in names:
        result = by_name.get(name)
        stem = Path(name).stem
        html_rel = f"html/{stem}.html"
        nb_rel = f"notebooks/{name}"
        if result is not None:
            status, title = result.status, result.title
            duration = "" if getattr(result, "reused", False) else f"{result.duration_s:.1f} 秒"
            this_run = getattr(result, "reason", "")
            html_rel = result.html or ""
            nb_rel = result.executed or ""
        else:
            status, title, duration, this_run = "not_run", "", "", ""
            html_rel = html_rel if (out / html_rel).is_file() else ""
            nb_rel = nb_rel if (out / nb_rel).is_file() else ""
        note = ""
        if result is not None and result.error:
            from .notebooks import describe_failure

            note = f"<div class='small failed'>{html.escape(describe_failure(name, result.error))}</div>"
        rows.append(
            "<tr>"
            f"<td>{_link(html_rel, title or stem) if html_rel else html.escape(title or stem)}{note}</td>"
            f"<td class='{status}'>{STATUS_LABELS.get(status, status)}</td>"
            f"<td class='num'>{duration}</td>"
            f"<td class='small'>{html.escape(this_run)}</td>"
            f"<td>{_link(html_rel, 'HTML') if html_rel else ''}</td>"
            f"<td>{_link(nb_rel, name) if nb_rel else html.escape(name)}</td>"
            "</tr>"
        )
    head = "<tr><th>章节</th><th>状态</th><th>用时</th><th>本次</th><th>网页</th><th>执行后的笔记本</th></tr>"
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def write_index(settings, results, steps, quality: dict | None = None,
                notebook_names: list[str] | None = None, changes: dict | None = None) -> Path:
    """Write <out>/index.html linking the whole report pack."""
    out = settings.out
    if notebook_names is None:
        from .notebooks import list_notebooks

        notebook_names = [p.name for p in list_notebooks(settings.notebooks_dir)]
    step_text = "；".join(
        f"{s.name} {STATUS_LABELS.get(s.status, s.status)}"
        + (f"（{s.duration_s:.1f} 秒）" if s.duration_s else "")
        for s in steps
    )
    generated = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    body = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{settings.year} 年度法治建设工作报告 · 分析结果</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{settings.year} 年度法治建设工作报告 · 分析结果</h1>
<p class="small">生成于 {generated} · 步骤：{html.escape(step_text)} ·
{_link("run_manifest.json", "运行清单 run_manifest.json")}</p>
<h2>与上次运行相比</h2>
{_changes_html(changes)}
<h2>章节</h2>
{_notebooks_html(out, notebook_names, results)}
<h2>关键数据</h2>
{_key_figures_html(out)}
<h2>图表</h2>
{_figures_html(out)}
<h2>表格</h2>
{_tables_html(out)}
<h2>数据质量</h2>
{_quality_html(quality)}
</body>
</html>
"""
    path = out / "index.html"
    write_text_atomic(path, body)
    return path

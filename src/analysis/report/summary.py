"""The run summary: what changed since the last run (files, key figures) and what this run
executed again or kept."""

from __future__ import annotations

from pathlib import Path


def snapshot(settings) -> dict:
    """The previous run's processed manifest and key figures (as bytes: read only when they
    changed), taken before they are replaced."""
    from ..changes import read_manifest

    return {"manifest": read_manifest(settings.processed),
            "key_figures": _read_bytes(settings.out / "tables" / "key_figures.csv")}


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _key_figures_table(data: bytes | None):
    """key_figures.csv's bytes as a DataFrame of text (None when missing or unreadable)."""
    if data is None:
        return None
    import io

    import pandas as pd

    try:
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError):
        return None


def what_changed(settings, before: dict) -> dict:
    """Files added, replaced or removed and key figures that moved, against :func:`snapshot`."""
    from ..changes import compare_figures, compare_files, read_manifest

    files = compare_files(before["manifest"], read_manifest(settings.processed))
    now = _read_bytes(settings.out / "tables" / "key_figures.csv")
    old_table = None if before["key_figures"] == now else _key_figures_table(before["key_figures"])
    figures = compare_figures(old_table, _key_figures_table(now)) if old_table is not None else []
    return {"files": files.as_dict(), "file_lines": files.lines(),
            "figures": [vars(c) for c in figures], "figure_lines": [c.line() for c in figures],
            "first_run": before["key_figures"] is None or (old_table is None and before["key_figures"] != now)}


def changes_lines(changes: dict) -> list[str]:
    """The run summary's lines about what changed."""
    lines = ["与上次运行相比："] + [f"  报送文件：{line}" for line in changes["file_lines"]]
    if changes["first_run"]:
        lines.append("  关键数字：首次计算")
    elif not changes["figure_lines"]:
        lines.append("  关键数字：无变化")
    else:
        lines.append(f"  关键数字：{len(changes['figure_lines'])} 项有变化")
        lines += [f"    {line}" for line in changes["figure_lines"]]
    return lines


def rerun_lines(steps: list, results: list) -> list[str]:
    """The run summary's lines naming what ran again and what was kept."""
    ran = [s.name for s in steps if s.status in ("ok", "failed") and s.name != "notebooks"]
    kept = [s.name for s in steps if s.status == "reused"]
    lines = ["本次运行：" + ("重新运行步骤 " + "、".join(ran) if ran else "各步骤均沿用上次结果")
             + ("；沿用上次结果：" + "、".join(kept) if kept else "")]
    for r in results:
        lines.append(f"  {r.name}：{r.reason or ('执行成功' if r.status == 'ok' else '执行失败')}")
    return lines

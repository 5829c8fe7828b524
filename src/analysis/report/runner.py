"""`python -m analysis run`: rebuild the whole report with one command.

Steps: clean (raw workbooks → data/processed) → metrics (key_figures.csv) → every notebook in
notebooks/ executed with its parameters (several kernels at once) → HTML per notebook → report
pack (quality summary, run manifest, index page) in the output folder.

A failed notebook does not stop the others: its partial executed copy is kept, the failing cell
and the error are named, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .. import paths
from ..arguments import ChineseArgumentParser, positive_int, usage_error, year_value
from ..files import (
    EXIT_BLOCKED,
    FolderBusy,
    folder_lock,
    report_blocked,
    skip_blocked,
)
from ..personal import guard_file
from ..reads import read_log
from . import results as results_cache
from . import zygote as kernel_zygote
from .html import export_html
from .kernels import kernel_config, logging_manager
from .notebooks import (
    declared_parameters,
    describe_failure,
    list_notebooks,
    locate_failure,
    notebook_title,
    select_notebooks,
)
from .summary import changes_lines, rerun_lines, snapshot, what_changed

PARAMETER_NAMES = ("year", "processed_dir", "out_dir")
KERNEL_NAME = "python3"


@dataclass
class Settings:
    year: int
    raw: Path
    processed: Path
    out: Path
    notebooks_dir: Path
    only: list[str] = field(default_factory=list)
    show_code: bool = False
    jobs: int = 1
    skip_clean: bool = False
    skip_metrics: bool = False
    force: bool = False
    command: list[str] = field(default_factory=list)

    def parameters(self) -> dict:
        """Parameters passed to every notebook: folders relative to the project root where they are
        inside it (the pages never show the machine's folders), absolute otherwise."""
        return {
            "year": self.year,
            "processed_dir": _parameter_path(self.processed),
            "out_dir": _parameter_path(self.out),
        }


def _parameter_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(paths.PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)


@dataclass
class StepResult:
    name: str
    status: str  # ok | failed | skipped
    duration_s: float = 0.0
    returncode: int | None = None
    command: list[str] | None = None


@dataclass
class NotebookResult:
    name: str
    status: str  # ok | failed
    duration_s: float
    title: str = ""
    executed: str | None = None  # relative to the output folder
    html: str | None = None
    error: dict | None = None
    warnings: list[str] = field(default_factory=list)
    reused: bool = False  # outputs of an earlier run kept: nothing it depends on changed
    reason: str = ""  # why it was executed (or 沿用上次结果)


# ---------------------------------------------------------------- command line


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="python -m analysis run",
        description=(
            "一条命令重建整份报告：清洗 → 指标 → 并行执行 notebooks/ 下的全部笔记本 → "
            "HTML、图表、表格、数据质量汇总与运行清单（run_manifest.json），并列出与上次相比的变化。"
        ),
    )
    parser.add_argument("--year", type=year_value, default=None, metavar="YYYY",
                        help=f"报告年度（默认取 analysis.toml 中的年度，现为 {paths.DEFAULT_YEAR}）")
    parser.add_argument("--raw", metavar="DIR", help="原始报送文件夹（默认 data/raw/<年度>）")
    parser.add_argument("--processed", metavar="DIR", help="清洗结果文件夹（默认 data/processed/<年度>）")
    parser.add_argument("--out", metavar="DIR", help="报告输出文件夹（默认 reports/<年度>）")
    parser.add_argument("--only", action="append", default=[], metavar="NOTEBOOK",
                        help="只运行这个笔记本（文件名、不带后缀的名字或两位编号；可重复）")
    parser.add_argument("--show-code", action="store_true", help="HTML 中保留代码（默认隐藏）")
    parser.add_argument("--jobs", type=positive_int, default=None, metavar="N",
                        help="同时运行的笔记本数（默认 CPU 核数）")
    parser.add_argument("--skip-clean", action="store_true",
                        help="不重新清洗，直接使用已有的清洗结果")
    parser.add_argument("--force", action="store_true",
                        help="重新执行全部步骤和笔记本（默认只重新执行依赖有变化的笔记本，其余沿用上次结果）")
    parser.add_argument("--skip-metrics", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--notebooks", help=argparse.SUPPRESS)  # tests: another notebooks folder
    return parser


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def settings_from_args(args: argparse.Namespace, argv: list[str] | None = None) -> Settings:
    year = paths.report_year(args.year)
    return Settings(
        year=year,
        raw=paths.resolve(args.raw, paths.raw_folder(year)),
        processed=paths.resolve(args.processed, paths.processed_folder(year)),
        out=paths.resolve(args.out, paths.reports_folder(year)),
        notebooks_dir=paths.resolve(args.notebooks, paths.NOTEBOOKS_DIR),
        only=list(args.only),
        show_code=args.show_code,
        jobs=args.jobs if args.jobs and args.jobs > 0 else cpu_count(),
        skip_clean=args.skip_clean,
        skip_metrics=args.skip_metrics,
        force=args.force,
        command=["python", "-m", "analysis", "run", *(sys.argv[1:] if argv is None else argv)],
    )


# ---------------------------------------------------------------- output helpers

_print_lock = threading.Lock()


def say(message: str) -> None:
    """One progress line on stderr (thread-safe)."""
    with _print_lock:
        print(message, file=sys.stderr, flush=True)


def format_seconds(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} 秒"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes} 分 {rest} 秒"


# ---------------------------------------------------------------- notebooks


def notebook_settings(path: Path, settings: Settings) -> tuple[dict, list[str], dict | None]:
    """(parameters passed to the notebook, warnings, the failure when it cannot be read)."""
    parameters = settings.parameters()
    try:
        declared = declared_parameters(path)
    except Exception as exc:  # noqa: BLE001 - unreadable notebook: report and move on
        return parameters, [], {"cell_index": None, "execution_count": None, "first_line": "",
                                "ename": type(exc).__name__, "evalue": f"无法读取笔记本：{exc}"}
    warnings = []
    if declared is not None:
        missing = [p for p in PARAMETER_NAMES if p not in declared]
        if missing:
            warnings.append("parameters 单元格未声明 " + "、".join(missing))
        parameters = {k: v for k, v in parameters.items() if k in declared}
    return parameters, warnings, None


def cache_settings(settings: Settings) -> dict:
    """The run's settings a notebook's result depends on (which of the parameters the notebook
    declares is in the notebook file itself)."""
    return results_cache.settings_key(settings.parameters(), settings.show_code, KERNEL_NAME)


def reused_result(path: Path, settings: Settings) -> tuple[NotebookResult | None, str]:
    """The kept result of a notebook nothing of which changed, else (None, why it must run)."""
    if settings.force:
        return None, "指定了 --force"
    record_file = results_cache.record_path(settings.out, path.name)
    record = results_cache.read_record(record_file)
    reason, stamps = results_cache.why_stale(path, settings.out, cache_settings(settings), record)
    if reason is not None:
        return None, reason
    results_cache.refresh_record(record_file, record, stamps)
    kept = record.get("result", {})
    return NotebookResult(name=path.name, status="ok", duration_s=0.0, title=kept.get("title", ""),
                          executed=kept.get("executed"), html=kept.get("html"),
                          warnings=list(kept.get("warnings", [])), reused=True,
                          reason=results_cache.REUSED), ""


def run_notebook(path: Path, settings: Settings, zygote=None, reason: str = "") -> NotebookResult:
    """Execute one notebook with papermill (its kernel forked from ``zygote``, :mod:`.zygote`, when
    given), then export its HTML and record what it read and wrote. Never raises."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    executed = settings.out / "notebooks" / path.name
    html_file = settings.out / "html" / f"{path.stem}.html"
    executed.parent.mkdir(parents=True, exist_ok=True)
    executed.unlink(missing_ok=True)  # never report a previous run's copy as this one's
    results_cache.forget(settings.out, path.name)
    result = NotebookResult(name=path.name, status="ok", duration_s=0.0, reason=reason)

    parameters, result.warnings, failure = notebook_settings(path, settings)
    if failure is not None:
        result.status = "failed"
        result.error = failure
        return result

    start = time.perf_counter()
    log = settings.out / ".cache" / "kernels" / f"{path.stem}.log"  # what the notebook reads and writes
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    options = {"config": kernel_config(), "kernel_manager_class": logging_manager(log, zygote)}
    try:
        papermill.execute_notebook(
            str(path),
            str(executed),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(path.parent),
            progress_bar=False,
            **options,
        )
    except PapermillExecutionError as exc:
        result.status = "failed"
        result.error = locate_failure(executed, exc)
    except Exception as exc:  # noqa: BLE001 - kernel died, timeout …: the run goes on
        result.status = "failed"
        result.error = locate_failure(executed, exc)
    result.duration_s = time.perf_counter() - start

    if executed.is_file():
        guard_file(executed)  # the last check: no personal data in anything we write
        result.executed = executed.relative_to(settings.out).as_posix()
        try:
            import nbformat

            result.title = notebook_title(nbformat.read(executed, as_version=4))
            export_html(executed, html_file, settings.show_code)
            result.html = html_file.relative_to(settings.out).as_posix()
        except Exception as exc:  # noqa: BLE001
            result.warnings.append(f"HTML 导出失败：{type(exc).__name__}: {exc}")
    if result.status == "ok" and result.html:
        reads, written = read_log(log)
        results_cache.write_record(path, settings.out, cache_settings(settings), reads, written,
                                   {"title": result.title, "executed": result.executed, "html": result.html,
                                    "warnings": result.warnings, "duration_s": round(result.duration_s, 3)})
    return result


def previous_durations(out: Path) -> dict[str, float]:
    """Each notebook's duration in the last run into this folder (empty when none)."""
    import json

    try:
        manifest = json.loads((out / "run_manifest.json").read_text(encoding="utf-8"))
        return {nb["name"]: float(nb["duration_s"]) for nb in manifest.get("notebooks", [])}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def longest_first(notebooks: list[Path], durations: dict[str, float]) -> list[Path]:
    """Start order: unknown notebooks, then the slowest of the last run, so that the run ends
    soonest when there are fewer kernels than notebooks."""
    return sorted(notebooks, key=lambda nb: -durations.get(nb.name, float("inf")))


def plan_notebooks(notebooks: list[Path], settings: Settings) -> tuple[dict[Path, NotebookResult], dict[Path, str]]:
    """(the kept results of notebooks nothing of which changed, why each other one executes)."""
    kept: dict[Path, NotebookResult] = {}
    todo: dict[Path, str] = {}
    for nb in notebooks:
        result, reason = reused_result(nb, settings)
        if result is not None:
            kept[nb] = result
        else:
            todo[nb] = reason
    return kept, todo


def run_notebooks(notebooks: list[Path], settings: Settings, plan=None, zygote=None) -> list[NotebookResult]:
    """Execute the notebooks whose dependencies changed (``plan``, see :func:`plan_notebooks`),
    up to settings.jobs kernels at a time (forked from ``zygote``, else from one started here),
    printing progress; keep the others' results."""
    kept, todo = plan if plan is not None else plan_notebooks(notebooks, settings)
    results: dict[Path, NotebookResult] = dict(kept)
    for nb in notebooks:
        if nb in kept:
            say(f"  沿用上次结果  {nb.name}")
    total = len(todo)
    if not total:
        say(f"{len(notebooks)} 个笔记本均沿用上次结果（依赖的数据、代码和参数都没有变化）。")
        return [results[nb] for nb in notebooks]
    done = 0
    workers = max(1, min(settings.jobs, total))
    say(f"执行 {total} 个笔记本（同时 {workers} 个）" + (f"，{len(kept)} 个沿用上次结果" if kept else "") + "…")
    # each kernel a fork of one warm process (report/zygote.py): no interpreter start and no
    # pandas/matplotlib/seaborn imports per notebook
    own = zygote is None
    zygote = start_zygote() if own else zygote

    def task(path: Path) -> NotebookResult:
        say(f"  开始  {path.name}（{todo[path]}）")
        return run_notebook(path, settings, zygote, reason=f"重新执行（原因：{todo[path]}）")

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notebook") as executor:
        order = longest_first(list(todo), previous_durations(settings.out))
        futures = {executor.submit(task, nb): nb for nb in order}
        try:
            for future in as_completed(futures):
                nb = futures[future]
                result = future.result()
                results[nb] = result
                done += 1
                if result.status == "ok":
                    say(f"  [{done}/{total}] 完成  {nb.name}（{format_seconds(result.duration_s)}）")
                else:
                    say(f"  [{done}/{total}] 失败  {describe_failure(nb.name, result.error or {})}")
                for warning in result.warnings:
                    say(f"      注意：{nb.name}: {warning}")
        except KeyboardInterrupt:
            say("已中断：不再启动新的笔记本，等待正在运行的结束…")
            for future in futures:
                future.cancel()
            raise
        finally:
            if own and zygote is not None:
                zygote.close()
    return [results[nb] for nb in notebooks]


def start_zygote() -> kernel_zygote.Zygote | None:
    """The warm process the kernels are forked from; None (each kernel a fresh process) where
    fork is missing, ``ANALYSIS_FORK_KERNELS=0`` or it cannot start."""
    if not kernel_zygote.is_enabled():
        return None
    try:
        return kernel_zygote.Zygote()
    except OSError as exc:
        say(f"  注意：无法预载内核（{exc}），每个笔记本单独启动内核")
        return None


# ---------------------------------------------------------------- clean and metrics


def run_step(name: str, command: list[str]) -> StepResult:
    """Run `python -m analysis <step>` as a subprocess, its output going straight to the user."""
    say(f"== {name}: {' '.join(command[1:])}")
    start = time.perf_counter()
    try:
        completed = subprocess.run(command, check=False)
        returncode = completed.returncode
    except OSError as exc:
        say(f"   无法启动：{exc}")
        returncode = -1
    duration = time.perf_counter() - start
    status = "ok" if returncode in (0, EXIT_BLOCKED) else "failed"  # 3: all written but a locked file
    if status == "failed":
        say(f"   {name} 失败（退出码 {returncode}）")
    return StepResult(name=name, status=status, duration_s=round(duration, 3),
                      returncode=returncode, command=command[1:])


def start_step(command: list[str]) -> tuple[list[str], subprocess.Popen | None, float]:
    """Start a quiet step in the background, its output kept for :func:`finish_step`."""
    start = time.perf_counter()
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as exc:
        say(f"   无法启动：{exc}")
        process = None
    return command, process, start


def finish_step(name: str, command: list[str], process: subprocess.Popen | None, start: float) -> StepResult:
    """Wait for a step started by :func:`start_step` and show its output."""
    say(f"== {name}: {' '.join(command[1:])}")
    output, returncode = b"", -1
    if process is not None:
        output, _ = process.communicate()
        returncode = process.returncode
    text = output.decode("utf-8", errors="replace").rstrip()
    if text:
        say(text)
    status = "ok" if returncode == 0 else "failed"
    if status == "failed":
        say(f"   {name} 失败（退出码 {returncode}）")
    return StepResult(name=name, status=status, duration_s=round(time.perf_counter() - start, 3),
                      returncode=returncode, command=command[1:])


def preload_in_background() -> None:
    """Import what the report pack needs (pandas, the table formats) while the steps' subprocesses
    run: the runner itself is idle then."""

    def load() -> None:
        try:
            import pandas  # noqa: F401

            from . import pack, tables  # noqa: F401
        except Exception:  # noqa: BLE001 - imported again (and failing loudly) where used
            pass

    threading.Thread(target=load, name="preload", daemon=True).start()


def clean_command(settings: Settings) -> list[str]:
    return [sys.executable, "-m", "analysis", "clean", "--raw", str(settings.raw),
            "--out", str(settings.processed), "--year", str(settings.year)]


def previous_year_folders(settings: Settings) -> tuple[Path, Path] | None:
    """(raw, processed) of the year before the report year, when its raw folder is there.

    The year-on-year figures read the previous year's processed data by the folder rule
    (``…/2025`` → ``…/2024``); a raw folder named after its year has its sibling, the project's
    default raw folder has ``data/raw/<year-1>``. Any other raw folder has no previous year.
    """
    year = settings.year
    if paths.folder_year(settings.raw) == year:
        raw = settings.raw.parent / str(year - 1)
    else:
        return None
    if not raw.is_dir() or paths.raw_folder_problem(raw, year - 1, explicit=True):
        return None
    return raw, paths.previous_processed(settings.processed, year)


def clean_previous_command(settings: Settings, raw: Path, processed: Path) -> list[str]:
    return [sys.executable, "-m", "analysis", "clean", "--raw", str(raw), "--out", str(processed),
            "--year", str(settings.year - 1), "--quiet"]


def draft_command(settings: Settings) -> list[str]:
    return [sys.executable, "-m", "analysis", "draft", "--year", str(settings.year), "--processed", str(settings.processed),
            "--figures", str(settings.out / "figures"), "--out", str(settings.out / "draft")]


def metrics_command(settings: Settings) -> list[str]:
    return [sys.executable, "-m", "analysis", "metrics", "--processed", str(settings.processed),
            "--out", str(settings.out / "tables" / "key_figures.csv")]


# ---------------------------------------------------------------- steps kept when nothing changed


def metrics_inputs(settings: Settings) -> tuple[list[Path], dict, list[Path]]:
    """(input files and folders, other inputs, outputs) of the metrics step."""
    previous = paths.previous_processed(settings.processed, settings.year)
    return [settings.processed, previous], {"year": settings.year}, [settings.out / "tables" / "key_figures.csv"]


def draft_inputs(settings: Settings) -> tuple[list[Path], dict, list[Path]]:
    """(input files and folders, other inputs, outputs) of the draft step."""
    files, extra, _ = metrics_inputs(settings)
    return [*files, settings.out / "figures"], extra, [settings.out / "draft"]


def cached_step(settings: Settings, name: str, command: list[str],
                inputs: tuple[list[Path], dict, list[Path]], before_run=None) -> StepResult:
    """Run a step unless its inputs are as at its last successful run and its outputs are there
    (``before_run()`` is called first when it runs)."""
    files, extra, outputs = inputs
    fresh, state = results_cache.step_state(settings.out, name, files, extra, outputs)
    if fresh and not settings.force:
        say(f"== {name}: 输入无变化，沿用上次结果")
        return StepResult(name=name, status="reused", command=command[1:])
    if before_run is not None:
        before_run()
    results_cache.forget_step(settings.out, name)
    step = run_step(name, command)
    if step.status == "ok":
        results_cache.record_step(settings.out, name, state, outputs)
    return step


def write_quality(settings: Settings) -> dict:
    """The report pack's quality files (issues, their summary, feedback workbooks), kept while the
    processed data is as it was."""
    from . import pack as report_pack

    outputs = [settings.out / "quality"]
    fresh, state = results_cache.step_state(settings.out, "quality", [settings.processed], {}, outputs)
    kept = results_cache.step_result(settings.out, "quality") if fresh and not settings.force else None
    if kept is not None:
        return kept
    quality = report_pack.write_quality(settings.processed, settings.out)
    results_cache.record_step(settings.out, "quality", state, outputs, quality)
    return quality


def verify_lines(settings: Settings) -> list[str]:
    """The run summary's lines about figures to check before printing (key_figures.csv ``verify``)."""
    import pandas as pd

    path = settings.out / "tables" / "key_figures.csv"
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError):
        return []
    if "verify" not in table.columns:
        return []
    marked = table[table["verify"] != ""]
    if not len(marked):
        return ["需核实的数字：无"]
    return [f"需核实的数字：{len(marked)} 项（打印前请核对）"] + [
        f"  {label}：{why}" for label, why in zip(marked["label"], marked["verify_reason"], strict=True)]


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """python -m analysis run: clean, metrics, notebooks, draft and the index page, holding the lock
    of the report folder (a second run of the same year stops at once with exit 2)."""
    with contextlib.ExitStack() as stack:
        try:
            return _main(argv, stack)
        except FolderBusy as busy:
            return usage_error(busy.line())


def _main(argv: list[str] | None, stack: contextlib.ExitStack) -> int:
    args = build_parser().parse_args(argv)
    settings = settings_from_args(args, argv)
    started, t0 = datetime.now().astimezone(), time.perf_counter()
    selected, problem = check_request(settings, explicit_raw=args.raw is not None)
    if problem:
        return usage_error(problem)
    open_run(settings, stack)
    before = snapshot(settings)
    steps = run_clean_steps(settings)
    if steps[0].status not in ("ok", "skipped"):
        say("清洗失败，未执行后续步骤。")
        from . import pack as report_pack

        report_pack.write_manifest(settings, started, time.perf_counter() - t0, steps, [])
        return 1
    kernels: list = []  # the warm zygote, started with the metrics when the data changed
    steps.append(run_metrics_step(settings, lambda: kernels.append(warm_kernels(stack))))
    try:
        results, notebooks_step = execute_notebooks(selected, settings, kernels[0] if kernels else None)
    except KeyboardInterrupt:
        return 130
    steps.append(notebooks_step)
    steps.append(cached_step(settings, "draft", draft_command(settings), draft_inputs(settings)))
    return finish_run(settings, started, t0, steps, results, before)


def check_request(settings: Settings, explicit_raw: bool) -> tuple[list[Path], str | None]:
    """(the notebooks to run, the usage problem that stops the run, if any)."""
    notebooks = list_notebooks(settings.notebooks_dir)
    selected, unknown = select_notebooks(notebooks, settings.only)
    if unknown:
        names = "、".join(nb.name for nb in notebooks) or "（无）"
        return selected, f"找不到笔记本：{'、'.join(unknown)}。可选：{names}"
    problem = None
    if not settings.skip_clean:
        problem = paths.raw_folder_problem(settings.raw, settings.year, explicit=explicit_raw)
    return selected, problem or paths.output_folder_problem(settings.processed, settings.year) \
        or paths.output_folder_problem(settings.out, settings.year)


def open_run(settings: Settings, stack: contextlib.ExitStack) -> None:
    """Say the year and folders, take the report folder's lock, import pandas in the background."""
    say(f"报告年度 {settings.year}")
    say(f"  原始报送 {paths.display_path(settings.raw)}")
    say(f"  清洗结果 {paths.display_path(settings.processed)}")
    say(f"  报告输出 {paths.display_path(settings.out)}")
    settings.out.mkdir(parents=True, exist_ok=True)
    stack.enter_context(folder_lock(settings.out))
    preload_in_background()


def run_clean_steps(settings: Settings) -> list[StepResult]:
    """Clean this year, and last year's raw folder at the same time when it is there (the
    year-on-year figures read it); this year's step first."""
    if settings.skip_clean:
        return [StepResult("clean", "skipped")]
    previous = previous_year_folders(settings)
    side = None
    if previous is not None and not paths.output_folder_problem(previous[1], settings.year - 1):
        side = start_step(clean_previous_command(settings, *previous))
    steps = [run_step("clean", clean_command(settings))]
    if side is not None:  # its one quiet line shown after this year's clean
        steps.append(finish_step("clean-previous", *side))
    return steps


def run_metrics_step(settings: Settings, before_run=None) -> StepResult:
    """The key figures (notebook 00 shows which of them need checking, 需核实)."""
    if settings.skip_metrics:
        return StepResult("metrics", "skipped")
    return cached_step(settings, "metrics", metrics_command(settings), metrics_inputs(settings), before_run)


def warm_kernels(stack: contextlib.ExitStack):
    """The zygote the kernels fork from, started now and stopped when the run ends."""
    zygote = start_zygote()
    if zygote is not None:
        stack.callback(zygote.close)
    return zygote


def execute_notebooks(selected: list[Path], settings: Settings, zygote=None) -> tuple[list[NotebookResult], StepResult]:
    """Run (or keep) the notebooks; which must execute is known once the data is clean."""
    start = time.perf_counter()
    results: list[NotebookResult] = []
    if selected:
        results = run_notebooks(selected, settings, plan_notebooks(selected, settings), zygote)
    else:
        say(f"{settings.notebooks_dir} 中没有笔记本（NN_名称.ipynb）。")
    status = "ok" if all(r.status == "ok" for r in results) else "failed"
    return results, StepResult("notebooks", status, duration_s=round(time.perf_counter() - start, 3))


def finish_run(settings: Settings, started: datetime, t0: float, steps: list[StepResult],
               results: list[NotebookResult], before) -> int:
    """Write the quality files, index page and run manifest, print the summary; the exit status."""
    from . import pack as report_pack

    changes = what_changed(settings, before)
    quality = skip_blocked(write_quality, settings) or {}
    index_file = report_pack.write_index(settings, results, steps, quality, changes=changes)
    manifest_file = report_pack.write_manifest(
        settings, started, time.perf_counter() - t0, steps, results, quality=quality, changes=changes
    )
    failed = [r for r in results if r.status != "ok"]
    failed_steps = [s for s in steps if s.status == "failed" and s.name != "notebooks"]
    say("")
    say(f"用时 {format_seconds(time.perf_counter() - t0)}；笔记本 {len(results) - len(failed)}/"
        f"{len(results)} 成功。")
    for r in failed:
        say(f"  {describe_failure(r.name, r.error or {})}")
        if r.executed:
            say(f"    部分执行结果：{settings.out / r.executed}")
    for s in failed_steps:
        say(f"  步骤 {s.name} 失败（退出码 {s.returncode}）")
    for line in changes_lines(changes) + verify_lines(settings) + rerun_lines(steps, results):
        say(line)
    say(f"目录页：{paths.display_path(index_file)}")
    say(f"运行清单：{paths.display_path(manifest_file)}")
    if failed or failed_steps:
        return 1
    blocked = report_blocked(0)  # a file of this process open in Excel: one line each
    return EXIT_BLOCKED if blocked or any(s.returncode == EXIT_BLOCKED for s in steps) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""``clean`` over a folder: list the raw files, reuse cached results, read the rest in isolated
worker processes (:mod:`analysis.intake.isolation`), then combine everything into the processed folder.

Every file is read in a worker process under a memory and a time limit, also with ``--jobs 1``:
a file that crashes, exhausts or hangs the reader becomes one error issue and the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from concurrent.futures import as_completed
from pathlib import Path

from ..paths import CONFIG
from ..progress import Progress
from .cache import cache_key, load_cached, prune, store
from .executor import Executor, Limits, TaskFailed
from .isolation import IsolatedPool
from .issues import Issue
from .overrides import FILE_NAME as OVERRIDES_FILE
from .overrides import load_overrides
from .pipeline import find_file_department, process_file
from .reading import READER_CRASHED, sniff_format
from .results import CleanSummary, FileResult

_log = logging.getLogger(__name__)


def default_limits() -> Limits:
    """The read limits of analysis.toml ([intake] memory_limit, file_timeout)."""
    return Limits(CONFIG.memory_limit, CONFIG.file_timeout)


def list_raw_files(raw: Path) -> list[Path]:
    """Return every file under ``raw`` (recursively), sorted: workbooks and everything else (each
    is accounted for), but not the analyst's own overrides.csv."""
    files = [p for p in raw.rglob("*") if p.is_file() and not (p.parent == raw and p.name == OVERRIDES_FILE)]
    return sorted(files, key=lambda p: p.relative_to(raw).as_posix())


def _work(args: tuple) -> bytes:
    """Process one file in a worker: its result pickled once, for the cache and for the reply."""
    return _process(args)[1]


def _process(args: tuple) -> tuple[FileResult, bytes]:
    """Process one file and store its pickled result in the cache; return the result and its pickle.

    A failure of our own code becomes an error result that is not cached; a panic that escaped
    the reader becomes the reader-crash error; running out of memory is left to the worker pool.
    """
    path, rel, sha, year, cache_file, overrides = args
    try:
        result = process_file(rel, Path(path).read_bytes(), sha, year, overrides)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the batch
        message = (f"处理此文件时程序出错（{type(exc).__name__}: {str(exc)[:80]}），本文件未采用任何数据："
                   "请把此文件交给数据分析维护人员排查")
        result = failed_result(rel, sha, message)
        return result, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # a panic (pyo3 PanicException) outside the reader's own guard
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        result = failed_result(rel, sha, f"{READER_CRASHED}（{type(exc).__name__}）")
        return result, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    store(Path(cache_file), data)
    return result, data


def failed_result(rel: str, sha: str, message: str, fmt: str = "") -> FileResult:
    """The result of a file none of whose data could be used: one error issue."""
    return FileResult(path=rel, sha256=sha, format=fmt, error=message,
                      issues=[Issue("error", rel, "", "", "", message, find_file_department(rel) or "")])


def isolation_failure(item: tuple, failure: TaskFailed) -> FileResult:
    """The error result of a file whose worker panicked, aborted, was killed or ran out of time."""
    path, rel, sha = item[0], item[1], item[2]
    try:
        fmt = sniff_format(Path(path).read_bytes())
    except Exception:  # noqa: BLE001 - the format is only informative here
        fmt = ""
    return failed_result(rel, sha, f"{READER_CRASHED}（{failure.reason()}）", fmt)


def run_clean(raw: Path, out: Path, year: int | None = None, jobs: int | None = None,
              progress: bool = True, limits: Limits | None = None) -> CleanSummary:
    """Clean every file under ``raw`` into ``out``; reuse cached results of unchanged files.

    Each file is read in a worker process under ``limits`` (default: analysis.toml [intake]).
    """
    raw, out = Path(raw), Path(out)
    limits = limits or default_limits()
    files = list_raw_files(raw)
    overrides = load_overrides(raw)
    entries = []
    for p in files:
        rel = p.relative_to(raw).as_posix()
        sha = hashlib.sha256(p.read_bytes()).hexdigest()
        entries.append((str(p), rel, sha, year))
    keys = {rel: cache_key(sha, rel, y, overrides.fingerprint(rel)) for _, rel, sha, y in entries}
    run_fp = hashlib.sha256(json.dumps([keys[r] for _, r, _, _ in entries]
                                       + [o.line for o in overrides.rows]).encode()).hexdigest()[:32]
    manifest_path = out / "manifest.json"
    cache_dir = out / ".cache"
    if manifest_path.is_file():
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
        except ValueError:
            old = {}
        # a file whose read failed in its worker has no cache entry: it is read again
        if old.get("run_fingerprint") == run_fp and (out / "issues.csv").is_file() \
                and all((cache_dir / f"{keys[r]}.pkl").is_file() for _, r, _, _ in entries):
            return CleanSummary(**{**old.get("summary", {}), "unchanged": True, "files_read_fresh": 0})
    cache_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, FileResult] = {}
    todo = []
    for path, rel, sha, y in entries:
        cached_file = cache_dir / f"{keys[rel]}.pkl"
        cached = load_cached(cached_file)
        if cached is not None:
            results[rel] = cached
            continue
        todo.append((path, rel, sha, y, str(cached_file), tuple(overrides.for_file(rel))))
    bar = Progress(len(entries), "读取文件", enabled=progress)
    bar.update(len(results))
    for res in results.values():
        if res.error:
            bar.note(f"无法读取：{res.path}：{res.error}")
    pool = start_pool(len(todo), jobs, limits)
    try:
        for rel, res in read_files(todo, pool, limits, pool.size if pool else 1):
            results[rel] = res
            if res.error:
                bar.note(f"无法读取：{rel}：{res.error}")
            bar.update(1)
        bar.close()
        prune(cache_dir, {f"{key}.pkl" for key in keys.values()})
        from .combine import combine_and_write

        ordered = [results[rel] for _, rel, _, _ in entries]
        summary = combine_and_write(ordered, out, run_fp, raw, year, submit=pool.submit if pool else None,
                                    files_read_fresh=len(todo), overrides=overrides)
    finally:
        if pool is not None:
            pool.shutdown()
    return summary


def start_pool(files: int, jobs: int | None, limits: Limits) -> IsolatedPool | None:
    """Worker processes for the files to read (and then the feedback workbooks); None when none is to be read."""
    if not files:
        return None
    from . import convert, layout, recognition  # noqa: F401 - loaded once, inherited by forked workers

    return IsolatedPool(min(jobs or os.cpu_count() or 1, files), limits, preload=(__name__,))


def memory_share(workers: int) -> int | None:
    """Three quarters of the machine's memory shared by the workers: no allowance goes past it."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # not a POSIX system
        return None
    return max(256 * 1024 * 1024, total * 3 // 4 // max(1, workers))


def read_files(todo: list, pool: Executor, limits: Limits, workers: int = 1):
    """Yield (file, result) for each file to read, as each worker finishes; a failed worker's file
    becomes an error result (never cached)."""
    ceiling = memory_share(workers)
    futures = {pool.submit(_work, item, limits=limits.for_size(os.path.getsize(item[0]), ceiling)): item
               for item in todo}
    _preload_combine()  # while the workers read files, load what combining needs
    for future in as_completed(futures):
        item = futures[future]
        try:
            result = pickle.loads(future.result())
        except TaskFailed as failure:
            _log.info("%s: %s (%s)", item[1], failure, failure.reason())
            result = isolation_failure(item, failure)
        _log.debug("%s: %.3f s", item[1], getattr(future, "elapsed", 0.0))
        yield item[1], result


def _preload_combine() -> None:
    """Import the modules of the combining step (pandas, pandera, pyarrow …) ahead of time."""
    import pyarrow.parquet  # noqa: F401

    from . import combine, schemas  # noqa: F401

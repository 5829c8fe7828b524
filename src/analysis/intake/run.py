"""``clean`` over a folder: list the raw files, reuse cached results, read the rest in isolated
worker processes (:mod:`analysis.intake.workers.isolation`) or on a Dask cluster
(:mod:`analysis.intake.workers.cluster`), then combine everything into the processed folder, rebuilding
only the datasets the changed files feed (:mod:`analysis.intake.combine.increments`).

Every file is read in a worker process under a memory and a time limit, also with ``--jobs 1``:
a file that crashes, exhausts or hangs the reader becomes one error issue and the batch goes on.
A worker stores the file's cache entry and sends back only its light result (the kept rows stay
in the cache until the dataset they feed is built).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from concurrent.futures import as_completed
from pathlib import Path

from ..files import folder_lock
from ..listing import SPECIAL_KINDS, RawEntry, list_raw
from ..paths import CONFIG
from ..progress import Progress
from .convert.pipeline import find_file_department, process_file
from .issues import make
from .reading.reading import READER_CRASHED, sniff_format
from .results import CleanSummary, FileResult, Stopwatch
from .words.overrides import FILE_NAME as OVERRIDES_FILE
from .words.overrides import load_overrides
from .workers.cache import FileHashes, cache_key, encode_entry, load_cached, prune, store
from .workers.executor import Executor, Limits, TaskFailed
from .workers.isolation import IsolatedPool
from .workers.warmup import warm_up

_log = logging.getLogger(__name__)


#: The light results of the last run in this process, by cache entry (its path and modification
#: time): a rerun in a notebook or another long-lived process takes them from here instead of
#: unpickling every entry again.
_LIGHT: dict[tuple[str, int], FileResult] = {}


def _entry_stamp(path: Path) -> tuple[str, int] | None:
    """A cache entry's path and modification time (None when there is no entry)."""
    try:
        return str(path), path.stat().st_mtime_ns
    except OSError:
        return None


def default_limits() -> Limits:
    """The read limits of analysis.toml ([intake] memory_limit, file_timeout)."""
    return Limits(CONFIG.memory_limit, CONFIG.file_timeout)


def list_raw_entries(raw: Path) -> list[RawEntry]:
    """Every entry under ``raw`` (recursively, links not followed), sorted: workbooks, everything
    else and special entries (each is accounted for), but not the analyst's own overrides.csv."""
    return [e for e in list_raw(raw) if e.rel != OVERRIDES_FILE]


def list_raw_files(raw: Path) -> list[Path]:
    """Return every regular file under ``raw`` (recursively, links not followed), sorted."""
    return [e.path for e in list_raw_entries(raw) if e.kind == "file"]


def special_result(entry: RawEntry) -> FileResult:
    """The result of an entry that is not read (a link, a pipe, a device): one warning issue."""
    message = SPECIAL_KINDS.get(entry.kind, SPECIAL_KINDS["other"])
    department = find_file_department(entry.rel) or ""
    return FileResult(path=entry.rel, sha256="", format=entry.kind, department=department, kind=entry.kind,
                      issues=[make("file-not-regular", entry.rel, department=department, message=message)])


def _work(args: tuple) -> tuple[bytes | None, bytes]:
    """Process one file in a worker of this machine: the worker stores the cache entry itself and
    replies with the pickled light result only (the kept rows stay in the cache)."""
    path, rel, sha, year, cache_file, overrides = args
    entry, light = _process(rel, Path(path).read_bytes(), sha, year, overrides)
    if entry is not None:
        store(Path(cache_file), entry)
    return None, light


def _work_remote(args: tuple) -> tuple[bytes | None, bytes]:
    """Process one file sent with its bytes (a worker elsewhere): reply with the cache entry to store
    (None when the result is not to be cached) and the pickled light result."""
    rel, data, sha, year, overrides = args
    return _process(rel, data, sha, year, overrides)


def _process(rel: str, data: bytes, sha: str, year: int | None, overrides: tuple) -> tuple[bytes | None, bytes]:
    """Process one file: (its cache entry, its pickled light result).

    A failure of our own code becomes an error result that is not cached (no entry); a panic that
    escaped the reader becomes the reader-crash error; running out of memory is left to the worker pool.
    """
    try:
        result = process_file(rel, data, sha, year, overrides)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the batch
        message = (f"处理此文件时程序出错（{type(exc).__name__}: {str(exc)[:80]}），本文件未采用任何数据："
                   "请把此文件交给数据分析维护人员排查")
        return None, pickle.dumps(failed_result(rel, sha, message), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # a panic (pyo3 PanicException) outside the reader's own guard
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        result = failed_result(rel, sha, f"{READER_CRASHED}（{type(exc).__name__}）")
        return None, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    return encode_entry(result)


def failed_result(rel: str, sha: str, message: str, fmt: str = "") -> FileResult:
    """The result of a file none of whose data could be used: one error issue."""
    return FileResult(path=rel, sha256=sha, format=fmt, error=message,
                      issues=[make("file-unreadable", rel, department=find_file_department(rel) or "", message=message)])


def isolation_failure(item: tuple, failure: TaskFailed) -> FileResult:
    """The error result of a file whose worker panicked, aborted, was killed or ran out of time."""
    path, rel, sha = item[0], item[1], item[2]
    try:
        fmt = sniff_format(Path(path).read_bytes())
    except Exception:  # noqa: BLE001 - the format is only informative here
        fmt = ""
    return failed_result(rel, sha, f"{READER_CRASHED}（{failure.reason()}）", fmt)


def run_clean(raw: Path, out: Path, year: int | None = None, jobs: int | None = None,
              progress: bool = True, limits: Limits | None = None, scheduler: str | None = None,
              stay_warm: bool = True) -> CleanSummary:
    """Clean every file under ``raw`` into ``out``; reuse cached results of unchanged files, and
    rewrite only the outputs that the changed files touch.

    Each file is read in a worker process under ``limits`` (default: analysis.toml [intake]): by
    default a pool of this machine's processes, with ``scheduler`` a Dask cluster ("local", or a
    scheduler address such as tcp://host:8786; see :mod:`analysis.intake.workers.cluster`). With ``stay_warm``
    (a notebook or another long-lived process) this process loads what reading needs while its
    workers read, so that the workers of its next run start warm; a one-shot command passes False.
    """
    raw, out = Path(raw), Path(out)
    with folder_lock(out):  # a second clean of this folder stops at once (FolderBusy)
        return _run_clean(raw, out, year, jobs, progress, limits, scheduler, stay_warm)


def _run_clean(raw: Path, out: Path, year: int | None, jobs: int | None, progress: bool,
               limits: Limits | None, scheduler: str | None, stay_warm: bool) -> CleanSummary:
    clock = Stopwatch()
    limits = limits or default_limits()
    listed = list_raw_entries(raw)
    specials = [special_result(e) for e in listed if e.kind != "file"]
    overrides = load_overrides(raw)
    cache_dir = out / ".cache"
    hashes = FileHashes(cache_dir / "file-hashes.json")
    entries = [(str(e.path), e.rel, hashes.sha256(e.path), year) for e in listed if e.kind == "file"]
    keys = {rel: cache_key(sha, rel, y, overrides.fingerprint(rel)) for _, rel, sha, y in entries}
    run_fp = hashlib.sha256(json.dumps([keys[r] for _, r, _, _ in entries]
                                       + [o.line for o in overrides.rows]
                                       + [f"{r.kind}:{r.path}" for r in specials]).encode()).hexdigest()[:32]
    manifest_path = out / "manifest.json"
    cache_files = {rel: cache_dir / f"{key}.pkl" for rel, key in keys.items()}
    if manifest_path.is_file():
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
        except ValueError:
            old = {}
        # a file whose read failed in its worker has no cache entry: it is read again
        if old.get("run_fingerprint") == run_fp and (out / "issues.csv").is_file() \
                and all(path.is_file() for path in cache_files.values()):
            hashes.save()
            return CleanSummary(**{**old.get("summary", {}), "unchanged": True, "files_read_fresh": 0})
    cache_dir.mkdir(parents=True, exist_ok=True)
    hashes.save()
    clock.lap("list and hash files")
    results: dict[str, FileResult] = {}
    todo = []
    wanted = {str(path) for path in cache_files.values()}
    for stamp in [stamp for stamp in _LIGHT if stamp[0] not in wanted]:
        del _LIGHT[stamp]  # another folder's or a changed file's: not held while this run reads
    for path, rel, sha, y in entries:
        cached = _LIGHT.get(_entry_stamp(cache_files[rel])) or load_cached(cache_files[rel])
        if cached is not None:
            results[rel] = cached
            continue
        todo.append((path, rel, sha, y, str(cache_files[rel]), tuple(overrides.for_file(rel))))
    bar = Progress(len(entries), "读取文件", enabled=progress)
    bar.update(len(results))
    for res in results.values():
        if res.error:
            bar.note(f"无法读取：{res.path}：{res.error}")
    clock.lap("load cached results")
    pool = start_executor(len(todo), jobs, limits, scheduler)
    clock.lap("start workers")
    try:
        for rel, res in read_files(todo, pool, limits, pool.size if pool else 1, stay_warm):
            results[rel] = res
            if res.error:
                bar.note(f"无法读取：{rel}：{res.error}")
            bar.update(1)
        bar.close()
        clock.lap("read files (workers)")
        prune(cache_dir, {path.name for path in cache_files.values()})
        _LIGHT.clear()  # this run's light results, kept for the next run in this process
        _LIGHT.update((stamp, res) for rel, res in results.items() if (stamp := _entry_stamp(cache_files[rel])))
        from .combine.combine import combine_and_write

        ordered = sorted([*(results[rel] for _, rel, _, _ in entries), *specials], key=lambda r: r.path)
        local = pool is not None and not getattr(pool, "remote", False)
        summary = combine_and_write(ordered, out, run_fp, raw, year, submit=pool.submit if local else None,
                                    files_read_fresh=len(todo), overrides=overrides,
                                    sources={rel: (keys[rel], cache_files[rel]) for rel in keys}, clock=clock)
    finally:
        if pool is not None:
            pool.shutdown()
    clock.lap("stop workers")
    summary.stages = clock.stages
    return summary


def start_executor(files: int, jobs: int | None, limits: Limits, scheduler: str | None = None) -> Executor | None:
    """Workers for the files to read: this machine's processes (which then also write the feedback
    workbooks), or a Dask cluster with ``scheduler``; None when no file is to be read."""
    if not files:
        return None
    if scheduler:
        from .workers.cluster import DaskExecutor

        return DaskExecutor(scheduler, jobs, limits)
    from ..resources import load_vocabularies
    from .convert import convert  # noqa: F401 - loaded once, inherited by forked workers
    from .layout import layout  # noqa: F401 - loaded once, inherited by forked workers
    from .recognise import recognition  # noqa: F401 - loaded once, inherited by forked workers
    from .words.vocabulary import vocabulary_index

    recognition.header_index()  # the matching indices, from the disk cache: inherited too
    for name in load_vocabularies():
        vocabulary_index(name)
    return IsolatedPool(worker_count(files, jobs), limits, preload=(__name__,))


#: Files a worker should have to read before another worker pays its start (its fork, its first
#: file's warm-up): a few changed files are read by one worker.
FILES_PER_WORKER = 6


def worker_count(files: int, jobs: int | None) -> int:
    """Workers for ``files`` files: ``jobs`` (default: the cores) at most, one per
    FILES_PER_WORKER files, at least one."""
    most = jobs or os.cpu_count() or 1
    return max(1, min(most, files, -(-files // FILES_PER_WORKER)))


def memory_share(workers: int) -> int | None:
    """Three quarters of the machine's memory shared by the workers: no allowance goes past it."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # not a POSIX system
        return None
    return max(256 * 1024 * 1024, total * 3 // 4 // max(1, workers))


def read_files(todo: list, pool: Executor, limits: Limits, workers: int = 1, stay_warm: bool = True):
    """Yield (file, light result) for each file to read, as each worker finishes; a failed worker's
    file becomes an error result (never cached).

    Workers of this machine read the files themselves and store their cache entries; a remote
    executor's workers get each file's bytes (a window of them at a time, so that memory stays
    bounded) and send the entry back, which is stored here.
    """
    ceiling = memory_share(workers)
    remote = getattr(pool, "remote", False)
    window = max(8, 4 * workers) if remote else len(todo)
    queue = iter(todo)
    futures: dict = {}

    def submit_next() -> None:
        for item in queue:
            item_limits = limits.for_size(os.path.getsize(item[0]), ceiling)
            if remote:
                path, rel, sha, year, _, overrides = item
                args = (rel, Path(path).read_bytes(), sha, year, overrides)
                futures[pool.submit(_work_remote, args, limits=item_limits)] = item
            else:
                futures[pool.submit(_work, item, limits=item_limits)] = item
            if len(futures) >= window:
                return

    submit_next()
    # while the workers read files, load what combining needs
    _preload_combine(warm=stay_warm and len(todo) > 2 * workers)
    while futures:
        for future in as_completed(list(futures)):
            item = futures.pop(future)
            try:
                entry, light = future.result()
                if entry is not None:
                    store(Path(item[4]), entry)
                result = pickle.loads(light)
            except TaskFailed as failure:
                _log.info("%s: %s (%s)", item[1], failure, failure.reason())
                result = isolation_failure(item, failure)
            _log.debug("%s: %.3f s", item[1], getattr(future, "elapsed", 0.0))
            yield item[1], result
            submit_next()  # a remote executor's next file, now that one is done


def _preload_combine(warm: bool = False) -> None:
    """Import the modules of the combining step (pandas, pandera, pyarrow …) ahead of time; with
    ``warm`` (a batch long enough to hide it), also warm this process up, so that the workers of
    its next run (a rerun after a few changed files, in a notebook or a long-lived process) start
    warm. A short batch is not delayed by it: its workers warm themselves on their own files."""
    import pyarrow.parquet  # noqa: F401

    from .combine import (
        combine,  # noqa: F401
        schemas,  # noqa: F401
    )

    if warm:
        warm_up()

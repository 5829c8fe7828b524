"""``clean`` over a folder: list the raw files, reuse cached results, read the rest in worker
processes, then combine everything into the processed folder."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..progress import Progress
from .cache import cache_key, load_cached, prune, store
from .issues import Issue
from .overrides import FILE_NAME as OVERRIDES_FILE
from .overrides import load_overrides
from .pipeline import find_file_department, process_file
from .results import CleanSummary, FileResult


def list_raw_files(raw: Path) -> list[Path]:
    """Return every file under ``raw`` (recursively), sorted: workbooks and everything else (each
    is accounted for), but not the analyst's own overrides.csv."""
    files = [p for p in raw.rglob("*") if p.is_file() and not (p.parent == raw and p.name == OVERRIDES_FILE)]
    return sorted(files, key=lambda p: p.relative_to(raw).as_posix())


def _work(args: tuple) -> bytes:
    """Process one file in a worker: its result pickled once, for the cache and for the reply."""
    return _process(args)[1]


def _process(args: tuple) -> tuple[FileResult, bytes]:
    """Process one file and store its pickled result in the cache; return the result and its pickle."""
    path, rel, sha, year, cache_file, overrides = args
    try:
        result = process_file(rel, Path(path).read_bytes(), sha, year, overrides)
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the batch
        message = (f"处理此文件时程序出错（{type(exc).__name__}: {str(exc)[:80]}），本文件未采用任何数据："
                   "请把此文件交给数据分析维护人员排查")
        result = FileResult(path=rel, sha256=sha, error=message,
                            issues=[Issue("error", rel, "", "", "", message, find_file_department(rel) or "")])
        return result, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    store(Path(cache_file), data)
    return result, data


def run_clean(raw: Path, out: Path, year: int | None = None, jobs: int | None = None,
              progress: bool = True) -> CleanSummary:
    """Clean every file under ``raw`` into ``out``; reuse cached results of unchanged files."""
    raw, out = Path(raw), Path(out)
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
    if manifest_path.is_file():
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
        except ValueError:
            old = {}
        if old.get("run_fingerprint") == run_fp and (out / "issues.csv").is_file():
            return CleanSummary(**{**old.get("summary", {}), "unchanged": True, "files_read_fresh": 0})
    cache_dir = out / ".cache"
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
    pool = _start_pool(todo, jobs)
    try:
        for rel, res in _results(todo, pool):
            results[rel] = res
            bar.update(1)
        bar.close()
        prune(cache_dir, {f"{key}.pkl" for key in keys.values()})
        from .combine import combine_and_write

        ordered = [results[rel] for _, rel, _, _ in entries]
        summary = combine_and_write(ordered, out, run_fp, raw, year, submit=pool.submit if pool else None,
                                    files_read_fresh=len(todo), overrides=overrides)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return summary


def _start_pool(todo: list, jobs: int | None) -> ProcessPoolExecutor | None:
    """Worker processes for the files to read (and then the feedback workbooks); None to work serially."""
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1 or len(todo) < 3:
        return None
    import multiprocessing as mp

    from . import convert, layout, recognition  # noqa: F401 - loaded once, inherited by forked workers

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def _results(todo: list, pool: ProcessPoolExecutor | None):
    """Yield (file, result) for each file to read, in order; in the pool's workers when there is one."""
    if pool is None:
        for item in todo:
            yield item[1], _process(item)[0]
        return
    chunk = max(1, len(todo) // (pool._max_workers * 25))  # small chunks: workers finish together
    results = pool.map(_work, todo, chunksize=chunk)
    _preload_combine()  # while the workers read files, load what combining needs
    for item, res in zip(todo, results, strict=True):
        yield item[1], pickle.loads(res)


def _preload_combine() -> None:
    """Import the modules of the combining step (pandas, pandera, pyarrow …) ahead of time."""
    import pyarrow.parquet  # noqa: F401

    from . import combine, schemas  # noqa: F401

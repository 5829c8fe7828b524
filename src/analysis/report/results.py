"""The runner's result cache: a notebook (or a step) is not run again while nothing it depends on
changed.

A notebook's record, ``<out>/.cache/notebooks/<name>.json`` (plain JSON), holds what its last
successful execution depended on: the notebook file (code and parameter defaults), the
parameters passed, the package's version and source, the resource tables, the versions of the
libraries that draw and write, every processed file it read (recorded by ``load_dataset`` and the
other readers as it ran, see :mod:`analysis.reads`) and every file it wrote (executed notebook,
HTML page, figures, tables). When all of them are as recorded, the runner keeps the outputs;
otherwise it says why it executes the notebook again.

A file is compared by its SHA-256; the hash is taken again only when the file's size or
modification time moved.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..files import write_atomic
from ..paths import PACKAGE_DIR, PROJECT_ROOT
from ..reads import KEY_MARK

RECORD_FORMAT = 1
REUSED = "沿用上次结果"
#: Libraries whose version can change a figure, a table or a page.
LIBRARIES = ("pandas", "numpy", "matplotlib", "seaborn", "openpyxl", "pyarrow", "nbconvert", "ipykernel")


# ---------------------------------------------------------------- fingerprints


@cache
def package_fingerprint() -> str:
    """The package's version and the hash of its Python source (any code a notebook calls)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


@cache
def resource_fingerprint() -> str:
    """The hash of the resource tables (datasets, fields, vocabularies, metrics, report figures …)."""
    from ..resources import fingerprint

    return fingerprint()


@cache
def library_versions() -> dict[str, str]:
    versions = {"python": sys.version.split()[0]}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "?"
    return versions


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _folder_files(path: Path) -> list[Path]:
    """The files of a folder that a reader may see (hidden files and folders left out)."""
    return sorted(p for p in path.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(path).parts))


def stamp(path: Path, before: dict | None = None) -> dict | None:
    """A file's (or a folder's) size, modification time and SHA-256; None when it is missing.

    The hash of ``before`` is taken over when size and time are the same."""
    try:
        if path.is_dir():
            files = _folder_files(path)
            info = [(p.relative_to(path).as_posix(), p.stat()) for p in files]
            size = sum(s.st_size for _, s in info)
            mtime = max((s.st_mtime_ns for _, s in info), default=0)
            shape = hashlib.sha256(json.dumps([(n, s.st_size, s.st_mtime_ns) for n, s in info]).encode()).hexdigest()
            if before and before.get("size") == size and before.get("shape") == shape:
                return before
            digest = hashlib.sha256()
            for (name, _), file in zip(info, files, strict=True):
                digest.update(name.encode() + b"\0" + _file_sha(file).encode())
            return {"size": size, "mtime_ns": mtime, "shape": shape, "sha256": digest.hexdigest()}
        info = path.stat()
    except OSError:
        return None
    if before and before.get("size") == info.st_size and before.get("mtime_ns") == info.st_mtime_ns:
        return before
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "sha256": _file_sha(path)}


def stamp_read(entry: str, before: dict | None = None) -> dict | None:
    """The stamp of a recorded read: a file or folder, or ``<file>::<key>``, one entry of a JSON
    file (then the hash of that entry alone)."""
    path, mark, key = entry.partition(KEY_MARK)
    if not mark:
        return stamp(Path(path), before)
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError, AttributeError):
        return None
    return {"sha256": hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()}


def same(a: dict | None, b: dict | None) -> bool:
    """Two stamps of the same content (both missing counts as the same)."""
    if a is None or b is None:
        return a is None and b is None
    return a.get("sha256") == b.get("sha256")


# ---------------------------------------------------------------- records


def record_path(out: Path, name: str) -> Path:
    return out / ".cache" / "notebooks" / f"{Path(name).stem}.json"


def read_record(path: Path) -> dict | None:
    """A notebook's record (None when missing, unreadable or of another format)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("format") == RECORD_FORMAT else None


def settings_key(parameters: dict, show_code: bool, kernel: str) -> dict:
    return {"parameters": parameters, "show_code": show_code, "kernel": kernel}


def shown_path(path: str, out: Path) -> str:
    """A recorded path as the summary names it: relative to the output folder or the project."""
    for base in (out, PROJECT_ROOT):
        try:
            return Path(path).relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path


def dataset_label(path: str, year: object = None) -> str:
    """``data/processed/2025/disputes.parquet`` → ``disputes``; another year's gets its year."""
    p = Path(path.partition(KEY_MARK)[0])
    name = p.name.removesuffix(".parquet")
    other_year = p.parent.name.isdigit() and p.parent.name != str(year)
    return f"{name}（{p.parent.name} 年）" if other_year else name


def why_stale(notebook: Path, out: Path, settings: dict, record: dict | None,
              data: bool = True) -> tuple[str | None, dict]:
    """(None, refreshed stamps) when the notebook's record still holds, else (the reason, {}).

    Without ``data``, only what does not depend on the data (notebook, settings, code, resources,
    libraries) is compared: a reason then is sure before the data is cleaned."""
    if record is None:
        return "没有上次的执行记录", {}
    if not same(record.get("notebook"), stamp(notebook, record.get("notebook"))):
        return "笔记本已修改", {}
    if record.get("settings") != settings:
        return "运行参数有变化", {}
    if record.get("package") != package_fingerprint():
        return "程序代码已更新", {}
    if record.get("resources") != resource_fingerprint():
        return "资源表已更新", {}
    if record.get("libraries") != library_versions():
        return "软件包版本有变化", {}
    if not data:
        return None, {}
    reads = {}
    changed = []
    for path, before in record.get("reads", {}).items():
        reads[path] = now = stamp_read(path, before)
        if not same(before, now):
            changed.append(dataset_label(path, settings.get("parameters", {}).get("year")))
    if changed:
        return "数据有变化：" + "、".join(changed), {}
    outputs = {}
    for path, before in record.get("outputs", {}).items():
        outputs[path] = now = stamp(out / path, before)
        if now is None or not same(before, now):
            return f"输出文件缺失或被改动：{path}", {}
    return None, {"reads": reads, "outputs": outputs}


def write_record(notebook: Path, out: Path, settings: dict, reads: list[str], written: list[str],
                 result: dict) -> None:
    """Record what a successful execution depended on and produced (``result``: title, HTML …)."""
    outputs: dict[str, dict | None] = {}
    for path in [*written, *(str(out / p) for p in (result.get("executed"), result.get("html")) if p)]:
        rel = shown_path(path, out)
        if Path(rel).is_absolute():
            continue  # written outside the output folder: not the runner's to keep
        outputs[rel] = stamp(out / rel)
    record = {
        "format": RECORD_FORMAT,
        "notebook": stamp(notebook),
        "settings": settings,
        "package": package_fingerprint(),
        "resources": resource_fingerprint(),
        "libraries": library_versions(),
        "reads": {path: stamp_read(path) for path in reads},
        "outputs": outputs,
        "result": result,
    }
    save_record(record_path(out, notebook.name), record)


def save_record(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # our own bookkeeping (paths, sizes, times, hashes): not checked for personal data, whose shape a
    # nanosecond time or a hash can take by chance
    write_atomic(path, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"), guard=False)


def refresh_record(path: Path, record: dict, stamps: dict) -> None:
    """Keep the stamps just taken (a file touched but not changed is not hashed again next time)."""
    changed = any(record.get(kind, {}) != value for kind, value in stamps.items())
    if changed:
        save_record(path, {**record, **stamps})


def forget(out: Path, name: str) -> None:
    """Drop a notebook's record (its execution failed)."""
    record_path(out, name).unlink(missing_ok=True)


# ---------------------------------------------------------------- steps (metrics, draft)


def step_state(out: Path, name: str, files: list[Path], extra: dict,
               outputs: list[Path]) -> tuple[bool, dict]:
    """(whether the step's last successful run had these inputs and its outputs are unchanged,
    the inputs now): the stamps of its input files and folders, the package and resources."""
    record = read_record(out / ".cache" / "steps" / f"{name}.json")
    before = (record or {}).get("inputs", {}).get("files", {})
    inputs = {"package": package_fingerprint(), "resources": resource_fingerprint(), **extra,
              "files": {str(p): stamp(p, before.get(str(p))) for p in files}}
    if record is None:
        return False, inputs
    stored = {k: v for k, v in record.get("inputs", {}).items() if k != "files"}
    if stored != {k: v for k, v in inputs.items() if k != "files"} or set(before) != set(inputs["files"]):
        return False, inputs
    if not all(same(before[p], inputs["files"][p]) for p in before):
        return False, inputs
    kept = record.get("outputs", {})
    for path in outputs:
        now = stamp(path, kept.get(str(path)))
        if now is None or not same(kept.get(str(path)), now):
            return False, inputs
    return True, inputs


def record_step(out: Path, name: str, inputs: dict, outputs: list[Path], result: dict | None = None) -> None:
    """Note a successful run of a step: its inputs, what it wrote (and what it answered)."""
    record = {"format": RECORD_FORMAT, "inputs": inputs, "outputs": {str(p): stamp(p) for p in outputs},
              "result": result}
    save_record(out / ".cache" / "steps" / f"{name}.json", record)


def step_result(out: Path, name: str) -> dict | None:
    """What a step answered at its last successful run (see :func:`record_step`)."""
    return (read_record(out / ".cache" / "steps" / f"{name}.json") or {}).get("result")


def forget_step(out: Path, name: str) -> None:
    (out / ".cache" / "steps" / f"{name}.json").unlink(missing_ok=True)

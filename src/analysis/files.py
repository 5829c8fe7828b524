"""Writing files people and programs read: atomic writes, CSV for Excel (UTF-8 with BOM, text
that Excel would run as a formula neutralised), an output that cannot be replaced (open in Excel
or Word on Windows, or a folder in its place) reported in one Chinese line, and a lock on an
output folder so that two runs never interleave their files."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path

from .personal import guard_bytes

#: CSV written for people: Excel on Windows shows the Chinese only when the file starts with a BOM.
CSV_ENCODING = "utf-8-sig"
#: Exit code of a command that wrote everything except outputs it could not replace (documented).
EXIT_BLOCKED = 3
#: The lock file of an output folder (hidden; left in place, the lock is on the open file).
LOCK_NAME = ".analysis.lock"
#: What a text cell Excel would run as a formula (or a DDE payload) may start with (OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class OutputBlocked(OSError):
    """An output that cannot be written: the file is open in another program (Windows locks it), it
    is read-only, or a folder stands in its place."""

    def __init__(self, path: str | os.PathLike, reason: str = "") -> None:
        super().__init__(str(path), reason)
        self.path = str(path)
        self.reason = reason

    def line(self) -> str:
        """One Chinese line naming the file and what to do."""
        from .paths import display_path

        where = display_path(Path(self.path))
        if self.reason == "folder":
            return f"无法写入 {where}：该位置是一个文件夹，请移走或改名后重试"
        return f"无法写入 {where}：文件可能正在 Excel/Word 等程序中打开或为只读，请关闭该文件后重试"


class FolderBusy(Exception):
    """Another run holds the lock of an output folder."""

    def __init__(self, folder: str | os.PathLike) -> None:
        super().__init__(str(folder))
        self.folder = str(folder)

    def line(self) -> str:
        """One Chinese line: which folder is busy and what to do."""
        from .paths import display_path

        return (f"另一个命令正在写入 {display_path(Path(self.folder))}（清洗或重建尚未结束），"
                "请等它结束后再运行")


#: Outputs skipped because they could not be replaced, in the order met (see :func:`note_blocked`).
_BLOCKED: list[str] = []


def note_blocked(line: str) -> None:
    """Remember an output that was skipped (its Chinese line), so the command ends with exit 3."""
    if line not in _BLOCKED:
        _BLOCKED.append(line)


def blocked_count() -> int:
    """How many outputs were skipped so far (not yet taken)."""
    return len(_BLOCKED)


def skip_blocked(write, *args, **kwargs):
    """Call ``write(*args, **kwargs)``; an output it cannot replace is noted (exit 3 at the end)
    and the caller goes on with the others. Return what ``write`` returned, or None."""
    try:
        return write(*args, **kwargs)
    except OutputBlocked as blocked:
        note_blocked(blocked.line())
    except PermissionError as exc:  # a copy or removal refused: the file is open elsewhere
        note_blocked(OutputBlocked(exc.filename or "").line())
    return None


def take_blocked() -> list[str]:
    """The lines of the outputs skipped since the last call (and forget them)."""
    lines = list(_BLOCKED)
    _BLOCKED.clear()
    return lines


def report_blocked(code: int = 0) -> int:
    """Print the skipped outputs (one Chinese line each, on stderr); return exit 3 when there were
    any, else ``code``."""
    lines = take_blocked()
    for line in lines:
        print(f"错误：{line}", file=sys.stderr)
    return EXIT_BLOCKED if lines and code == 0 else code


def temporary_name(path: Path) -> Path:
    """A hidden temporary name beside ``path`` (same folder, so the rename is atomic)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def replace_file(tmp: Path, path: Path) -> None:
    """Rename ``tmp`` over ``path``; a target that cannot be replaced raises :class:`OutputBlocked`."""
    if path.is_dir():
        raise OutputBlocked(path, "folder")
    try:
        os.replace(tmp, path)
    except PermissionError as exc:
        raise OutputBlocked(path) from exc
    except IsADirectoryError as exc:
        raise OutputBlocked(path, "folder") from exc


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` for a writer that wants a file name (a library's
    ``save``); on success it is renamed over ``path``, on any failure (Ctrl-C included) removed,
    so that ``path`` holds either its old content or the whole new one."""
    path = Path(path)
    if path.is_dir():
        raise OutputBlocked(path, "folder")
    tmp = temporary_name(path)
    try:
        yield tmp
        replace_file(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_atomic(path: str | os.PathLike, content: bytes, guard: bool = True) -> Path:
    """Write ``content`` to ``path`` through a temporary file, so readers never see half a file.

    An output is checked for personal data first (``personal.guard_bytes``: refused when it
    holds any); only writers of raw test data pass ``guard=False``."""
    path = Path(path)
    if guard:
        guard_bytes(content, path)  # the last check: no personal data in anything we write
    with atomic_path(path) as tmp:
        tmp.write_bytes(content)
    return path


def save_atomic(document, path: str | os.PathLike) -> Path:
    """Save a document object with a ``save(file)`` method (python-docx, openpyxl) atomically."""
    import io

    buffer = io.BytesIO()
    document.save(buffer)
    return write_atomic(path, buffer.getvalue())


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return write_atomic(path, text.encode("utf-8"))


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` (atomically) unless ``path`` already holds exactly these bytes, so that an
    unchanged output keeps its modification time; return whether it was written."""
    path = Path(path)
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except OSError:
        pass
    write_atomic(path, content)
    return True


def neutralise_cell(value: object) -> object:
    """A text cell Excel would run as a formula (starts with = + - @, a tab or a CR), with a single
    quote in front (OWASP); a CR inside a text becomes a line break (the CSV quotes it, no row is
    cut); any other value as it is (numbers, negative ones too, stay numbers)."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_STARTS):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def neutralise_frame(frame):
    """The table with every text cell and column name neutralised (:func:`neutralise_cell`);
    numeric and date columns untouched, the caller's frame too."""
    import pandas as pd

    out = frame
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        values = series.astype(object)
        if any(isinstance(v, str) and (v.startswith(_FORMULA_STARTS) or "\r" in v) for v in values):
            if out is frame:
                out = frame.copy()
            out[column] = values.map(neutralise_cell)
    names = [neutralise_cell(c) for c in frame.columns]
    if names != list(frame.columns):
        out = out.copy() if out is frame else out
        out.columns = names
    return out


def csv_text(frame, index: bool = False) -> str:
    """A DataFrame as CSV text with '\\n' line ends, text cells neutralised for Excel."""
    return neutralise_frame(frame).to_csv(index=index, lineterminator="\n")


def write_csv(frame, path: str | os.PathLike, index: bool = False, keep_unchanged: bool = False) -> Path:
    """Write a table for people: UTF-8 with BOM (Excel opens it), '\\n' line ends, text Excel would
    run as a formula neutralised, atomically (with ``keep_unchanged``, a file that already holds the
    same table is left as it is)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    content = csv_text(frame, index).encode(CSV_ENCODING)
    if keep_unchanged:
        write_if_changed(path, content)
        return path
    return write_atomic(path, content)


#: Folders this process holds the lock of: path → (open lock file, depth).
_HELD: dict[str, list] = {}


def _try_lock(handle) -> bool:
    """Take an exclusive lock on an open file without waiting; False when another process holds it
    (a file system without locks, e.g. some network shares, counts as free: the run goes on)."""
    import errno

    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK)
    return True


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike) -> Iterator[Path]:
    """Hold the lock of an output folder while writing into it: a second process wanting it gets
    :class:`FolderBusy` at once (no waiting). The same process may take it again (a run cleaning
    inside its own lock)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key = str(folder.resolve())
    held = _HELD.get(key)
    if held is not None:
        held[1] += 1
        try:
            yield folder
        finally:
            held[1] -= 1
        return
    try:
        handle = open(folder / LOCK_NAME, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
    except PermissionError as exc:  # a read-only folder: nothing could be written there anyway
        raise OutputBlocked(folder / LOCK_NAME) from exc
    if not _try_lock(handle):
        handle.close()
        raise FolderBusy(folder)
    _HELD[key] = [handle, 1]
    try:
        yield folder
    finally:
        del _HELD[key]
        handle.close()  # closing the file releases the lock

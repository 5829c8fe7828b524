"""What a raw folder holds: regular files to read, and the special entries (symbolic links,
pipes, devices, sockets) that are listed but never opened, so that no link is followed out of the
folder and no read waits forever on a pipe. A name that is not valid UTF-8 (what unzipping a
Windows archive gives on Linux) is shown decoded as GBK, or with replacement marks."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

#: kind of a special entry → what the manifest and the issue say of it
SPECIAL_KINDS = {
    "link": "符号链接（快捷方式），未读取：请把所指的文件本身放入报送文件夹",
    "fifo": "命名管道，不是文件，未读取",
    "device": "设备文件，不是文件，未读取",
    "socket": "套接字，不是文件，未读取",
    "other": "不是普通文件，未读取",
}


@dataclass(frozen=True)
class RawEntry:
    """One entry under the raw folder: its real path, its name for people (relative, '/'), its kind."""

    path: Path
    rel: str
    kind: str = "file"  # file, or one of SPECIAL_KINDS


def safe_name(name: str) -> str:
    """``name`` as valid text: a file-system name that is not UTF-8 (undecodable bytes kept as
    surrogates) decoded as GBK (Windows archives), else with replacement marks."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        data = os.fsencode(name)
    for encoding in ("gb18030",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", "replace")


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def list_raw(raw: Path) -> list[RawEntry]:
    """Every entry under ``raw`` (recursively, links not followed), sorted by name for people."""
    raw = Path(raw)
    found: list[RawEntry] = []
    for folder, dirs, names in os.walk(raw, followlinks=False):
        base = Path(folder)
        for name in [*dirs, *names]:
            path = base / name
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                continue  # walked into (a link to a folder is a link: not followed)
            found.append(RawEntry(path, safe_name(path.relative_to(raw).as_posix()), _kind(mode)))
    return sorted(_unique(found), key=lambda e: e.rel)


def _unique(entries: list[RawEntry]) -> list[RawEntry]:
    """Entries whose names for people are all different: two names that read the same once decoded
    (undecodable bytes replaced) get a number, so no file hides another."""
    taken = {e.rel for e in entries}
    seen: set[str] = set()
    out = []
    for entry in sorted(entries, key=lambda e: os.fsencode(e.path)):
        rel = entry.rel
        if rel in seen:
            stem, dot, suffix = rel.rpartition(".") if "." in rel.rsplit("/", 1)[-1] else (rel, "", "")
            n = 2
            while (rel := f"{stem}（{n}）{dot}{suffix}") in taken:
                n += 1
            taken.add(rel)
            entry = RawEntry(entry.path, rel, entry.kind)
        seen.add(rel)
        out.append(entry)
    return out

"""Damaged copies of workbooks, the kinds a mail gateway or a USB stick produces, for fuzz tests
and the robustness benchmark: a cut-off end, flipped bits, a block of zeroed bytes, a damaged or
missing part of an .xlsx, a swapped extension. Every mutation is deterministic for its seed.

Two small .xls files crash python-calamine outright (found by experiment, calamine 0.9): cut in
the workbook stream's last sector, it panics (``PanicException``); with its allocation table
(FAT) zeroed, every sector chain loops back to sector 0 and the reader allocates without end.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

SECTOR = 512
#: Kinds of damage, each a function (bytes, suffix, rng) -> (bytes, suffix) or None when it does not apply.
Mutation = Callable[[bytes, str, random.Random], "tuple[bytes, str] | None"]


def truncate(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    """Cut the file off somewhere between 5 % and 98 % of its length."""
    return data[: max(1, int(len(data) * rng.uniform(0.05, 0.98)))], suffix


def flip_bits(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    """Flip 1–16 random bits."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out), suffix


def zero_range(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    """Zero a block of 64 bytes to a quarter of the file (a bad sector)."""
    size = rng.randint(64, max(64, len(data) // 4))
    start = rng.randrange(max(1, len(data) - size))
    return data[:start] + bytes(min(size, len(data) - start)) + data[start + size:], suffix


def damage_member(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str] | None:
    """Overwrite bytes inside one compressed part of an .xlsx (the zip directory stays readable)."""
    members = _members(data)
    if not members:
        return None
    info = rng.choice([m for m in members if m.compress_size > 8] or members)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = start + rng.randrange(max(1, info.compress_size))
        out[i] = rng.randrange(256)
    return bytes(out), suffix


def drop_member(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str] | None:
    """Rewrite an .xlsx without one of its parts (workbook, a sheet, shared strings, styles …)."""
    members = _members(data)
    if not members:
        return None
    gone = rng.choice(members).filename
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != gone:
                target.writestr(info, source.read(info.filename))
    return out.getvalue(), suffix


def swap_extension(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str]:
    """Keep the bytes, give the file another workbook extension (.xlsx ↔ .xls, .csv → .xlsx)."""
    others = {".xlsx": [".xls", ".csv"], ".xls": [".xlsx", ".csv"], ".csv": [".xlsx", ".xls"]}
    return data, rng.choice(others.get(suffix.lower(), [".xlsx"]))


def zero_fat(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str] | None:
    """Zero the first allocation-table sector of an .xls: sector chains loop (the reader's memory bomb)."""
    offset = fat_offset(data)
    if offset is None:
        return None
    return data[:offset] + bytes(SECTOR) + data[offset + SECTOR:], suffix


def cut_stream(data: bytes, suffix: str, rng: random.Random) -> tuple[bytes, str] | None:
    """Cut an .xls inside the last sector before its allocation table (the reader panics)."""
    offset = fat_offset(data)
    if offset is None:
        return None
    return data[: offset - rng.choice((64, 128, 256, 448))], suffix


MUTATIONS: dict[str, Mutation] = {
    "截断": truncate, "翻转位": flip_bits, "置零": zero_range, "损坏部件": damage_member,
    "缺少部件": drop_member, "扩展名错误": swap_extension, "分配表置零": zero_fat, "流截断": cut_stream,
}
#: The kinds a random fuzz run draws from (the last two are the known crashes, tested on their own).
RANDOM_KINDS = ("截断", "翻转位", "置零", "损坏部件", "缺少部件", "扩展名错误")


def fat_offset(data: bytes) -> int | None:
    """Byte offset of an .xls file's first FAT sector; None when it is no .xls workbook (an
    encrypted .xlsx is an OLE file too, but holds no Workbook stream)."""
    if data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or len(data) < SECTOR \
            or "Workbook".encode("utf-16-le") not in data:
        return None
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    first = struct.unpack_from("<I", data, 0x4C)[0]
    offset = (first + 1) << shift
    return offset if shift == 9 and offset + SECTOR <= len(data) else None


def _members(data: bytes) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return []


def damage_copies(sources: list[Path], root: Path, target: Path, count: int, seed: int,
                  kinds: tuple[str, ...] = RANDOM_KINDS) -> list[tuple[Path, str, Path]]:
    """Write ``count`` damaged copies of ``sources`` under ``target/<kind>/`` (keeping each file's
    folders below ``root``); return (copy, kind, source) for each. The same seed gives the same files."""
    rng = random.Random(seed)
    written = []
    attempts = 0
    while len(written) < count and attempts < count * 20:
        attempts += 1
        kind = kinds[len(written) % len(kinds)]
        source = rng.choice(sources)
        damaged = MUTATIONS[kind](source.read_bytes(), source.suffix, rng)
        if damaged is None:
            continue
        data, suffix = damaged
        rel = source.relative_to(root)
        path = target / kind / rel.parent / f"{rel.stem}_{kind}{len(written) + 1}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append((path, kind, source))
    return written


def tiny_xls() -> bytes:
    """A small .xls (5.5 KB, xlwt) with a title and three data rows; the same bytes every time."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    ws.write(0, 0, "区司法局普法活动台账")
    for c, label in enumerate(("活动日期", "活动名称", "活动类型", "覆盖人数")):
        ws.write(1, c, label)
    for r in range(2, 5):
        for c, value in enumerate((f"2025-0{r}-01", f"普法活动{r}", "专题活动", 10 * r)):
            ws.write(r, c, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def panicking_xls() -> bytes:
    """A tiny .xls cut inside its stream's last sector: python-calamine panics on it."""
    data = tiny_xls()
    return data[: fat_offset(data) - 256]


def exhausting_xls() -> bytes:
    """A tiny .xls whose allocation table is zeroed: python-calamine allocates until it is stopped."""
    data = tiny_xls()
    return zero_fat(data, ".xls", random.Random(0))[0]

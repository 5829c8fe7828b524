"""Sheet → table: title lines, header rows (one or two levels), data, totals, footers, blanks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import normalize_header
from .reading import Sheet
from .recognition import score_labels
from .values import normalize_text

_SPACES = re.compile(r"\s+")

HEADER_SCAN_ROWS = 30
_TOTAL = re.compile(r"^(.{0,8})(合计|总计|小计|共计|累计|总数)(.{0,4})$")
_FOOTER_ANY = re.compile(r"(填表人|填报人|审核人|制表人|负责人|联系电话|评查组长|统计人|经办人)[:：]")
_FOOTER = re.compile(r"^(填表人|填报人|审核人|制表人|负责人|单位负责人|联系电话|联系人|备注|注[:：]|说明[:：]|填报日期|统计人|经办人|签字|盖章|分管领导)")


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based row and column → A1 reference."""
    return f"{column_letter(col)}{row + 1}"


@dataclass
class Column:
    """A table column: its index, label candidates (most specific first), display label and unit."""

    index: int
    candidates: list[str]
    label: str
    unit: str


@dataclass
class Table:
    """The parts of a sheet. Row indices are 0-based sheet rows."""

    title_lines: list[str] = field(default_factory=list)
    header_rows: tuple[int, int] | None = None
    columns: list[Column] = field(default_factory=list)
    data: list[tuple[int, list[object]]] = field(default_factory=list)
    totals: list[tuple[int, list[object], list[int], str]] = field(default_factory=list)
    footers: list[int] = field(default_factory=list)
    blanks: list[int] = field(default_factory=list)
    labels: list[tuple[int, str]] = field(default_factory=list)
    repeated_headers: list[int] = field(default_factory=list)


def fill_merged(sheet: Sheet) -> list[list[object]]:
    """Return the rows (padded to one width) with every merged range filled with its top-left value.

    Rows no merged range touches are shared with the sheet, not copied.
    """
    rows = sheet.rows
    width = max((len(r) for r in rows), default=0)
    if any(len(r) != width for r in rows):
        rows = [r if len(r) == width else [*r, *([""] * (width - len(r)))] for r in rows]
    if not sheet.merged:
        return rows
    rows = list(rows)
    copied: set[int] = set()
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 >= len(rows) or c0 >= width:
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            if r not in copied:
                rows[r] = list(rows[r])
                copied.add(r)
            for c in range(c0, min(c1, width - 1) + 1):
                rows[r][c] = value
    return rows


def _text(value: object) -> str:
    return normalize_text(value) if value is not None else ""


def _labels_single(row: list[object]) -> list[list[str]]:
    return [[normalize_header(v)[0]] if _text(v) else [] for v in row]


def _labels_double(top: list[object], bottom: list[object]) -> list[list[str]]:
    out = []
    for a, b in zip(top, bottom, strict=False):
        pa, pb = normalize_header(a)[0], normalize_header(b)[0]
        if not pb or pb == pa:
            out.append([pa] if pa else [])
        elif not pa:
            out.append([pb])
        else:
            out.append([pa + pb, pb, pa])
    return out


def find_header(rows: list[list[object]]) -> tuple[int, int, float] | None:
    """Return (first, last, score) of the header rows: the rows whose texts best match synonyms."""
    best: tuple[float, int, int] | None = None
    limit = min(len(rows), HEADER_SCAN_ROWS)
    singles: dict[int, float] = {}

    def single(r: int) -> float:
        if r not in singles:
            singles[r] = score_labels(_labels_single(rows[r]))
        return singles[r]

    for r in range(limit):
        candidates = [(single(r), r, r)]
        if r + 1 < len(rows) and single(r) + single(r + 1) > 0:
            double = score_labels(_labels_double(rows[r], rows[r + 1]))
            if double > max(single(r), single(r + 1)):
                candidates.append((double, r, r + 1))
        for score, first, last in candidates:
            if best is None or score > best[0]:
                best = (score, first, last)
        if best is not None and best[0] >= 3 and r > best[2] + 3:
            break
    if best is None or best[0] < 2:
        return None
    return best[1], best[2], best[0]


def _is_total(values: list[object]) -> str | None:
    for v in values[:6]:
        if isinstance(v, str):
            t = _SPACES.sub("", normalize_text(v))
            m = _TOTAL.match(t)
            if m and not re.search(r"\d{4}", m.group(1)):
                return m.group(2)
    return None


def _is_footer(values: list[object]) -> bool:
    texts = [_SPACES.sub("", _text(v)) for v in values if _text(v)]
    if not texts:
        return False
    if _FOOTER.match(texts[0]) and (len(set(texts)) <= 4 or ":" in texts[0]):
        return True
    return len(set(texts)) <= 3 and bool(_FOOTER_ANY.search("".join(dict.fromkeys(texts))))


def _is_label_row(values: list[object], width: int) -> bool:
    texts = [_text(v) for v in values if _text(v)]
    return width >= 3 and len(texts) >= 1 and len(set(texts)) == 1 and (len(texts) == 1 or len(texts) == width)


def split_table(sheet: Sheet, header: tuple[int, int] | None = None) -> Table:
    """Split a sheet into title lines, header, data rows, totals, footers and blank rows.

    ``header`` (first and last header row, 0-based) is given for a sheet whose header is known
    (a filled submission template); otherwise the header is searched for.
    """
    rows = fill_merged(sheet)
    table = Table()
    found = (*header, 0.0) if header is not None else find_header(rows)
    if found is None:
        table.title_lines = [" ".join(dict.fromkeys(_text(v) for v in r if _text(v))) for r in rows[:5]]
        table.title_lines = [t for t in table.title_lines if t]
        return table
    first, last, _ = found
    table.header_rows = (first, last)
    for r in range(first):
        line = " ".join(dict.fromkeys(_text(v) for v in rows[r] if _text(v)))
        if line:
            table.title_lines.append(line)
    labels = _labels_single(rows[first]) if first == last else _labels_double(rows[first], rows[last])
    for c, cands in enumerate(labels):
        raw = rows[last][c] if _text(rows[last][c]) else rows[first][c]
        label, unit = normalize_header(raw)
        if first != last and _text(rows[first][c]) and _text(rows[last][c]) and rows[first][c] != rows[last][c]:
            unit = normalize_header(rows[last][c])[1] or normalize_header(rows[first][c])[1]
        table.columns.append(Column(index=c, candidates=cands, label=label, unit=unit))
    width = max((col.index for col in table.columns if col.candidates), default=0) + 1
    header_texts = {_text(v) for v in rows[last] if _text(v)} | {_text(v) for v in rows[first] if _text(v)}
    table.repeated_headers = []
    scope: list[int] = []
    for r in range(last + 1, len(rows)):
        values = rows[r][:width]
        filled = [v for v in values if (v.strip() if v.__class__ is str else v is not None)]
        if not filled:
            table.blanks.append(r)
            continue
        if (len(filled) >= 2 and isinstance(filled[0], str) and _text(filled[0]) in header_texts
                and sum(1 for v in filled if isinstance(v, str) and _text(v) in header_texts) >= max(2, len(filled) * 0.6)):
            table.repeated_headers.append(r)
            continue
        strings = [v for v in values[:6] if v.__class__ is str]
        joined = "|".join(strings)
        kind = _is_total(strings) if "计" in joined or "总数" in joined else None
        if kind:
            table.totals.append((r, values, list(scope) if kind == "小计" else [], kind))
            if kind == "小计":
                scope = []
            continue
        if isinstance(filled[0], str) and (len(filled) <= 4 or _FOOTER_ANY.search(filled[0]) or _FOOTER.match(filled[0].strip())):
            if _is_footer(filled):
                table.footers.append(r)
                continue
        if len(filled) == 1 or (len(filled) == width and str(filled[0]) == str(filled[-1]) and len(set(map(str, filled))) == 1):
            if _is_label_row(values, width):
                if re.fullmatch(r"\d+(\.0)?", next(_text(v) for v in values if _text(v))):
                    table.blanks.append(r)
                    continue
                table.labels.append((r, next(_text(v) for v in values if _text(v))))
                continue
        table.data.append((r, values))
        scope.append(r)
    data_rows = [r for r, _ in table.data]
    table.totals = [
        (r, v, s if kind == "小计" else [d for d in data_rows if d < r], kind)
        for r, v, s, kind in table.totals
    ]
    return table

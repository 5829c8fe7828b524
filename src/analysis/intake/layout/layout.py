"""Sheet → table: title lines, header rows (one or two levels), and a role for every row below.

Row roles: data, total (合计/小计), footer (填表人…), blank, label (a group title), code (栏次:
甲 乙 丙 / 1 2 3 / "3=2/1"), unit (单位：人、场), note (注：…), header fragment and repeated
header. Only data rows are data; the words behind the roles are data too (resources/layout.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...resources import load_layout_words
from ...text import normalize_header
from ..reading.reading import Sheet
from ..words.departments import find_unit_line
from ..words.labels import header_index, match_header, names_key_value, score_labels
from ..words.values import normalize_text

_SPACES = re.compile(r"\s+")

HEADER_SCAN_ROWS = 30
#: Rows right below the header that may be code, unit or header-fragment rows.
BELOW_HEADER = 3
_FORMULA_CODE = re.compile(r"^\d{1,2}\s*[=＝]\s*[\d+\-*/×÷()（）\s]+$")
_LETTER_CODE = re.compile(r"^[A-Za-z]$")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    words = load_layout_words()

    def alternation(name: str) -> str:
        return "|".join(map(re.escape, sorted(words[name], key=len, reverse=True)))

    return {
        "total": re.compile(rf"^(.{{0,8}})({alternation('total_words')})(.{{0,4}})$"),
        "footer_any": re.compile(rf"({alternation('footer_words')})[:：]"),
        "footer": re.compile(rf"^({alternation('footer_words')}|({alternation('note_words')})[:：])"),
        "note": re.compile(rf"^({alternation('note_words')})\s*[:：]"),
        "unit": re.compile(rf"^({alternation('unit_prefixes')})\s*[:：]\s*(?P<units>.+)$"),
        "notes_sheet": re.compile(alternation("notes_sheet_words")),
        "example": re.compile(rf"^[（(【\[]?(.{{0,2}}({alternation('example_words')})|{alternation('example_openers')})"
                              r"([:：)）】\]]|$)"),
    }


def looks_like_notes(*texts: str) -> bool:
    """True for the name or title of an instruction, lookup or reference sheet."""
    return bool(_patterns()["notes_sheet"].search(" ".join(texts)))


def unit_of_line(text: str) -> list[str]:
    """The units a line declares: "单位：人、场" → ["人", "场"]; "金额单位：万元" → ["万元"]."""
    m = _patterns()["unit"].match(_SPACES.sub("", normalize_text(text)))
    if not m:
        return []
    return [u for u in re.split(r"[、,，;；/]", m.group("units")) if u][:12]


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
    """A table column: its index, label candidates (most specific first), matching label, unit,
    and the header as the department wrote it."""

    index: int
    candidates: list[str]
    label: str
    unit: str
    text: str = ""


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
    codes: list[int] = field(default_factory=list)
    units: list[int] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    fragments: list[int] = field(default_factory=list)
    examples: list[int] = field(default_factory=list)  # rows filled in as an example (填写示例)
    sheet_units: list[str] = field(default_factory=list)
    reordered: list[int] = field(default_factory=list)  # repeated header rows whose columns were in another order

    def roles(self) -> dict[int, str]:
        """Every non-data row below the header → its role (for the quarantine of a whole sheet)."""
        out = {r: "total" for r, *_ in self.totals}
        out |= {r: "footer" for r in self.footers} | {r: "blank" for r in self.blanks}
        out |= {r: "label" for r, _ in self.labels} | {r: "header" for r in self.repeated_headers}
        out |= {r: "code" for r in self.codes} | {r: "unit" for r in self.units}
        out |= {r: "note" for r, _ in self.notes} | {r: "fragment" for r in self.fragments}
        out |= {r: "example" for r in self.examples}
        return out


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


def _label_text(value: object) -> str:
    """A cell's text as a header label; a 填报单位：×× line is no label."""
    text = _text(value)
    return "" if text and find_unit_line(text) else text


def _labels_single(row: list[object]) -> list[list[str]]:
    return [[normalize_header(v)[0]] if _label_text(v) else [] for v in row]


def _labels_double(top: list[object], bottom: list[object]) -> list[list[str]]:
    out = []
    for a, b in zip(top, bottom, strict=False):
        pa = normalize_header(a)[0] if _label_text(a) else ""
        pb = normalize_header(b)[0] if _label_text(b) else ""
        if not pb or pb == pa:
            out.append([pa] if pa else [])
        elif not pa:
            out.append([pb])
        else:
            out.append([pa + pb, pb, pa])
    return out


def _linked(rows: list[list[object]], merged, r: int) -> bool:
    """True when merged cells tie row ``r`` to row ``r + 1`` as one two-level header: a cell merged
    down over both rows, or a cell merged across columns with different texts under it."""
    own = {_text(v) for v in rows[r] if _text(v)}
    if len(own) < 2:  # a title line merged across the table is no group header
        return False
    width = max((i for i, v in enumerate(rows[r + 1]) if _text(v)), default=0) + 1 if r + 1 < len(rows) else 0
    for (r0, c0), (r1, c1) in merged:
        if r0 == r and r1 >= r + 1 and c0 < len(rows[r]):
            return True
        if r0 == r1 == r and c1 > c0 and r + 1 < len(rows) and c1 - c0 + 1 < width:
            below = {_text(v) for v in rows[r + 1][c0:c1 + 1] if _text(v)}
            if len(below) >= 2:
                return True
    return False


def _score(labels: list[list[str]]) -> float:
    """A header row's score; a cell merged across columns (a title) is one label, not one per column."""
    return score_labels([c if i == 0 or c != labels[i - 1] else [] for i, c in enumerate(labels)])


def _holds_counts(values: list[object]) -> bool:
    """True for a row most of whose filled cells are numbers other than years: a data row (the one
    row of a form with a column per indicator), never the lower level of a header."""
    filled = [v for v in values if _text(v)]
    counts = [v for v in filled if isinstance(v, (int, float)) and not isinstance(v, bool)
              and not (float(v).is_integer() and 1990 <= v <= 2100)]
    return len(counts) >= 2 and len(counts) * 2 >= len(filled)


def find_header(rows: list[list[object]], merged=()) -> tuple[int, int, float] | None:
    """Return (first, last, score) of the header rows: the rows whose texts best match synonyms.

    Two rows tied by merged cells (a group header over its columns) are read as one two-level
    header when that scores at least as well as the top row alone.
    """
    best: tuple[float, int, int] | None = None
    limit = min(len(rows), HEADER_SCAN_ROWS)
    singles: dict[int, float] = {}

    def single(r: int) -> float:
        if r not in singles:
            singles[r] = _score(_labels_single(rows[r]))
        return singles[r]

    for r in range(limit):
        candidates = [(single(r), r, r)]
        if r + 1 < len(rows) and single(r) + single(r + 1) > 0:
            double = _score(_labels_double(rows[r], rows[r + 1]))
            linked = merged and _linked(rows, merged, r)
            if linked and double >= 0.7 * single(r):  # merged cells say it is one two-level header
                candidates.append((max(double, single(r), single(r + 1)) + 0.01, r, r + 1))
            elif double > max(single(r), single(r + 1)) and not _holds_counts(rows[r + 1]):
                candidates.append((double, r, r + 1))
        for score, first, last in candidates:
            if best is None or score > best[0]:
                best = (score, first, last)
        if best is not None and best[0] >= 3 and r > best[2] + 3:
            break
    if best is None:
        return None
    if best[0] < 2:
        # a short table (月份 | 备案数 | 备注) may still have a header: most of its filled cells named
        first, last = best[1], best[2]
        labels = _labels_single(rows[first]) if first == last else _labels_double(rows[first], rows[last])
        filled = [c for c in labels if c]
        total = _patterns()["total"]  # 合计 heads the total column of a table of counts
        named = sum(1 for c in filled if any(match_header(x) or names_key_value(x)
                                             or total.match(x) for x in c[:2]))
        if not ((best[0] >= 1.5 and named >= 2) or (best[0] >= 1.0 and named >= 2 and named >= 0.6 * len(filled))):
            return None
    return best[1], best[2], best[0]


def _is_total(values: list[object]) -> str | None:
    total = _patterns()["total"]
    for v in values[:6]:
        if isinstance(v, str):
            t = _SPACES.sub("", normalize_text(v))
            m = total.match(t)
            if m and not re.search(r"\d{4}", m.group(1)):
                return "小计" if m.group(2) == "小计" else m.group(2)
    return None


def _is_footer(values: list[object]) -> bool:
    texts = [_SPACES.sub("", _text(v)) for v in values if _text(v)]
    if not texts:
        return False
    if _patterns()["footer"].match(texts[0]) and (len(set(texts)) <= 4 or ":" in texts[0]):
        return True
    return len(set(texts)) <= 3 and bool(_patterns()["footer_any"].search("".join(dict.fromkeys(texts))))


def _is_code_row(values: list[object]) -> bool:
    """栏次 rows: 甲 乙 丙 …, 1 2 3 … (consecutive), A B C, "3=2/1"; 甲 乙 1 (codes, then a run from 1)."""
    words = load_layout_words()
    cells = [_SPACES.sub("", _text(v)) for v in values]
    filled = [c for c in cells if c]
    if len(filled) < 2:
        return False
    if filled[0] in words["code_row_words"]:
        return True
    tokens = set(words["code_tokens"])
    lead = filled[0]
    if not (lead in tokens or _LETTER_CODE.match(lead) or re.fullmatch(r"[01](\.0)?", lead)):
        return False
    numbers = [int(float(c)) for c in filled if re.fullmatch(r"\d{1,3}(\.0)?", c)]
    coded = sum(c in tokens or bool(_FORMULA_CODE.match(c)) or bool(_LETTER_CODE.match(c)) for c in filled)
    run = bool(numbers) and all(b - a == 1 for a, b in zip(numbers, numbers[1:], strict=False))
    # 甲 乙 1: after the text columns' codes, the number columns' codes start at 1 (even a lone 1)
    consecutive = run and (len(numbers) >= 2 or (coded >= 2 and numbers[0] == 1))
    return coded + (len(numbers) if consecutive else 0) >= max(2, 0.8 * len(filled))


def _row_units(values: list[object]) -> list[str] | None:
    """A unit row: every filled cell a unit ("人", "（人次）", "单位：份", "%"); its units by column."""
    from ..words.values import unit_token

    out, found = [], 0
    for v in values:
        text = _SPACES.sub("", _text(v)).strip("()（）")
        if not text:
            out.append("")
            continue
        line = unit_of_line(text)
        unit = line[0] if len(line) == 1 else unit_token(text)
        if not unit:
            return None
        out.append(unit)
        found += 1
    return out if found >= 1 else None


def _is_fragment(values: list[object]) -> bool:
    """A row that continues the header (header words, no numbers or dates)."""
    texts = [_text(v) for v in values if _text(v)]
    if len(texts) < 2 or any(not isinstance(v, str) for v in values if _text(v)):
        return False
    index = header_index()
    known = sum(1 for t in texts if any(c.tier in ("exact", "normalised") for c in index.match(t, similarity=False)))
    return known >= max(2, 0.6 * len(texts))


def _is_label_row(values: list[object], width: int) -> bool:
    texts = [_text(v) for v in values if _text(v)]
    return width >= 3 and len(texts) >= 1 and len(set(texts)) == 1 and (len(texts) == 1 or len(texts) == width)


def _is_example(strings: list[object]) -> bool:
    """A row filled in as an example: one of its first cells opens with 填写示例, 例：, （样例） …"""
    example = _patterns()["example"]
    return any(example.match(_SPACES.sub("", _text(v))) for v in strings[:3])


def _header_order(values: list[object], header: list[str]) -> list[int] | None:
    """Where each column of the first header is in a repeated header row written in another order
    (the second table of a sheet), or None when the order is the same or cannot be told."""
    own = [normalize_header(v)[0] if _text(v) else "" for v in values]
    if own[:len(header)] == header[:len(own)]:
        return None
    order = []
    for label in header:
        spots = [i for i, t in enumerate(own) if t == label] if label else []
        if len(spots) != 1 and label:
            return None
        order.append(spots[0] if spots else -1)
    return order


def _line(values: list[object]) -> str:
    return " ".join(dict.fromkeys(_text(v) for v in values if _text(v)))


def _written(value: object) -> str:
    """A header cell as the department wrote it (line breaks as spaces, no other change)."""
    return _SPACES.sub(" ", str(value)).strip() if value is not None else ""


def split_table(sheet: Sheet, header: tuple[int, int] | None = None) -> Table:
    """Split a sheet into title lines, header, and rows by role (data, totals, footers …).

    ``header`` (first and last header row, 0-based) is given for a sheet whose header is known
    (a filled submission template); otherwise the header is searched for.
    """
    rows = fill_merged(sheet)
    table = Table()
    found = (*header, 0.0) if header is not None else find_header(rows, sheet.merged)
    if found is None:
        table.title_lines = [t for t in (_line(r) for r in rows[:5]) if t]
        return table
    first, last, _ = found
    table.header_rows = (first, last)
    _read_title(table, rows[:first])
    table.columns = _header_columns(rows[first], rows[last], first == last)
    _sort_rows(table, rows, first, last)
    _cover_totals(table)
    return table


def _read_title(table: Table, above: list[list[object]]) -> None:
    """Take the lines above the header as the title, and the units they declare (单位：万元) as the sheet's."""
    for row in above:
        line = _line(row)
        if line:
            table.title_lines.append(line)
            units = unit_of_line(line) or [u for part in line.split() for u in unit_of_line(part)]
            table.sheet_units.extend(u for u in units if u not in table.sheet_units)


def _header_columns(top: list[object], bottom: list[object], one_level: bool) -> list[Column]:
    """Return the columns of a one- or two-level header: label candidates, label, unit, written text."""
    labels = _labels_single(top) if one_level else _labels_double(top, bottom)
    columns = []
    for c, cands in enumerate(labels):
        raw = bottom[c] if _text(bottom[c]) else top[c]
        label, unit = normalize_header(raw)
        upper, lower = _written(top[c]), _written(bottom[c])
        text = upper if one_level or not lower or lower == upper else (f"{upper} / {lower}" if upper else lower)
        if not one_level and _text(top[c]) and _text(bottom[c]) and top[c] != bottom[c]:
            unit = normalize_header(bottom[c])[1] or normalize_header(top[c])[1]
        columns.append(Column(index=c, candidates=cands, label=label, unit=unit, text=text))
    return columns


def _sort_rows(table: Table, rows: list[list[object]], first: int, last: int) -> None:
    """Give every row below the header its role: blank, unit or code row, repeated header, example,
    total, footer, label, note, or data."""
    width = max((col.index for col in table.columns if col.candidates), default=0) + 1
    header_texts = {_text(v) for v in rows[last] if _text(v)} | {_text(v) for v in rows[first] if _text(v)}
    header_labels = [normalize_header(v)[0] if _text(v) else "" for v in rows[last][:width]]
    patterns = _patterns()
    scope: list[int] = []  # the data rows a 小计 below them covers
    below = 0  # non-blank rows seen below the header
    order: list[int] | None = None  # a second table's columns, in the first header's order
    for r in range(last + 1, len(rows)):
        values = rows[r][:width] if order is None else [rows[r][i] if 0 <= i < len(rows[r]) else "" for i in order]
        filled = [v for v in values if (v.strip() if v.__class__ is str else v is not None)]
        if not filled:
            table.blanks.append(r)
            continue
        below += 1
        if below <= BELOW_HEADER and not table.data and _sort_near_header(table, r, values, filled):
            continue
        if _repeats_header(filled, header_texts):
            table.repeated_headers.append(r)
            order = _header_order(rows[r], header_labels)
            if order is not None:
                table.reordered.append(r)
            continue
        role = _sort_marked(table, r, values, filled, width, patterns, scope)
        if role == "小计":
            scope = []
        if role:
            continue
        table.data.append((r, values))
        scope.append(r)


def _sort_near_header(table: Table, r: int, values: list[object], filled: list[object]) -> bool:
    """Take a row just under the header that is a unit line, a code row (栏次), a row of units or a
    fragment of the header; False for any other row."""
    line = unit_of_line(_text(filled[0])) if len(filled) == 1 and isinstance(filled[0], str) else []
    if line:
        table.units.append(r)
        table.sheet_units.extend(u for u in line if u not in table.sheet_units)
        return True
    if _is_code_row(values):
        table.codes.append(r)
        return True
    units = _row_units(values)
    if units is not None:
        table.units.append(r)
        for col, unit in zip(table.columns, units, strict=False):
            if unit and not col.unit:
                col.unit = unit
        return True
    if _is_fragment(values):
        table.fragments.append(r)
        return True
    return False


def _repeats_header(filled: list[object], header_texts: set[str]) -> bool:
    """True for a row that writes the header again (a second table below the first)."""
    return (len(filled) >= 2 and isinstance(filled[0], str) and _text(filled[0]) in header_texts
            and sum(1 for v in filled if isinstance(v, str) and _text(v) in header_texts) >= max(2, len(filled) * 0.6))


def _sort_marked(table: Table, r: int, values: list[object], filled: list[object], width: int,
                 patterns: dict[str, re.Pattern], scope: list[int]) -> str:
    """Take a row its words mark as an example, a total, a footer, a label or a note: its role
    (the total's kind, 合计 or 小计), '' for a data row."""
    strings = [v for v in values[:6] if v.__class__ is str]
    joined = "|".join(strings)
    if "例" in joined and _is_example(strings):
        table.examples.append(r)
        return "example"
    kind = _is_total(strings) if ("计" in joined or "总数" in joined or "汇总" in joined) else None
    if kind:
        table.totals.append((r, values, list(scope) if kind == "小计" else [], kind))
        return kind
    first_text = filled[0].strip() if isinstance(filled[0], str) else ""
    if first_text and (len(filled) <= 4 or patterns["footer_any"].search(first_text)
                       or patterns["footer"].match(first_text)):
        if _is_footer(filled):
            table.footers.append(r)
            return "footer"
    if len(filled) == 1 or (len(filled) == width and str(filled[0]) == str(filled[-1]) and len(set(map(str, filled))) == 1):
        if _is_label_row(values, width):
            return _sort_label(table, r, values, patterns)
    return ""


def _sort_label(table: Table, r: int, values: list[object], patterns: dict[str, re.Pattern]) -> str:
    """File a row of one text: a lone number is blank, a long text or a 注/说明 line a note, else a label."""
    text = next(_text(v) for v in values if _text(v))
    if re.fullmatch(r"\d+(\.0)?", text):
        table.blanks.append(r)
        return "blank"
    if len(text) > 30 or patterns["note"].match(_SPACES.sub("", text)):
        table.notes.append((r, text))
        return "note"
    table.labels.append((r, text))
    return "label"


def _cover_totals(table: Table) -> None:
    """A 合计 covers the data rows above it; one above every data row (a form that puts the totals
    under the header) covers the rows below it. A 小计 keeps the rows it was given."""
    data_rows = [r for r, _ in table.data]
    table.totals = [
        (r, v, s if kind == "小计" else ([d for d in data_rows if d < r] or [d for d in data_rows if d > r]), kind)
        for r, v, s, kind in table.totals
    ]

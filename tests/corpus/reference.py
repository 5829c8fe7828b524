"""Check the generator against itself: read every ledger cell back at the truth's positions with
a small reference parser of the corpus's own writings, and compare with the truth's records.

This guards the truth (a wrong truth would make the evaluation unfair); it knows where the
header and the fields are from the truth, so it is no cleaner."""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from tests.corpus.generate import load_aliases, load_yaml
from tests.corpus.grid import EXCEL_EPOCH

CN = {c: i for i, c in enumerate("零一二三四五六七八九")}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
DATE_RE = re.compile(r"^(\d{4})[./\-年](\d{1,2})[./\-月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
SHORT_RE = re.compile(r"^(\d{1,2})月(\d{1,2})日$")
TWO_DIGIT_RE = re.compile(r"^(\d{2})[./](\d{1,2})[./](\d{1,2})$")
SPOKEN_TAIL = re.compile(r"\s*(（周.）|星期.|[上下]午(\d{1,2}(点|时(\d{1,2}分)?))?)$")
MONTH_RE = re.compile(r"^(?:(\d{4})[年.\-])?(\d{1,2})月?份?$")


def parse_chinese(text: str) -> int:
    total, current = 0, 0
    for ch in text:
        if ch in CN:
            current = CN[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
    return total + current


def parse_date(value: Any, year: int) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return (EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
    text = str(value).strip()
    if text.isdigit() and len(text) == 5:
        return (EXCEL_EPOCH + dt.timedelta(days=int(text))).isoformat()
    if text.isdigit() and len(text) == 8:
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    text = SPOKEN_TAIL.sub("", text).strip()
    if m := TWO_DIGIT_RE.match(text):
        return dt.date(2000 + int(m[1]), int(m[2]), int(m[3])).isoformat()
    if m := DATE_RE.match(text):
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    if m := SHORT_RE.match(text):
        return dt.date(year, int(m[1]), int(m[2])).isoformat()
    raise ValueError(f"date {text!r}")


def parse_month(value: Any, year: int) -> str | None:
    if isinstance(value, dt.date | dt.datetime):
        return dt.date(value.year, value.month, 1).isoformat()
    m = MONTH_RE.match(str(value).strip())
    if not m:
        raise ValueError(f"month {value!r}")
    return dt.date(int(m[1] or year), int(m[2]), 1).isoformat()


def parse_number(value: Any, none_words: set[str]) -> float | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text in none_words:
        return None
    text = re.sub(r"^约|余人$|余$|多$", "", text).replace(",", "")
    scale = 1.0
    if text.endswith("万元"):
        text, scale = text[:-2], 10000.0
    elif text.endswith("万"):
        text, scale = text[:-1], 10000.0
    text = re.sub(r"[^\d.]+$", "", text) if re.match(r"^[\d.]", text) else text
    if re.fullmatch(r"[\d.]+", text):
        return float(text) * scale
    if all(ch in CN or ch in CN_UNITS for ch in text):
        return float(parse_chinese(text))
    raise ValueError(f"number {value!r}")


class Reader:
    """Reverse maps of the corpus vocabularies, yes/no writings and department spellings."""

    def __init__(self, year: int) -> None:
        values = load_yaml("values.yaml")
        self.year = year
        self.none = set(values["numbers"]["none_words"])
        self.vocab = {name: {v: canon for canon, vs in table.items() for v in vs}
                      for name, table in values["vocabularies"].items()}
        self.yes = {pair[0] for pairs in values["yesno"].values() for pair in pairs}
        self.no = {pair[1] for pairs in values["yesno"].values() for pair in pairs}
        self.no |= {w for words in values.get("yesno_pending", {}).values() for w in words}
        self.depts = {a: canon for canon, aliases in load_aliases().items() for a in [canon, *aliases]}
        self.separators = values["list_separators"]
        self.fields = {ds: spec["fields"] for ds, spec in load_yaml("variants.yaml")["datasets"].items()}

    def parse(self, kind: str, spec: dict, value: Any, header: str) -> Any:
        text = None if value in (None, "") else str(value).strip()
        if kind == "date":
            return parse_date(value, self.year)
        if kind == "month":
            return parse_month(value, self.year)
        if kind in ("int", "score"):
            n = parse_number(value, self.none)
            return None if n is None else (int(n) if kind == "int" else n)
        if kind == "money":
            n = parse_number(value, self.none) or 0.0
            return n * 10000 if "万元" in header and not str(value).endswith("万元") else n
        if kind == "bool":
            if text is None or text in self.no:
                return False
            if text in self.yes:
                return True
            raise ValueError(f"yes/no {value!r}")
        if kind == "vocab":
            return self.vocab[spec["vocab"]][text] if text else None
        if kind == "vocab_list":
            parts = re.split("|".join(re.escape(s) for s in self.separators), text or "")
            return sorted({self.vocab[spec["vocab"]][p.strip()] for p in parts if p.strip()})
        if kind == "dept":
            return self.depts.get(text or "", text)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return text


def read_sheet_rows(raw: Path, path: str, fmt: str, name: str) -> list[list[Any]]:
    if fmt == "csv":
        with (raw / path).open(encoding="gbk", newline="") as fh:
            return list(csv.reader(fh))
    return CalamineWorkbook.from_path(str(raw / path)).get_sheet_by_name(name).to_python()


def parse_letter(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1


def check_truth(truth: dict, raw: Path) -> list[str]:
    """Differences between the cells and the truth's records (empty: the truth holds)."""
    reader = Reader(truth["year"])
    problems: list[str] = []
    for path, tfile in truth["files"].items():
        for sheet in tfile["sheets"]:
            ds = sheet["dataset"]
            if not ds or ds == "indicator_values" or {"wide_months", "channel_counts", "repeated_groups", "unit_column", "codes_no_legend", "legend_codes"} & set(sheet["layout"]):
                continue
            rows = read_sheet_rows(raw, path, tfile["format"], sheet["name"])
            columns = {c: f for c, f in sheet["columns"].items() if isinstance(f, str) and f in reader.fields[ds]}
            for trow in sheet["rows"]:
                if trow["quarantine"]:
                    continue
                cells = rows[trow["row"] - 1]
                rec = trow["records"][0]
                own = trow.get("columns")  # a second table with its columns in another order
                row_columns = {c: f for c, f in own.items() if isinstance(f, str) and f in reader.fields[ds]} if own else columns
                for letter, name in row_columns.items():
                    spec = reader.fields[ds][name]
                    if name not in rec:
                        continue
                    i = parse_letter(letter)
                    value = cells[i] if i < len(cells) else None
                    try:
                        got = reader.parse(spec["type"], spec, value, (trow.get("headers") or sheet["headers"])[letter])
                    except (ValueError, KeyError) as exc:
                        problems.append(f"{path}!{sheet['name']}:{trow['row']} {name}: {exc}")
                        continue
                    want = rec[name]
                    if name == "grade" and got is None:
                        continue   # blank grade: derived from the score
                    if isinstance(want, float) or isinstance(got, float):
                        ok = abs(float(want or 0) - float(got or 0)) < 0.01
                    else:
                        ok = want == got
                    if not ok:
                        problems.append(f"{path}!{sheet['name']}:{trow['row']} {name}: cell {value!r} → {got!r}, truth {want!r}")
    return problems

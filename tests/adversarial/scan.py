"""Scan every file under an output folder for planted personal data (names, identity and phone
numbers in any spelling), live scripts and live formulas."""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd

from analysis.personal import markup_text, png_texts

from ..privacy_scan import find_values

_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\s\-‐‑–—.()（）+]+(?=\d)")
_LIVE_SCRIPT = re.compile(r"<script>alert", re.I)
_TEXT = {".csv", ".json", ".txt", ".md", ".html", ".htm", ".svg", ".xml", ".ipynb"}


def file_texts(path: Path) -> list[str]:
    """The texts a reader (or a program) sees in one output file."""
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix in _TEXT:
        return [data.decode("utf-8-sig", errors="replace")]
    if suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [archive.read(m).decode("utf-8", errors="replace") for m in archive.namelist()
                    if m.endswith((".xml", ".rels"))]
    if suffix == ".parquet":
        df = pd.read_parquet(io.BytesIO(data))
        return [" ".join(map(str, df.columns)), df.astype(str).to_csv(index=False)]
    if suffix == ".png":
        return png_texts(data)
    return []


def normalised(text: str) -> str:
    """NFKC, entities and tags' text, digits joined across separators."""
    text = unicodedata.normalize("NFKC", text)
    if "<" in text:
        text = text + " " + markup_text(text)
    return _BETWEEN_DIGITS.sub("", text)


def digit_forms(planted: dict) -> set[str]:
    """The digit strings whose presence is a leak: each identity number and its first 17 digits
    (a float keeps 17), each phone number."""
    out = set(planted["phones"])
    for number in planted["ids"]:
        out |= {number, number[:17]} if len(number) == 18 else {number}
    return out


def leaks(folder: Path, planted: dict) -> dict[str, set[str]]:
    """Output file (relative) → the planted values found in it."""
    names = set(planted["names"])
    digits = digit_forms(planted)
    found: dict[str, set[str]] = {}
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):  # caches included
        hits: set[str] = set()
        for text in file_texts(path):
            flat = normalised(text)
            hits |= find_values(names, flat)
            hits |= {d for d in digits if d in flat}
        if hits:
            found[path.relative_to(folder).as_posix()] = hits
    return found


def live_payloads(folder: Path) -> dict[str, list[str]]:
    """Output file → live scripts (HTML) and live formulas (xlsx cells stored as formulas)."""
    found: dict[str, list[str]] = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix in (".html", ".htm") and _LIVE_SCRIPT.search(path.read_text(encoding="utf-8", errors="replace")):
            found.setdefault(path.name, []).append("script")
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text(encoding="utf-8"))
            for cell in nb.get("cells", []):
                for out in cell.get("outputs", []):
                    html = "".join(out.get("data", {}).get("text/html", []))
                    if _LIVE_SCRIPT.search(html):
                        found.setdefault(path.name, []).append("script")
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    if member.startswith("xl/worksheets/") and "<f>" in archive.read(member).decode("utf-8", "replace"):
                        found.setdefault(path.name, []).append("formula")
        if path.suffix == ".csv":
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            if re.search(r'(^|,)"?[=+@-][^,\n]*(cmd|HYPERLINK)', text, re.M):
                found.setdefault(path.name, []).append("formula")
    return found

"""Files under the raw folder that are not workbooks: what each is and what to do about it.

Every file found is accounted for: workbooks and CSV exports are read; Word files, PDFs,
scans, archives, Office lock files and the rest get an issue saying what they are.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..issues import text
from .reading import SUFFIXES, WORKBOOK_FORMATS, sniff_format

#: suffix → (issue code, kind); the message is the code's (resources/issue_codes.csv)
OTHER_FILES = {
    (".doc", ".docx", ".wps", ".rtf"): ("file-document", "document"),
    (".pdf",): ("file-pdf", "pdf"),
    (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".heic", ".webp"): ("file-image", "image"),
    (".zip", ".rar", ".7z", ".tar", ".gz"): ("file-archive", "archive"),
    (".ppt", ".pptx", ".dps"): ("file-presentation", "presentation"),
    (".txt", ".md", ".log", ".ini", ".db", ".ds_store"): ("file-ignored", "other"),
}


def describe_other_file(rel_path: str, data: bytes) -> tuple[str, str, str] | None:
    """(issue code, kind, Chinese message) for a file that is not to be read as a workbook, else None."""
    path = PurePosixPath(rel_path)
    if path.name.startswith("~$") or path.name.startswith(".~lock."):
        return "file-lock", "lock", text("file-lock")
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return None
    if sniff_format(data) in WORKBOOK_FORMATS:
        return None  # a workbook with another name (.et from WPS, no extension …): read it
    for suffixes, (code, kind) in OTHER_FILES.items():
        if suffix in suffixes:
            return code, kind, text(code)
    shown = suffix or "无扩展名"
    return "file-type-unknown", "unknown", text("file-type-unknown", suffix=shown)

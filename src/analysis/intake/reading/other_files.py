"""Files under the raw folder that are not workbooks: what each is and what to do about it.

Every file found is accounted for: workbooks and CSV exports are read; Word files, PDFs,
scans, archives, Office lock files and the rest get an issue saying what they are.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .reading import SUFFIXES, WORKBOOK_FORMATS, sniff_format

#: suffix → (severity, kind, message)
OTHER_FILES = {
    (".doc", ".docx", ".wps", ".rtf"): ("warning", "document",
                                       "Word 文档，不是数据表，未读取：台账数据请用 Excel 表格报送（仅为说明材料的可忽略此提示）"),
    (".pdf",): ("warning", "pdf", "PDF 文件，无法读取其中的数据：请报送 Excel 原表"),
    (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".heic", ".webp"): (
        "warning", "image", "图片或扫描件，无法读取其中的数据：请报送 Excel 原表"),
    (".zip", ".rar", ".7z", ".tar", ".gz"): ("warning", "archive", "压缩包，未读取：请解压后把其中的表格放入报送文件夹"),
    (".ppt", ".pptx", ".dps"): ("warning", "presentation", "演示文稿，不是数据表，未读取：台账数据请用 Excel 表格报送"),
    (".txt", ".md", ".log", ".ini", ".db", ".ds_store"): ("info", "other", "不是数据表，已忽略"),
}


def describe_other_file(rel_path: str, data: bytes) -> tuple[str, str, str] | None:
    """(severity, kind, Chinese message) for a file that is not to be read as a workbook, else None."""
    path = PurePosixPath(rel_path)
    if path.name.startswith("~$") or path.name.startswith(".~lock."):
        return "info", "lock", "Office/WPS 临时锁定文件（表格打开时自动生成），不是报送材料，已忽略"
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return None
    if sniff_format(data) in WORKBOOK_FORMATS:
        return None  # a workbook with another name (.et from WPS, no extension …): read it
    for suffixes, found in OTHER_FILES.items():
        if suffix in suffixes:
            return found
    shown = suffix or "无扩展名"
    return "warning", "unknown", f"无法识别的文件类型（{shown}），未读取：如含台账数据请另存为 Excel 后报送"

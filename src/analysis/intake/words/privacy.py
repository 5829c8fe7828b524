"""Personal data: pseudonymous person_key, identity-number checks, scrubbing of free text."""

from __future__ import annotations

import hmac
import operator
import re
import unicodedata

from ...keys import KEY_ENV, KEY_FILE_ENV, key_file, key_fingerprint, load_key  # noqa: F401 - the key lives in analysis.keys
from ...personal import PLACEHOLDERS, contains_personal, scrub  # noqa: F401 - the intake's names for them

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])(\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[0-9Xx])(?![0-9A-Za-z])")
REDACTED = PLACEHOLDERS["id"]  # personal.scrub names each kind: 〔身份证号〕, 〔电话〕, 〔姓名〕
_ID_NOISE = re.compile(r"[\s\-]")
_ID_SHAPE = re.compile(r"\d{17}[\dX]")


def normalize_id(text: object) -> str:
    """Return an identity number without spaces, upper-case X, NFKC."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    return _ID_NOISE.sub("", s).upper()


def id_problem(id_number: str) -> str | None:
    """Return why an 18-character identity number is invalid (without echoing it), or None."""
    if not _ID_SHAPE.fullmatch(id_number):
        return "身份证号应为18位（末位可为X）"
    total = sum(map(operator.mul, map(int, id_number[:17]), _WEIGHTS))
    if _CHECK[total % 11] != id_number[17]:
        return "身份证号校验位错误，请核对"
    return None


def person_key(id_number: str | None = None, name: str | None = None, birth: str | None = None) -> str | None:
    """Return the keyed hash (HMAC-SHA256, 16 hex) of an identity number, else of name + birth date."""
    if id_number:
        material = "id:" + normalize_id(id_number)
    elif name:
        clean_name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
        material = f"name:{clean_name}|{birth or ''}"
    else:
        return None
    return hmac.digest(load_key(), material.encode("utf-8"), "sha256").hex()[:16]

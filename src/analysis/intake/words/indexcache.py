"""Built matching indices kept on disk, so that a new process (a clean's worker, a notebook) loads
them in milliseconds instead of building them again (about half a second for the vocabularies).

An index is stored with :mod:`marshal` as plain data (dicts, sets and tuples of text and
numbers, checked on loading; no pickle, so nothing in the file can run code), under a key made
of the resource tables' hash, the matching code's hash and the index's name, in the user's cache
folder (``$ANALYSIS_CACHE_DIR``, else ``$XDG_CACHE_HOME/analysis``, else ``~/.cache/analysis``).
A file that is missing, unreadable or not of the expected shape is built again; a folder that
cannot be written only costs the time of building.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ...files import write_atomic
from ...paths import PACKAGE_DIR
from ...resources import fingerprint as resources_fingerprint
from .matching import SynonymIndex

_log = logging.getLogger(__name__)
INDEX_FORMAT = "1"
#: The code that decides what an index holds.
_CODE = ("intake/words/matching.py", "intake/words/vocabulary.py", "intake/words/departments.py",
         "intake/words/labels.py", "intake/words/indexcache.py", "text.py", "resources.py")


def cache_folder() -> Path:
    """Where built indices are kept."""
    base = os.environ.get("ANALYSIS_CACHE_DIR")
    if base:
        return Path(base) / "indices"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "analysis" / "indices"


@cache
def code_fingerprint() -> str:
    digest = hashlib.sha256(INDEX_FORMAT.encode())
    for name in _CODE:
        path = PACKAGE_DIR / name
        if path.is_file():
            digest.update(name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def index_file(name: str) -> Path:
    key = hashlib.sha256(f"{resources_fingerprint()}|{code_fingerprint()}|{name}".encode()).hexdigest()[:32]
    return cache_folder() / f"{key}.idx"


def cached_index(name: str, build: Callable[[], SynonymIndex],
                 normalise: Callable[[str], str] | None = None) -> SynonymIndex:
    """The index ``name`` from the disk cache, else built by ``build`` (and stored)."""
    path = index_file(name)
    try:
        state = marshal.loads(path.read_bytes())
        return SynonymIndex.from_state(state, normalise) if normalise else SynonymIndex.from_state(state)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, EOFError, TypeError):
        _log.debug("index cache %s unreadable: built again", path, exc_info=True)
    index = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, marshal.dumps(index.state()))
    except (OSError, ValueError):
        _log.debug("index cache %s not written", path, exc_info=True)
    return index

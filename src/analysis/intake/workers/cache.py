"""The per-file cache: a file's result is reused while its bytes, place, year, code, reader version,
mappings and person key are unchanged (``data/processed/<year>/.cache/<key>.pkl``).

Only a worker that finished a file stores its entry: a read that crashed, ran out of memory or of
time, or failed in our own code leaves none, so the next run reads that file again.

An entry holds the file's light result and its payload (the sheets' kept rows) as two pickles
behind an 8-byte length of the first: the combining step reads every file's light result, and a
file's payload only while it builds a dataset that file feeds. Each pickle has its HMAC tag under
the local person key in front (:mod:`analysis.keys`): an entry someone else planted or changed in
the processed folder is never unpickled, only read again from the raw file."""

from __future__ import annotations

import hashlib
import json
import pickle
import struct
from functools import cache
from importlib import metadata
from pathlib import Path

from ... import __version__
from ...files import write_atomic
from ...keys import conceal, key_fingerprint, reveal, tag_matches, tag_of
from ...paths import PACKAGE_DIR
from ...resources import fingerprint as resources_fingerprint
from ..results import FileResult, SheetRows, split_result

CACHE_FORMAT = "7"
#: Source files whose code shapes a file's result: the intake layer and the shared pieces it uses.
_SHARED_MODULES = ("text.py", "resources.py", "datasets.py", "paths.py", "config.py", "files.py",
                   "contract.py", "template_columns.py")


@cache
def reader_version() -> str:
    """The installed python-calamine: a new reader may read a file the old one could not."""
    try:
        return metadata.version("python-calamine")
    except metadata.PackageNotFoundError:
        return "?"


@cache
def code_fingerprint() -> str:
    """Hash of the cleaner's source: editing it invalidates cached results."""
    h = hashlib.sha256()
    for path in [*sorted((PACKAGE_DIR / "intake").rglob("*.py")), *(PACKAGE_DIR / n for n in _SHARED_MODULES)]:
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cache_key(sha: str, rel: str, year: int | None, overrides: str = "") -> str:
    """Key of a cached per-file result: content, place, options, code, reader, mappings, the
    overrides.csv rows that apply to the file, and the person key."""
    material = "|".join([CACHE_FORMAT, sha, rel, str(year), __version__, code_fingerprint(), reader_version(),
                         resources_fingerprint(), key_fingerprint(), overrides])
    return hashlib.sha256(material.encode()).hexdigest()[:32]


_LENGTH = struct.Struct("<Q")
_TAGS = 64  # the tags of the light result and of the payload


def encode_entry(result: FileResult) -> tuple[bytes, bytes]:
    """(the cache entry's bytes, the pickled light result) of a file's result."""
    light, payload = split_result(result)
    plain = pickle.dumps(light, protocol=pickle.HIGHEST_PROTOCOL)
    head = conceal(plain)  # encrypted: raw names and rows never lie readable in the processed folder
    body = conceal(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    return tag_of(head) + tag_of(body) + _LENGTH.pack(len(head)) + head + body, plain


def load_cached(path: Path) -> FileResult | None:
    """Return a cached light result, or None when there is none, it cannot be read or it was not
    sealed with the local key (never unpickled then)."""
    try:
        with open(path, "rb") as fh:
            tags = fh.read(_TAGS)
            (size,) = _LENGTH.unpack(fh.read(_LENGTH.size))
            head = fh.read(size)
        if not tag_matches(tags[:32], head):
            return None
        return pickle.loads(reveal(head))
    except Exception:  # noqa: BLE001 - a missing or broken cache entry is simply rebuilt
        return None


def load_payload(path: Path) -> list[SheetRows]:
    """Return the kept rows of a cached result, per sheet (raises when the entry is gone or not
    sealed with the local key)."""
    with open(path, "rb") as fh:
        tags = fh.read(_TAGS)
        (size,) = _LENGTH.unpack(fh.read(_LENGTH.size))
        fh.seek(size, 1)
        body = fh.read()
    if not tag_matches(tags[32:], body):
        raise ValueError(f"cache entry {path.name} not sealed by this key")
    return pickle.loads(reveal(body))


def store(path: Path, data: bytes) -> None:
    """Store a cache entry's bytes (atomically)."""
    write_atomic(path, data)


def prune(cache_dir: Path, keep: set[str]) -> None:
    """Delete cache entries not in ``keep`` (file names)."""
    for p in cache_dir.glob("*.pkl"):
        if p.name not in keep:
            p.unlink(missing_ok=True)


def path_digest(file: Path) -> str:
    """A stable digest of a file's path (the key of its hash in ``file-hashes.json``)."""
    return hashlib.sha256(str(file).encode("utf-8", "surrogateescape")).hexdigest()[:32]


class FileHashes:
    """Each raw file's sha256, computed again only when the file's size, modification time, change
    time or inode differ from the last run's (as git does), kept in ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:  # plain JSON: nothing in a folder others may write is unpickled
            self.known: dict[str, tuple] = {k: (tuple(v[0]), v[1]) for k, v in
                                            json.loads(path.read_bytes()).items()}
        except Exception:  # noqa: BLE001 - none yet, or unreadable: hash every file
            self.known = {}
        self.seen: dict[str, tuple] = {}

    def sha256(self, file: Path) -> str:
        """The file's sha256 (its content read only when it may have changed)."""
        stat = file.stat()
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        key = path_digest(file)  # not the name itself: a file name may hold personal data
        known = self.known.get(key)
        if known is not None and known[0] == stamp:
            digest = known[1]
        else:
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
        self.seen[key] = (stamp, digest)
        return digest

    def save(self) -> None:
        """Keep the hashes of the files seen this run (when they changed)."""
        if self.seen != self.known:
            write_atomic(self.path, json.dumps(self.seen).encode("ascii"))

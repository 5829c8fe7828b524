"""The local person key: where it lives, who may read it, and what it authenticates.

The key makes ``person_key`` (a keyed hash of an identity number or of a name and birth date) and
seals the caches under the processed folder. It is created on first use, readable by its owner
only, in the user's configuration folder (not in the project folder, which analysts zip and
share). Who must share processed data across machines shares the key itself:
``ANALYSIS_PERSON_KEY_FILE`` names a key file (e.g. on a protected share), ``ANALYSIS_PERSON_KEY``
gives the key directly. A key left in the project root by an older version is moved to the
configuration folder the first time it is used.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from functools import lru_cache
from pathlib import Path

from .paths import PROJECT_ROOT

KEY_ENV = "ANALYSIS_PERSON_KEY"
KEY_FILE_ENV = "ANALYSIS_PERSON_KEY_FILE"
#: The folder of the default key file (tests point it at a temporary folder).
KEY_DIR_ENV = "ANALYSIS_KEY_DIR"
KEY_NAME = ".person_key"
_TAG = 32  # bytes of an HMAC-SHA256 tag


def default_key_dir() -> Path:
    """The user's configuration folder for this program ($ANALYSIS_KEY_DIR when set)."""
    override = os.environ.get(KEY_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("fazhi-analysis", appauthor=False))


def key_file() -> Path:
    """The key file in use: $ANALYSIS_PERSON_KEY_FILE, else the one in the user's configuration
    folder (or, where that folder could not be written, the project root's)."""
    named = os.environ.get(KEY_FILE_ENV)
    if named:
        return Path(named).expanduser()
    path = default_key_dir() / KEY_NAME
    return legacy_key_file() if not path.is_file() and _unwritable(path.parent) and legacy_key_file().is_file() \
        else path


def _unwritable(folder: Path) -> bool:
    """Whether ``folder`` cannot be created or written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return True
    return not os.access(folder, os.W_OK)


def legacy_key_file() -> Path:
    """Where older versions kept the key: the project root (shared with the project, hence moved)."""
    return PROJECT_ROOT / KEY_NAME


def write_private(path: Path, text: str) -> None:
    """Create ``path`` readable and writable by its owner only (0600) and write ``text``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def ensure_key_file() -> Path:
    """The key file, created (0600) on first use; a key in the project root is moved there."""
    path = key_file()
    if path.is_file():
        return path
    legacy = legacy_key_file()
    if not os.environ.get(KEY_FILE_ENV) and legacy.is_file():
        write_private(path, legacy.read_text(encoding="utf-8").strip())
        legacy.unlink()
        print(f"提示：人员编码密钥已从项目文件夹移到 {path}（仅本人可读；需要共享时见 README 隐私一节）",
              file=sys.stderr)
        return path
    try:
        write_private(path, secrets.token_hex(32))
    except OSError:  # no writable configuration folder (a locked-down machine): the project root
        if os.environ.get(KEY_FILE_ENV) or legacy.is_file():
            raise
        write_private(legacy, secrets.token_hex(32))
        print(f"提示：无法在 {path.parent} 保存人员编码密钥，已改存于项目文件夹 {legacy}（仅本人可读）："
              "打包或共享项目文件夹时请勿带上此文件", file=sys.stderr)
        return legacy
    return path


@lru_cache(maxsize=1)
def load_key() -> bytes:
    """Return the HMAC key: $ANALYSIS_PERSON_KEY, or the key file (created on first use)."""
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode("utf-8")
    return ensure_key_file().read_text(encoding="utf-8").strip().encode("utf-8")


def key_fingerprint() -> str:
    """Short hash of the key (never the key itself): cached results depend on it."""
    return hashlib.sha256(load_key()).hexdigest()[:12]


@lru_cache(maxsize=4)
def _derived(key: bytes) -> bytes:
    return hmac.digest(key, b"analysis cache seal v1", "sha256")


def _seal_key() -> bytes:
    """The key that seals caches, derived from the person key (never the person key itself)."""
    return _derived(load_key())


def seal(data: bytes) -> bytes:
    """``data`` behind its HMAC tag under the local key: only this key's holder can make it."""
    return hmac.digest(_seal_key(), data, "sha256") + data


def unseal(blob: bytes) -> bytes | None:
    """The data of a sealed blob, or None when its tag does not match (planted, damaged, other key)."""
    if len(blob) < _TAG:
        return None
    tag, data = blob[:_TAG], blob[_TAG:]
    return data if hmac.compare_digest(tag, hmac.digest(_seal_key(), data, "sha256")) else None


@lru_cache(maxsize=4)
def _cipher(key: bytes):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(hmac.digest(key, b"analysis cache cipher v1", "sha256"))


def conceal(data: bytes) -> bytes:
    """``data`` encrypted (AES-GCM) under a key derived from the local key: a cache in the processed
    folder holds raw file and sheet names and rows, which no one without the key may read."""
    nonce = os.urandom(12)
    return nonce + _cipher(load_key()).encrypt(nonce, data, None)


def reveal(blob: bytes) -> bytes:
    """The data of a concealed blob (raises when it was not made with the local key)."""
    return _cipher(load_key()).decrypt(blob[:12], blob[12:], None)


def tag_of(data: bytes) -> bytes:
    """The HMAC tag of ``data`` under the local key (for data sealed in parts)."""
    return hmac.digest(_seal_key(), data, "sha256")


def tag_matches(tag: bytes, data: bytes) -> bool:
    """Whether ``tag`` is the local key's tag of ``data``."""
    return len(tag) == _TAG and hmac.compare_digest(tag, tag_of(data))

"""The per-user cache folder, and whether a file kept in it can be used: made by this user,
unchanged since.

What geo-storymaps builds once and reuses (the gazetteer index, the boundaries' records) lives
in ``cache_dir()``: ``$GEO_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/geo-storymaps``, else
``~/.cache/geo-storymaps``. A file there is used only if it, its folder and its seal
(``<file>.seal``, written when it is built: its SHA-256 and the file's identity) belong to
this user and no one else may write them, and its content is what was sealed. Otherwise it
is built anew: a copy of the index planted by someone else in a shared folder once moved
Baghdad to Paris on every map. Where the cache folder cannot be written, files go to a
folder of this user's own in the temporary folder (``geo-storymaps-<uid>``, mode 0700),
never to a shared one.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path

from .errors import GeoError

__all__ = ["cache_dir", "check_folder", "private_dir", "seal", "trusted"]


def cache_dir() -> Path:
    """The cache folder (which may not exist yet)."""
    if os.environ.get("GEO_CACHE_DIR"):
        return Path(os.environ["GEO_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "geo-storymaps"


def _identity(info: os.stat_result) -> list[int]:
    """What changes when a file is written or replaced: a copy, a rename over it or a write
    gives another inode, size or change time (which no one can set back)."""
    return [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _ours(info: os.stat_result) -> bool:
    """Owned by this user, and no one else may write it (a folder writable by all but
    sticky, as /tmp is, lets no one else replace what is ours)."""
    others = info.st_mode & 0o002 and not (stat.S_ISDIR(info.st_mode)
                                           and info.st_mode & stat.S_ISVTX)
    return info.st_uid == os.getuid() and not others


def _digest(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def check_folder(folder: Path, *, what: str = "the gazetteer index") -> None:
    """Make ``folder`` if needed; raise PermissionError unless it is this user's and no one
    else may write in it: a file kept there (``what``) could be replaced by another (the
    caller then takes this user's own folder instead, ``private_dir``)."""
    folder.mkdir(parents=True, exist_ok=True)
    info = os.stat(folder)
    if not _ours(info):
        raise PermissionError(13, f"not this user's folder (owner uid {info.st_uid}, mode "
                                  f"{stat.filemode(info.st_mode)}); {what} is not "
                                  f"kept there", str(folder))


def seal(path: Path) -> None:
    """Record the SHA-256 and the identity of the file at ``path`` beside it."""
    record = json.dumps({"sha256": _digest(path), "identity": _identity(os.stat(path))})
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(record)
        os.replace(tmp, f"{path}.seal")
    finally:
        Path(tmp).unlink(missing_ok=True)


def trusted(path: Path) -> bool:
    """Whether the file at ``path`` is this user's and unchanged since it was sealed (when
    it looks changed, copied back from a backup say, its SHA-256 decides)."""
    sealed = Path(f"{path}.seal")
    try:
        info = os.stat(path)
        if not all(_ours(i) for i in (info, os.stat(path.parent), os.stat(sealed))):
            return False
        record = json.loads(sealed.read_text(encoding="utf-8"))
        if record["identity"] == _identity(info):
            return True
        if record["sha256"] != _digest(path):
            return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    seal(path)  # the same bytes in another file: sealed again, not hashed on every run
    return True


def private_dir(*, what: str = "the gazetteer index") -> Path:
    """This user's own folder in the temporary folder, made if needed."""
    folder = Path(tempfile.gettempdir()) / f"geo-storymaps-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise GeoError(f"{folder} is not this user's own folder (owner uid {info.st_uid}, "
                       f"mode {stat.filemode(info.st_mode)}): {what} is not kept "
                       f"there; set GEO_CACHE_DIR to a folder of yours")
    return folder

"""Files read within a limit, and written whole or not at all."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["TooLarge", "read_limited", "remove_stale", "write_files"]


class TooLarge(ValueError):
    """A file holds more bytes than a reader takes (``size``: as many as it found)."""

    def __init__(self, size: int, limit: int):
        self.size, self.limit = size, limit
        super().__init__(f"is {size:,} bytes, over the {limit:,}-byte limit")

_KINDS = ((stat.S_ISDIR, "is a folder"), (stat.S_ISFIFO, "is a named pipe (FIFO)"),
          (stat.S_ISCHR, "is a device"), (stat.S_ISBLK, "is a device"),
          (stat.S_ISSOCK, "is a socket"))


def read_limited(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, refused before they are read if it is no
    regular file (a folder, a FIFO, which would wait for a writer for ever, a device such as
    /dev/zero, which never ends, through a link or not) or holds more than ``limit`` bytes;
    the read itself stops at ``limit`` + 1 bytes, should the file grow meanwhile.

    Raises TooLarge, ValueError with what the path is ("is a named pipe (FIFO)"), and
    OSError (FileNotFoundError, PermissionError) as ``open`` does.
    """
    # Non-blocking: opening a FIFO for reading would wait for a writer.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        for test, what in _KINDS:
            if test(info.st_mode):
                raise ValueError(what)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("is not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise TooLarge(size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _umask() -> int:
    """The process's umask (read by setting it, and set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: A temporary file not named after a process (made by an earlier version) is stale once
#: it is this old: a run renames its files seconds after it makes them.
_STALE_S = 3600


def remove_stale(final: Path) -> None:
    """Remove the temporary files of ``final`` that a killed run left behind: those named
    after a process that no longer runs (a live one may be writing them now)."""
    import glob
    import time

    for tmp in final.parent.glob(f".{glob.escape(final.name)}.*.tmp"):
        pid = tmp.name[len(final.name) + 2:].split(".")[0]
        try:
            if pid.isdigit() and len(pid) < 8 and int(pid) > 0:
                os.kill(int(pid), 0)
                continue  # alive
            if time.time() - tmp.lstat().st_mtime < _STALE_S:
                continue
        except ProcessLookupError:
            pass
        except OSError:
            continue  # alive, another user's; or gone already
        tmp.unlink(missing_ok=True)


def write_files(files: dict[Path, bytes]) -> list[Path]:
    """Write every file atomically, all or nothing: each goes to a temporary file in its
    folder first (``.<name>.<pid>.<random>.tmp``), and the temporary files are renamed into
    place only once all are written.

    What a kill (SIGKILL) leaves: each file is whole, the previous one or the new one; a
    kill during the renames, which come one after another in the order of ``files``,
    leaves the first files new and the rest as they were. Temporary files of a killed run
    are removed by the next run that writes the same names. (No file is flushed to the
    disk: after a power cut, the operating system decides.)
    """
    temps: list[tuple[str, Path]] = []
    try:
        for final, data in files.items():
            final.parent.mkdir(parents=True, exist_ok=True)
            remove_stale(final)
            fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.{os.getpid()}.", suffix=".tmp",
                                       dir=final.parent)
            temps.append((tmp, final))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~_umask())
        for tmp, final in temps:
            os.replace(tmp, final)
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
    return [final for _, final in temps]

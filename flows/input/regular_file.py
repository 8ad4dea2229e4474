"""Read a file only if it is a regular file, and never more than a limit: the one way input files are read.

`stat().st_size` is 0 for a device, so a size check before `read_bytes()` let `adflows validate
/dev/zero` read until the kernel killed it (22 GB), and opening a FIFO waited forever for a writer.
Here the file is opened without blocking (a FIFO opens at once), its type is checked on the open
descriptor (no race with a swapped path), and the read stops at `limit + 1` bytes whatever the size
claims. Used by the model loader, the importers and the web app's models folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


class RefusedFileError(Exception):
    """The file is not a regular file, or is larger than the limit; `message` and `hint` say which."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    return next((word for test, word in _KINDS if test(mode)), "not a regular file")


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Raises `RefusedFileError` for anything else (folder, FIFO, device, socket, too large) and `OSError`
    when the file cannot be opened at all (missing, no permission).
    """
    fd = os.open(Path(path), _FLAGS)
    with os.fdopen(fd, "rb", buffering=0) as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFileError(
                f"not a regular file: it is {kind_of(info.st_mode)}", "give the path of a file saved on disk"
            )
        if info.st_size > limit:
            raise too_large(info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # a file that grows while read (or lies about its size) stops here
            chunk = file.read(limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise too_large(None, limit)
        return b"".join(chunks)


def too_large(size: int | None, limit: int) -> RefusedFileError:
    shown = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
    return RefusedFileError(f"file is {shown}; the limit is {limit:,}", "split the model or raise the limit")

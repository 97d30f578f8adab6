"""Files named on the command line or in the environment (a catalogue, a collector's --from-file, a file to
import): regular files only, and no larger than a limit, so that /dev/zero, a FIFO or a terminal is refused at
once, by name, instead of being read forever."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .languages.i18n import _


class InputFileError(ValueError):
    """A file that cannot be an input: the message names the option and why."""


def checked(path: str | Path, *, limit: int | None, option: str) -> Path:
    """`path`, when it names a regular file of at most `limit` bytes (None: any size); else InputFileError."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputFileError(_("{option}: {path} cannot be read ({error})").format(
            option=option, path=path, error=exc.strerror or exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(_("{option}: {path} is not a regular file (a device, a pipe or a directory is "
                               "never read)").format(option=option, path=path))
    if limit is not None and info.st_size > limit:
        raise InputFileError(_("{option}: {path} is {size} bytes; the limit is {limit}").format(
            option=option, path=path, size=info.st_size, limit=limit))
    return Path(path)


def read_bytes(path: str | Path, *, limit: int, option: str) -> bytes:
    """The whole file, checked first, and never more than `limit` bytes (a file that grows while read too)."""
    with checked(path, limit=limit, option=option).open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputFileError(_("{option}: {path} is over {limit} bytes").format(option=option, path=path,
                                                                              limit=limit))
    return data

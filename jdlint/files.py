"""Write a fixed file back without ever leaving it half-written.

The new bytes go to a temporary file in the same folder (so the final
``os.replace`` is a rename on one file system, which is atomic), are flushed
to disk, get the original's permission bits, and only then replace the
original. Any failure removes the temporary file and leaves the original
as it was. Every failure is a one-line :class:`~jdlint.errors.JdlintError`.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from jdlint.errors import JdlintError
from jdlint.inputs import Source, encode_text


def encode(source: Source, text: str) -> bytes:
    """``text`` as the file stores it: the same encoding, with the byte-order mark if it had one."""
    return encode_text(text, source.encoding, source.bom)


def write_fixed(source: Source, text: str) -> None:
    """Replace the file of ``source`` with ``text``, atomically.

    Refuses when the file changed on disk since it was read (an editor saved
    it meanwhile), so jdlint never overwrites work it has not seen, and when
    the file is read-only (the owner meant it not to change).
    """
    name = source.path
    path = Path(os.path.realpath(name))  # write through a symlink to its target, keeping the link
    try:
        data = encode(source, text)
    except UnicodeEncodeError:
        raise JdlintError(f"{name}: the fixed text cannot be stored as {source.encoding}; not fixed") from None
    try:
        info = path.stat()
        current = path.read_bytes()
    except OSError as error:
        raise JdlintError(f"{name}: cannot read it back before writing: {error.strerror or error}") from None
    if current != encode(source, source.text):
        raise JdlintError(f"{name}: changed on disk while jdlint was checking it; not fixed")
    if not os.access(path, os.W_OK) or not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise JdlintError(f"{name}: is read-only; not fixed")
    replace_atomically(path, data, stat.S_IMODE(info.st_mode), f"{name}: cannot write the fixed file", "; not fixed")


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write a new or existing file (a report, a baseline) all or nothing."""
    target = Path(path)
    mode = None
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(target.stat().st_mode)
    replace_atomically(target, data, mode, f"{path}: cannot write")


def replace_atomically(path: Path, data: bytes, mode: int | None, failure: str, tail: str = "") -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over ``path``."""
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".jdlint-tmp")
        try:
            _write_all(handle, data)
            os.fsync(handle)  # on disk before the rename, or a crash could leave an empty file
        finally:
            os.close(handle)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise JdlintError(f"{failure}: {error.strerror or error}{tail}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _write_all(descriptor: int, data: bytes) -> None:
    """Write every byte (``os.write`` may write fewer than asked)."""
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]

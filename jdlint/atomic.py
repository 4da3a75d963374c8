"""Write a file so that it is either fully written or untouched.

The data goes to a temporary file in the same folder (so the final rename
stays on one file system), is flushed to disk, then replaces the target with
``os.replace``, which is atomic. Any failure removes the temporary file and
leaves the original as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from jdlint.errors import JdlintError


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data``, all or nothing; failures are one-line errors."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    mode = None
    with contextlib.suppress(OSError):
        mode = target.stat().st_mode & 0o7777
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".jdlint-tmp", dir=directory)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise JdlintError(f"{target}: cannot write: {error.strerror or error}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

"""The ``jdlint`` command's entry point: a running server answers, else this process does.

Kept apart from :mod:`jdlint.cli` so that asking the server costs no spaCy or
typer import; see :mod:`jdlint.client`.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn


def main() -> None:
    """Forward to a warm server when one runs for this code; otherwise run the CLI here."""
    from jdlint import startup

    startup.pause()  # until the rules are built: see jdlint.startup
    from jdlint.client import forward

    try:
        code = forward(sys.argv)
    except KeyboardInterrupt:
        print("jdlint: interrupted", file=sys.stderr)
        sys.exit(2)
    except Exception:  # a broken hand-over must never cost the user a run
        code = None
    if code is not None:
        sys.exit(code)
    # jdlint never calls numpy's linear algebra, but OpenBLAS starts a pool of threads when spaCy
    # imports numpy: about 60 ms of CPU and 15 ms of a one-file run's wall time, for nothing. One
    # thread means no pool. Set before the import that reads it; a value the user chose is kept.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from jdlint.cli import run

    try:
        run()
    except SystemExit as done:
        _exit_now(done.code)
    _exit_now(0)


def _exit_now(code: object) -> NoReturn:
    """End the process with ``code`` once the output is flushed, without the interpreter's clean-up.

    Tearing down the modules and objects of spaCy and jdlint takes about 25 ms after every run
    and frees nothing the operating system does not free anyway (mypy ends the same way). What
    matters is done before this point: the report is written (and flushed here), files jdlint
    writes (``--output``, ``--fix``) are complete before the command returns, the ``--jobs``
    workers of a run stopped early are ended here, and the exit handlers of the libraries
    loaded have nothing to save (logging has no handlers).
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # what sys.exit("message") does
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing more to write
            stream.flush()
    parallel = sys.modules.get("jdlint.parallel")
    if parallel is not None:
        parallel.stop_workers()  # a run stopped early (a closed pipe, Ctrl-C) can leave --jobs workers
    os._exit(status)

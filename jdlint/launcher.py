"""The ``jdlint`` command's entry point: a running server answers, else this process does.

Kept apart from :mod:`jdlint.cli` so that asking the server costs no spaCy or
typer import; see :mod:`jdlint.client`.
"""

from __future__ import annotations

import os
import sys


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

    run()

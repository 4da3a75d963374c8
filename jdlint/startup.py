"""Start-up without the cyclic garbage collector's passes over objects that live to the end.

Importing spaCy and building the rules allocates a few hundred thousand
objects (modules, classes, functions, tables) that all live as long as the
process. While the heap grows, CPython's collector keeps walking all of it
(a full pass each time it has grown by a quarter): 50-100 ms of a one-file
run, for nothing, since none of it is garbage. The ``jdlint`` command
therefore pauses the collector before its first import (:func:`pause`), and
the engine resumes it once the rules are built (:func:`resume`), after moving
everything allocated so far to the permanent generation (``gc.freeze``), so
that later passes never walk it again either. Linting documents runs with the
collector on, as before: memory stays flat on any number of files, and forked
``--jobs`` workers share the frozen pages instead of touching them.

Only the ``jdlint`` command pauses: a program that imports jdlint as a library
keeps its own collector settings (:func:`resume` does nothing then).
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Turn the cyclic collector off for start-up (if it is on)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """After start-up: freeze what exists and turn the collector back on (once; only if :func:`pause` turned it off)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()

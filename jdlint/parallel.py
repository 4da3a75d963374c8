"""Lint many files over several processes, with results in input order.

The parent builds the linter and warms every lazy table (pipeline, syllable
table, word lists) before forking, so the workers share that memory and start
at once. Work goes out in small chunks of paths; each worker reads, parses
and lints its chunk and sends back what the caller's ``finish`` makes of each
result: by default the result without its spaCy tokens (reports do not use
them and they are costly to pickle); for the streamed reports, the file's
rendered part of the report (:class:`jdlint.report.Rendered`), so the parent
only writes strings. At most a
few chunks per worker are in flight, so memory stays flat however many files
there are, and results come back in the order of the input, whatever order
the workers finish in: the output is the same as with one process.

Small inputs run in the calling process: forking and the hand-over cost more
than they save below a few dozen files. Where ``fork`` is unavailable
(Windows, macOS default), everything runs in one process.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from jdlint.engine import FileResult

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

LintFiles = Callable[[Sequence[str]], Iterable[FileResult]]
T = TypeVar("T")

# Fewer files than this run in one process.
SMALL_INPUT = 32
# Paths per task: large enough to amortise the hand-over, small enough to balance the load.
CHUNK = 8
# Tasks in flight per worker: keeps workers busy while bounding memory.
WINDOW = 4

_pool: Pool | None = None  # the workers of the run under way
_lint: LintFiles | None = None  # the parent's lint function, inherited by forked workers
_finish: Callable[[FileResult], Any] | None = None  # and what to make of each result, likewise


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def plan_jobs(requested: int | None, files: int) -> int:
    """How many processes to use: ``requested``, or one per core; one for small inputs."""
    if requested is not None:
        return max(1, min(requested, files or 1))
    if files < SMALL_INPUT:
        return 1
    return max(1, min(available_cores(), files // CHUNK))


def lint_files(
    lint: LintFiles,
    paths: Sequence[str],
    jobs: int | None = None,
    warm_up: Callable[[], None] | None = None,
    finish: Callable[[FileResult], T] | None = None,
) -> Iterator[T]:
    """Run ``lint`` over ``paths`` in ``jobs`` processes (default: :func:`plan_jobs`), yielding results in order.

    ``lint`` lints a list of paths in order (e.g. :meth:`jdlint.runner.Runner.lint_files`, which gives each
    file its own configuration); ``warm_up`` loads what is lazy before the workers fork. ``finish`` is applied
    to each result where it was made (in the worker) and its value is yielded; by default the result itself,
    without its spaCy tokens.
    """
    apply: Callable[[FileResult], Any] = finish if finish is not None else without_tokens
    count = plan_jobs(jobs, len(paths))
    if count <= 1 or not _can_fork():
        for result in lint(paths):
            yield apply(result)
        return
    yield from _lint_forked(lint, paths, count, warm_up, apply)


def _can_fork() -> bool:
    # Imported here: multiprocessing costs a one-file run ~10 ms and one process never needs it.
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _lint_forked(
    lint: LintFiles,
    paths: Sequence[str],
    count: int,
    warm_up: Callable[[], None] | None,
    finish: Callable[[FileResult], T],
) -> Iterator[T]:
    global _lint, _finish, _pool
    # Load everything lazy now, once, so that workers inherit it instead of each loading it.
    if warm_up is not None:
        warm_up()
    _lint, _finish = lint, finish
    import multiprocessing

    chunks = [list(paths[i : i + CHUNK]) for i in range(0, len(paths), CHUNK)]
    context = multiprocessing.get_context("fork")
    pending: deque[AsyncResult[list[T]]] = deque()
    try:
        with context.Pool(count, initializer=_ignore_interrupts) as pool:
            _pool = pool
            for chunk in chunks:
                pending.append(pool.apply_async(_lint_chunk, (chunk,)))
                if len(pending) >= WINDOW * count:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        _lint = _finish = _pool = None


def stop_workers() -> None:
    """End the workers of a run whose results are no longer wanted (the reader of the report went away).

    Leaving the ``with`` block of the pool does this when the run's generator is closed; a process
    that ends without closing it (see :mod:`jdlint.launcher`) calls this instead.
    """
    if _pool is not None:
        _pool.terminate()


def _ignore_interrupts() -> None:
    """Worker set-up: Ctrl-C reaches every process of the group; the parent alone answers it (and ends the workers)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _lint_chunk(paths: list[str]) -> list[Any]:
    """Worker side: lint a chunk of paths with the inherited lint function, and finish each result."""
    assert _lint is not None and _finish is not None, "worker started without a lint function"
    return [_finish(result) for result in _lint(paths)]


def without_tokens(result: FileResult) -> FileResult:
    """The result without its spaCy tokens (reports never read them; pickling them is slow)."""
    if result.document is None or result.document.tokens is None:
        return result
    return replace(result, document=replace(result.document, tokens=None))

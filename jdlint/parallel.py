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

While the parent loads spaCy for the warm-up (a third of a second in which the
other cores have nothing to do), a short-lived reader process reads and parses
the first chunks, which needs no spaCy (:class:`ReadAhead`): the workers start
on those with their parsing done. It only uses time that would be idle: it is
stopped when the workers start, and a worker parses any chunk it did not reach.

Small inputs run in the calling process: forking and the hand-over cost more
than they save below a few dozen files. Where ``fork`` is unavailable
(Windows, macOS default), everything runs in one process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import IO, TYPE_CHECKING, Any, TypeVar

from jdlint.engine import FileResult

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

# Lints paths in order; the mapping holds paths already prepared (read and parsed) by a Prepare.
LintFiles = Callable[[Sequence[str], Mapping[str, Any]], Iterable[FileResult]]
Prepare = Callable[[str], Any]
T = TypeVar("T")

# Fewer files than this run in one process.
SMALL_INPUT = 32
# Paths per task: large enough to amortise the hand-over, small enough to balance the load.
CHUNK = 8
# Tasks in flight per worker: keeps workers busy while bounding memory.
WINDOW = 4
# Chunks the reader prepares at most: about a second of work, longer than spaCy takes to load. It
# bounds the reader's memory and the work it could do for nothing if the parent were killed.
AHEAD = 128

_pool: Pool | None = None  # the workers of the run under way
_lint: LintFiles | None = None  # the parent's lint function, inherited by forked workers
_finish: Callable[[FileResult], Any] | None = None  # and what to make of each result, likewise
_ahead: dict[int, bytes] = {}  # chunks the reader prepared, by index (pickled), likewise
# A record of the reader: chunk index and length of the pickled list that follows.
_RECORD = struct.Struct("<II")


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
    prepare: Prepare | None = None,
) -> Iterator[T]:
    """Run ``lint`` over ``paths`` in ``jobs`` processes (default: :func:`plan_jobs`), yielding results in order.

    ``lint`` lints a list of paths in order (e.g. :meth:`jdlint.runner.Runner.lint_files`, which gives each
    file its own configuration); ``warm_up`` loads what is lazy before the workers fork. ``finish`` is applied
    to each result where it was made (in the worker) and its value is yielded; by default the result itself,
    without its spaCy tokens. ``prepare`` reads and parses one path without spaCy (e.g.
    :meth:`jdlint.runner.Runner.prepare`): given, a reader process prepares the first chunks during the warm-up.
    """
    apply: Callable[[FileResult], Any] = finish if finish is not None else without_tokens
    count = plan_jobs(jobs, len(paths))
    if count <= 1 or not _can_fork():
        for result in lint(paths, {}):
            yield apply(result)
        return
    yield from _lint_forked(lint, paths, count, warm_up, apply, prepare)


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
    prepare: Prepare | None,
) -> Iterator[T]:
    global _lint, _finish, _pool, _ahead
    chunks = [list(paths[i : i + CHUNK]) for i in range(0, len(paths), CHUNK)]
    reader = ReadAhead.start(chunks[:AHEAD], prepare) if prepare is not None else None
    try:
        # Load everything lazy now, once, so that workers inherit it instead of each loading it.
        if warm_up is not None:
            warm_up()
        _ahead = reader.stop() if reader is not None else {}
    finally:
        if reader is not None:
            reader.close()
    _lint, _finish = lint, finish
    import multiprocessing

    context = multiprocessing.get_context("fork")
    pending: deque[AsyncResult[list[T]]] = deque()
    try:
        with context.Pool(count, initializer=_ignore_interrupts) as pool:
            _pool = pool
            for index, chunk in enumerate(chunks):
                pending.append(pool.apply_async(_lint_chunk, (index, chunk)))
                if len(pending) >= WINDOW * count:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        _lint = _finish = _pool = None
        _ahead = {}


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


def _lint_chunk(index: int, paths: list[str]) -> list[Any]:
    """Worker side: lint a chunk of paths with the inherited lint function, and finish each result."""
    assert _lint is not None and _finish is not None, "worker started without a lint function"
    prepared = _ahead.get(index)
    ready = dict(zip(paths, pickle.loads(prepared), strict=True)) if prepared is not None else {}
    return [_finish(result) for result in _lint(paths, ready)]


class ReadAhead:
    """A process that prepares chunks in order (reads and parses them) until it is stopped.

    Forked before spaCy is loaded, it runs while the parent loads it. It writes each chunk's
    prepared files, pickled, as one record to an unnamed temporary file (nothing is left on
    disk, whatever happens); :meth:`stop` kills it and reads the records that are whole. A chunk
    it did not finish, or any failure of the reader, only means that a worker parses the chunk
    itself: the results are the same either way.
    """

    def __init__(self, file: IO[bytes], chunks: Sequence[Sequence[str]], prepare: Prepare) -> None:
        """Fork the reader on ``chunks``, writing to ``file`` (see :meth:`start`)."""
        self.file = file
        self.pid = os.fork()
        if self.pid == 0:  # the reader
            try:
                for index, chunk in enumerate(chunks):
                    data = pickle.dumps([prepare(path) for path in chunk], pickle.HIGHEST_PROTOCOL)
                    os.write(self.file.fileno(), _RECORD.pack(index, len(data)) + data)
            finally:
                os._exit(0)  # never the parent's clean-up, buffers or exit handlers

    @classmethod
    def start(cls, chunks: Sequence[Sequence[str]], prepare: Prepare) -> ReadAhead | None:
        """A reader on ``chunks``, or None when none can be started (no temporary file, no process)."""
        import tempfile

        try:
            file = tempfile.TemporaryFile()  # noqa: SIM115 - open until close(), across a fork
        except OSError:
            return None
        try:
            return cls(file, chunks, prepare)
        except OSError:
            file.close()
            return None

    def stop(self) -> dict[int, bytes]:
        """Stop the reader; the chunks it finished, pickled, by index."""
        self._end()
        return _records(os.pread(self.file.fileno(), os.fstat(self.file.fileno()).st_size, 0))

    def close(self) -> None:
        """Stop the reader if it still runs, and drop the file."""
        self._end()
        self.file.close()

    def _end(self) -> None:
        if self.pid:
            import signal

            with contextlib.suppress(ProcessLookupError, ChildProcessError):  # it may have ended already
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0


def _records(data: bytes) -> dict[int, bytes]:
    """The whole records in ``data`` (what the reader wrote), by chunk index; a cut last one is dropped."""
    found: dict[int, bytes] = {}
    at = 0
    while at + _RECORD.size <= len(data):
        index, size = _RECORD.unpack_from(data, at)
        at += _RECORD.size
        if at + size > len(data):
            break  # the record being written when the reader was stopped
        found[index] = data[at : at + size]
        at += size
    return found


def without_tokens(result: FileResult) -> FileResult:
    """The result without its spaCy tokens (reports never read them; pickling them is slow)."""
    if result.document is None or result.document.tokens is None:
        return result
    return replace(result, document=replace(result.document, tokens=None))

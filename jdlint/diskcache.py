"""Data derived from jdlint's files, cached on disk and keyed by the content it came from.

Parsing the rule files (tomllib is pure Python) and the syllable table costs
tens of milliseconds on every start; a one-file check should not pay it
twice. :func:`cached` stores the derived value with :mod:`marshal` under the
user's cache folder, named by a hash of the source bytes, the jdlint version
and the Python version: a changed rule file has a new name, so there is
nothing to invalidate, and an old entry is never read for new content.

The folder is ``$JDLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/jdlint``, else
``~/.cache/jdlint`` (created 0700). ``JDLINT_NO_CACHE=1`` turns the cache off.
Any failure (read-only home, full disk, a damaged entry, a value marshal
cannot store) falls back to computing the value: the cache only ever saves time.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from jdlint import __version__

T = TypeVar("T")
# Old entries are not worth a sweep on every start; they are small and this keeps the folder bounded.
MAX_ENTRIES = 200


@lru_cache(maxsize=1)
def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off or impossible."""
    if os.environ.get("JDLINT_NO_CACHE"):
        return None
    configured = os.environ.get("JDLINT_CACHE_DIR")
    if configured:
        folder = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "jdlint"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


def cached(kind: str, source: bytes, build: Callable[[], T]) -> T:
    """``build()``, or its value stored earlier for the same ``kind`` and ``source`` bytes."""
    folder = cache_dir()
    if folder is None:
        return build()
    import hashlib

    digest = hashlib.blake2b(f"{kind}\0{__version__}\0{sys.version}\0".encode() + source, digest_size=16)
    path = folder / f"{kind}-{digest.hexdigest()}.marshal"
    try:
        value: T = marshal.loads(path.read_bytes())
        return value
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    _store(folder, path, value)
    return value


def _store(folder: Path, path: Path, value: object) -> None:
    """Write atomically (temporary file, then rename); give up quietly on any failure."""
    try:
        data = marshal.dumps(value)  # type: ignore[arg-type]
    except ValueError:  # a type marshal cannot store: just do not cache it
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
        entries = list(folder.glob("*.marshal"))
        if len(entries) > MAX_ENTRIES:
            for old in sorted(entries, key=lambda p: p.stat().st_mtime)[: len(entries) - MAX_ENTRIES]:
                old.unlink()
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def packed(value: object) -> bytes:
    """Plain data as bytes, to keep inside a cached value and read later with :func:`unpacked`.

    A large cached table can be stored as many packed parts, so that a process reads only
    the parts it uses (the syllable table: a bucket of words when one is first looked up).
    """
    return marshal.dumps(value)  # type: ignore[arg-type]


def unpacked(data: bytes) -> Any:
    """The value :func:`packed` gave ``data`` for."""
    return marshal.loads(data)


def compile_patterns(sources: Sequence[str], flags: int = 0) -> list[re.Pattern[str]]:
    """``re.compile`` each source, reusing the compiled programs stored for the same sources.

    Rule data compiles to large patterns (a cue with every form of 200 duty verbs),
    and Python's regex parser is pure Python: for section detection it was the
    largest start-up cost after spaCy. The parsed-and-compiled program (the list
    of opcodes ``re`` hands to its C engine, which validates it) is stored; the
    key includes the Python version, whose ``re`` internals produced it. Anything
    unexpected, and any invalid pattern, goes through plain ``re.compile``.
    """
    sources = list(sources)
    try:
        import _sre  # type: ignore[import-not-found]

        programs = cached("regex", repr((sources, int(flags))).encode(), lambda: [_program(s, flags) for s in sources])
        return [_sre.compile(s, *program) for s, program in zip(sources, programs, strict=True)]
    except Exception:
        return [re.compile(s, flags) for s in sources]


def _program(source: str, flags: int) -> tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` for ``source`` (CPython 3.11+)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # Plain ints: the opcodes and flags are int subclasses that marshal cannot store.
    program = [int(op) for op in code]
    return int(flags | parsed.state.flags), program, parsed.state.groups - 1, groupindex, tuple(indexgroup)

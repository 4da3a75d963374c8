"""Find and read the files to check; every failure is a one-line JdlintError."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jdlint.errors import JdlintError

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
TEXT_SUFFIXES = (".txt", ".text")
JD_SUFFIXES = MARKDOWN_SUFFIXES + TEXT_SUFFIXES
# Files that sit beside job descriptions but are not job descriptions.
SKIPPED_NAMES = ("readme", "changelog", "contributing", "license", "licence", "code_of_conduct", "security")
# The largest real posting we have seen is 27 KB; a file 190 times that is not a job description,
# and reading it would take a minute and a gigabyte (measured: 4.4 MB in 15 s, 0.5 GB).
# Issue 6 makes this configurable (--max-file-size).
MAX_FILE_BYTES = 5 * 1024 * 1024
SKIPPED_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}


@dataclass(frozen=True)
class Source:
    """One input: where it came from, its text, and whether it is Markdown."""

    path: str
    text: str
    markdown: bool
    # How the file was stored, so that ``--fix`` can write it back the same way.
    encoding: str = "utf-8"
    bom: bool = False


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Files named, plus JD files (Markdown, text) found under named folders."""
    files: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(_walk(path))
            if not found:
                raise JdlintError(f"{name}: no job description files (.md, .markdown, .txt) in this folder")
            files.extend(found)
        elif path.exists() or path.is_symlink():
            files.append(name)
        else:
            raise JdlintError(f"{name}: {_missing_reason(name)}")
    return list(dict.fromkeys(files))


def _missing_reason(name: str) -> str:
    """Why a named path cannot be found: missing, or e.g. 'Not a directory' for a path under a file."""
    try:
        os.stat(name)
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as error:
        return f"cannot read: {error.strerror or error}"
    except ValueError as error:  # a NUL character in the name
        return f"cannot read: {error}"
    return "no such file or folder"


def _walk(root: Path) -> Iterator[str]:
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in names:
            if name.lower().endswith(JD_SUFFIXES) and not name.lower().startswith(SKIPPED_NAMES):
                yield str(Path(directory) / name)


def read_source(name: str) -> Source:
    """Read one file as UTF-8 text (a BOM is allowed); refuse binary and other encodings."""
    path = Path(name)
    try:
        info = path.stat()
    except OSError as error:
        raise JdlintError(f"{name}: cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise JdlintError(f"{name}: is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise JdlintError(f"{name}: not a regular file")
    _check_size(name, info.st_size)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # bounded, even if the file grows meanwhile
    except OSError as error:
        raise JdlintError(f"{name}: cannot read: {error.strerror or error}") from None
    return decode(name, data, markdown=not name.lower().endswith(TEXT_SUFFIXES))


def decode(name: str, data: bytes, markdown: bool = True) -> Source:
    """Bytes to a Source, with the checks every input gets."""
    _check_size(name, len(data))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise JdlintError(f"{name}: UTF-16 text; save it as UTF-8")
    if _looks_like_utf16(data[:8192]):
        raise JdlintError(f"{name}: looks like UTF-16 text without a byte-order mark; save it as UTF-8")
    if b"\x00" in data[:8192]:
        raise JdlintError(f"{name}: looks like a binary file (it contains NUL bytes); jdlint reads text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise JdlintError(f"{name}: not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8") from None
    if not text.strip():
        raise JdlintError(f"{name}: is empty; there is nothing to check")
    return Source(name, text, markdown, encoding="utf-8", bom=data.startswith(b"\xef\xbb\xbf"))


def _check_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1024 // 1024
        raise JdlintError(f"{name}: {size / 1024 / 1024:.1f} MB is too big for a job description (limit {limit} MB)")


def _looks_like_utf16(head: bytes) -> bool:
    """Mostly-ASCII UTF-16: every other byte is NUL (a binary file has NULs anywhere)."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.6 and min(even.count(0), odd.count(0)) == 0

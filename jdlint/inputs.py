"""Find and read the files to check; every failure is a one-line JdlintError.

The format of a file comes from its extension (``.md``, ``.txt``, ``.html``,
``.docx``, ...) unless ``--input-format`` says otherwise. Folder walks take
only files of a known format; a file named on the command line with an
unknown extension is an error, so nothing is checked as the wrong thing.

Text is decoded in this order: a byte-order mark (UTF-8, UTF-16, UTF-32)
decides; then strict UTF-8; then, for an HTML page, the charset it declares;
then Windows-1252 (cp1252, a superset of Latin-1 for printable text) as a
guess, with a warning that names it. Text that is none of these is refused.
``Source.encoding`` and ``Source.bom`` record what was read, and
:func:`encode_text` turns fixed text back into the same bytes.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from jdlint.errors import JdlintError

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
FORMATS = ("markdown", "text", "html", "docx")
SUFFIX_FORMATS = {
    **dict.fromkeys(MARKDOWN_SUFFIXES, "markdown"),
    **dict.fromkeys(TEXT_SUFFIXES, "text"),
    **dict.fromkeys(HTML_SUFFIXES, "html"),
    **dict.fromkeys(DOCX_SUFFIXES, "docx"),
}
JD_SUFFIXES = tuple(SUFFIX_FORMATS)
# What to tell someone who names a file jdlint cannot read.
UNSUPPORTED = {
    ".doc": "an old Word .doc file; save it as .docx",
    ".pdf": "a PDF; export it as text, HTML or .docx",
    ".rtf": "an RTF file; save it as .docx or text",
    ".odt": "an OpenDocument file; save it as .docx",
    ".pages": "a Pages file; export it as .docx",
}
# Files that sit beside job descriptions but are not job descriptions.
SKIPPED_NAMES = ("readme", "changelog", "contributing", "license", "licence", "code_of_conduct", "security")
SKIPPED_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}

# Bigger files are refused before they are read: the largest real posting we have seen is 27 KB,
# and a file near the limit takes about 15 s and 0.5 GB (measured: 4.4 MB). ``--max-file-size``
# changes it.
DEFAULT_MAX_FILE_SIZE = 5_000_000
SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)

BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
LEGACY_ENCODING = "cp1252"
# In Western text read as cp1252 few characters are non-ASCII; far more means some other encoding.
MAX_LEGACY_SHARE = 0.1
META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """One input: where it came from, its text and its format.

    ``format`` is ``markdown``, ``text``, ``html`` or ``docx``. For a .docx,
    ``text`` is empty and ``data`` holds the file: the Document's text is built
    from the paragraphs, so it cannot be written back (``--fix`` must refuse).
    ``encoding`` is a codec that writes no byte-order mark (``utf-8``,
    ``utf-16-le``, ``cp1252``, ...) and ``bom`` says whether the file had one;
    :func:`encode_text` writes both back. ``warnings`` are one-line notes for
    the user (a guessed encoding).
    """

    path: str
    text: str
    markdown: bool
    # How the file was stored, so that ``--fix`` can write it back the same way.
    encoding: str = "utf-8"
    bom: bool = False
    format: str = ""  # "" means markdown or text, from ``markdown``
    warnings: tuple[str, ...] = ()
    data: bytes = field(default=b"", compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.format:
            object.__setattr__(self, "format", "markdown" if self.markdown else "text")


def parse_size(value: str) -> int:
    """``5MB``, ``500k``, ``2000000``: a size in bytes (k, M, G are powers of 1000)."""
    match = SIZE_RE.match(value)
    if not match:
        raise JdlintError(f"--max-file-size: cannot read {value!r} as a size (write e.g. 5MB, 500kB or 2000000)")
    number = float(match.group(1)) * {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}[match.group(2).lower()]
    if number < 1:
        raise JdlintError("--max-file-size must be at least 1 byte")
    return int(number)


def file_format(name: str, input_format: str | None = None) -> str:
    """The format to read ``name`` as: ``--input-format`` if given, else by its extension."""
    if input_format:
        if input_format not in FORMATS:
            raise JdlintError(f"unknown input format {input_format!r} (choose from {', '.join(FORMATS)})")
        return input_format
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    if not suffix or name == "-":
        return "markdown"  # no extension: read as Markdown, which also reads plain text well
    if suffix in UNSUPPORTED:
        raise JdlintError(f"{name}: jdlint cannot read {UNSUPPORTED[suffix]}")
    raise JdlintError(
        f"{name}: unknown file type {suffix!r} (jdlint reads {', '.join(JD_SUFFIXES)}; "
        "use --input-format to choose one)"
    )


def read_source(name: str, input_format: str | None = None, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Source:
    """Read one file in its format; refuse binary files, unknown encodings and files over ``max_size`` bytes."""
    kind = file_format(name, input_format)
    path = Path(name)
    try:
        info = path.stat()
    except OSError as error:
        raise JdlintError(f"{name}: cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise JdlintError(f"{name}: is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise JdlintError(f"{name}: not a regular file")
    check_size(name, info.st_size, max_size)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_size + 1)  # the file may have grown since stat
    except OSError as error:
        raise JdlintError(f"{name}: cannot read: {error.strerror or error}") from None
    check_size(name, len(data), max_size)
    if kind == "docx":
        if not data:
            raise JdlintError(f"{name}: is empty; there is nothing to check")
        return Source(name, "", False, encoding="", format="docx", data=data)
    return decode(name, data, markdown=kind == "markdown", format=kind)


def check_size(name: str, size: int, max_size: int) -> None:
    """Refuse a file bigger than ``max_size`` bytes, saying how to raise the limit."""
    if size > max_size:
        raise JdlintError(
            f"{name}: {_megabytes(size)} is over the {_megabytes(max_size)} limit for one file "
            "(raise it with --max-file-size)"
        )


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def decode(name: str, data: bytes, markdown: bool = True, format: str = "") -> Source:
    """Bytes to a Source, with the checks every input gets (see the module docstring for the order)."""
    format = format or ("markdown" if markdown else "text")
    warnings: tuple[str, ...] = ()
    bom = next(((mark, codec) for mark, codec in BOMS if data.startswith(mark)), None)
    if bom is not None:
        encoding = bom[1]
        try:
            text = data[len(bom[0]) :].decode(encoding)
        except UnicodeDecodeError as error:
            raise JdlintError(
                f"{name}: starts with a {encoding} byte-order mark but is not {encoding} text "
                f"(bad bytes at offset {error.start + len(bom[0])}); save it as UTF-8"
            ) from None
    else:
        if _looks_like_utf16(data[:8192]):
            raise JdlintError(
                f"{name}: looks like UTF-16 text without a byte-order mark; save it as UTF-8 "
                "(or as UTF-16 with a byte-order mark)"
            )
        if b"\x00" in data[:8192]:
            raise JdlintError(f"{name}: looks like a binary file (it contains NUL bytes); jdlint reads text")
        text, encoding, warnings = _decode_unmarked(name, data, format)
    if not text.strip():
        raise JdlintError(f"{name}: is empty; there is nothing to check")
    return Source(name, text, markdown, encoding=encoding, bom=bom is not None, format=format, warnings=warnings)


def _decode_unmarked(name: str, data: bytes, format: str) -> tuple[str, str, tuple[str, ...]]:
    """Text with no byte-order mark: UTF-8, a declared HTML charset, or cp1252 with a warning."""
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as error:
        utf8_error = error
    if format == "html":
        declared = META_CHARSET_RE.search(data[:4096])
        if declared:
            try:
                codec = codecs.lookup(declared.group(1).decode("ascii")).name
                return data.decode(codec), codec, ()
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration: fall through to the guess
    try:
        text = data.decode(LEGACY_ENCODING)
    except UnicodeDecodeError as error:
        raise JdlintError(
            f"{name}: not UTF-8 text (bad byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}), "
            f"and not Windows-1252 either (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8"
        ) from None
    non_ascii = sum(1 for char in text if ord(char) > 127)
    if non_ascii > MAX_LEGACY_SHARE * max(1, len(text)):
        raise JdlintError(
            f"{name}: not UTF-8 text (bad byte at offset {utf8_error.start}), and too many non-ASCII "
            "characters to guess its encoding; save it as UTF-8"
        )
    warning = (
        f"{name}: not UTF-8; read as Windows-1252 (cp1252), a guess from its bytes. "
        "Save it as UTF-8 to be sure (--fix keeps cp1252)"
    )
    return text, LEGACY_ENCODING, (warning,)


def _looks_like_utf16(head: bytes) -> bool:
    """Mostly-ASCII UTF-16: every other byte is NUL (a binary file has NULs anywhere)."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.6 and min(even.count(0), odd.count(0)) == 0


def encode_text(text: str, encoding: str, bom: bool) -> bytes:
    """The bytes to write for ``text``, in the file's own encoding and with its byte-order mark if it had one."""
    data = text.encode(encoding)
    if not bom:
        return data
    marks = {codec: mark for mark, codec in BOMS}
    return marks[codecs.lookup(encoding).name.replace("_", "-")] + data

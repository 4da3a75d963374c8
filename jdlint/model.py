"""The records jdlint passes around: documents, sections, findings, rules.

Every record is a frozen dataclass. Offsets are character offsets into
``Document.text``; lines and columns are derived once, when a finding is
reported, so rules never count lines themselves.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc


class Severity(IntEnum):
    """How much a finding matters; ``--fail-on`` compares against this."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        """Return the severity called ``name`` (case-insensitive)."""
        try:
            return cls[name.strip().upper()]
        except KeyError:
            choices = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {name!r} (choose from {choices})") from None

    @property
    def label(self) -> str:
        """The lower-case name used in output and configuration."""
        return self.name.lower()


class BlockKind(StrEnum):
    """What a block of the document is, as a reader sees it."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    FIELD = "field"  # a "Label: value" line, e.g. "Salary: £24,000"
    ROW = "row"  # a table row


# _PICKLING: with ``--jobs``, a reader process hands parsed documents to the workers pickled, about
# 50 blocks and 60 spans a posting (and workers send findings back for the reports that are not
# streamed). A frozen dataclass with slots is pickled by default as its state, which loading
# sets field by field through a Python ``__setstate__``; pickled as a call of the constructor
# with the same fields, a parsed posting loads in less than half the time (0.16 -> 0.07 ms) and
# is equal to the original (tests/test_parallel.py checks the round trip).


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, offset: int) -> bool:
        """Whether ``offset`` falls inside this span."""
        return self.start <= offset < self.end

    # Pickled as a call of the constructor (see _PICKLING above; Block, Section, Fix and Finding too).
    def __reduce__(self) -> tuple[type[Span], tuple[int, int]]:
        return type(self), (self.start, self.end)


@dataclass(frozen=True, slots=True)
class Block:
    """One heading, paragraph, bullet, field line or table row.

    ``span`` covers the block's words without its Markdown markers
    (``## ``, ``- ``, ``**``). For a field, ``label`` covers the label.
    """

    kind: BlockKind
    span: Span
    level: int = 0  # heading level (1-6); 0 for other blocks
    label: Span | None = None

    def __reduce__(self) -> tuple[type[Block], tuple[BlockKind, Span, int, Span | None]]:
        return type(self), (self.kind, self.span, self.level, self.label)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the blocks under it (``heading is None`` for the preamble)."""

    heading: int | None  # index into Document.blocks
    blocks: tuple[int, ...]  # content block indices, sub-headings included
    span: Span

    def __reduce__(self) -> tuple[type[Section], tuple[int | None, tuple[int, ...], Span]]:
        return type(self), (self.heading, self.blocks, self.span)


@dataclass(frozen=True)
class Document:
    """A parsed job description.

    ``prose`` has the same length as ``text`` with everything that is not
    prose (Markdown markers, URLs, e-mail addresses, code, HTML) replaced by
    spaces, so an offset means the same in both.

    ``format`` says what ``text`` is: ``markdown`` or ``text`` (the file),
    ``html`` (the page source: tags are blanked in ``prose``, entities become
    their character), or ``docx`` (the document's paragraphs, one a line, made
    by jdlint: a .docx has no lines, so line N means paragraph N; see
    :meth:`location`). ``metadata`` holds data read from the file besides its
    prose; an HTML page's JSON-LD ``JobPosting`` is under ``"jobposting"``
    (see :mod:`jdlint.formats.html` for its keys).
    """

    path: str
    text: str
    prose: str
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    sentences: tuple[Span, ...] = ()
    tokens: Doc | None = field(default=None, compare=False, repr=False)
    line_starts: tuple[int, ...] = ()
    format: str = "markdown"
    metadata: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __hash__(self) -> int:
        # Section detection and readability cache their results per document. The generated hash
        # walked every block on each lookup, which made a big file quadratic; equal documents
        # have equal text, so text, path and format are enough, and the hash is kept.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.path, self.text, self.format))
            object.__setattr__(self, "_hash", cached)
        return int(cached)

    def location(self, offset: int) -> Location:
        """Where ``offset`` is, for a reader: line and column, and for a .docx the paragraph and its heading."""
        line, column = self.line_col(offset)
        if self.format != "docx":
            return Location(line, column)
        heading = None
        for section in self.sections:
            if section.heading is not None and self.blocks[section.heading].span.start <= offset:
                heading = self.heading_text(section)
        return Location(line, column, paragraph=line, heading=heading)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def words(self, span: Span) -> str:
        """The prose inside ``span``, whitespace collapsed."""
        return " ".join(self.prose[span.start : span.end].split())

    def block_text(self, index: int) -> str:
        """The prose of block ``index``, whitespace collapsed."""
        cached = _last_block_texts
        if cached is None or cached[0] is not self:
            cached = _remember_block_texts(self)
        return cached[1][index]

    def heading_text(self, section: Section) -> str | None:
        """The words of a section's heading, or None for the preamble."""
        return None if section.heading is None else self.block_text(section.heading)


@dataclass(frozen=True, slots=True)
class Location:
    """A reported place: 1-based line and column; in a .docx, the paragraph number and the heading above it."""

    line: int
    column: int
    paragraph: int | None = None
    heading: str | None = None

    def label(self) -> str:
        """``12:5`` for files with lines, ``paragraph 12 (under 'Duties')`` for a .docx."""
        if self.paragraph is None:
            return f"{self.line}:{self.column}"
        under = f" (under '{self.heading}')" if self.heading else ""
        return f"paragraph {self.paragraph}{under}"

    def cite(self, path: str) -> str:
        """``path:12:5``, which editors follow; a .docx has no lines: ``path, paragraph 12 (under 'Duties')``."""
        return f"{path}:{self.label()}" if self.paragraph is None else f"{path}, {self.label()}"


class Applicability(StrEnum):
    """Whether a fix may be applied without a person looking (ruff's terms)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True, slots=True)
class Fix:
    """A replacement for a span of ``Document.text``."""

    span: Span
    replacement: str
    applicability: Applicability

    def __reduce__(self) -> tuple[type[Fix], tuple[Span, str, Applicability]]:
        return type(self), (self.span, self.replacement, self.applicability)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one document."""

    code: str
    name: str
    severity: Severity
    message: str
    suggestion: str
    span: Span
    match: str = ""
    fix: Fix | None = None

    def __reduce__(self) -> tuple[type[Finding], tuple[str, str, Severity, str, str, Span, str, Fix | None]]:
        fields = (self.code, self.name, self.severity, self.message, self.suggestion, self.span, self.match, self.fix)
        return type(self), fields


@dataclass(frozen=True)
class Rule:
    """A validated rule from ``rules/*.toml``; ``params`` are the kind's settings."""

    code: str
    name: str
    kind: str
    severity: Severity
    message: str
    suggestion: str
    why: str
    summary: str
    bad: tuple[str, ...]
    good: tuple[str, ...]
    params: dict[str, Any]
    source: str  # the file the rule came from


# Every block's text for the document asked about last: rules ask for the same blocks many times
# (about 600 times a posting), and one (document, texts) pair read and replaced whole is safe
# to share between threads.
_last_block_texts: tuple[Document, tuple[str, ...]] | None = None


def _remember_block_texts(document: Document) -> tuple[Document, tuple[str, ...]]:
    global _last_block_texts
    entry = (document, tuple(document.words(block.span) for block in document.blocks))
    _last_block_texts = entry
    return entry

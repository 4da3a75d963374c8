"""Read a Word .docx into a :class:`~jdlint.model.Document` with python-docx.

A .docx has paragraphs, not lines, so jdlint writes the document out as text
with one line per paragraph, in document order, and that is
``Document.text``. Line N is paragraph N, counting empty paragraphs and
counting each table row as one; reports give "paragraph N (under 'Heading')"
(see :meth:`jdlint.model.Document.location`).

Mapped: ``Heading 1``-``Heading 9`` and ``Title`` styles to headings; list
paragraphs (a ``List`` style or Word numbering) to bullets; a short line all
in bold to a heading; table rows to rows, except rows whose cells hold more
than one paragraph (a layout table), whose paragraphs are read one by one.
Other paragraphs are classified like lines of plain text (a "•" bullet, an
ALL-CAPS or "Heading:" line, a "Label: value" field, or prose).

The text is made by jdlint, so it cannot be written back: ``--fix`` must
refuse a Source whose ``format`` is ``docx``. python-docx is imported here
only, when a .docx is read, so Markdown checks never load it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jdlint.document import BULLET_RE, MAX_HEADING_WORDS, PSEUDO_HEADING_LEVEL, Builder, Line, finish
from jdlint.errors import JdlintError
from jdlint.model import BlockKind, Document

# A .docx is a zip; refuse one whose parts unpack to more than this (a zip bomb, or no job description).
MAX_UNPACKED = 200_000_000
HEADING_STYLE_RE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
CELL_SEPARATOR = " | "


@dataclass(frozen=True)
class _Para:
    """One line of the text jdlint writes: a paragraph or a table row, and what it looks like."""

    text: str
    kind: str  # "heading", "bullet", "bold", "row" or "text"
    level: int = 0


def parse_docx(data: bytes, path: str = "<docx>") -> Document:
    """Parse the bytes of a .docx into a Document (a JdlintError when it is not a readable .docx)."""
    paragraphs = list(_read(data, path))
    text = "\n".join(p.text for p in paragraphs)
    if not text.strip():
        raise JdlintError(f"{path}: the Word document has no text; there is nothing to check")
    builder = Builder(text, markdown=False)
    start = 0
    for para in paragraphs:
        end = start + len(para.text)
        _add(builder, para, start, end)
        start = end + 1
    return finish(builder, path, text, "docx")


def _add(builder: Builder, para: _Para, start: int, end: int) -> None:
    raw = builder.text[start:end]
    if not raw.strip():
        return
    if para.kind in ("heading", "bold"):
        builder.mark(start, end)
        level = para.level if para.kind == "heading" else PSEUDO_HEADING_LEVEL
        builder.add(BlockKind.HEADING, start, end, level)
    elif para.kind == "bullet":
        marker = BULLET_RE.match(raw.lstrip())  # a list item that also typed its own "•"
        offset = len(raw) - len(raw.lstrip()) + (marker.end() if marker else 0)
        builder.mark(start + offset, end)
        builder.add(BlockKind.BULLET, start + offset, end)
    elif para.kind == "row":
        builder.mark(start, end)
        for m in re.finditer(re.escape(CELL_SEPARATOR), raw):
            builder.blank(start + m.start(), start + m.end())
        builder.add(BlockKind.ROW, start, end)
    else:
        builder.classify_lines([Line(start, end)])


def _read(data: bytes, path: str) -> Iterator[_Para]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise JdlintError(f"{path}: not a Word .docx file (it is not a zip archive)") from None
    if unpacked > MAX_UNPACKED:
        raise JdlintError(f"{path}: the .docx unpacks to {unpacked / 1e6:.0f} MB; jdlint refuses more than 200 MB")
    import docx  # python-docx: imported only when a .docx is read

    try:
        document = docx.Document(io.BytesIO(data))
        return iter(list(_blocks(document)))
    except Exception as error:  # python-docx raises many types for damaged files; all mean "cannot read"
        raise JdlintError(f"{path}: cannot read this .docx ({type(error).__name__}: {error})") from None


def _blocks(container: Any) -> Iterator[_Para]:
    """Paragraphs and table rows of a document or table cell, in order."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            yield from _table(item)
        else:
            yield _paragraph(item)


def _table(table: Any) -> Iterator[_Para]:
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:
            if not any(cell._tc is seen._tc for seen in cells):  # a merged cell repeats
                cells.append(cell)
        layout = any(sum(bool(p.text.strip()) for p in c.paragraphs) > 1 or c.tables for c in cells)
        if layout:
            for cell in cells:
                yield from _blocks(cell)
            continue
        texts = [_clean(cell.text) for cell in cells]
        yield _Para(CELL_SEPARATOR.join(t for t in texts if t.strip()), "row")


def _paragraph(paragraph: Any) -> _Para:
    text = _clean(paragraph.text)
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = HEADING_STYLE_RE.match(style or "")
    if heading:
        return _Para(text, "heading", min(6, max(1, int(heading.group(1)))))
    if style == "Title":
        return _Para(text, "heading", 1)
    if style.startswith("List") or _numbered(paragraph):
        return _Para(text, "bullet")
    if _all_bold(paragraph) and _short(text):
        return _Para(text, "bold")
    return _Para(text, "text")


def _clean(text: str) -> str:
    """One line: Word's tabs, line and page breaks become spaces."""
    return re.sub(r"[\t\n\r\v\f]", " ", text)


def _numbered(paragraph: Any) -> bool:
    """Whether Word numbering (bullets or numbers) is applied to the paragraph."""
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _all_bold(paragraph: Any) -> bool:
    """Whether every run with text is bold (set on the run or by the paragraph's style)."""
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)


def _short(text: str) -> bool:
    words = " ".join(text.split()).rstrip(":").strip()
    return 0 < len(words.split()) <= MAX_HEADING_WORDS and not words.endswith((".", "!", "?", ","))

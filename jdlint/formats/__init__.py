"""Readers that turn each input format into a :class:`~jdlint.model.Document`.

Markdown and plain text are read by :mod:`jdlint.document`; HTML pages by
:mod:`jdlint.formats.html`; Word files by :mod:`jdlint.formats.docx`, which
imports python-docx only when a .docx is read.
"""

from __future__ import annotations

from jdlint.document import parse
from jdlint.inputs import Source
from jdlint.model import Document


def parse_source(source: Source) -> Document:
    """The Document for one Source, by its format (raises JdlintError for a file that cannot be read)."""
    if source.format == "html":
        from jdlint.formats.html import parse_html

        return parse_html(source.text, source.path)
    if source.format == "docx":
        from jdlint.formats.docx import parse_docx

        return parse_docx(source.data, source.path)
    return parse(source.text, source.path, source.format != "text")

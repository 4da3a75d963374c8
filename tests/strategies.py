"""Hypothesis strategies for job-description-like text, and the properties every parse must keep.

Shared by ``tests/test_fuzz.py`` (a short run in the suite) and ``bench/fuzz.py`` (the long run).
The inputs mix random Unicode with the pieces a Markdown or plain-text posting is made of, deeply
nested containers and very long tokens, because the parser's line classification, masks and
offsets are where a slip would show.
"""

from __future__ import annotations

import io
import json

from hypothesis import strategies as st
from rich.console import Console

from jdlint.engine import FileResult, Linter
from jdlint.inputs import Source
from jdlint.model import Document, Severity

# Pieces of Markdown and of plain-text postings: markers, inline markup, masks, rule triggers.
PIECES = [
    "# ",
    "## ",
    "###### ",
    "#",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "(a) ",
    "• ",
    "· ",
    "– ",
    "o ",
    "> ",
    ">> ",
    "```",
    "~~~",
    "    ",
    "\t",
    "**",
    "__",
    "*",
    "_",
    "`",
    "[",
    "]",
    "](",
    ")",
    "(",
    "![",
    "<",
    ">",
    "<!--",
    "-->",
    "<b>",
    "</b>",
    "<br>",
    "<div>",
    "|",
    " | ",
    "|---|",
    "---",
    "===",
    "***",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    ":",
    ";",
    ".",
    ",",
    "!",
    "?",
    "\\",
    "&amp;",
    "&#x1F600;",
    "&#0;",
    "&nbsp;",
    "http://",
    "https://x.io/a",
    "www.",
    "mailto:a",
    "@",
    "a@b.co",
    "example.com",
    "TBD",
    "TBC",
    "XX",
    "[Company Name]",
    "<insert name>",
    "{{ salary }}",
    "lorem ipsum",
    "CCM",
    "ACM (Advanced Case Mgmt)",
    "SLA",
    "HR",
    "JOB DETAILS",
    "RESPONSIBILITIES:",
    "Salary: £24,000",
    "About you:",
    "We offer:",
    "Benefits",
    "leverage",
    "synergy",
    "rockstar",
    "utilize",
    "The role",
    "you will",
    "and",
    "which",
    "including",
    "é",
    "ß",
    "İ",
    "ǅ",
    "ﬁ",
    "\u200b",
    "\u00a0",
    "\u2028",
    "\u0085",
    "\x0b",
    "\x0c",
    "\x1c",
    "\ufeff",
    "😀",
    "👩‍💻",
    "日本語",
    "عربى",
    "\u0301",
    "\U0001d400",
]

words = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=12)
piece = st.one_of(st.sampled_from(PIECES), words, st.text(max_size=8))

markdownish = st.lists(piece, max_size=80).map("".join)


@st.composite
def nested(draw: st.DrawFn) -> str:
    """Deeply nested quotes, lists, brackets or emphasis around a little text."""
    depth = draw(st.integers(min_value=1, max_value=300))
    opener = draw(st.sampled_from(["> ", "- ", "  - ", "1. ", "[", "(", "**", "*", "<div>", "`", "#"]))
    inner = draw(markdownish)
    layout = draw(st.sampled_from(["flat", "lines", "indented"]))
    if layout == "flat":
        return opener * depth + inner
    if layout == "lines":
        return "".join(opener * (i + 1) + inner + "\n" for i in range(min(depth, 60)))
    return "".join(" " * (2 * i) + "- " + inner + "\n" for i in range(min(depth, 60)))


HUGE_UNITS = [
    "a",
    "A",
    "x",
    "-",
    "*",
    "#",
    "`",
    "[",
    "<",
    "=",
    "é",
    "😀",
    " ",
    "\t",
    "\xa0",
    "\n",
    "a ",
    "ab,",
    "http://",
]


@st.composite
def huge_token(draw: st.DrawFn, max_chars: int = 60_000) -> str:
    """One very long word, URL, marker run or line inside ordinary text."""
    unit = draw(st.sampled_from(HUGE_UNITS))
    count = draw(st.integers(min_value=1_000, max_value=max_chars)) // len(unit)
    return draw(markdownish) + unit * count + draw(markdownish)


documents = st.one_of(markdownish, st.text(max_size=400), nested(), huge_token())
# The long run (bench/fuzz.py): mostly small documents, so that 100,000 inputs take well under an hour.
many_documents = st.one_of(
    markdownish, markdownish, markdownish, st.text(max_size=400), st.text(max_size=400), nested(), huge_token(5_000)
)


def expected_line_col(text: str, offset: int) -> tuple[int, int]:
    """Line and column counted the slow, obvious way."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def check_document(document: Document, text: str) -> None:
    """What every parsed document must satisfy, whatever the input."""
    assert document.text == text
    assert len(document.prose) == len(text)
    for index, char in enumerate(document.prose):
        assert char == " " or char == "\n" or text[index] != "\n", "prose adds a character at a line break"
    assert document.line_starts == (0, *(i + 1 for i, c in enumerate(text) if c == "\n"))
    for block in document.blocks:
        assert 0 <= block.span.start < block.span.end <= len(text), block
        if block.label is not None:
            assert block.span.start <= block.label.start <= block.label.end <= block.span.end, block
    for section in document.sections:
        assert 0 <= section.span.start <= section.span.end <= len(text)
        assert all(0 <= b < len(document.blocks) for b in section.blocks)
    for sentence in document.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)


def check_result(result: FileResult, text: str) -> None:
    """Every finding lies inside the text, and its reported line and column agree with its span."""
    document = result.document
    assert document is not None and result.error is None
    check_document(document, text)
    for finding in result.findings:
        span = finding.span
        assert 0 <= span.start <= span.end <= len(text), finding
        assert document.line_col(span.start) == expected_line_col(text, span.start), finding
        assert document.line_col(span.end) == expected_line_col(text, span.end), finding
        if finding.fix is not None:
            assert 0 <= finding.fix.span.start <= finding.fix.span.end <= len(text), finding
    # The reports read the same records; they must not fail either.
    from jdlint.report import json as json_report
    from jdlint.report import text as text_report

    json.loads(json_report.render([result], Severity.WARNING))
    text_report.render([result], Console(file=io.StringIO(), width=100), Severity.WARNING, 0.0)


def lint_text(linter: Linter, text: str, markdown: bool) -> FileResult:
    """Lint one text the way the CLI does (parse, analyse, every rule)."""
    return next(linter.lint_sources([Source("fuzz.md" if markdown else "fuzz.txt", text, markdown)]))

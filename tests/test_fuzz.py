"""Property tests: whatever the text, parsing and linting never fail and every finding points inside it.

A short run (about 15 s); ``bench/fuzz.py`` runs the same properties over 100,000 inputs.
The explicit examples are inputs that broke the parser or took minutes before they were fixed.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jdlint.document import parse
from jdlint.engine import Linter
from tests.strategies import check_document, check_result, documents, lint_text, markdownish, nested

FAST = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ENGINE = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@FAST
@given(text=st.one_of(markdownish, st.text(), nested()), markdown=st.booleans())
@example(text="a\rb\n- c\rd\n", markdown=True)  # a lone CR: markdown-it's line numbers ran past ours (IndexError)
@example(text="\r\r\r# x\r", markdown=True)
def test_parser_keeps_offsets(text: str, markdown: bool) -> None:
    check_document(parse(text, "fuzz.md", markdown), text)


@ENGINE
@given(text=documents, markdown=st.booleans())
@example(text="a " + "*" * 20_000, markdown=True)  # spaCy's suffix search was quadratic: minutes
@example(text="[" * 20_000, markdown=True)  # markdown-it link scanning and LINK_RE were quadratic
@example(text="a " + "\t" * 20_000 + " x", markdown=False)  # the heading-rule regex was quadratic
@example(text="x\r" * 50 + "- TBD\r\n", markdown=True)
@example(text="Our " + "Of " * 3000 + "OOOF (OOOF) team.", markdown=True)  # acronym search: RecursionError
def test_engine_findings_point_inside_the_text(linter: Linter, text: str, markdown: bool) -> None:
    check_result(lint_text(linter, text, markdown), text)

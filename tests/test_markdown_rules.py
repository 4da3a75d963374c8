"""The parser's exact shortcuts: what they skip could not have changed the result.

markdown-it block rules that cannot fire on a text are dropped for it: each text is parsed by
the full parser (every block rule on) and by the one ``_markdown`` picks for it, and every token
field is compared. The small alphabet below is made of the characters the rules look at, so short
random strings reach the rules' corner cases (markers after list markers and ">", indents,
underlines, tables, fences, references) far more often than prose does. Then the masks: each
runs only where its needle is, and the emphasis pattern was rewritten to start at its marker.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from jdlint.document import EMPHASIS_RE, LONE_CR_RE, MASKS_MARKDOWN, _markdown, _markdown_without
from tests.conftest import REAL_CORPUS, ROOT
from tests.strategies import markdownish, nested

MANY = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RULE_CHARACTERS = " \t\n\r-=*_#>|[]:<`~+.)1a!?/\\\"'("


def _fields(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [
        (t.type, t.tag, t.nesting, t.level, t.map, t.markup, t.info, t.content, t.hidden, t.block, t.attrs, t.meta)
        for t in tokens
    ]


def _same_tokens(text: str) -> None:
    source = LONE_CR_RE.sub(" ", text)
    full = _markdown_without(())
    assert _fields(_markdown(source).parse(source)) == _fields(full.parse(source))


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("a | b\n--|--\n1 | 2\n", "table_open"),
        ("    code\n", "code_block"),
        ("\tcode\n", "code_block"),
        ("-      code after a list marker\n", "code_block"),
        (">     code in a quote\n", "code_block"),
        ("~~~\nx\n~~~\n", "fence"),
        ("```py\nx\n```\n", "fence"),
        ("> quoted\n", "blockquote_open"),
        ("a\n\n- - -\n", "hr"),
        ("a\n\n_ _\t_\n", "hr"),
        ("a\n\n***\n", "hr"),
        ("[label]: /url\n\n[label]\n", None),
        ("<div>\nx\n</div>\n", "html_block"),
        ("## Title\n", "heading_open"),
        ("Title\n===  \n", "heading_open"),
        ("Title\r\n---\r\n", "heading_open"),
        ("- item\n", "bullet_list_open"),
        ("-\r\n", "bullet_list_open"),
        ("  +\titem\n", "bullet_list_open"),
        ("> * quoted item\n", "bullet_list_open"),
        ("- 1) nested\n", "ordered_list_open"),
        ("a\n\n123456789. b\n", "ordered_list_open"),
        ("Plain prose, with • bullets and a -dash.\n", None),
    ],
)
def test_each_rule_still_fires_where_it_can(text: str, token: str | None) -> None:
    _same_tokens(text)
    if token is not None:
        assert token in [t.type for t in _markdown(text).parse(text)]


def test_a_reference_definition_still_consumes_its_lines() -> None:
    # A definition makes no token; it shows as the lines no paragraph covers.
    text = "[label]: /url\n\n[label]\n"
    assert [t.map for t in _markdown(text).parse(text) if t.type == "paragraph_open"] == [[2, 3]]


def test_plain_prose_drops_the_rules_it_cannot_use() -> None:
    text = "We are hiring.\n\n- Drive the van\n- Keep records\n"
    assert _markdown(text).get_active_rules()["block"] == ["list", "paragraph"]
    assert _markdown(text) is _markdown("Other words.\n\n1. Plan care\n")  # one parser per set of rules


@MANY
@given(text=st.text(alphabet=RULE_CHARACTERS, max_size=60))
@example(text="1. a\n2. b\n")
@example(text="- a\n  b\n- c\n===\n")
@example(text="> a\n- b\n")
def test_rule_characters(text: str) -> None:
    _same_tokens(text)


@MANY
@given(text=st.one_of(markdownish, st.text(), nested()))
def test_markdownish_text(text: str) -> None:
    _same_tokens(text)


def test_our_corpus() -> None:
    files = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".md", ".txt"))
    assert files
    for path in files:
        _same_tokens(path.read_text(encoding="utf-8"))


@pytest.mark.skipif(not (REAL_CORPUS / "jds").is_dir(), reason="corpus-real not available")
def test_real_postings() -> None:
    for path in sorted((REAL_CORPUS / "jds").iterdir()):
        text = path.read_text(encoding="utf-8")
        _same_tokens(text)
        # As plain text too, with every line indented: the code and list rules on every line.
        _same_tokens(re.sub("^", "    ", text, flags=re.MULTILINE))


# The masks' needles and the rewritten emphasis pattern (the parser's other shortcuts).
MASK_CHARACTERS = "*_ \t\\a1.:/@<>wWmMaAiIıİlLtToOeE-é"
EMPHASIS_AS_FIRST_WRITTEN = re.compile(r"(?<![\w*_\\])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])")


@MANY
@given(text=st.text(alphabet=MASK_CHARACTERS, max_size=30))
@example(text="a**b** *c* _d_ ***e*** \\*f*")
def test_emphasis_pattern_matches_as_first_written(text: str) -> None:
    assert [m.span() for m in EMPHASIS_RE.finditer(text)] == [
        m.span() for m in EMPHASIS_AS_FIRST_WRITTEN.finditer(text)
    ]


@MANY
@given(text=st.text(alphabet=MASK_CHARACTERS + "/comrgnetvduiok", max_size=30))
@example(text="see WWW.Example.com or MAILTO:x or Tel:1 or https://a.io/b")
@example(text="write to maıLto:x")  # "ı" matches "i" when case is folded
def test_every_mask_match_contains_its_needle(text: str) -> None:
    for needle, pattern in MASKS_MARKDOWN:
        if pattern.search(text):
            assert needle in text if isinstance(needle, str) else needle.search(text)

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
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from jdlint import document
from jdlint.document import (
    _OPTIONAL_RULES,
    _SIMPLE_RULES,
    EMPHASIS_RE,
    LONE_CR_RE,
    MASKS_MARKDOWN,
    BlockToken,
    Builder,
    _block_tokens,
    _dropped_rules,
    _markdown,
    _markdown_without,
    _walk_markdown,
    _walk_plain,
    parse,
)
from tests.conftest import REAL_CORPUS, ROOT
from tests.strategies import markdownish, nested

MANY = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RULE_CHARACTERS = " \t\n\r-=*_#>|[]:<`~+.)1a!?/\\\"'("


def _fields(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [
        (t.type, t.tag, t.nesting, t.level, t.map, t.markup, t.info, t.content, t.hidden, t.block, t.attrs, t.meta)
        for t in tokens
    ]


def _walked(tokens: Sequence[Token | BlockToken]) -> list[tuple[object, ...]]:
    """The tokens the walk reads, and the fields it reads of them."""
    walked = ("paragraph_open", "list_item_open", "heading_open", "code_block", "tr_open")
    return [(t.type, t.map, t.tag, t.markup) for t in tokens if t.type in walked]


def _same_tokens(text: str) -> None:
    source = LONE_CR_RE.sub(" ", text)
    full = _markdown_without(()).parse(source)
    assert _fields(_markdown(source).parse(source)) == _fields(full)
    # And the tokens the walk reads, from markdown-it or from our simple tokenizer.
    assert _walked(_block_tokens(source)) == _walked(full)


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
        ("***", "hr"),
        ("a\n> _ _ _\r\n", "hr"),
        ("- a\n-\t* * *\n", "hr"),
        ("1. a\n2. >  ---  \n", "hr"),
        ("+ a\n+ * * *\n", "hr"),
        ("Name: ___ or *** here\n", None),
        ("[label]: /url\n\n[label]\n", None),
        ("<div>\nx\n</div>\n", "html_block"),
        ("## Title\n", "heading_open"),
        ("Title\n===  \n", "heading_open"),
        ("Title\r\n---\r\n", "heading_open"),
        ("> Title\n> ==\n", "heading_open"),
        ("Title\n=", "heading_open"),
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


def test_marker_runs_are_no_thematic_break() -> None:
    # A line of list markers that ends in text is no break. A first version of the test read the
    # markers before the break and backtracked over such a run in quadratic time (8 s for 16,000
    # markers); these now take a millisecond.
    for unit in ("- ", "* ", "1. - ", "> ", "-" + " " * 50):
        text = unit * 20_000 + "x"
        assert "hr" in _dropped_rules(text)
        assert "hr" not in _dropped_rules(unit * 3 + "\n" + "* * *")


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


# The simple tokenizer: where no block rule but paragraph, indented code and ATX heading can fire,
# the tokens the walk reads are made without markdown-it. These characters keep every other rule
# out and reach the three rules' corner cases: indents of spaces and tabs, 1-7 "#", blank lines of
# spaces, "\r\n" and lone "\r", whitespace markdown-it does not count as space.
SIMPLE_CHARACTERS = " \t\n\r#aB:é\x00\xa0\x0c"


@MANY
@given(text=st.text(alphabet=SIMPLE_CHARACTERS, max_size=60))
@example(text="# a\nb\n    c\n\n    d\n  \n\t e\nf\n##### g\n####### h\n\t# i\n   # j\n#\n  ")
@example(text="a\r\n#\r\n  b\r\n\r\n    c\r")
@example(text="a\n    # b\n")
def test_simple_tokens_are_markdown_its(text: str) -> None:
    source = LONE_CR_RE.sub(" ", text)
    assert _OPTIONAL_RULES.difference(_dropped_rules(source)) <= _SIMPLE_RULES  # the shortcut is taken
    assert all(isinstance(token, BlockToken) for token in _block_tokens(source))
    _same_tokens(text)


# Flat bullet lists: the simple tokenizer follows lists whose lines are not indented and whose
# items hold one paragraph; the lines it is sure of, and lines it must hand back to markdown-it
# (indented, ordered, bullets holding no text or starting another block).
SURE_LINES = ["- a", "* b", "+ c", "- é x", "a", "B c:", "# h", "### h i", "#x", "", " ", "2024 x", "a - b", "-a", "+1"]
SURE_LINES += ["- **a**", "* *a*", "- -a", "- 27 a", "- 3-5 a", "- 1.5 a", "- 2+"]
UNSURE_LINES = ["-", "- ", "-  a", "- #a", "- # a", "-\ta", "  a", " - a", "1. a", "1) b", "2.", "\t"]
UNSURE_LINES += ["    a", "- * a", "- + a", "- *", "- 1.", "- 2) a", "- 1234567890. a", "- ##"]


@MANY
@given(lines=st.lists(st.sampled_from(SURE_LINES), max_size=12), newline=st.sampled_from(["\n", "\r\n"]))
@example(lines=["a", "- a", "b", "", "- b", "", "c", "* b", "# h", "- a", "# h"], newline="\n")
def test_simple_tokens_follow_flat_lists(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    assert all(isinstance(token, BlockToken) for token in _block_tokens(text))  # the shortcut is taken
    _same_tokens(text)


@MANY
@given(lines=st.lists(st.sampled_from(SURE_LINES + UNSURE_LINES), max_size=12))
def test_simple_tokens_hand_back_other_lists(lines: list[str]) -> None:
    _same_tokens("\n".join(lines))


def _same_documents(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> int:
    """Documents parsed with the simple tokenizer where it applies, and with markdown-it only."""
    texts = [path.read_text(encoding="utf-8") for path in paths]
    ours = [parse(text) for text in texts]
    simple = sum(all(isinstance(t, BlockToken) for t in _block_tokens(LONE_CR_RE.sub(" ", text))) for text in texts)
    monkeypatch.setattr(document, "_block_tokens", lambda source: _markdown(source).parse(source))
    for text, doc in zip(texts, ours, strict=True):
        plain = parse(text)
        assert (doc.text, doc.prose, doc.blocks, doc.sections, doc.line_starts) == (
            plain.text,
            plain.prose,
            plain.blocks,
            plain.sections,
            plain.line_starts,
        )
    return simple


def test_simple_tokenizer_gives_the_same_documents_on_our_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".md", ".txt"))
    assert _same_documents(paths, monkeypatch) > 0


@pytest.mark.skipif(not (REAL_CORPUS / "jds").is_dir(), reason="corpus-real not available")
def test_simple_tokenizer_gives_the_same_documents_on_real_postings(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted((REAL_CORPUS / "jds").iterdir())
    assert _same_documents(paths, monkeypatch) > len(paths) // 3


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
    # A pattern may have several entries (emphasis: "*" and "_"); each match holds one of their needles.
    for pattern in {pattern for _, pattern in MASKS_MARKDOWN}:
        if pattern.search(text):
            needles = [needle for needle, other in MASKS_MARKDOWN if other is pattern]
            assert any(needle in text if isinstance(needle, str) else needle.search(text) for needle in needles)


# The prose mask is built with array operations; this is how it was first written, a Python step
# per run of blanked characters.
def _prose_as_first_written(builder: Builder) -> str:
    text = builder.text
    keep = builder.keep.copy()
    for start in builder.starts[1:]:
        keep[start - 1] = 1
    pieces = []
    position = 0
    for m in re.finditer(rb"\x00+", keep):
        start, end = m.span()
        pieces.append(text[position:start])
        pieces.append(" " * (end - start))
        position = end
    pieces.append(text[position:])
    masked = "".join(pieces).replace("\r", " ")
    edits = dict(builder.replace)
    for offset in builder.join_newlines:
        if edits.get(offset, masked[offset]) == "\n":
            edits[offset] = " "
    out = []
    position = 0
    for offset in sorted(edits):
        out.append(masked[position:offset])
        out.append(edits[offset])
        position = offset + 1
    out.append(masked[position:])
    return "".join(out)


def _same_prose(text: str) -> None:
    for walk, markdown in ((_walk_markdown, True), (_walk_plain, False)):
        builder = Builder(text, markdown)
        walk(builder)
        assert builder.prose() == _prose_as_first_written(builder)


@MANY
@given(text=st.one_of(markdownish, st.text(alphabet=MASK_CHARACTERS + "&#;x3\r\n[]()", max_size=60)))
@example(text="a &amp; b &#13; c &#10;\r\nd\ud800 e 😀 &#128512;\n\n- f\n  g")
@example(text="")
def test_prose_as_first_written(text: str) -> None:
    _same_prose(text)


def test_prose_as_first_written_on_the_corpora() -> None:
    paths = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".md", ".txt"))
    if (REAL_CORPUS / "jds").is_dir():
        paths += sorted((REAL_CORPUS / "jds").iterdir())
    for path in paths:
        _same_prose(path.read_text(encoding="utf-8"))

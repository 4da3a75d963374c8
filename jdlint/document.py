"""Turn Markdown or plain text into a :class:`~jdlint.model.Document`.

Markdown block structure (headings, lists, code, HTML, tables) comes from
markdown-it-py. Inside paragraphs, and everywhere in plain text, each line is
classified the way a reader would see it: a bullet ("•", "-", "1)"), a
pseudo-heading (a bold-only line, an ALL-CAPS line, a short "Heading:" line),
a "Label: value" field, or prose. Real postings use all of these.

Alongside the text we build ``prose``: the same characters with markup,
URLs, e-mail addresses, code and HTML blanked to spaces. Rules read
``prose``, so they never flag a URL, and every offset they report is an
offset into the original text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

from jdlint.model import Block, BlockKind, Document, Section, Span

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Pseudo-headings (bold lines, ALL-CAPS lines, "Heading:" lines) have no level
# of their own; they sit below any Markdown heading.
PSEUDO_HEADING_LEVEL = 6

BULLET_RE = re.compile(r"(?:[•·▪◦●‣∙–—*+-]|o(?=\s+[A-Z])|\(?\d{1,2}[.)]|\(?[a-z][.)](?=\s))\s+")
BOLD_LINE_RE = re.compile(r"^(\*\*|__)(?P<inner>[^*_].*?)(\*\*|__)\s*:?\s*$")
FIELD_RE = re.compile(
    r"^(?:\*\*|__)?(?P<label>[A-Z][\w’'()/&.,-]*(?: [\w’'()/&.,-]+){0,4}?)"
    r"(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<value>\S.*)$"
)
MAX_HEADING_WORDS = 10
SENTENCE_END = ".!?"

# Inline masks: things that are not prose. Applied to content lines only.
URL_RE = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\[\]{}\"']+|\b(?:mailto|tel):\S+", re.IGNORECASE)
# Lengths are bounded (an address part is at most 64 characters, a domain label 63) so that a long
# run of word characters costs linear time, not quadratic: the regex restarts at every character.
EMAIL_RE = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
BARE_DOMAIN_RE = re.compile(
    r"\b[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.(?:com|org|net|gov|edu|io|co\.uk|org\.uk|nhs\.uk|gov\.uk|ac\.uk)\b(?:/\S*)?",
    re.IGNORECASE,
)
INLINE_CODE_RE = re.compile(r"`[^`\n]+`")
LINK_RE = re.compile(r"(!?\[)([^\[\]\n]*)(\]\([^)\n]*\))")
AUTOLINK_RE = re.compile(r"<(?:https?://|mailto:)[^<>\n]*>|<[\w.+-]+@[\w.-]+>")
HTML_TAG_RE = re.compile(
    r"</?(?:a|abbr|b|br|blockquote|center|code|div|em|font|h[1-6]|hr|i|img|li|ol|p|pre|s|small|span|"
    r"strong|sub|sup|table|tbody|td|th|thead|tr|u|ul|section|article|header|footer|nav)\b[^<>\n]*>",
    re.IGNORECASE,
)
# Emphasis markers: a run of 1-3 "*"/"_" that opens (no word character, marker or backslash
# before it, text after it) or closes (text before it, no word character or marker after it).
# Written to start with the marker itself, so that the regex engine skips to the next "*" or "_"
# instead of trying both lookbehinds at every character. The lookbehinds, moved past the first
# marker, test the same character before the run; the rest of the run is matched as before.
EMPHASIS_RE = re.compile(r"[*_](?:(?<![\w*_\\][*_])[*_]{0,2}(?=\S)|(?<=\S[*_])[*_]{0,2}(?![\w*_]))")
ESCAPE_RE = re.compile(r"\\(?=[^\w\s])")
ENTITY_RE = re.compile(r"&(?:#\d{1,6}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
LONE_CR_RE = re.compile(r"\r(?!\n)")
# The masks in the order they are applied, each with a needle: a string or a pattern that every
# match of the mask contains. A mask runs only on a text, and then a line, that has its needle.
# A URL has "://", "www." or "mailto:"/"tel:"; a bare domain has "." and one of its endings ("org"
# covers "org.uk"). Both needles fold case as their masks do.
Needle = str | re.Pattern[str]
MASKS_PLAIN: tuple[tuple[Needle, re.Pattern[str]], ...] = (
    # A URL has three needles, so three entries (a line holding two is masked twice, to the same
    # result). The patterns start at the "." or ":" and look back: a search for a literal first
    # character skips ahead quickly, where a search for case-folded words tries every position.
    ("://", URL_RE),
    (re.compile(r"\.(?<=(?i:www)\.)"), URL_RE),
    (re.compile(r":(?:(?<=(?i:tel):)|(?<=(?i:mailto):))"), URL_RE),
    ("@", EMAIL_RE),
    ("<", AUTOLINK_RE),
    (re.compile(r"\.(?:com|org|net|gov|edu|io|co\.uk|nhs\.uk|ac\.uk)", re.IGNORECASE), BARE_DOMAIN_RE),
)
MASKS_MARKDOWN = (
    *MASKS_PLAIN,
    ("`", INLINE_CODE_RE),
    ("<", HTML_TAG_RE),
    # Emphasis has two needles, so two entries: a line holding both is masked twice, to the same result.
    ("*", EMPHASIS_RE),
    ("_", EMPHASIS_RE),
    ("\\", ESCAPE_RE),
)
RULE_CHARS = "=*#~_-"  # "=== JOB DETAILS ===", "--- Benefits ---": decoration around a heading
# Compiled once: these run on every line (re's own cache lookup per call adds up).
CONTAINER_RE = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")  # indentation and blockquote markers
LIST_MARKER_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+")
NUMBER_SENTENCE_RE = re.compile(r"\d+\.\d")
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_NEWLINE, _CARRIAGE_RETURN, _SPACE = ord("\n"), ord("\r"), ord(" ")
ATX_OPEN_RE = re.compile(r"#{1,6}[ \t]*")  # "## Heading"
ATX_CLOSE_RE = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")  # "## Heading ##", or a heading of "#" only
TABLE_RULE_RE = re.compile(r"[\s|:-]+")  # "|---|:--|"


@dataclass(slots=True)
class Line:
    """One source line of content: its span in the text, after container markers."""

    start: int
    end: int


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets at which each line of ``text`` begins."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return tuple(starts)


# markdown-it tries each block rule in turn at every block start, and at every line of a
# paragraph it tries again each rule that can end one. A rule that cannot fire anywhere in a text
# is dropped for that text: it would only have returned False (without side effects) at every
# call, so the tokens are the same. Each entry: a rule and a test that holds for every text the
# rule can fire on, read from the rule sources in markdown_it/rules_block/ (markdown-it-py 4.x);
# tests/test_markdown_rules.py compares the tokens with those of the full parser.
# The text is the one given to markdown-it; its normalizing ("\r\n" to "\n", NUL to U+FFFD)
# adds none of the characters tested, and a "\r" is counted as a line end below.
# The tests for a line of some shape search "\n" + src, the first "\n" standing for the start of
# the first line: a pattern that opens with a literal is searched for at C speed, where "^" in
# MULTILINE mode is tried at every character (4 times slower on postings).
_HR_LINE_RE = re.compile(r"\n(?=[ \t>*+\-_\d.)]*\r?(?:\n|\Z))[ \t>*+\-_\d.)]*?([-*_])[ \t]*\1[ \t]*\1")
_SETEXT_LINE_RE = re.compile(r"\n[ \t>]*[-=]+[ \t]*\r?(?:\n|\Z)")
_LIST_LINE_RE = re.compile(r"\n[ \t>]*(?:[-*+]|\d+[.)])(?:[ \t\r\n]|\Z)")
_BLOCK_RULE_NEEDS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    # A table's header line must contain "|".
    ("table", lambda src: "|" in src),
    # An indented code block needs a line indented by 4 columns past the block's indent: 4 spaces
    # or a tab before its text, or after a list marker ("-     code") or "> " (">     code").
    # Without one, is_code_block() (also asked by the other rules) is False with or without "code".
    ("code", lambda src: "\t" in src or "    " in src),
    # A fence opens with 3 or more "`" or "~".
    # (Each multi-character test is put behind a test for its first character: most texts have
    # no "`", "~" or "]", and a one-character search is the quickest.)
    ("fence", lambda src: ("`" in src and "```" in src) or ("~" in src and "~~~" in src)),
    ("blockquote", lambda src: ">" in src),
    # A thematic break: 3 or more of one of "-", "*", "_", with only spaces or tabs between, to the
    # line's end, from where the rule reads the line: after its indent, the ">" of quotes and the
    # markers of list items ("- ***", "1. * * *"). So the whole line is made of those characters
    # (the test allows any digit), and holds three of one marker with only spaces or tabs between.
    # (Tested in that order, one line at a time: a pattern that reads the markers before the break
    # backtracks over "- - - ... x" in quadratic time.) Most "___" and "***" are inside a line.
    ("hr", lambda src: _HR_LINE_RE.search("\n" + src) is not None),
    # A reference definition needs "]" followed at once by ":" ("[label]: url"); the label is
    # read from the source, lines joined with their newlines, so the two are adjacent in the text.
    ("reference", lambda src: "]" in src and "]:" in src),
    ("html_block", lambda src: "<" in src),
    ("heading", lambda src: "#" in src),
    # A setext underline: a line that is a run of "=" or "-", then only spaces or tabs, from where
    # the rule reads it (after the line's indent, and after the ">" of any quote it is in; never
    # after a list marker: a list item's first line is never the underline, which follows the
    # heading's text). The rule leaves parentType set to "paragraph" when it fails; that value is
    # only read by the list rule when asked whether a list can end a block, and each caller that
    # asks sets it first.
    ("lheading", lambda src: _SETEXT_LINE_RE.search("\n" + src) is not None),
    # A list item's marker ("-", "*", "+", or digits and "." or ")") is followed by a space, a tab
    # or the line's end, and is read where a line's text starts: after its indent, after the ">"
    # of a quote, or after the marker of an enclosing item on the same line ("- - a"), which is
    # itself such a marker. The test is looser than the rule (any number of digits, "\d" also
    # matches other scripts' digits): it only has to hold wherever the rule can fire. A "\r"
    # here is the first half of a "\r\n" line end. About 60% of real postings have no such line
    # (their bullets are "•").
    ("list", lambda src: _LIST_LINE_RE.search("\n" + src) is not None),
    # "paragraph" stays: every text has one.
)


def _markdown(src: str) -> MarkdownIt:
    """The parser for ``src``: without the block rules that cannot fire on it (see _BLOCK_RULE_NEEDS)."""
    return _markdown_without(_dropped_rules(src))


def _dropped_rules(src: str) -> tuple[str, ...]:
    """The block rules that cannot fire on ``src`` (see _BLOCK_RULE_NEEDS)."""
    return tuple(name for name, needed in _BLOCK_RULE_NEEDS if not needed(src))


@lru_cache(maxsize=1024)  # one parser per set of dropped rules: at most 2 ** 10; the 519 real postings use 25
def _markdown_without(dropped: tuple[str, ...]) -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Only block structure is read (token.map); inline parsing is skipped: it is unused, and
    # markdown-it's link and emphasis scanning is quadratic on long runs of brackets.
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").disable(["inline", "text_join"])
    return parser.disable(list(dropped)) if dropped else parser


class BlockToken(NamedTuple):
    """The fields of a markdown-it block token that the walk reads (see _simple_tokens).

    A named tuple: made at about half the cost of a frozen dataclass, some fifty per posting.
    """

    type: str
    map: list[int]
    tag: str = ""
    markup: str = ""


_ATX_HEADING_RE = re.compile(r"#{1,6}(?:[ \t]|\Z)")  # on a line's text after its indent


def _block_tokens(source: str) -> Sequence[Token | BlockToken]:
    """markdown-it's block tokens for ``source``; our own for a text only a few simple rules can read.

    On about 80% of real postings no block rule but "paragraph", "code", "heading" and "list"
    can fire, and their lists, if any, are flat. For those, _simple_tokens follows the rules
    itself, at a fraction of markdown-it's cost per block (a rule call per line, a Token object
    per tag); tests/test_markdown_rules.py compares both on random texts and on the corpora.
    """
    dropped = _dropped_rules(source)
    if _OPTIONAL_RULES.difference(dropped) <= _SIMPLE_RULES:
        rules = _SIMPLE_RULES.difference(dropped)
        tokens = _simple_tokens(source, code="code" in rules, heading="heading" in rules, lists="list" in rules)
        if tokens is not None:
            return tokens
    return _markdown_without(dropped).parse(source)


_OPTIONAL_RULES = frozenset(name for name, _ in _BLOCK_RULE_NEEDS)  # the rules a text may do without
_SIMPLE_RULES = frozenset({"code", "heading", "list"})  # with "paragraph", the rules _simple_tokens follows
_ORDERED_MARKER_RE = re.compile(r"\d+[.)](?:[ \t]|\Z)")  # on a line's text after its indent
# A bullet item whose text is a paragraph: one space after the marker, then text that starts no
# other block: no space (indented code), no "#" (a heading), no list marker (a nested list).
# ("**bold**" and "27 years" start none; a thematic break cannot occur: that rule is not on.)
_PLAIN_ITEM_RE = re.compile(r"[-*+] (?=[^ \t])(?!#|[-*+](?:[ \t]|\Z)|\d+[.)](?:[ \t]|\Z))")


def _simple_tokens(source: str, code: bool, heading: bool, lists: bool) -> list[BlockToken] | None:
    r"""The tokens markdown-it (4.x) would make, of those the walk reads; None if it is not sure.

    For a text on which no block rule can fire but "paragraph", "code" (if ``code``), "heading"
    (if ``heading``) and "list" (if ``lists``). It follows ParserBlock.tokenize and
    rules_block/{code,heading,list,paragraph}.py for what such a text can hold. markdown-it turns
    "\r\n" into "\n" (a lone "\r" is gone already) and splits lines at "\n"; a last line of only
    spaces and tabs is not counted. A line is empty if it holds only spaces and tabs; its indent
    is in columns, a tab going to the next multiple of 4. At each block start (a line that is not
    empty) the rules are tried in their order:

    - an indented code block (indent 4 or more): that line and every later one that is empty or
      indented 4 or more, up to the last indented one;
    - a list item. Only the plainest lists are followed (else the answer is None): no line is
      indented, no line starts an ordered item, and each bullet line is the marker, one space
      and a character that starts no other block, so the item's text is a paragraph. Its
      paragraph then runs as any other (lines with no indent are its lazy continuation); the
      item runs to the next line that is not empty (the next item, or the end of the list, whose
      own tokens are not read);
    - an ATX heading: 1-6 "#" after the indent, then a space, a tab or the line's end; one line,
      its level the number of "#";
    - a paragraph, which runs until an empty line or a line that would start a heading or a
      bullet item (a line indented more than 3 is never checked: it continues the paragraph).
    """
    lines = source.replace("\r\n", "\n").split("\n")
    # A line's indent in columns, or -1 for an empty line. Only whether it reaches 4 is read, and
    # a tab goes to the next multiple of 4 columns, so an indent with a tab counts as 4.
    indents: list[int] = []
    levels: list[int] = []  # the level of the heading the line would start; 0 for none
    markers: list[str] = []  # the marker of the bullet item the line would start; "" for none
    for line in lines:
        body = line.lstrip(" \t")
        lead = len(line) - len(body)
        indents.append(-1 if not body else 4 if "\t" in line[:lead] else lead)
        first = body[:1]
        atx = _ATX_HEADING_RE.match(body) if heading and first == "#" else None
        levels.append(len(atx.group().rstrip(" \t")) if atx else 0)
        marker = ""
        if lists and body:
            if lead or (first.isdigit() and _ORDERED_MARKER_RE.match(body)):
                return None
            if first in "-*+" and body[1:2] in ("", " ", "\t"):
                if not _PLAIN_ITEM_RE.match(body):
                    return None
                marker = first
        markers.append(marker)
    count = len(lines)
    line_max = count - 1 if indents[-1] < 0 else count  # the lines markdown-it counts

    def paragraph_end(start: int) -> int:
        end = start + 1
        while end < count and indents[end] >= 0 and (indents[end] > 3 or not (levels[end] or markers[end])):
            end += 1
        return end

    tokens: list[BlockToken] = []
    start = 0
    while start < count:
        if indents[start] < 0:
            start += 1
        elif code and indents[start] >= 4:
            end = start + 1
            for following in range(start + 1, count):
                if indents[following] >= 4:
                    end = following + 1
                elif indents[following] >= 0:
                    break
            tokens.append(BlockToken("code_block", [start, end], "code"))
            start = end
        elif markers[start]:
            end = paragraph_end(start)
            item_end = end
            while item_end < line_max and indents[item_end] < 0:
                item_end += 1
            tokens.append(BlockToken("list_item_open", [start, item_end], "li", markers[start]))
            tokens.append(BlockToken("paragraph_open", [start, end], "p"))
            start = end
        elif levels[start]:
            level = levels[start]
            tokens.append(BlockToken("heading_open", [start, start + 1], f"h{level}", "#" * level))
            start += 1
        else:
            end = paragraph_end(start)
            tokens.append(BlockToken("paragraph_open", [start, end], "p"))
            start = end
    return tokens


class Builder:
    """Collects blocks and the prose mask while walking the input."""

    def __init__(self, text: str, markdown: bool) -> None:
        self.text = text
        self.markdown = markdown
        self.starts = line_starts(text)
        self.keep = bytearray(len(text))  # 1 = prose character
        self.replace: dict[int, str] = {}  # offset -> replacement char (entities)
        self.join_newlines: list[int] = []  # newlines inside a wrapped paragraph
        self.blocks: list[Block] = []
        # The masks that can match somewhere in this text (each needs its needle; see MASKS_PLAIN):
        # most postings have no "`", "<" or "\\" at all, so most lines are spared those tests.
        # Split by the kind of needle, so that each line tests them without asking which kind it is
        # (masks only blank characters, so the order they run in does not matter).
        masks = [
            (needle, pattern) for needle, pattern in (MASKS_MARKDOWN if markdown else MASKS_PLAIN) if _has(text, needle)
        ]
        self.string_masks = [(needle, pattern) for needle, pattern in masks if isinstance(needle, str)]
        self.pattern_masks = [(needle, pattern) for needle, pattern in masks if not isinstance(needle, str)]
        self.comments = "<!--" in text
        self.entities = "&" in text

    # -- lines -------------------------------------------------------------
    def line(self, number: int, strip_marker: bool = False) -> Line:
        """Line ``number`` (0-based) without container markers or trailing space."""
        start = self.starts[number]
        end = self.starts[number + 1] - 1 if number + 1 < len(self.starts) else len(self.text)
        raw = self.text[start:end]
        # Container markers start with a space, a tab or ">"; most lines have none.
        prefix = CONTAINER_RE.match(raw) if raw[:1] in (" ", "\t", ">") else None
        offset = prefix.end() if prefix else 0
        if strip_marker:
            marker = LIST_MARKER_RE.match(raw[offset:])
            if marker:
                offset += marker.end()
        stripped = raw.rstrip()
        return Line(start + offset, start + max(offset, len(stripped)))

    def mark(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` as prose, then blank the inline non-prose in it."""
        if start >= end:
            return
        self.keep[start:end] = b"\x01" * (end - start)
        segment = self.text[start:end]
        # Each mask runs only when the segment has a character every match of it contains (most
        # lines have no "@", "<", "`", "*" ...): skipping a regex that cannot match changes nothing.
        if self.comments:
            for comment_start, comment_end in _html_comments(segment):
                self.blank(start + comment_start, start + comment_end)
        if self.markdown and "[" in segment:
            for m in LINK_RE.finditer(segment):
                self.blank(start + m.start(1), start + m.end(1))
                self.blank(start + m.start(3), start + m.end(3))
        keep = self.keep
        for string, pattern in self.string_masks:
            if string in segment:
                for m in pattern.finditer(segment):
                    keep[start + m.start() : start + m.end()] = bytes(m.end() - m.start())
        for needle, pattern in self.pattern_masks:
            if needle.search(segment):
                for m in pattern.finditer(segment):
                    keep[start + m.start() : start + m.end()] = bytes(m.end() - m.start())
        if not self.entities or "&" not in segment:
            return
        for m in ENTITY_RE.finditer(segment):
            char = html.unescape(m.group())
            if len(char) == 1 and char != m.group():
                self.blank(start + m.start(), start + m.end())
                self.keep[start + m.start()] = 1
                self.replace[start + m.start()] = char

    def blank(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` as not prose."""
        self.keep[start:end] = bytes(end - start)

    def add(self, kind: BlockKind, start: int, end: int, level: int = 0, label: Span | None = None) -> None:
        """Add a block whose words lie in ``[start, end)`` (trimmed here)."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start < end:
            self.blocks.append(Block(kind, Span(start, end), level, label))

    # -- line classification -----------------------------------------------
    def classify_lines(self, lines: list[Line]) -> None:
        """Turn the lines of one paragraph (or plain-text chunk) into blocks."""
        paragraph: list[Line] = []

        def flush() -> None:
            if paragraph:
                for before, after in pairwise(paragraph):
                    self.join_newlines.append(before.end)
                    self.join_newlines.extend(range(before.end, after.start))
                self.add(BlockKind.PARAGRAPH, paragraph[0].start, paragraph[-1].end)
                paragraph.clear()

        for line in lines:
            raw = self.text[line.start : line.end]
            if not raw.strip():
                flush()
                continue
            bullet = BULLET_RE.match(raw)
            if bullet and len(raw) > bullet.end() and not _is_number_sentence(raw):
                flush()
                self.mark(line.start + bullet.end(), line.end)
                self.add(BlockKind.BULLET, line.start + bullet.end(), line.end)
                continue
            if _is_pseudo_heading(raw):
                flush()
                self.mark(line.start, line.end)
                inner = _without_rules(raw, blank=True)
                for m in re.finditer(r"[=~#]+", inner):  # "=== JOB DETAILS ===" decorations
                    self.blank(line.start + m.start(), line.start + m.end())
                self.add(BlockKind.HEADING, line.start, line.end, PSEUDO_HEADING_LEVEL)
                continue
            field = FIELD_RE.match(raw) if ":" in raw else None  # a field has its ":"
            if field and _is_field_label(field.group("label")):
                flush()
                self.mark(line.start, line.end)
                label = Span(line.start + field.start("label"), line.start + field.end("label"))
                self.add(BlockKind.FIELD, line.start, line.end, label=label)
                continue
            self.mark(line.start, line.end)
            if paragraph and not _continues(self.text[paragraph[-1].start : paragraph[-1].end], raw):
                flush()
            paragraph.append(line)
        flush()

    # -- result ------------------------------------------------------------
    def prose(self) -> str:
        """The masked text: prose characters kept, the rest spaces, newlines kept."""
        import numpy  # loaded with spaCy in any case; imported here so parsing alone does not pay for it

        # One array operation per step over the text's code points (UTF-32), not a Python step per
        # run of blanked characters: a blanked character becomes a space, except a newline, which
        # stays; then every carriage return is a space. surrogatepass lets any str through and back.
        codes = numpy.frombuffer(self.text.encode("utf-32-le", "surrogatepass"), dtype="<u4").copy()
        blanked = numpy.frombuffer(self.keep, dtype=numpy.uint8) == 0
        codes[blanked & (codes != _NEWLINE)] = _SPACE
        codes[codes == _CARRIAGE_RETURN] = _SPACE
        # Then a few dozen single-character edits: entities become their character, then the line
        # breaks inside a wrapped paragraph (those still line breaks) become spaces.
        if self.replace:
            codes[list(self.replace)] = [ord(char) for char in self.replace.values()]
        if self.join_newlines:
            joins = numpy.array(self.join_newlines, dtype=numpy.intp)
            codes[joins[codes[joins] == _NEWLINE]] = _SPACE
        return codes.tobytes().decode("utf-32-le", "surrogatepass")


def _has(text: str, needle: Needle) -> bool:
    """Whether ``text`` contains ``needle`` (a string, or a match of a pattern)."""
    return needle in text if isinstance(needle, str) else needle.search(text) is not None


def _html_comments(segment: str) -> Iterator[tuple[int, int]]:
    """Where ``<!-- ... -->`` comments lie; an unclosed one ends the search (a regex would rescan per opener)."""
    position = segment.find("<!--")
    while position >= 0:
        end = segment.find("-->", position + 4)
        if end < 0:
            return
        yield position, end + 3
        position = segment.find("<!--", end + 3)


def _without_rules(text: str, blank: bool = False) -> str:
    """``text`` without a leading and a trailing run of two or more RULE_CHARS (and the spaces next to them).

    Done with strip, not a regex: a regex for the trailing run restarts at each space or rule
    character and took quadratic time on long runs of them.
    """
    if not text or (text[0] not in RULE_CHARS and text[-1] not in RULE_CHARS):
        return text  # nothing to strip (most lines)
    start, end = 0, len(text)
    lead = len(text) - len(text.lstrip(RULE_CHARS))
    if lead >= 2:
        start = len(text) - len(text[lead:].lstrip())
    trail = len(text) - len(text.rstrip(RULE_CHARS))
    if trail >= 2 and len(text) - trail >= start:
        end = max(start, len(text[: len(text) - trail].rstrip()))
    if blank:
        return " " * start + text[start:end] + " " * (len(text) - end)
    return text[start:end]


def _is_number_sentence(raw: str) -> bool:
    """'2024. A great year' style lines are not numbered bullets; years are 4 digits, so only guard '1.5'."""
    return bool(NUMBER_SENTENCE_RE.match(raw))


def _words(raw: str) -> list[str]:
    return WORD_RE.findall(raw)


def _is_pseudo_heading(raw: str) -> bool:
    """A line a reader takes for a heading though it has no Markdown heading marker."""
    text = raw.strip()
    bold = BOLD_LINE_RE.match(text)
    if bold:
        inner = bold.group("inner").strip().rstrip(":").strip()
        words = _words(inner)
        return 0 < len(words) <= MAX_HEADING_WORDS and not inner.endswith((".", "!", "?", ","))
    plain = _without_rules(text).strip()
    # Only an ALL-CAPS line or a line ending in ":" can be a heading here. Both are quick to rule
    # out, so a line of prose (most lines) is turned down before its words are counted.
    capitals = _capitals(plain)
    all_caps = capitals >= 4 and not plain.endswith((".", ",", ";"))
    if not all_caps and not plain.endswith(":"):
        return False
    words = _words(plain)
    if not words or len(words) > MAX_HEADING_WORDS:
        return False
    if all_caps:
        # ALL-CAPS line; a lone acronym followed by prose ("CCM") is not a heading.
        return len(words) >= 2 or capitals >= 6 or plain.endswith(":")
    if len(words) <= 6 and plain[0].isupper() and not re.search(r"[.;!?]", plain[:-1]):
        return not BULLET_RE.match(plain)
    return False


def _capitals(text: str) -> int:
    """How many letters ``text`` has if every one is a capital; 0 as soon as one is not."""
    count = 0
    for char in text:
        if char.isalpha():
            if not char.isupper():
                return 0
            count += 1
    return count


def _is_field_label(label: str) -> bool:
    """Whether a 'Label: value' label looks like a field name, not a clause."""
    words = label.split()
    if not words or len(words) > 5 or label.endswith((".", ",")):
        return False
    # "Note: ..." and "Job title: ..." are fields; "We offer: ..." reads as a sentence.
    return words[0].lower() not in {"we", "you", "i", "they", "our", "this", "it", "if", "when", "please"}


def _continues(previous: str, current: str) -> bool:
    """Whether ``current`` continues the sentence of ``previous`` (a hard-wrapped line)."""
    previous = previous.rstrip()
    current = current.lstrip()
    if not previous or not current:
        return False
    if current[0].islower() or current[0] in ",;)":
        return True
    if previous[-1] in SENTENCE_END + ":":
        return False
    # A long line cut off before its end is a hard wrap; a short one is a line of its own.
    return len(previous) >= 55


def parse(text: str, path: str = "<text>", markdown: bool = True) -> Document:
    """Parse ``text`` into a Document (without sentences or tokens; see ``analysis``)."""
    builder = Builder(text, markdown)
    if markdown:
        _walk_markdown(builder)
    else:
        _walk_plain(builder)
    return finish(builder, path, text, "markdown" if markdown else "text")


def finish(builder: Builder, path: str, text: str, format: str, metadata: dict[str, Any] | None = None) -> Document:
    """The Document for what ``builder`` collected; ``text`` is what offsets point into (the file's own text).

    The HTML reader builds over a same-length view of the page (tags blanked,
    entities decoded) and passes the page source here as ``text``.
    """
    blocks = tuple(sorted(builder.blocks, key=lambda b: b.span.start))
    return Document(
        path=path,
        text=text,
        prose=builder.prose(),
        blocks=blocks,
        sections=build_sections(blocks, len(text)),
        line_starts=builder.starts if builder.text is text else line_starts(text),
        format=format,
        metadata=metadata or {},
    )


def _walk_plain(builder: Builder) -> None:
    lines = [builder.line(n) for n in range(len(builder.starts))]
    builder.classify_lines(lines)


def _walk_markdown(builder: Builder) -> None:
    # markdown-it also ends a line at a lone carriage return; jdlint's lines end at "\n" only, so the
    # line numbers in ``token.map`` would point past the text. Read a lone "\r" as a space.
    source = LONE_CR_RE.sub(" ", builder.text) if "\r" in builder.text else builder.text
    tokens = _block_tokens(source)
    item_first_line: set[int] = set()
    for token in tokens:
        lines = token.map
        if not lines:  # a closing token; each kind read below has its lines
            continue
        kind = token.type
        if kind == "paragraph_open":
            in_item = lines[0] in item_first_line
            content = [builder.line(n, strip_marker=(in_item and n == lines[0])) for n in range(*lines)]
            if in_item:
                item_first_line.discard(lines[0])
                _bullet_paragraph(builder, content)
            else:
                builder.classify_lines(content)
        elif kind == "list_item_open":
            item_first_line.add(lines[0])
        elif kind == "heading_open":
            level = int(token.tag[1])
            text_lines = range(lines[0], lines[1] - 1) if token.markup in ("=", "-") else range(lines[0], lines[1])
            for n in text_lines:
                line = builder.line(n)
                raw = builder.text[line.start : line.end]
                atx = ATX_OPEN_RE.match(raw)
                start = line.start + (atx.end() if atx else 0)
                end = line.start + len(ATX_CLOSE_RE.sub("", raw)) if atx else line.end
                builder.mark(start, max(start, end))
                builder.add(BlockKind.HEADING, start, max(start, end), level)
        elif kind == "code_block":
            # Indented text in a posting is a scrape or layout artefact, not code: read it as prose.
            builder.classify_lines([builder.line(n) for n in range(*lines)])
        elif kind == "tr_open":
            line = builder.line(lines[0])
            raw = builder.text[line.start : line.end]
            if not TABLE_RULE_RE.fullmatch(raw):
                builder.mark(line.start, line.end)
                for m in re.finditer(r"\|", raw):
                    builder.blank(line.start + m.start(), line.start + m.end())
                builder.add(BlockKind.ROW, line.start, line.end)


def _bullet_paragraph(builder: Builder, lines: list[Line]) -> None:
    """A list item's text: one bullet, its wrapped lines joined.

    A following line that starts with a bullet of its own ("o Visit clients", "a) Shop") is
    a new item that Markdown took for a continuation line, so it becomes a bullet of its own.
    """
    items: list[list[Line]] = []
    for index, line in enumerate(lines):
        raw = builder.text[line.start : line.end]
        bullet = BULLET_RE.match(raw) if index else None
        if bullet and len(raw) > bullet.end() and not _is_number_sentence(raw):
            items.append([Line(line.start + bullet.end(), line.end)])
        elif items:
            items[-1].append(line)
        else:
            items.append([line])
    for item in items:
        for line in item:
            builder.mark(line.start, line.end)
        for before, after in pairwise(item):
            builder.join_newlines.extend(range(before.end, after.start))
        builder.add(BlockKind.BULLET, item[0].start, item[-1].end)


def build_sections(blocks: tuple[Block, ...], length: int) -> tuple[Section, ...]:
    """Group blocks under headings; content before the first heading is the preamble."""
    sections: list[Section] = []
    heading: int | None = None
    content: list[int] = []
    start = 0

    def close(end: int) -> None:
        if heading is not None or content:
            sections.append(Section(heading, tuple(content), Span(start, end)))

    for index, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING:
            close(block.span.start)
            heading, content, start = index, [], block.span.start
        else:
            content.append(index)
    close(length)
    return tuple(sections)


def iter_sentence_blocks(document: Document) -> Iterator[int]:
    """Indices of blocks whose words form sentences (paragraphs, bullets)."""
    for index, block in enumerate(document.blocks):
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.BULLET):
            yield index

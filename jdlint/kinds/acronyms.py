"""Acronyms used where the posting never spells them out.

An acronym is *explained* when its expansion appears anywhere in the posting,
in either order ("Certified Case Manager (CCM)", "CCM (Certified Case
Manager)") or on its own: the acronym's letters must come, in order, from the
starts of consecutive words (small words such as "of" and "and" may be
skipped, a word may give a clipped start: "information security" gives
INFOSEC). Slash and hyphen lists ("CCM/ACM") are split. The suggestion comes
from the curated dictionary in ``rules/lists/acronyms.toml``.

Never reported: allowlisted acronyms, ALL-CAPS emphasis and headings,
Roman numerals, US state codes used as places, codes in "Job Code:" fields,
brand names, and anything in a URL or e-mail address (blank in the prose).
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise, product
from operator import itemgetter
from pathlib import Path
from typing import Any, ClassVar

from jdlint.errors import JdlintError
from jdlint.kinds.base import Check, article_agrees, is_plain_span, quote_list
from jdlint.lexicon import english_words
from jdlint.memo import by_identity
from jdlint.model import Applicability, BlockKind, Document, Finding, Fix, Rule, Span
from jdlint.prefilter import folded
from jdlint.rules import Param, load_list

TOKEN_RE = re.compile(r"(?<![\w&.])(?:(?:[A-Z]\.){2,}|[A-Za-z0-9][A-Za-z0-9&]*(?:-[A-Za-z0-9&]+)*)(?:['’]s)?")
ROMAN_RE = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XV|XX)$")
WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9'’]*|&")
BREAK = "\x00"  # between the words of two blocks in ``Words``: no spelling runs across it
WORD_OR_BREAK_RE = re.compile(WORD_RE.pattern + "|" + BREAK)
# Two capitals with no space or capital between: every word acronym_shape accepts has them.
# Written "[A-Z][^\sA-Z]*[A-Z]" with a possessive repeat: the characters it could give back are
# not capitals, so backing off never helps; the engine is spared trying at each of them.
TWO_CAPITALS_RE = re.compile(r"[A-Z][^\sA-Z]*+[A-Z]")
NON_SPACE_RE = re.compile(r"\S*")
PLURAL_AND_SPACE_RE = re.compile(r"s*\s*")  # what .lstrip("s").lstrip() removes
SMALL_WORDS = frozenset({"of", "and", "the", "for", "&", "in", "on", "to", "a", "an", "with", "at", "by", "or", "de"})
# A small word's code in ``Words.codes``: a digit for its first letter, so that one byte
# tells "of" from "Operations".
SMALL_CODE_OF = {initial: str(i) for i, initial in enumerate(sorted({word[0] for word in SMALL_WORDS}))}
# Every way of writing each small word ("of", "Of", "OF", "oF"), so codes need no lower().
SMALL_CODES = {
    "".join(spelling): SMALL_CODE_OF[word[0]]
    for word in SMALL_WORDS
    for spelling in product(*({c.lower(), c.upper()} for c in word))
}
# The characters of a WORD_RE word: one may run across a block start only with these on both sides.
WORD_CHARACTERS = frozenset(string.ascii_letters + string.digits + "'’")
SHOUTING_SHARE = 0.6
LETTERS_RE = re.compile(r"[A-Za-z]{2,}")
# A LETTERS_RE word all in capitals: "(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])", starting with a class (see above).
CAPITALS_WORD_RE = re.compile(r"[A-Z](?<![A-Za-z][A-Z])[A-Z]+(?![A-Za-z])")
LOWER_RUN_RE = re.compile(r"[a-z]+")
TWO_UPPER_RE = re.compile(r"[A-Z]{2}")
NON_LETTER_RE = re.compile(r"[^A-Za-z]")
POSSESSIVE_RE = re.compile(r"['’]s$")
DOTTED_RE = re.compile(r"(?:[A-Z]\.){2,}")
DOTTED_POSSESSIVE_RE = re.compile(r"(?:[A-Z]\.){2,}(?:['’]s)?")
CODE_BEFORE_RE = re.compile(r"\b(?:code|no\.?|number|ref|class|union|grade|band|req)\s*[:#]?\s*$", re.IGNORECASE)
# Three or more capitalised words in a row: "YOU WILL NOT RECEIVE" is emphasis, not acronyms.
# Written "(?:\b[A-Z][A-Z’'-]*[A-Z]\b[\s,:;.!/&-]*){3,}" with its first word taken out and that
# word's "\b[A-Z]" as "[A-Z](?<!\w[A-Z])": the same matches, but a pattern that starts with a
# class lets the regex engine skip to the next capital (four times faster on postings).
SHOUT_WORD = r"\b[A-Z][A-Z’'-]*[A-Z]\b[\s,:;.!/&-]*"
SHOUT_RUN_RE = re.compile(rf"[A-Z](?<!\w[A-Z])[A-Z’'-]*[A-Z]\b[\s,:;.!/&-]*(?:{SHOUT_WORD}){{2,}}")
POSTCODE_AFTER_RE = re.compile(r"\s\d[A-Z]{2}\b")
# Short acronyms collide by chance with ordinary words ("act with discretion Ability"
# spells ADA), so up to this length an expansion must be in capitals or next to the acronym.
SHORT_ACRONYM = 4
SHAPES_KEPT = 8192  # words whose shape UnexplainedAcronyms keeps (then it starts again)


@dataclass
class Use:
    """Where one acronym occurs in a document."""

    key: str  # normalised form, e.g. "KPI" for "KPIs"
    spans: list[Span] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Lexicon:
    """The acronym rule's data: dictionary, allowlist and exclusions."""

    expansions: dict[str, tuple[str, ...]]
    allow: frozenset[str]
    brands: frozenset[str]
    emphasis: frozenset[str]
    never: frozenset[str]  # placeholders (TBC) and compass points (NW): never acronyms here
    states: frozenset[str]
    code_labels: re.Pattern[str]


@lru_cache(maxsize=4)
def load_lexicon(directory: Path, extra_allow: tuple[str, ...] = ()) -> Lexicon:
    """Read ``lists/acronyms.toml`` and ``lists/acronym-exclusions.toml``."""
    data = load_list(directory, "acronyms")
    exclusions = load_list(directory, "acronym-exclusions")
    expansions: dict[str, tuple[str, ...]] = {}
    for domain, table in data.get("expansions", {}).items():
        for acronym, value in table.items():
            values = (value,) if isinstance(value, str) else tuple(value)
            if not values or not all(isinstance(v, str) and v for v in values):
                raise JdlintError(f"{directory}/lists/acronyms.toml: [{domain}] {acronym}: expansion must be text")
            expansions[acronym] = values
    allow = {_normalise(a) for a in [*data.get("allow", []), *extra_allow]}
    return Lexicon(
        expansions=expansions,
        allow=frozenset(allow),
        brands=frozenset(exclusions.get("brands", [])),
        emphasis=frozenset(exclusions.get("emphasis", [])),
        never=frozenset([*exclusions.get("placeholders", []), *exclusions.get("directions", [])]),
        states=frozenset(exclusions.get("state_codes", [])),
        code_labels=re.compile(exclusions.get("code_field_labels", r"$^")),
    )


def _normalise(written: str) -> str:
    """'U.S.' → 'US', 'KPIs' → 'KPI', 'CCM’s' → 'CCM'."""
    text = written
    # Most words have no apostrophe, full stop or line end: neither regex below can change them.
    if "'" in text or "’" in text or "." in text or "\n" in text:
        text = POSSESSIVE_RE.sub("", text)
        if DOTTED_RE.fullmatch(text):
            text = text.replace(".", "")
    if len(text) > 2 and text.endswith("s") and text[:-1].isupper():
        text = text[:-1]
    return text


def acronym_shape(part: str) -> bool:
    """Whether a word is written like an acronym: CCM, A&E, SOC2, SaaS, FedRAMP."""
    if not part or not part[0].isupper():
        return False
    upper = sum(map(str.isupper, part))
    if upper < 2:
        return False
    lower_runs = LOWER_RUN_RE.findall(part)
    if not lower_runs:
        return True
    if max(map(len, lower_runs)) >= 3:
        return False  # RabbitMQ, USAJobs, "BENEFITSYavapai" (words run together in a scrape)
    return bool(TWO_UPPER_RE.search(part)) or part[-1].isupper()  # FedRAMP; SaaS, CoE


class UnexplainedAcronyms(Check):
    """Report the first use of each acronym the posting never spells out."""

    PARAMS: ClassVar[dict[str, Param]] = {"allow": Param(list, [])}
    FIELDS = frozenset({"match", "acronym", "expansion", "uses", "advice"})
    FIX_POLICY = (
        "Safe when the dictionary has exactly one expansion: the fix writes 'Full Name (ACR)' at the first use "
        "only, and later uses stay short. Unsafe when the acronym has several possible meanings or only two "
        "capitals (ED, CP, PR mean too many things), or where the insertion could read wrongly: a heading or "
        "field label, a possessive (ACR's), 'a'/'an' before it that would not fit, a bracket right after it, "
        "words just before that already spell it, or a plural of a multi-word name ('Bachelors of Science'). "
        "Display-only when the dictionary does not know the acronym: only the author knows what it stands for."
    )

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.lexicon = load_lexicon(self.params["_directory"], tuple(self.params["allow"]))
        self.words = english_words()
        # ``_shape`` of the words seen so far (the same acronyms come back in posting after posting).
        self._shapes: dict[str, tuple[str, bool] | None] = {}

    # -- finding candidates ---------------------------------------------------
    def uses(self, document: Document) -> dict[str, Use]:
        """Every acronym-like word in the prose, grouped by normalised form."""
        found: dict[str, Use] = {}
        prose, pairs = document.prose, TWO_CAPITALS_RE.search
        for index, block in enumerate(document.blocks):
            span = block.span
            if not pairs(prose, span.start, span.end):
                continue  # an acronym has two capitals in one word; most list items have one at most
            text = prose[span.start : span.end]
            examined = False  # the block-wide facts below are worked out at its first candidate, if any
            code_field = False
            shouting = Shouting(text)
            for m in _capitalised_tokens(text):
                token = m.group()
                if not token[0].isupper() or token[1:].islower():
                    continue  # most words: fast path, no acronym can be in them
                if not examined:
                    examined = True
                    code_field = (
                        block.kind is BlockKind.FIELD
                        and block.label is not None
                        and bool(self.lexicon.code_labels.search(document.text[block.label.start : block.label.end]))
                    )
                start = span.start + m.start()
                if code_field and block.label is not None and start >= block.label.end:
                    continue
                # A word with no hyphen or full stop is its own only part (see _parts).
                parts = _parts(token) if "-" in token or "." in token else ((0, token),)
                for offset, part in parts:
                    key = self._candidate(part, document, start + offset, index, shouting, m.start())
                    if key:
                        use = found.get(key)
                        if use is None:  # not setdefault: it would build a Use for every repeat
                            use = found[key] = Use(key)
                        use.spans.append(Span(start + offset, start + offset + len(part)))
                        use.written.append(part)
        return found

    def _candidate(
        self, part: str, document: Document, offset: int, block: int, shouting: Shouting, position: int
    ) -> str | None:
        """The acronym ``part`` (at ``offset``; at ``position`` in its block's text) is a use of, or None.

        Every test below only rules a word out, so their order does not change the answer;
        whether the block shouts, the dearest, comes last and only for acronyms the
        dictionary does not know (it lets a known acronym through).
        """
        if part in self._shapes:
            shape = self._shapes[part]
        else:
            if len(self._shapes) >= SHAPES_KEPT:
                self._shapes.clear()
            shape = self._shapes[part] = self._shape(part)
        if shape is None:
            return None
        key, known = shape
        if key in self.lexicon.states and (not known or _reads_as_place(document, offset, len(part), block)):
            return None
        if CODE_BEFORE_RE.search(document.prose, max(0, offset - 20), offset) or POSTCODE_AFTER_RE.match(
            document.prose, offset + len(part)
        ):
            return None  # "Union Code: EM", "London NW3 5HR"
        if not known and shouting.at(position):
            return None
        return key

    def _shape(self, part: str) -> tuple[str, bool] | None:
        """``_candidate``'s tests that read only the word: its key and whether the dictionary knows it."""
        key = _normalise(part)
        if not acronym_shape(key) or key in self.lexicon.allow or key in self.lexicon.never:
            return None
        if part in self.lexicon.brands or key in self.lexicon.brands:
            return None
        letters = NON_LETTER_RE.sub("", key)
        digits = sum(map(str.isdigit, key))
        known = key in self.lexicon.expansions
        if len(letters) < 2 or ROMAN_RE.match(key):
            return None
        if digits >= 2 and not known:
            return None  # requisition and grade codes: EV210321, BOE047
        if key.isupper() and not known:
            if key in self.lexicon.emphasis:
                return None
            if len(letters) >= 4 and letters.lower() in self.words:
                return None  # "PLEASE", "MUST", "NOTE" written for emphasis
        return key, known

    # -- explanations ---------------------------------------------------------
    def explained(self, key: str, document: Document, lowered: Lowered) -> bool:
        """Whether the document spells ``key`` out anywhere (``lowered``: ``_lowered(document.prose)``)."""
        for expansion in self.lexicon.expansions.get(key, ()):
            if " ".join(expansion.lower().split()) in lowered.text:
                return True
        letters = NON_LETTER_RE.sub("", key).upper()
        if len(letters) < 2:
            return True
        for gloss in _glosses(key, lowered):
            if _expands(letters, gloss, 0, False, self.words, capitals=False):
                return True
        capitals = len(letters) <= SHORT_ACRONYM
        table, starts = _starts(letters, capitals)
        # The words are read only now: when every acronym is spelled out in full or in brackets,
        # the posting's words are never needed (one posting in thirteen).
        words = _block_words(document)
        for found in starts.finditer(words.codes.translate(table)):
            start = found.start()
            if _normalise(words.words[start]) == key:
                continue
            if _expands(letters, words.words, start, len(letters) <= 2, self.words, capitals=capitals):
                return True
        return False

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        uses = self.uses(document)
        if not uses:
            return
        lowered = _lowered(document.prose)
        for key, use in uses.items():
            if self.explained(key, document, lowered):
                continue
            first, written = use.spans[0], use.written[0]
            expansions = self.lexicon.expansions.get(key, ())
            fix = None
            if expansions:
                plural = written.endswith("s") and written[:-1] == key
                full = _plural(expansions[0]) if plural else expansions[0]
                replacement = f"{full} ({written})"
                advice = f"Spell it out at first use: '{replacement}'."
                if len(expansions) > 1:
                    advice += f" (It can also mean {quote_list(list(expansions[1:]))}: check which is meant.)"
                if is_plain_span(document, first):
                    safe = len(expansions) == 1 and self._reads_well(document, first, written, full, plural)
                    fix = Fix(first, replacement, Applicability.SAFE if safe else Applicability.UNSAFE)
            else:
                advice = f"Spell out '{key}' at first use, e.g. 'Full Name ({key})', or use plain words."
            fields: dict[str, Any] = {
                "acronym": key,
                "expansion": expansions[0] if expansions else "",
                "uses": "once" if len(use.spans) == 1 else f"{len(use.spans)} times",
                "advice": advice,
                "match": written,
            }
            yield self.finding(document, first, fields, fix=fix)

    @staticmethod
    def _reads_well(document: Document, span: Span, written: str, full: str, plural: bool) -> bool:
        """Whether 'Full Name (ACR)' at ``span`` reads as a careful editor would write it."""
        if "'" in written or "’" in written or "." in written:
            return False  # "CCM's" and "U.S." need rewording, not an insertion
        capitals = [c for c in written if c.isupper()]
        if len(capitals) < 3:
            return False  # two letters have too many meanings (ED, CP, PR) for a dictionary to pick one unasked
        if _spelled_before(document.prose[max(0, span.start - 120) : span.start], capitals):
            return False  # "Partnership for Your Success PaYS": a gloss the rule did not accept is already there
        if plural and re.search(r"\s(?:of|in|for|and|to|on|at)\s", full):
            return False  # the plural of "Bachelor of Science in Nursing" is not a suffix
        if not article_agrees(document, span, full):
            return False  # "an RN" → "an Registered Nurse (RN)"
        if document.prose[span.end : span.end + 3].lstrip().startswith("("):
            return False  # "CCM (certification)" already has a bracket after it
        for block in document.blocks:
            if block.span.start <= span.start < block.span.end:
                in_label = block.label is not None and block.label.contains(span.start)
                return block.kind is not BlockKind.HEADING and not in_label
        return False


def _spelled_before(before: str, capitals: list[str]) -> bool:
    """Whether the words just before spell the acronym's capitals (small words skipped)."""
    spelled = [w for w in WORD_RE.findall(before) if w.lower() not in SMALL_WORDS]
    initials = [w[0].upper() for w in spelled[-len(capitals) :]]
    return initials == capitals


def _parts(token: str) -> Iterator[tuple[int, str]]:
    """The pieces of a token worth checking: 'GS-15' → 'GS', 'HR-related' → 'HR', 'related'."""
    if DOTTED_POSSESSIVE_RE.fullmatch(token):
        yield 0, token
        return
    position = 0
    for piece in token.split("-"):
        if piece and not piece.isdigit():
            yield position, piece
        position += len(piece) + 1


class Shouting:
    """Whether the words of one block are emphasis, worked out when first asked (most blocks never are)."""

    __slots__ = ("_runs", "_whole", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._whole: bool | None = None
        self._runs: list[tuple[int, int]] | None = None

    def at(self, position: int) -> bool:
        """Whether the block is mostly capitals or ``position`` is in a run of capitalised words."""
        if self._whole is None:
            self._whole = _is_shouting(self.text)
        if self._whole:
            return True
        if self._runs is None:
            self._runs = [r.span() for r in SHOUT_RUN_RE.finditer(self.text)]
        return any(a <= position < b for a, b in self._runs)


def _capitalised_tokens(text: str) -> Iterator[re.Match[str]]:
    """The TOKEN_RE tokens of the space-free runs of ``text`` that have two capitals in them.

    No token holds a space, so a run's tokens are the ones a scan of the whole text finds
    there; and a run without two capitals has no token that could be an acronym (each has
    two capitals with no space or capital between): scanning only these runs is exact.
    """
    scanned = 0
    for pair in TWO_CAPITALS_RE.finditer(text):
        if pair.start() < scanned:
            continue  # in the run just scanned
        first = pair.start()
        while first > scanned and not text[first - 1].isspace():
            first -= 1
        end = NON_SPACE_RE.match(text, pair.end())
        scanned = end.end() if end else len(text)
        yield from TOKEN_RE.finditer(text, first, scanned)


def _is_shouting(text: str) -> bool:
    """A line mostly in capitals (a heading or emphasis), not prose with acronyms."""
    # Words of two letters or more, and those of them in capitals, counted by the regex engine.
    words = len(LETTERS_RE.findall(text))
    if words < 2:
        return False
    upper = len(CAPITALS_WORD_RE.findall(text))
    return bool(upper >= 2 and upper / words >= SHOUTING_SHARE)


def _reads_as_place(document: Document, offset: int, length: int, block: int) -> bool:
    """'Des Moines, IA', 'IA 50309' or a Location field: a state, not an acronym."""
    before = document.prose[max(0, offset - 30) : offset]
    after = document.prose[offset + length : offset + length + 12]
    if re.search(r"[A-Za-z.]+,\s*$", before) or re.match(r",?\s*\d{5}\b", after):
        return True
    b = document.blocks[block]
    return (
        b.kind is BlockKind.FIELD
        and b.label is not None
        and "location" in document.text[b.label.start : b.label.end].lower()
    )


@dataclass(frozen=True)
class Words:
    """The prose's words in order, with BREAK between blocks, and a code for each word."""

    words: list[str]
    codes: bytes  # one byte a word (see ``_codes``): a pattern on it finds where a spelling can start


@by_identity()
def _block_words(document: Document) -> Words:
    """The words of ``document.prose``, in ``WORD_RE``'s reading, with a marker between blocks."""
    prose = document.prose
    starts = [b.span.start for b in document.blocks]
    bounds = [0, *starts, len(prose)]
    # A word belongs to the block whose start comes last at or before it. Reading each stretch
    # between block starts on its own finds the same words as reading the whole prose unless a
    # word runs across a block start, which needs a word character on both sides of it.
    if (
        BREAK in prose
        or bounds != sorted(bounds)
        or any(prose[b - 1] in WORD_CHARACTERS and prose[b : b + 1] in WORD_CHARACTERS for b in starts if b > 0)
    ):
        return _block_words_slowly(document)
    # With a BREAK at each block start, one scan finds the words and the breaks. Blocks with no
    # words leave breaks side by side (and at the ends): a spelling stops at the first break
    # either way, so one break or several between two blocks give the same answers.
    words = WORD_OR_BREAK_RE.findall(BREAK.join([prose[a:b] for a, b in pairwise(bounds)]))
    return Words(words, _codes(words))


def _block_words_slowly(document: Document) -> Words:
    """``_block_words`` one word at a time, for prose where a word may run across a block start."""
    words: list[str] = []
    starts = [b.span.start for b in document.blocks]
    block = -1
    # Words come in text order, so the block a word is in only moves forward: step along
    # the block starts instead of bisecting for every word.
    following = starts[0] if starts else len(document.prose) + 1
    current = -1
    for m in WORD_RE.finditer(document.prose):
        offset = m.start()
        if offset >= following:
            current = bisect.bisect_right(starts, offset, current + 1) - 1
            following = starts[current + 1] if current + 1 < len(starts) else len(document.prose) + 1
        if current != block and words:
            words.append(BREAK)
        block = current
        words.append(m.group())
    return Words(words, _codes(words))


def _codes(words: list[str]) -> bytes:
    """One byte for each word: a small word's code (``SMALL_CODES``), otherwise its first character."""
    # Every word starts with an ASCII letter or is "&" (a small word) or BREAK.
    return "".join(map(SMALL_CODES.get, words, map(itemgetter(0), words))).encode("ascii")


# Where a spelling can start, as a necessary condition of ``_expands`` read from first letters
# only, so that the search runs at few places. ``Words.codes`` is translated for each acronym
# into symbols, and a pattern that depends only on the acronym's length finds the places:
# for acronyms of up to SHORT_ACRONYM letters a symbol tells which letters of the acronym the
# word may give (a bit for each) and whether it is a small word ("A"-"P" and "a"-"p": the
# letters' bit mask added to the letter); for longer ones, see the end of ``_starts``. "#"
# (a block break, or a word that cannot take part) ends a spelling.
BLOCKED = ord("#")


@lru_cache(maxsize=1024)
def _starts(letters: str, capitals: bool) -> tuple[bytes, re.Pattern[bytes]]:
    """The translation of ``Words.codes`` for ``letters`` and the pattern that finds where a spelling can start."""
    if capitals:
        # A capital gives a letter of the acronym (its own, or X from "ex") or is a name that may
        # be skipped; a small word gives its first letter or is skipped; anything else ends it.
        table = bytearray(SHORT_BASE)
        for li, letter in enumerate(letters.lower()):
            # Three different codes, so each bit is added once: the mask grows from 0 to at most 15.
            table[ord(letter.upper())] += 1 << li
            if letter in SMALL_CODE_OF:
                table[ord(SMALL_CODE_OF[letter])] += 1 << li
            if letter == "x" and li > 0:
                table[ord("E")] += 1 << li
        return bytes(table), _short_spelling(len(letters))
    # Longer acronyms may clip words ("INFOrmation SECurity"), so a word may give all the letters
    # left: a spelling needs a second word that gives a later letter ("g"; "ex" for X), with only
    # small words ("s") and up to two capitalised names ("u") skipped before it. A lower-case
    # word that gives no later letter ("o") cannot be skipped. Capitals mark the first word.
    table = bytearray(LONG_BASE)
    rest = letters[1:].lower()
    for letter in {*rest, *("e" if "x" in rest else "")}:
        for code in (letter, letter.upper(), SMALL_CODE_OF.get(letter)):
            if code:
                table[ord(code)] = ord("g")
    first = letters[0].lower()
    for code in (first, first.upper(), SMALL_CODE_OF.get(first)):
        if code:
            table[ord(code)] = ord(chr(table[ord(code)]).upper())
    return bytes(table), SECOND_WORD


def _base_table(symbols: dict[str, str]) -> bytes:
    table = bytearray([BLOCKED]) * 256
    for codes, symbol in symbols.items():
        for code in codes:
            table[ord(code)] = ord(symbol)
    return bytes(table)


SMALL_CODE_LIST = "".join(SMALL_CODE_OF.values())
# Before the acronym's letters are marked: for short acronyms a capital is a name ("A", no
# letter) and a small word is skipped ("a"); for long ones a capital is a name ("u"), a small
# word is skipped ("s"), and a lower-case word ends the spelling ("o").
SHORT_BASE = _base_table({string.ascii_uppercase: "A", SMALL_CODE_LIST: "a"})
LONG_BASE = _base_table({string.ascii_uppercase: "u", SMALL_CODE_LIST: "s", string.ascii_lowercase: "o"})


# Each pattern takes the first word's symbol and only looks at the rest, so that it can match
# at every word in turn; starting with a class lets the regex engine skip quickly to a match.
SECOND_WORD = re.compile(rb"[GOSU](?=[sS]*(?:[uU][sS]*){0,2}[gG])")


@lru_cache(maxsize=8)
def _short_spelling(n: int) -> re.Pattern[bytes]:
    """The pattern of ``_starts``'s symbols for an acronym of ``n`` letters, up to SHORT_ACRONYM.

    It follows ``_expands``'s reading word by word: a word gives one letter, or two (a compound
    word); small words and (from four letters) up to two capitalised words may come between.
    """

    def gives(li: int) -> str:
        return "".join(chr(base + m) for base in (ord("A"), ord("a")) for m in range(16) if m >> li & 1)

    def spelling(li: int, skips: int) -> str:
        if li == n:
            return ""
        after = [spelling(li + 1, skips)]
        # A compound word gives two letters, but one word alone never spells an acronym.
        if li + 2 < n or (li > 0 and li + 2 == n):
            after.append(spelling(li + 2, skips))
        if li == 0:
            return f"[{gives(li)}](?={'|'.join(after)})"
        giving = f"[{gives(li)}](?:{'|'.join(after)})"
        skip = f"|[A-P]{spelling(li, skips + 1)}" if n >= 4 and skips < 2 else ""
        return f"[a-p]*(?:{giving}{skip})"

    return re.compile(spelling(0, 0).encode("ascii"))


@dataclass(frozen=True)
class Lowered:
    """The prose in lower case with single spaces, and where an acronym just before a bracket could end."""

    text: str
    # Where an acronym followed by a bracket could end (only "s", then spaces, may come between:
    # the ends of the run of "s" before each "(" or ")"), by the last character of the acronym.
    ends: dict[str, list[int]]


def _lowered(prose: str) -> Lowered:
    # The prose lowered once for several rules (prefilter.folded), when that is ``prose.lower()``.
    text = " ".join((folded(prose) or prose.lower()).split())
    ends: dict[str, list[int]] = {}
    # Each bracket found with str.find, not a regex scan (a third of the time). The ends come
    # all "(" first, then all ")": ``_glosses`` reads them as a set, so the order does not matter.
    for bracket in "()":
        position = text.find(bracket)
        while position >= 0:
            end = position
            while end > 0 and text[end - 1].isspace():
                end -= 1
            start = end
            while start > 0 and text[start - 1] == "s":
                start -= 1
            for e in range(max(start, 1), end + 1):
                ends.setdefault(text[e - 1], []).append(e)
            position = text.find(bracket, position + 1)
    return Lowered(text, ends)


def _glosses(key: str, lowered: Lowered) -> Iterator[list[str]]:
    """Words next to the acronym in brackets: 'words here (ccm)' and 'ccm (words here)'."""
    acronym = key.lower()
    text = lowered.text
    # Only an acronym followed by a bracket (plural "s" and spaces between) has a gloss: the
    # places to look come from the brackets, not from every occurrence ("hr" in "three").
    size = len(acronym)
    places = {e - size for e in lowered.ends.get(acronym[-1], ()) if e >= size and text.startswith(acronym, e - size)}
    for position in sorted(places):
        skipped = PLURAL_AND_SPACE_RE.match(text, position + len(acronym))
        after = skipped.end() if skipped else position + len(acronym)  # where after.lstrip() would start
        before = position  # where before.rstrip() would end
        while before > 0 and text[before - 1].isspace():
            before -= 1
        gloss = ""
        if text[before - 1 : before] == "(" and text.startswith(")", after):
            gloss = " ".join(text[max(0, before - 120) : before - 1].split()[-10:])  # "words here (ccm)"
        elif text.startswith("(", after):
            gloss = text[after + 1 : after + 91].split(")", 1)[0]  # "ccm (words here)"
        if not gloss:
            continue
        tokens = WORD_RE.findall(gloss)
        for start in range(len(tokens)):
            if tokens[start][0] == key[0].lower():
                yield tokens[start:]


def _expands(
    letters: str,
    words: Sequence[str],
    start: int,
    strict: bool,
    vocabulary: Container[str],
    capitals: bool = False,
) -> bool:
    """Whether words from ``start`` on spell ``letters`` (see the module docstring).

    ``strict``: every word must start with a capital and give one letter (two-letter
    acronyms). ``capitals``: words that give letters must start with a capital.
    """
    if not _may_expand(letters, words, start, strict or capitals):
        return False
    clipping = len(letters) >= 5  # INFOSEC, FedRAMP; short acronyms spell from initials only
    # No expansion is longer than this: it bounds the recursion ("of of of ..." hit Python's
    # recursion limit), and the cache below keeps the search polynomial.
    last = start + 3 * len(letters) + 3
    target_letters = letters.lower()

    # A plain dict, not functools.cache: setting up a cache per call cost more than most searches.
    memo: dict[tuple[int, int, int, int], bool] = {}

    def match(li: int, wi: int, used_words: int, skips: int) -> bool:
        key = (li, wi, used_words, skips)
        known = memo.get(key)
        if known is None:
            known = memo[key] = search(li, wi, used_words, skips)
        return known

    def search(li: int, wi: int, used_words: int, skips: int) -> bool:
        used_words = min(used_words, 2)  # only "at least two" matters
        if li == len(letters):
            return used_words >= 2
        if wi >= len(words) or wi > last or words[wi] == BREAK:
            return False  # past the longest expansion, the last word or the block
        word = words[wi]
        lower = word.lower().replace("’", "'")
        target = target_letters[li:]
        if (strict or capitals) and not word[0].isupper() and lower not in SMALL_WORDS:
            return False
        # Shouted or acronym words give one letter only: "NHS England" does not spell NHSE.
        longest = 1 if (word.isupper() and len(word) > 1) else len(lower)
        # Every start the loop tries begins with the word's first letter: most words have another.
        for k in range(min(longest, len(target)) if lower[0] == target[0] else 0, 0, -1):
            # One letter, or a clipped start of three or more: "INFOrmation SECurity".
            if (
                (k == 1 or (clipping and k >= 3))
                and lower[:k] == target[:k]
                and match(li + k, wi + 1, used_words + 1, skips)
            ):
                return True
        if target[0] == "x" and lower.startswith("ex") and match(li + 1, wi + 1, used_words + 1, skips):
            return True
        # A compound of two English words gives the start of each: Workforce → WF.
        if lower[:1] == target[:1] and len(target) >= 2:
            for p in range(4, len(lower) - 3):  # both parts of four letters or more
                if (
                    lower[p] == target[1]
                    and lower[:p] in vocabulary
                    and lower[p:] in vocabulary
                    and match(li + 2, wi + 1, used_words + 1, skips)
                ):
                    return True
        if li > 0 and lower in SMALL_WORDS and match(li, wi + 1, used_words, skips):
            return True
        # One or two capitalised name words may be left out: "Midlands Partnership NHS Foundation Trust".
        return (
            li > 0
            and len(letters) >= 4
            and skips < 2
            and word[0].isupper()
            and match(li, wi + 1, used_words, skips + 1)
        )

    def release() -> None:
        # match and search call each other through their closures: a reference cycle that only the
        # garbage collector would free. Emptying the two cells frees them at once; these searches
        # made nearly all of a run's cyclic garbage (about 2,000 objects per 10 postings).
        nonlocal match, search
        del match, search

    try:
        return match(0, start, 0, 0)
    finally:
        release()


def _may_expand(letters: str, words: Sequence[str], start: int, capitals: bool) -> bool:
    """A cheap necessary condition for ``_expands``, checked before its search is set up.

    Every way ``match`` reads the first word gives at least one letter and moves on to
    the next word with at most one word used, so a spelling needs a next word in the same
    block that could give a later letter, be a small word, or be a skippable name.
    """
    if start >= len(words):
        return False
    first = words[start]
    if capitals and not first[0].isupper() and first.lower().replace("’", "'") not in SMALL_WORDS:
        return False
    if start + 1 >= len(words):
        return False
    word = words[start + 1]
    if word == BREAK:
        return False
    lower = word.lower().replace("’", "'")
    if lower in SMALL_WORDS:
        return True
    if capitals and not word[0].isupper():
        return False
    rest = letters[1:].lower()
    return lower[:1] in rest or ("x" in rest and lower.startswith("ex")) or (len(letters) >= 4 and word[0].isupper())


def _plural(expansion: str) -> str:
    """'key performance indicator' → 'key performance indicators' (for 'KPIs')."""
    return expansion if expansion.endswith("s") else expansion + "s"

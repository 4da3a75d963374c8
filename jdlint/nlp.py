"""The one place that builds jdlint's spaCy pipeline.

The pipeline is ``spacy.blank("en")`` plus one rule-based step that sets
sentence starts: every line break in the prose starts a sentence (blocks are
one per line, and wrapped lines were already joined), and within a block the
rule of spaCy's sentencizer splits at sentence punctuation. No trained model,
no lemmatizer tables: nothing is downloaded and nothing large is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jdlint.model import BlockKind, Document, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SENTENCE_KINDS = (BlockKind.PARAGRAPH, BlockKind.BULLET)
MAX_CHARS = 2**31 - 1
# spaCy's tokenizer takes time quadratic in the length of a run without spaces when it splits off
# punctuation one character at a time (10,000 "*" took 14 s). No word is this long: such a run is a
# separator line or an encoded blob, so the tokenizer sees it as spaces (offsets are unchanged).
LONG_RUN = 100
LONG_RUN_RE = re.compile(rf"\S{{{LONG_RUN},}}")
# A line break and the whitespace after it.
BREAK_TO_TEXT_RE = re.compile(r"\n\s*")
# The lexical attributes jdlint reads: LOWER (word lists match on it), IS_SPACE and IS_PUNCT (sentence starts).
LEXICAL_ATTRS = ("LOWER", "IS_SPACE", "IS_PUNCT")
# The spare lexical flag (spaCy's FLAG63) that marks sentence punctuation (see SentenceStarts).
SENTENCE_MARK = 63
# Pieces whose affix searches the tokenizer remembers (a few MB; the first pieces seen are kept).
REMEMBERED = 50_000
# Pieces whose tokens spaCy's tokenizer caches (its default, 10,000, is full after ~200 postings;
# an entry is a few dozen bytes). The tokens of a piece do not change, so the cache is exact.
CACHED = 100_000


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The shared blank English pipeline (built once per process)."""
    from spacy.language import Language
    from spacy.pipeline import Sentencizer

    if not Language.has_factory("jdlint_sentences"):
        marks = frozenset(Sentencizer.default_punct_chars)

        @Language.factory("jdlint_sentences")
        def make_sentences(nlp: Language, name: str) -> SentenceStarts:
            # A lexical flag for "is a sentence mark" (a word's own text decides it): read with the
            # other token attributes in one array, instead of looking up each token's hash.
            nlp.vocab.add_flag(marks.__contains__, flag_id=SENTENCE_MARK)
            return SentenceStarts()

    nlp = _blank_english()
    # spaCy's 1,000,000-character guard is for the parser and NER, which this pipeline does not have;
    # the tokenizer is linear. jdlint.inputs bounds the size of a file instead.
    nlp.max_length = MAX_CHARS
    nlp.add_pipe("jdlint_sentences")
    return nlp


def pipeline_loaded() -> bool:
    """Whether this process has built :func:`pipeline` yet (a warm server has)."""
    return pipeline.cache_info().currsize > 0


def _blank_english() -> Language:
    """``spacy.blank("en")`` with changes that give the same tokens faster.

    * Without the tokenizer's special cases for a lone space, tab or line break. They give the
      token the tokenizer would make anyway (whitespace is never split), but spaCy stops caching
      a text's pieces once a special case has been used in it (see its tokenizer's
      ``_save_cached``), and nearly every posting has a line break early on.
    * The tokenizer remembers the answers of its prefix, suffix and infix searches and of its URL
      match (see :func:`_tokenizer`). spaCy's own cache still stops at the first real special
      case of a posting ("e.g.", "and/or"), after which every piece is split again: each of these
      is a pure function of the piece, so a remembered answer is the same answer.
    * A new word's lexical attributes are worked out only for those jdlint reads
      (:data:`LEXICAL_ATTRS`): spaCy computes 23 with Python functions for every word it has not
      seen before (its shape, norm, prefix, suffix, "like a number", ...), about 30 a posting.
      Other attributes of jdlint's tokens are left unset.
    * Set-up: the English class is built directly, not from its config (resolving and validating
      the config cost more than building the class), and the three affix patterns come from
      compiled programs cached on disk (:func:`jdlint.diskcache.compile_patterns`): compiling
      them with Python's regex compiler costs ~20 ms of every start.

    ``tests/test_nlp.py`` compares the tokens and those attributes with ``spacy.blank("en")``'s.
    """
    from spacy.attrs import IDS, ORTH
    from spacy.lang.en import English
    from spacy.tokenizer import Tokenizer

    from jdlint.diskcache import compile_patterns

    defaults = English.Defaults
    kept = {
        text: tokens
        for text, tokens in defaults.tokenizer_exceptions.items()
        if not (text.isspace() and tokens == [{ORTH: text}])
    }
    prefixes, suffixes, infixes = compile_patterns(affix_patterns(defaults))

    def create_tokenizer(nlp: Language) -> Any:
        # spaCy's tokenizer factory, without special cases (see _tokenizer for why they come last).
        plain = Tokenizer(
            nlp.vocab,
            prefix_search=prefixes.search,
            suffix_search=suffixes.search,
            infix_finditer=infixes.finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )
        return _tokenizer(plain, kept)

    nlp = English(create_tokenizer=create_tokenizer)
    getters: dict[int, Any] = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]
    wanted = {IDS[name] for name in LEXICAL_ATTRS}
    for attr in [a for a in getters if a not in wanted]:
        del getters[attr]
    return nlp


def affix_patterns(defaults: Any) -> list[str]:
    """The prefix, suffix and infix patterns of a spaCy language's ``Defaults``.

    The same expressions as spaCy's ``spacy.util.compile_prefix_regex``, ``compile_suffix_regex``
    and ``compile_infix_regex`` build; ``tests/test_nlp.py`` checks that they are.
    """
    return [
        "|".join("^" + piece for piece in defaults.prefixes if piece.strip()),
        "|".join(piece + "$" for piece in defaults.suffixes if piece.strip()),
        "|".join(piece for piece in defaults.infixes if piece.strip()),
    ]


def _tokenizer(plain: Any, rules: dict[str, Any]) -> Any:
    """A spaCy tokenizer with ``plain``'s settings and ``rules`` as its special cases, remembering answers.

    spaCy's tokenizer calls ``find_prefix``, ``find_suffix`` and ``find_infix`` through Python
    attribute look-ups, so an instance's own attributes answer instead (a subclass has a
    ``__dict__``): each is a dictionary look-up in C, with no Python frame when the piece has been
    seen before. A new piece holding none of the characters a search needs (see
    :func:`_needed_chars`) is answered without searching: most pieces are plain words.
    """
    from spacy.tokenizer import Tokenizer

    prefixes, suffixes, infixes, urls = _needs(plain)
    remembering: type[Any] = type("JdlintTokenizer", (Tokenizer,), {"__module__": __name__})
    tokenizer = remembering(
        plain.vocab,
        prefix_search=plain.prefix_search,
        suffix_search=plain.suffix_search,
        infix_finditer=plain.infix_finditer,
        token_match=plain.token_match,
        url_match=_Answers(plain.url_match, urls, None).__getitem__ if plain.url_match is not None else None,
        faster_heuristics=plain.faster_heuristics,
        max_cache_size=CACHED,
    )
    # What each finds in a piece where its search finds nothing (Tokenizer.find_prefix and the others).
    tokenizer.find_prefix = _Answers(plain.find_prefix, prefixes, 0).__getitem__
    tokenizer.find_suffix = _Answers(_suffix_finder(plain), suffixes, 0).__getitem__
    tokenizer.find_infix = _Answers(plain.find_infix, infixes, []).__getitem__
    tokenizer.rules = rules  # after the searches: loading a special case asks them
    return tokenizer


def _needs(plain: Any) -> list[frozenset[str] | None]:
    """The characters needed by the prefix, suffix, infix and URL searches of ``plain`` (see :func:`_needed_chars`).

    None for a search that is not a compiled pattern's own method (it is always run). Worked out
    from spaCy's patterns alone, which take ~10 ms to parse, so the answer is kept on disk keyed
    by the patterns.
    """
    from jdlint.diskcache import cached

    patterns = [
        _pattern_of(plain.prefix_search, "search"),
        _pattern_of(plain.suffix_search, "search"),
        _pattern_of(plain.infix_finditer, "finditer"),
        _pattern_of(plain.url_match, "match"),
    ]
    key = repr([(p.pattern, p.flags) if p is not None else None for p in patterns]).encode()
    found = cached("tokenizer-needs", key, lambda: [_needed_chars(p) if p is not None else None for p in patterns])
    return [frozenset(chars) if chars is not None else None for chars in found]


def _pattern_of(method: Any, name: str) -> re.Pattern[str] | None:
    """The compiled pattern whose method ``name`` is ``method``, or None."""
    pattern = getattr(method, "__self__", None)
    return pattern if isinstance(pattern, re.Pattern) and method == getattr(pattern, name) else None


def _suffix_finder(plain: Any) -> Callable[[str], int]:
    r"""``plain.find_suffix``: the length of the suffix its suffix search finds, searching less.

    The suffix pattern is one branch per suffix, each ending in ``$``; the search tries every start
    position and takes the first that matches. A branch that matches at most ``width`` characters
    can only start in the last ``width + 1`` (``$`` also matches before a final line break), so the
    search may start there (``pos``, unlike slicing, still lets look-behinds see earlier
    characters) - unless a branch without a bound, a run of one character (spaCy's ``\.\.+``),
    could start earlier, which needs that character at the first position searched.

    Unless the piece ends in a line break, a match ends with its last character, so when no branch
    can end with that character there is no suffix, and when only a branch that is that character
    alone can (spaCy's ``,`` and ``)``), the suffix is that character (see :func:`_suffix_ends`).
    Without the pattern to check (another language's, a function), every position is tried.
    """
    from jdlint.diskcache import cached

    search = plain.suffix_search
    pattern = _pattern_of(search, "search")
    if pattern is None:
        return plain.find_suffix  # type: ignore[no-any-return]
    key = repr((pattern.pattern, pattern.flags)).encode()
    facts = cached("suffix-facts", key, lambda: (_branch_bounds(pattern), _suffix_ends(pattern)))
    bounds, ends = facts
    if bounds is None:
        return plain.find_suffix  # type: ignore[no-any-return]
    width, runs = bounds
    first = width + 1
    alone, endings = (frozenset(ends[0]), frozenset(ends[1])) if ends is not None else (frozenset(), None)

    def find_suffix(piece: str) -> int:
        last = piece[-1:]
        if endings is not None and last != "\n":
            if last in alone:
                return 1
            if last not in endings:  # also an empty piece: every branch matches a character
                return 0
        near_end = len(piece) > first and piece[-first] not in runs
        match = search(piece, len(piece) - first) if near_end else search(piece)
        return match.end() - match.start() if match is not None else 0

    return find_suffix


def _branch_bounds(pattern: re.Pattern[str]) -> tuple[int, str] | None:
    """The most characters a bounded branch of ``pattern`` matches, and the characters of its unbounded ones.

    Each unbounded branch must be a run of one character (``cc+$``); None when a branch is anything else.
    """
    from re import _constants as sre
    from re import _parser as parser

    try:
        parsed = parser.parse(pattern.pattern, pattern.flags)
    except re.error:  # a pattern re compiled parses; if not, no shortcut
        return None
    items = list(parsed)
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [parsed]
    width, runs = 0, ""
    for branch in branches:
        high = branch.getwidth()[1]
        if high < parser.MAXWIDTH:
            width = max(width, high)
            continue
        body = list(branch)
        if (
            len(body) == 3
            and body[0][0] is sre.LITERAL
            and body[1][0] is sre.MAX_REPEAT
            and body[1][1][:2] == (1, sre.MAXREPEAT)
            and list(body[1][1][2]) == [body[0]]
            and body[2] == (sre.AT, sre.AT_END)
        ):
            runs += chr(body[0][1])
        else:
            return None
    return width, runs


# Sets of characters as sorted, non-overlapping ranges of code points (first, last).
Ranges = list[tuple[int, int]]


def _suffix_ends(pattern: re.Pattern[str]) -> tuple[str, str] | None:
    """Characters a match of ``pattern`` can end with, among them those only a one-character branch ends with.

    Returns (alone, endings): ``endings`` holds every character the last character a branch
    matches can be; ``alone`` those of them no branch ends with but one that is just the character
    itself (``c$``, no look-around), which therefore always matches there. None when a branch does
    not end in ``$`` or its last character is not known (see :func:`_last_chars`).
    """
    from re import _constants as sre
    from re import _parser as parser

    if pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        parsed = parser.parse(pattern.pattern, pattern.flags)
    except re.error:  # a pattern re compiled parses; if not, no shortcut
        return None
    items = list(parsed)
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [parsed]
    lone: set[int] = set()
    others: Ranges = []
    for branch in branches:
        body = list(branch)
        if not body or body[-1] != (sre.AT, sre.AT_END):
            return None
        if len(body) == 2 and body[0][0] is sre.LITERAL:
            lone.add(body[0][1])
            continue
        last = _last_chars(body[:-1])
        if last is None:
            return None
        others += last
    shared = _merged(others)
    alone = [code for code in sorted(lone) if not any(first <= code <= last for first, last in shared)]
    endings = _merged(shared + [(code, code) for code in lone])
    return "".join(map(chr, alone)), _chars(endings)


def _last_chars(items: list[tuple[Any, Any]]) -> Ranges | None:
    """The characters the last character matched by ``items`` can be (None: not known).

    It is matched by the last item that is not a look-around or anchor, which must match at
    least one character.
    """
    from re import _constants as sre

    for op, av in reversed(items):
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        if op in (sre.LITERAL, sre.IN):
            return _item_needs(op, av)
        found = _compound(op, av, _last_chars)
        return None if found is _NOT_COMPOUND else found
    return None


_NOT_COMPOUND = object()


def _compound(op: Any, av: Any, inner: Callable[[list[tuple[Any, Any]]], Ranges | None]) -> Any:
    """For a group, an alternation or a repeat: the ranges ``inner`` finds in its parts, else ``_NOT_COMPOUND``.

    A group with flags of its own, and a repeat that may match nothing, give None (not known); an
    alternation gives the union of its branches' ranges (None if one of them gives None).
    """
    from re import _constants as sre

    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        return None if add_flags or del_flags else inner(list(body))
    if op is sre.BRANCH:
        union: Ranges = []
        for branch in av[1]:
            found = inner(list(branch))
            if found is None:
                return None
            union += found
        return _merged(union)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        least, _most, body = av
        return inner(list(body)) if least >= 1 else None
    return _NOT_COMPOUND


def _needed_chars(pattern: re.Pattern[str]) -> str | None:
    """Characters of which every match of ``pattern`` holds at least one (None: no such set is known).

    A search for ``pattern`` in a text holding none of them finds nothing. Read from the parsed
    pattern: a literal or a character class needs one of its characters; a sequence needs what
    any one of its items needs (the smallest such set with the fewest letters and digits is kept,
    as those make up most words); alternatives need what each of them needs, together; a repeat
    of at least once needs what its body needs, and so does a positive look-ahead or look-behind,
    whose match is also made of characters of the searched text (a search from a position still
    looks behind it within the text). Everything else needs nothing known: negated classes and
    categories, optional parts, negative look-arounds, case-insensitive patterns.
    """
    from re import _parser as parser

    if pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        parsed = parser.parse(pattern.pattern, pattern.flags)
    except re.error:  # a pattern re compiled parses; if not, no shortcut
        return None
    needed = _sequence_needs(list(parsed))
    return _chars(needed) if needed is not None else None


def _sequence_needs(items: list[tuple[Any, Any]]) -> Ranges | None:
    choices = [needed for op, av in items if (needed := _item_needs(op, av)) is not None]
    return min(choices, key=_cost) if choices else None


def _cost(ranges: Ranges) -> tuple[int, int]:
    """Letters and digits of Latin scripts in ``ranges`` (what most pieces are made of), then its size."""
    common = sum(chr(code).isalnum() for first, last in ranges for code in range(first, min(last, 0x24F) + 1))
    return common, sum(last - first + 1 for first, last in ranges)


def _item_needs(op: Any, av: Any) -> Ranges | None:
    from re import _constants as sre

    if op is sre.LITERAL:
        return [(av, av)]
    if op is sre.IN:
        ranges = []
        for kind, value in av:
            if kind is sre.LITERAL:
                ranges.append((value, value))
            elif kind is sre.RANGE:
                ranges.append(value)
            else:  # a negation or a category (\d, \w)
                return None
        return _merged(ranges)
    found = _compound(op, av, _sequence_needs)
    if found is not _NOT_COMPOUND:
        return found  # type: ignore[no-any-return]
    if op is sre.ASSERT:  # positive look-ahead or look-behind
        return _sequence_needs(list(av[1]))
    if op is sre.ATOMIC_GROUP:
        return _sequence_needs(list(av))
    return None


def _chars(ranges: Ranges) -> str:
    return "".join(chr(code) for first, last in ranges for code in range(first, last + 1))


def _merged(ranges: Ranges) -> Ranges:
    merged: Ranges = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


class _Answers(dict[str, Any]):
    """``find``'s answer for each piece, worked out on first sight (up to REMEMBERED pieces are kept).

    A piece holding none of the characters in ``needs`` gets ``nothing`` without a search:
    ``needs`` holds a character of every match of the search (see :func:`_needed_chars`), so in
    such a piece the search finds nothing. Infix answers are lists of matches: spaCy only reads
    them, so one list can be handed out again.
    """

    def __init__(self, find: Callable[[str], Any], needs: frozenset[str] | None, nothing: Any) -> None:
        super().__init__()
        self.find = find
        self.needs = needs
        self.nothing = nothing

    def __missing__(self, piece: str) -> Any:
        needs = self.needs
        answer = self.nothing if needs is not None and needs.isdisjoint(piece) else self.find(piece)
        if len(self) < REMEMBERED:
            self[piece] = answer
        return answer


class SentenceStarts:
    """The pipeline's sentence step: sets sentence starts after each line break, and where spaCy's sentencizer would.

    Every line break in the prose starts a sentence (a block never runs onto the
    next line), and within a line the rule is the sentencizer's (default
    punctuation): a word that follows sentence punctuation, with only
    punctuation between, starts a sentence. One pass over token arrays; the
    same boundaries as ``sentencizer`` after a line-break component, at a
    fraction of its cost (it builds a Python object per token).
    """

    def __call__(self, doc: Doc) -> Doc:
        """The component: set ``doc``'s sentence starts."""
        self.mark(doc, doc.text)
        return doc

    def mark(self, doc: Doc, text: str) -> tuple[list[int], list[int]]:
        """Set the sentence starts of ``doc`` (the tokens of ``text``); return each sentence's first and end offsets.

        The offsets are those of ``doc.sents``' spans (``start_char``, ``end_char``), read from the
        token arrays already at hand instead of a Python object per sentence.
        """
        import numpy
        from spacy.attrs import IDX, IS_PUNCT, LENGTH, SENT_START

        count = len(doc)
        if not count:
            return [], []
        table = doc.to_array([IDX, IS_PUNCT, SENTENCE_MARK, LENGTH])
        ends_sentence = table[:, 2] == 1
        starts = numpy.full(count, -1, dtype=numpy.int64)
        # Sentencizer: a word (neither punctuation nor a sentence mark) starts a sentence
        # when a sentence mark came after the previous word.
        words = numpy.flatnonzero((table[:, 1] == 0) & ~ends_sentence)
        if len(words):
            marks = numpy.cumsum(ends_sentence)[words]
            starts[words[numpy.diff(marks, prepend=0) > 0]] = 1
        starts[0] = 1
        # Line breaks: the first non-space token after each one, which starts at the first
        # non-space character after it. Tokens are split where the text changes between space
        # and not (str.isspace, which is also what \s matches), and no special case joins
        # whitespace to anything, so a token starts at that character and all before it, back to
        # the break, are whitespace. ``\n\s*`` runs to that character, or to the end of the text.
        offsets = table[:, 0].astype(numpy.int64)
        solid = [match.end() for match in BREAK_TO_TEXT_RE.finditer(text)]
        if solid and solid[-1] == len(text):
            solid.pop()
        if solid:
            starts[numpy.searchsorted(offsets, solid)] = 1
        # spaCy's arrays are uint64; -1 (not a start) is stored as its two's complement.
        doc.from_array([SENT_START], starts.view(numpy.uint64).reshape(count, 1))  # type: ignore[arg-type]
        # doc.sents: a sentence runs from one start to the token before the next (the first
        # token always starts one); it ends where its last token's text ends.
        firsts = numpy.flatnonzero(starts == 1)
        lasts = numpy.append(firsts[1:], count) - 1
        return offsets[firsts].tolist(), (offsets[lasts] + table[lasts, 3].astype(numpy.int64)).tolist()


def analyse(documents: Iterable[Document]) -> Iterator[Document]:
    """Add spaCy tokens and sentences to each document.

    What ``nlp.pipe`` would do (the tokenizer, then the sentence step: the pipeline's only
    component), called directly so that the sentence step also hands back the sentences' offsets.
    """
    nlp = pipeline()
    tokenizer = nlp.tokenizer
    sentence_starts: SentenceStarts = nlp.get_pipe("jdlint_sentences")  # type: ignore[assignment]
    for document in documents:
        text = _without_long_runs(document.prose)
        tokens = tokenizer(text)
        firsts, ends = sentence_starts.mark(tokens, text)
        yield replace(document, tokens=tokens, sentences=_sentences(document, firsts, ends))


def _without_long_runs(prose: str) -> str:
    r"""``prose`` with each run of LONG_RUN or more non-space characters turned into spaces.

    ``str.split()`` splits at the characters ``\s`` matches (both are ``str.isspace``), so its
    longest piece is the longest run: most texts have none that long and are returned as they
    are, after one pass in C instead of the regular expression's try at every position.
    """
    if max(map(len, prose.split()), default=0) < LONG_RUN:
        return prose
    return LONG_RUN_RE.sub(_blank, prose)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _sentences(document: Document, firsts: list[int], ends: list[int]) -> tuple[Span, ...]:
    """Sentences inside paragraphs and bullets; headings and fields are not prose.

    ``firsts`` and ``ends`` are the character offsets of spaCy's sentences (``doc.sents``).
    """
    prose_blocks = [b.span for b in document.blocks if b.kind in SENTENCE_KINDS]
    spans: list[Span] = []
    block_index = 0
    prose = document.prose
    for start, end in zip(firsts, ends, strict=True):
        while start < end and prose[start].isspace():
            start += 1
        while end > start and prose[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        while block_index < len(prose_blocks) and prose_blocks[block_index].end <= start:
            block_index += 1
        if block_index < len(prose_blocks) and prose_blocks[block_index].contains(start):
            spans.append(Span(start, min(end, prose_blocks[block_index].end)))
    return tuple(spans)

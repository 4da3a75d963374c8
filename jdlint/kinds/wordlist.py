"""Words and phrases with plainer alternatives (the jargon rule).

The list lives in ``rules/lists/<list>.toml`` as ``[[entry]]`` tables:
``term``, ``plain`` (alternatives, best first), optional ``inflect = "verb"``
(generate regular verb forms of the first word of term and alternatives),
``forms`` (extra surface forms → replacement), ``note`` and ``severity``.
Matching is on whole tokens, case-insensitive, with spaCy's PhraseMatcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from jdlint.errors import JdlintError
from jdlint.kinds.base import Check, article_agrees, is_plain_span, match_case, quote_list
from jdlint.memo import by_identity
from jdlint.model import Applicability, Document, Finding, Fix, Rule, Severity, Span
from jdlint.nlp import pipeline
from jdlint.rules import Param, load_list

# A phrase followed by "of" may be the head of a longer noun phrase the replacement does not fit.
OF_AFTER_RE = re.compile(r"\s+of\b", re.IGNORECASE)

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span as SpacySpan


@dataclass(frozen=True)
class Entry:
    """One surface form to flag, with what to write instead."""

    term: str  # the list entry it came from
    plain: tuple[str, ...]
    note: str
    severity: Severity | None
    safe: bool


def inflect_verb(verb: str, irregular: dict[str, list[str]]) -> tuple[str, str, str]:
    """Third person, past and -ing forms of ``verb`` (regular rules unless listed)."""
    if verb in irregular:
        third, past, ing = irregular[verb]
        return third, past, ing
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb + "s", verb + "d", verb[:-1] + "ing"
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        return verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    if verb.endswith(("s", "x", "z", "ch", "sh")):
        return verb + "es", verb + "ed", verb + "ing"
    return verb + "s", verb + "ed", verb + "ing"


def _inflect_phrase(phrase: str, irregular: dict[str, list[str]]) -> tuple[str, str, str]:
    first, _, rest = phrase.partition(" ")
    forms = inflect_verb(first, irregular)
    return tuple(f"{form} {rest}".strip() for form in forms)  # type: ignore[return-value]


def expand_entries(data: dict[str, Any], irregular: dict[str, list[str]], where: str) -> dict[str, Entry]:
    """Every surface form in a word list, lower-cased, mapped to its entry."""
    forms: dict[str, Entry] = {}
    for raw in data.get("entry", []):
        unknown = set(raw) - {"term", "plain", "inflect", "forms", "note", "severity", "safe"}
        if unknown or "term" not in raw:
            raise JdlintError(f"{where}: entry {raw.get('term', '?')!r}: unknown or missing keys")
        term = raw["term"].lower()
        plain = tuple(raw.get("plain", []))
        severity = Severity.parse(raw["severity"]) if "severity" in raw else None
        note, safe = raw.get("note", ""), bool(raw.get("safe", False))

        def make(
            alternatives: tuple[str, ...],
            term: str = term,
            note: str = note,
            severity: Severity | None = severity,
            safe: bool = safe,
        ) -> Entry:
            return Entry(term, alternatives, note, severity, safe)

        forms[term] = make(plain)
        if raw.get("inflect") == "verb":
            inflected_plain = [_inflect_phrase(p, irregular) for p in plain]
            for i, form in enumerate(_inflect_phrase(term, irregular)):
                forms.setdefault(form, make(tuple(p[i] for p in inflected_plain)))
        elif "inflect" in raw:
            raise JdlintError(f'{where}: entry {term!r}: inflect must be "verb"')
        for form, replacement in raw.get("forms", {}).items():
            forms[form.lower()] = make((replacement,) if replacement else ())
    return forms


@lru_cache(maxsize=8)
def phrase_matcher(forms: tuple[str, ...]) -> PhraseMatcher:
    """A matcher for ``forms`` (each its own label), built once per process for the same forms.

    Keyed by the forms themselves, so a long-lived process (``jdlint server``)
    rebuilds it only when the list's content changes.
    """
    return _build_matcher(forms, forms)


def _build_matcher(forms: tuple[str, ...], keys: tuple[str, ...]) -> PhraseMatcher:
    """A matcher with each of ``forms`` under the label of the same place in ``keys``."""
    from spacy.about import __version__ as spacy_version
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    from jdlint.diskcache import cached

    nlp = pipeline()
    # How the tokenizer splits each form, stored on disk by the forms and spaCy's version:
    # a Doc made from known words costs about half of tokenizing 700 phrases on every start.
    source = "\0".join([spacy_version, *forms]).encode()
    splits = cached("wordlist-tokens", source, lambda: [_split(nlp.make_doc(form)) for form in forms])
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for key, (words, spaces) in zip(keys, splits, strict=True):
        matcher.add(key, [Doc(nlp.vocab, words=words, spaces=spaces)])
    return matcher


# One PhraseMatcher pass per document serves every word list in use (five rules by default):
# each pass walks all the document's tokens, whatever the list, so five passes cost five times one.
# Lists register here as their rules are made (bounded: later ones keep their own matcher).
MAX_SHARED_LISTS = 32
_shared_lists: dict[tuple[str, ...], int] = {}  # a list's forms and its number in the shared matcher
# The shared matcher: (how many lists it was built for, matcher, match id -> (list, form)), read and
# replaced whole (safe to share between threads).
_shared: tuple[int, PhraseMatcher, dict[int, tuple[int, str]]] | None = None


def _share(forms: tuple[str, ...]) -> int | None:
    """Register a list's forms for the shared matcher: its number there, or None (too many lists)."""
    if forms not in _shared_lists and len(_shared_lists) < MAX_SHARED_LISTS:
        _shared_lists[forms] = len(_shared_lists)
    return _shared_lists.get(forms)


def _shared_matcher() -> tuple[int, PhraseMatcher, dict[int, tuple[int, str]]]:
    """The matcher for every registered list, each form labelled with its list's number; rebuilt when one joins."""
    global _shared
    current = _shared
    if current is None or current[0] != len(_shared_lists):
        lists = list(_shared_lists)
        owners = [(number, form) for number, listed in enumerate(lists) for form in listed]
        keys = tuple(f"{number}\x1f{form}" for number, form in owners)
        matcher = _build_matcher(tuple(form for _, form in owners), keys)
        strings = pipeline().vocab.strings
        current = _shared = (
            len(lists),
            matcher,
            {strings[key]: owner for key, owner in zip(keys, owners, strict=True)},
        )
    return current


@by_identity(size=2)
def _shared_matches(tokens: SpacyDoc, built: int) -> dict[int, list[tuple[int, int, str]]]:
    """Each registered list's matches in ``tokens`` (start, end, form), in the matcher's order."""
    _, matcher, labels = _shared_matcher()
    found: dict[int, list[tuple[int, int, str]]] = {}
    for match_id, start, end in matcher(tokens):
        number, form = labels[match_id]
        found.setdefault(number, []).append((start, end, form))
    return found


def _split(doc: SpacyDoc) -> tuple[list[str], list[bool]]:
    return [token.text for token in doc], [bool(token.whitespace_) for token in doc]


class WordList(Check):
    """Flag listed words and phrases; suggest the plainer alternatives."""

    PARAMS: ClassVar[dict[str, Param]] = {
        "list": Param(str, ""),
        "rephrase": Param(str, "Rephrase without '{match}'."),
        "allow": Param(list, []),  # terms a project accepts (configuration: allow-terms)
    }
    FIELDS = frozenset({"match", "plain", "advice", "note"})
    FIX_POLICY = (
        "Safe when the word list marks the entry safe (one plain replacement that keeps the meaning in any "
        "sentence, e.g. 'in order to' -> 'to', 'utilize' -> 'use'). Unsafe when the entry has one replacement "
        "whose fit depends on context (idioms, words with several senses), when 'a'/'an' before the word "
        "would no longer fit, or when 'of' follows (the words may head a longer phrase). Display-only when "
        "there are several alternatives or none (rephrase), or when markup or a line break splits the words."
    )

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        directory: Path = self.params["_directory"]
        data = load_list(directory, self.params["list"])
        irregular = load_list(directory, "english-verbs").get("irregular", {})
        self.entries = expand_entries(data, irregular, f"{directory}/lists/{self.params['list']}.toml")
        allowed = {str(term).lower() for term in self.params["allow"]}
        # An allowed term also allows its generated forms ("leverage" allows "leveraging").
        self.entries = {
            form: entry for form, entry in self.entries.items() if form not in allowed and entry.term not in allowed
        }
        forms = tuple(self.entries)
        self._forms = forms
        self._shared_number = _share(forms)
        self._own: PhraseMatcher | None = None  # this list alone: built only when needed (see _spans)
        # Load spaCy now, while the rules are built: start-up pauses the garbage collector until
        # then (see jdlint.startup), and the pipeline's many objects would otherwise be walked by it.
        pipeline()

    def _spans(self, document: Document) -> list[SpacySpan]:
        """The listed forms in ``document.tokens``, as this list's own PhraseMatcher gives them (as spans)."""
        from spacy import tokens as spacy_tokens

        tokens = document.tokens
        assert tokens is not None
        if self._shared_number is not None:
            built, _, _ = _shared_matcher()
            if self._shared_number < built:
                found = _shared_matches(tokens, built).get(self._shared_number, [])
                # A matcher gives its matches by start, then end (it walks the tokens from each
                # start, growing the end); only several forms of one list at the same place come
                # in an order of its own (its hash table's). None here: the shared matcher's
                # matches of this list are then this list's own, in the same order.
                if all(a[:2] != b[:2] for a, b in pairwise(found)):
                    return [spacy_tokens.Span(tokens, start, end, label=form) for start, end, form in found]
        if self._own is None:
            self._own = phrase_matcher(self._forms)
        own: list[SpacySpan] = self._own(tokens, as_spans=True)
        return own

    def check(self, document: Document) -> Iterator[Finding]:
        """Yield this rule's findings for ``document``."""
        from spacy.util import filter_spans

        if document.tokens is None:
            return
        spans = filter_spans(self._spans(document))
        for span in spans:
            written = span.text
            entry = self.entries[span.label_]
            location = Span(span.start_char, span.end_char)
            plain = [match_case(p, written) for p in entry.plain]
            advice = f"Write {quote_list(plain)} instead." if plain else self.params["rephrase"].format(match=written)
            if entry.note:
                advice = f"{advice} {entry.note}"
            fix = None
            if len(plain) == 1 and is_plain_span(document, location):
                # Safe only if the list vouches for the swap and this sentence keeps its grammar.
                safe = (
                    entry.safe
                    and article_agrees(document, location, plain[0])
                    and not OF_AFTER_RE.match(document.prose, location.end)  # "on a part-time basis of 30 hours"
                )
                fix = Fix(location, plain[0], Applicability.SAFE if safe else Applicability.UNSAFE)
            fields = {"plain": quote_list(plain), "advice": advice, "note": entry.note}
            yield self.finding(document, location, fields, fix=fix, severity=entry.severity)

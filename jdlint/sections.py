"""Which canonical sections a job description has, by heading and by content.

The keys, their heading synonyms and their content cues are data in
``rules/lists/sections.toml``. A heading names a key when one of the key's
synonyms appears in it as whole words (keys are tried in the file's
``match_order``, so "Preferred qualifications" is preferred, not required).
A heading can name more than one key ("Pay and benefits"). Where a posting
has no heading for a key, content finds it:

* cues, regular expressions over blocks (a pay figure, an equal-opportunity
  sentence), vetoed by the key's ``not_cues``, and optionally ignored under
  headings of other keys (``cue_skip``);
* for keys with ``verb_list_min``, a section with that many blocks that start
  with a duty verb ("Plans", "Maintain", "Supporting"): a duties list with no
  heading, or under "Job description" or "Key objectives".

Cues may use two placeholders: ``{verb}`` (any form of a ``duty_verbs`` word)
and ``{employer}`` (the name given in a field such as "Employer: ..."; a cue
that uses it is skipped when the posting names no employer).

Searching every cue in every sentence was most of the cost, so a cue is searched
only in the sentences that hold its needles: words every match of it contains (see
jdlint.needles). This is exact: a sentence without them cannot match.
An ``{employer}`` cue is matched by its two halves around the name, each compiled
once, instead of being compiled for every posting with the name in it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jdlint import needles as needles_module
from jdlint.diskcache import cached, compile_patterns
from jdlint.errors import JdlintError
from jdlint.memo import by_identity
from jdlint.model import BlockKind, Document, Section
from jdlint.needles import TOKEN, Needles, has_folding, needles
from jdlint.rules import builtin_rules_dir, load_list

MAX_HEADING_WORDS = 10
EMPLOYER = "{employer}"
VERB = "{verb}"
# The fields of Document.metadata["jobposting"] a key may name (see jdlint.formats.html); "" for none.
JOBPOSTING_FIELDS = frozenset({"", "title", "base_salary", "locations", "description"})
# Where one sentence ends and the next begins, inside a block (a rough cut is enough for cues).
CUE_MEMO_SIZE = 5_000  # sentences remembered per key, then forgotten all at once (bounds a long run's memory)
# The break is the run of spaces (group 1) after the full stop: written as r"(?<=[.!?])\s+(?=...)" it
# finds the same runs (a run that ends a match is never followed by a stop that starts the next),
# but a pattern that starts with a class lets the engine skip straight to the stops.
SENTENCE_BREAK = re.compile(r"[.!?](\s+)(?=[\"“‘(]?[A-Z0-9])")

NAME_STAND_IN = "employername"  # see _needs_name
GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")  # "(?i)": a flag for the whole pattern
LOOKS_AHEAD = re.compile(r"\\[bBZ]|\$|\(\?[=!]")  # what can see the characters after a match
# Bytes as _token_lines maps them: TOKEN's characters and the line break kept, every other one a space.
TOKEN_BYTES = bytes(c if chr(c) == "\n" or TOKEN.fullmatch(chr(c)) else ord(" ") for c in range(256))


@dataclass(frozen=True)
class SectionKey:
    """A canonical section: how to recognise it and what to tell a writer who left it out."""

    key: str
    title: str
    headings: tuple[str, ...]
    cues: tuple[re.Pattern[str], ...]
    cue_kinds: frozenset[BlockKind]
    min_cue_words: int
    advice: str
    not_cues: tuple[re.Pattern[str], ...] = ()
    employer_cues: tuple[str, ...] = ()  # cue sources with {employer}, compiled per document
    cue_skip: frozenset[str] = frozenset()  # keys whose sections the cues ignore
    verb_list_min: int = 0  # 0: no duties-list detection for this key
    verb_list_skip: frozenset[str] = frozenset()
    field_labels: bool = False  # a "Location: Leeds" field shows the key, unless not_cues veto the value
    duty_verbs: frozenset[str] = frozenset()  # every form of every duty verb, lower case
    list_verbs: frozenset[str] = frozenset()  # the forms that open a duties-list item
    employer_fields: frozenset[str] = frozenset()  # normalised field labels naming the employer
    jobposting: str = ""  # a key of Document.metadata["jobposting"] (JSON-LD) that shows this section
    cue_needles: tuple[Needles | None, ...] = ()  # each cue's (see jdlint.needles); None: search every block
    employer_needs_name: bool = False  # every {employer} cue's match contains the name
    # Each {employer} cue cut at the name: (what must end where the name starts, what must start where it ends).
    employer_cut: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()


@dataclass(frozen=True)
class DetectedSection:
    """A canonical section found in a document (``heading`` None: found by content)."""

    key: str
    heading: str | None
    block: int  # the heading block, or the first block the content cue matched
    words: int
    empty: bool


def normalise_heading(text: str) -> str:
    """Lower case, plain apostrophes, '&' as 'and', no punctuation."""
    text = text.lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"[^\w' ]+", " ", text)
    return " ".join(text.split())


def _verb_forms(verbs: list[str], ing: bool = True) -> frozenset[str]:
    """Return base, third-person and (``ing``) -ing forms: a duty reads "Plan", "Plans" or "Planning"."""
    forms: set[str] = set()
    for verb in verbs:
        verb = verb.lower()
        forms.add(verb)
        if verb.endswith("y") and verb[-2:-1] not in "aeiou":
            forms.add(verb[:-1] + "ies")
        elif verb.endswith(("s", "sh", "ch", "x", "z", "o")):
            forms.add(verb + "es")
        else:
            forms.add(verb + "s")
        if not ing:
            continue
        if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
            forms.add(verb[:-1] + "ing")
        else:
            forms.add(verb + "ing")
    return frozenset(forms)


def _compile(sources: list[str], verbs: frozenset[str], where: str, stored: bool = True) -> tuple[re.Pattern[str], ...]:
    """Compile cue sources, expanding ``{verb}``; a bad pattern is a data error."""
    # Longest first, then alphabetical: the same pattern text in every process (a frozenset's
    # order changes with the hash seed), so the compiled program can be cached on disk.
    # Built only when a source uses it: per-posting employer cues do not, and sorting the verbs cost
    # more than compiling those cues.
    alternation = ""
    if any(VERB in s for s in sources):
        alternation = "(?:" + "|".join(sorted(map(re.escape, verbs), key=lambda v: (-len(v), v))) + ")"
    try:
        expanded = [s.replace(VERB, alternation) for s in sources]
        # The data's cues are stored compiled on disk; per-posting ones (employer names) are not.
        if stored:
            return tuple(compile_patterns(expanded, re.IGNORECASE))
        return tuple(re.compile(s, re.IGNORECASE) for s in expanded)
    except re.error as error:
        raise JdlintError(f"{where}: bad cue: {error}") from None


def section_keys(directory: Path | None = None) -> tuple[SectionKey, ...]:
    """Return the canonical keys from ``lists/sections.toml``, in matching order."""
    # One tuple per folder, whichever way it is asked for: detection is cached by its identity.
    return _section_keys(directory or builtin_rules_dir())


@lru_cache(maxsize=4)
def _section_keys(directory: Path) -> tuple[SectionKey, ...]:
    data = load_list(directory, "sections")
    order = data.get("match_order", [])
    keys: dict[str, Any] = data.get("keys", {})
    where = f"{directory}/lists/sections.toml"
    if sorted(order) != sorted(keys):
        raise JdlintError(f"{where}: match_order must list every key once")
    verbs = _verb_forms(data.get("duty_verbs", []))
    employer_fields = frozenset(normalise_heading(f) for f in data.get("employer_fields", []))
    result = []
    for name in order:
        raw = keys[name]
        sources = raw.get("cues", [])
        plain = [c for c in sources if EMPLOYER not in c]
        with_employer = [c for c in sources if EMPLOYER in c]
        cues = _compile(plain, verbs, f"{where}: {name}")
        # Check the employer cues compile now, with a stand-in name, so bad data fails early.
        _compile([c.replace(EMPLOYER, "x") for c in with_employer], verbs, f"{where}: {name}", stored=False)
        if raw.get("jobposting", "") not in JOBPOSTING_FIELDS:
            raise JdlintError(f"{where}: {name}: jobposting must be one of {', '.join(sorted(JOBPOSTING_FIELDS))}")
        for skipped in (*raw.get("cue_skip", []), *raw.get("verb_list_skip", [])):
            if skipped not in keys:
                raise JdlintError(f"{where}: {name}: unknown key {skipped!r}")
        result.append(
            SectionKey(
                key=name,
                title=raw["title"],
                headings=tuple(normalise_heading(h) for h in raw["headings"]),
                cues=cues,
                cue_kinds=frozenset(BlockKind(k) for k in raw.get("cue_blocks", ["paragraph", "bullet", "field"])),
                min_cue_words=int(raw.get("min_cue_words", 0)),
                advice=raw["advice"],
                not_cues=_compile(raw.get("not_cues", []), verbs, f"{where}: {name}"),
                employer_cues=tuple(with_employer),
                cue_skip=frozenset(raw.get("cue_skip", [])),
                verb_list_min=int(raw.get("verb_list_min", 0)),
                verb_list_skip=frozenset(raw.get("verb_list_skip", [])),
                field_labels=bool(raw.get("field_labels", False)),
                duty_verbs=verbs,
                # "Training and development" is a benefit, not a duty: -ing forms open lists of nouns.
                list_verbs=_verb_forms(data.get("duty_verbs", []), ing=False),
                employer_fields=employer_fields,
                jobposting=str(raw.get("jobposting", "")),
                cue_needles=_cue_needles([(c.pattern, int(c.flags)) for c in cues]),
                employer_needs_name=_needs_name(with_employer),
                employer_cut=_cut_at_name(with_employer, verbs, f"{where}: {name}"),
            )
        )
    return tuple(result)


def _cue_needles(sources: list[tuple[str, int]]) -> tuple[Needles | None, ...]:
    """The needles of each (pattern, flags) (see jdlint.needles)."""
    # Reading the patterns costs about as much as compiling them: stored on disk like the programs,
    # keyed also by the code that derives them (jdlint's version alone does not change with it).
    source = repr(sources).encode() + Path(needles_module.__file__).read_bytes()
    return tuple(cached("needles", source, lambda: [needles(p, f) for p, f in sources]))


def _needs_name(sources: list[str]) -> bool:
    """Whether every match of each ``{employer}`` cue contains the employer's name.

    Checked with a stand-in name in the group the real names fill: when every needle of the
    cue contains it, the group is on every match's path, whatever names fill it.
    """
    found = _cue_needles([(c.replace(EMPLOYER, f"(?:{NAME_STAND_IN})"), int(re.IGNORECASE)) for c in sources])
    return all(
        f is not None and all(NAME_STAND_IN in words for words in f[0]) and all(NAME_STAND_IN in p for p in f[1])
        for f in found
    )


def _cut_at_name(
    sources: list[str], verbs: frozenset[str], where: str
) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    r"""Each ``{employer}`` cue "P{employer}S" as P (anchored to end where searched) and S; () if one will not cut.

    The cue matches a sentence exactly where, for some place the name is, P matches up to the
    name and S matches from its end: a posting's own cue need not be compiled (it costs more
    than the rest of detection). Cut only where the name is outside every group and alternation,
    no flag applies to the whole pattern, and P does not look past its own end (no lookahead,
    "\b", "$"), so each part reads on its own as it does in the cue.
    """
    result: list[tuple[re.Pattern[str], re.Pattern[str]]] = []
    for source in sources:
        if GLOBAL_FLAGS.search(source) or source.count(EMPLOYER) != 1 or not _at_top_level(source, EMPLOYER):
            return ()
        before, after = source.split(EMPLOYER)
        if LOOKS_AHEAD.search(before):
            return ()
        try:
            prefix, suffix = _compile([f"(?:{before})\\Z", after], verbs, where)
        except JdlintError:  # S refers to a group of P
            return ()
        result.append((prefix, suffix))
    return tuple(result)


def _at_top_level(source: str, marker: str) -> bool:
    """Whether ``marker`` is in ``source`` outside every group and character set, with no top-level "|"."""
    depth = 0
    in_set = False
    found = False
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
            index += 1
            if source[index : index + 1] == "^":
                index += 1
            if source[index : index + 1] == "]":  # "[]...]", "[^]...]": a first "]" is a member
                index += 1
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
        elif depth == 0 and not in_set and source.startswith(marker, index):
            found = True
        index += 1
    return found


def heading_keys(heading: str, keys: tuple[SectionKey, ...]) -> list[str]:
    """Return every canonical key a heading names, in matching order ("Pay and benefits": two)."""
    # Memoised per key set: detection asks about each heading several times, and
    # postings reuse a few hundred headings.
    return list(_named(heading, keys, _heading_memo(keys)))


def _named(heading: str, keys: tuple[SectionKey, ...], memo: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """:func:`heading_keys` through the key set's memo, fetched once by a caller that asks many times."""
    named = memo.get(heading)
    if named is None:
        if len(memo) > 20_000:
            memo.clear()
        named = memo[heading] = tuple(_heading_keys(heading, keys))
    return named


@by_identity(size=4)
def _heading_memo(keys: tuple[SectionKey, ...]) -> dict[str, tuple[str, ...]]:
    return {}


def _heading_keys(heading: str, keys: tuple[SectionKey, ...]) -> list[str]:
    norm = normalise_heading(heading)
    # A heading that ends in a full stop is a sentence set as a heading ("3. Provides
    # leadership and equal opportunity responsibility."), not the name of a section.
    if not norm or len(norm.split()) > MAX_HEADING_WORDS or heading.rstrip().endswith("."):
        return []
    # A synonym is in the heading as whole words when it is one of the heading's runs of words
    # (both are single-spaced): look each run up instead of testing every synonym.
    words = norm.split(" ")
    synonyms = _synonyms(keys)
    named: set[int] = set()
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            named |= synonyms.get(" ".join(words[start:end]), frozenset())
    return [key.key for index, key in enumerate(keys) if index in named]


@by_identity(size=4)
def _synonyms(keys: tuple[SectionKey, ...]) -> dict[str, frozenset[int]]:
    """Each heading synonym and the positions in ``keys`` of the keys that have it."""
    result: dict[str, set[int]] = {}
    for index, key in enumerate(keys):
        for synonym in key.headings:
            result.setdefault(synonym, set()).add(index)
    return {synonym: frozenset(indexes) for synonym, indexes in result.items()}


def heading_key(heading: str, keys: tuple[SectionKey, ...]) -> str | None:
    """Return the canonical key a heading names, if any (the first in matching order)."""
    named = heading_keys(heading, keys)
    return named[0] if named else None


def has_content(document: Document, sections: tuple[Section, ...], index: int) -> bool:
    """Tell whether a section has content: blocks, or deeper sub-headings that have some."""
    section = sections[index]
    if section.blocks:
        return True
    if section.heading is None:
        return False
    level = document.blocks[section.heading].level
    for later in sections[index + 1 :]:
        if later.heading is None or document.blocks[later.heading].level <= level:
            return False
        if later.blocks:
            return True
    return False


def detect(document: Document, keys: tuple[SectionKey, ...] | None = None) -> list[DetectedSection]:
    """Return every canonical section found in ``document``, in document order."""
    return list(_detect(document, keys or section_keys()))


@by_identity()
def _detect(document: Document, keys: tuple[SectionKey, ...]) -> tuple[DetectedSection, ...]:
    """Cached detection: the missing-section rule and the report both ask for the same document."""
    found: dict[str, DetectedSection] = {}
    headings = _section_names(document, keys)
    section_of = _section_keys_by_block(document, headings)
    sentences = _block_sentences(document)
    for index, (section, names) in enumerate(zip(document.sections, headings, strict=True)):
        if not names:
            continue
        heading = document.heading_text(section)
        words = sum(sentences[b][0] for b in section.blocks)
        empty = not has_content(document, document.sections, index)
        for name in names:
            detected = DetectedSection(name, heading, section.heading or 0, words, empty)
            previous = found.get(name)
            if previous is None or (previous.empty and not detected.empty):
                found[name] = detected
    employers = _employer_names(document, keys)
    for key in keys:
        if key.key in found and not found[key.key].empty:
            continue
        # No heading for this key, or only an empty one: look for its content anywhere.
        block = _labelled_field(document, key, keys)
        if block is None:
            block = _content_cue(document, key, keys, section_of, employers)
        if block is None:
            block = _duties_list(document, key, section_of, sentences)
        if block is None and _in_jobposting(document, key):
            # The page's JSON-LD gives it (pay, place) though its text does not: no block to point at.
            found[key.key] = DetectedSection(key.key, None, 0, 0, False)
            continue
        if block is not None:
            found[key.key] = DetectedSection(key.key, None, block, word_count(document.block_text(block)), False)
    return tuple(sorted(found.values(), key=lambda d: document.blocks[d.block].span.start))


def _in_jobposting(document: Document, key: SectionKey) -> bool:
    """Whether the page's JSON-LD JobPosting gives this key's field (see ``jobposting`` in sections.toml)."""
    posting = document.metadata.get("jobposting")
    return bool(key.jobposting and document.blocks and isinstance(posting, dict) and posting.get(key.jobposting))


def _section_names(document: Document, keys: tuple[SectionKey, ...]) -> list[tuple[str, ...]]:
    """The keys each section's heading names, in matching order (none for the preamble)."""
    memo = _heading_memo(keys)
    result = []
    for section in document.sections:
        heading = document.heading_text(section)
        result.append(() if heading is None else _named(heading, keys, memo))
    return result


def _section_keys_by_block(document: Document, headings: list[tuple[str, ...]]) -> dict[int, frozenset[str]]:
    """Map each content block to the keys its section's heading names (empty under no known heading)."""
    result: dict[int, frozenset[str]] = {}
    for section, names in zip(document.sections, headings, strict=True):
        named = frozenset(names)
        for block in section.blocks:
            result[block] = named
    return result


def _field_value(document: Document, index: int) -> str:
    """Return the prose after a field's label ("Location: Leeds" gives "Leeds")."""
    block = document.blocks[index]
    start = block.label.end if block.label is not None else block.span.start
    return " ".join(document.prose[start : block.span.end].split()).lstrip(" :").strip()


def _labelled_field(document: Document, key: SectionKey, keys: tuple[SectionKey, ...]) -> int | None:
    """Find the first field whose label names ``key`` and has a value (keys with ``field_labels``)."""
    if not key.field_labels:
        return None
    for index, block in enumerate(document.blocks):
        if block.kind is not BlockKind.FIELD or block.label is None:
            continue
        if key.key not in heading_keys(document.words(block.label), keys):
            continue
        value = _field_value(document, index)
        if re.search(r"[^\W\d_]", value) and not any(v.search(value) for v in key.not_cues):
            return index
    return None


@lru_cache(maxsize=4096)
def _normalised_label(label: str) -> str:
    """:func:`normalise_heading` of a field label, remembered: postings reuse a few hundred labels."""
    return normalise_heading(label)


def _employer_names(document: Document, keys: tuple[SectionKey, ...]) -> list[str]:
    """Return the employer's names from fields such as "Employer: ..." or "Company: ..."."""
    fields = keys[0].employer_fields if keys else frozenset()
    names = []
    for index, block in enumerate(document.blocks):
        if block.kind is not BlockKind.FIELD or block.label is None:
            continue
        if _normalised_label(document.words(block.label)) not in fields:
            continue
        value = _field_value(document, index)
        # "McLennan County (TX)": the bracketed note is not part of the name prose uses.
        value = re.sub(r"\s*\([^)]*\)\s*$", "", value)
        if len(value) >= 3:
            names.append(value)
    return names


def _content_cue(
    document: Document,
    key: SectionKey,
    keys: tuple[SectionKey, ...],
    section_of: dict[int, frozenset[str]],
    employers: list[str],
) -> int | None:
    """Find the first block with a sentence that matches a content cue of the key and none of its vetoes."""
    if not key.cues and not (employers and key.employer_cues):
        return None
    words = _words(document, keys)
    # Which sentences each cue can match, by its needles: a sentence without any is not searched.
    arranged = _key_needles(key)
    # With a cue searched in every sentence, every sentence is a candidate whatever the parts say:
    # they only choose which other cues to try, so they are looked for in the sentences the search
    # reaches (pay is usually found in the first few) instead of in the whole posting.
    lazy = bool(arranged.always) and words.prefilter
    masks = words.cue_sentences(arranged, with_parts=not lazy)
    # The employer's names, when they are needles of the key's {employer} cues (None: no prefilter).
    employer_needles = _employer_needles(employers, key) if words.prefilter else None
    named = 0
    if employers and key.employer_cues:
        named = words.everywhere
        if employer_needles is not None:
            named = 0
            for name in employer_needles[1]:
                named |= words.sentences_with(name.encode())
    candidates = named
    for mask in masks:
        candidates |= mask
    if not candidates:
        return None
    live = [
        (cue, mask, parts if lazy else ())
        for cue, mask, parts in zip(key.cues, masks, arranged.cue_parts, strict=True)
        if mask or (lazy and parts)
    ]
    lines = words.lines
    extra: list[re.Pattern[str]] | None = None  # this posting's own cues (its employer's name), compiled when needed
    # Whether a sentence matches the key's data cues, remembered across postings: scraped
    # postings repeat whole sentences (an employer's boilerplate), and this search is costly.
    seen = _cue_memo(key.cues)
    if len(seen) > CUE_MEMO_SIZE:
        seen.clear()
    blocks = _block_sentences(document)
    sentences = words.sentences
    block_of = words.block_of
    checked = -1  # the last block whose kind and section were checked
    while candidates:
        lowest = candidates & -candidates
        candidates ^= lowest
        number = lowest.bit_length() - 1  # the sentence's number in the document
        index = block_of[number]
        if index != checked:
            checked = index
            block = document.blocks[index]
            usable = not (
                block.kind not in key.cue_kinds
                or section_of.get(index, frozenset()) & key.cue_skip
                or (key.min_cue_words and blocks[index][0] < key.min_cue_words)
            )
        if not usable:
            continue
        # Cues and vetoes are matched per sentence: "We are a small lab. X is an equal
        # opportunity employer." still describes the company in its first sentence.
        sentence = sentences[number]
        hit = seen.get(sentence)
        if hit is None:
            # The cues not tried here cannot match this sentence (it lacks their needles): the
            # answer is the same as for all the key's cues, so it may be remembered as such.
            hit = seen[sentence] = any(
                cue.search(sentence)
                for cue, mask, parts in live
                if mask >> number & 1 or (parts and any(part in lines[number] for part in parts))
            )
        if not hit and named >> number & 1:
            hit = _employer_match(key, sentence, employer_needles)
            if hit is None:
                if extra is None:
                    extra = _employer_cues(key, employers)
                hit = any(cue.search(sentence) for cue in extra)
        if hit and not any(v.search(sentence) for v in key.not_cues):
            return index
    return None


def _employer_cues(key: SectionKey, employers: list[str]) -> list[re.Pattern[str]]:
    """The key's ``{employer}`` cues for this posting's employer names."""
    names = "(?:" + "|".join(re.escape(name) for name in employers) + ")"
    employer_cues = [c.replace(EMPLOYER, names) for c in key.employer_cues]
    return list(_compile(employer_cues, key.duty_verbs, key.key, stored=False))


def _employer_needles(employers: list[str], key: SectionKey) -> Needles | None:
    """The employer names as needles of the key's ``{employer}`` cues, or None (no prefilter) when they are not.

    A name is such a needle when every match of every such cue contains it, and it is plain ASCII.
    """
    if not employers or not key.employer_needs_name or not all(name.isascii() for name in employers):
        return None
    return (), tuple(name.lower() for name in employers)


@dataclass(frozen=True)
class _KeyNeedles:
    """The needles of all a key's cues, filed by word so one pass over a posting's words serves them all."""

    count: int  # how many cues
    # A set's longest word: (its cue, its other words); in ASCII bytes, as the word index has them.
    by_word: dict[bytes, tuple[tuple[int, tuple[bytes, ...]], ...]]
    parts: tuple[tuple[int, bytes], ...]  # (cue, part), in ASCII bytes as the word index has the text
    always: tuple[int, ...]  # the cues without needles
    cue_parts: tuple[tuple[bytes, ...], ...]  # each cue's parts


@by_identity(size=64)
def _key_needles(key: SectionKey) -> _KeyNeedles:
    by_word: dict[bytes, list[tuple[int, tuple[bytes, ...]]]] = {}
    parts: list[tuple[int, bytes]] = []
    always: list[int] = []
    for cue, found in enumerate(key.cue_needles):
        if found is None:
            always.append(cue)
            continue
        for group in found[0]:
            # Filed under its longest word, likely the rarest: the others are looked up only when it is there.
            first = max(group, key=lambda word: (len(word), word))
            others = tuple(word.encode() for word in group if word != first)
            by_word.setdefault(first.encode(), []).append((cue, others))
        parts += [(cue, part.encode()) for part in found[1]]
    return _KeyNeedles(
        len(key.cue_needles),
        {word: tuple(sets) for word, sets in by_word.items()},
        tuple(parts),
        tuple(always),
        tuple(tuple(part.encode() for part in found[1]) if found else () for found in key.cue_needles),
    )


def _employer_match(key: SectionKey, sentence: str, needles: Needles | None) -> bool | None:
    """Whether an ``{employer}`` cue matches the sentence, by its cut (see _cut_at_name); None: not known.

    The names are found in the lowered sentence, whose positions are the sentence's when lowering
    kept its length; as needles they are plain ASCII in a posting without folding characters
    (see _employer_needles), so there they are exactly where the cue's name group matches.
    """
    if needles is None or not key.employer_cut:
        return None
    lowered = sentence.lower()
    if len(lowered) != len(sentence):
        return None
    for name in needles[1]:
        at = lowered.find(name)
        while at >= 0:
            for before, after in key.employer_cut:
                if after.match(sentence, at + len(name)) and before.search(sentence, 0, at):
                    return True
            at = lowered.find(name, at + 1)
    return False


@by_identity(size=64)
def _cue_memo(cues: tuple[re.Pattern[str], ...]) -> dict[str, bool]:
    return {}


@dataclass(frozen=True)
class _Words:
    """A posting's sentences and their words, to tell which sentences hold a cue's needles (see jdlint.needles).

    Sentences are numbered through the document, in order; a set of them is an int's bits.
    """

    sentences: list[str]  # every block's sentences (see _block_sentences), in document order
    block_of: list[int]  # the block each sentence is in
    everywhere: int  # the mask of every sentence
    prefilter: bool  # False: every cue is searched everywhere (see has_folding)
    text: bytes  # every sentence, one a line, as _ascii_lower gives it
    lines: list[bytes]  # ``text``'s lines
    starts: list[int]  # where each sentence's line starts in ``text``
    where: dict[bytes, int]  # each word (ASCII bytes) and the mask of the sentences it is in

    def cue_sentences(self, needles: _KeyNeedles, with_parts: bool = True) -> list[int]:
        """For each cue of a key, the mask of the sentences with all words of one of its sets, or one of its parts.

        ``with_parts`` False: the masks of the sets only (the caller looks for the parts itself).
        """
        if not self.prefilter:
            return [self.everywhere] * needles.count
        masks = [0] * needles.count
        for cue in needles.always:
            masks[cue] = self.everywhere
        where = self.where
        for first in where.keys() & needles.by_word.keys():  # few: most needles are in no posting
            for cue, others in needles.by_word[first]:
                found = where[first]
                for word in others:
                    found &= where.get(word, 0)
                masks[cue] |= found
        if with_parts:
            for cue, part in needles.parts:
                masks[cue] |= self.sentences_with(part)
        return masks

    def sentences_with(self, part: bytes) -> int:
        """The bit mask of the sentences whose lowered text has ``part`` (lower-case ASCII; see _ascii_lower)."""
        mask = 0
        at = self.text.find(part)
        while at >= 0:
            number = bisect.bisect_right(self.starts, at) - 1
            mask |= 1 << number
            if number + 1 == len(self.starts):
                break
            at = self.text.find(part, self.starts[number + 1])  # on to the next sentence
        return mask


@by_identity()
def _words(document: Document, keys: tuple[SectionKey, ...]) -> _Words:
    # A sentence is its block's text cut at runs of spaces, which are no word's characters: the
    # sentences' words are the block's, each in the sentence a cue would search.
    blocks = _block_sentences(document)
    sentences = [sentence for _, pieces in blocks for sentence in pieces]
    block_of = [index for index, (_, pieces) in enumerate(blocks) for _ in pieces]
    everywhere = (1 << len(sentences)) - 1
    # Checked and lowered as one text: sentences hold no line break (block_text joins words with
    # single spaces), so its lines are the sentences.
    joined = "\n".join(sentences)
    if has_folding(joined):
        return _Words(sentences, block_of, everywhere, False, b"", [], [], {})
    text = _ascii_lower(joined)
    lines = text.split(b"\n")
    starts = []
    at = 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    vocabulary = _vocabulary(keys)  # only the words some cue needs are worth indexing
    where: dict[bytes, int] = {}
    bit = 1
    for words in _token_lines(text):
        for word in vocabulary.intersection(words.split()):
            where[word] = where.get(word, 0) | bit
        bit <<= 1
    return _Words(sentences, block_of, everywhere, True, text, lines, starts, where)


def _ascii_lower(text: str) -> bytes:
    """``text`` in ASCII bytes, ASCII letters lowered and every other character a "?", one byte each.

    For a text without folding characters (see has_folding), this is its lowered text as far as
    lower-case ASCII needles can tell: of the other characters, only ASCII ones lower to ASCII, so a
    needle is at the same offsets in both (a "?" in a needle may also meet another character here: one more
    sentence searched, never one less), and the TOKEN words are the same (see _token_lines).
    """
    return text.encode("ascii", "replace").lower()


def _token_lines(text: bytes) -> list[bytes]:
    """Each line of an :func:`_ascii_lower` text as its ``TOKEN`` words separated by spaces: fast to split.

    Exact: TOKEN's words are runs of ASCII ``[a-z0-9]``. Every other byte becomes a space, except
    the line breaks, which stay.
    """
    return text.translate(TOKEN_BYTES).split(b"\n")


@by_identity(size=4)
def _vocabulary(keys: tuple[SectionKey, ...]) -> frozenset[bytes]:
    """Every word a cue of ``keys`` needs, in ASCII bytes (needle words are ASCII) as ``_token_lines`` gives words."""
    return frozenset(
        word.encode()
        for key in keys
        for needles in key.cue_needles
        if needles
        for group in needles[0]
        for word in group
    )


def word_count(text: str) -> int:
    """``len(text.split())`` for a block's text, whose words ``Document.block_text`` joins with single spaces."""
    return text.count(" ") + 1 if text else 0


def _sentences(text: str) -> list[str]:
    """The text cut at each ``SENTENCE_BREAK`` (what ``re.split`` on the spaces alone gives)."""
    if "." not in text and "!" not in text and "?" not in text:
        return [text]  # every break follows one of them: most headings, fields and bullets have none
    pieces = []
    at = 0
    for cut in SENTENCE_BREAK.finditer(text):
        pieces.append(text[at : cut.start(1)])
        at = cut.end(1)
    pieces.append(text[at:])
    return pieces


@by_identity()
def _block_sentences(document: Document) -> list[tuple[int, list[str]]]:
    """Each block's word count and rough sentences (shared by every key's cue and list checks)."""
    result = []
    for index in range(len(document.blocks)):
        text = document.block_text(index)
        result.append((word_count(text), _sentences(text)))
    return result


def _duties_list(
    document: Document,
    key: SectionKey,
    section_of: dict[int, frozenset[str]],
    sentences: list[tuple[int, list[str]]],
) -> int | None:
    """Find the first block of a section with ``verb_list_min`` items that start with a duty verb.

    Items are counted per sentence, because scraped postings often run a list into one
    paragraph ("Creates ballots. Programs equipment ...").
    """
    if not key.verb_list_min:
        return None
    for section in document.sections:
        if section.blocks and section_of.get(section.blocks[0], frozenset()) & key.verb_list_skip:
            continue
        led = [(b, n) for b in section.blocks if (n := _verb_led(document, b, key.list_verbs, sentences[b][1]))]
        if sum(n for _, n in led) >= key.verb_list_min:
            return led[0][0]
    return None


def _verb_led(document: Document, index: int, verbs: frozenset[str], sentences: list[str]) -> int:
    """Count the sentences of a paragraph or bullet that open with a capitalised duty verb ("Maintains records")."""
    if document.blocks[index].kind not in (BlockKind.PARAGRAPH, BlockKind.BULLET):
        return 0
    count = 0
    for sentence in sentences:
        words = sentence.split(maxsplit=2)
        if len(words) >= 2 and words[0][:1].isupper() and words[0].rstrip(",;:").lower() in verbs:
            count += 1
    return count

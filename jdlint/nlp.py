"""The one place that builds jdlint's spaCy pipeline.

The pipeline is ``spacy.blank("en")`` plus two rule-based steps: every line
break in the prose starts a sentence (blocks are one per line, and wrapped
lines were already joined), and spaCy's sentencizer splits within a block at
sentence punctuation. No trained model, no lemmatizer tables: nothing is
downloaded and nothing large is loaded.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from jdlint.model import BlockKind, Document, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SENTENCE_KINDS = (BlockKind.PARAGRAPH, BlockKind.BULLET)
MAX_CHARS = 2**31 - 1
# spaCy's tokenizer takes time quadratic in the length of a run without spaces when it splits off
# punctuation one character at a time (10,000 "*" took 14 s). No word is this long: such a run is a
# separator line or an encoded blob, so the tokenizer sees it as spaces (offsets are unchanged).
LONG_RUN_RE = re.compile(r"\S{100,}")


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The shared blank English pipeline (built once per process)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("jdlint_line_breaks"):

        @Language.component("jdlint_line_breaks")
        def line_breaks(doc: Doc) -> Doc:
            """Start a sentence after each line break; a block never runs onto the next line."""
            import numpy
            from spacy.attrs import IDX, IS_SPACE, SENT_START

            if not len(doc):
                return doc
            # Work on arrays, not Token objects: setting ``is_sent_start`` token by token rescans
            # the whole Doc each time, which made a file of many short lines quadratic.
            table = doc.to_array([IDX, IS_SPACE]).tolist()
            starts = [row[0] for row in table]
            count = len(table)
            next_word = [count] * (count + 1)  # the first non-space token at or after each index
            for index in range(count - 1, -1, -1):
                next_word[index] = next_word[index + 1] if table[index][1] else index
            marks = numpy.zeros((count, 1), dtype="uint64")
            text = doc.text
            position = text.find("\n")
            while position >= 0:
                index = next_word[bisect.bisect_right(starts, position)]
                if index < count:
                    marks[index, 0] = 1
                position = text.find("\n", position + 1)
            doc.from_array([SENT_START], marks)  # type: ignore[arg-type]  # spaCy accepts a uint64 array
            return doc

    nlp = spacy.blank("en")
    # spaCy's 1,000,000-character guard is for the parser and NER, which this pipeline does not have;
    # the tokenizer is linear. jdlint.inputs bounds the size of a file instead.
    nlp.max_length = MAX_CHARS
    nlp.add_pipe("jdlint_line_breaks")
    nlp.add_pipe("sentencizer")
    return nlp


def analyse(documents: Iterable[Document], batch_size: int = 64) -> Iterator[Document]:
    """Add spaCy tokens and sentences to each document, one ``nlp.pipe`` for all."""
    nlp = pipeline()
    pending = list(documents) if not isinstance(documents, list) else documents
    texts = (LONG_RUN_RE.sub(_blank, d.prose) for d in pending)
    for document, tokens in zip(pending, nlp.pipe(texts, batch_size=batch_size), strict=True):
        yield replace(document, tokens=tokens, sentences=_sentences(document, tokens))


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _sentences(document: Document, tokens: Doc) -> tuple[Span, ...]:
    """Sentences inside paragraphs and bullets; headings and fields are not prose."""
    prose_blocks = [b.span for b in document.blocks if b.kind in SENTENCE_KINDS]
    spans: list[Span] = []
    block_index = 0
    prose = document.prose
    for sent in tokens.sents:
        start, end = sent.start_char, sent.end_char
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

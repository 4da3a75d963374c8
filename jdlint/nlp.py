"""The one place that builds jdlint's spaCy pipeline.

The pipeline is ``spacy.blank("en")`` plus two rule-based steps: every line
break in the prose starts a sentence (blocks are one per line, and wrapped
lines were already joined), and spaCy's sentencizer splits within a block at
sentence punctuation. No trained model, no lemmatizer tables: nothing is
downloaded and nothing large is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from jdlint.model import BlockKind, Document, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SENTENCE_KINDS = (BlockKind.PARAGRAPH, BlockKind.BULLET)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The shared blank English pipeline (built once per process)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("jdlint_line_breaks"):

        @Language.component("jdlint_line_breaks")
        def line_breaks(doc: Doc) -> Doc:
            """Start a sentence after each line break; a block never runs onto the next line."""
            after_break = True
            for token in doc:
                if token.is_space:
                    if "\n" in token.text:
                        after_break = True
                    continue
                if after_break:
                    token.is_sent_start = True
                    after_break = False
            return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("jdlint_line_breaks")
    nlp.add_pipe("sentencizer")
    return nlp


def analyse(documents: Iterable[Document], batch_size: int = 64) -> Iterator[Document]:
    """Add spaCy tokens and sentences to each document, one ``nlp.pipe`` for all."""
    nlp = pipeline()
    pending = list(documents) if not isinstance(documents, list) else documents
    for document, tokens in zip(pending, nlp.pipe((d.prose for d in pending), batch_size=batch_size), strict=True):
        yield replace(document, tokens=tokens, sentences=_sentences(document, tokens))


def _sentences(document: Document, tokens: Doc) -> tuple[Span, ...]:
    """Sentences inside paragraphs and bullets; headings and fields are not prose."""
    prose_blocks = [b.span for b in document.blocks if b.kind in SENTENCE_KINDS]
    spans: list[Span] = []
    block_index = 0
    for sent in tokens.sents:
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        while block_index < len(prose_blocks) and prose_blocks[block_index].end <= start:
            block_index += 1
        if block_index < len(prose_blocks) and prose_blocks[block_index].contains(start):
            spans.append(Span(start, min(end, prose_blocks[block_index].end)))
    return tuple(spans)

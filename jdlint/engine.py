"""Run rules over documents: the linting loop, independent of any output format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from jdlint import startup, suppress
from jdlint.config import picks
from jdlint.errors import JdlintError
from jdlint.formats import parse_source
from jdlint.inputs import DEFAULT_MAX_FILE_SIZE, Source, read_source
from jdlint.kinds import KINDS, Check
from jdlint.kinds.gender import GenderCoded
from jdlint.kinds.suppression import UnusedSuppression
from jdlint.model import Document, Finding, Rule, Severity
from jdlint.nlp import analyse
from jdlint.readability import document_scores, section_scores
from jdlint.rules import load_rules
from jdlint.score import ScoreCard, score
from jdlint.sections import DetectedSection, detect, section_keys
from jdlint.suppress import Directive


@dataclass(frozen=True)
class FileResult:
    """What jdlint found in one file (or why it could not read it)."""

    path: str
    findings: tuple[Finding, ...] = ()
    sections: tuple[DetectedSection, ...] = ()
    scores: dict[str, Any] = field(default_factory=dict)
    document: Document | None = field(default=None, compare=False, repr=False)
    source: Source | None = field(default=None, compare=False, repr=False)  # encoding, BOM: for --fix
    score: ScoreCard | None = None  # the 0-100 score and sub-scores (jdlint.score)
    gender: dict[str, Any] | None = None  # gender-coded word balance, when the gender rule runs
    error: str | None = None

    def at_least(self, severity: Severity) -> int:
        """How many findings are at or above ``severity``."""
        return sum(f.severity >= severity for f in self.findings)


class Linter:
    """Rules compiled once, then applied to any number of documents.

    ``known`` is every rule that exists (selected or not), so that a
    suppression comment naming a rule turned off in configuration is not
    called unknown; it defaults to the built-in rules plus ``rules``.
    """

    def __init__(self, rules: Sequence[Rule], known: Sequence[Rule] | None = None) -> None:
        self.rules = tuple(rules)
        self.checks: list[Check] = [KINDS[rule.kind](rule) for rule in self.rules]
        self.reviewer = next((c for c in self.checks if isinstance(c, UnusedSuppression)), None)
        known_rules = [*(known if known is not None else load_rules()), *self.rules]
        self._known = {r.code: r.name for r in known_rules}
        startup.resume()  # set-up is done: collect garbage again while documents are linted

    def lint_document(self, document: Document, directives: Sequence[Directive] = ()) -> FileResult:
        """Findings, sections and scores for one analysed document."""
        findings = [f for check in self.checks for f in check.check(document)]
        if directives:
            outcome = suppress.apply(document.text, findings, directives, lambda f, code: picks(f.code, f.name, [code]))
            findings = list(outcome.kept)
            if self.reviewer is not None:
                problems = suppress.problems(directives, outcome.used, self._is_known, self._is_active)
                findings += self.reviewer.review(document, problems)
        findings.sort(key=lambda f: (f.span.start, f.code))
        gender = next((c for c in self.checks if isinstance(c, GenderCoded)), None)
        return FileResult(
            path=document.path,
            findings=tuple(findings),
            sections=tuple(detect(document, section_keys())),
            scores=_scores(document),
            document=document,
            score=score(findings),
            gender=gender.balance(document).as_dict(document) if gender is not None else None,
        )

    def _is_known(self, code: str) -> bool:
        return any(picks(c, n, [code]) for c, n in self._known.items())

    def _is_active(self, code: str) -> bool:
        return any(picks(r.code, r.name, [code]) for r in self.rules)

    def lint_sources(self, sources: Iterable[Source]) -> Iterator[FileResult]:
        """Parse each in its format, analyse and lint.

        Suppression comments are found first and blanked before parsing, so
        their words are never read as posting text. A source that cannot be
        parsed (a damaged .docx) gives a result with ``error`` set.
        """
        return self.lint_prepared([parsed(source) for source in sources])

    def lint_prepared(self, items: Sequence[Prepared | FileResult]) -> Iterator[FileResult]:
        """Analyse and lint documents already read and parsed (see :func:`prepare`); errors pass through."""
        ready = [item for item in items if not isinstance(item, FileResult)]
        documents = analyse([document for _, document, _ in ready])
        results = (
            replace(self.lint_document(d, found), source=s) for (s, _, found), d in zip(ready, documents, strict=True)
        )
        for item in items:
            yield item if isinstance(item, FileResult) else next(results)

    def lint_paths(
        self,
        paths: Iterable[str],
        input_format: str | None = None,
        max_size: int = DEFAULT_MAX_FILE_SIZE,
        batch_size: int = 64,
        ready: Mapping[str, Prepared | FileResult] | None = None,
    ) -> Iterator[FileResult]:
        """Read and lint files, ``batch_size`` at a time (memory stays flat however many there are).

        An unreadable file gives a result with ``error`` set, in its place in the order.
        ``input_format`` (markdown, text, html, docx) overrides the extension; files over
        ``max_size`` bytes are refused unread. ``ready`` holds files already read and parsed
        (by :func:`prepare`, with the same ``input_format`` and ``max_size``).
        """
        batch: list[Prepared | FileResult] = []
        for name in paths:
            batch.append(ready[name] if ready and name in ready else prepare(name, input_format, max_size))
            if len(batch) >= batch_size:
                yield from self.lint_prepared(batch)
                batch = []
        if batch:
            yield from self.lint_prepared(batch)


# A file read and parsed: its source, its document and its suppression comments.
Prepared = tuple[Source, Document, tuple[Directive, ...]]


def prepare(name: str, input_format: str | None, max_size: int) -> Prepared | FileResult:
    """Read and parse a file: all the work before spaCy (a result with ``error`` set when it cannot)."""
    try:
        source = read_source(name, input_format, max_size)
    except JdlintError as error:
        return FileResult(path=name, error=str(error))
    return parsed(source)


def parsed(source: Source) -> Prepared | FileResult:
    """The source parsed in its format (a result with ``error`` set when it cannot be)."""
    try:
        return (source, *_parse_with_directives(source))
    except JdlintError as error:
        return FileResult(path=source.path, error=str(error), source=source)


def _parse_with_directives(source: Source) -> tuple[Document, tuple[Directive, ...]]:
    """The source's Document, parsed with its suppression comments blanked, and the comments."""
    text = source.text
    directives = suppress.find_directives(text, markdown=source.format != "text") if text else ()
    if not directives:
        return parse_source(source), ()
    document = parse_source(replace(source, text=suppress.mask_directives(text, directives)))
    return replace(document, text=text), directives


def _scores(document: Document) -> dict[str, Any]:
    """Readability figures for the document and each headed section."""
    result: dict[str, Any] = document_scores(document).as_dict()
    result["sections"] = [
        {
            "heading": document.heading_text(section),
            "line": document.line_col(section.span.start)[0],
            **totals.as_dict(),
        }
        for section in document.sections
        if section.heading is not None and (totals := section_scores(document, section)).words
    ]
    return result

"""Run rules over documents: the linting loop, independent of any output format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from jdlint.document import parse
from jdlint.errors import JdlintError
from jdlint.inputs import Source, read_source
from jdlint.kinds import KINDS, Check
from jdlint.model import Document, Finding, Rule, Severity
from jdlint.nlp import analyse
from jdlint.readability import measure, scores, section_stats
from jdlint.sections import DetectedSection, detect, section_keys


@dataclass(frozen=True)
class FileResult:
    """What jdlint found in one file (or why it could not read it)."""

    path: str
    findings: tuple[Finding, ...] = ()
    sections: tuple[DetectedSection, ...] = ()
    scores: dict[str, Any] = field(default_factory=dict)
    document: Document | None = field(default=None, compare=False, repr=False)
    source: Source | None = field(default=None, compare=False, repr=False)  # encoding, BOM: for --fix
    error: str | None = None

    def at_least(self, severity: Severity) -> int:
        """How many findings are at or above ``severity``."""
        return sum(f.severity >= severity for f in self.findings)


def select_rules(rules: Sequence[Rule], select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    """Rules whose code or name starts with a selected prefix and none ignored."""
    known = [r.code for r in rules] + [r.name for r in rules]
    for prefix in (*select, *ignore):
        if not any(k.startswith(prefix) for k in known):
            raise JdlintError(f"unknown rule code or name {prefix!r} (see 'jdlint rules')")

    def picked(rule: Rule, prefixes: Sequence[str]) -> bool:
        return any(rule.code.startswith(p) or rule.name == p for p in prefixes)

    return [r for r in rules if (not select or picked(r, select)) and not picked(r, ignore)]


class Linter:
    """Rules compiled once, then applied to any number of documents."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.checks: list[Check] = [KINDS[rule.kind](rule) for rule in self.rules]

    def lint_document(self, document: Document) -> FileResult:
        """Findings, sections and scores for one analysed document."""
        findings = [f for check in self.checks for f in check.check(document)]
        findings.sort(key=lambda f: (f.span.start, f.code))
        return FileResult(
            path=document.path,
            findings=tuple(findings),
            sections=tuple(detect(document, section_keys())),
            scores=_scores(document),
            document=document,
        )

    def lint_sources(self, sources: Iterable[Source]) -> Iterator[FileResult]:
        """Parse, analyse (one ``nlp.pipe`` for all) and lint."""
        sources = list(sources)
        documents = [parse(s.text, s.path, s.markdown) for s in sources]
        for source, document in zip(sources, analyse(documents), strict=True):
            yield replace(self.lint_document(document), source=source)

    def lint_paths(self, paths: Iterable[str], batch_size: int = 64) -> Iterator[FileResult]:
        """Read and lint files, ``batch_size`` at a time (memory stays flat however many there are).

        An unreadable file gives a result with ``error`` set, in its place in the order.
        """
        batch: list[str] = []
        for name in paths:
            batch.append(name)
            if len(batch) >= batch_size:
                yield from self._lint_batch(batch)
                batch = []
        if batch:
            yield from self._lint_batch(batch)

    def _lint_batch(self, paths: list[str]) -> Iterator[FileResult]:
        sources: list[Source] = []
        errors: dict[int, FileResult] = {}
        for index, name in enumerate(paths):
            try:
                sources.append(read_source(name))
            except JdlintError as error:
                errors[index] = FileResult(path=name, error=str(error))
        results = iter(self.lint_sources(sources))
        for index in range(len(paths)):
            yield errors[index] if index in errors else next(results)


def _scores(document: Document) -> dict[str, Any]:
    """Readability figures for the document and each headed section."""
    stats = measure(document)
    result: dict[str, Any] = scores(stats).as_dict()
    result["sections"] = [
        {
            "heading": document.heading_text(section),
            "line": document.line_col(section.span.start)[0],
            **totals.as_dict(),
        }
        for section in document.sections
        if section.heading is not None and (totals := scores(section_stats(document, section))).words
    ]
    return result

"""Apply the fixes findings carry: ``check --fix``, ``--unsafe-fixes`` and ``--diff``.

A fix replaces one span of the document text. Which fixes run:

* ``safe`` fixes with ``--fix``; ``unsafe`` ones too with ``--unsafe-fixes``;
  ``display-only`` advice never edits.
* Only spans of plain prose on one line: nothing inside code, URLs, e-mail
  addresses or markup (the document's prose mask says which characters are
  prose), so headings, bullets, links and emphasis keep their markers.
  Suppressed findings never reach this module (the engine drops them).
* Overlapping fixes: the one that starts first wins, then the longer one,
  then the lower rule code. The others wait for the next round, when they
  are re-found in the fixed text.
* After each round the text is linted again; a fix after which a new finding
  of the same rule appears at or around it is refused, and the round is redone
  without it. Rounds repeat until nothing more applies, so running ``--fix``
  twice changes nothing the second time.

Everything outside the replaced spans is kept byte for byte: the text holds
the file's own line endings (CRLF included; offsets count the carriage returns), and
:mod:`jdlint.files` writes it back in the file's encoding with its BOM.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from jdlint.engine import FileResult, Linter
from jdlint.errors import JdlintError
from jdlint.inputs import JD_SUFFIXES, Source
from jdlint.kinds.base import is_plain_span
from jdlint.model import Applicability, Document, Finding

# A file settles in one or two rounds; the cap only guards against a rule whose fixes keep feeding each other.
MAX_ROUNDS = 10
# Formats --fix may write: the text jdlint checked is the file itself. (.html or .docx input is converted
# text; writing it back would destroy the file.)
WRITABLE_FORMATS = ("markdown", "text")

_Key = tuple[str, int, int, str]


def fixable(finding: Finding, unsafe: bool = False) -> bool:
    """Whether ``--fix`` (with ``--unsafe-fixes`` when ``unsafe``) would apply this finding's fix."""
    fix = finding.fix
    if fix is None or fix.applicability is Applicability.DISPLAY_ONLY:
        return False
    return fix.applicability is Applicability.SAFE or unsafe


def fixable_summary(safe: int, with_unsafe: int, unsafe: bool = False) -> str:
    """'[*] 3 fixable with --fix (2 more with --unsafe-fixes).' or '' when nothing is fixable.

    ``safe`` findings ``--fix`` would fix, ``with_unsafe`` with ``--unsafe-fixes`` too (counts, so
    that files rendered in ``--jobs`` workers need not send their findings back).
    """
    applicable = with_unsafe if unsafe else safe
    hidden = 0 if unsafe else with_unsafe - safe
    if not applicable and not hidden:
        return ""
    option = "--fix --unsafe-fixes" if unsafe else "--fix"
    more = f" ({hidden} more with --unsafe-fixes)" if hidden else ""
    return f"[*] {applicable} fixable with {option}{more}."


def _key(finding: Finding) -> _Key:
    assert finding.fix is not None
    return finding.code, finding.fix.span.start, finding.fix.span.end, finding.fix.replacement


def _editable(document: Document, finding: Finding) -> bool:
    fix = finding.fix
    if fix is None or not 0 <= fix.span.start < fix.span.end <= len(document.text):
        return False
    if "\n" in fix.replacement or "\r" in fix.replacement:
        return False
    if document.text[fix.span.start : fix.span.end] == fix.replacement:
        return False
    return is_plain_span(document, fix.span)


def choose(document: Document, findings: Iterable[Finding], unsafe: bool, skip: Iterable[_Key] = ()) -> list[Finding]:
    """The findings whose fixes apply in one round: applicable, editable and not overlapping, in text order."""
    skipped = set(skip)
    candidates = sorted(
        (f for f in findings if fixable(f, unsafe) and _editable(document, f) and _key(f) not in skipped),
        key=lambda f: (f.fix.span.start, -f.fix.span.end, f.code, f.fix.replacement) if f.fix else (0, 0, "", ""),
    )
    chosen: list[Finding] = []
    end = 0
    for finding in candidates:
        assert finding.fix is not None
        if finding.fix.span.start >= end:
            chosen.append(finding)
            end = finding.fix.span.end
    return chosen


def apply_fixes(text: str, chosen: Sequence[Finding]) -> str:
    """``text`` with the (sorted, non-overlapping) fixes of ``chosen`` applied; all else unchanged."""
    parts: list[str] = []
    position = 0
    for finding in chosen:
        assert finding.fix is not None
        parts += [text[position : finding.fix.span.start], finding.fix.replacement]
        position = finding.fix.span.end
    parts.append(text[position:])
    return "".join(parts)


def fix_text(document: Document, findings: Iterable[Finding], unsafe: bool = False) -> tuple[str, tuple[Finding, ...]]:
    """One round without re-linting: the text with every applicable, non-overlapping fix applied.

    ``fix_source`` is the full procedure (rounds, refusal of fixes that create findings); use this one
    only to preview or where no linter is at hand.
    """
    chosen = choose(document, findings, unsafe)
    return apply_fixes(document.text, chosen), tuple(chosen)


@dataclass(frozen=True)
class FixOutcome:
    """What fixing one file did: the new text, the fixes applied or refused, and the new findings."""

    text: str
    rounds: tuple[tuple[Finding, ...], ...]  # the fixes applied in each round, in that round's text
    refused: tuple[Finding, ...]
    result: FileResult  # the lint result of ``text``

    @property
    def applied(self) -> tuple[Finding, ...]:
        """Every finding whose fix was applied."""
        return tuple(f for round_ in self.rounds for f in round_)

    @property
    def changed(self) -> bool:
        """Whether any fix was applied."""
        return bool(self.rounds)


def fix_source(linter: Linter, result: FileResult, unsafe: bool = False) -> FixOutcome:
    """Fix the document of ``result`` (a lint result with document and source) until nothing more applies.

    Works on any source, a file or stdin: the caller decides where ``outcome.text`` goes.
    """
    if result.document is None or result.source is None:
        raise ValueError("fix_source needs a lint result with its document and source")
    source = result.source
    current = result
    rounds: list[tuple[Finding, ...]] = []
    refused: list[Finding] = []  # in the last round: earlier refusals are retried after other fixes land
    for _ in range(MAX_ROUNDS):
        assert current.document is not None
        old_text = current.document.text
        chosen = choose(current.document, current.findings, unsafe)
        refused = []
        fixed: FileResult | None = None
        while chosen:
            candidate = _relint(linter, source, apply_fixes(old_text, chosen))
            bad = created_findings(current.findings, candidate.findings, chosen)
            if not bad:
                fixed = candidate
                break
            refused += [chosen[i] for i in sorted(bad)]
            chosen = [f for i, f in enumerate(chosen) if i not in bad]
        if fixed is None:
            break
        rounds.append(tuple(chosen))
        current = fixed
    assert current.document is not None
    return FixOutcome(current.document.text, tuple(rounds), tuple(refused), current)


def _relint(linter: Linter, source: Source, text: str) -> FileResult:
    """Lint ``text`` as if it were ``source`` (same path, format and settings)."""
    return next(iter(linter.lint_sources([replace(source, text=text)])))


def created_findings(before: Sequence[Finding], after: Sequence[Finding], chosen: Sequence[Finding]) -> set[int]:
    """Indices into ``chosen`` of fixes after which a new finding of their own rule appeared.

    A new finding that overlaps a fix's replacement belongs to that fix. One elsewhere (it maps back to no
    finding of the old text) is charged to the nearest fix of its rule. Findings of other rules are not
    compared: a fix may leave a sentence longer, and that is for the other rule to say.
    """
    regions: list[tuple[int, int, str]] = []  # new start, new end, rule code
    shifts: list[tuple[int, int, int]] = []  # old start, old end, length change
    delta = 0
    for finding in chosen:
        assert finding.fix is not None
        start = finding.fix.span.start + delta
        regions.append((start, start + len(finding.fix.replacement), finding.code))
        change = len(finding.fix.replacement) - len(finding.fix.span)
        shifts.append((finding.fix.span.start, finding.fix.span.end, change))
        delta += change
    codes = {code for _, _, code in regions}
    old = {(f.code, f.span.start, f.span.end) for f in before}
    bad: set[int] = set()
    for finding in after:
        if finding.code not in codes:
            continue
        start, end = finding.span.start, finding.span.end
        touching = [i for i, (a, b, _) in enumerate(regions) if start < b and a < end]
        if touching:
            bad.update(i for i in touching if regions[i][2] == finding.code)
            continue  # inside another rule's replacement: not this rule's doing
        back = _map_back(start, regions, shifts)
        if (finding.code, back, back + (end - start)) in old:
            continue
        same = [i for i, (_, _, code) in enumerate(regions) if code == finding.code]
        bad.add(min(same, key=lambda i: min(abs(regions[i][0] - end), abs(start - regions[i][1]))))
    return bad


def _map_back(offset: int, regions: list[tuple[int, int, str]], shifts: list[tuple[int, int, int]]) -> int:
    """The old-text offset of a new-text offset outside every replacement."""
    delta = 0
    for (_, new_end, _), (_, _, change) in zip(regions, shifts, strict=True):
        if new_end <= offset:
            delta += change
    return offset - delta


def writable_format(source: Source) -> str | None:
    """Why ``source`` cannot be fixed in place, or None when it can."""
    kind = getattr(source, "format", None)  # set by readers of other formats (HTML, Word)
    suffix = Path(source.path).suffix.lower()
    if (kind is not None and kind not in WRITABLE_FORMATS) or (suffix and suffix not in JD_SUFFIXES):
        what = f"{kind} " if kind else f"'{suffix}' "
        return (
            f"{source.path}: --fix edits Markdown and plain-text files only, not {what}files; "
            "apply the suggestions by hand"
        )
    return None


def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff of ``old`` to ``new``; line endings as they are, a marker for a missing last newline."""
    lines = difflib.unified_diff(_lines(old), _lines(new), fromfile=path, tofile=path)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _lines(text: str) -> list[str]:
    return [line for line in re.split(r"(?<=\n)", text) if line]


@dataclass(frozen=True)
class FixRun:
    """The outcome of ``--fix`` or ``--diff`` over all files."""

    results: list[FileResult]  # the results to report (after fixing, or unchanged for --diff)
    files_changed: int
    fixes: int
    refused: int


def fix_results(
    linter_for: Callable[[FileResult], Linter],
    results: Iterable[FileResult],
    unsafe: bool,
    diff: bool,
    to_stdout: bool = False,
) -> FixRun:
    """Fix (or, with ``diff``, show the fix of) every result; write errors become results with ``error``.

    ``linter_for`` gives the linter each file was checked with (files may have
    different configurations). With ``to_stdout`` (standard input) the fixed
    text is written to stdout, changed or not, instead of to a file.
    """
    out: list[FileResult] = []
    files_changed = fixes = refused = 0
    for result in results:
        if result.document is None or result.source is None or not any(fixable(f, unsafe) for f in result.findings):
            if to_stdout and result.document is not None and not diff:
                sys.stdout.write(result.document.text)
            out.append(result)
            continue
        problem = writable_format(result.source)
        if problem:
            out.append(FileResult(path=result.path, error=problem))
            continue
        outcome = fix_source(linter_for(result), result, unsafe)
        refused += len(outcome.refused)
        if not outcome.changed:
            if to_stdout and not diff:
                sys.stdout.write(result.document.text)
            out.append(result)
            continue
        if to_stdout and not diff:
            sys.stdout.write(outcome.text)
            out.append(outcome.result)
        elif diff:
            sys.stdout.write(unified_diff(result.path, result.document.text, outcome.text))
            out.append(result)
        else:
            try:
                from jdlint.files import write_fixed

                write_fixed(result.source, outcome.text)
            except JdlintError as error:
                out.append(FileResult(path=result.path, error=str(error)))
                continue
            out.append(outcome.result)
        files_changed += 1
        fixes += len(outcome.applied)
    return FixRun(out, files_changed, fixes, refused)


def run_summary(run: FixRun, diff: bool) -> str:
    """One line for stderr: what --fix did or --diff would do."""
    verb = "Would fix" if diff else "Fixed"
    plural = "s" if run.fixes != 1 else ""
    files = f"{run.files_changed} file{'s' if run.files_changed != 1 else ''}"
    line = f"{verb} {run.fixes} finding{plural} in {files}." if run.fixes else "Nothing to fix."
    if run.refused:
        what = "1 fix was" if run.refused == 1 else f"{run.refused} fixes were"
        line += f" {what} not applied because it would create a new finding of the same rule."
    return line

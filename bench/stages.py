"""Where one posting's time goes, by stage: reading, parsing, spaCy analysis, each rule, sections, scores.

Lints the files in one process (set-up excluded), timing each stage with
``time.process_time`` (CPU time, so other work on the machine matters less
than in wall-clock figures), and prints milliseconds per posting for each. No
profiler is attached, so the figures are the real costs, unlike
``hotspots.py``. Stages that share a per-document cache (section detection,
the gender balance) are charged to whichever runs first, in the engine's order.

Usage: python bench/stages.py [--corpus DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REAL_CORPUS

from jdlint.kinds.base import Check
from jdlint.kinds.gender import GenderCoded
from jdlint.model import Document, Finding

T = TypeVar("T")


def _run_check(check: Check, document: Document) -> list[Finding]:
    return list(check.check(document))


def _balance(gender: GenderCoded, document: Document) -> dict[str, Any]:
    return gender.balance(document).as_dict(document)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REAL_CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files (0: all)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not available; nothing to measure")
        return 0
    from jdlint.discover import find_files
    from jdlint.engine import Linter, _parse_with_directives, _scores
    from jdlint.inputs import Source, read_source
    from jdlint.nlp import analyse
    from jdlint.rules import load_rules
    from jdlint.score import score
    from jdlint.sections import detect, section_keys

    files = find_files([str(args.corpus)], lambda _: False)
    files = files[: args.limit] if args.limit else files
    linter = Linter(load_rules())
    list(linter.lint_paths(files[:3]))  # load everything lazy first
    gc.freeze()  # as the jdlint command does after start-up (jdlint.startup): collector passes skip it
    gender = next((c for c in linter.checks if isinstance(c, GenderCoded)), None)
    spent: dict[str, float] = defaultdict(float)
    clock = time.process_time

    def timed(stage: str, work: Callable[..., T], *args: Any) -> T:
        started = clock()
        result = work(*args)
        spent[stage] += clock() - started
        return result

    def read_all() -> list[Source]:
        return [read_source(f) for f in files]

    sources = timed("read", read_all)
    parsed = timed("parse (markdown, prose mask)", lambda: [_parse_with_directives(s) for s in sources])
    documents = timed("analyse (spaCy, sentences)", lambda: list(analyse([d for d, _ in parsed])))
    # All 519 documents are held at once here (a real run holds a batch): keep the collector's full
    # passes from walking them, or their cost lands on whichever rule happens to trigger one.
    gc.freeze()
    for document in documents:
        findings: list[Finding] = []
        for check in linter.checks:
            findings += timed(f"{check.rule.code} ({check.rule.kind})", _run_check, check, document)
        timed("sections report", detect, document, section_keys())
        timed("readability scores", _scores, document)
        timed("score", score, findings)
        if gender is not None:
            timed("gender balance", _balance, gender, document)
    total = sum(spent.values())
    print(f"{len(files)} files, {total:.2f} CPU s, {1000 * total / len(files):.2f} ms per posting\n")
    print("| stage | ms per posting | share |")
    print("|---|---:|---:|")
    for stage, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"| {stage} | {1000 * seconds / len(files):.2f} | {100 * seconds / total:.0f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

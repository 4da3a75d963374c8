"""What ``check --fix`` does to the real postings (../shared/corpus-real/jds), in memory.

For every posting: lint, fix (safe fixes, or with ``--unsafe`` unsafe ones
too), then check the fix properties: fixing again changes nothing, the
fixed text has no fixable finding left, and replaying the applied fixes on
the original text gives the fixed text (nothing else changed). Prints the
fix counts per rule, the refusals, the property failures and the time.
Nothing is written to disk.

Usage: python bench/fixes.py [--corpus DIR] [--unsafe] [--show N]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

from jdlint.engine import Linter
from jdlint.fix import apply_fixes, fix_source, fixable
from jdlint.inputs import read_source
from jdlint.rules import load_rules

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-real"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--unsafe", action="store_true", help="apply unsafe fixes too")
    parser.add_argument("--show", type=int, default=0, help="print the first N applied fixes (rule, before, after)")
    args = parser.parse_args()
    files = sorted((args.corpus / "jds").glob("*.md"))
    if not files:
        print(f"no postings in {args.corpus / 'jds'}", file=sys.stderr)
        return 2
    linter = Linter(load_rules())
    sources = [read_source(str(p)) for p in files]
    started = time.perf_counter()
    results = list(linter.lint_sources(sources))
    lint_time = time.perf_counter() - started
    per_rule: collections.Counter[str] = collections.Counter()
    refused: collections.Counter[str] = collections.Counter()
    changed = rounds = 0
    failures: list[str] = []
    shown = 0
    started = time.perf_counter()
    for result in results:
        outcome = fix_source(linter, result, args.unsafe)
        refused.update(f.code for f in outcome.refused)
        if not outcome.changed:
            continue
        changed += 1
        rounds += len(outcome.rounds)
        per_rule.update(f.code for f in outcome.applied)
        replay = result.source.text if result.source else ""
        for fixes in outcome.rounds:
            replay = apply_fixes(replay, fixes)
        if replay != outcome.text:
            failures.append(f"{result.path}: text changed outside the fixed spans")
        if fix_source(linter, outcome.result, args.unsafe).changed:
            failures.append(f"{result.path}: not idempotent")
        left = [f for f in outcome.result.findings if fixable(f, args.unsafe)]
        if len(left) > len(outcome.refused):
            failures.append(f"{result.path}: {len(left)} fixable findings left after --fix")
        for finding in outcome.applied:
            if shown < args.show and finding.fix is not None:
                print(f"{finding.code}: {finding.match!r} -> {finding.fix.replacement!r}")
                shown += 1
    fix_time = time.perf_counter() - started
    mode = "safe + unsafe" if args.unsafe else "safe"
    print(f"postings: {len(results)}; fixes ({mode}) applied in {changed} postings, {sum(per_rule.values())} fixes")
    print("fixes per rule: " + (", ".join(f"{code} {n}" for code, n in sorted(per_rule.items())) or "none"))
    print("refused (would create a new finding): " + (", ".join(f"{c} {n}" for c, n in refused.items()) or "none"))
    print(f"rounds per changed posting: {rounds / max(changed, 1):.2f}")
    rate = len(results) / max(fix_time, 1e-9)
    print(f"lint {lint_time:.1f} s; fix + checks {fix_time:.1f} s ({rate:.0f} postings/s)")
    print(f"property failures: {len(failures)}")
    for failure in failures[:20]:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

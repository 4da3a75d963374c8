"""How often each rule fires over a folder of postings: hits, files, share of files.

Usage: python bench/rule_firing.py [FOLDER] [--codes JD5,JD7] [--samples N]
(default folder: ../shared/corpus-real/jds). With --samples, prints up to N
hits per rule (file:line and the matched text) to read for false positives.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from jdlint.engine import Linter
from jdlint.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus-real" / "jds"))
    parser.add_argument("--codes", default="", help="comma-separated code prefixes to report")
    parser.add_argument("--samples", type=int, default=0)
    args = parser.parse_args()
    files = sorted(str(p) for p in Path(args.folder).glob("*.md"))
    if not files:
        print(f"no .md files in {args.folder}", file=sys.stderr)
        return 2
    prefixes = tuple(c.strip() for c in args.codes.split(",") if c.strip())
    rules = [r for r in load_rules() if not prefixes or r.code.startswith(prefixes)]
    hits: Counter[str] = Counter()
    in_files: dict[str, set[str]] = defaultdict(set)
    samples: dict[str, list[str]] = defaultdict(list)
    scores = []
    for result in Linter(rules).lint_paths(files):
        assert result.document is not None
        score = getattr(result, "score", None)
        if score is not None:
            scores.append(score.total)
        for finding in result.findings:
            hits[finding.code] += 1
            in_files[finding.code].add(result.path)
            line, _ = result.document.line_col(finding.span.start)
            context = finding.match or finding.message
            samples[finding.code].append(f"{Path(result.path).name}:{line}: {context[:90]!r} | {finding.message[:110]}")
    print(f"{len(files)} files")
    print(f"{'code':6} {'name':30} {'hits':>6} {'files':>6} {'share':>6}")
    for rule in rules:
        n = len(in_files[rule.code])
        print(f"{rule.code:6} {rule.name:30} {hits[rule.code]:6} {n:6} {n / len(files):6.0%}")
    if scores:
        scores.sort()
        print(f"score: min {scores[0]}, median {scores[len(scores) // 2]}, max {scores[-1]}")
    if args.samples:
        rng = random.Random(5)
        for rule in rules:
            chosen = samples[rule.code]
            if len(chosen) > args.samples:
                chosen = rng.sample(chosen, args.samples)
            if chosen:
                print(f"\n== {rule.code} {rule.name}")
                print("\n".join(chosen))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Files per second over the real postings (../shared/corpus-real/jds), all default rules.

Reads every file once, then times parse + analyse + lint (one ``nlp.pipe``)
over the whole set, several runs, and prints the median. Set-up (imports,
rule compilation, loading the pronouncing dictionary) is timed separately.

Usage: python bench/throughput.py [--corpus DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-real" / "jds"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus-real not available at {args.corpus}; nothing to measure")
        return 0
    started = time.perf_counter()
    from jdlint.engine import Linter
    from jdlint.inputs import read_source
    from jdlint.readability import syllables
    from jdlint.rules import load_rules

    linter = Linter(load_rules())
    syllables("warm")  # loads the pronouncing dictionary once
    setup = time.perf_counter() - started
    sources = [read_source(str(p)) for p in sorted(args.corpus.glob("*.md"))]
    words = sum(len(s.text.split()) for s in sources)
    timings = []
    findings = 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        results = list(linter.lint_sources(sources))
        timings.append(time.perf_counter() - t0)
        findings = sum(len(r.findings) for r in results)
    median = statistics.median(timings)
    print(f"files: {len(sources)}  words: {words}  findings: {findings}")
    print(f"set-up: {setup:.2f} s (imports, rules, dictionary)")
    print(f"lint: median {median:.2f} s over {args.runs} runs (min {min(timings):.2f}, max {max(timings):.2f})")
    print(f"throughput: {len(sources) / median:.0f} files/s, {words / median / 1000:.0f}k words/s (1 process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

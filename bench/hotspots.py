"""Where the time goes: cProfile over a folder of postings, summed by area.

Lints the files in one process (set-up excluded) under cProfile and prints
the share of time per area (spaCy tokenizer, markdown parsing, each rule
kind, section detection, readability, ...) from each function's own time,
then the top functions. Profiling slows Python code more than C code, so
read the shares as a guide and confirm with bench/batch.py.

Usage: python bench/hotspots.py [--corpus DIR] [--limit N] [--top 15]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REAL_CORPUS

AREAS = [
    ("spacy/tokenizer", "spaCy tokenizer"),
    ("spacy/", "spaCy, other (Doc, Token, matcher)"),
    ("markdown_it/", "markdown-it (block parse)"),
    ("jdlint/document.py", "document model (prose mask, blocks)"),
    ("jdlint/sections.py", "section detection"),
    ("jdlint/kinds/acronyms.py", "acronym rule"),
    ("jdlint/kinds/wordlist.py", "jargon rule"),
    ("jdlint/kinds/patterns.py", "placeholder rule"),
    ("jdlint/kinds/readability.py", "readability rules"),
    ("jdlint/readability.py", "syllables and sentence counts"),
    ("jdlint/nlp.py", "sentence starts"),
    ("re/", "regex compilation"),
    ("logging/", "logging calls (markdown-it debug)"),
]


def area(filename: str) -> str:
    for needle, name in AREAS:
        if needle in filename:
            return name
    if filename.startswith("~") or filename.startswith("<"):
        return "built-ins (regex search, str methods)"
    return "other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REAL_CORPUS)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not available; nothing to profile")
        return 0
    from jdlint.discover import find_files
    from jdlint.engine import Linter
    from jdlint.rules import load_rules

    files = find_files([str(args.corpus)], lambda _: False)[: args.limit]
    linter = Linter(load_rules())
    list(linter.lint_paths(files[:3]))  # load everything lazy before profiling
    profile = cProfile.Profile()
    profile.enable()
    for _ in linter.lint_paths(files):
        pass
    profile.disable()
    stats = pstats.Stats(profile)
    shares: Counter[str] = Counter()
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        shares[area(filename)] += own
    total = sum(shares.values())
    print(f"{len(files)} files, {total:.2f} s profiled (own time)\n")
    print("| area | share |")
    print("|---|---:|")
    for name, own in shares.most_common():
        print(f"| {name} | {100 * own / total:.0f}% |")
    print()
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())

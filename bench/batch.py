"""Batch: every default rule over a folder of postings, with 1 and 2 processes (``--jobs``).

Runs ``jdlint check --format F -j N DIR > /dev/null`` several times per
format F (default: json and text, the default) and N (default: the 519 real
postings in ../shared/corpus-real/jds) and prints the median wall time,
files/s, and CPU seconds (user + system, workers included). Start-up is
included: this is what a CI job pays. The reference
process (``import spacy; spacy.blank('en')``) runs in the same rounds to show
how loaded the machine was. ``--check`` also compares the outputs of every N
byte for byte.

Usage: python bench/batch.py [--corpus DIR] [--runs 3] [--jobs 1,2] [--formats json,text] [--check]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REAL_CORPUS, REFERENCE, jdlint_command, load_average, median, no_server_env, timed

TIMING = re.compile(rb"checked in [0-9.]+ s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REAL_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--formats", default="json,text")
    parser.add_argument("--check", action="store_true", help="also check that outputs are identical for every N")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not available; nothing to measure")
        return 0
    files = len(list(args.corpus.rglob("*.md"))) + len(list(args.corpus.rglob("*.txt")))
    jobs = [int(j) for j in args.jobs.split(",")]
    formats = args.formats.split(",")
    env = no_server_env()
    check = [*jdlint_command(), "check", "--isolated"]
    commands = {
        f"--format {f} -j {n}": [*check, "--format", f, "-j", str(n), str(args.corpus)] for f in formats for n in jobs
    }
    if args.check:
        for f in formats:
            # The text summary says how long the run took; the rest must match byte for byte.
            outputs = {
                TIMING.sub(b"", subprocess.run(commands[f"--format {f} -j {n}"], env=env, capture_output=True).stdout)
                for n in jobs
            }
            print(f"--format {f}: outputs identical for --jobs {args.jobs}: {'yes' if len(outputs) == 1 else 'NO'}")
    runs: dict[str, list[tuple[float, float]]] = {"reference": [], **{name: [] for name in commands}}
    timed(next(iter(commands.values())), env=env)  # warm the file cache
    for _ in range(args.runs):
        reference = timed(REFERENCE)
        runs["reference"].append((reference.wall, reference.cpu))
        for name, command in commands.items():
            result = timed(command, env=env)
            runs[name].append((result.wall, result.cpu))
    print(f"{files} files in {args.corpus}, {args.runs} runs, load average {load_average()} at the end")
    print("\n| run | median wall (s) | files/s | CPU (s) | files per CPU-second |")
    print("|---|---:|---:|---:|---:|")
    for name, values in runs.items():
        wall = median([w for w, _ in values])
        cpu = median([c for _, c in values])
        if name == "reference":
            print(f"| reference process | {wall:.2f} | | {cpu:.2f} | |")
        else:
            print(f"| `jdlint check {name}` | {wall:.2f} | {files / wall:.0f} | {cpu:.2f} | {files / cpu:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

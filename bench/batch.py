"""Batch: every default rule over a folder of postings, with 1 and 2 processes (``--jobs``).

Runs ``jdlint check --format F -j N DIR > /dev/null`` several times per
format F (default: json and text, the default) and N (default: the 519 real
postings in ../shared/corpus-real/jds) and prints the median wall time,
files/s, and CPU seconds (user + system, workers included). Start-up is
included: this is what a CI job pays. The reference
process (``import spacy; spacy.blank('en')``) runs in the same rounds to show
how loaded the machine was. ``--check`` also compares the outputs of every N
byte for byte. ``--server`` adds the same runs with a ``jdlint server``
running (started first, as an editor or a pre-commit user would have it):
no start-up, the server forks its workers; CPU is then spent in the server,
so only wall time is shown for those rows.

Usage: python bench/batch.py [--corpus DIR] [--runs 3] [--jobs 1,2] [--formats json,text] [--check] [--server]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REAL_CORPUS, REFERENCE, jdlint_command, load_average, median, no_server_env, timed

TIMING = re.compile(rb"checked in [0-9.]+ s")
SERVED = " (server running)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REAL_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--formats", default="json,text")
    parser.add_argument("--check", action="store_true", help="also check that outputs are identical for every N")
    parser.add_argument("--server", action="store_true", help="also time each run with a jdlint server running")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not available; nothing to measure")
        return 0
    files = len(list(args.corpus.rglob("*.md"))) + len(list(args.corpus.rglob("*.txt")))
    jobs = [int(j) for j in args.jobs.split(",")]
    formats = args.formats.split(",")
    env = no_server_env()
    jdlint = jdlint_command()
    check = [*jdlint, "check", "--isolated"]
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
    with tempfile.TemporaryDirectory(prefix="jdlint-bench-") as runtime:
        server_env = {**os.environ, "XDG_RUNTIME_DIR": runtime}
        server_env.pop("JDLINT_NO_SERVER", None)
        if args.server:
            subprocess.run([*jdlint, "server", "start", "--idle", "10"], env=server_env, check=True)
            runs.update({name + SERVED: [] for name in commands})
        try:
            timed(next(iter(commands.values())), env=env)  # warm the file cache
            for _ in range(args.runs):
                reference = timed(REFERENCE)
                runs["reference"].append((reference.wall, reference.cpu))
                for name, command in commands.items():
                    result = timed(command, env=env)
                    runs[name].append((result.wall, result.cpu))
                    if args.server:
                        result = timed(command, env=server_env)
                        runs[name + SERVED].append((result.wall, result.cpu))
        finally:
            if args.server:
                subprocess.run([*jdlint, "server", "stop"], env=server_env, check=False, capture_output=True)
    print(f"{files} files in {args.corpus}, {args.runs} runs, load average {load_average()} at the end")
    print("\n| run | median wall (s) | files/s | CPU (s) | files per CPU-second |")
    print("|---|---:|---:|---:|---:|")
    for name, values in runs.items():
        wall = median([w for w, _ in values])
        cpu = median([c for _, c in values])
        if name == "reference":
            print(f"| reference process | {wall:.2f} | | {cpu:.2f} | |")
        elif name.endswith(SERVED):
            run = name.removesuffix(SERVED)
            print(f"| `jdlint check {run}`, server running | {wall:.2f} | {files / wall:.0f} | | |")
        else:
            print(f"| `jdlint check {name}` | {wall:.2f} | {files / wall:.0f} | {cpu:.2f} | {files / cpu:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

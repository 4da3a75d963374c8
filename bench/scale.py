"""Scale: stream N generated job descriptions through one ``jdlint check`` and watch memory.

Generates the corpus itself (bench/gen_corpus.py, fixed seed) for each size,
runs ``jdlint check --format json -j JOBS DIR > /dev/null`` once per size,
and prints wall time, files/s, and the peak resident memory of the largest
process and of the whole process tree (sampled every 0.1 s from /proc).
Flat throughput and flat memory as N grows mean the run streams.

Usage: python bench/scale.py [--sizes 1000,10000,100000] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_corpus import generate
from procmem import run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="generate into (and reuse) this folder instead of a temporary one")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    root = args.keep or Path(tempfile.mkdtemp(prefix="jdlint-scale-"))
    env = {**os.environ, "JDLINT_NO_SERVER": "1"}
    rows = []
    try:
        for size in sizes:
            folder = root / str(size)
            if not folder.is_dir():
                generate(folder, size)
            command = [sys.executable, "-m", "jdlint", "check", "--format", "json", "-j", str(args.jobs), str(folder)]
            measured = run(command, env=env)
            rows.append((size, measured))
            print(
                f"  {size:>7} files: {measured.wall:7.1f} s, {size / measured.wall:6.0f} files/s, "
                f"peak RSS {measured.peak_process:5.0f} MB (largest process), {measured.peak_tree:5.0f} MB (all), "
                f"exit {measured.code}",
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    every = f"all {args.jobs + 1} processes"
    print(f"\n| files | wall (s) | files/s | peak RSS, largest process (MB) | peak RSS, {every} (MB) |")
    print("|---:|---:|---:|---:|---:|")
    for size, m in rows:
        print(f"| {size:,} | {m.wall:.1f} | {size / m.wall:.0f} | {m.peak_process:.0f} | {m.peak_tree:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

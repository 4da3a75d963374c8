"""One file: cold ``jdlint check`` and warm (server) runs against the bare spaCy process, side by side.

Each round runs, one after the other: the reference process
``python -c "import spacy; spacy.blank('en')"``, a cold ``jdlint check
FILE`` (no server), and the same command with a ``jdlint server`` running
(started in a private temporary runtime folder for this benchmark). Rounds
alternate so that all three see the same machine load; the table gives the
median of each and the ratio of cold jdlint to the reference (target <= 1.2)
and the warm wall time (target < 0.1 s). jdlint's bytecode is compiled first,
as an installed copy's is.

Usage: python bench/coldstart.py [--rounds 10] [FILE]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REFERENCE, ROOT, jdlint_command, load_average, median, no_server_env, timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(ROOT / "corpus" / "case-manager.md"))
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    jdlint = jdlint_command()
    cold_env = no_server_env()
    # An installed jdlint has its bytecode compiled (pip does it); a checkout run with
    # PYTHONDONTWRITEBYTECODE set would compile every module on every run (~40 ms) instead.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "jdlint")], check=False, capture_output=True)
    with tempfile.TemporaryDirectory(prefix="jdlint-bench-") as runtime:
        warm_env = {**os.environ, "XDG_RUNTIME_DIR": runtime}
        warm_env.pop("JDLINT_NO_SERVER", None)
        subprocess.run([*jdlint, "server", "start", "--idle", "10"], env=warm_env, check=True, capture_output=True)
        try:
            timed(REFERENCE)  # warm the file cache for everyone
            timed([*jdlint, "check", args.file], env=cold_env)
            rows: dict[str, list[float]] = {"reference": [], "cold": [], "warm": []}
            for _ in range(args.rounds):
                rows["reference"].append(timed(REFERENCE).wall)
                rows["cold"].append(timed([*jdlint, "check", args.file], env=cold_env).wall)
                rows["warm"].append(timed([*jdlint, "check", args.file], env=warm_env).wall)
        finally:
            subprocess.run([*jdlint, "server", "stop"], env=warm_env, check=False, capture_output=True)
    ref = median(rows["reference"])
    print(f"one file: {Path(args.file).name}, {args.rounds} rounds, load average {load_average()} at the end")
    print("\n| process | median wall (s) | min (s) | max (s) | ratio to reference |")
    print("|---|---:|---:|---:|---:|")
    names = {
        "reference": "`python -c \"import spacy; spacy.blank('en')\"`",
        "cold": "`jdlint check FILE` (cold)",
        "warm": "`jdlint check FILE` (server running)",
    }
    for key, label in names.items():
        values = rows[key]
        print(
            f"| {label} | {median(values):.3f} | {min(values):.3f} | {max(values):.3f} | {median(values) / ref:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

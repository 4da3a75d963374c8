"""Time and peak memory of ``jdlint check`` on big inputs, each in a fresh process.

Cases: a 50 MB Markdown file (refused unread under the default limit), the
same file with the limit raised to 60 MB (``--full``, slow: minutes), a 1 MB
single line, a 4.9 MB multi-line Markdown file (just under the default
limit), and a 4.9 MB HTML page. Prints seconds, peak resident memory and exit
code for each.

Usage: python bench/big_inputs.py [--full]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPH = (
    "We plan care with each client and their family, and we utilize plain records so that "
    "everyone knows what happens next. "
)


def make(folder: Path) -> dict[str, tuple[Path, list[str]]]:
    big = folder / "big.md"
    with big.open("w", encoding="utf-8") as handle:
        block = f"## Duties\n\n{PARAGRAPH * 4}\n\n- Keep records\n- Visit clients at home\n\n"
        for _ in range(50_000_000 // len(block) + 1):
            handle.write(block)
    line = folder / "line.txt"
    line.write_text(PARAGRAPH * (1_000_000 // len(PARAGRAPH)), encoding="utf-8")
    medium = folder / "medium.md"
    block = f"## Duties\n\n{PARAGRAPH * 4}\n\n- Keep records\n- Visit clients at home\n\n"
    medium.write_text(block * (4_900_000 // len(block)), encoding="utf-8")
    page = folder / "page.html"
    item = f"<h2>Duties</h2><p>{PARAGRAPH * 4}</p><ul><li>Keep records</li><li>Visit &amp; care</li></ul>\n"
    page.write_text("<html><body>" + item * (4_900_000 // len(item)) + "</body></html>", encoding="utf-8")
    return {
        "50 MB Markdown, default limit": (big, []),
        "1 MB single line (.txt)": (line, []),
        "4.9 MB Markdown": (medium, []),
        "4.9 MB HTML page": (page, []),
    }


def run(path: Path, extra: list[str]) -> tuple[float, float, int]:
    """Seconds, peak RSS in MB of the child, and exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "jdlint", "check", str(path), "--format", "json", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode == 2:
        print(f"    stderr: {result.stderr.strip()[:160]}")
    return elapsed, max(peak, before) / 1024, result.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also lint the 50 MB file with the limit raised")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cases = make(Path(folder))
        if args.full:
            cases["50 MB Markdown, --max-file-size 60MB"] = (
                cases["50 MB Markdown, default limit"][0],
                ["--max-file-size", "60MB"],
            )
        for name, (path, extra) in cases.items():
            elapsed, peak, code = run(path, extra)
            size = path.stat().st_size / 1e6
            # ru_maxrss of children is the largest child so far: it only grows, so cases run smallest first.
            print(f"{name:40} {size:6.1f} MB  {elapsed:7.2f} s  peak RSS so far {peak:7.0f} MB  exit {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Long fuzz run: many random job-description-like inputs through the parser, every rule and both reports.

    .venv/bin/python bench/fuzz.py --examples 100000 [--seed 1]

Uses the strategies and properties of ``tests/strategies.py`` (the in-suite run is ``tests/test_fuzz.py``).
Each input is parsed as Markdown or as plain text, linted with every built-in rule and rendered; a failure
is recorded (exception type, message, a short repr of the input) and the run goes on. It prints the count
of inputs tried, the time, and each distinct failure with an example; it exits 1 if anything failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jdlint.engine import Linter
from jdlint.rules import load_rules
from tests.strategies import check_result, lint_text, many_documents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--progress", type=int, default=5_000, help="print a progress line every N inputs")
    args = parser.parse_args()

    linter = Linter(load_rules())
    tried = 0
    failures: dict[str, tuple[int, str]] = {}
    started = time.perf_counter()

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        derandomize=False,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(text=many_documents, markdown=st.booleans())
    def fuzz(text: str, markdown: bool) -> None:
        nonlocal tried
        tried += 1
        try:
            check_result(lint_text(linter, text, markdown), text)
        except Exception as error:
            where = traceback.extract_tb(error.__traceback__)[-1]
            key = f"{type(error).__name__} at {Path(where.filename).name}:{where.lineno}"
            count, example = failures.get(key, (0, repr(text[:300]) + f" markdown={markdown}"))
            if not count:  # say so at once: a long run should not hide a failure until its end
                print(f"new failure: {key}: {error!s:.200} e.g. {example}", flush=True)
            failures[key] = (count + 1, example)
        if tried % args.progress == 0:
            print(
                f"{tried} inputs, {len(failures)} distinct failures, {time.perf_counter() - started:.0f} s", flush=True
            )

    fuzz._hypothesis_internal_use_seed = args.seed  # type: ignore[attr-defined]
    fuzz()
    elapsed = time.perf_counter() - started
    print(f"inputs tried: {tried} in {elapsed:.0f} s ({tried / elapsed:.0f}/s); distinct failures: {len(failures)}")
    for key, (count, example) in sorted(failures.items()):
        print(f"  {key}: {count} inputs, e.g. {example}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Shared helpers for the benchmarks: timed subprocess runs, medians, the reference process."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_CORPUS = ROOT.parent / "shared" / "corpus-real" / "jds"
# The floor every spaCy-based tool pays: the reference process.
REFERENCE = [sys.executable, "-c", "import spacy; spacy.blank('en')"]


@dataclass(frozen=True)
class Timed:
    """One process run: wall seconds, CPU seconds (user + system, children included), exit code."""

    wall: float
    cpu: float
    code: int


def jdlint_command() -> list[str]:
    """The installed ``jdlint`` script next to this Python, else ``python -m jdlint``."""
    script = Path(sys.executable).parent / "jdlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "jdlint"]


def timed(command: list[str], env: dict[str, str] | None = None) -> Timed:
    """Run ``command`` with output discarded; wall and CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    code = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(wall, cpu, code.returncode)


def median(values: list[float]) -> float:
    """The median (the benchmarks' statistic: robust to a run slowed by other processes)."""
    return statistics.median(values)


def no_server_env() -> dict[str, str]:
    """The environment for a cold run: never hand the check to a running server."""
    return {**os.environ, "JDLINT_NO_SERVER": "1"}


def load_average() -> str:
    """The 1-minute load average, to print beside figures (other sessions share the cores)."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"

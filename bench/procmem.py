"""Run a command and sample the resident memory of its whole process tree (Linux /proc).

Used by the scale and batch benchmarks: ``peak_tree`` is the largest sum of
RSS over the process and its children at any sample, ``peak_process`` the
largest single process (what ``/usr/bin/time -v`` calls maximum resident set).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    """Wall time, exit code and memory peaks (MB) of one command."""

    wall: float
    code: int
    peak_tree: float
    peak_process: float


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in task.read_text().split()]
    return found


def run(command: list[str], interval: float = 0.1, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` (stdout discarded) and measure it."""
    peaks = [0, 0]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env or dict(os.environ))
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sizes = [_rss_kb(p) for p in _tree(process.pid)]
            peaks[0] = max(peaks[0], sum(sizes))
            peaks[1] = max(peaks[1], max(sizes, default=0))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    return Measured(wall, code, peaks[0] / 1024, peaks[1] / 1024)

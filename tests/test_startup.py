"""The command pauses the garbage collector only while it starts; library use keeps its own settings."""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from jdlint import startup
from jdlint.engine import Linter
from jdlint.rules import load_rules


def test_collector_is_back_on_and_start_up_frozen_once_the_rules_are_built() -> None:
    assert gc.isenabled()
    try:
        startup.pause()
        assert not gc.isenabled()
        Linter(load_rules())
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        startup.resume()  # a second linter (another configuration) changes nothing
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_library_use_keeps_the_callers_collector_settings() -> None:
    gc.disable()
    try:
        Linter(load_rules())
        assert not gc.isenabled()  # jdlint did not pause it, so it does not turn it on
    finally:
        gc.enable()
    Linter(load_rules())
    assert gc.isenabled()


def test_command_lints_with_the_collector_on() -> None:
    code = (
        "import gc, sys; from jdlint import engine; seen = []\n"
        "original = engine.Linter.lint_document\n"
        "def spy(self, *args, **kwargs):\n"
        "    seen.append(gc.isenabled()); return original(self, *args, **kwargs)\n"
        "engine.Linter.lint_document = spy\n"
        "sys.argv = ['jdlint', 'check', '--isolated', '-']\n"
        "from jdlint import launcher\n"
        "end = launcher._exit_now\n"
        "def report(code):\n"
        "    print(seen, gc.isenabled(), gc.get_freeze_count() > 0); end(code)\n"
        "launcher._exit_now = report\n"
        "launcher.main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        input="# Role\n\nWe utilise KPIs.\n",
        capture_output=True,
        text=True,
        env={"JDLINT_NO_SERVER": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.stdout.strip().splitlines()[-1] == "[True] True True", done.stderr


def _blas_threads_seen(env: dict[str, str]) -> str:
    """The OPENBLAS_NUM_THREADS a ``jdlint`` run has when the CLI starts."""
    code = (
        "import os, sys; from jdlint import cli\n"
        "cli.run = lambda: print(os.environ.get('OPENBLAS_NUM_THREADS'))\n"
        "sys.argv = ['jdlint', 'check', '--isolated', '-']\n"
        "from jdlint.launcher import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"JDLINT_NO_SERVER": "1", "PATH": "/usr/bin:/bin", **env},
        check=False,
    )
    return done.stdout.strip()


def test_command_starts_no_openblas_thread_pool_unless_asked() -> None:
    assert _blas_threads_seen({}) == "1"
    assert _blas_threads_seen({"OPENBLAS_NUM_THREADS": "4"}) == "4"


def _postings(folder: Path, count: int) -> None:
    for number in range(count):
        (folder / f"job-{number:03}.md").write_text(f"# Role {number}\n\nWe utilise KPIs.\n", encoding="utf-8")


def test_command_ends_with_its_output_written_and_its_workers_gone(tmp_path: Path) -> None:
    """The command skips the interpreter's clean-up (jdlint.launcher): nothing may be lost by it."""
    _postings(tmp_path, 60)
    env = {"JDLINT_NO_SERVER": "1", "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "jdlint", "check", "--isolated", "-j", "2", str(tmp_path)]
    done = subprocess.run([*command, "--format", "json"], capture_output=True, env=env, check=False)
    assert done.returncode == 1
    assert len(json.loads(done.stdout)["files"]) == 60
    # A reader that stops early: the run ends without a traceback and leaves no worker behind.
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    assert run.stdout is not None and run.stderr is not None
    run.stdout.readline()
    run.stdout.close()
    assert run.wait(timeout=60) in (0, 1)
    assert b"Traceback" not in run.stderr.read()
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-g", str(run.pid)], capture_output=True, text=True, check=False)
    assert left.stdout.split() == []


def test_ctrl_c_during_a_jobs_run_is_one_line_and_exit_130(tmp_path: Path) -> None:
    """Ctrl-C reaches every process of the group: the parent answers it; no worker prints a traceback."""
    _postings(tmp_path, 400)
    run = subprocess.Popen(
        [sys.executable, "-m", "jdlint", "check", "--isolated", "-j", "2", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"JDLINT_NO_SERVER": "1", "PATH": "/usr/bin:/bin"},
        start_new_session=True,
    )
    assert run.stdout is not None
    run.stdout.readline()  # the workers are running
    os.killpg(run.pid, signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130
    assert stderr == b"jdlint: interrupted\n"
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-g", str(run.pid)], capture_output=True, text=True, check=False)
    assert left.stdout.split() == []

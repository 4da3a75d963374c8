"""The command pauses the garbage collector only while it starts; library use keeps its own settings."""

from __future__ import annotations

import gc
import subprocess
import sys

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
        "from jdlint.launcher import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(seen, gc.isenabled(), gc.get_freeze_count() > 0)\n"
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

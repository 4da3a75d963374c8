"""--jobs: several processes give the same results, in the same order, as one."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jdlint.cli import app
from jdlint.discover import find_files
from jdlint.engine import Linter
from jdlint.parallel import CHUNK, SMALL_INPUT, lint_files, plan_jobs
from jdlint.rules import load_rules
from tests.conftest import ROOT

REAL = ROOT.parent / "shared" / "corpus-real" / "jds"


@pytest.fixture(scope="module")
def many_files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Our corpus copied several times (with an unreadable and an empty file among them)."""
    folder = tmp_path_factory.mktemp("many")
    sources = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".md", ".txt") and p.name != "README.md")
    for copy in range(4):
        for source in sources:
            shutil.copy(source, folder / f"{copy}-{source.parent.name}-{source.name}")
    (folder / "2-broken.md").write_bytes(b"\x89PNG\x00\x01 binary \x00")
    (folder / "3-empty.md").write_text("   \n", encoding="utf-8")
    return find_files([str(folder)], lambda _: False)


def summary(results: list) -> list:  # type: ignore[type-arg]
    return [(r.path, r.findings, r.sections, r.scores, r.error) for r in results]


def test_two_processes_match_one(many_files: list[str]) -> None:
    linter = Linter(load_rules())
    one = list(lint_files(linter.lint_paths, many_files, jobs=1))
    two = list(lint_files(linter.lint_paths, many_files, jobs=2))
    assert len(many_files) > 2 * CHUNK
    assert [r.path for r in two] == many_files
    assert summary(two) == summary(one)
    assert sum(len(r.findings) for r in one) > 50
    assert sum(r.error is not None for r in two) == 2


def test_cli_output_is_identical_whatever_the_jobs(many_files: list[str]) -> None:
    folder = str(Path(many_files[0]).parent)
    outputs = [CliRunner().invoke(app, ["check", "--format", "json", "-j", n, folder]) for n in ("1", "2", "3")]
    assert {o.exit_code for o in outputs} == {2}  # the unreadable files
    assert outputs[0].stdout == outputs[1].stdout == outputs[2].stdout
    assert len(json.loads(outputs[0].stdout)["files"]) == len(many_files)


@pytest.mark.parametrize("colour", [False, True])
def test_text_report_is_identical_whatever_the_jobs(many_files: list[str], colour: bool) -> None:
    """Workers render each file's part of the text report on the console they inherit: same bytes, same colours."""
    folder = str(Path(many_files[0]).parent)
    env = {"FORCE_COLOR": "1", "NO_COLOR": None} if colour else {"NO_COLOR": "1", "FORCE_COLOR": None}
    outputs = [
        CliRunner().invoke(app, ["check", "--no-progress", "--unsafe-fixes", "-j", n, folder], env=env).stdout
        for n in ("1", "2", "3")
    ]
    timed = re.compile(r"checked in [0-9.]+ s")  # the summary line's run time
    assert len({timed.sub("checked in - s", o) for o in outputs}) == 1
    assert ("\x1b[" in outputs[0]) is colour
    assert f"{len(many_files)} files checked" in outputs[1]
    assert "fixable with --fix --unsafe-fixes" in outputs[2]


def test_default_jobs_one_for_small_inputs() -> None:
    assert plan_jobs(None, 1) == 1
    assert plan_jobs(None, SMALL_INPUT - 1) == 1
    assert plan_jobs(3, 2) == 2
    assert plan_jobs(4, 1000) == 4
    assert plan_jobs(None, 10_000) >= 1


@pytest.mark.skipif(not REAL.is_dir(), reason="corpus-real not available")
def test_real_postings_same_with_two_processes() -> None:
    files = find_files([str(REAL)], lambda _: False)[:120]
    linter = Linter(load_rules())
    assert summary(list(lint_files(linter.lint_paths, files, jobs=2))) == summary(
        list(lint_files(linter.lint_paths, files, jobs=1))
    )

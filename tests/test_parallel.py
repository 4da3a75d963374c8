"""--jobs: several processes give the same results, in the same order, as one."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jdlint.cli import app
from jdlint.discover import find_files
from jdlint.engine import FileResult
from jdlint.parallel import CHUNK, SMALL_INPUT, ReadAhead, _records, lint_files, plan_jobs
from jdlint.runner import Runner
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
    runner = Runner()
    one = list(lint_files(runner.lint_files, many_files, jobs=1))
    two = list(lint_files(runner.lint_files, many_files, jobs=2))
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


def test_command_reading_ahead_prints_what_one_process_prints(many_files: list[str]) -> None:
    """A new process has no pipeline yet, so ``-j 2`` reads and parses ahead while it loads spaCy."""
    folder = str(Path(many_files[0]).parent)
    env = {**os.environ, "JDLINT_NO_SERVER": "1"}
    outputs = [
        subprocess.run(
            [sys.executable, "-m", "jdlint", "check", "--isolated", "--format", "json", "-j", n, folder],
            capture_output=True,
            env=env,
            check=False,
        )
        for n in ("1", "2")
    ]
    assert [o.returncode for o in outputs] == [2, 2]  # the unreadable files
    assert outputs[0].stdout == outputs[1].stdout
    assert outputs[1].stderr == outputs[0].stderr


def test_default_jobs_one_for_small_inputs() -> None:
    assert plan_jobs(None, 1) == 1
    assert plan_jobs(None, SMALL_INPUT - 1) == 1
    assert plan_jobs(3, 2) == 2
    assert plan_jobs(4, 1000) == 4
    assert plan_jobs(None, 10_000) >= 1


@pytest.mark.skipif(not REAL.is_dir(), reason="corpus-real not available")
def test_real_postings_same_with_two_processes() -> None:
    files = find_files([str(REAL)], lambda _: False)[:120]
    runner = Runner()
    assert summary(list(lint_files(runner.lint_files, files, jobs=2, prepare=runner.prepare))) == summary(
        list(lint_files(runner.lint_files, files, jobs=1))
    )


def _wait_for(reader: ReadAhead, chunks: int) -> dict[int, bytes]:
    """The reader's whole records once it has written ``chunks`` of them (it keeps running)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = _records(os.pread(reader.file.fileno(), os.fstat(reader.file.fileno()).st_size, 0))
        if len(found) >= chunks:
            return found
        time.sleep(0.01)
    raise AssertionError(f"the reader wrote fewer than {chunks} chunks")


def test_files_read_ahead_give_the_results_of_files_read_by_the_worker(many_files: list[str]) -> None:
    runner = Runner()
    chunks = [many_files[i : i + CHUNK] for i in range(0, len(many_files), CHUNK)]
    reader = ReadAhead.start(chunks, runner.prepare)
    assert reader is not None
    try:
        prepared = _wait_for(reader, len(chunks))
    finally:
        assert reader.stop() == prepared
        reader.close()
    for index, chunk in enumerate(chunks):
        ready = dict(zip(chunk, pickle.loads(prepared[index]), strict=True))
        assert summary(list(runner.lint_files(chunk, ready))) == summary(list(runner.lint_files(chunk)))
    assert any(isinstance(item, FileResult) for blob in prepared.values() for item in pickle.loads(blob))


def test_stopped_reader_gives_only_whole_chunks_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def prepare(path: str) -> str:
        if path == "slow":
            time.sleep(60)
        if path == "broken":
            raise RuntimeError("a reader's failure is silent")
        return path.upper()

    reader = ReadAhead.start([["a", "b"], ["c"], ["slow"], ["d"]], prepare)
    assert reader is not None
    _wait_for(reader, 2)
    found = reader.stop()
    reader.close()
    assert {index: pickle.loads(blob) for index, blob in found.items()} == {0: ["A", "B"], 1: ["C"]}
    broken = ReadAhead.start([["a"], ["broken"], ["b"]], prepare)
    assert broken is not None
    _wait_for(broken, 1)
    time.sleep(0.2)  # it has ended: nothing more comes
    assert list(broken.stop()) == [0]
    broken.close()
    assert list(tmp_path.iterdir()) == []
    assert capfd.readouterr() == ("", "")


def test_a_record_cut_short_is_dropped() -> None:
    whole = [struct.pack("<II", i, 3) + b"abc" for i in range(3)]
    data = b"".join(whole)
    assert _records(data) == {0: b"abc", 1: b"abc", 2: b"abc"}
    for cut in range(1, len(whole[-1])):
        assert _records(data[:-cut]) == {0: b"abc", 1: b"abc"}


def test_parsed_documents_survive_the_hand_over_whole(many_files: list[str]) -> None:
    """Spans, blocks and sections are pickled as constructor calls (model.py): every field comes back, equal."""
    runner = Runner()
    prepared = [item for item in map(runner.prepare, many_files) if not isinstance(item, FileResult)]
    documents = [document for _, document, _ in prepared]
    blocks = [block for document in documents for block in document.blocks]
    sections = [section for document in documents for section in document.sections]
    assert any(block.label is not None for block in blocks) and any(block.level for block in blocks)
    assert any(section.heading for section in sections)
    for record in (*blocks, *sections, *(block.span for block in blocks)):
        # The constructor's arguments are every field, in order: a field added later cannot be left out.
        assert record.__reduce__()[1] == tuple(getattr(record, f.name) for f in dataclasses.fields(record))
    back = pickle.loads(pickle.dumps(prepared, pickle.HIGHEST_PROTOCOL))
    assert back == prepared
    for document, copy in zip(documents, (d for _, d, _ in back), strict=True):
        assert copy.blocks == document.blocks and copy.sections == document.sections
        assert [type(b.span) for b in copy.blocks] == [type(b.span) for b in document.blocks]


def test_findings_survive_the_way_back_whole(many_files: list[str]) -> None:
    """Findings and fixes are pickled as constructor calls too (results of the reports that are not streamed)."""
    findings = [f for r in Runner().lint_files(many_files) for f in r.findings]
    fixes = [f.fix for f in findings if f.fix is not None]
    assert fixes and any(f.match for f in findings)
    for record in (*findings, *fixes):
        assert record.__reduce__()[1] == tuple(getattr(record, f.name) for f in dataclasses.fields(record))
    assert pickle.loads(pickle.dumps(findings, pickle.HIGHEST_PROTOCOL)) == findings

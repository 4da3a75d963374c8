"""--fix under faults and concurrency: the original file is byte-identical whenever a write fails.

The write goes temp file -> fsync -> os.replace (jdlint.files); each step is made to fail here.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jdlint.cli import app
from tests.conftest import ROOT

runner = CliRunner()
JD = "# Ward nurse\n\nIn order to help, you will utilize the EHR.\nYou will spearhead the rota.\n"
JD_FIXED = "# Ward nurse\n\nTo help, you will use the Electronic Health Record (EHR).\nYou will spearhead the rota.\n"


def job(folder: Path, name: str = "jd.md", text: str = JD) -> Path:
    path = folder / name
    path.write_bytes(text.encode())
    return path


def fails_cleanly(folder: Path, path: Path, message: str) -> None:
    result = runner.invoke(app, ["check", "--fix", str(path)])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("jdlint: error:")]
    assert len(errors) == 1 and message in errors[0], result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == JD.encode()
    assert sorted(p.name for p in folder.iterdir()) == [path.name]  # no temporary file left behind


def test_failure_between_write_and_replace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = job(tmp_path)

    def crash(source: str, target: str) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr("jdlint.files.os.replace", crash)
    fails_cleanly(tmp_path, path, "Input/output error; not fixed")


def test_failure_to_flush_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = job(tmp_path)

    def no_sync(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("jdlint.files.os.fsync", no_sync)
    fails_cleanly(tmp_path, path, "No space left on device; not fixed")


def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, who can write anywhere; a read-only folder is simulated where the
    # temporary file is created, which is where it would fail.
    path = job(tmp_path)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr("jdlint.files.tempfile.mkstemp", refuse)
    fails_cleanly(tmp_path, path, "Permission denied; not fixed")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores folder permissions")
def test_real_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = job(folder)
    folder.chmod(0o555)
    try:
        fails_cleanly(folder, path, "not fixed")
    finally:
        folder.chmod(0o755)


def test_two_processes_fixing_files_in_one_folder(tmp_path: Path) -> None:
    names = [f"job{i}.md" for i in range(6)]
    for name in names:
        job(tmp_path, name)
    command = [sys.executable, "-m", "jdlint", "check", "--fix", "--isolated", "--select", "JD1,JD2"]
    first = subprocess.Popen([*command, *(str(tmp_path / n) for n in names[:3])], cwd=ROOT)
    second = subprocess.Popen([*command, *(str(tmp_path / n) for n in names[3:])], cwd=ROOT)
    assert first.wait(timeout=300) in (0, 1) and second.wait(timeout=300) in (0, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == names  # no stray temporary files
    for name in names:
        assert (tmp_path / name).read_text() == JD_FIXED, name

"""The bad-input table: every odd input through the real command line, one test per case.

Each case checks the exit code, the one-line message on stderr (no traceback) and that no file
in the test folder changed (hashes before and after). Most cases run in-process through
``jdlint.guard.run`` (the console script's own guard); the ones that could hang or need a real
argv (a FIFO, a 50 MB file, a file name that is not UTF-8) run ``python -m jdlint`` in a
subprocess with a timeout.

Config-file rows (invalid TOML config, unknown rule code in config, wrong value type) come with
issue 3's config files; see /work/notes/issue-8.md.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jdlint import guard
from jdlint.cli import app
from tests.conftest import ROOT

CLEAN = ROOT / "corpus" / "clean" / "warehouse-team-lead.md"


def jdlint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process through the console script's guard."""
    code = guard.run(app, list(args))
    out, err = capsys.readouterr()
    return code, out, err


def jdlint_process(*args: str | bytes, timeout: float = 120) -> tuple[int, str, str]:
    """Run ``python -m jdlint`` in a subprocess (argv may hold bytes: file names that are not UTF-8)."""
    result = subprocess.run(
        [sys.executable, "-m", "jdlint", *args], capture_output=True, cwd=ROOT, timeout=timeout, check=False
    )
    return result.returncode, result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace")


def snapshot(folder: Path) -> dict[str, str]:
    """A hash of every regular file under ``folder`` (FIFOs, loops and locked files skipped)."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        try:
            if path.is_file() and not path.is_symlink() and os.access(path, os.R_OK):
                hashes[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
    return hashes


def assert_error(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("jdlint: error: "), err
    for word in words:
        assert word in lines[0], err
    assert "Traceback" not in err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# -- file contents -------------------------------------------------------------------------------


def test_binary_file(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(folder / "logo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    before = snapshot(folder)
    code, _, err = jdlint(capsys, "check", str(path))
    assert_error(code, err, str(path), "binary")
    assert snapshot(folder) == before


def test_nul_bytes_in_text(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(folder / "nul.md", b"# Nurse\n\nYou will care for patients.\x00\n")
    before = snapshot(folder)
    code, _, err = jdlint(capsys, "check", str(path))
    assert_error(code, err, str(path), "NUL")
    assert snapshot(folder) == before


def test_invalid_utf8_that_is_no_legacy_encoding_either(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 0x81 and 0x8d are not characters in Windows-1252 either, so there is nothing to guess.
    path = write(folder / "garbled.md", b"# Caf\x81 manager\n\nRun the caf\x8d.\n")
    before = snapshot(folder)
    code, _, err = jdlint(capsys, "check", str(path))
    assert_error(code, err, str(path), "not UTF-8", "offset 5", "not Windows-1252 either")
    assert snapshot(folder) == before


def test_latin1_is_read_with_a_warning(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(folder / "latin1.md", "# Café manager\n\nRun the café.\n".encode("latin-1"))
    before = snapshot(folder)
    code, _, err = jdlint(capsys, "check", str(path), "--select", "JD1")
    assert code == 0, err
    assert (
        err.strip() == f"jdlint: warning: {path}: not UTF-8; read as Windows-1252 (cp1252), a guess from its bytes. "
        "Save it as UTF-8 to be sure (--fix keeps cp1252)"
    )
    assert snapshot(folder) == before


def test_utf16_without_bom(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(folder / "utf16.md", "# Nurse\n\nYou will care for patients.\n".encode("utf-16-le"))
    before = snapshot(folder)
    code, _, err = jdlint(capsys, "check", str(path))
    assert_error(code, err, str(path), "UTF-16", "without a byte-order mark")
    assert snapshot(folder) == before


def test_empty_file(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(folder / "empty.md", b"")
    code, _, err = jdlint(capsys, "check", str(path))
    assert_error(code, err, str(path), "empty")
    assert path.read_bytes() == b""


def test_whitespace_only(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(folder / "blank.txt", b" \n\t\n\r\n   \n")
    before = snapshot(folder)
    code, _, err = jdlint(capsys, "check", str(path))
    assert_error(code, err, str(path), "empty")
    assert snapshot(folder) == before


def test_one_megabyte_single_line_is_checked(folder: Path) -> None:
    words = ["you", "will", "help", "our", "customers", "every", "day", "with", "care", "and", "skill"]
    line = " ".join(words[i % len(words)] for i in range(200_000))[: 1024 * 1024]
    path = write(folder / "oneline.md", line.encode())
    before = snapshot(folder)
    # Was 101 s (quadratic split advice); now about 5 s. The timeout only guards against a hang.
    code, out, err = jdlint_process("check", "--format", "json", str(path), timeout=120)
    assert code == 1, err
    assert '"JD403"' in out  # the one endless sentence is reported as too long
    assert err == ""
    assert snapshot(folder) == before


def test_fifty_megabyte_file_is_refused_quickly(folder: Path) -> None:
    path = folder / "huge.md"
    with path.open("wb") as handle:
        block = b"You will help our customers every day.\n" * 26_000  # about 1 MB
        for _ in range(50):
            handle.write(block)
    before = snapshot(folder)
    code, _, err = jdlint_process("check", str(path), timeout=60)
    assert_error(code, err, str(path), "is over the 5.0 MB limit", "--max-file-size")
    assert snapshot(folder) == before


# -- paths ---------------------------------------------------------------------------------------


def test_folder_with_no_jd_files(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(folder / "notes.json", b"{}")
    write(folder / "README.md", b"# Readme\n")  # skipped by name in folder walks
    before = snapshot(folder)
    code, _, err = jdlint(capsys, "check", str(folder))
    assert_error(code, err, str(folder), "no job description files")
    assert snapshot(folder) == before


def test_missing_path(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = jdlint(capsys, "check", str(folder / "nowhere.md"))
    assert_error(code, err, "nowhere.md", "no such file or folder")
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file; see test_path_under_a_file")
def test_unreadable_file(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(folder / "locked.md", b"# Nurse\n")
    path.chmod(0)
    try:
        code, _, err = jdlint(capsys, "check", str(path))
        assert_error(code, err, str(path), "cannot read", "Permission denied")
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == b"# Nurse\n"


def test_path_under_a_file(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The unreadable-path case that also fails for root: a file used as a folder."""
    parent = write(folder / "job.md", b"# Nurse\n")
    before = snapshot(folder)
    code, _, err = jdlint(capsys, "check", str(parent / "child.md"))
    assert_error(code, err, "job.md/child.md", "cannot read", "Not a directory")
    assert snapshot(folder) == before


def test_symlink_loop(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "a.md").symlink_to(folder / "b.md")
    (folder / "b.md").symlink_to(folder / "a.md")
    code, _, err = jdlint(capsys, "check", str(folder / "a.md"))
    assert_error(code, err, "a.md", "cannot read", "symbolic links")


def test_symlink_loop_inside_a_folder_is_one_error_among_results(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(CLEAN, folder / "good.md")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    before = snapshot(folder)
    code, _, err = jdlint(capsys, "check", str(folder))
    assert_error(code, err, "loop.md", "symbolic links")
    assert "good.md" not in err
    assert snapshot(folder) == before


def test_fifo_does_not_hang(folder: Path) -> None:
    fifo = folder / "pipe.md"
    os.mkfifo(fifo)
    code, _, err = jdlint_process("check", str(fifo), timeout=60)
    assert_error(code, err, "pipe.md", "not a regular file")


def test_non_ascii_path(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sub = folder / "Stellen – Köln 日本"
    sub.mkdir()
    path = sub / "Pflegefachkraft-für-Ärzte.md"
    shutil.copy(CLEAN, path)
    before = snapshot(folder)
    code, out, err = jdlint(capsys, "check", str(path))
    assert code == 0, err
    assert err == "" and "0 findings" in out
    assert snapshot(folder) == before


def test_file_name_that_is_not_utf8(folder: Path) -> None:
    name = os.fsencode(folder) + b"/caf\xe9.md"
    with open(name, "wb") as handle:
        handle.write(b"# Nurse\n\nCall us on TBD.\n\nSalary: TBD\n")
    code, out, err = jdlint_process("check", name)
    assert code == 1, err
    assert "caf\\udce9.md" in out  # shown escaped, never a UnicodeEncodeError
    assert "Traceback" not in err


def test_file_name_with_a_line_break_stays_one_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = jdlint(capsys, "check", str(folder / "two\nlines.md"))
    assert_error(code, err, "two\\nlines.md", "no such file")


# -- options -------------------------------------------------------------------------------------


def test_select_and_ignore_that_leave_no_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = jdlint(capsys, "check", str(CLEAN), "--select", "JD2", "--ignore", "JD201")
    assert_error(code, err, "no rules left", "'select'")


def test_select_an_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = jdlint(capsys, "check", str(CLEAN), "--select", "JD999")
    assert_error(code, err, "unknown rule code or name 'JD999'")


def test_unknown_option_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = jdlint(capsys, "check", str(CLEAN), "--frobnicate")
    assert_error(code, err, "No such option: --frobnicate", "--help")


def test_bad_choice_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = jdlint(capsys, "check", str(CLEAN), "--format", "yaml")
    assert_error(code, err, "--format", "yaml")


def test_unknown_profile(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = jdlint(capsys, "check", str(CLEAN), "--profile", "nonesuch")
    assert_error(code, err, "unknown profile 'nonesuch'")


# -- team rules ----------------------------------------------------------------------------------


def team_rules(folder: Path, monkeypatch: pytest.MonkeyPatch, pattern: str) -> str:
    """A configuration file whose ``extend-rules`` folder holds one team rule with ``pattern``."""
    (folder / "team-rules").mkdir()
    (folder / "team-rules" / "team.toml").write_text(
        "[[rule]]\n"
        'code = "ACM901"\nname = "team-phrase"\nkind = "patterns"\nseverity = "warning"\n'
        'summary = "a phrase our team avoids"\nmessage = "Avoid {what}."\nsuggestion = "Reword it."\n'
        'why = "House style."\n'
        f"params = {{ patterns = [ {{ pattern = '{pattern}', what = \"this\" }} ] }}\n"
    )
    config = folder / ".jdlint.toml"
    config.write_text('extend-rules = ["team-rules"]\n')
    return str(config)


def test_team_rule_with_a_bad_regex(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = team_rules(folder, monkeypatch, "(unclosed")
    before = snapshot(folder)
    code, _, err = jdlint(capsys, "check", "--config", config, str(CLEAN))
    assert_error(code, err, "team.toml", "ACM901", "bad pattern '(unclosed'", "missing )")
    assert snapshot(folder) == before


def test_team_rule_with_catastrophic_backtracking_finishes(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = team_rules(folder, monkeypatch, "(a+)+$")
    path = write(folder / "job.md", b"# Job\n\n" + b"a" * 50_000 + b"!\n\nYou will help customers.\n")
    before = snapshot(folder)
    # On Python's re this pattern takes exponential time on that line; it runs on RE2 instead.
    code, out, err = jdlint(capsys, "check", "--config", config, "--format", "json", "--select", "ACM901", str(path))
    assert code == 0, err
    assert '"findings": []' in out
    assert snapshot(folder) == before


def test_team_rule_with_backtracking_and_lookaround_is_refused(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = team_rules(folder, monkeypatch, "(?=a)(a+)+$")
    code, _, err = jdlint(capsys, "check", "--config", config, str(CLEAN))
    assert_error(code, err, "team.toml", "ACM901", "exponential time")


# -- internal errors -----------------------------------------------------------------------------


def explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("simulated bug")


def test_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("jdlint.engine.Linter.lint_paths", explode)
    code, _, err = jdlint(capsys, "check", str(CLEAN))
    assert code == 2
    assert err.strip().splitlines() == [
        "jdlint: internal error: RuntimeError: simulated bug (run with --debug for the traceback)"
    ]


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("jdlint.engine.Linter.lint_paths", explode)
    code, _, err = jdlint(capsys, "--debug", "check", str(CLEAN))
    assert code == 2
    assert "Traceback (most recent call last)" in err and "in explode" in err
    assert err.strip().splitlines()[-1] == "jdlint: internal error: RuntimeError: simulated bug"


# -- configuration files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("select = [\n", ("invalid TOML",)),
        ('select = ["JD999"]\n', ("'select': unknown rule code or name 'JD999'",)),
        ("[rules.JD403]\nmax_words = true\n", ("[rules.JD403]", "'max_words' must be a number")),
    ],
    ids=["invalid-toml", "unknown-code", "wrong-type"],
)
def test_bad_configuration(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], content: str, words: tuple[str]
) -> None:
    config = folder / ".jdlint.toml"
    config.write_text(content)
    job = folder / "job.md"
    shutil.copy(CLEAN, job)
    monkeypatch.chdir(folder)
    before = snapshot(folder)
    code, _, err = jdlint(capsys, "check", "--fix", str(job))
    assert_error(code, err, str(config), *words)
    assert snapshot(folder) == before

"""Rule and list files are data: read with tomllib, never executed, never a way out of their folder."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from jdlint.engine import Linter
from jdlint.errors import JdlintError
from jdlint.kinds.sections import load_profile
from jdlint.rules import builtin_rules_dir, load_list, load_rules
from tests.conftest import ROOT

WORDLIST_RULE = """
[[rule]]
code = "JD902"
name = "team-words"
kind = "wordlist"
severity = "warning"
summary = "Words our team avoids"
message = "'{match}' is on our list."
suggestion = "{advice}"
why = "House style."
[rule.params]
list = "LIST"
"""


def team_folder(tmp_path: Path, list_name: str) -> Path:
    folder = tmp_path / "team"
    (folder / "lists").mkdir(parents=True)
    shutil.copy(builtin_rules_dir() / "lists" / "english-verbs.toml", folder / "lists")
    (folder / "team.toml").write_text(WORDLIST_RULE.replace("LIST", list_name))
    return folder


def build(folder: Path) -> Linter:
    return Linter(load_rules([folder]))


@pytest.mark.parametrize("name", ["../secret", "/etc/passwd", "lists/../../x", "..", "a/b", "x.toml", ""])
def test_list_names_cannot_leave_the_folder(tmp_path: Path, name: str) -> None:
    (tmp_path / "secret.toml").write_text("[words]\n")
    with pytest.raises(JdlintError, match="must be a plain name"):
        build(team_folder(tmp_path, name))


def test_a_list_symlinked_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text('[entries]\n"leverage" = { plain = "use" }\n')
    folder = team_folder(tmp_path, "words")
    (folder / "lists" / "words.toml").symlink_to(outside)
    with pytest.raises(JdlintError, match="leads outside the rules folder"):
        build(folder)


def test_a_rule_file_symlinked_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "rules.toml"
    outside.parent.mkdir()
    outside.write_text(WORDLIST_RULE.replace("LIST", "jargon"))
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "linked.toml").symlink_to(outside)
    with pytest.raises(JdlintError, match="leads outside the rules folder"):
        load_rules([folder])


@pytest.mark.parametrize("name", ["../default", "/tmp/x", "de fault"])
def test_profile_names_cannot_leave_the_folder(name: str) -> None:
    with pytest.raises(JdlintError, match="must be a plain name"):
        load_profile(builtin_rules_dir(), name)


def test_a_list_name_is_checked_before_any_read(tmp_path: Path) -> None:
    load_list.cache_clear()
    with pytest.raises(JdlintError, match="plain name"):
        load_list(tmp_path, "../../etc/passwd")


def test_python_next_to_rules_is_never_run(tmp_path: Path) -> None:
    folder = team_folder(tmp_path, "words")
    (folder / "lists" / "words.toml").write_text('[entries]\n"synergize" = { plain = "work together" }\n')
    marker = tmp_path / "ran"
    for name in ("team.py", "__init__.py", "lists/words.py", "conftest.py"):
        (folder / name).write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    (folder / "sneaky.toml.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    modules = set(sys.modules)
    linter = build(folder)
    assert [r.code for r in linter.rules] == ["JD902"]
    assert not marker.exists()
    assert not any("team" in m or "sneaky" in m for m in set(sys.modules) - modules)


def test_toml_strings_that_look_like_code_stay_strings(tmp_path: Path) -> None:
    folder = team_folder(tmp_path, "words")
    (folder / "lists" / "words.toml").write_text(
        "[entries]\n\"__import__('os').system('touch x')\" = { plain = \"{__class__}\" }\n"
    )
    linter = build(folder)
    assert linter.rules[0].params["list"] == "words"
    assert not (tmp_path / "x").exists() and not Path("x").exists()


def test_no_code_execution_in_the_loaders() -> None:
    """The code that reads rule, list and profile files uses tomllib only: no eval, exec or imports by name."""
    forbidden = re.compile(
        r"\b(?:eval|exec|compile|__import__|import_module|exec_module|run_path)\s*\("
        r"|\b(?:pickle|marshal)\.\w+\s*\(|\bimport\s+(?:pickle|marshal)\b"
    )
    for path in sorted((ROOT / "jdlint").rglob("*.py")):
        source = path.read_text()
        for line in source.splitlines():
            if not forbidden.search(line) or "re.compile(" in line or "re2.compile(" in line:
                continue
            # The start-up cache stores plain data (numbers, strings, lists, dicts) derived from jdlint's
            # own files with marshal, in a 0700 folder of the user's; nothing it loads is ever run.
            if path.name == "diskcache.py" and "marshal" in line and "pickle" not in line:
                continue
            # --jobs hands work between jdlint's own processes (forked from this one) with pickle, as
            # multiprocessing does, through an unnamed temporary file no other process can open.
            if path.name == "parallel.py" and "pickle" in line and "marshal" not in line:
                continue
            pytest.fail(f"{path.name}: {line.strip()}")

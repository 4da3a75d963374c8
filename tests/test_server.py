"""jdlint server: same bytes and exit codes as a normal run, private socket, stale code refused."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jdlint import client
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="unix sockets only")


def jdlint(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "jdlint", *args],
        capture_output=True,
        env=env,
        cwd=ROOT,
        input=None if stdin is None else stdin.encode(),
        timeout=120,
    )


@pytest.fixture(scope="module")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    runtime = tmp_path_factory.mktemp("runtime")
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    env.pop("JDLINT_NO_SERVER", None)
    started = jdlint("server", "start", "--idle", "5", env=env)
    assert started.returncode == 0, started.stderr
    yield env
    jdlint("server", "stop", env=env)


def test_status_and_private_folder(server_env: dict[str, str]) -> None:
    status = jdlint("server", "status", env=server_env)
    assert status.returncode == 0
    assert b"(current)" in status.stdout
    folder = Path(server_env["XDG_RUNTIME_DIR"]) / "jdlint"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    sockets = list(folder.glob("server-*.sock"))
    assert len(sockets) == 1
    assert stat.S_IMODE(sockets[0].stat().st_mode) & 0o077 == 0


@pytest.mark.parametrize(
    "args",
    [
        ("check", "corpus/case-manager.md"),
        ("check", "--format", "json", "corpus"),
        ("check", "corpus/clean/warehouse-team-lead.md"),
        ("check", "no-such-file.md"),
        ("check", "--no-such-option"),
        ("check", "--select", "JD2", "--fail-on", "error", "corpus/bad"),
    ],
)
def test_output_identical_to_a_normal_run(server_env: dict[str, str], args: tuple[str, ...]) -> None:
    served = jdlint(*args, env=server_env)
    local = jdlint(*args, env={**server_env, "JDLINT_NO_SERVER": "1"})
    timing = rb"checked in [0-9.]+ s"
    assert served.returncode == local.returncode
    assert re.sub(timing, b"", served.stdout) == re.sub(timing, b"", local.stdout)
    assert served.stderr == local.stderr


def test_requests_really_go_to_the_server(server_env: dict[str, str]) -> None:
    path = client.socket_path(str(Path(server_env["XDG_RUNTIME_DIR"]) / "jdlint"), client.code_key())
    before = client.exchange(path, {"command": "ping"})
    assert before is not None and before["key"] == client.code_key()
    jdlint("check", "corpus/case-manager.md", env=server_env)
    jdlint("check", "corpus/case-manager.md", env={**server_env, "JDLINT_NO_SERVER": "1"})
    after = client.exchange(path, {"command": "ping"})
    assert after is not None and after["served"] == before["served"] + 1


def test_standard_input_is_forwarded(server_env: dict[str, str]) -> None:
    """Whatever '-' means to check, the server sees the same standard input a local run would."""
    text = (ROOT / "corpus" / "case-manager.md").read_text(encoding="utf-8")
    served = jdlint("check", "-", env=server_env, stdin=text)
    local = jdlint("check", "-", env={**server_env, "JDLINT_NO_SERVER": "1"}, stdin=text)
    assert (served.returncode, served.stderr) == (local.returncode, local.stderr)


def test_a_request_for_other_code_is_refused(tmp_path: Path) -> None:
    """A server started for other code says 'stale' and exits; the client then runs the check itself."""
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}
    assert jdlint("server", "start", "--idle", "1", env=env).returncode == 0
    path = client.socket_path(str(tmp_path / "jdlint"), client.code_key())
    request = {"key": "0" * 20, "argv": ["jdlint", "check", "x.md"]}
    assert client.exchange(path, request) == {"stale": True}
    status = jdlint("server", "status", env=env)
    assert status.returncode == 1  # it has gone


def test_folder_open_to_others_is_never_used(tmp_path: Path) -> None:
    folder = tmp_path / "jdlint"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}
    started = jdlint("server", "start", env=env)
    assert started.returncode == 2
    assert b"not a private folder" in started.stderr
    # and the check still runs, locally
    assert jdlint("check", "corpus/clean/warehouse-team-lead.md", env=env).returncode == 0


def test_a_bad_request_does_not_end_the_server(server_env: dict[str, str]) -> None:
    path = client.socket_path(str(Path(server_env["XDG_RUNTIME_DIR"]) / "jdlint"), client.code_key())
    broken = {"key": client.code_key(), "argv": ["jdlint", "check", "x.md"], "cwd": "/no/such/folder"}
    assert client.exchange(path, broken) is None  # no answer: the client would run the check itself
    assert client.exchange(path, {"command": "ping"}) is not None

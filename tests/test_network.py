"""No network: the suite runs with internet sockets blocked (conftest), and a check opens no socket at all."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from typer.testing import CliRunner

from jdlint.cli import app
from tests.conftest import ROOT, NetworkBlocked


def test_the_suite_runs_with_the_network_off() -> None:
    with pytest.raises(NetworkBlocked):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("localhost", 80))
    local = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # allowed: local servers under test
    local.close()


def test_a_check_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    # The first check imports spaCy's dependencies; urllib3 probes for IPv6 at import time by creating
    # (never connecting) a socket. test_offline covers that cold start with sockets blocked; here, with
    # everything imported, a whole check must not create a single socket, local or not.
    corpus = str(ROOT / "corpus")
    assert CliRunner().invoke(app, ["check", "--format", "json", corpus]).exit_code == 1
    opened: list[tuple[Any, ...]] = []
    blocked = socket.socket

    class Counting(blocked):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            opened.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", Counting)
    result = CliRunner().invoke(app, ["check", "--format", "json", corpus])
    assert result.exit_code == 1, result.output
    assert '"findings"' in result.output
    assert opened == []

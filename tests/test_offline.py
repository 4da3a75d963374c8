"""jdlint never touches the network: the full check runs with sockets blocked.

textstat 0.7.x would download CMUdict through NLTK on first use; jdlint ships
the dictionary. This test runs a fresh process (so nothing is cached) with
``socket.socket`` replaced by a class that fails on use, an empty home and
NLTK_DATA pointing nowhere, and checks that readability scores still come out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

BLOCK_SOCKETS = """
import socket, sys
class NoNetwork(socket.socket):
    def __init__(self, *args, **kwargs):
        raise RuntimeError("network access attempted")
socket.socket = NoNetwork
socket.create_connection = lambda *a, **k: (_ for _ in ()).throw(RuntimeError("network access attempted"))
sys.argv = ["jdlint", "check", "--format", "json", sys.argv[1]]
from jdlint.cli import run
run()
"""


def test_full_check_with_network_blocked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "HOME": str(tmp_path), "NLTK_DATA": str(tmp_path / "nothing")}
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_SOCKETS, str(ROOT / "corpus" / "case-manager.md")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert "network access attempted" not in result.stderr
    assert "nltk_data" not in result.stderr.lower()
    assert result.returncode == 1, result.stderr
    scores = json.loads(result.stdout)["files"][0]["scores"]
    assert scores["words"] > 100 and 0 < scores["flesch_kincaid_grade"] < 30
    assert not (tmp_path / "nltk_data").exists()

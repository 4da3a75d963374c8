"""``jdlint server``: a long-lived process that answers ``jdlint check`` runs in milliseconds.

Start it once (``jdlint server start``); from then on the ``jdlint`` command
hands every ``check`` run to it (see :mod:`jdlint.client`) and prints what it
sends back. The server has spaCy, the rules and every table loaded already,
so a one-file check costs the lint itself plus a round trip.

How a request runs: the server switches to the client's working folder and
environment, gives ``check`` a stdout and stderr that report the client's
terminal state, runs the same command-line code as a normal run, and returns
the bytes written and the exit code. It knows nothing about ``check``'s
options, so new options work unchanged. Requests are served one at a time
(each borrows the process's folder and environment).

Safety: the socket sits in a per-user folder with mode 0700, the server
checks the peer's uid on every connection, and it answers only requests made
for its own code key (jdlint version + hash of code and built-in rules). It
exits when that key no longer matches the files on disk (after an upgrade or
a rule edit: checked each minute and on every request), and after
``--idle`` minutes without requests.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jdlint.client import code_key, exchange, private_dir, runtime_dir, socket_path
from jdlint.errors import JdlintError

CHECK_EVERY = 60.0  # seconds between checks that the code on disk is still the server's
MAX_REQUEST = 256 * 1024 * 1024
_served = [0]  # requests answered, for ``status`` and tests


class _Output(io.TextIOWrapper):
    """A captured stdout or stderr that says whether the client's stream is a terminal."""

    def __init__(self, encoding: str, tty: bool) -> None:
        super().__init__(io.BytesIO(), encoding=encoding or "utf-8", errors="strict", write_through=True)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty

    def captured(self) -> bytes:
        self.flush()
        raw = self.buffer
        assert isinstance(raw, io.BytesIO)
        return raw.getvalue()


def serve(idle_minutes: float = 30.0, ready: Path | None = None) -> int:
    """Listen until idle, stale or stopped; returns the exit code."""
    folder = private_dir(create=True)
    if folder is None:
        raise JdlintError(f"{runtime_dir()}: not a private folder (it must be yours, mode 0700); not starting")
    key = code_key()
    path = Path(socket_path(folder, key))
    if path.exists():
        if _ping(path):
            raise JdlintError(f"a server is already running ({path})")
        path.unlink()
    _warm_up()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)
    try:
        listener.bind(str(path))
    finally:
        os.umask(old_umask)
    listener.listen(16)
    listener.settimeout(CHECK_EVERY)
    if ready is not None:
        ready.write_text(str(os.getpid()))
    last = time.monotonic()
    try:
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                if code_key() != key or time.monotonic() - last > idle_minutes * 60:
                    return 0
                continue
            last = time.monotonic()
            with connection:
                if not _same_user(connection):
                    continue
                try:
                    stop = _answer(connection, key)
                except Exception as error:  # one bad request (a hung client, a vanished folder) must not end the server
                    print(f"jdlint server: request failed: {type(error).__name__}: {error}", file=sys.stderr)
                    continue
            if stop:
                return 0
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            path.unlink()


def _warm_up() -> None:
    """Load everything a check needs, so that the first request is as fast as the rest."""
    from jdlint.engine import Linter
    from jdlint.inputs import Source
    from jdlint.rules import load_rules

    list(Linter(load_rules()).lint_sources([Source("<warm-up>", "# Role\n\nWe utilise KPIs daily.\n", True)]))
    import jdlint.cli
    import jdlint.report.json
    import jdlint.report.text  # noqa: F401


def _same_user(connection: socket.socket) -> bool:
    """Whether the peer runs as our user (Linux SO_PEERCRED; elsewhere the 0700 folder guards)."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return True
    credentials = connection.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", credentials)
    return bool(uid == os.getuid())


def _answer(connection: socket.socket, key: str) -> bool:
    """Read one request, run it, reply; True when the server should stop."""
    connection.settimeout(30.0)
    data = b""
    while not data.endswith(b"\n") and len(data) < MAX_REQUEST:
        chunk = connection.recv(1 << 16)
        if not chunk:
            break
        data += chunk
    try:
        request = json.loads(data)
    except ValueError:
        return False
    if request.get("command") == "ping":
        _reply(connection, {"pid": os.getpid(), "key": key, "served": _served[0]})
        return False
    if request.get("command") == "stop":
        _reply(connection, {"stopping": True})
        return True
    # The client found this socket by the key of the code on its disk; an older
    # server (code changed since it started) is simply never found.
    if request.get("key") != key:
        _reply(connection, {"stale": True})  # the client runs the check itself
        return True
    _reply(connection, run_request(request))
    _served[0] += 1
    return False


def _reply(connection: socket.socket, payload: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):
        connection.sendall(json.dumps(payload).encode() + b"\n")


def run_request(request: dict[str, Any]) -> dict[str, Any]:
    """Run one forwarded command line as the client would have, capturing its output."""
    stdout = _Output(request["encoding"]["stdout"], request["tty"]["stdout"])
    stderr = _Output(request["encoding"]["stderr"], request["tty"]["stderr"])
    stdin_data = base64.b64decode(request["stdin"]) if request.get("stdin") is not None else b""
    stdin = io.TextIOWrapper(io.BytesIO(stdin_data), encoding=request["encoding"]["stdout"] or "utf-8")
    env = dict(request["env"])
    if request.get("size") and "COLUMNS" not in env:
        # A local run would ask the terminal; here the client has asked it for us.
        env["COLUMNS"], env["LINES"] = (str(n) for n in request["size"])
    with _borrowed(request["cwd"], env, request["argv"], stdin, stdout, stderr):
        code = _run_cli(request.get("prog"))
    return {"stdout": _b64(stdout.captured()), "stderr": _b64(stderr.captured()), "code": code}


def _run_cli(prog_name: str | None) -> int:
    from jdlint.cli import run

    try:
        run(prog_name)
    except SystemExit as done:
        if done.code is None:
            return 0
        if isinstance(done.code, int):
            return done.code
        print(done.code, file=sys.stderr)
        return 1
    return 0


@contextlib.contextmanager
def _borrowed(
    cwd: str, env: dict[str, str], argv: list[str], stdin: io.TextIOBase, stdout: io.TextIOBase, stderr: io.TextIOBase
) -> Iterator[None]:
    """Process-wide state set to the client's for the length of one request."""
    saved = (os.getcwd(), dict(os.environ), sys.argv, sys.stdin, sys.stdout, sys.stderr)
    try:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        sys.argv = list(argv)
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
        yield
    finally:
        os.chdir(saved[0])
        os.environ.clear()
        os.environ.update(saved[1])
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved[2], saved[3], saved[4], saved[5]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _ping(path: Path) -> dict[str, Any] | None:
    try:
        return exchange(str(path), {"command": "ping"}, timeout=5.0)
    except (OSError, ValueError):
        return None


def sockets() -> list[Path]:
    """Every server socket in the runtime folder (current code or not)."""
    folder = private_dir(create=False)
    return sorted(Path(folder).glob("server-*.sock")) if folder else []


def status() -> tuple[Path | None, list[tuple[Path, dict[str, Any] | None]]]:
    """The current code's socket path, and every socket with its ping answer (None: not answering)."""
    folder = private_dir(create=False)
    current = Path(socket_path(folder, code_key())) if folder else None
    return current, [(path, _ping(path)) for path in sockets()]


def start(idle_minutes: float, wait: float = 60.0) -> int:
    """Start a detached server for the current code; the pid once it listens."""
    folder = private_dir(create=True)
    if folder is None:
        raise JdlintError(f"{runtime_dir()}: not a private folder (it must be yours, mode 0700)")
    path = Path(socket_path(folder, code_key()))
    answer = _ping(path) if path.exists() else None
    if answer:
        return int(answer["pid"])
    ready = Path(folder) / f"starting-{os.getpid()}"
    with contextlib.suppress(OSError):
        ready.unlink()
    log = open(Path(folder) / "server.log", "ab")  # noqa: SIM115 - handed to the child process
    command = [sys.executable, "-m", "jdlint", "server", "run", "--idle", str(idle_minutes), "--ready", str(ready)]
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        start_new_session=True,
        env={**os.environ, "JDLINT_NO_SERVER": "1"},
    )
    log.close()
    log_path = Path(folder) / "server.log"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if ready.exists():
            ready.unlink()
            return child.pid
        if child.poll() is not None:
            raise JdlintError(f"the server exited at start (code {child.returncode}); see {log_path}")
        time.sleep(0.05)
    raise JdlintError(f"the server did not start within {wait:.0f} s; see {log_path}")


def stop() -> int:
    """Stop every jdlint server of this user; how many were stopped."""
    stopped = 0
    for path in sockets():
        try:
            answer = exchange(str(path), {"command": "stop"}, timeout=5.0)
        except (OSError, ValueError):
            answer = None
        if answer:
            stopped += 1
        else:  # a socket left behind by a server that died
            with contextlib.suppress(OSError):
                path.unlink()
    return stopped

"""Hand a ``jdlint check`` run to a running ``jdlint server``, if there is one.

Standard library only, so that asking costs a few milliseconds: the ``jdlint``
command calls :func:`forward` before importing spaCy or typer. The client
sends its argv, working folder, environment, terminal state and (for ``-``)
standard input; the server runs the very same ``check`` code and sends back
stdout, stderr and the exit code, so the output is byte for byte what a
normal run prints, whatever options ``check`` has.

A server is found by the key of jdlint's code and built-in rules (version +
content hash): after an upgrade or an edit to a rule file the key changes,
the old server is not found, and the run happens in this process. Anything
unexpected (no server, a refused connection, a server that says it is stale)
also falls back to a normal run. ``JDLINT_NO_SERVER=1`` turns forwarding off.

The socket lives in a per-user folder (``$XDG_RUNTIME_DIR/jdlint`` or
``/tmp/jdlint-<uid>``) with mode 0700; a folder owned by someone else or open
to others is never used.
"""

from __future__ import annotations

import os
import stat
import sys

from jdlint import TYPE_CHECKING, __version__

if TYPE_CHECKING:
    from typing import Any

# No pathlib here: it imports re and fnmatch, a third of this module's budget.
PACKAGE = os.path.dirname(os.path.abspath(__file__))
FORWARDED_COMMANDS = ("check",)
# Bigger than any request's reply header; replies are read to the end anyway.
READ_SIZE = 1 << 16


def runtime_dir() -> str:
    """The per-user folder that holds the server sockets."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base and os.path.isdir(base):
        return os.path.join(base, "jdlint")
    return os.path.join(os.environ.get("TMPDIR") or "/tmp", f"jdlint-{os.getuid()}")


def private_dir(create: bool) -> str | None:
    """The runtime folder if it is ours and closed to others (created 0700 if asked), else None."""
    folder = runtime_dir()
    if create:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    try:
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return folder


def content_files() -> list[str]:
    """What a server's answers depend on: jdlint's code, data tables and built-in rules."""
    packaged = os.path.join(PACKAGE, "_rules")
    rules = packaged if os.path.isdir(packaged) else os.path.join(os.path.dirname(PACKAGE), "rules")
    code = _walk(PACKAGE, (".py",), skip=("_rules", "__pycache__", "nltk_data"))
    data = _walk(os.path.join(PACKAGE, "data"), (".txt",), skip=("nltk_data",))
    return code + data + _walk(rules, (".toml",), skip=())


def _walk(root: str, suffixes: tuple[str, ...], skip: tuple[str, ...]) -> list[str]:
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if d not in skip]
        found += [os.path.join(folder, n) for n in names if n.endswith(suffixes)]
    return sorted(found)


def code_key() -> str:
    """Version plus a hash of every file in :func:`content_files` (names and contents)."""
    import hashlib

    digest = hashlib.blake2b(f"{__version__}\0{sys.version}\0".encode())
    base = os.path.dirname(PACKAGE)
    for path in content_files():
        digest.update(os.path.relpath(path, base).encode() + b"\0")
        with open(path, "rb") as handle:
            digest.update(handle.read() + b"\0")
    return digest.hexdigest()[:20]


def socket_path(folder: str, key: str) -> str:
    """Where the server for code ``key`` listens."""
    return os.path.join(folder, f"server-{key}.sock")


def forward(argv: list[str]) -> int | None:
    """Run ``argv`` on a matching server; its exit code, or None to run here instead."""
    if os.environ.get("JDLINT_NO_SERVER") or len(argv) < 2 or argv[1] not in FORWARDED_COMMANDS:
        return None
    folder = private_dir(create=False)
    if folder is None or not _any_server(folder):
        return None
    key = code_key()
    path = socket_path(folder, key)
    if not os.path.exists(path):
        return None
    import base64
    import io

    stdin = None
    if "-" in argv[2:]:
        stdin = sys.stdin.buffer.read()
    request = {
        "key": key,
        "argv": list(argv),
        "prog": program_name(argv[0]),
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "stdin": None if stdin is None else base64.b64encode(stdin).decode(),
        "tty": {"stdout": _isatty(sys.stdout), "stderr": _isatty(sys.stderr)},
        "encoding": {"stdout": sys.stdout.encoding, "stderr": sys.stderr.encoding},
        "size": _terminal_size(),
    }
    try:
        reply = exchange(path, request)
    except (OSError, ValueError):
        reply = None
    if not reply or "code" not in reply:
        if stdin is not None:  # stdin is used up: put it back for the local run
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding=sys.stdin.encoding or "utf-8")
        return None
    sys.stdout.flush()
    sys.stdout.buffer.write(base64.b64decode(reply["stdout"]))
    sys.stdout.flush()
    sys.stderr.buffer.write(base64.b64decode(reply["stderr"]))
    sys.stderr.flush()
    return int(reply["code"])


def _any_server(folder: str) -> bool:
    """Whether any server socket is in ``folder``: when none is, skip hashing jdlint's files for the key."""
    try:
        return any(name.startswith("server-") and name.endswith(".sock") for name in os.listdir(folder))
    except OSError:
        return False


def program_name(argv0: str) -> str:
    """The name usage messages give the program, worked out as click does (``python -m jdlint`` or ``jdlint``)."""
    package = getattr(sys.modules["__main__"], "__package__", None)
    if not package:
        return os.path.basename(argv0)
    name = os.path.splitext(os.path.basename(argv0))[0]
    module = package if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"


def exchange(path: str, request: dict[str, Any], timeout: float = 600.0) -> dict[str, Any] | None:
    """Send one JSON request line and read one JSON reply line."""
    import json
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        connection.connect(path)
        connection.sendall(json.dumps(request).encode() + b"\n")
        connection.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := connection.recv(READ_SIZE):
            chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        return None
    reply: dict[str, Any] = json.loads(data)
    return reply


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _terminal_size() -> list[int] | None:
    """The terminal's columns and lines, as a local run would see them (None if not a terminal)."""
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            size = os.get_terminal_size(stream.fileno())
        except (AttributeError, ValueError, OSError):
            continue
        return [size.columns, size.lines]
    return None

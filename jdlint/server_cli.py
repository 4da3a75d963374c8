"""The ``jdlint server`` commands: start, stop, status, run (see :mod:`jdlint.server`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jdlint.errors import JdlintError

server_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="A warm jdlint in the background: 'jdlint check' uses it automatically when it runs.",
)

IDLE = typer.Option("--idle", min=0.1, help="Exit after this many minutes without a request.")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"jdlint: error: {message}", err=True)
    return typer.Exit(2)


@server_app.command()
def start(idle: Annotated[float, IDLE] = 30.0) -> None:
    """Start the server in the background (does nothing if one is running)."""
    from jdlint import server

    try:
        pid = server.start(idle)
    except JdlintError as error:
        raise _fail(str(error)) from None
    typer.echo(f"jdlint server running (pid {pid}); 'jdlint check' now uses it. Stop it with 'jdlint server stop'.")


@server_app.command()
def stop() -> None:
    """Stop every jdlint server of this user."""
    from jdlint import server

    count = server.stop()
    typer.echo(f"stopped {count} jdlint server{'s' if count != 1 else ''}")


@server_app.command()
def status() -> None:
    """Say whether a server for this jdlint is running (exit 0) or not (exit 1)."""
    from jdlint import server

    current, found = server.status()
    running = False
    for path, answer in found:
        state = "not answering" if answer is None else f"pid {answer['pid']}"
        mark = " (current)" if path == current else " (older code: not used; exits soon)"
        typer.echo(f"{path}: {state}{mark if answer else ''}")
        running = running or (path == current and answer is not None)
    if not running:
        typer.echo("no jdlint server running for this version; start one with 'jdlint server start'")
        raise typer.Exit(1)


@server_app.command("run")
def run_foreground(
    idle: Annotated[float, IDLE] = 30.0,
    ready: Annotated[Path | None, typer.Option(hidden=True, help="File to write the pid to once listening.")] = None,
) -> None:
    """Run the server in the foreground (Ctrl-C stops it)."""
    from jdlint import server

    try:
        raise typer.Exit(server.serve(idle, ready))
    except JdlintError as error:
        raise _fail(str(error)) from None

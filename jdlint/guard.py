"""The error contract of the ``jdlint`` command, kept in one place.

* exit 0: nothing at or above ``--fail-on``; exit 1: findings at or above it;
* exit 2: a usage, configuration or input problem, or an internal error. The message is one
  line on stderr, starting ``jdlint: error:`` (or ``jdlint: internal error:``), naming the file
  or option and what is wrong. Never a traceback, unless ``--debug`` asks for one;
* exit 130: interrupted (Ctrl-C), as shells expect.

``run`` wraps the typer app: click's own usage errors (unknown option, bad choice) become one
line too, instead of click's usage block.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any

import typer

from jdlint.errors import JdlintError

# typer re-exports click's exceptions (or vendors click, from typer 0.23): find them through a public name.
_USAGE_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
_CLICK_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

# Set by the global ``--debug`` option (see cli.main); also read from argv, so that an error
# raised before the option is parsed still shows its traceback.
DEBUG = {"on": False}


def one_line(message: str) -> str:
    """``message`` on one line: line breaks (e.g. in a file name) shown as escapes."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def error(message: str, internal: bool = False) -> None:
    """Print the one-line error message to stderr."""
    label = "internal error" if internal else "error"
    print(f"jdlint: {label}: {one_line(message)}", file=sys.stderr, flush=True)


def run(app: Callable[..., Any], argv: list[str] | None = None, prog_name: str | None = None) -> int:
    """Run the click/typer ``app`` and return the exit code, whatever happens inside."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    # A file name that is not valid UTF-8 reaches us as surrogate escapes; print them, don't crash.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        result = app(args=args, standalone_mode=False, prog_name=prog_name)
    except _USAGE_ERROR as problem:
        if type(problem).__name__ == "NoArgsIsHelpError":  # plain `jdlint`: the help, as click shows it
            print(problem.format_message())  # type: ignore[attr-defined]
            return 2
        context = getattr(problem, "ctx", None)
        command = context.command_path if context is not None else "jdlint"
        error(f"{problem.format_message()} (see '{command} --help')")  # type: ignore[attr-defined]
        return 2
    except typer.Abort:
        print("jdlint: interrupted", file=sys.stderr)
        return 130
    except _CLICK_ERROR as problem:
        error(problem.format_message())  # type: ignore[attr-defined]
        return 2
    except JdlintError as problem:
        error(str(problem))
        return 2
    except KeyboardInterrupt:
        print("jdlint: interrupted", file=sys.stderr)
        return 130
    except Exception as problem:
        if debug or DEBUG["on"]:
            traceback.print_exc()
        hint = "" if debug or DEBUG["on"] else " (run with --debug for the traceback)"
        error(f"{type(problem).__name__}: {problem}{hint}", internal=True)
        return 2
    if result == 130:  # typer turns Ctrl-C into a quiet exit 130 (jdlint's commands never return it)
        print("jdlint: interrupted", file=sys.stderr)
    return result if isinstance(result, int) else 0

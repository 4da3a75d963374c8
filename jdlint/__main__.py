"""``python -m jdlint``."""

from jdlint.cli import run

run()

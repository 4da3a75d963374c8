"""``python -m jdlint``."""

from jdlint.launcher import main

main()

"""The one exception type for problems the user can fix (exit code 2)."""


class JdlintError(Exception):
    """A usage, configuration or input problem, reported as one line with exit code 2."""

"""What every ``mentor-tui`` command shares to fail the same way: exit statuses and ``CliError``.

A small module of its own so ``cli.py`` and the commands it dispatches to (``checkcmd.py``) both
import it instead of each other: no import cycle, and no Textual (the CLI must start fast).
Every failure prints one line on stderr, ``mentor-tui: <message>``, and exits non-zero.
"""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_ERROR = 1
#: EX_USAGE from sysexits.h: a wrong command line, never confused with ``check``'s 0-3.
EXIT_USAGE = 64


class CliError(Exception):
    """A failure to report in one line, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


def fail(message: str, status: int) -> int:
    """Print ``message`` as the one line on stderr and give back ``status`` to exit with."""
    print(f"mentor-tui: {message}", file=sys.stderr)
    return status


def warn(message: str) -> None:
    """A problem that does not stop the command (a damaged record skipped), on stderr."""
    print(f"mentor-tui: warning: {message}", file=sys.stderr)

"""What every ``mentor-tui`` command shares to fail the same way: exit statuses, ``CliError``,
and the parser whose usage errors exit 64 (``UsageParser``, also for ``sync``'s subcommands).

A small module of its own so ``cli.py`` and the commands it dispatches to (``checkcmd.py``) both
import it instead of each other: no import cycle, and no Textual (the CLI must start fast).
Every failure prints one line on stderr, ``mentor-tui: <message>``, and exits non-zero.
"""

from __future__ import annotations

import argparse
import os
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


class UsageParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit 64 (EX_USAGE) instead of argparse's 2, which
    ``check`` uses for "not ready". Subcommand parsers inherit the class (and its formatter)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


class _KnownWidth:
    """argparse's formatters, told the width instead of asking ``shutil`` for it. argparse makes a
    formatter for every argument it adds, and ``shutil`` pulls in zlib, bz2 and lzma (~2 ms of a
    ``mentor-tui ask`` that must keep up with jrnl). Measured as ``shutil.get_terminal_size`` does."""

    def __init__(self, prog: str, **kwargs) -> None:
        if kwargs.get("width") is None:
            kwargs["width"] = _columns() - 2
        super().__init__(prog, **kwargs)


class HelpFormatter(_KnownWidth, argparse.HelpFormatter):
    """Descriptions wrapped to the terminal, as argparse's default does."""


class RawHelpFormatter(_KnownWidth, argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogs (the exit codes' table) kept as written."""


def _columns() -> int:
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80

"""errors.py holds what the CLI commands share, so cli.py and checkcmd.py need not import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import mentor_tui
from mentor_tui.errors import EXIT_USAGE, CliError, fail

PACKAGE = Path(mentor_tui.__file__).parent


def _relative_imports(module: str) -> set[str]:
    """Every ``from .x import`` in the module, deferred ones inside functions included."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    return {node.module or "" for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1}


def test_checkcmd_does_not_import_cli_back():
    assert "checkcmd" in _relative_imports("cli")
    assert "cli" not in _relative_imports("checkcmd")
    assert "errors" in _relative_imports("checkcmd")


def test_errors_imports_nothing_of_the_package():
    assert _relative_imports("errors") == set()


def test_fail_prints_one_line_and_gives_the_status(capsys):
    assert fail("no such question", EXIT_USAGE) == 64
    assert capsys.readouterr().err == "mentor-tui: no such question\n"
    assert CliError("x").status == 1

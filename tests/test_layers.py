"""The layers hold: every module below the UI loads without Textual or Rich (each in a fresh
interpreter, so one module's imports cannot hide another's), and the import contracts in
``.importlinter`` pass (no widget imports a screen or dialog, no cycle between layers)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, cli_env


def below_ui_modules() -> list[str]:
    """Every module of the packages the contract forbids from importing Textual."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    roots = config["importlinter:contract:no-textual-below-ui"]["source_modules"].split()
    found: list[str] = []
    for root in roots:
        path = ROOT / Path(*root.split("."))
        if path.is_dir():
            found += [".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                      for p in sorted(path.rglob("*.py"))]
        else:
            found.append(root)
    return found


def test_the_list_is_not_empty_and_names_real_modules():
    modules = below_ui_modules()
    assert "mentor_tui.store.store" in modules and "mentor_tui.practice" in modules and len(modules) > 30


@pytest.mark.parametrize("module", below_ui_modules())
def test_module_below_the_ui_loads_without_textual(module):
    code = (f"import sys, {module}; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
            "print(bad[:5]); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], env=cli_env(), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, f"{module} pulls in {out.stdout.strip()} {out.stderr[-500:]}"


def test_every_module_has_a_layer():
    """A new module must be placed in the layers, or the contracts would not look at it."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    layered = set(config["importlinter:contract:layers"]["layers"].replace(":", " ").split())
    package = ROOT / "mentor_tui"
    present = {f"mentor_tui.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"}
    present |= {f"mentor_tui.{p.name}" for p in package.iterdir() if (p / "__init__.py").exists()}
    assert present - layered == set()


def test_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is in the test extras"
    out = subprocess.run([lint, str(ROOT / ".importlinter")], cwd=ROOT, env=cli_env(),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout[-3000:]

"""The sdist and wheel a learner (or a distro packager) gets are complete.

The wheel must carry every stylesheet (a missing ``.tcss`` only fails when that screen opens), and
the sdist every file its tests need (helpers, conftest, snapshots), so its tests can run.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tracked(prefix: str) -> set[str]:
    try:
        out = subprocess.run(
            ["git", "ls-files", prefix], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the file list to compare against is git's")
    return {line for line in out.splitlines() if line}


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    # Build the sdist, then the wheel from that sdist: proves the sdist alone can build.
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {
        "sdist": next(out.glob("*.tar.gz")),
        "wheel": next(out.glob("*.whl")),
    }


def test_wheel_holds_every_stylesheet(dists):
    names = set(zipfile.ZipFile(dists["wheel"]).namelist())
    tcss = {p.relative_to(ROOT).as_posix() for p in (ROOT / "mentor_tui").rglob("*.tcss")}
    assert tcss, "no stylesheets found in the source tree"
    assert tcss <= names, f"missing from the wheel: {sorted(tcss - names)}"


def test_wheel_metadata_has_spdx_license_and_pythons(dists):
    wheel = zipfile.ZipFile(dists["wheel"])
    meta = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    text = wheel.read(meta).decode()
    assert "License-Expression: MIT" in text
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in text
    assert any(n.endswith("licenses/LICENSE") for n in wheel.namelist())


def test_sdist_carries_every_test_file(dists):
    with tarfile.open(dists["sdist"]) as tar:
        top = tar.getnames()[0].split("/")[0]
        names = {n.removeprefix(top + "/") for n in tar.getnames()}
    wanted = _tracked("tests") | _tracked("mentor_tui")
    assert wanted, "git lists no files"
    assert wanted <= names, f"missing from the sdist: {sorted(wanted - names)}"
    assert not any("__pycache__" in n for n in names)

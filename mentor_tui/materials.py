"""The learner's own exercises and projects to look over before a call, as plain functions over
the store (no Textual), and when each folder last saw a commit."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .models import Material

if TYPE_CHECKING:
    from .store import Store


def new_material(title: str, location: str = "") -> Material:
    """A validated material, not stored yet (raises ``ValueError`` on a bad title or location)."""
    return Material(title=title.strip(), location=location.strip())


def add(store: Store, material: Material) -> Material:
    return store.add(material)


def mark_reviewed(store: Store, material_id: str, now: datetime) -> Material:
    """Record that the learner looked the material over at *now*."""
    return store.update(Material, material_id,
                        lambda cur: cur.model_copy(update={"last_reviewed_at": now}))


def delete(store: Store, material_id: str) -> bool:
    return store.delete(Material, material_id)


def review_order(materials: Iterable[Material]) -> list[Material]:
    """Never reviewed first (oldest added first), then the longest unreviewed."""
    return sorted(materials, key=lambda m: (m.last_reviewed_at is not None,
                                            m.last_reviewed_at or m.created_at))


def git_last_commit(location: str, timeout: float = 2.0) -> str:
    """The date of the last commit when *location* is a folder inside a git repository, else ""."""
    try:
        path = Path(location).expanduser()
        if not path.is_dir():
            return ""
    except (OSError, ValueError, RuntimeError):  # a name too long, a NUL, an unknown ~user
        return ""
    try:
        out = subprocess.run(["git", "-C", str(path), "log", "-1", "--format=%cs"],
                             capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def last_commit_dates(locations: Iterable[str]) -> dict[str, str]:
    """Each location's last commit date ("" when it is not a git folder). Runs ``git``: call it
    off the UI thread."""
    return {loc: git_last_commit(loc) for loc in locations}

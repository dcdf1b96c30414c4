"""Exercises and projects to review, without the app."""

from __future__ import annotations

import subprocess
from datetime import datetime, timezone

import pytest

from mentor_tui import materials
from mentor_tui.models import Material

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def test_add_review_delete(store):
    m = materials.add(store, materials.new_material("  todo-app ", " ~/code/todo "))
    assert (store.get(Material, m.id).title, store.get(Material, m.id).location) == ("todo-app", "~/code/todo")
    assert materials.mark_reviewed(store, m.id, NOW).last_reviewed_at == NOW
    assert materials.delete(store, m.id) and store.all(Material) == []


def test_a_blank_title_is_refused():
    with pytest.raises(ValueError):
        materials.new_material("   ")


def test_review_order_puts_never_reviewed_first_then_the_longest_unreviewed():
    old = Material(title="old", last_reviewed_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    recent = Material(title="recent", last_reviewed_at=NOW)
    never = Material(title="never")
    assert [m.title for m in materials.review_order([recent, old, never])] == ["never", "old", "recent"]


def test_last_commit_dates(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    try:
        subprocess.run(["git", "-C", str(repo), "init", "-q"], check=True)
        subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], check=True,
                       env={"GIT_COMMITTER_DATE": "2025-05-06T10:00:00", "PATH": "/usr/bin:/bin"})
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git is not available")
    dates = materials.last_commit_dates([str(repo), str(tmp_path / "none"), "https://example.org"])
    assert dates == {str(repo): "2025-05-06", str(tmp_path / "none"): "", "https://example.org": ""}

"""The equipment checks a learner has run: keep one, list them (no Textual; the app and
``mentor-tui check`` both store a check through here)."""

from __future__ import annotations

from .models import EquipmentCheck
from .store import Store


def record_check(store: Store, check: EquipmentCheck) -> EquipmentCheck:
    """Keep a finished check; returns once it is durably on disk. A cancelled check never gets
    here: only what the learner saw as a verdict is stored."""
    return store.add(check)


def recent_checks(store: Store, rows: int, speeds: int) -> list[EquipmentCheck]:
    """The newest checks, oldest first: at least the last *rows* of them, and enough to hold the
    last *speeds* download figures (every check, when there are fewer).

    Read from the newest monthly file back, and not kept by the store: what the Equipment screen
    shows is five rows and a trend of twenty figures, and after five years (250 checks with
    their items) holding every check cost it ~1 MB. A check lives in the file of the month its
    id was made in, which is the moment it was created, so the newest files hold the newest."""
    summary = store.summary([EquipmentCheck])
    picked: list[EquipmentCheck] = []
    for path in reversed(store.files(EquipmentCheck)):
        picked.extend(EquipmentCheck.model_validate(doc) for doc in store.file_docs(EquipmentCheck, path, summary))
        if len(picked) >= rows and sum(c.download_mbps is not None for c in picked) >= speeds:
            break
    return sorted(picked, key=lambda c: (c.created_at, c.id))


def download_speeds(checks: list[EquipmentCheck], points: int) -> list[float]:
    """The last *points* measured download speeds in Mbps, oldest first; machine-only checks
    (no connection measured) are left out rather than drawn as zero."""
    speeds = [c.download_mbps for c in checks if c.download_mbps is not None]
    return speeds[-points:] if points > 0 else []

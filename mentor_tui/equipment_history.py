"""The equipment checks a learner has run: keep one, list them (no Textual; the app and
``mentor-tui check`` both store a check through here)."""

from __future__ import annotations

from .models import EquipmentCheck
from .store import Store


def record_check(store: Store, check: EquipmentCheck) -> EquipmentCheck:
    """Keep a finished check; returns once it is durably on disk. A cancelled check never gets
    here: only what the learner saw as a verdict is stored."""
    return store.add(check)


def checks_oldest_first(store: Store) -> list[EquipmentCheck]:
    """Every stored check, oldest first (the order the trend and the "last checks" list read)."""
    return sorted(store.all(EquipmentCheck), key=lambda c: c.created_at)


def download_speeds(checks: list[EquipmentCheck], points: int) -> list[float]:
    """The last *points* measured download speeds in Mbps, oldest first; machine-only checks
    (no connection measured) are left out rather than drawn as zero."""
    speeds = [c.download_mbps for c in checks if c.download_mbps is not None]
    return speeds[-points:] if points > 0 else []

"""Equipment history as plain functions over the store (no Pilot)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from mentor_tui.equipment_history import checks_oldest_first, download_speeds, record_check
from mentor_tui.models import EquipmentCheck
from mentor_tui.store import Store, StoreError

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def _check(minutes: int, down: float | None = None) -> EquipmentCheck:
    return EquipmentCheck(created_at=T0 + timedelta(minutes=minutes), verdict="ready", items=[],
                          download_mbps=down, upload_mbps=None if down is None else 5.0)


def test_a_recorded_check_is_on_disk_for_the_next_process(tmp_path):
    check = _check(0, 42.0)
    assert record_check(Store(tmp_path).open(), check) == check
    assert Store(tmp_path).open().get(EquipmentCheck, check.id) == check


def test_recording_the_same_check_twice_is_refused(tmp_path):
    store = Store(tmp_path).open()
    check = record_check(store, _check(0))
    with pytest.raises(StoreError):
        record_check(store, check)
    assert len(checks_oldest_first(store)) == 1


def test_checks_come_oldest_first_whatever_order_they_were_stored_in(tmp_path):
    store = Store(tmp_path).open()
    for minutes in (30, 0, 10):
        record_check(store, _check(minutes))
    assert [c.created_at for c in checks_oldest_first(store)] == [
        T0, T0 + timedelta(minutes=10), T0 + timedelta(minutes=30)]


def test_download_speeds_skip_machine_only_checks_and_keep_the_last_points():
    checks = [_check(0, 10.0), _check(1), _check(2, 20.0), _check(3, 30.0)]
    assert download_speeds(checks, 20) == [10.0, 20.0, 30.0]
    assert download_speeds(checks, 2) == [20.0, 30.0]
    assert download_speeds(checks, 0) == []

"""Equipment history as plain functions over the store (no Pilot)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_tui.equipment_history import download_speeds, recent_checks, record_check
from mentor_tui.models import EquipmentCheck, new_id
from mentor_tui.store import Store, StoreError

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def _check(minutes: int, down: float | None = None) -> EquipmentCheck:
    at = T0 + timedelta(minutes=minutes)
    return EquipmentCheck(id=new_id(at), created_at=at, verdict="ready", items=[],
                          download_mbps=down, upload_mbps=None if down is None else 5.0)


def every_check(store: Store) -> list[EquipmentCheck]:
    return sorted(store.all(EquipmentCheck), key=lambda c: (c.created_at, c.id))


def test_a_recorded_check_is_on_disk_for_the_next_process(tmp_path):
    check = _check(0, 42.0)
    assert record_check(Store(tmp_path).open(), check) == check
    assert Store(tmp_path).open().get(EquipmentCheck, check.id) == check


def test_recording_the_same_check_twice_is_refused(tmp_path):
    store = Store(tmp_path).open()
    check = record_check(store, _check(0))
    with pytest.raises(StoreError):
        record_check(store, check)
    assert len(every_check(store)) == 1


def test_checks_come_oldest_first_whatever_order_they_were_stored_in(tmp_path):
    store = Store(tmp_path).open()
    for minutes in (30, 0, 10):
        record_check(store, _check(minutes))
    assert [c.created_at for c in recent_checks(store, 5, 20)] == [
        T0, T0 + timedelta(minutes=10), T0 + timedelta(minutes=30)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 24 * 60 * 200), st.booleans()), max_size=40),
       st.integers(0, 6), st.integers(0, 25))
def test_the_recent_checks_show_what_every_check_would(tmp_path_factory, checks, rows, speeds):
    """Months of checks, some without a download figure: the rows and the trend drawn from the
    newest files alone are those drawn from every check."""
    store = Store(tmp_path_factory.mktemp("checks")).open()
    store.put_many([_check(minutes, 10.0 + n if measured else None)
                    for n, (minutes, measured) in enumerate(checks)])
    recent = recent_checks(store, rows, speeds)
    assert not store.all_kept(EquipmentCheck)  # read, not kept by the store (no files: [])
    every = every_check(store)
    assert recent == every[len(every) - len(recent):]  # the newest ones, oldest first
    assert len(recent) >= min(rows, len(every))
    assert download_speeds(recent, speeds) == download_speeds(every, speeds)

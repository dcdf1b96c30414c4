"""Background readers pause after slices of work, not after every file (``store.pacing``)."""

from __future__ import annotations

import time

from mentor_tui.models import Session
from mentor_tui.store.pacing import WORK_SLICE, Pacer


def test_no_pause_means_no_sleep():
    pacer = Pacer(0.0)
    started = time.perf_counter()
    for _ in range(1000):
        pacer.tick()
    assert time.perf_counter() - started < 0.05


def test_many_small_units_sleep_once_per_slice_not_once_each(monkeypatch):
    """200 units of 0.1 ms each (20 ms of work, as 300 small session files are): one sleep per
    5 ms slice, not one per unit. A fake clock, so a loaded machine cannot stretch a unit."""
    slept: list[float] = []
    now = [0.0]

    def clock() -> float:
        now[0] += 0.0001  # each look at the clock: a tenth of a millisecond of work
        return now[0]

    monkeypatch.setattr(time, "sleep", slept.append)
    monkeypatch.setattr(time, "perf_counter", clock)
    pacer = Pacer(0.004)
    for _ in range(200):
        pacer.tick()
    assert 3 <= len(slept) <= 5 and set(slept) == {0.004}


def test_a_function_is_asked_at_each_sleep(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    answers = iter([0.3, 0.0, 0.004])
    pacer = Pacer(lambda: next(answers))
    for _ in range(3):
        pacer._since -= WORK_SLICE  # a slice of work done
        pacer.tick()
    assert slept == [0.3, 0.004]  # a zero answer: no sleep


def test_a_paced_read_of_many_small_files_sleeps_per_slice_of_work(store, monkeypatch):
    """300 small session files slept 4 ms after each (1.2 s in all); paced by work, the read
    sleeps once per few milliseconds of work and still returns every record."""
    for i in range(300):
        store.add(Session(topic=f"s{i}"))
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    started = time.perf_counter()
    assert len(store.all(Session, pause=0.004)) == 300
    slices = (time.perf_counter() - started) / WORK_SLICE
    assert len(slept) <= slices + 1 and len(slept) < 300

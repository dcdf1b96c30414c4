"""``heap.py``: malloc tuning that must never fail the app."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mentor_tui import heap


def test_on_linux_with_glibc_the_calls_take_effect():
    if not sys.platform.startswith("linux") or heap._c_library() is None:
        pytest.skip("glibc's malloc only")
    code = ("from mentor_tui import heap; import threading\n"
            "assert heap.limit_arenas(2)\n"
            "big = [bytes(1000) for _ in range(100_000)]; del big\n"
            "print(heap.give_back() in (True, False))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_elsewhere_nothing_is_done(monkeypatch):
    monkeypatch.setattr(heap, "_libc", None)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert heap.limit_arenas() is False and heap.give_back() is False
    assert heap._libc is False  # looked up once


def test_a_c_library_without_the_calls_is_left_alone(monkeypatch):
    import ctypes

    class NoMalloc:
        pass

    monkeypatch.setattr(heap, "_libc", None)
    monkeypatch.setattr(ctypes, "CDLL", lambda _name: NoMalloc())
    monkeypatch.setattr(sys, "platform", "linux")
    assert heap.limit_arenas() is False and heap.give_back() is False

"""Fixed data and a fixed clock for snapshot tests, so the SVGs change only when the UI does."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone

from mentor_tui.models import AgendaItem, Attempt, Material, PracticeTask, Question, QuestionContext, Session, new_id

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)


def clock() -> datetime:
    return NOW


def use_utc() -> None:
    os.environ["TZ"] = "UTC"
    time.tzset()


def at(minutes_ago: float) -> datetime:
    return NOW - timedelta(minutes=minutes_ago)


def fill(store) -> None:
    """A learner a few weeks in: questions in every state, a planned and a past session."""
    qs = [
        Question(id=new_id(at(3000)), created_at=at(3000), text="What is the difference between a list and a tuple?",
                 tags=["python"], status="answered", solved_alone=False, answer="Tuples are immutable."),
        Question(id=new_id(at(900)), created_at=at(900), text="Why does my fetch() return a Promise instead of the data?",
                 tags=["js", "async"], status="solved", solved_alone=True, answer="I forgot to await it.",
                 attempts=[Attempt(at=at(880), text="Printed the value: Promise {<pending>}")]),
        Question(id=new_id(at(600)), created_at=at(600), text="How should I structure a Flask app with blueprints?",
                 tags=["python", "flask"], status="for_mentor", priority="high",
                 details="I have one `app.py` of 600 lines.\n\nWhere do the models go?",
                 context=QuestionContext(cwd="/home/ada/code/shop", git_repo="shop", git_branch="main")),
        Question(id=new_id(at(120)), created_at=at(120), text="When do I use git rebase instead of merge?",
                 tags=["git"], status="for_mentor"),
        Question(id=new_id(at(30)), created_at=at(30), text="What does `SELECT ... GROUP BY` do with NULLs?",
                 tags=["sql"]),
    ]
    store.put_many(qs)
    store.add(Session(id=new_id(at(5000)), status="ended", mentor="Grace", topic="Python basics",
                      started_at=at(5000), ended_at=at(4955),
                      agenda=[AgendaItem(question_id=qs[0].id, state="answered")],
                      takeaways=["Prefer tuples for fixed records", "Read tracebacks bottom-up"]))
    store.add(Session(id=new_id(at(100)), status="planned", mentor="Grace", topic="Web apps",
                      scheduled_at=NOW + timedelta(hours=3), planned_minutes=30,
                      agenda=[AgendaItem(question_id=qs[2].id, minutes=15),
                              AgendaItem(question_id=qs[3].id, minutes=10)]))
    store.add(PracticeTask(id=new_id(at(4900)), title="Rewrite the grades script with tuples", kind="warmup"))
    store.add(Material(id=new_id(at(4000)), title="todo-app", location="~/code/todo-app",
                       last_reviewed_at=at(2880)))


# -- Equipment: a minute of made-up readings and a stored check with connection figures ----------


def equipment_readings(count: int = 40):
    """A minute of readings every 1.5 s: CPU with a spike, memory creeping up, a download burst."""
    from mentor_tui.probes.system import DiskReading, ProcReading, SystemReading

    out = []
    recv = sent = 10_000_000
    for i in range(count):
        cpu = 12 + (i * 7) % 9 + (55 if 20 <= i <= 23 else 0)
        down = 40_000 + (2_500_000 if 28 <= i <= 33 else 0) + (i % 5) * 3_000
        recv += int(down * 1.5)
        sent += int((15_000 + (i % 3) * 4_000) * 1.5)
        out.append(SystemReading(
            cpu_total=float(cpu), cpu_per_core=[float(cpu + 3), float(cpu - 3), float(cpu), float(cpu + 1)],
            mem_available=(6_400 - i * 8) * 2**20, mem_total=16 * 2**30,
            swap_used=0, swap_total=2 * 2**30,
            disks=[DiskReading("data folder and home", "/home/ada", 120 * 2**30, 480 * 2**30)],
            interfaces=[("wlan0", ["192.168.1.23", "fe80::1c2b:3ff:fe4d:5e6f"])],
            top_cpu=[ProcReading("firefox", 2210, 31.0, 900 * 2**20),
                     ProcReading("code", 1880, 9.0, 700 * 2**20)],
            top_mem=[ProcReading("firefox", 2210, 31.0, 900 * 2**20),
                     ProcReading("code", 1880, 9.0, 700 * 2**20)],
            net_bytes_recv=recv, net_bytes_sent=sent, taken_at=1000.0 + 1.5 * i,
        ))
    return out


class FakeSampler:
    """Stands in for psutil's sampler: the first scripted reading, every time it is asked."""

    def __init__(self, _data_dir=None) -> None:
        self.first = equipment_readings(1)[0]

    def read(self, processes: bool = True):
        return self.first


def fill_equipment(store) -> None:
    """One stored check with connection figures: download fine, upload and jitter warned."""
    from mentor_tui.models import CheckItem, EquipmentCheck

    store.add(EquipmentCheck(
        id=new_id(at(20)), created_at=at(20), verdict="warn",
        download_mbps=38.4, upload_mbps=2.9, latency_ms=42.0, jitter_ms=34.0, loss_pct=0.0,
        items=[
            CheckItem(name="Upload", status="warn", value="2.9 Mbps",
                      fix="Stop cloud sync during the call; share a window rather than the whole screen."),
            CheckItem(name="Jitter", status="warn", value="34 ms",
                      fix="Use a cable; stop other heavy traffic on the line."),
            CheckItem(name="Download", status="ok", value="38.4 Mbps"),
            CheckItem(name="Latency", status="ok", value="42 ms"),
            CheckItem(name="CPU", status="ok", value="14%"),
        ]))

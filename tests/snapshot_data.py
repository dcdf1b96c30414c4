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

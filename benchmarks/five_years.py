"""Five years of use, generated: the one data set every benchmark that needs history runs on.

Sizes (issue #12): 5,000 questions with answers, 300 sessions with 2 MB of notes in all and 3,000
entries, 1,000 practice tasks, 2,000 practice logs, 750 review cards, 250 equipment checks and
60 materials. The content is deterministic (a fixed random seed); times are laid out over the five
years before *now* (a parameter, default the start of today in UTC), so what is "due", "open" and
"next" looks like a real learner's store: a few dozen open questions, some practice due today and
overdue, a handful of cards due, one session planned for tomorrow.

Everything is written through ``Store.put_many`` (the bulk path: one write per file), so the files
are exactly what the app writes.

    python benchmarks/five_years.py DATA_DIR [--scale 0.1]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mentor_tui.models import (  # noqa: E402
    AgendaItem,
    Attempt,
    CheckItem,
    Entry,
    EquipmentCheck,
    Material,
    PracticeLog,
    PracticeTask,
    Question,
    QuestionContext,
    ReviewCard,
    Session,
    new_id,
)
from mentor_tui.store import Store  # noqa: E402

COMMON = ("the a to of and in is it that for you with on this be not are as can but if when then "
          "my we so what how why do does use").split()
TECH = ("closure loop async await promise index list dict class decorator import module test "
        "fixture docker git branch merge rebase sql join query css flex grid react state hook "
        "generator iterator recursion exception traceback typing pytest mock lambda scope "
        "variable function method object inheritance interface http request response json api").split()
MENTORS = ("Ana", "Ben", "Chi")
YEARS = timedelta(days=5 * 365)


@dataclass(frozen=True)
class Sizes:
    questions: int = 5_000
    sessions: int = 300
    notes_bytes: int = 2_000_000
    entries: int = 3_000
    tasks: int = 1_000
    logs: int = 2_000
    cards: int = 750
    checks: int = 250
    materials: int = 60

    def scaled(self, factor: float) -> Sizes:
        """A smaller store with the same shape (for the benchmarks' quick mode)."""
        return Sizes(*(max(1, round(v * factor)) for v in vars(self).values()))


FIVE_YEARS = Sizes()


def today_utc() -> datetime:
    now = datetime.now(timezone.utc)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(COMMON) if rng.random() < 0.6 else rng.choice(TECH) for _ in range(n))


def _spread(i: int, n: int, start: datetime, span: timedelta, rng: random.Random) -> datetime:
    """The i-th of n moments spread evenly over *span* from *start*, jittered by up to an hour."""
    return start + span * (i / max(n, 1)) + timedelta(seconds=rng.randint(0, 3600))


def generate(root: Path, sizes: Sizes = FIVE_YEARS, now: datetime | None = None) -> dict[str, int]:
    """Fill the (empty) data folder *root* with *sizes* of history ending at *now*; returns counts."""
    now = now or today_utc()
    rng = random.Random(2024)
    start = now - YEARS
    span = YEARS - timedelta(days=2)  # the history ends two days ago; today's work is added below
    store = Store(root).open()

    # -- sessions: ended every ~6 days, one planned for tomorrow ---------------------------------
    sessions: list[Session] = []
    per_notes = sizes.notes_bytes // sizes.sessions
    per_entries = sizes.entries // sizes.sessions
    for i in range(sizes.sessions - 1):
        at = _spread(i, sizes.sessions - 1, start, span, rng)
        paragraphs, size = [], 0
        while size < per_notes:
            p = "- " + _sentence(rng, rng.randint(8, 20))
            paragraphs.append(p)
            size += len(p) + 2
        entries = [
            Entry(id=new_id(at + timedelta(minutes=e)), at=at + timedelta(minutes=e),
                  kind=rng.choice(["note", "insight", "mistake", "snippet", "link"]),
                  text=_sentence(rng, 12))
            for e in range(per_entries)
        ]
        sessions.append(Session(
            id=new_id(at), created_at=at, updated_at=at + timedelta(minutes=50),
            mentor=rng.choice(MENTORS), topic=_sentence(rng, 3), status="ended",
            scheduled_at=at, started_at=at, ended_at=at + timedelta(minutes=45),
            notes="\n\n".join(paragraphs), entries=entries,
            takeaways=[_sentence(rng, 8)], summary=_sentence(rng, 20), rating=rng.randint(3, 5),
        ))

    # -- questions: all answered but the newest few dozen ---------------------------------------
    questions: list[Question] = []
    open_from = sizes.questions - max(1, sizes.questions // 125)  # 40 of 5,000 still open
    for i in range(sizes.questions):
        at = _spread(i, sizes.questions, start, span, rng)
        session = sessions[min(len(sessions) - 1, i * len(sessions) // sizes.questions)]
        is_open = i >= open_from
        status = rng.choice(["open", "open", "checking", "for_mentor"]) if is_open else \
            rng.choice(["answered", "answered", "solved", "dropped"])
        questions.append(Question(
            id=new_id(at), created_at=at, updated_at=at,
            text=_sentence(rng, rng.randint(6, 14)) + "?",
            details=_sentence(rng, 20),
            context=QuestionContext(cwd=f"/home/learner/src/project{i % 7}", git_repo=f"project{i % 7}",
                                    git_branch=rng.choice(["main", "feature", "fix"])),
            tags=rng.sample(["python", "git", "sql", "css", "testing", "async"], 2),
            priority=rng.choice(["low", "normal", "normal", "high"]),
            status=status,
            attempts=[Attempt(at=at, text=_sentence(rng, 8))] if rng.random() < 0.3 else [],
            answer="" if is_open else _sentence(rng, 25),
            answered_at=None if is_open else at + timedelta(days=3),
            solved_alone=None if is_open else rng.random() < 0.4,
            session_id=None if is_open else session.id,
        ))
    mentor_qs = [q for q in questions if q.status == "for_mentor"][:5]
    tomorrow = now + timedelta(days=1, hours=15)
    sessions.append(Session(
        id=new_id(now - timedelta(hours=1)), created_at=now - timedelta(hours=1),
        updated_at=now - timedelta(hours=1), mentor="Ana", topic="next steps", status="planned",
        scheduled_at=tomorrow, agenda=[AgendaItem(question_id=q.id) for q in mentor_qs],
    ))

    # -- practice: tasks from sessions, mostly done; a few due today, overdue, or later --------------
    tasks: list[PracticeTask] = []
    open_tasks = max(3, sizes.tasks // 33)  # ~30 open
    for i in range(sizes.tasks):
        at = _spread(i, sizes.tasks, start, span, rng)
        session = sessions[min(len(sessions) - 2, i * (len(sessions) - 1) // sizes.tasks)]
        is_open = i >= sizes.tasks - open_tasks
        if is_open:
            due = now + timedelta(days=rng.randint(-4, 6), hours=12)
            status = rng.choice(["todo", "todo", "doing"])
        else:
            due, status = at + timedelta(days=3), rng.choice(["done", "done", "done", "dropped"])
        tasks.append(PracticeTask(
            id=new_id(at), created_at=at, updated_at=at, title=_sentence(rng, 6),
            details=_sentence(rng, 20), kind=rng.choice(["warmup", "core", "core", "stretch"]),
            status=status, drop_reason="no longer relevant" if status == "dropped" else "",
            session_id=session.id, source=session.takeaways[0], due_at=due,
            done_at=at + timedelta(days=2) if status == "done" else None,
        ))
    logs = []
    for i in range(sizes.logs):
        at = _spread(i, sizes.logs, start, span, rng)
        logs.append(PracticeLog(id=new_id(at), created_at=at, updated_at=at,
                                task_id=tasks[i * sizes.tasks // sizes.logs].id,
                                day=date.fromtimestamp(at.timestamp()),
                                minutes=rng.choice([10, 15, 20, 25, 30, 45]), note="practised"))

    # -- review cards: one per takeaway, spaced; about 20 due now -------------------------------------
    cards = []
    due_now = max(1, sizes.cards // 37)
    for i in range(sizes.cards):
        at = _spread(i, sizes.cards, start, span, rng)
        due = now - timedelta(hours=rng.randint(1, 48)) if i % (sizes.cards // due_now) == 0 else \
            now + timedelta(days=rng.randint(1, 120))
        reviews = rng.randint(1, 9)
        card = {"card_id": int(at.timestamp() * 1000), "state": 2, "step": None,
                "stability": round(rng.uniform(2, 200), 3), "difficulty": round(rng.uniform(1, 9), 3),
                "due": due.isoformat(), "last_review": (due - timedelta(days=10)).isoformat()}
        # every ended session's takeaway has its card (else the After screen would make them)
        source = sessions[i] if i < len(sessions) - 1 else None
        cards.append(ReviewCard(id=new_id(at), created_at=at, updated_at=at,
                                text=source.takeaways[0] if source else _sentence(rng, 8),
                                session_id=source.id if source else sessions[i % (len(sessions) - 1)].id,
                                card=card, due_at=due, last_rating=rng.choice(["hard", "good", "easy"]),
                                reviews=reviews))

    # -- equipment checks and materials -----------------------------------------------------------------
    checks = []
    for i in range(sizes.checks):
        at = _spread(i, sizes.checks, start, span, rng)
        items = [CheckItem(name=n, status="ok", value=f"{rng.randint(1, 99)}", detail="fine")
                 for n in ("CPU", "Memory", "Disk", "Battery", "Camera", "Microphone", "Latency")]
        checks.append(EquipmentCheck(id=new_id(at), created_at=at, updated_at=at, verdict="ready",
                                     items=items, download_mbps=round(rng.uniform(20, 200), 1),
                                     upload_mbps=round(rng.uniform(5, 50), 1),
                                     latency_ms=round(rng.uniform(8, 60), 1),
                                     jitter_ms=round(rng.uniform(1, 9), 1), loss_pct=0.0))
    materials = []
    for i in range(sizes.materials):
        at = _spread(i, sizes.materials, start, span, rng)
        materials.append(Material(id=new_id(at), created_at=at, updated_at=at, title=_sentence(rng, 4),
                                  location=f"~/src/exercise-{i}", notes=_sentence(rng, 40)))

    groups = {"questions": questions, "sessions": sessions, "tasks": tasks, "logs": logs,
              "cards": cards, "checks": checks, "materials": materials}
    for records in groups.values():
        store.put_many(records, stamp=False)
    return {name: len(records) for name, records in groups.items()}


def notes_size(root: Path) -> int:
    """Bytes of session notes stored under *root* (to print beside the figures)."""
    return sum(len(s.notes.encode()) for s in Store(root).all(Session))


_CACHE: dict[tuple, Path] = {}


def cached(sizes: Sizes = FIVE_YEARS, base: Path | None = None) -> Path:
    """A generated store for *sizes*, made once per process under *base* (or a temp dir), so
    benchmarks that need several copies of the same history do not pay for it twice. The result
    must be treated as read-only; copy it (``shutil.copytree``) to write into it."""
    import tempfile

    key = (sizes, base)
    if key not in _CACHE:
        root = Path(tempfile.mkdtemp(prefix="mentor-five-years-", dir=base)) / "data"
        generate(root, sizes)
        _CACHE[key] = root
    return _CACHE[key]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="an empty or new folder")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the five-year sizes")
    args = parser.parse_args()
    if args.data_dir.exists() and any(args.data_dir.iterdir()):
        sys.exit(f"{args.data_dir} is not empty")
    t = time.perf_counter()
    counts = generate(args.data_dir, FIVE_YEARS.scaled(args.scale) if args.scale != 1 else FIVE_YEARS)
    took = time.perf_counter() - t
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()),
          f"({notes_size(args.data_dir) / 1e6:.1f} MB of notes) in {took:.1f} s")


if __name__ == "__main__":
    main()

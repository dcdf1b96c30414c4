"""Time as the app stores and shows it: UTC instants, the learner's local day, "3 min ago".

Free of pydantic, like ``ids.py``, so the first screen can show ages before the models load.
"""

from __future__ import annotations

from datetime import date, datetime, timezone


def utcnow() -> datetime:
    """Now, timezone-aware, in UTC (every stored timestamp is)."""
    return datetime.now(timezone.utc)


def local_day(at: datetime) -> date:
    """The learner's local calendar day for a stored UTC instant."""
    return at.astimezone().date()


def ago(at: datetime | None, now: datetime | None = None) -> str:
    """A short human phrase for how long ago *at* was ("3 min ago", "2 d ago")."""
    if at is None:
        return "never"
    delta = (now or utcnow()) - at
    seconds = int(delta.total_seconds())
    if seconds < 0:
        return "in " + ago(now or utcnow(), at).removesuffix(" ago")
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"{delta.days} d ago"

"""The Progress view: a practice heat-map and the figures beside it, drawn as Rich text.

``render_progress`` is a plain function (Rich only) so the benchmark and tests can time and read
exactly what the widget shows.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..progress import Progress, bar_levels, weekly_minutes
from ..plural import counted

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: (upper bound in minutes, cell, style); the legend prints these in order
LEVELS = (
    (0.0, "·", "dim"),
    (15.0, "░", "green"),
    (30.0, "▒", "green"),
    (60.0, "▓", "bold green"),
    (float("inf"), "█", "bold bright_green"),
)
KIND_WORDS = (("warmup", "warm-ups"), ("core", "core"), ("stretch", "stretch"))


def _cell(minutes: float) -> tuple[str, str]:
    for bound, char, style in LEVELS:
        if minutes <= bound:
            return char, style
    return LEVELS[-1][1], LEVELS[-1][2]


def _fmt_minutes(m: float) -> str:
    m = round(m)
    return f"{m} min" if m < 60 else f"{m // 60} h {m % 60:02d} min"


def heatmap(p: Progress) -> Text:
    """Rows are weekdays, columns weeks (oldest left); today's column is the last."""
    text = Text()
    weeks = (len(p.days) + 6) // 7
    header = "     "
    for w in range(weeks):
        first = p.days[w * 7]
        header += f"{first:%b}"[:1] if first.day <= 7 else " "
        header += " "
    text.append(header.rstrip() + "\n", style="dim")
    for weekday in range(7):
        text.append(f"{DAY_NAMES[weekday]}  ", style="dim")
        for w in range(weeks):
            i = w * 7 + weekday
            if i >= len(p.days):
                text.append("  ")
                continue
            char, style = _cell(p.minutes[i])
            if p.days[i] == p.today:
                style += " reverse"
            text.append(char, style=style)
            text.append(" ")
        text.append("\n")
    text.append("     less ", style="dim")
    for _bound, char, style in LEVELS:
        text.append(char + " ", style=style)
    text.append("more  (· none, ░ <15, ▒ <30, ▓ <60, █ 60+ min a day)\n", style="dim")
    return text


EIGHTHS = " ▁▂▃▄▅▆▇█"
CHART_ROWS = 7  # as tall as the heat-map's seven weekdays, so the two sit side by side


def weekly_chart(p: Progress) -> list[Text]:
    """Minutes per week as vertical bars, one column per heat-map week (this week last, bold):
    a title line with this week's total, then :data:`CHART_ROWS` rows (the best week's total beside
    the top one)."""
    weeks = weekly_minutes(p)
    levels = bar_levels([m for _, m in weeks], CHART_ROWS)
    best = max((m for _, m in weeks), default=0.0)
    this_week = weeks[-1][1] if weeks else 0.0
    lines = [Text.assemble(("Minutes per week", "bold"), (f"  since Monday {_fmt_minutes(this_week)}", "dim"))]
    for row in range(CHART_ROWS):
        line = Text()
        floor = (CHART_ROWS - 1 - row) * 8
        for n, level in enumerate(levels):
            part = max(0, min(8, level - floor))
            style = "bold bright_green" if n == len(levels) - 1 else "green"
            line.append(EIGHTHS[part] if part else ("_" if row == CHART_ROWS - 1 else " "), style=style)
            line.append(" ")
        if row == 0:
            line.append(f" best {_fmt_minutes(best)}" if best else " none yet", style="dim")
        lines.append(line)
    return lines


def beside(left: Text, right: list[Text], gap: int = 4) -> Text:
    """*right*'s lines printed to the right of *left*'s first lines."""
    rows = [row.copy() for row in left.split("\n", allow_blank=True)]
    for row in rows:
        row.rstrip()
    width = max((row.cell_len for row in rows[: len(right)]), default=0) + gap
    out = Text()
    for i, row in enumerate(rows):
        if i < len(right):
            row.pad_right(width - row.cell_len)
            row.append_text(right[i])
        out.append_text(row)
        if i < len(rows) - 1:
            out.append("\n")
    return out


def render_progress(p: Progress) -> Text:
    """Everything the Progress tab shows, as one Text."""
    text = Text()
    text.append("Practice minutes per day", style="bold")
    text.append(f" (last {len(p.days) // 7 + (len(p.days) % 7 > 0)} weeks)\n\n")
    text.append_text(beside(heatmap(p), weekly_chart(p)))
    text.append("\n")
    streak = counted(p.streak, "day")
    text.append("Streak       ", style="bold")
    text.append(f"{streak}", style="bold green" if p.streak else "")
    text.append(f"   (best {p.best_streak})\n")
    text.append("This week    ", style="bold")
    text.append(f"{_fmt_minutes(p.minutes_7d)}   all time {_fmt_minutes(p.minutes_total)} "
                f"on {counted(p.active_days, 'day')}\n")
    text.append("Tasks done   ", style="bold")
    text.append("   ".join(f"{p.done_by_kind.get(k, 0)} {word}" for k, word in KIND_WORDS))
    text.append(f"   ({p.open_tasks} open, {p.dropped} dropped)\n")
    text.append("Review       ", style="bold")
    text.append(f"{counted(p.cards_due, 'card')} due of {p.cards_total}\n\n")

    text.append("Questions: solved alone vs brought to the mentor\n", style="bold")
    share = p.alone_share
    text.append(f"all time: {p.solved_alone} alone, {p.to_mentor} with the mentor")
    text.append(f"  ({share:.0%} alone)\n" if share is not None else "\n")
    widest = max((m.alone + m.mentor for m in p.questions), default=0) or 1
    scale = min(1.0, 30 / widest)
    for m in p.questions:
        text.append(f"{m.month:%b %Y}  ", style="dim")
        text.append("█" * round(m.alone * scale), style="green")
        text.append("█" * round(m.mentor * scale), style="blue")
        text.append(f" {m.alone} alone · {m.mentor} mentor\n" if m.alone or m.mentor else " -\n")
    text.append("green: solved alone   blue: brought to the mentor\n", style="dim")
    return text


class ProgressView(Static):
    """Shows a :class:`Progress`; call :meth:`show` with a fresh one."""

    DEFAULT_CSS = """
    ProgressView {
        height: auto;
        padding: 1 2;
    }
    """

    def show(self, progress: Progress) -> None:
        self.progress = progress
        self.update(render_progress(progress))

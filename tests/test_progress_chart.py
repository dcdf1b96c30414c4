"""Minutes practised per week over the last 12 weeks, drawn beside the heat-map."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from mentor_tui.models import PracticeLog
from mentor_tui.progress import bar_levels, compute, weekly_minutes
from mentor_tui.widgets.progress_view import CHART_ROWS, render_progress, weekly_chart

NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)  # a Wednesday


def test_weekly_minutes_sum_each_heatmap_week():
    today = date(2026, 11, 25)
    logs = [PracticeLog(day=today, minutes=30), PracticeLog(day=today - timedelta(days=2), minutes=15),
            PracticeLog(day=today - timedelta(days=7), minutes=60),
            PracticeLog(day=today - timedelta(days=200), minutes=999)]  # outside the 12 weeks
    weeks = weekly_minutes(compute([], logs, [], [], NOW))
    assert len(weeks) == 12 and all(d.weekday() == 0 for d, _ in weeks)
    assert weeks[-1] == (date(2026, 11, 23), 45.0)
    assert weeks[-2] == (date(2026, 11, 16), 60.0)
    assert sum(m for _, m in weeks) == 105.0


@given(st.lists(st.floats(min_value=0, max_value=10_000), min_size=1, max_size=12))
def test_bar_heights_are_proportional_and_never_hide_practice(values):
    levels = bar_levels(values, CHART_ROWS)
    assert all(0 <= lv <= CHART_ROWS * 8 for lv in levels)
    assert all((lv > 0) == (v > 0) for lv, v in zip(levels, values))
    if max(values) > 0:
        assert max(levels) == CHART_ROWS * 8


def test_chart_sits_beside_the_heatmap_one_column_per_week():
    logs = [PracticeLog(day=date(2026, 11, 25) - timedelta(days=7 * w), minutes=10 * (w + 1)) for w in range(12)]
    p = compute([], logs, [], [], NOW)
    chart = weekly_chart(p)
    assert chart[0].plain.startswith("Minutes per week") and "since Monday 10 min" in chart[0].plain
    assert "best 2 h 00 min" in chart[1].plain
    bottom = chart[CHART_ROWS].plain
    assert len(bottom.split()) == 12  # every week has a bar
    text = render_progress(p).plain
    lines = text.splitlines()
    mon = next(line for line in lines if line.startswith("Mon"))
    assert "best 2 h 00 min" in mon  # beside the heat-map's Monday row, not below it

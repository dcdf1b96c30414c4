"""The inbox makes its filter haystacks (a lower-cased copy of every question's text) at the first
word typed in the filter, not at every load: a learner who never filters does not hold them."""

from __future__ import annotations

from mentor_tui.models import Question
from mentor_tui.planning import filter_questions

from .test_before import inbox, loaded


async def test_haystacks_wait_for_the_first_word_typed_and_filtering_is_unchanged(make_app, store):
    store.add(Question(text="How do closures capture variables?", tags=["js"]))
    store.add(Question(text="What is a decorator?", tags=["python"], status="answered"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, app, 2)
        pane = inbox(app)
        assert [q.text for q in pane.listed] == ["What is a decorator?", "How do closures capture variables?"]
        assert pane.indexed is None  # the list is shown without them
        await pilot.press("slash", *"#python")  # a tag needs no haystack either
        await pilot.pause(0.1)
        assert [q.text for q in pane.listed] == ["What is a decorator?"] and pane.indexed is None
        await pilot.press("ctrl+u", *"clsr")  # words (here fuzzy): made now
        await pilot.pause(0.1)
        assert [q.text for q in pane.listed] == ["How do closures capture variables?"]
        assert pane.indexed is not None


def test_filtering_plain_questions_by_status_alone_matches_the_indexed_path():
    qs = [Question(text=f"question {n}", status="open" if n % 2 else "answered") for n in range(6)]
    plain = filter_questions(qs, status="open")
    assert [q.text for q in plain] == ["question 5", "question 3", "question 1"]
    assert filter_questions(qs, "question 3") == [qs[3]]

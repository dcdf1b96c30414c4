"""The store keeps the records it has read (``Store.all``): a file not replaced since is not read
again and every caller shares one copy, yet a change by anyone (this store, another process, a
deletion) is seen at the next read."""

from __future__ import annotations

from mentor_tui.inbox_rows import question_row
from mentor_tui.models import Question, Session
from mentor_tui.search import DocCache
from mentor_tui.store import Store


def test_a_file_not_replaced_since_hands_out_the_same_records(store):
    q = store.add(Question(text="Why is my closure late-binding?"))
    first, again = store.all(Question), store.all(Question)
    assert first == again and first[0] is again[0]
    assert store.get(Question, q.id) is first[0]


def test_a_change_by_another_process_is_seen(store):
    q = store.add(Question(text="first wording"))
    s = store.add(Session(mentor="Ada"))
    store.all(Question), store.all(Session)
    other = Store(store.root)  # another process: its own store on the same folder
    other.update(Question, q.id, lambda cur: cur.model_copy(update={"text": "second wording"}))
    other.add(Question(text="a new one"))
    other.update(Session, s.id, lambda cur: cur.model_copy(update={"notes": "kept notes"}))
    assert [x.text for x in store.all(Question)] == ["second wording", "a new one"]
    assert store.get(Question, q.id).text == "second wording"
    assert store.get(Session, s.id).notes == "kept notes"
    assert store.all(Session)[0].notes == "kept notes"


def test_a_deleted_record_is_gone_at_the_next_read(store):
    keep, gone = store.add(Question(text="keep me")), store.add(Question(text="delete me"))
    assert len(store.all(Question)) == 2
    assert store.delete(Question, gone.id)
    assert [x.id for x in store.all(Question)] == [keep.id]
    assert store.get(Question, gone.id) is None


def test_the_search_index_holds_the_stores_texts_not_copies(store):
    store.add(Question(text="How do I profile memory?", details="tracemalloc or /proc?",
                       answer="Start with tracemalloc."))
    store.add(Session(mentor="Ada", notes="We looked at tracemalloc snapshots."))
    q, s = store.all(Question, view=question_row)[0], store.all(Session)[0]  # as the Before screen reads them
    index = DocCache(store).refresh()
    texts = {(d.record_id, d.field): d.text for d in index.docs}
    assert texts[(q.id, "question")] is q.text and texts[(q.id, "answer")] is q.answer
    assert texts[(s.id, "notes")] is s.notes
    assert {r.doc.record_id for r in index.search("tracemalloc")} == {q.id, s.id}


def test_records_of_a_file_gone_are_not_kept(store):
    s = store.add(Session(mentor="Ada"))
    assert store.all(Session)
    path = store.path_for(Session, s.id)
    assert path in store._kept
    path.unlink()  # a session file removed (by sync, by hand)
    assert store.all(Session) == [] and path not in store._kept


def test_all_kept_answers_only_from_what_was_read_and_is_unchanged(store):
    """``all_kept`` never reads: None until ``all`` has read every file and after any change;
    the search index then takes the records' JSON dumps instead (no validation on its path)."""
    q = store.add(Question(text="Is the index fast without a screen's read?"))
    assert store.all_kept(Question) is None
    index = DocCache(store).refresh()  # nothing kept: built from the dumps, still complete
    assert {r.doc.record_id for r in index.search("index fast")} == {q.id}
    kept = store.all(Question)
    assert store.all_kept(Question) == kept and store.all_kept(Question)[0] is kept[0]
    Store(store.root).add(Question(text="from another process"))
    assert store.all_kept(Question) is None


def test_session_documents_are_the_same_from_the_model_and_from_its_dump(store):
    """The search reads a session the store does not keep as its JSON dump (no validation);
    what it indexes must not depend on which way it came."""
    from datetime import datetime, timezone

    from mentor_tui.models import Entry
    from mentor_tui.search import session_docs

    s = store.add(Session(mentor="Ada", topic="Closures", tags=["python"], summary="late binding",
                          notes="- default args\n", takeaways=["bind early"],
                          started_at=datetime(2026, 11, 20, 23, 30, tzinfo=timezone.utc),
                          entries=[Entry(kind="mistake", text="used i in a lambda",
                                                lesson="capture it")]))
    from_dump = [d for doc in store.file_docs(Session, store.path_for(Session, s.id))
                 for d in session_docs(doc)]
    assert from_dump == session_docs(store.get(Session, s.id)) and len(from_dump) == 5
    index = DocCache(store).refresh()  # nothing kept yet: the dumps
    assert {r.doc.field for r in index.search("lambda")} == {"mistake"}


def test_two_threads_reading_a_kind_at_once_validate_each_file_once(store, monkeypatch):
    """Before's full read and the search index built beside it read the questions at the same
    time: each used to parse and validate every file, one copy becoming garbage at once."""
    import threading
    import time

    for month in range(1, 7):
        store.add(Question(text=f"asked in month {month}", id=f"{2024 + month:04d}0101000000ab"[:16]))
    files = store.files(Question)
    validated: list[str] = []
    real = Store._validate

    def slow_validate(self, model, path, raw, table):
        validated.append(path.name)
        time.sleep(0.02)  # both threads arrive at each file while the other still reads it
        return real(self, model, path, raw, table)

    monkeypatch.setattr(Store, "_validate", slow_validate)
    results: list[list[Question]] = []
    threads = [threading.Thread(target=lambda: results.append(store.all(Question))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(validated) == sorted(p.name for p in files)  # each file once
    assert results[0] == results[1] and all(a is b for a, b in zip(*results))


def test_the_search_shares_every_kind_the_store_keeps_and_makes_question_titles_per_result(store):
    """Once a screen has read them, the index holds the very texts of the store's models of
    every kind (tasks and materials too: their dumps were copies), and a question's title is
    not kept but made from its first line for a result."""
    from mentor_tui.models import Material, PracticeTask

    store.add(Question(text="How do I profile memory?\nwith\ttabs", answer="Start with tracemalloc."))
    store.add(Session(mentor="Ada", notes="We looked at tracemalloc snapshots."))
    store.add(PracticeTask(title="Profile a script with tracemalloc", details="take two snapshots"))
    store.add(Material(title="tracemalloc docs", notes="the snapshot API"))
    fresh = Store(store.root)
    # Before's read: the kept rows (questions) and models
    q = fresh.all(Question, view=question_row)[0]
    s, t, m = (fresh.all(kind)[0] for kind in (Session, PracticeTask, Material))
    cache = DocCache(fresh)
    index = cache.refresh()
    assert cache.copied == set()
    texts = {(d.record_id, d.field): d.text for d in index.docs}
    assert texts[(q.id, "question")] is q.text and texts[(s.id, "notes")] is s.notes
    assert texts[(t.id, "task")] is t.title and texts[(t.id, "details")] is t.details
    assert texts[(m.id, "material")] is m.title and texts[(m.id, "notes")] is m.notes
    assert [cols.titles for cols in index.parts if cols.kinds == ["question"]] == [[None]]
    assert {r.doc.record_id: r.doc.title for r in index.search("tracemalloc")}[q.id] == "How do I profile memory?"
    assert [r.doc.title for r in index.search("tabs")] == ["How do I profile memory?"]

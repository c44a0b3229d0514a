"""The maintainers' store: migrations, hashed ids, event de-duplication, feedback and gaps."""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa

from advisor.engine import Advisor
from advisor.settings import load_settings
from advisor.store import MIGRATIONS, Store, default_url


def test_default_location_is_under_data_dir_and_migrations_run_once_in_order(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "data")
    assert default_url(settings).endswith(str(tmp_path / "data" / "advisor.db"))
    store = Store.open(settings)
    assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
    key = store.hash_id("T1", "U1")
    store.close()
    again = Store.open(settings)  # reopening applies nothing twice and keeps the hashing key
    assert again.applied_migrations() == [name for name, _ in MIGRATIONS]
    assert again.hash_id("T1", "U1") == key
    assert (tmp_path / "data" / "advisor.db").is_file()


def test_slack_ids_are_stored_only_as_keyed_hashes(tmp_path: Path, advisor: Advisor) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    answer = advisor.ask("What does a Tech Director do?")
    answer_id = store.record_answer(answer, surface="dm", user="U_SECRET1", channel="D_SECRET2", team="T1")
    store.record_feedback(answer_id, "down", user="U_SECRET1", team="T1")
    dump = "\n".join(str(row) for table in ("answers", "feedback") for row in
                     store.engine.connect().execute(sa.text(f"SELECT * FROM {table}")).all())
    assert "U_SECRET1" not in dump and "D_SECRET2" not in dump
    assert store.hash_id("T1", "U_SECRET1") in dump
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    assert other.hash_id("T1", "U_SECRET1") != store.hash_id("T1", "U_SECRET1")  # a per-store key


def test_each_event_id_is_claimed_once_even_from_many_threads(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    wins: list[bool] = []
    threads = [threading.Thread(target=lambda: wins.append(store.claim_event("Ev1"))) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1 and len(wins) == 10
    assert store.claim_event("Ev2") is True


def test_feedback_and_gaps_are_summarised_most_frequent_first(tmp_path: Path, advisor: Advisor) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    liked = store.record_answer(advisor.ask("What does a Tech Director do?"), surface="dm", user="U1", channel="D1")
    disliked = store.record_answer(advisor.ask("What can a Tech Director be promoted to?"), surface="dm", user="U1",
                                   channel="D1")
    for user in ("U1", "U2", "U3"):
        store.record_feedback(disliked, "down", user=user)
    store.record_feedback(liked, "up", user="U1")
    store.record_feedback(liked, "down", user="U2")
    store.record_feedback(liked, "up", user="U2")  # changed their mind: one verdict per user
    assert store.record_feedback("no-such-answer", "down", user="U1") is False

    downs = store.feedback_summary("down")
    assert [(s.question, s.down) for s in downs] == [("What can a Tech Director be promoted to?", 3)]
    everything = store.feedback_summary(None)
    assert [(s.down, s.up) for s in everything] == [(3, 0), (0, 2)]

    for _ in range(2):
        store.record_answer(advisor.ask("What is the salary of a Director of Education Technology?"),
                            surface="mention", user="U1", channel="C1")
    store.record_answer(advisor.ask("What does a nurse earn?"), surface="dm", user="U2", channel="D2")
    gaps = store.gap_summary()
    assert [g.count for g in gaps] == [2, 1]
    assert "Director of Education Technology" in gaps[0].gap
    assert gaps[0].questions == ["What is the salary of a Director of Education Technology?"]
    assert "nurse" in gaps[1].gap.lower()

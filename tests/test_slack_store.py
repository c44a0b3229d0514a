"""The maintainers' store on SQLite and on a real PostgreSQL: migrations, hashed ids, event de-duplication
(threads and processes racing), feedback and gaps."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from advisor.answer import Answer, Citation
from advisor.engine import Advisor
from advisor.settings import load_settings
from advisor.store import MIGRATIONS, Store, StoreError, default_url
from tests.pg_server import BACKENDS, TEST_KEY, store_database

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from store_database(request.param, tmp_path)


def open_store(url: str) -> Store:
    """As a deployment opens it: a shared database with ADVISOR_STORE_KEY, a SQLite file with its key file."""
    return Store(url, key=None if url.startswith("sqlite") else TEST_KEY)


def answer(question: str, text: str = "An answer [1].", *, abstained: bool = False, gaps: tuple[str, ...] = ()) -> Answer:
    return Answer(question=question, answer=text, abstained=abstained, gaps=list(gaps), roles=["Tech Director"],
                  citations=[Citation(n=1, role="Tech Director", section="Summary", source="tech-director.md",
                                      text="…")])


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


def test_migrations_are_recorded_in_the_database_in_order(url: str) -> None:
    store = open_store(url)
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT name, applied_at FROM _migrations ORDER BY applied_at, name")).all()
        columns = {c["name"] for c in sa.inspect(conn).get_columns("answers")}
    assert [name for name, _ in rows] == [name for name, _ in MIGRATIONS]
    assert all(applied is not None for _, applied in rows)
    assert "redacted_at" in columns


def test_slack_ids_are_stored_only_as_keyed_hashes(url: str, tmp_path: Path, advisor: Advisor) -> None:
    store = open_store(url)
    answer_id = store.record_answer(advisor.ask("What does a Tech Director do?"), surface="dm", user="U_SECRET1",
                                    channel="D_SECRET2", team="T1")
    store.record_feedback(answer_id, "down", user="U_SECRET1", team="T1")
    with store.engine.connect() as conn:
        dump = "\n".join(str(row) for table in ("answers", "feedback", "meta") for row in
                         conn.execute(sa.text(f"SELECT * FROM {table}")).all())
    assert "U_SECRET1" not in dump and "D_SECRET2" not in dump
    assert store.hash_id("T1", "U_SECRET1") in dump
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    assert other.hash_id("T1", "U_SECRET1") != store.hash_id("T1", "U_SECRET1")  # a per-store key


def test_each_event_id_is_claimed_once_even_from_many_threads(url: str) -> None:
    store = open_store(url)
    wins: list[bool] = []
    start = threading.Barrier(10)

    def claim() -> None:
        start.wait()
        wins.append(store.claim_event("Ev1"))

    threads = [threading.Thread(target=claim) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1 and len(wins) == 10
    assert store.claim_event("Ev2") is True


RACER = textwrap.dedent("""
    import json, sys, time
    from advisor.store import Store
    url, key, start, answers = sys.argv[1], sys.argv[2] or None, float(sys.argv[3]), json.loads(sys.argv[4])
    time.sleep(max(0.0, start - time.time()))
    store = Store(url, key=key)  # on a new store both processes migrate it at this same moment
    claimed = []
    for n in range(200):  # both processes go through the same events, and the same user's clicks, in step
        if store.claim_event(f"Ev{n}"):
            claimed.append(n)
        if answers:
            store.record_feedback(answers[n], "up" if n % 2 else "down", user="U1", team="T1")
    print(json.dumps(claimed))
""")


def race(url: str, answers: list[str]) -> tuple[set[int], set[int]]:
    """Two processes running RACER together; the event numbers each one claimed."""
    key = "" if url.startswith("sqlite") else TEST_KEY
    start = time.time() + 3.0
    procs = [subprocess.Popen([sys.executable, "-c", RACER, url, key, str(start), json.dumps(answers)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (_, stderr) in zip(procs, results):
        assert proc.returncode == 0, stderr
    first, second = (set(json.loads(out)) for out, _ in results)
    return first, second


def test_two_processes_opening_a_new_store_at_once_claim_each_event_exactly_once(url: str) -> None:
    first, second = race(url, [])
    assert first | second == set(range(200)) and not first & second
    assert open_store(url).applied_migrations() == [name for name, _ in MIGRATIONS]


def test_one_user_clicking_in_two_processes_at_once_keeps_one_vote_per_answer(url: str) -> None:
    seed = open_store(url)
    answers = [seed.record_answer(answer(f"Question {n}?"), surface="dm", user="U1", channel="D1", team="T1")
               for n in range(200)]
    seed.close()
    first, second = race(url, answers)
    assert first | second == set(range(200)) and not first & second
    store = open_store(url)
    with store.engine.connect() as conn:
        votes = conn.execute(sa.text("SELECT answer_id, COUNT(*) FROM feedback GROUP BY answer_id")).all()
    assert sorted(count for _, count in votes) == [1] * 200


def test_feedback_and_gaps_are_summarised_most_frequent_first(url: str, advisor: Advisor) -> None:
    store = open_store(url)
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
    counts = store.counts()
    assert (counts.answers, counts.up, counts.down, counts.gaps) == (5, 2, 3, 3)


def test_buttons_can_tell_whose_answer_it_is(url: str) -> None:
    store = open_store(url)
    answer_id = store.record_answer(answer("What does a Tech Director do?"), surface="dm", user="U1", channel="D1",
                                    team="T1")
    assert store.belongs_to(answer_id, user="U1", team="T1") is True
    assert store.belongs_to(answer_id, user="U2", team="T1") is False
    assert store.belongs_to(answer_id, user="U1", team="T2") is False
    assert store.belongs_to("no-such-answer", user="U1", team="T1") is False


def test_a_shared_database_needs_a_key_from_outside_it(url: str) -> None:
    if url.startswith("sqlite"):
        pytest.skip("a SQLite file keeps its key in a file beside it")
    with pytest.raises(StoreError, match="needs ADVISOR_STORE_KEY"):
        Store(url)
    with pytest.raises(StoreError, match="too short"):
        Store(url, key="short")


def test_plain_postgresql_urls_use_psycopg_and_an_unreachable_server_is_one_line() -> None:
    with pytest.raises(StoreError) as caught:
        Store("postgresql://advisor:hunter2-secret@127.0.0.1:1/advisor", key=TEST_KEY)
    message = str(caught.value)
    assert message.startswith("Cannot reach the store database at postgresql+psycopg://advisor:***@127.0.0.1:1/")
    assert "ADVISOR_STORE_URL" in message and "hunter2" not in message and "\n" not in message


def test_a_missing_database_driver_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """The message must not send people to `pip install advisor[...]`: that name is someone else's package."""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the postgres extra were not installed
    with pytest.raises(StoreError) as info:
        Store("postgresql+psycopg://advisor:secret-pw@127.0.0.1:1/advisor", key=TEST_KEY)
    message = str(info.value)
    assert "needs the psycopg package: pip install 'psycopg[binary]' (in a checkout: pip install -e '.[postgres]')" \
        in message
    assert "advisor[" not in message and "secret-pw" not in message

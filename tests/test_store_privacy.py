"""What the store keeps about employees, for how long, and how it fails: retention and purge (SQLite and
PostgreSQL), the hashing key outside the database, file modes, migrating an older store, and one clear line
for a damaged, read-only or full store."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from advisor.answer import Answer
from advisor.cli import app
from advisor.settings import load_settings
from advisor.store import (MIGRATIONS, Migrating, Store, StoreError, answers_table, feedback_table, gaps_table,
                           migrations_table)
from tests.pg_server import BACKENDS, TEST_KEY, store_database

runner = CliRunner()


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from store_database(request.param, tmp_path)


def open_store(url: str) -> Store:
    return Store(url, key=None if url.startswith("sqlite") else TEST_KEY)


def ask(store: Store, question: str, *, abstained: bool = False, user: str = "U1") -> str:
    text = "The role documents don't say what this role earns." if abstained else f"Answer to {question}"
    return store.record_answer(Answer(question=question, answer=text, abstained=abstained), surface="dm", user=user,
                               channel="D1", team="T1")


def backdate(store: Store, answer_id: str, days: int) -> None:
    when = datetime.now(timezone.utc) - timedelta(days=days)
    with store.engine.begin() as conn:
        conn.execute(sa.update(answers_table).where(answers_table.c.id == answer_id).values(created_at=when))
        conn.execute(sa.update(gaps_table).where(gaps_table.c.answer_id == answer_id).values(created_at=when))


def all_text(store: Store) -> str:
    with store.engine.connect() as conn:
        return "\n".join(str(row) for table in ("answers", "gaps", "feedback", "meta")
                         for row in conn.execute(sa.text(f"SELECT * FROM {table}")).all())


# -- retention and purge -------------------------------------------------------------------------------------------
def test_past_the_retention_only_counts_and_gaps_remain(url: str) -> None:
    store = open_store(url)
    old = ask(store, "What does a Tech Director earn in Lisbon?")
    old_gap = ask(store, "What does a nurse earn?", abstained=True)
    recent = ask(store, "What does a Tech Director do?")
    for user in ("U1", "U2"):
        store.record_feedback(old, "down", user=user, team="T1")
    store.record_feedback(recent, "up", user="U1", team="T1")
    backdate(store, old, 31)
    backdate(store, old_gap, 31)

    # past the retention, text is no longer served even before a purge runs
    assert store.get_answer(old) is None and store.get_answer(recent) is not None
    assert store.record_feedback(old, "up", user="U3", team="T1") is False

    report = store.purge()
    assert report.texts_removed == 2
    text = all_text(store)
    assert "Lisbon" not in text and "What does a nurse earn?" not in text
    assert store.hash_id("T1", "U1") in text  # only through the recent answer
    with store.engine.connect() as conn:
        old_row = conn.execute(sa.text("SELECT user_hash, channel_hash, question FROM answers WHERE id = :i"),
                               {"i": old}).one()
        voters = set(conn.execute(sa.text("SELECT user_hash FROM feedback WHERE answer_id = :i"), {"i": old}).scalars())
    assert tuple(old_row) == ("", "", "")
    assert store.hash_id("T1", "U1") not in voters and store.hash_id("T1", "U2") not in voters

    counts = store.counts()
    assert (counts.answers, counts.answers_with_text, counts.abstained, counts.up, counts.down, counts.gaps) == \
        (3, 1, 1, 1, 2, 1)
    [gap] = store.gap_summary()
    assert "earns" in gap.gap and gap.count == 1 and gap.questions == []
    assert [s.question for s in store.feedback_summary(None)] == ["What does a Tech Director do?"]
    assert store.purge().texts_removed == 0  # nothing twice


def test_purge_everything_deletes_every_row(url: str) -> None:
    store = open_store(url)
    answer_id = ask(store, "What does a nurse earn?", abstained=True)
    store.record_feedback(answer_id, "down", user="U1", team="T1")
    store.claim_event("Ev1")
    report = store.purge(everything=True)
    assert report.everything and report.rows_deleted == 4
    counts = store.counts()
    assert (counts.answers, counts.up + counts.down, counts.gaps, counts.events) == (0, 0, 0, 0)
    assert store.applied_migrations() == [name for name, _ in MIGRATIONS]  # the schema stays


def test_purged_text_is_gone_from_the_sqlite_files_too(tmp_path: Path) -> None:
    db = tmp_path / "advisor.db"
    store = Store(f"sqlite:///{db}")
    secret_question = "Is my manager Zanzibar Quokkafeld paid more than me?"
    backdate(store, ask(store, secret_question), 40)
    store.purge()
    store.close()
    on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("advisor.db"))
    assert b"Quokkafeld" not in on_disk


def test_advisor_store_purge_and_info_commands(tmp_path: Path) -> None:
    env = {"ADVISOR_DATA_DIR": str(tmp_path / "data"), "ADVISOR_STORE_RETENTION_DAYS": "7"}
    store = Store.open(load_settings(data_dir=tmp_path / "data"))
    backdate(store, ask(store, "What does a Tech Director earn in Lisbon?"), 8)
    ask(store, "What does a Tech Director do?")
    store.close()

    info = runner.invoke(app, ["store", "info"], env=env)
    assert info.exit_code == 0, info.output
    assert "7 days" in info.stdout and "2 answers" in info.stdout

    purged = runner.invoke(app, ["store", "purge"], env=env)
    assert purged.exit_code == 0, purged.output
    assert "1 answer" in purged.stdout and "7 days" in purged.stdout

    refused = runner.invoke(app, ["store", "purge", "--all"], env=env, input="n\n")
    assert refused.exit_code == 1
    assert Store.open(load_settings(data_dir=tmp_path / "data")).counts().answers == 2

    everything = runner.invoke(app, ["store", "purge", "--all", "--yes"], env=env)
    assert everything.exit_code == 0, everything.output
    assert Store.open(load_settings(data_dir=tmp_path / "data")).counts().answers == 0


# -- the key and the files -------------------------------------------------------------------------------------
def test_the_hashing_key_never_enters_the_database(url: str) -> None:
    store = open_store(url)
    ask(store, "What does a Tech Director do?")
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM meta")).scalar_one() == 0
    if url.startswith("sqlite"):
        key_file = Path(url.removeprefix("sqlite:///") + ".key")
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert key_file.read_text().strip() not in all_text(store)
    else:
        assert TEST_KEY not in all_text(store)


def test_the_key_from_the_environment_wins_and_keeps_hashes_stable(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_STORE_KEY", TEST_KEY)
    first = Store.open(load_settings(data_dir=tmp_path / "a"))
    second = Store.open(load_settings(data_dir=tmp_path / "b"))  # another machine, the same secret
    assert first.hash_id("T1", "U1") == second.hash_id("T1", "U1")
    assert not (tmp_path / "a" / "advisor.db.key").exists()


def test_files_are_private_and_folders_0700(tmp_path: Path) -> None:
    store = Store.open(load_settings(data_dir=tmp_path / "new" / "data"))
    ask(store, "What does a Tech Director do?")
    data = tmp_path / "new" / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    files = [p for p in data.iterdir() if p.name.startswith("advisor.db")]
    assert {p.name for p in files} >= {"advisor.db", "advisor.db.key", "advisor.db-wal"}
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files), [oct(p.stat().st_mode) for p in files]

    older = tmp_path / "old.db"  # made readable by all by an older version
    Store(f"sqlite:///{older}").close()
    os.chmod(older, 0o644)
    Store(f"sqlite:///{older}").close()
    assert stat.S_IMODE(older.stat().st_mode) == 0o600


# -- migrating an older store ------------------------------------------------------------------------------------
def make_old_store(url: str) -> tuple[str, str]:
    """A store as the previous release left it (migrations 001-002, its hashing key in `meta`), with one
    answer and one vote; returns the answer id and the old key."""
    import hashlib
    import hmac
    import secrets

    old_key = secrets.token_hex(32)
    user_hash = hmac.new(bytes.fromhex(old_key), b"T1:U1", hashlib.sha256).hexdigest()[:32]
    engine = sa.create_engine(url)
    now = datetime.now(timezone.utc)
    with engine.begin() as conn:
        migrations_table.create(conn)
        MIGRATIONS[0][1](Migrating(conn, adopt_old_key=lambda key: None))
        conn.execute(sa.text("INSERT INTO meta (key, value) VALUES ('hash_key', :k)"), {"k": old_key})
        for name in ("001_initial", "002_hash_key"):
            conn.execute(sa.insert(migrations_table).values(name=name, applied_at=now))
        conn.execute(sa.insert(answers_table).values(
            id="a1", created_at=now, surface="dm", question="What does a Tech Director do?", answer="Leads.",
            abstained=False, private=False, citations="[]", roles="[]", topics="[]", user_hash=user_hash,
            channel_hash="c"))
        conn.execute(sa.insert(feedback_table).values(answer_id="a1", verdict="down", user_hash=user_hash,
                                                      created_at=now))
    engine.dispose()
    return "a1", old_key


def test_an_older_store_is_migrated_and_its_key_moved_out(url: str, caplog: pytest.LogCaptureFixture) -> None:
    answer_id, old_key = make_old_store(url)
    with caplog.at_level(logging.INFO, logger="advisor.store"):
        store = open_store(url)
    assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
    assert old_key not in all_text(store)
    assert store.get_answer(answer_id).question == "What does a Tech Director do?"  # type: ignore[union-attr]
    store.record_feedback(answer_id, "up", user="U1", team="T1")
    counts = store.counts()
    if url.startswith("sqlite"):  # the old key now lives in the key file: U1's vote is still U1's
        assert Path(url.removeprefix("sqlite:///") + ".key").read_text().strip() == old_key
        assert (counts.up, counts.down) == (1, 0)
    else:  # ADVISOR_STORE_KEY is used from now on, and the log says what that costs
        assert (counts.up, counts.down) == (1, 1)
        assert "no longer count as theirs" in caplog.text
    assert open_store(url).applied_migrations() == [name for name, _ in MIGRATIONS]  # nothing twice


# -- failures: one line with advice --------------------------------------------------------------------------------
def test_a_damaged_store_file_is_one_line_with_how_to_recover(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "advisor.db").write_bytes(b"this is not a database, it was overwritten" * 200)
    with pytest.raises(StoreError) as caught:
        Store.open(load_settings(data_dir=data))
    message = str(caught.value)
    assert "is damaged" in message and "mv " in message and "\n" not in message

    result = runner.invoke(app, ["feedback"], env={"ADVISOR_DATA_DIR": str(data)})
    assert result.exit_code == 1
    assert "is damaged" in result.output and "Traceback" not in result.output


def test_a_damaged_store_leaves_the_bot_a_working_temporary_store(tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "advisor.db").write_bytes(b"garbage" * 1000)
    with caplog.at_level(logging.ERROR, logger="advisor.store"):
        store = Store.open_or_fallback(load_settings(data_dir=data))
    assert store.claim_event("Ev1") is True and store.claim_event("Ev1") is False
    with ThreadPoolExecutor(8) as pool:  # the bot's worker threads at once
        wins = list(pool.map(lambda n: store.claim_event(f"Ev{n % 20}"), range(200)))
    assert wins.count(True) == 19  # Ev1 was claimed above
    answer_id = ask(store, "What does a Tech Director do?")
    assert store.get_answer(answer_id) is not None
    [record] = caplog.records
    assert "is damaged" in record.getMessage() and "temporary store" in record.getMessage()
    assert record.exc_info is None


def test_a_read_only_store_is_one_line_saying_to_make_it_writable(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "advisor.db"
    Store(f"sqlite:///{db}").close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    store = Store(f"sqlite:///file:{db}?mode=ro&uri=true", key=TEST_KEY)
    assert list(elsewhere.iterdir()) == []  # a URI filename is not taken for a folder to create
    with pytest.raises(StoreError) as caught:
        ask(store, "What does a Tech Director do?")
    assert "cannot be written" in str(caught.value) and "writable" in str(caught.value)
    assert "What does a Tech Director do?" not in str(caught.value)  # never the SQL or its parameters


def test_a_full_disk_is_one_line_saying_to_free_space(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'advisor.db'}")
    sa.event.listen(store.engine, "connect", lambda dbapi, _r: dbapi.execute("PRAGMA max_page_count=20"))
    store.engine.dispose()  # new connections get the tiny limit: SQLite then fails as on a full disk
    with pytest.raises(StoreError) as caught:
        for n in range(500):
            ask(store, f"What does a Tech Director do on day {n}? " + "x" * 500)
    assert "is full" in str(caught.value) and "free some space" in str(caught.value)

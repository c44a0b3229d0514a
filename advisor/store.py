"""What the bot must remember for its maintainers: the answers it gave, users' 👍/👎 on them, the questions
the documents could not answer, and which Slack events it already handled (Slack retries deliveries).

SQLAlchemy Core, so the default SQLite file under `data_dir` and a shared database (`ADVISOR_STORE_URL`,
e.g. PostgreSQL behind several bot processes) run the same code. Schema changes are named, ordered
migration functions recorded in `_migrations`, applied when the store opens, one process at a time.

Privacy by default:
- the question and answer text is kept for `store_retention_days`; after that only counts and gaps remain
  (`purge`, run by itself about hourly and by `advisor store purge`);
- Slack ids are kept only as keyed hashes. The key never lives in the database: it comes from
  ADVISOR_STORE_KEY (required for a shared database, the same on every process) or, for a SQLite file,
  from a 0600 file beside it (`advisor.db.key`). Whoever has only the database cannot reverse the hashes;
- a SQLite store's file is created 0600 (its WAL files follow) in folders created 0700.

Every failure of the database or its disk surfaces as a `StoreError`: one line with advice, never a
traceback, never a password or a stored question.
"""

from __future__ import annotations

import atexit
import errno
import functools
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from advisor.answer import Answer
from advisor.errors import AdvisorError
from advisor.settings import Settings

log = logging.getLogger(__name__)

KEY_ENV = "ADVISOR_STORE_KEY"
MIN_KEY_CHARS = 32
VERDICTS = ("up", "down")
_EVENT_TTL = timedelta(days=2)
_SWEEP_EVERY = 3600.0  # seconds between automatic purges in one process
_PG_MIGRATION_LOCK = 0x5EED_AD71  # pg_advisory_xact_lock id: one process migrates at a time


class StoreError(AdvisorError):
    """The store cannot be opened, read or written; the message says why and what to do."""


# -- schema: the tables as they are now (queries use these) ------------------------------------------------------
metadata = sa.MetaData()

migrations_table = sa.Table(
    "_migrations", metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)
meta_table = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
answers_table = sa.Table(
    "answers", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("surface", sa.String(20), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("abstained", sa.Boolean, nullable=False),
    sa.Column("private", sa.Boolean, nullable=False),
    sa.Column("citations", sa.Text, nullable=False),
    sa.Column("roles", sa.Text, nullable=False),
    sa.Column("topics", sa.Text, nullable=False),
    sa.Column("user_hash", sa.String(64), nullable=False),
    sa.Column("channel_hash", sa.String(64), nullable=False),
    sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=True),
)
feedback_table = sa.Table(
    "feedback", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("answer_id", sa.String(32), sa.ForeignKey("answers.id"), nullable=False, index=True),
    sa.Column("verdict", sa.String(4), nullable=False),
    sa.Column("user_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("answer_id", "user_hash", name="one_verdict_per_user"),
)
gaps_table = sa.Table(
    "gaps", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("answer_id", sa.String(32), sa.ForeignKey("answers.id"), nullable=False, index=True),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("gap", sa.Text, nullable=False),
    sa.Column("abstained", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
)
events_table = sa.Table(
    "events", metadata,
    sa.Column("event_id", sa.String(100), primary_key=True),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, index=True),
)


# -- migrations: history, never edited once released; each runs inside the one migrating transaction ----------
@dataclass
class Migrating:
    """What a migration may need beyond the connection."""

    conn: sa.Connection
    adopt_old_key: Callable[[bytes], None]


def _m001_initial(m: Migrating) -> None:
    """The first schema, frozen here as it was (the tables above have grown since)."""
    v1 = sa.MetaData()
    sa.Table("meta", v1, sa.Column("key", sa.String(100), primary_key=True),
             sa.Column("value", sa.Text, nullable=False))
    sa.Table("answers", v1,
             sa.Column("id", sa.String(32), primary_key=True),
             sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
             sa.Column("surface", sa.String(20), nullable=False),
             sa.Column("question", sa.Text, nullable=False),
             sa.Column("answer", sa.Text, nullable=False),
             sa.Column("abstained", sa.Boolean, nullable=False),
             sa.Column("private", sa.Boolean, nullable=False),
             sa.Column("citations", sa.Text, nullable=False),
             sa.Column("roles", sa.Text, nullable=False),
             sa.Column("topics", sa.Text, nullable=False),
             sa.Column("user_hash", sa.String(64), nullable=False),
             sa.Column("channel_hash", sa.String(64), nullable=False))
    sa.Table("feedback", v1,
             sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("answer_id", sa.String(32), sa.ForeignKey("answers.id"), nullable=False, index=True),
             sa.Column("verdict", sa.String(4), nullable=False),
             sa.Column("user_hash", sa.String(64), nullable=False),
             sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
             sa.UniqueConstraint("answer_id", "user_hash", name="one_verdict_per_user"))
    sa.Table("gaps", v1,
             sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("answer_id", sa.String(32), sa.ForeignKey("answers.id"), nullable=False, index=True),
             sa.Column("question", sa.Text, nullable=False),
             sa.Column("gap", sa.Text, nullable=False),
             sa.Column("abstained", sa.Boolean, nullable=False),
             sa.Column("created_at", sa.DateTime(timezone=True), nullable=False))
    sa.Table("events", v1,
             sa.Column("event_id", sa.String(100), primary_key=True),
             sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, index=True))
    v1.create_all(m.conn)


def _m002_hash_key(m: Migrating) -> None:
    """Once stored a random hashing key in `meta`, beside the hashes; 003 moves such a key out. A new store
    gets its key from outside the database, so this now does nothing."""


def _m003_key_out_of_database(m: Migrating) -> None:
    row = m.conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "hash_key")).first()
    if row is not None:
        m.adopt_old_key(bytes.fromhex(row[0]))
        m.conn.execute(sa.delete(meta_table).where(meta_table.c.key == "hash_key"))


def _m004_retention(m: Migrating) -> None:
    """Answers remember when their text was removed; purges find old answers by date."""
    column_type = sa.DateTime(timezone=True).compile(dialect=m.conn.dialect)
    m.conn.execute(sa.text(f"ALTER TABLE answers ADD COLUMN redacted_at {column_type}"))
    sa.Index("ix_answers_created_at", answers_table.c.created_at).create(m.conn)
    sa.Index("ix_gaps_created_at", gaps_table.c.created_at).create(m.conn)


MIGRATIONS: tuple[tuple[str, Callable[[Migrating], None]], ...] = (
    ("001_initial", _m001_initial),
    ("002_hash_key", _m002_hash_key),
    ("003_key_out_of_database", _m003_key_out_of_database),
    ("004_retention", _m004_retention),
)


# -- what readers get ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredAnswer:
    id: str
    question: str
    answer: str
    abstained: bool
    private: bool
    citations: list[dict[str, Any]]
    roles: list[str]
    topics: list[str]
    user_hash: str = ""  # who it was given to (Store.hash_id of team and user): buttons on it are theirs


@dataclass(frozen=True)
class FeedbackSummary:
    """One answered question and what users thought of it (all its answers pooled)."""

    question: str
    down: int
    up: int
    answer: str
    citations: list[str]
    last_at: datetime


@dataclass(frozen=True)
class GapSummary:
    """One thing the documents do not say, how often it was asked, and how (within the retention)."""

    gap: str
    count: int
    abstained: int
    questions: list[str] = field(default_factory=list)
    last_at: datetime | None = None


@dataclass(frozen=True)
class StoreCounts:
    """What is kept: totals survive the retention, texts do not."""

    answers: int
    answers_with_text: int
    abstained: int
    up: int
    down: int
    gaps: int
    events: int
    oldest_text: datetime | None
    retention_days: int


@dataclass(frozen=True)
class PurgeReport:
    texts_removed: int
    rows_deleted: int
    everything: bool


def default_url(settings: Settings) -> str:
    return settings.store_url or f"sqlite:///{(settings.data_dir / 'advisor.db').resolve()}"


T = TypeVar("T")


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """A database or disk failure inside a store method becomes one StoreError line."""

    @functools.wraps(method)
    def wrapper(self: "Store", *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(explain(exc, self.url)) from None

    return wrapper


class Store:
    """Owns the database engine; every method is one short transaction, safe from many threads and processes.

    `key`: the hashing secret (ADVISOR_STORE_KEY). Without it a SQLite store keeps its key in a 0600 file
    beside the database, an in-memory store makes one up, and a shared database refuses to open."""

    def __init__(self, url: str, *, key: str | None = None, retention_days: int = 30) -> None:
        self.url = _with_driver(url)
        self.retention = timedelta(days=retention_days)
        self._next_sweep = 0.0  # the first write purges what is past the retention, then about hourly
        self._db_file = _sqlite_file(self.url)
        if key is not None and len(key.strip()) < MIN_KEY_CHARS:
            raise StoreError(f"{KEY_ENV} is too short: use at least {MIN_KEY_CHARS} random characters "
                             "(e.g. the output of `python -c 'import secrets; print(secrets.token_hex(32))'`).")
        if key is None and self._db_file is None and not _is_memory(self.url):
            raise StoreError(f"The shared store at {_safe_url(self.url)} needs {KEY_ENV}: the same secret on every "
                             "bot process, so Slack ids hash alike everywhere (it never goes into the database).")
        self._key_file = self._db_file.with_name(self._db_file.name + ".key") if key is None and self._db_file \
            else None
        self._key = key.strip().encode() if key is not None else b""
        try:
            if self._db_file is not None and "mode=ro" not in self.url:
                _prepare_private_file(self._db_file)
            self.engine = _engine(self.url)
            self._migrate()
            if self._key_file is not None:
                self._key = _read_or_create_key(self._key_file)
            elif not self._key:
                self._key = secrets.token_bytes(32)  # in memory: pseudonyms die with the process
        except StoreError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(explain(exc, self.url)) from None
        except ModuleNotFoundError as exc:
            raise StoreError(f"The store at {_safe_url(self.url)} needs the {exc.name} package: "
                             "pip install 'psycopg[binary]' (in a checkout: pip install -e '.[postgres]'), "
                             "and use a postgresql+psycopg:// URL.") from None

    @classmethod
    def open(cls, settings: Settings) -> "Store":
        key = settings.store_key.get_secret_value() if settings.store_key else None
        return cls(default_url(settings), key=key, retention_days=settings.store_retention_days)

    @classmethod
    def open_or_fallback(cls, settings: Settings) -> "Store":
        """The configured store, or, when it cannot be used, one in memory so answering goes on; says once
        in the log what is lost."""
        try:
            return cls.open(settings)
        except StoreError as exc:
            log.error("%s Answering goes on with a temporary store: feedback, gaps and answers for buttons are not "
                      "kept past this process, and Slack retries are de-duplicated only within it.", exc)
        key = secrets.token_hex(32)
        try:  # a private temporary file: SQLite's locking keeps the bot's worker threads apart
            folder = Path(tempfile.mkdtemp(prefix="advisor-store-"))
            atexit.register(shutil.rmtree, folder, True)
            return cls(f"sqlite:///{folder / 'advisor.db'}", key=key, retention_days=settings.store_retention_days)
        except (StoreError, OSError):  # no temporary folder either (a full disk): memory, one shared connection
            return cls("sqlite://", key=key, retention_days=settings.store_retention_days)

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ------------------------------------------------------------------------------------
    def _migrate(self) -> None:
        adopted: list[bytes] = []
        with self._writing() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_MIGRATION_LOCK)))
            migrations_table.create(conn, checkfirst=True)
            done = set(conn.execute(sa.select(migrations_table.c.name)).scalars())
            context = Migrating(conn, adopt_old_key=adopted.append)
            for name, migration in MIGRATIONS:
                if name in done:
                    continue
                migration(context)
                if adopted:
                    self._adopt_old_key(adopted.pop())
                conn.execute(sa.insert(migrations_table).values(name=name, applied_at=_now()))
                log.info("store migration %s applied", name)
        self._checkpoint()

    def _adopt_old_key(self, old: bytes) -> None:
        """An old store kept its hashing key in the database: move it out, so its hashes still match."""
        if self._key_file is not None:
            _write_key(self._key_file, old, replace=True)
            log.info("the store's hashing key moved out of the database into %s", self._key_file)
        elif self._key and not hmac.compare_digest(self._key, old):
            log.warning("the hashing key kept in the database was dropped; %s is used from now on, so a user's "
                        "earlier votes no longer count as theirs", KEY_ENV)

    @_guarded
    def applied_migrations(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(migrations_table.c.name).order_by(migrations_table.c.name)).scalars())

    # -- writing -----------------------------------------------------------------------------------
    def hash_id(self, *parts: str) -> str:
        """A stable pseudonym for a Slack id (team and user or channel), keyed so it cannot be looked up."""
        return hmac.new(self._key, ":".join(parts).encode(), hashlib.sha256).hexdigest()[:32]

    @_guarded
    def claim_event(self, event_id: str) -> bool:
        """True the first time an event id is seen (in any process sharing this store), False for a retry."""
        with self._writing() as conn:
            claim = (_dialect_insert(conn)(events_table).values(event_id=event_id, received_at=_now())
                     .on_conflict_do_nothing(index_elements=["event_id"]).returning(events_table.c.event_id))
            claimed = conn.execute(claim).first() is not None  # (an INSERT's rowcount is -1 on psycopg)
        self._sweep_if_due()
        return claimed

    @_guarded
    def record_answer(self, answer: Answer, *, surface: str, user: str, channel: str, team: str = "",
                      private: bool = False) -> str:
        """Keep an answer (so buttons on it can be resolved later, by any process) and its gaps; return its id."""
        answer_id = uuid.uuid4().hex
        now = _now()
        citations = [{"n": c.n, "role": c.role, "section": c.section, "source": c.source, "updated": c.updated}
                     for c in answer.citations]
        gaps = list(answer.gaps) or ([answer.answer] if answer.abstained else [])
        with self._writing() as conn:
            conn.execute(sa.insert(answers_table).values(
                id=answer_id, created_at=now, surface=surface, question=answer.question, answer=answer.answer,
                abstained=answer.abstained, private=private, citations=json.dumps(citations),
                roles=json.dumps(list(answer.roles)), topics=json.dumps(list(answer.topics)),
                user_hash=self.hash_id(team, user), channel_hash=self.hash_id(team, channel)))
            if gaps:
                conn.execute(sa.insert(gaps_table), [
                    {"answer_id": answer_id, "question": answer.question, "gap": gap, "abstained": answer.abstained,
                     "created_at": now} for gap in gaps])
        self._sweep_if_due()
        return answer_id

    @_guarded
    def record_feedback(self, answer_id: str, verdict: str, *, user: str, team: str = "") -> bool:
        """Store a user's verdict on an answer; a second click by the same user replaces the first, even when
        the two clicks reach two processes at once. False when the answer is unknown or past its retention."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}")
        user_hash = self.hash_id(team, user)
        now = _now()
        with self._writing() as conn:
            if conn.execute(sa.select(answers_table.c.id).where(self._kept(answer_id))).first() is None:
                return False
            insert = _dialect_insert(conn)(feedback_table).values(answer_id=answer_id, verdict=verdict,
                                                                  user_hash=user_hash, created_at=now)
            conn.execute(insert.on_conflict_do_update(index_elements=["answer_id", "user_hash"],
                                                      set_={"verdict": verdict, "created_at": now}))
        return True

    @_guarded
    def purge(self, *, everything: bool = False) -> PurgeReport:
        """Past the retention, remove question and answer text and the hashed ids tied to it (counts and gaps
        stay); with `everything`, delete every answer, verdict, gap and event."""
        with self._writing() as conn:
            if everything:
                deleted = sum(conn.execute(sa.delete(table)).rowcount
                              for table in (feedback_table, gaps_table, answers_table, events_table))
                report = PurgeReport(texts_removed=0, rows_deleted=deleted, everything=True)
            else:
                report = self._redact_expired(conn)
        if report.texts_removed or report.everything:
            self._scrub()
        if report.texts_removed or report.rows_deleted:
            log.info("store purge: %d answer texts removed, %d rows deleted", report.texts_removed,
                     report.rows_deleted)
        return report

    def _redact_expired(self, conn: sa.Connection) -> PurgeReport:
        now = _now()
        old = sa.select(answers_table.c.id).where(answers_table.c.redacted_at.is_(None),
                                                  answers_table.c.created_at < now - self.retention)
        conn.execute(sa.update(gaps_table).where(gaps_table.c.answer_id.in_(old)).values(question=""))
        conn.execute(sa.update(feedback_table).where(feedback_table.c.answer_id.in_(old))
                     .values(user_hash=sa.literal("gone-") + sa.cast(feedback_table.c.id, sa.String)))
        redacted = conn.execute(sa.update(answers_table).where(answers_table.c.id.in_(old)).values(
            question="", answer="", user_hash="", channel_hash="", redacted_at=now)).rowcount
        events = conn.execute(sa.delete(events_table).where(events_table.c.received_at < now - _EVENT_TTL)).rowcount
        return PurgeReport(texts_removed=redacted, rows_deleted=events, everything=False)

    def _sweep_if_due(self) -> None:
        if time.monotonic() < self._next_sweep:
            return
        self._next_sweep = time.monotonic() + _SWEEP_EVERY
        try:
            self.purge()
        except StoreError as exc:  # the write that triggered it succeeded; the next sweep tries again
            log.warning("automatic store purge failed: %s", exc)

    # -- reading -----------------------------------------------------------------------------------
    @_guarded
    def get_answer(self, answer_id: str) -> StoredAnswer | None:
        """The answer a button refers to; None when unknown or past its retention."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(answers_table).where(self._kept(answer_id))).mappings().first()
        if row is None:
            return None
        return StoredAnswer(id=row["id"], question=row["question"], answer=row["answer"], abstained=row["abstained"],
                            private=row["private"], citations=json.loads(row["citations"]),
                            roles=json.loads(row["roles"]), topics=json.loads(row["topics"]),
                            user_hash=row["user_hash"])

    @_guarded
    def belongs_to(self, answer_id: str, *, user: str, team: str = "") -> bool:
        """Whether this answer was given to this user: buttons on it are theirs alone."""
        with self.engine.connect() as conn:
            owner = conn.execute(sa.select(answers_table.c.user_hash).where(self._kept(answer_id))).scalar()
        return owner is not None and hmac.compare_digest(owner, self.hash_id(team, user))

    @_guarded
    def feedback_summary(self, verdict: str | None = "down", limit: int = 50) -> list[FeedbackSummary]:
        """Questions with feedback, grouped by their wording; most 👎 first (or most of `verdict`, None = all).
        Only answers still within the retention have wording to show."""
        query = (sa.select(answers_table.c.question, answers_table.c.answer, answers_table.c.citations,
                           feedback_table.c.verdict, feedback_table.c.created_at)
                 .join(feedback_table, feedback_table.c.answer_id == answers_table.c.id)
                 .where(answers_table.c.redacted_at.is_(None), answers_table.c.created_at >= self._cutoff())
                 .order_by(feedback_table.c.created_at))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        groups: dict[str, dict[str, Any]] = {}
        for question, answer, citations, row_verdict, created in rows:
            group = groups.setdefault(_normal(question), {"question": question, "up": 0, "down": 0})
            group[row_verdict] += 1
            group.update(answer=answer, citations=json.loads(citations), last_at=created)
        summaries = [FeedbackSummary(question=g["question"], down=g["down"], up=g["up"], answer=g["answer"],
                                     citations=[_citation_line(c) for c in g["citations"]],
                                     last_at=_aware(g["last_at"]))
                     for g in groups.values() if verdict is None or g[verdict] > 0]
        key = (lambda s: (-s.down, -s.up)) if verdict != "up" else (lambda s: (-s.up, -s.down))
        return sorted(summaries, key=lambda s: (*key(s), -s.last_at.timestamp()))[:limit]

    @_guarded
    def gap_summary(self, limit: int = 50) -> list[GapSummary]:
        """What the documents could not answer, most often asked first; example questions only from within
        the retention."""
        cutoff = self._cutoff()
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(gaps_table.c.gap, gaps_table.c.question, gaps_table.c.abstained,
                                          gaps_table.c.created_at).order_by(gaps_table.c.created_at)).all()
        groups: dict[str, dict[str, Any]] = {}
        for gap, question, abstained, created in rows:
            group = groups.setdefault(_normal(gap), {"gap": gap, "count": 0, "abstained": 0, "questions": {}})
            group["count"] += 1
            group["abstained"] += int(bool(abstained))
            if question and _aware(created) >= cutoff:
                group["questions"].setdefault(_normal(question), question)
            group["last_at"] = created
        summaries = [GapSummary(gap=g["gap"], count=g["count"], abstained=g["abstained"],
                                questions=list(g["questions"].values())[-3:], last_at=_aware(g["last_at"]))
                     for g in groups.values()]
        return sorted(summaries, key=lambda s: (-s.count, -s.last_at.timestamp()))[:limit]  # type: ignore[union-attr]

    @_guarded
    def counts(self) -> StoreCounts:
        with self.engine.connect() as conn:
            def count(table: sa.Table, *where: Any) -> int:
                return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())

            kept = (answers_table.c.redacted_at.is_(None),)
            oldest = conn.execute(sa.select(sa.func.min(answers_table.c.created_at)).where(*kept)).scalar()
            return StoreCounts(
                answers=count(answers_table), answers_with_text=count(answers_table, *kept),
                abstained=count(answers_table, answers_table.c.abstained.is_(True)),
                up=count(feedback_table, feedback_table.c.verdict == "up"),
                down=count(feedback_table, feedback_table.c.verdict == "down"),
                gaps=count(gaps_table), events=count(events_table),
                oldest_text=_aware(oldest) if oldest is not None else None,
                retention_days=self.retention.days)

    # -- plumbing ----------------------------------------------------------------------------------
    def _cutoff(self) -> datetime:
        return _now() - self.retention

    def _kept(self, answer_id: str) -> Any:
        return ((answers_table.c.id == answer_id) & answers_table.c.redacted_at.is_(None)
                & (answers_table.c.created_at >= self._cutoff()))

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        """A write transaction; on SQLite it takes the write lock up front (BEGIN IMMEDIATE), so two processes
        never deadlock upgrading a read to a write."""
        with self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE").begin() as conn:
            yield conn

    def _checkpoint(self) -> None:
        """Fold SQLite's write-ahead log into the file and empty it: removed text must not linger there."""
        if self._db_file is None:
            return
        with self.engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]

    def _scrub(self) -> None:
        """After a purge: SQLite's freed space is zeroed already (secure_delete), its log is emptied here;
        PostgreSQL's VACUUM drops the dead row versions that still held the text."""
        if self._db_file is not None:
            self._checkpoint()
        elif self.engine.dialect.name == "postgresql":
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                for table in (answers_table, gaps_table, feedback_table):
                    conn.execute(sa.text(f"VACUUM {table.name}"))


# -- engine and files -----------------------------------------------------------------------------------------
_BUSY_SECONDS = 30  # how long a SQLite connection waits for another process's lock before giving up


def _engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        options: dict[str, Any] = {"poolclass": sa.pool.StaticPool} if _is_memory(url) else {}
        engine = sa.create_engine(url, connect_args={"timeout": _BUSY_SECONDS, "check_same_thread": False},
                                  **options)
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args = {"connect_timeout": 10} if url.startswith("postgresql+psycopg") else {}
    return sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin, DDL included
    cursor = dbapi_connection.cursor()
    _use_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Turn on the write-ahead log, which stays on in the file. Switching needs the file to itself, and SQLite
    answers "locked" at once rather than waiting (as it does for a write) when processes open a new store together,
    so wait here as long."""
    deadline = time.monotonic() + _BUSY_SECONDS
    pause = 0.005
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


def _sqlite_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))


def _dialect_insert(conn: sa.Connection) -> Callable[[sa.Table], Any]:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def _with_driver(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3, the driver the postgres extra installs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _is_memory(url: str) -> bool:
    return url in ("sqlite://", "sqlite:///:memory:")


def _sqlite_file(url: str) -> Path | None:
    if not url.startswith("sqlite:///") or _is_memory(url):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    return Path(path.removeprefix("file:")) if "uri=true" in url else Path(path)  # a URI filename: file:/path


def _prepare_private_file(path: Path) -> None:
    """Create the database file 0600 in folders created 0700 before SQLite opens it (its -wal and -shm
    files take the same mode); tighten a file an older version left readable by others."""
    missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    elif path.stat().st_mode & 0o077 and os.access(path, os.W_OK):
        os.chmod(path, 0o600)


def _read_or_create_key(path: Path) -> bytes:
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        _write_key(path, secrets.token_bytes(32), replace=False)
        text = path.read_text().strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise StoreError(f"The store's key file {path} is damaged. Restore it from a backup; or delete it to start "
                         "new pseudonyms (earlier votes then no longer count as their users').")
    if path.stat().st_mode & 0o077 and os.access(path, os.W_OK):
        os.chmod(path, 0o600)
    return key


def _write_key(path: Path, key: bytes, *, replace: bool) -> None:
    """Write the key to a 0600 file atomically; without `replace`, the first of several processes wins."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(key.hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
    finally:
        tmp.unlink(missing_ok=True)


# -- turning failures into advice -----------------------------------------------------------------------------
def explain(exc: BaseException, url: str) -> str:
    """One line for a failure of the store: what happened and what to do. Never the SQL or its parameters
    (they may hold a question), never a password."""
    where = _safe_url(url)
    db_file = _sqlite_file(url)
    detail = _detail(exc)
    text = detail.lower()
    code = getattr(exc, "errno", None)
    if "disk is full" in text or "no space left" in text or code == errno.ENOSPC:
        return (f"The disk holding the store ({where}) is full: free some space and try again. "
                "What was being saved now was not saved.")
    if "readonly" in text or "read-only" in text or code in (errno.EROFS, errno.EACCES, errno.EPERM) \
            or (db_file is not None and "unable to open database file" in text):
        place = db_file.parent if db_file is not None else where
        return (f"The store cannot be written at {place} ({detail}): make it writable for this user, or point "
                "ADVISOR_DATA_DIR (or ADVISOR_STORE_URL) to a writable place.")
    if db_file is not None and ("not a database" in text or "malformed" in text or "corrupt" in text):
        return (f"The store {db_file} is damaged ({detail}). Move it aside (mv '{db_file}' '{db_file}.damaged'): "
                "a new, empty store is made on the next start; the old file keeps what it held.")
    if "locked" in text or "busy" in text:
        return f"The store ({where}) stayed locked by another process for too long ({detail}); try again."
    if isinstance(exc, sa.exc.OperationalError) and db_file is None:
        return (f"Cannot reach the store database at {where} ({detail}). Check ADVISOR_STORE_URL and that the "
                "database server is running.")
    return f"The store ({where}) failed: {detail}. Check ADVISOR_STORE_URL / ADVISOR_DATA_DIR."


def _detail(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc  # the driver's own message, without SQLAlchemy's SQL dump
    if isinstance(cause, OSError) and cause.strerror:
        message = cause.strerror
    else:
        message = str(cause)
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    first = lines[0] if lines else type(cause).__name__
    return first if len(first) <= 200 else first[:199] + "…"


# -- small pure helpers ---------------------------------------------------------------------------------------
def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; they were written in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _normal(text: str) -> str:
    return re.sub(r"[^\w$£€]+", " ", text.lower()).strip()


def _citation_line(c: dict[str, Any]) -> str:
    return f"[{c['n']}] {c['section']} ({c['source']})"


def _safe_url(url: str) -> str:
    """The URL without its password, fit for an error message."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is shown by its scheme only
        return url.split(":", 1)[0] + ":…"

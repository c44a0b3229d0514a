"""What the bot must remember for its maintainers: the answers it gave, users' 👍/👎 on them, the questions
the documents could not answer, and which Slack events it already handled (Slack retries deliveries).

SQLAlchemy Core, so the default SQLite file under `data_dir` and a shared database (`ADVISOR_STORE_URL`,
e.g. Postgres behind several bot processes) run the same code. Schema changes are named, ordered
migration functions recorded in `_migrations`, applied when the store opens. Slack ids are kept only as
keyed hashes: the key is random per store, so a hash cannot be reversed by hashing a workspace's user list.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from advisor.answer import Answer
from advisor.errors import AdvisorError
from advisor.settings import Settings

log = logging.getLogger(__name__)

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
    sa.Column("channel_hash", sa.String(64), nullable=False),
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
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
events_table = sa.Table(
    "events", metadata,
    sa.Column("event_id", sa.String(100), primary_key=True),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, index=True),
)

VERDICTS = ("up", "down")
_EVENT_TTL = timedelta(days=2)


def _m001_initial(conn: sa.Connection) -> None:
    for table in (meta_table, answers_table, feedback_table, gaps_table, events_table):
        table.create(conn, checkfirst=True)


def _m002_hash_key(conn: sa.Connection) -> None:
    conn.execute(sa.insert(meta_table).values(key="hash_key", value=secrets.token_hex(32)))


MIGRATIONS: tuple[tuple[str, Callable[[sa.Connection], None]], ...] = (
    ("001_initial", _m001_initial),
    ("002_hash_key", _m002_hash_key),
)


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
    """One thing the documents do not say, how often it was asked, and how."""

    gap: str
    count: int
    abstained: int
    questions: list[str] = field(default_factory=list)
    last_at: datetime | None = None


def default_url(settings: Settings) -> str:
    return settings.store_url or f"sqlite:///{(settings.data_dir / 'advisor.db').resolve()}"


class Store:
    """Owns the database engine; every method is one short transaction, safe from many threads."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            if url.startswith("sqlite"):
                if url.startswith("sqlite:///") and not url.endswith(":memory:"):
                    from pathlib import Path

                    Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
                self.engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
                sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            else:
                self.engine = sa.create_engine(url, pool_pre_ping=True)
            for attempt in range(5):  # another process may be creating the same new store right now
                try:
                    self._migrate()
                    break
                except (IntegrityError, OperationalError):
                    if attempt == 4:
                        raise
                    time.sleep(0.2 * (attempt + 1))
            with self.engine.connect() as conn:
                key = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "hash_key")).scalar_one()
        except SQLAlchemyError as exc:
            raise AdvisorError(f"Cannot open the feedback store at {_safe_url(url)} ({type(exc).__name__}). "
                               "Check ADVISOR_STORE_URL / ADVISOR_DATA_DIR.") from exc
        except ModuleNotFoundError as exc:
            raise AdvisorError(f"The feedback store at {_safe_url(url)} needs the {exc.name} package.") from exc
        self._key = bytes.fromhex(key)

    @classmethod
    def open(cls, settings: Settings) -> "Store":
        return cls(default_url(settings))

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ------------------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.engine.begin() as conn:
            migrations_table.create(conn, checkfirst=True)
            done = set(conn.execute(sa.select(migrations_table.c.name)).scalars())
            for name, migration in MIGRATIONS:
                if name in done:
                    continue
                migration(conn)
                conn.execute(sa.insert(migrations_table).values(name=name, applied_at=_now()))
                log.info("store migration %s applied", name)

    def applied_migrations(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(migrations_table.c.name).order_by(migrations_table.c.name)).scalars())

    # -- writing -----------------------------------------------------------------------------------
    def hash_id(self, *parts: str) -> str:
        """A stable pseudonym for a Slack id (team and user or channel), keyed so it cannot be looked up."""
        return hmac.new(self._key, ":".join(parts).encode(), hashlib.sha256).hexdigest()[:32]

    def claim_event(self, event_id: str) -> bool:
        """True the first time an event id is seen (in any process sharing this store), False for a retry."""
        now = _now()
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(events_table).values(event_id=event_id, received_at=now))
        except IntegrityError:
            return False
        if secrets.randbelow(100) == 0:
            with self.engine.begin() as conn:
                conn.execute(sa.delete(events_table).where(events_table.c.received_at < now - _EVENT_TTL))
        return True

    def record_answer(self, answer: Answer, *, surface: str, user: str, channel: str, team: str = "",
                      private: bool = False) -> str:
        """Keep an answer (so buttons on it can be resolved later, by any process) and its gaps; return its id."""
        answer_id = uuid.uuid4().hex
        now = _now()
        citations = [{"n": c.n, "role": c.role, "section": c.section, "source": c.source, "updated": c.updated}
                     for c in answer.citations]
        gaps = list(answer.gaps) or ([answer.answer] if answer.abstained else [])
        with self.engine.begin() as conn:
            conn.execute(sa.insert(answers_table).values(
                id=answer_id, created_at=now, surface=surface, question=answer.question, answer=answer.answer,
                abstained=answer.abstained, private=private, citations=json.dumps(citations),
                roles=json.dumps(list(answer.roles)), topics=json.dumps(list(answer.topics)),
                user_hash=self.hash_id(team, user), channel_hash=self.hash_id(team, channel)))
            if gaps:
                conn.execute(sa.insert(gaps_table), [
                    {"answer_id": answer_id, "question": answer.question, "gap": gap, "abstained": answer.abstained,
                     "created_at": now} for gap in gaps])
        return answer_id

    def record_feedback(self, answer_id: str, verdict: str, *, user: str, team: str = "") -> bool:
        """Store a user's verdict on an answer; a second click by the same user replaces the first.
        False when the answer is unknown (e.g. a store that was reset)."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}")
        user_hash = self.hash_id(team, user)
        now = _now()
        with self.engine.begin() as conn:
            if conn.execute(sa.select(answers_table.c.id).where(answers_table.c.id == answer_id)).first() is None:
                return False
            mine = (feedback_table.c.answer_id == answer_id) & (feedback_table.c.user_hash == user_hash)
            change = sa.update(feedback_table).where(mine).values(verdict=verdict, created_at=now)
            updated = conn.execute(change).rowcount
            if not updated:
                conn.execute(sa.insert(feedback_table).values(answer_id=answer_id, verdict=verdict, user_hash=user_hash,
                                                              created_at=now))
        return True

    # -- reading -----------------------------------------------------------------------------------
    def get_answer(self, answer_id: str) -> StoredAnswer | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(answers_table).where(answers_table.c.id == answer_id)).mappings().first()
        if row is None:
            return None
        return StoredAnswer(id=row["id"], question=row["question"], answer=row["answer"], abstained=row["abstained"],
                            private=row["private"], citations=json.loads(row["citations"]),
                            roles=json.loads(row["roles"]), topics=json.loads(row["topics"]),
                            user_hash=row["user_hash"])

    def feedback_summary(self, verdict: str | None = "down", limit: int = 50) -> list[FeedbackSummary]:
        """Questions with feedback, grouped by their wording; most 👎 first (or most of `verdict`, None = all)."""
        query = (sa.select(answers_table.c.question, answers_table.c.answer, answers_table.c.citations,
                           feedback_table.c.verdict, feedback_table.c.created_at)
                 .join(feedback_table, feedback_table.c.answer_id == answers_table.c.id)
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

    def gap_summary(self, limit: int = 50) -> list[GapSummary]:
        """What the documents could not answer, most often asked first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(gaps_table.c.gap, gaps_table.c.question, gaps_table.c.abstained,
                                          gaps_table.c.created_at).order_by(gaps_table.c.created_at)).all()
        groups: dict[str, dict[str, Any]] = {}
        for gap, question, abstained, created in rows:
            group = groups.setdefault(_normal(gap), {"gap": gap, "count": 0, "abstained": 0, "questions": {}})
            group["count"] += 1
            group["abstained"] += int(bool(abstained))
            group["questions"].setdefault(_normal(question), question)
            group["last_at"] = created
        summaries = [GapSummary(gap=g["gap"], count=g["count"], abstained=g["abstained"],
                                questions=list(g["questions"].values())[-3:], last_at=_aware(g["last_at"]))
                     for g in groups.values()]
        return sorted(summaries, key=lambda s: (-s.count, -s.last_at.timestamp()))[:limit]  # type: ignore[union-attr]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


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

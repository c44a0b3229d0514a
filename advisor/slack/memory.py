"""What the bot remembers between requests, through the store: the answers it gave (so any process can act
on a button pressed under one), users' votes, and which requests it has handled (Slack retries events;
a signed request can be replayed for five minutes).

Answering never depends on it. When the store cannot be opened, or stops answering, the bot keeps
answering; the log says once what is lost (votes, buttons on earlier answers, de-duplication across
processes) and once when it is back. Requests are still de-duplicated within this process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Any, Callable, TypeVar

from advisor.answer import Answer
from advisor.errors import AdvisorError
from advisor.settings import Settings
from advisor.slack.logs import one_line
from advisor.store import Store, StoredAnswer, default_url

log = logging.getLogger(__name__)

UNSAVED = "unsaved"  # the answer id buttons carry when the answer could not be kept
LOST = ("feedback votes, 'Share' and 'Ask a person' on earlier answers, and de-duplication of Slack's retries "
        "across processes are off")
_LOCAL_SECONDS = 10 * 60  # longer than Slack's retries and its five-minute replay window
T = TypeVar("T")


class Memory:
    """The store as the bot uses it: every method answers, whatever state the store is in."""

    def __init__(self, store: Store | None, problem: str = "") -> None:
        self.store = store
        self._lock = threading.Lock()
        self._seen: dict[str, float] = {}
        self._down = False
        if store is None:
            self._lost(f"{problem or 'no store'}; restart once it is fixed, or move a damaged SQLite file aside "
                       "and a new one is made")

    @classmethod
    def open(cls, settings: Settings) -> "Memory":
        try:
            return cls(Store.open(settings))
        except AdvisorError as exc:
            return cls(None, str(exc))
        except Exception as exc:  # noqa: BLE001 - whatever is wrong with the store, the bot answers on
            return cls(None, f"cannot open {default_url(settings).split(':', 1)[0]} store: {one_line(exc)}")

    def close(self) -> None:
        if self.store is not None:
            self.store.close()

    # -- requests handled --------------------------------------------------------------------------
    def claim(self, key: str) -> bool:
        """True the first time a request key (an event id, a signature) is seen, False for a retry or replay."""
        now = time.monotonic()
        with self._lock:
            if now - self._seen.get(key, -_LOCAL_SECONDS) < _LOCAL_SECONDS:
                return False
            self._seen[key] = now
            if len(self._seen) > 10_000:
                self._seen = {k: t for k, t in self._seen.items() if now - t < _LOCAL_SECONDS}
        return self._use(lambda s: s.claim_event(key), True)

    # -- answers and votes -------------------------------------------------------------------------
    def record_answer(self, answer: Answer, **where: Any) -> str:
        return self._use(lambda s: s.record_answer(answer, **where), UNSAVED)

    def get_answer(self, answer_id: str) -> StoredAnswer | None:
        if not answer_id or answer_id == UNSAVED:
            return None
        return self._use(lambda s: s.get_answer(answer_id), None)

    def record_feedback(self, answer_id: str, verdict: str, *, user: str, team: str = "") -> bool:
        return self._use(lambda s: s.record_feedback(answer_id, verdict, user=user, team=team), False)

    def given_to(self, stored: StoredAnswer, user: str, teams: Iterable[str]) -> bool:
        """Whether `user` asked the question `stored` answers (ids are kept only as keyed hashes).

        The team the answer was recorded under depends on the surface, and a Slack Connect user's click
        names their own team, so each team the click mentions is tried; the user id must match either way."""
        store = self.store
        if store is None or not stored.user_hash:
            return False
        return any(store.hash_id(team, user) == stored.user_hash for team in {*teams, ""})

    # -- degrading ---------------------------------------------------------------------------------
    def _use(self, call: Callable[[Store], T], fallback: T) -> T:
        if self.store is None:
            return fallback
        try:
            result = call(self.store)
        except Exception as exc:  # noqa: BLE001 - said once, see _lost
            self._lost(one_line(exc))
            return fallback
        self._back()
        return result

    def _lost(self, why: str) -> None:
        with self._lock:
            first, self._down = not self._down, True
        if first:
            log.warning("the store is unavailable (%s); still answering, but %s until it is back", why, LOST)

    def _back(self) -> None:
        with self._lock:
            was, self._down = self._down, False
        if was:
            log.warning("the store is back: feedback, buttons and de-duplication across processes work again")

"""The one path every question takes from Slack to an answer: history, engine, pay policy, store, post.

Never silent: whatever fails (a bad question, a missing index, an engine bug, Slack refusing the post),
the asker gets a short message in the same place and the cause goes to the log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from advisor import generate
from advisor.answer import Answer, Citation
from advisor.engine import Advisor, Turn
from advisor.errors import AdvisorError, IndexMissingError, IndexUnavailableError, QuestionError
from advisor.settings import Settings
from advisor.slack.blocks import Message, answer_messages, escape, mention, notice
from advisor.slack.logs import one_line
from advisor.slack.privacy import keep_private
from advisor.slack.threads import thread_turns
from advisor.slack.memory import Memory
from advisor.store import StoredAnswer

log = logging.getLogger(__name__)

SORRY_BROKEN = "Sorry, something went wrong on my side; I've logged it. Please try again in a moment."
SORRY_INDEX = ("Sorry, I can't reach the role documents right now; I've logged the problem for the maintainers. "
               "Please try again later.")
SORRY_POST = "Sorry, I couldn't post my answer here; I've logged the problem. Please try again in a moment."
# Slack itself marks the message "Only visible to you"; the note says why.
PAY_NOTE = "Sent privately because it includes pay details."

Respond = Callable[..., Any]


@dataclass(frozen=True)
class Bot:
    """What every listener needs, built once per process."""

    settings: Settings
    advisor: Advisor
    store: Memory

    @property
    def people(self) -> str:
        return mention(self.settings.slack_people, self.settings.slack_people_name)

    def history(self, client: WebClient, place: "Place") -> list[Turn]:
        """Earlier questions in the thread, when the question is a reply inside one."""
        if not place.thread_ts or not place.message_ts or place.thread_ts == place.message_ts:
            return []
        s = self.settings
        return thread_turns(client, place.channel, place.thread_ts, place.message_ts, catalog=self.advisor.roles,
                            limit=s.slack_history_messages, keep=s.history_turns, max_chars=s.max_question_chars)


@dataclass(frozen=True)
class Place:
    """Where a question was asked, and so where and how its answer goes."""

    surface: str  # mention | dm | assistant | command
    team: str
    user: str
    channel: str
    thread_ts: str | None = None  # the thread the answer goes into; None for a slash command
    message_ts: str | None = None  # the question's own message
    private: bool = False  # only the asker reads replies here (DM, assistant pane, slash-command ephemeral)


def answer_question(bot: Bot, client: WebClient, place: Place, text: str, *, respond: Respond | None = None,
                    history: Sequence[Turn] | None = None) -> None:
    started = time.perf_counter()
    try:
        turns = bot.history(client, place) if history is None else list(history)
        answer = generate.respond(bot.advisor, text, turns)
    except QuestionError as exc:
        send_notice(client, place, escape(str(exc)), respond=respond)
        return
    except (IndexMissingError, IndexUnavailableError) as exc:
        log.error("cannot answer on %s: %s", place.surface, exc)
        send_notice(client, place, SORRY_INDEX, respond=respond)
        return
    except AdvisorError as exc:
        log.warning("cannot answer on %s: %s", place.surface, exc)
        send_notice(client, place, f"Sorry, I can't answer that: {escape(str(exc))}", respond=respond)
        return
    except Exception as exc:  # noqa: BLE001
        log.error("engine failed on a %s question: %s", place.surface, one_line(exc))
        send_notice(client, place, SORRY_BROKEN, respond=respond)
        return

    cited = bool(answer.citations)
    pay_here = keep_private(bot.settings, place.channel, answer.answer, answer.topics, cited)
    ephemeral_in_channel = pay_here and not place.private
    answer_id = _record(bot, answer, place, private=place.private or ephemeral_in_channel)
    messages = render(bot, answer.answer, answer.citations, answer_id=answer_id, abstained=answer.abstained,
                      note=PAY_NOTE if ephemeral_in_channel else "",
                      share=place.surface == "command" and not pay_here)
    try:
        if place.surface == "command":
            _respond_all(respond, messages, response_type="ephemeral")
        elif ephemeral_in_channel:
            for m in messages:
                client.chat_postEphemeral(channel=place.channel, user=place.user, thread_ts=place.thread_ts,
                                          text=m.text, blocks=m.blocks)
            client.chat_postMessage(channel=place.channel, thread_ts=place.thread_ts,
                                    text=f"<@{place.user}>, I've answered you privately: "
                                         "the answer includes pay details.")
        else:
            for m in messages:
                client.chat_postMessage(channel=place.channel, thread_ts=place.thread_ts, text=m.text, blocks=m.blocks,
                                        unfurl_links=False, unfurl_media=False)
    except (SlackApiError, ResponseUrlError, OSError) as exc:  # OSError: unreachable after the SDK's retries
        log.error("posting the answer on %s failed: %s", place.surface, _slack_error(exc))
        send_notice(client, place, SORRY_POST, respond=respond, ephemeral=ephemeral_in_channel)
        return
    log.info("answered on %s", place.surface, extra={
        "answer_id": answer_id, "abstained": answer.abstained, "private": place.private or ephemeral_in_channel,
        "latency_ms": round((time.perf_counter() - started) * 1000), "roles": answer.roles, "topics": answer.topics})


def render(bot: Bot, text: str, citations: Sequence[Citation], *, answer_id: str, abstained: bool, note: str = "",
           heading: str = "", share: bool = False) -> list[Message]:
    return answer_messages(text, citations, answer_id=answer_id, abstained=abstained,
                           people_name=bot.settings.slack_people_name, note=note, heading=heading, share=share)


def stored_citations(stored: StoredAnswer) -> list[Citation]:
    return [Citation(n=c["n"], role=c["role"], section=c["section"], source=c["source"], text="",
                     updated=c.get("updated", "")) for c in stored.citations]


def send_notice(client: WebClient, place: Place, text: str, *, respond: Respond | None = None,
                ephemeral: bool = False) -> bool:
    """Post a short message where the question was asked; False (and logged) when even that fails."""
    message = notice(text)
    try:
        if place.surface == "command" and respond is not None:
            _respond_all(respond, [message], response_type="ephemeral")
        elif ephemeral:
            client.chat_postEphemeral(channel=place.channel, user=place.user, thread_ts=place.thread_ts,
                                      text=message.text, blocks=message.blocks)
        else:
            client.chat_postMessage(channel=place.channel, thread_ts=place.thread_ts, text=message.text,
                                    blocks=message.blocks)
        return True
    except (SlackApiError, ResponseUrlError, OSError) as exc:  # OSError: unreachable after the SDK's retries
        log.error("could not tell the user on %s either: %s", place.surface, _slack_error(exc))
        return False


class ResponseUrlError(Exception):
    """Slack refused a post to a response_url (they answer with a status, not an exception)."""


def _respond_all(respond: Respond | None, messages: Sequence[Message], **kwargs: Any) -> None:
    if respond is None:
        raise ResponseUrlError("no response_url in this request")
    for m in messages:
        result = respond(text=m.text, blocks=m.blocks, replace_original=False, **kwargs)
        status = getattr(result, "status_code", 200)
        if status >= 400:
            raise ResponseUrlError(f"response_url answered {status}")


def _record(bot: Bot, answer: Answer, place: Place, *, private: bool) -> str:
    """The answer's id for its buttons; without a store the answer goes out anyway, its buttons say so."""
    return bot.store.record_answer(answer, surface=place.surface, user=place.user, channel=place.channel,
                                   team=place.team, private=private)


def _slack_error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError) and exc.response is not None:
        return f"{exc.response.get('error')} (HTTP {exc.response.status_code})"
    return str(exc)

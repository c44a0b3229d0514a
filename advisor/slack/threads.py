"""A Slack thread as conversation history, so "and what does it pay?" keeps the role asked about earlier.

Only the askers' own earlier messages count (the bot's answers are not questions), read with one
bounded `conversations.replies` page; each becomes a `Turn` with the roles and topics it names, found
by the engine's own detectors, which is cheap, unlike asking the engine again.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from advisor.engine import Turn, clean_question
from advisor.errors import QuestionError
from advisor.roles import Role, detect_roles, mask
from advisor.topics import question_topics

log = logging.getLogger(__name__)


def thread_turns(client: WebClient, channel: str, thread_ts: str, before_ts: str, *, catalog: dict[str, Role],
                 limit: int, keep: int, max_chars: int) -> list[Turn]:
    """Turns from people's messages in the thread before `before_ts`, the last `keep` of them."""
    try:
        response = client.conversations_replies(channel=channel, ts=thread_ts, limit=limit)
    except SlackApiError as exc:
        log.warning("conversations.replies failed (%s); answering without the thread's history",
                    exc.response.get("error") if exc.response is not None else "no response")
        return []
    turns: list[Turn] = []
    for message in response.get("messages", []):
        if message.get("bot_id") or message.get("subtype") or not message.get("user"):
            continue
        if _ts(message.get("ts", "0")) >= _ts(before_ts):
            continue
        turn = turn_of(message.get("text", ""), catalog, max_chars)
        if turn is not None:
            turns.append(turn)
    return turns[-keep:] if keep else []


def turn_of(text: str, catalog: dict[str, Role], max_chars: int) -> Turn | None:
    try:
        question = clean_question(text, max_chars)
    except QuestionError:
        return None
    mentions = detect_roles(question, catalog)
    roles = tuple(m.role.title for m in mentions)[:3]
    return Turn(question, roles, tuple(question_topics(mask(question, mentions))))


def _ts(ts: str) -> float:
    try:
        return float(ts)
    except ValueError:
        return 0.0

"""A Slack thread as conversation history, so "and what does it pay?" keeps the role asked about earlier and "what
about the other one?" finds the role the bot offered.

People's earlier messages are the questions, and the bot's messages after each are its reply; both come from one
bounded `conversations.replies` page. They are read by the conversation model `advisor chat` uses
(advisor/understand.py, `replay`), without asking the engine again.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from advisor.conversation import Turn
from advisor.understand import replay
from advisor.engine import clean_question
from advisor.errors import QuestionError
from advisor.roles import Role

log = logging.getLogger(__name__)


def thread_turns(client: WebClient, channel: str, thread_ts: str, before_ts: str, *, catalog: dict[str, Role],
                 limit: int, keep: int, max_chars: int) -> list[Turn]:
    """Turns from the thread before `before_ts`, the last `keep` of them."""
    try:
        response = client.conversations_replies(channel=channel, ts=thread_ts, limit=limit)
    except SlackApiError as exc:
        log.warning("conversations.replies failed (%s); answering without the thread's history",
                    exc.response.get("error") if exc.response is not None else "no response")
        return []
    return replay(exchanges(response.get("messages", []), before_ts, max_chars), catalog, keep) if keep else []


def exchanges(messages: list[dict[str, Any]], before_ts: str, max_chars: int) -> list[tuple[str, str]]:
    """(question, reply) pairs in thread order: each person's message, with the app messages that follow it."""
    pairs: list[tuple[str, list[str]]] = []
    for message in sorted(messages, key=lambda m: _ts(m.get("ts", "0"))):
        if _ts(message.get("ts", "0")) >= _ts(before_ts):
            break
        if message.get("bot_id") and not message.get("subtype"):  # an app's reply (ours, posted as the bot user)
            if pairs:
                pairs[-1][1].append(message.get("text", ""))
            continue
        if message.get("bot_id") or message.get("subtype") or not message.get("user"):
            continue
        question = _question(message.get("text", ""), max_chars)
        if question is not None:
            pairs.append((question, []))
    return [(q, "\n".join(replies)) for q, replies in pairs]


def _question(text: str, max_chars: int) -> str | None:
    try:
        return clean_question(text, max_chars)
    except QuestionError:
        return None


def _ts(ts: str) -> float:
    try:
        return float(ts)
    except ValueError:
        return 0.0

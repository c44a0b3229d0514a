"""Direct messages: a new DM is answered in its own thread, so follow-ups there keep the context
(replies inside a DM thread arrive through the assistant listener, which Bolt routes them to).

Which messages are questions is decided in events.py; every other message event (edits, deletions,
bots, Slackbot, channel chatter) is acknowledged and ignored.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from advisor.slack.events import is_question
from advisor.slack.reply import Bot, Place, answer_question


def is_user_dm(event: dict[str, Any], bot_user: str | None = None) -> bool:
    return event.get("channel_type") == "im" and is_question(event, bot_user)


def register(app: App, bot: Bot) -> None:
    @app.event("message", matchers=[lambda event, context: is_user_dm(event, context.bot_user_id)])
    def on_dm(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        place = Place(surface="dm", team=context.team_id or "", user=event["user"], channel=event["channel"],
                      thread_ts=event.get("thread_ts") or event["ts"], message_ts=event["ts"], private=True)
        answer_question(bot, client, place, event.get("text", ""))

    @app.event("message")
    def ignore_other_messages() -> None:
        return None

"""@-mentions in channels: answered in the message's thread; a mention inside a thread is a follow-up.

A mention sent with "Also send to channel" (subtype thread_broadcast) or with a file is a question too;
events.py decides. A mention in a DM is left to the DM listener, which gets the same message.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from advisor.slack.events import is_question
from advisor.slack.reply import Bot, Place, answer_question


def register(app: App, bot: Bot) -> None:
    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if not is_question(event, context.bot_user_id) or event["channel"].startswith("D"):
            return
        place = Place(surface="mention", team=context.team_id or "", user=event["user"], channel=event["channel"],
                      thread_ts=event.get("thread_ts") or event["ts"], message_ts=event["ts"], private=False)
        answer_question(bot, client, place, event.get("text", ""))

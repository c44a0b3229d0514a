"""@-mentions in channels: answered in the message's thread; a mention inside a thread is a follow-up."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from advisor.slack.reply import Bot, Place, answer_question


def register(app: App, bot: Bot) -> None:
    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("bot_id") or event.get("subtype") or event.get("edited") or not event.get("user"):
            return  # other bots, edits and system messages are never answered
        place = Place(surface="mention", team=context.team_id or "", user=event["user"], channel=event["channel"],
                      thread_ts=event.get("thread_ts") or event["ts"], message_ts=event["ts"], private=False)
        answer_question(bot, client, place, event.get("text", ""))

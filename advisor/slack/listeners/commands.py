"""The slash command (/role by default): an answer only the asker sees, with a "Share in channel" button."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from advisor.slack.blocks import escape
from advisor.slack.reply import Bot, Place, answer_question, send_notice


def register(app: App, bot: Bot) -> None:
    name = bot.settings.slack_command

    @app.command(name)
    def on_command(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        place = Place(surface="command", team=command.get("team_id", ""), user=command["user_id"],
                      channel=command["channel_id"], private=True)
        text = command.get("text", "").strip()
        if not text:
            roles = ", ".join(bot.advisor.roles) if _index_ready(bot) else "the roles in our documents"
            send_notice(client, place, escape(f"Ask me about a role, e.g. `{name} What does a Tech Director do?` "
                                              f"I know: {roles}."), respond=respond)
            return
        answer_question(bot, client, place, text, respond=respond)


def _index_ready(bot: Bot) -> bool:
    try:
        return bool(bot.advisor.roles)
    except Exception:  # noqa: BLE001 - the help text does without the role list
        return False

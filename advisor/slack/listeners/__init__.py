"""One module per Slack surface, each with `register(app, bot)`; handlers take Bolt's injected arguments."""

from __future__ import annotations

from slack_bolt import App

from advisor.slack.listeners import actions, assistant, commands, mentions, messages
from advisor.slack.reply import Bot


def register_all(app: App, bot: Bot) -> None:
    for surface in (assistant, mentions, messages, commands, actions):
        surface.register(app, bot)

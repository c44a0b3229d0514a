"""Slack's assistant pane, through slack-bolt's `Assistant`: a greeting with suggested prompts built from
the roles actually indexed, a "thinking…" status while answering, and the first question as the title.

Bolt routes every threaded DM reply here too (it cannot tell a pane thread from a DM thread), so DM
follow-ups get the same treatment; status and title are best-effort for that reason.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Assistant, BoltContext, SetStatus, SetSuggestedPrompts, SetTitle
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from advisor.roles import Role
from advisor.slack.blocks import escape
from advisor.slack.events import is_question
from advisor.slack.logs import one_line
from advisor.slack.reply import SORRY_INDEX, Bot, Place, answer_question, send_notice

log = logging.getLogger(__name__)

THINKING = "thinking…"
MAX_PROMPTS = 4  # Slack shows at most four


def suggested_prompts(catalog: dict[str, Role]) -> list[dict[str, str]]:
    """Questions the documents can answer: one per role, about a topic its document covers."""
    prompts: list[dict[str, str]] = []
    for role in catalog.values():
        if "pay" in role.topics:
            question = f"What is the pay range for a {role.title}?"
        elif "progression" in role.topics:
            question = f"What can a {role.title} be promoted to?"
        else:
            question = f"What does a {role.title} do?"
        prompts.append({"title": question, "message": question})
    for role in catalog.values():
        question = f"What does a {role.title} do?"
        if len(prompts) < MAX_PROMPTS and all(p["message"] != question for p in prompts):
            prompts.append({"title": question, "message": question})
    return prompts[:MAX_PROMPTS]


def greeting(catalog: dict[str, Role]) -> str:
    roles = ", ".join(catalog) or "none yet"
    return escape("Hi! I answer questions about roles (responsibilities, pay, progression, skills, education, "
                  f"experience) from our role documents, citing each source. Roles I know: {roles}.")


def register(app: App, bot: Bot) -> None:
    assistant = Assistant()

    @assistant.thread_started
    def started(event: dict[str, Any], client: WebClient, set_suggested_prompts: SetSuggestedPrompts) -> None:
        thread = event["assistant_thread"]
        try:
            catalog = bot.advisor.roles
        except Exception as exc:  # noqa: BLE001 - the pane still opens; the user is told plainly
            log.error("cannot list roles for the assistant greeting: %s", one_line(exc))
            client.chat_postMessage(channel=thread["channel_id"], thread_ts=thread["thread_ts"], text=SORRY_INDEX)
            return
        client.chat_postMessage(channel=thread["channel_id"], thread_ts=thread["thread_ts"], text=greeting(catalog))
        if catalog:
            set_suggested_prompts(prompts=suggested_prompts(catalog), title="Try asking")

    @assistant.user_message
    def on_message(event: dict[str, Any], client: WebClient, context: BoltContext, set_status: SetStatus,
                   set_title: SetTitle) -> None:
        if not is_question(event, context.bot_user_id):
            return  # e.g. Slackbot, or a file shared without a word
        place = Place(surface="assistant", team=context.team_id or "", user=event["user"], channel=event["channel"],
                      thread_ts=event["thread_ts"], message_ts=event["ts"], private=True)
        _best_effort("setStatus", lambda: set_status(THINKING))
        try:
            history = bot.history(client, place)
        except Exception as exc:  # noqa: BLE001 - reply() reports engine trouble; history trouble must not hide it
            log.error("could not read the assistant thread: %s", one_line(exc))
            send_notice(client, place, SORRY_INDEX)
            return
        if not history:
            _best_effort("setTitle", lambda: set_title(_title(event.get("text", ""))))
        answer_question(bot, client, place, event.get("text", ""), history=history)

    app.use(assistant)


def _title(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


def _best_effort(what: str, call: Any) -> None:
    try:
        call()
    except SlackApiError as exc:
        log.info("assistant.threads.%s refused (%s)", what, exc.response.get("error") if exc.response else "?")

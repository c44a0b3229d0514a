"""Buttons on answers: 👍/👎 (stored for maintainers), "Ask a person" (tags the configured person or group)
and "Share in channel" (turns a slash command's private answer into a public one, pay policy permitting).

Buttons carry only the answer id; the answer itself is read back from the store, so any process behind
the HTTP endpoint can handle a click on an answer another one gave. A button acts only for the person the
answer was given to: anyone else (someone in the same channel, or a forged click carrying another user's
answer id) is told it isn't their answer, and nothing is shared, posted or counted.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from advisor.slack.blocks import ACTION_DOWN, ACTION_HANDOFF, ACTION_SHARE, ACTION_UP, FEEDBACK_ACTIONS, escape
from advisor.slack.privacy import keep_private
from advisor.slack.reply import Bot, ResponseUrlError, render, stored_citations
from advisor.store import StoredAnswer

log = logging.getLogger(__name__)

THANKS = {"up": "Thanks, glad it helped.",
          "down": "Thanks, noted: the maintainers review answers people found unhelpful. "
                  "Press *Ask a person* if you need a human answer."}
GONE = "Sorry, I can't find that answer any more, so I couldn't act on it. Please ask again."
NOT_YOURS = "This isn't your answer, so its buttons aren't yours to use. Ask me your own question and I'll answer you."


def register(app: App, bot: Bot) -> None:
    @app.action(re.compile(f"^(?:{ACTION_UP}|{ACTION_DOWN})$"))
    def on_feedback(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        verdict = FEEDBACK_ACTIONS[action["action_id"]]
        stored = _clickers_answer(bot, body, action, respond, GONE)
        if stored is None:
            return
        saved = bot.store.record_feedback(stored.id, verdict, user=body["user"]["id"],
                                          team=(body.get("team") or {}).get("id", ""))
        _tell(respond, THANKS[verdict] if saved else GONE)

    @app.action(ACTION_HANDOFF)
    def on_handoff(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        container = body.get("container") or {}
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id", "")
        thread_ts = container.get("thread_ts") or container.get("message_ts")
        user = body["user"]["id"]
        people, name = bot.people, escape(bot.settings.slack_people_name)
        # an answer that cannot be found cannot be checked, so nobody is tagged on anyone's behalf
        stored = _clickers_answer(bot, body, action, respond,
                                  f"Please contact {people} directly; they can help with this.")
        if stored is None:
            return
        private = (bool(container.get("is_ephemeral")) or channel.startswith("D")
                   or stored.private)
        try:
            if not private:
                client.chat_postMessage(channel=channel, thread_ts=thread_ts,
                                        text=f"{people}: <@{user}> would like a person to help with this question.")
                return
            handoff = bot.settings.slack_handoff_channel
            if handoff:
                asked = f" about: “{escape(stored.question)}”"
                client.chat_postMessage(channel=handoff, text=f"{people}: <@{user}> asked the role advisor privately "
                                                              f"and would like a person to follow up{asked}.")
                _tell(respond, f"I've asked {name} to get in touch with you.")
            else:
                _tell(respond, f"Please contact {people} directly; they can help with this.")
        except (SlackApiError, ResponseUrlError, OSError) as exc:  # OSError: unreachable after the SDK's retries
            log.error("hand-off failed: %s", exc)
            _tell(respond, f"Sorry, I couldn't reach {name}; please contact them directly.")

    @app.action(ACTION_SHARE)
    def on_share(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        stored = _clickers_answer(bot, body, action, respond, GONE)
        if stored is None:
            return
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id", "")
        if keep_private(bot.settings, channel, stored.answer, stored.topics, bool(stored.citations)):
            _tell(respond, "This answer includes pay details, so it stays private in this channel.")
            return
        heading = f"<@{body['user']['id']}> asked: {escape(stored.question)}"
        messages = render(bot, stored.answer, stored_citations(stored), answer_id=stored.id,
                          abstained=stored.abstained, heading=heading)
        try:
            for m in messages:
                _check(respond(text=m.text, blocks=m.blocks, response_type="in_channel", replace_original=False))
            _check(respond(delete_original=True))
        except ResponseUrlError as exc:
            log.error("sharing failed: %s", exc)
            _tell(respond, "Sorry, I couldn't share that here; I've logged the problem.")


def _clickers_answer(bot: Bot, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                     gone: str) -> StoredAnswer | None:
    """The answer a button belongs to, when it was given to the person clicking; otherwise tell them why not."""
    stored = _stored(bot, action)
    if stored is None:
        _tell(respond, gone)
        return None
    if not _given_to_clicker(bot, stored, body):
        _refuse(body, action)
        _tell(respond, NOT_YOURS)
        return None
    return stored


def _stored(bot: Bot, action: dict[str, Any]) -> StoredAnswer | None:
    value = action.get("value")
    return bot.store.get_answer(value) if isinstance(value, str) else None


def _given_to_clicker(bot: Bot, stored: StoredAnswer, body: dict[str, Any]) -> bool:
    user = body["user"]
    teams = (str(t) for t in ((body.get("team") or {}).get("id"), user.get("team_id")) if t)
    return bot.store.given_to(stored, user["id"], teams)


def _refuse(body: dict[str, Any], action: dict[str, Any]) -> None:
    log.info("refused %s on an answer given to someone else", action.get("action_id"))


def _tell(respond: Respond, text: str) -> None:
    """An ephemeral note to the person who clicked; a failure here can only be logged."""
    try:
        _check(respond(text=text, response_type="ephemeral", replace_original=False))
    except (ResponseUrlError, ValueError) as exc:
        log.error("could not answer a button click: %s", exc)


def _check(result: Any) -> None:
    status = getattr(result, "status_code", 200)
    if status >= 400:
        raise ResponseUrlError(f"response_url answered {status}")

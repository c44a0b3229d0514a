"""Slack events as Slack really sends them, replayed signed through the real HTTP endpoint.

tests/fixtures/slack/*.json hold payloads written from Slack's documented event shapes (rich_text blocks,
authorizations, enterprise ids, Slack Connect users, assistant threads, files); each says what should
happen: a question gets exactly one visible reply in the right thread, anything else none, and every
request gets 200. The subtype tests go through every subtype events.py lists, one test each.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.slack.events import IGNORED_SUBTYPES, QUESTION_SUBTYPES, SLACKBOT, is_question
from tests.fake_slack import ASKER, FakeSlack, RunningBot, ts

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "slack"
REPLIES = ("chat.postMessage", "chat.postEphemeral", "response_url")


def replies(fake: FakeSlack) -> list[Any]:
    return fake.named(*REPLIES)


def sentinel(bot: RunningBot, fake: FakeSlack, before: int = 0) -> None:
    """A DM question after the event under test: once it is answered, the bot has had its chance to reply."""
    bot.dm("What does a Tech Director do?", channel="D_SENTINEL", user="U_SENTINEL")
    assert fake.wait_for(lambda f: any(c.params.get("channel") == "D_SENTINEL" for c in replies(f))), fake.methods()
    fake.settle()


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_recorded_payload_gets_200_and_the_expected_replies(bot: RunningBot, fake: FakeSlack, path: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    case = json.loads(path.read_text())
    expect = case["expect"]
    status, _ = bot.post(json.dumps(case["payload"]).encode(), "application/json")
    assert status == 200

    sentinel(bot, fake)
    mine = [c for c in replies(fake) if c.params.get("channel") != "D_SENTINEL"]
    assert len(mine) == expect["replies"], [(c.method, c.params.get("text", "")[:60]) for c in mine]
    for reply in mine:
        assert reply.params["channel"] == expect["channel"]
        assert reply.params.get("thread_ts") == expect["thread_ts"]
    assert "Traceback" not in caplog.text and "Unhandled request" not in caplog.text


@pytest.mark.parametrize("subtype", sorted(QUESTION_SUBTYPES, key=str), ids=str)
def test_a_persons_dm_with_a_question_subtype_is_answered_once_in_its_thread(
        bot: RunningBot, fake: FakeSlack, subtype: str | None) -> None:
    message_ts = ts()
    event: dict[str, Any] = {"type": "message", "channel_type": "im", "channel": "D_ASKER", "user": ASKER,
                             "text": "What does a Tech Director do?", "ts": message_ts, "event_ts": message_ts}
    if subtype:
        event["subtype"] = subtype
    assert bot.event(event)[0] == 200
    sentinel(bot, fake)
    mine = [c for c in replies(fake) if c.params["channel"] == "D_ASKER"]
    assert len(mine) == 1 and mine[0].params["thread_ts"] == message_ts


@pytest.mark.parametrize("subtype", sorted(IGNORED_SUBTYPES))
def test_a_message_with_an_ignored_subtype_gets_no_reply(bot: RunningBot, fake: FakeSlack, subtype: str) -> None:
    message_ts = ts()
    for event in ({"type": "message", "subtype": subtype, "channel_type": "im", "channel": "D_ASKER", "user": ASKER,
                   "text": "What does a Tech Director do?", "ts": message_ts, "event_ts": message_ts},
                  {"type": "app_mention", "subtype": subtype, "channel": "C_PUBLIC", "user": ASKER,
                   "text": "<@UBOT> What does a Tech Director do?", "ts": message_ts, "event_ts": message_ts}):
        assert bot.event(event)[0] == 200
    sentinel(bot, fake)
    assert [c.params["channel"] for c in replies(fake)] == ["D_SENTINEL"]


def test_an_unknown_subtype_is_ignored_and_the_lists_do_not_overlap() -> None:
    person = {"type": "message", "user": ASKER, "text": "What does a Tech Director do?", "channel": "D1", "ts": "1.0"}
    assert is_question(person)
    assert not is_question({**person, "subtype": "some_future_subtype"})
    assert not QUESTION_SUBTYPES & set(IGNORED_SUBTYPES)
    assert not is_question({**person, "user": SLACKBOT})
    assert not is_question({**person, "bot_id": "B1"})
    assert not is_question({**person, "user": "UBOT"}, bot_user="UBOT")
    assert not is_question({**person, "text": "   "})


def test_slackbot_notice_in_a_dm_thread_gets_no_reply(bot: RunningBot, fake: FakeSlack) -> None:
    root = bot.dm("What does a Tech Director do?")
    assert fake.wait_for(lambda f: len(replies(f)) == 1)
    fake.reset()
    status, _ = bot.event({"type": "message", "channel_type": "im", "channel": "D_ASKER", "user": SLACKBOT,
                           "text": "You have been removed from #general", "ts": ts(), "thread_ts": root})
    assert status == 200
    sentinel(bot, fake)
    assert [c.params["channel"] for c in replies(fake)] == ["D_SENTINEL"]

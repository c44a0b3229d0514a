"""Logs never hold what people wrote or what the bot answered, at any level: run the bot with the root
logger at DEBUG and look for a question's words and the answer's words in every record."""

from __future__ import annotations

import json
import logging
import time
import urllib.parse

import pytest

from advisor.slack.blocks import ACTION_UP
from tests.fake_slack import TEAM, FakeSlack, blocks_text, button_value

pytestmark = pytest.mark.slow

MARK = "Zanzibarquux"


def test_no_message_text_or_request_body_in_the_log_at_debug(make_bot, fake: FakeSlack,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    bot = make_bot()
    bot.dm(f"What does a Tech Director do for {MARK}?")
    bot.mention(f"What skills does a Tech Director need for {MARK}?")
    bot.command(f"What can a Tech Director be promoted to from {MARK}?")
    assert fake.wait_for(lambda f: len(f.named("chat.postMessage", "response_url")) >= 3)
    answer = fake.named("chat.postMessage")[0].params
    answer_id = button_value(answer["blocks"], ACTION_UP)
    bot.click(ACTION_UP, answer_id, channel="D_ASKER", message_ts=answer.get("thread_ts", "1.1"))
    forged = json.dumps({"type": "event_callback", "event": {"type": "message", "text": MARK}}).encode()
    assert bot.post(forged, "application/json", signature="v0=" + "0" * 64)[0] == 401
    assert bot.post(forged[:-3], "application/json")[0] == 400
    form = urllib.parse.urlencode({"payload": json.dumps({"type": "block_actions", "text": MARK,
                                                          "team": {"id": TEAM}, "actions": []})}).encode()
    assert bot.post(form, "application/x-www-form-urlencoded")[0] == 400
    assert fake.wait_for(lambda f: len(f.named("chat.postMessage", "response_url")) >= 4)
    fake.settle()
    time.sleep(0.2)

    said = blocks_text(answer["blocks"])
    quoted = max(said.split("\n"), key=len)[:40]
    assert len(quoted) >= 20
    assert caplog.records, "nothing was logged at DEBUG: the check below would be empty"
    for record in caplog.records:
        everything = record.getMessage() + str(record.__dict__)
        assert MARK not in everything, f"{record.name}: {record.getMessage()[:200]}"
        assert quoted not in everything, f"{record.name}: {record.getMessage()[:200]}"

"""The endpoint verifies before it parses: junk without a valid signature is 401 whatever it contains,
signed payloads Slack could not have sent are 400, and neither leaves a traceback or the body in the log."""

from __future__ import annotations

import json
import logging
import time
import urllib.parse

import pytest

from tests.fake_slack import ASKER, TEAM, FakeSlack, RunningBot

pytestmark = pytest.mark.slow

JUNK = [
    (b'{"type": ', "application/json"),
    (b"[1,2]", "application/json"),
    (b"payload=%7Bnot+json", "application/x-www-form-urlencoded"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b"", "application/json"),
    (json.dumps({"type": "event_callback", "event": "a string"}).encode(), "application/json"),
]


@pytest.mark.parametrize("body,content_type", JUNK, ids=range(len(JUNK)))
def test_unsigned_forged_or_stale_junk_is_401_without_a_traceback(
        bot: RunningBot, fake: FakeSlack, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str) -> None:
    caplog.set_level(logging.DEBUG)
    now = int(time.time())
    assert bot.post(body, content_type, signature="v0=" + "0" * 64)[0] == 401           # forged
    assert bot.post(body, content_type, headers={"X-Slack-Signature": ""})[0] == 401    # unsigned
    assert bot.post(body, content_type, timestamp=now - 600)[0] == 401                  # stale, signed
    assert bot.post(body, content_type, headers={"X-Slack-Request-Timestamp": "abc"})[0] == 401
    assert "Traceback" not in caplog.text
    if body:
        assert body.decode("utf-8", "replace")[:8] not in caplog.text.replace("refused a request", "")
    assert fake.calls == []


@pytest.mark.parametrize("body,content_type", [
    (b'{"type": ', "application/json"),
    (b"[1,2]", "application/json"),
    (b"payload=%7Bnot+json", "application/x-www-form-urlencoded"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (json.dumps({"type": "event_callback", "event_id": "Ev1", "event": "a string"}).encode(), "application/json"),
    (json.dumps({"type": "event_callback", "event_id": "Ev2", "event": {"type": "app_mention", "user": ASKER,
                                                                          "text": "<@UBOT> hi", "ts": "1.2"}}).encode(),
     "application/json"),
    (json.dumps({"type": "event_callback", "event_id": "Ev3", "event": {"type": "message", "channel": 7,
                                                                          "ts": "1.2"}}).encode(), "application/json"),
    (urllib.parse.urlencode({"payload": json.dumps({"type": "block_actions", "actions": [
        {"action_id": "advisor_feedback_up", "value": "x"}], "team": {"id": TEAM}})}).encode(),
     "application/x-www-form-urlencoded"),
    (urllib.parse.urlencode({"payload": json.dumps({"type": "block_actions", "user": {"id": ASKER},
                                                    "actions": "advisor_feedback_up"})}).encode(),
     "application/x-www-form-urlencoded"),
    (urllib.parse.urlencode({"command": "/role", "text": "What does a Tech Director do?"}).encode(),
     "application/x-www-form-urlencoded"),
], ids=["truncated", "array", "payload-not-json", "not-utf8", "event-string", "mention-without-channel",
        "channel-not-string", "click-without-user", "actions-not-list", "command-without-user"])
def test_signed_malformed_payloads_are_400_without_a_traceback(
        bot: RunningBot, fake: FakeSlack, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str) -> None:
    caplog.set_level(logging.DEBUG)
    status, _ = bot.post(body, content_type)
    assert status == 400
    time.sleep(0.3)
    assert fake.calls == []
    assert "Traceback" not in caplog.text and "Error" not in caplog.text
    assert [r.getMessage() for r in caplog.records if r.name == "advisor.slack.serve"][-1].startswith(
        "refused a request (HTTP 400)")


def test_a_command_whose_text_says_payload_is_still_answered(bot: RunningBot, fake: FakeSlack) -> None:
    """Bolt reads any form body containing "payload" as an interaction, and so dropped this command."""
    status, _ = bot.command("Does a Tech Director own the payload pipeline?")
    assert status == 200
    assert fake.wait_for(lambda f: bool(f.named("response_url")))
    assert "Tech Director" in fake.named("response_url")[0].params["text"] + str(
        fake.named("response_url")[0].params.get("blocks"))


def test_a_listener_crash_is_one_line_in_the_log_and_a_200(bot: RunningBot, fake: FakeSlack,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """A shape nobody foresaw breaks a listener: Slack still gets 200 (no retry storm), and one line names
    the bug, without a traceback."""
    caplog.set_level(logging.DEBUG)
    payload = {"type": "view_submission", "user": {"id": ASKER, "team_id": TEAM}, "team": {"id": TEAM},
               "view": {"type": "modal", "callback_id": "advisor_role_draft", "state": "not an object"}}
    status, _ = bot.post(urllib.parse.urlencode({"payload": json.dumps(payload)}).encode(),
                         "application/x-www-form-urlencoded")
    assert status == 200
    for _ in range(50):
        if "request failed" in caplog.text:
            break
        time.sleep(0.05)
    [line] = [r.getMessage() for r in caplog.records if "request failed" in r.getMessage()]
    assert line.startswith("a view_submission request failed: AttributeError at listeners/drafts.py:")
    assert "Traceback" not in caplog.text

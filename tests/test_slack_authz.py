"""Who may click what, and replays: buttons act only for the person the answer was given to, and a signed
slash command replayed within Slack's five-minute window is answered once."""

from __future__ import annotations

import time
import urllib.parse

import pytest

from advisor.slack.blocks import ACTION_DOWN, ACTION_HANDOFF, ACTION_SHARE, ACTION_UP
from advisor.slack.listeners.actions import NOT_YOURS
from tests.fake_slack import ASKER, TEAM, FakeSlack, RunningBot, button_value, sign

pytestmark = pytest.mark.slow

OTHER = "U_INTRUDER"


def replies(fake: FakeSlack, n: int) -> list:
    assert fake.wait_for(lambda f: len(f.named("chat.postMessage", "chat.postEphemeral", "response_url")) >= n), \
        fake.methods()
    fake.settle()
    return fake.named("chat.postMessage", "chat.postEphemeral", "response_url")


@pytest.mark.parametrize("action", [ACTION_UP, ACTION_DOWN, ACTION_HANDOFF])
def test_another_user_cannot_vote_on_or_hand_off_a_dm_answer(bot: RunningBot, fake: FakeSlack, action: str) -> None:
    root = bot.dm("What is the pay range for a Tech Director?")
    answer_id = button_value(replies(fake, 1)[0].params["blocks"], action)
    fake.reset()

    bot.click(action, answer_id, channel="C_PUBLIC", message_ts="1790000000.000900", thread_ts=root, user=OTHER)
    [refusal] = replies(fake, 1)
    assert refusal.method == "response_url" and refusal.params["response_type"] == "ephemeral"
    assert refusal.params["text"] == NOT_YOURS
    assert bot.store.feedback_summary(None) == []


def test_another_user_cannot_share_someone_elses_private_answer(bot: RunningBot, fake: FakeSlack) -> None:
    bot.command("What does a Tech Director do?")
    answer_id = button_value(replies(fake, 1)[0].params["blocks"], ACTION_SHARE)
    fake.reset()

    bot.click(ACTION_SHARE, answer_id, channel="C_PUBLIC", message_ts="1790000000.000901", ephemeral=True, user=OTHER)
    [refusal] = replies(fake, 1)
    assert refusal.params["text"] == NOT_YOURS and refusal.params["response_type"] == "ephemeral"
    assert "delete_original" not in refusal.params

    fake.reset()  # the asker still can
    bot.click(ACTION_SHARE, answer_id, channel="C_PUBLIC", message_ts="1790000000.000901", ephemeral=True)
    shared = replies(fake, 2)
    assert shared[0].params["response_type"] == "in_channel"


def test_another_user_cannot_ask_a_person_about_someone_elses_mention(bot: RunningBot, fake: FakeSlack) -> None:
    root = bot.mention("What does a Tech Director do?")
    answer_id = button_value(replies(fake, 1)[0].params["blocks"], ACTION_HANDOFF)
    fake.reset()
    bot.click(ACTION_HANDOFF, answer_id, channel="C_PUBLIC", message_ts="1790000000.000902", thread_ts=root,
              user=OTHER)
    [refusal] = replies(fake, 1)
    assert refusal.params["text"] == NOT_YOURS
    assert fake.named("chat.postMessage") == []


def test_a_replayed_slash_command_is_answered_once(bot: RunningBot, fake: FakeSlack) -> None:
    form = {"token": "legacy", "team_id": TEAM, "team_domain": "fake", "channel_id": "C_PUBLIC",
            "channel_name": "general", "user_id": ASKER, "user_name": "asker", "command": "/role",
            "text": "What does a Tech Director do?", "api_app_id": "A0APP",
            "response_url": f"{fake.url}/hooks/commands/replayed", "trigger_id": "trigger-replayed"}
    body = urllib.parse.urlencode(form).encode()
    stamp = int(time.time())
    for _ in range(3):
        status, _ = bot.post(body, "application/x-www-form-urlencoded", timestamp=stamp, signature=sign(body, stamp))
        assert status == 200
    replies(fake, 1)
    time.sleep(0.5)
    assert len(fake.named("response_url")) == 1

    bot.command("What does a Tech Director do?")  # the same question asked again is a new request
    replies(fake, 2)
    assert len(fake.named("response_url")) == 2

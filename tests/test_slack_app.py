"""The Slack bot through its real HTTP endpoint: signed requests in, Web API calls to a fake Slack out.

The engine is real (the session's index of knowledge/ and the real model); only Slack is faked.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from advisor.engine import Advisor
from advisor.settings import load_settings
from advisor.slack.blocks import ACTION_DOWN, ACTION_HANDOFF, ACTION_SHARE, ACTION_UP
from advisor.slack.reply import PAY_NOTE, SORRY_INDEX, SORRY_POST
from tests.fake_slack import ASKER, PEOPLE, FakeSlack, RunningBot, blocks_text, button_value, sign

pytestmark = pytest.mark.slow

MONEY = re.compile(r"[$£€]\s?\d")


def posted(fake: FakeSlack, n: int = 1) -> list:
    assert fake.wait_for(lambda f: len(f.named("chat.postMessage", "chat.postEphemeral", "response_url")) >= n), \
        f"expected {n} replies, Slack saw {fake.methods()}"
    fake.settle()
    return fake.calls


# -- surfaces ------------------------------------------------------------------------------------------

def test_mention_is_answered_in_its_thread_with_citations_and_buttons(bot: RunningBot, fake: FakeSlack) -> None:
    question_ts = bot.mention("What does a Tech Director do?")
    calls = posted(fake)

    assert [c.method for c in calls] == ["chat.postMessage"]
    reply = calls[0].params
    assert reply["channel"] == "C_PUBLIC" and reply["thread_ts"] == question_ts
    text = blocks_text(reply["blocks"])
    assert "Tech Director" in text and "[1]" in text
    assert re.search(r"\[1\] Tech Director › .+ · tech-director\.md · updated 2026-11-23", text)
    answer_id = button_value(reply["blocks"], ACTION_UP)
    assert answer_id and button_value(reply["blocks"], ACTION_DOWN) == answer_id
    assert button_value(reply["blocks"], ACTION_HANDOFF) == answer_id
    assert button_value(reply["blocks"], ACTION_SHARE) is None
    stored = bot.store.get_answer(answer_id)
    assert stored is not None and stored.question == "What does a Tech Director do?"  # the mention is stripped


def test_direct_message_is_answered_in_its_thread(bot: RunningBot, fake: FakeSlack) -> None:
    question_ts = bot.dm("What can a Tech Director be promoted to?")
    calls = posted(fake)

    assert [c.method for c in calls] == ["chat.postMessage"]
    assert calls[0].params["channel"] == "D_ASKER" and calls[0].params["thread_ts"] == question_ts
    assert "Tech Director" in blocks_text(calls[0].params["blocks"])


def test_assistant_pane_greets_with_prompts_from_the_indexed_roles_then_answers(
        bot: RunningBot, fake: FakeSlack, advisor: Advisor) -> None:
    thread = "1790000000.000100"
    status, _ = bot.event({"type": "assistant_thread_started", "event_ts": thread, "assistant_thread": {
        "user_id": ASKER, "context": {}, "channel_id": "D_PANE", "thread_ts": thread}})
    assert status == 200
    assert fake.wait_for(lambda f: len(f.calls) >= 2)
    fake.settle()
    assert fake.methods() == ["chat.postMessage", "assistant.threads.setSuggestedPrompts"]
    greeting, prompts = fake.calls[0].params, fake.calls[1].params
    assert greeting["channel"] == "D_PANE" and greeting["thread_ts"] == thread
    assert all(title in greeting["text"] for title in advisor.roles)
    assert prompts["channel_id"] == "D_PANE" and prompts["thread_ts"] == thread
    offered = [p["message"] for p in prompts["prompts"]]
    assert 1 <= len(offered) <= 4
    assert all(any(title in q for title in advisor.roles) for q in offered)

    fake.reset()
    fake.add_message("D_PANE", thread, "greeting", thread_ts=thread, bot=True)
    bot.dm("What is the pay range for a Tech Director?", channel="D_PANE", thread_ts=thread)
    posted(fake)
    assert fake.methods() == ["assistant.threads.setStatus", "conversations.replies", "assistant.threads.setTitle",
                              "chat.postMessage"]
    status_call, _, title, answer = fake.calls
    assert status_call.params["status"] == "thinking…" and status_call.params["thread_ts"] == thread
    assert title.params["title"] == "What is the pay range for a Tech Director?"
    assert answer.params["channel"] == "D_PANE" and answer.params["thread_ts"] == thread
    assert "$180,000" in blocks_text(answer.params["blocks"])  # the pane is private: pay is shown


def test_slash_command_answers_privately_and_share_posts_it_in_the_channel(bot: RunningBot, fake: FakeSlack) -> None:
    status, elapsed = bot.command("What does a Tech Director do?")
    assert status == 200 and elapsed < 3
    calls = posted(fake)

    assert [c.method for c in calls] == ["response_url"]
    private = calls[0].params
    assert private["response_type"] == "ephemeral"
    answer_id = button_value(private["blocks"], ACTION_SHARE)
    assert answer_id and "Tech Director" in blocks_text(private["blocks"])

    fake.reset()
    bot.click(ACTION_SHARE, answer_id, channel="C_PUBLIC", message_ts="1790000000.000200", ephemeral=True)
    posted(fake, 2)
    assert fake.methods() == ["response_url", "response_url"]
    shared, removed = fake.calls[0].params, fake.calls[1].params
    assert shared["response_type"] == "in_channel"
    shared_text = blocks_text(shared["blocks"])
    assert f"<@{ASKER}> asked: What does a Tech Director do?" in shared_text and "[1]" in shared_text
    assert removed["delete_original"] is True and "blocks" not in removed


def test_slash_command_pay_answer_cannot_be_shared_in_a_public_channel(bot: RunningBot, fake: FakeSlack) -> None:
    bot.command("What is the salary range of a Tech Director?")
    calls = posted(fake)
    private = calls[0].params
    assert private["response_type"] == "ephemeral" and MONEY.search(blocks_text(private["blocks"]))
    assert button_value(private["blocks"], ACTION_SHARE) is None
    answer_id = button_value(private["blocks"], ACTION_UP)

    fake.reset()  # a forged or stale click on Share is refused too
    bot.click(ACTION_SHARE, answer_id, channel="C_PUBLIC", message_ts="1790000000.000300", ephemeral=True)
    posted(fake)
    assert fake.methods() == ["response_url"]
    assert fake.calls[0].params["response_type"] == "ephemeral"
    assert "stays private" in fake.calls[0].params["text"]


def test_follow_up_in_a_channel_thread_keeps_the_role(make_bot, fake: FakeSlack) -> None:
    bot = make_bot(slack_pay_channels="C_PAYOK")
    root = bot.mention("What does a Tech Director do?", channel="C_PAYOK")
    posted(fake)
    fake.calls.clear()

    bot.mention("and what does it pay?", channel="C_PAYOK", thread_ts=root)
    posted(fake)
    assert fake.methods() == ["conversations.replies", "chat.postMessage"]
    replies, answer = fake.calls
    assert replies.params["channel"] == "C_PAYOK" and replies.params["ts"] == root
    assert 1 <= int(replies.params["limit"]) <= 200
    assert answer.params["thread_ts"] == root
    text = blocks_text(answer.params["blocks"])
    assert "$180,000" in text and "Tech Director" in text  # allow-listed channel: pay may be public


def test_follow_up_in_a_dm_thread_keeps_the_role(bot: RunningBot, fake: FakeSlack) -> None:
    root = bot.dm("What does a Tech Director do?")
    posted(fake)
    fake.calls.clear()

    bot.dm("and what does it pay?", thread_ts=root)
    posted(fake)
    assert fake.methods() == ["assistant.threads.setStatus", "conversations.replies", "chat.postMessage"]
    assert "$180,000" in blocks_text(fake.calls[-1].params["blocks"])


def test_the_other_one_and_compare_them_in_a_thread_follow_the_conversation(make_bot, fake: FakeSlack) -> None:
    bot = make_bot(slack_pay_channels="C_PAYOK")
    root = bot.mention("What education does a Tech Director need?", channel="C_PAYOK")
    posted(fake)
    fake.calls.clear()

    bot.mention("what about the other one?", channel="C_PAYOK", thread_ts=root)
    posted(fake)
    other = blocks_text(fake.named("chat.postMessage")[-1].params["blocks"])
    assert "Director of Education Technology" in other and "Bachelor" not in other
    fake.calls.clear()

    bot.mention("compare them", channel="C_PAYOK", thread_ts=root)
    posted(fake)
    both = blocks_text(fake.named("chat.postMessage")[-1].params["blocks"])
    assert "Director of Education Technology" in both and "Bachelor" in both  # the Tech Director's, cited


def test_thanks_and_hi_in_a_dm_thread_get_a_fitting_reply_not_role_content(bot: RunningBot, fake: FakeSlack) -> None:
    root = bot.dm("What does a Tech Director do?")
    posted(fake)
    for said, expected in (("thanks!", "welcome"), ("hi", "hi!")):
        fake.calls.clear()
        bot.dm(said, thread_ts=root)
        posted(fake)
        reply = fake.named("chat.postMessage")[-1]
        text = blocks_text(reply.params["blocks"]) or reply.params["text"]
        assert expected in text.lower() and "Tech Director" not in text and "[1]" not in text


# -- pay privacy, abstention, feedback, hand-off -------------------------------------------------------

def test_pay_answer_is_never_posted_publicly_in_a_channel(bot: RunningBot, fake: FakeSlack) -> None:
    root = bot.mention("What is the salary range of a Tech Director?")
    posted(fake, 2)

    assert fake.methods() == ["chat.postEphemeral", "chat.postMessage"]
    private, public = fake.calls
    assert private.params["user"] == ASKER and private.params["channel"] == "C_PUBLIC"
    assert private.params["thread_ts"] == root
    private_text = blocks_text(private.params["blocks"])
    assert "$180,000" in private_text and PAY_NOTE in private_text
    assert public.params["thread_ts"] == root and f"<@{ASKER}>" in public.params["text"]
    for call in fake.named("chat.postMessage"):
        assert not MONEY.search(str(call.params)), "a pay figure reached a public channel"


def test_abstention_is_visible_offers_a_person_and_is_stored_as_a_gap(bot: RunningBot, fake: FakeSlack) -> None:
    question = "What is the salary of a Director of Education Technology?"
    bot.mention(question)
    calls = posted(fake)

    assert [c.method for c in calls] == ["chat.postMessage"]
    text = blocks_text(calls[0].params["blocks"])
    assert text.startswith("The Director of Education Technology document doesn't give pay.")
    assert "Ask a person" in text and "I can bring in the people team" in text
    gaps = bot.store.gap_summary()
    assert [g.questions for g in gaps] == [[question]] and gaps[0].abstained == 1
    assert "Director of Education Technology" in gaps[0].gap


def test_feedback_clicks_are_stored_one_verdict_per_user(bot: RunningBot, fake: FakeSlack) -> None:
    root = bot.dm("What does a Tech Director do?")
    answer = posted(fake)[0].params
    answer_id = button_value(answer["blocks"], ACTION_DOWN)
    fake.reset()

    bot.click(ACTION_DOWN, answer_id, channel="D_ASKER", message_ts="1790000000.000400", thread_ts=root)
    posted(fake)
    assert fake.methods() == ["response_url"]
    assert fake.calls[0].params["response_type"] == "ephemeral" and "Thanks" in fake.calls[0].params["text"]
    bot.click(ACTION_UP, answer_id, channel="D_ASKER", message_ts="1790000000.000400", thread_ts=root)
    bot.click(ACTION_DOWN, answer_id, channel="D_ASKER", message_ts="1790000000.000400", thread_ts=root)
    posted(fake, 3)

    [summary] = bot.store.feedback_summary(None)
    assert (summary.question, summary.down, summary.up) == ("What does a Tech Director do?", 1, 0)
    assert summary.citations and all("tech-director.md" in c for c in summary.citations)


def test_ask_a_person_tags_the_people_team_in_the_thread(bot: RunningBot, fake: FakeSlack) -> None:
    root = bot.mention("What does a Tech Director do?")
    answer = posted(fake)[0]
    answer_id = button_value(answer.params["blocks"], ACTION_HANDOFF)
    fake.reset()

    bot.click(ACTION_HANDOFF, answer_id, channel="C_PUBLIC", message_ts="1790000000.000500", thread_ts=root)
    posted(fake)
    assert fake.methods() == ["chat.postMessage"]
    handoff = fake.calls[0].params
    assert handoff["channel"] == "C_PUBLIC" and handoff["thread_ts"] == root
    assert handoff["text"].startswith(f"<!subteam^{PEOPLE}>") and f"<@{ASKER}>" in handoff["text"]


# -- robustness ----------------------------------------------------------------------------------------

def test_forged_and_stale_requests_are_rejected_with_401(bot: RunningBot, fake: FakeSlack) -> None:
    event = {"type": "app_mention", "user": ASKER, "text": "<@UBOT> What does a Tech Director do?",
             "ts": "1790000000.000600", "channel": "C_PUBLIC"}
    forged = sign(b"something else", int(time.time()), "not-the-secret")
    assert bot.event(event, signature=forged)[0] == 401
    stale = int(time.time()) - 10 * 60
    assert bot.event(event, timestamp=stale)[0] == 401  # correctly signed, but replayable: too old
    time.sleep(0.5)
    assert fake.calls == []


def test_a_retried_event_is_answered_once(bot: RunningBot, fake: FakeSlack) -> None:
    bot.mention("What does a Tech Director do?", event_id="EvRETRY1")
    status, _ = bot.event({"type": "app_mention", "user": ASKER, "text": "<@UBOT> What does a Tech Director do?",
                           "ts": "1790000000.000700", "channel": "C_PUBLIC"}, event_id="EvRETRY1",
                          headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert status == 200
    posted(fake)
    assert fake.methods() == ["chat.postMessage"]


def test_bots_self_and_edits_are_ignored(bot: RunningBot, fake: FakeSlack) -> None:
    bot.event({"type": "message", "channel_type": "im", "channel": "D_ASKER", "bot_id": "BOTHER",
               "subtype": "bot_message", "text": "What does a Tech Director do?", "ts": "1790000000.000800"})
    bot.event({"type": "message", "channel_type": "im", "channel": "D_ASKER", "user": "UBOT", "bot_id": "BBOT",
               "text": "What does a Tech Director do?", "ts": "1790000000.000801"})
    bot.event({"type": "message", "subtype": "message_changed", "channel_type": "im", "channel": "D_ASKER",
               "message": {"user": ASKER, "text": "What does a Tech Director do?", "ts": "1790000000.000802"},
               "ts": "1790000000.000803"})
    bot.event({"type": "app_mention", "bot_id": "BOTHER", "text": "<@UBOT> What does a Tech Director do?",
               "ts": "1790000000.000804", "channel": "C_PUBLIC"})
    bot.dm("What does a Tech Director do?")  # a person's message after them is answered: the bot is listening
    posted(fake)
    assert fake.methods() == ["chat.postMessage"]


def test_slack_api_error_gives_a_visible_apology(bot: RunningBot, fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", "msg_blocks_too_long")
    root = bot.dm("What does a Tech Director do?")
    posted(fake, 2)
    assert fake.methods() == ["chat.postMessage", "chat.postMessage"]
    assert fake.calls[1].params["text"] == SORRY_POST and fake.calls[1].params["thread_ts"] == root


def test_rate_limits_and_server_errors_are_retried_by_the_sdk(bot: RunningBot, fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=0)
    bot.dm("What does a Tech Director do?")
    posted(fake, 2)
    first, second = fake.named("chat.postMessage")
    assert second.params["blocks"] == first.params["blocks"]  # the same answer, delivered on the retry
    assert len(fake.named("chat.postMessage")) == 2

    fake.reset()
    fake.fail("chat.postMessage", status=503)
    bot.dm("What can a Tech Director be promoted to?")
    posted(fake, 2)
    assert len(fake.named("chat.postMessage")) == 2
    assert "blocks" in fake.calls[-1].params and SORRY_POST not in str(fake.calls[-1].params)


def test_missing_index_is_said_visibly(make_bot, fake: FakeSlack, tmp_path: Path, embedder) -> None:
    empty = load_settings(data_dir=tmp_path / "empty", knowledge_dir=tmp_path)
    bot = make_bot(engine=Advisor(empty, embedder))
    bot.dm("What does a Tech Director do?")
    posted(fake)
    assert fake.methods() == ["chat.postMessage"]
    assert fake.calls[0].params["text"] == SORRY_INDEX


def test_twenty_concurrent_events_are_each_answered_exactly_once(bot: RunningBot, fake: FakeSlack) -> None:
    questions = ["What does a Tech Director do?", "What can a Tech Director be promoted to?",
                 "What skills does a Director of Education Technology need?",
                 "What education does a Tech Director need?"]
    sent: list[str] = []
    acks: list[float] = []

    def send(i: int) -> None:
        channel = f"D_USER{i:02d}"
        sent.append(bot.dm(questions[i % len(questions)], channel=channel, user=f"U{i:02d}"))

    started = time.monotonic()
    threads = [threading.Thread(target=send, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    acks.append(time.monotonic() - started)
    assert fake.wait_for(lambda f: len(f.named("chat.postMessage")) >= 20, timeout=60)
    fake.settle(quiet=0.5)
    elapsed = time.monotonic() - started

    replies = fake.named("chat.postMessage")
    assert len(replies) == 20
    assert sorted(r.params["thread_ts"] for r in replies) == sorted(sent)
    assert {r.params["channel"] for r in replies} == {f"D_USER{i:02d}" for i in range(20)}
    assert all("blocks" in r.params and "[1]" in blocks_text(r.params["blocks"]) for r in replies)
    assert acks[0] < 3, f"20 events took {acks[0]:.2f}s to be acknowledged"
    print(f"\n20 concurrent events: all acked in {acks[0]:.2f}s, all answered in {elapsed:.2f}s")


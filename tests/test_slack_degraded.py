"""The bot degrades, never stops: with its store damaged or gone it keeps answering, says once in the log
what is lost, and still answers each Slack event once within its process."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advisor.engine import Advisor
from advisor.settings import Settings
from advisor.slack.blocks import ACTION_UP
from advisor.slack.listeners.actions import GONE
from advisor.slack.memory import Memory
from tests.fake_slack import ASKER, SECRET, FakeSlack, RunningBot, blocks_text, button_value, slack_settings, ts

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
LOST = "the store is unavailable"


def damaged(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database\n" * 200)
    return path


def test_a_damaged_store_still_answers_says_once_what_is_lost_and_dedupes_in_process(
        seeded: Settings, advisor: Advisor, fake: FakeSlack, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    fake.reset()
    settings = slack_settings(seeded, fake, tmp_path, store_url=f"sqlite:///{damaged(tmp_path / 'advisor.db')}")
    bot = RunningBot(settings, advisor, fake, store=Memory.open(settings))
    fake.reset()
    try:
        bot.dm("What does a Tech Director do?", event_id="EvDOWN1")
        bot.dm("What does a Tech Director do?", event_id="EvDOWN1", headers={"X-Slack-Retry-Num": "1"})
        bot.mention("What skills does a Tech Director need?")
        assert fake.wait_for(lambda f: len(f.named("chat.postMessage")) >= 2)
        fake.settle()
        answers = fake.named("chat.postMessage")
        assert len(answers) == 2 and all("Tech Director" in blocks_text(a.params["blocks"]) for a in answers)

        fake.reset()
        answer_id = button_value(answers[0].params["blocks"], ACTION_UP)
        bot.click(ACTION_UP, answer_id, channel="D_ASKER", message_ts=ts())
        assert fake.wait_for(lambda f: bool(f.named("response_url")))
        assert fake.named("response_url")[0].params["text"] == GONE
    finally:
        bot.close()
    lines = [r.getMessage() for r in caplog.records if LOST in r.getMessage()]
    assert len(lines) == 1, lines
    assert "feedback" in lines[0] and "across processes" in lines[0] and "move a damaged SQLite file aside" in lines[0]
    assert "Traceback" not in caplog.text


def test_a_store_that_breaks_while_running_is_reported_once_and_answering_goes_on(
        seeded: Settings, advisor: Advisor, fake: FakeSlack, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    fake.reset()
    db = tmp_path / "live.db"
    settings = slack_settings(seeded, fake, tmp_path, store_url=f"sqlite:///{db}")
    memory = Memory.open(settings)
    bot = RunningBot(settings, advisor, fake, store=memory)
    fake.reset()
    try:
        bot.dm("What does a Tech Director do?")
        assert fake.wait_for(lambda f: len(f.named("chat.postMessage")) >= 1)
        memory.store.engine.dispose()
        for leftover in tmp_path.glob("live.db*"):
            leftover.unlink()
        damaged(db)
        for question in ("What can a Tech Director be promoted to?", "What education does a Tech Director need?"):
            bot.dm(question)
        assert fake.wait_for(lambda f: len(f.named("chat.postMessage")) >= 3)
        fake.settle()
        assert all("blocks" in a.params for a in fake.named("chat.postMessage"))
    finally:
        bot.close()
    assert len([r for r in caplog.records if LOST in r.getMessage()]) == 1
    assert "Traceback" not in caplog.text


def test_advisor_slack_runs_and_answers_with_a_damaged_store(seeded: Settings, fake: FakeSlack, tmp_path: Path) -> None:
    """`advisor slack --http` used to exit on a damaged advisor.db; it now serves, and says what is lost."""
    fake.reset()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ADVISOR_"))}
    env.update(SLACK_BOT_TOKEN=fake.token, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=fake.api_url,
               ADVISOR_DATA_DIR=str(seeded.data_dir), ADVISOR_KNOWLEDGE_DIR=str(seeded.knowledge_dir),
               ADVISOR_STORE_URL=f"sqlite:///{damaged(tmp_path / 'advisor.db')}")
    log_path = tmp_path / "stderr.txt"
    with log_path.open("w") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "advisor.cli", "slack", "--http", "--port", str(port)],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + 240  # the model loads first; CI machines are slow
        while not _accepts(port) and time.monotonic() < deadline:
            assert process.poll() is None, log_path.read_text()
            time.sleep(0.2)
        assert _accepts(port), log_path.read_text()
        bot = RunningBot.__new__(RunningBot)  # only its request helpers: the server is the subprocess
        bot.fake, bot.url = fake, f"http://127.0.0.1:{port}/slack/events"
        bot.dm("What does a Tech Director do?")
        assert fake.wait_for(lambda f: bool(f.named("chat.postMessage")), timeout=120), fake.methods()
        assert "Tech Director" in blocks_text(fake.named("chat.postMessage")[0].params["blocks"])
    finally:
        process.terminate()
        process.wait(timeout=20)
    err = log_path.read_text()
    assert err.count(LOST) == 1 and "Traceback" not in err
    assert ASKER not in err


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False

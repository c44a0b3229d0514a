"""`advisor chat` as a person uses it: on a real pseudo-terminal (line editing, history, Ctrl-C, Ctrl-D, wrapping
between words) and with questions piped in."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
WIDTH = 60
PROMPT = "\x1b[?2004h"  # a fresh prompt: prompt-toolkit turns bracketed paste on as it draws one
runner = CliRunner()


def _env(settings: Settings) -> dict[str, str]:
    return {"ADVISOR_DATA_DIR": str(settings.data_dir), "ADVISOR_KNOWLEDGE_DIR": str(settings.knowledge_dir)}


def _screen_lines(raw: str) -> list[str]:
    return [line for line in ANSI.sub("", raw).replace("\r", "").split("\n")]


@pytest.mark.slow
def test_chat_on_a_terminal_cancels_with_ctrl_c_recalls_history_wraps_words_and_quits_with_ctrl_d(
        seeded: Settings, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(seeded.data_dir, data)  # the seeded index, and a history file of this test's own
    env = {**os.environ, **_env(seeded), "ADVISOR_DATA_DIR": str(data), "TERM": "xterm",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # the pty does not answer cursor-position requests as a terminal would
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    question = "What does a Tech Director do?"
    child = pexpect.spawn(sys.executable, ["-c", "from advisor.cli import app; app(prog_name='advisor')", "chat"],
                          env=env, cwd=str(ROOT), dimensions=(40, WIDTH), encoding="utf-8", timeout=120)
    try:
        child.expect_exact("Ctrl-C cancels, Ctrl-D quits.")
        child.expect_exact(PROMPT)
        child.sendline("What does a Tech Director earn?")
        child.expect_exact("Looking it up")  # the first answer usually loads the model: seconds to cancel in
        child.sendintr()
        # on a warm machine the answer may be done before Ctrl-C lands; either way the chat goes on (the cancel
        # itself is checked deterministically in test_ctrl_c_during_an_answer_returns_at_once)
        child.expect_exact(["(cancelled)", "(knowledge/tech-director.md)"])
        child.expect_exact(PROMPT)

        child.send("a half-typed line")
        child.sendintr()  # drops the line, asks again
        child.expect_exact(PROMPT)
        child.sendline("")  # an empty line does nothing
        child.expect_exact(PROMPT)

        child.sendline(question)
        child.expect_exact(PROMPT)
        answer = [line for line in _screen_lines(child.before)
                  if line.strip() and "Looking it up" not in line and "you>" not in line]

        child.send("\x1b[A")  # Up: the last question comes back
        child.expect_exact(question)
        child.sendline("")
        child.expect_exact("(knowledge/tech-director.md)")
        child.expect_exact(PROMPT)
        child.sendeof()
        child.expect(pexpect.EOF)
        child.wait()  # the terminal closes before the process has ended: let it end, rather than close() killing it
    finally:
        child.close(force=True)
    assert child.exitstatus == 0

    printed = runner.invoke(app, ["ask", question], env=_env(seeded)).stdout  # the same answer, unwrapped
    assert len(answer) > len(printed.strip().splitlines())  # wrapped to the terminal...
    assert max(len(line) for line in answer) <= WIDTH
    words = set(printed.split())
    assert [w for line in answer for w in line.split() if w not in words] == []  # ...between words only
    history = (data / "chat-history").read_text()  # asked again from history: one entry, as in a shell
    assert history.count(f"+{question}\n") == 1 and "+What does a Tech Director earn?" in history
    assert "half-typed" not in history


def test_chat_reads_piped_questions_skipping_empty_lines(seeded: Settings) -> None:
    typed = "\nWhat is the salary of a Tech Director?\n\n   \nand what can it be promoted to?\n"
    result = runner.invoke(app, ["chat"], input=typed, env=_env(seeded))
    assert result.exit_code == 0, result.output
    assert "you> What is the salary of a Tech Director?" in result.stdout
    assert "$180,000 - $275,000+" in result.stdout
    after = result.stdout.split("you> and what can it be promoted to?")[1]
    assert "VP of Engineering" in after  # the empty lines did not end the chat; the follow-up kept the role
    assert "Ctrl-D" not in result.stdout  # keys are offered only on a terminal


def test_chat_with_nothing_to_read_ends_cleanly(seeded: Settings) -> None:
    result = runner.invoke(app, ["chat"], input="", env=_env(seeded))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Roles: ")
    assert "error" not in result.output.lower()


@pytest.mark.slow
def test_a_streamed_model_answer_wraps_between_words_on_a_terminal(seeded: Settings) -> None:
    """With a chat model, verified sentences are printed as they arrive; on a terminal they still wrap between
    words (a fake OpenAI-compatible server on loopback stands in for the provider)."""
    from tests.fake_openai import FakeOpenAI

    reply = ("A Tech Director earns $180,000 - $275,000+ a year [1]. "
             "A Tech Director earns $180,000 - $275,000+ a year [1].")
    server = FakeOpenAI().start()
    try:
        server.script(reply)
        env = {**os.environ, **_env(seeded), "ADVISOR_LLM": "openai:fake-model", "OPENAI_BASE_URL": server.url,
               "OPENAI_API_KEY": "sk-test-not-a-real-key", "ADVISOR_LLM_RETRIES": "0", "TERM": "xterm"}
        env.pop("COLUMNS", None)
        child = pexpect.spawn(sys.executable, ["-c", "from advisor.cli import app; app(prog_name='advisor')", "ask",
                                               "What is the salary of a Tech Director?"],
                              env=env, cwd=str(ROOT), dimensions=(40, 30), encoding="utf-8", timeout=120)
        child.expect(pexpect.EOF)
        child.close()
    finally:
        server.stop()
    assert child.exitstatus == 0, child.before
    assert [bool(r.get("stream")) for r in server.requests] == [True]
    lines = _screen_lines(child.before)
    body = lines[:next(i for i, line in enumerate(lines) if line.startswith("[1]"))]
    text = [line for line in body if line.strip()]
    assert len(text) >= 4 and max(len(line) for line in text) <= 30
    assert " ".join(" ".join(text).split()) == reply


@pytest.mark.slow
@pytest.mark.parametrize("args", [["ask", "What does a Tech Director do?"], ["draft", "Tech Director"]],
                         ids=["ask", "draft"])
def test_output_on_a_terminal_wraps_between_words(seeded: Settings, args: list[str]) -> None:
    env = {**os.environ, **_env(seeded), "TERM": "xterm"}
    env.pop("COLUMNS", None)
    child = pexpect.spawn(sys.executable, ["-c", "from advisor.cli import app; app(prog_name='advisor')", *args],
                          env=env, cwd=str(ROOT), dimensions=(40, WIDTH), encoding="utf-8", timeout=120)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    shown = [line for line in _screen_lines(child.before) if line.strip()]
    piped = runner.invoke(app, args, env=_env(seeded)).stdout  # not a terminal: whole lines
    assert max(len(line) for line in shown) <= WIDTH < max(len(line) for line in piped.splitlines())
    assert " ".join(" ".join(shown).split()) == " ".join(piped.split())  # the same words, none cut


def test_ctrl_c_during_an_answer_returns_at_once_and_the_work_finishes_unseen() -> None:
    import signal
    import threading

    from advisor.cli import _interruptible

    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def slow_answer() -> str:
        started.set()
        release.wait(30)
        finished.set()
        return "late"

    def press_ctrl_c() -> None:
        started.wait(30)
        signal.raise_signal(signal.SIGINT)  # delivered to the main thread, which is waiting for the answer

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in `advisor chat`, whatever ran before
    try:
        threading.Thread(target=press_ctrl_c, daemon=True).start()
        with pytest.raises(KeyboardInterrupt):
            _interruptible(slow_answer)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert started.is_set() and not finished.is_set()  # back at once, the answer still under way
    release.set()
    assert finished.wait(30)  # and it finishes on its own, unseen

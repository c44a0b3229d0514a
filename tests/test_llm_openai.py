"""End to end through the real `langchain-openai` provider: `advisor ask` / `advisor chat` with
ADVISOR_LLM=openai:fake-model, OPENAI_BASE_URL pointing at a fake OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.settings import Settings
from tests.fake_openai import FakeOpenAI, Reply

runner = CliRunner()
KEY = "sk-test-not-a-real-key"
TD_PAY = "What is the salary of a Tech Director?"
TD_PAY_REPLY = "A Tech Director earns $180,000 - $275,000+ a year [1]."
EDTECH_PEOPLE = "Which stakeholders does the Director of Education Technology communicate with?"
EDTECH_FAITHFUL = "The Director of Education Technology communicates with superintendents, school boards, teachers, " \
                  "students, and parents [1]."


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI().start()
    yield fake
    fake.stop()


def _env(seeded: Settings, server: FakeOpenAI, **extra: str) -> dict[str, str]:
    return {"ADVISOR_DATA_DIR": str(seeded.data_dir), "ADVISOR_KNOWLEDGE_DIR": str(seeded.knowledge_dir),
            "ADVISOR_LLM": "openai:fake-model", "OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": KEY,
            "ADVISOR_LLM_RETRIES": "0", "ADVISOR_LLM_TIMEOUT": "10", **extra}


def _ask_json(seeded: Settings, server: FakeOpenAI, question: str, **extra: str) -> dict:
    result = runner.invoke(app, ["ask", "--json", question], env=_env(seeded, server, **extra))
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    return json.loads(line)


def test_faithful_model_through_the_openai_provider(seeded: Settings, server: FakeOpenAI) -> None:
    server.script(TD_PAY_REPLY)
    data = _ask_json(seeded, server, TD_PAY)
    assert data["answer"] == TD_PAY_REPLY and data["path"] == "llm" and data["abstained"] is False
    assert [(c["n"], c["section"]) for c in data["citations"]] == [(1, "Tech Director › Salary Range")]
    assert data["verifier"]["model"] == "openai:fake-model" and data["verifier"]["removed"] == []
    (request,) = server.requests
    assert request["model"] == "fake-model" and request["temperature"] == 0.0 and not request.get("stream")
    assert "Role: Tech Director\nSection: Tech Director › Salary Range\n\n$180,000 - $275,000+\n>>>" in server.prompts()[0]


def test_invented_edtech_pay_through_the_provider_leaves_no_figure(seeded: Settings, server: FakeOpenAI) -> None:
    server.script("The Director of Education Technology earns $150,000 - $170,000 [1].")
    data = _ask_json(seeded, server, "What is the salary of a Director of Education Technology?")
    assert data["abstained"] is True and data["answer"] == "The Director of Education Technology document doesn't give pay."
    assert not any(ch.isdigit() for ch in data["answer"]) and data["citations"] == []
    assert server.requests == []  # undocumented: answered without the model

    server.script(f"{EDTECH_FAITHFUL} The Director of Education Technology earns $150,000 - $170,000 [1].")
    data = _ask_json(seeded, server, EDTECH_PEOPLE)
    assert data["answer"] == EDTECH_FAITHFUL and data["path"] == "llm"
    assert data["verifier"]["removed"][0]["reasons"][0] == "number 150000-170000 is not in the cited evidence"


def test_terminal_streams_only_verified_sentences(seeded: Settings, server: FakeOpenAI) -> None:
    server.script(f"{EDTECH_FAITHFUL} They are promoted to CTO after two years [1].")
    result = runner.invoke(app, ["ask", EDTECH_PEOPLE], env=_env(seeded, server))
    assert result.exit_code == 0, result.output
    assert server.requests[0]["stream"] is True
    assert result.stdout.startswith(EDTECH_FAITHFUL)
    assert "CTO" not in result.stdout and "two years" not in result.stdout
    assert "[1] Director of Education Technology › Leadership and Stakeholder Management" in result.stdout
    assert "(answered by openai:fake-model, every sentence checked against its source; 1 sentence removed)" \
        in result.stdout


def test_server_error_falls_back_to_the_extractive_answer(seeded: Settings, server: FakeOpenAI) -> None:
    server.script(Reply(status=500))
    data = _ask_json(seeded, server, TD_PAY)
    assert data["path"] == "extractive-fallback"
    assert data["answer"] == "A Tech Director's salary range is $180,000 - $275,000+ [1]."
    assert data["verifier"]["fallback"].endswith("(HTTP 500)")


def test_retries_reach_the_provider(seeded: Settings, server: FakeOpenAI) -> None:
    server.script(Reply(status=503), TD_PAY_REPLY)
    data = _ask_json(seeded, server, TD_PAY, ADVISOR_LLM_RETRIES="1")
    assert data["path"] == "llm" and data["answer"] == TD_PAY_REPLY
    assert len(server.requests) == 2


def test_batch_is_one_object_per_question_with_path_and_verifier(seeded: Settings, server: FakeOpenAI) -> None:
    server.script(TD_PAY_REPLY, "Tech Directors get paid well.")
    questions = [TD_PAY, "What does a nurse earn?", "What does a Tech Director earn?"]
    result = runner.invoke(app, ["ask", "--json", "--batch", "-"], input="\n".join(questions) + "\n",
                           env=_env(seeded, server))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(d["question"], d["path"]) for d in lines] == [(TD_PAY, "llm"), (questions[1], "extractive"),
                                                           (questions[2], "extractive-fallback")]
    assert all(d["verifier"]["model"] == "openai:fake-model" for d in lines)
    assert len(server.requests) == 2  # the nurse question has no document: no model call


def test_chat_condenses_follow_ups_through_the_provider(seeded: Settings, server: FakeOpenAI) -> None:
    server.script("A Tech Director develops the company's technical vision [1].",
                  "What is the salary of a Tech Director?", "A Tech Director earns $180,000 - $275,000+ [1].")
    result = runner.invoke(app, ["chat"], input="What does a Tech Director do?\nand what do they earn?\n\n",
                           env=_env(seeded, server))
    assert result.exit_code == 0, result.output
    assert "A Tech Director develops the company's technical vision [1]." in result.stdout
    assert "A Tech Director earns $180,000 - $275,000+ [1]." in result.stdout
    assert [bool(r.get("stream")) for r in server.requests] == [True, False, True]
    assert "<<<\n- What does a Tech Director do? (about: Tech Director)\n>>>" in server.prompts()[1]
    assert "<<<\nand what do they earn?\n>>>" in server.prompts()[1]


@pytest.mark.slow
def test_timeout_is_one_warning_line_and_the_extractive_answer(seeded: Settings, server: FakeOpenAI) -> None:
    """A real process, so the warning goes where a user sees it (stderr), without a traceback or the key."""
    server.script(Reply(TD_PAY_REPLY, delay=4))
    env = {**os.environ, **_env(seeded, server, ADVISOR_LLM_TIMEOUT="0.5")}
    proc = subprocess.run([sys.executable, "-m", "advisor.cli", "ask", "--json", TD_PAY], env=env,
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["path"] == "extractive-fallback" and data["verifier"]["fallback"] == "timed out after 0.5s"
    warnings = [line for line in proc.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1
    assert warnings[0].endswith("WARNING advisor.generate: chat model openai:fake-model: timed out after 0.5s; "
                                "using the extractive answer")
    assert "Traceback" not in proc.stderr and KEY not in proc.stderr + proc.stdout


def test_meaning_flips_written_by_the_model_never_reach_the_user(seeded: Settings, server: FakeOpenAI) -> None:
    """Each kind of unsupported claim the judge knows, written by the model through the provider: a changed
    period, currency, modality, negation, scope, a title outside the documents, an added fact and a false
    "the documents don't say". Only the faithful sentence is shown."""
    flips = [
        "A Tech Director earns $180,000 - $275,000+ per month [1].",
        "A Tech Director earns £180,000 - £275,000+ [1].",
        "A Tech Director must earn at most $180,000 [1].",
        "A Tech Director does not earn $180,000 - $275,000+ [1].",
        "Only some Tech Directors earn $180,000 - $275,000+ [1].",
        "A Senior Tech Director earns $180,000 - $275,000+ [1].",
        "A Tech Director earns $180,000 - $275,000+ plus stock options [1].",
        "The documents don't say what a Tech Director is paid [1].",
    ]
    server.script(" ".join([TD_PAY_REPLY, *flips]))
    data = _ask_json(seeded, server, TD_PAY)
    assert data["path"] == "llm" and data["answer"] == TD_PAY_REPLY
    removed = [r["sentence"] for r in data["verifier"]["removed"]]
    assert removed == flips
    assert all(r["reasons"] for r in data["verifier"]["removed"])

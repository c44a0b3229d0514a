"""`advisor slack`, `advisor start` with tokens, `advisor feedback`/`gaps`, and the app manifest."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from advisor.cli import app
from advisor.engine import Advisor
from advisor.settings import Settings, load_settings
from advisor.store import Store
from tests.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture()
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


def _advisor_command(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ADVISOR_"))}
    return subprocess.run([sys.executable, "-m", "advisor.cli", *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env={**clean, **env})


def test_slack_without_tokens_exits_naming_the_missing_variables() -> None:
    result = _advisor_command("slack")
    assert result.returncode == 1
    assert "SLACK_BOT_TOKEN" in result.stderr and "SLACK_APP_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr

    result = _advisor_command("slack", "--http", SLACK_BOT_TOKEN="xoxb-set")
    assert result.returncode == 1
    assert "SLACK_SIGNING_SECRET" in result.stderr and "SLACK_BOT_TOKEN" not in result.stderr
    assert "xoxb-set" not in result.stderr + result.stdout


def test_a_token_slack_rejects_is_one_clear_line_without_the_token(fake: FakeSlack, seeded: Settings) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-wrong-secret", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": fake.api_url,
           "ADVISOR_DATA_DIR": str(seeded.data_dir)}
    result = runner.invoke(app, ["slack", "--http"], env=env)
    assert result.exit_code == 1
    assert "Slack did not accept SLACK_BOT_TOKEN (invalid_auth)" in result.output
    assert "xoxb-wrong-secret" not in result.output
    assert fake.methods() == ["auth.test"]


def test_start_with_tokens_runs_the_slack_bot_in_socket_mode(fake: FakeSlack, seeded: Settings) -> None:
    env = {"SLACK_BOT_TOKEN": fake.token, "SLACK_APP_TOKEN": "xapp-revoked", "SLACK_API_URL": fake.api_url,
           "ADVISOR_DATA_DIR": str(seeded.data_dir), "ADVISOR_KNOWLEDGE_DIR": str(seeded.knowledge_dir)}
    result = runner.invoke(app, ["start"], env=env)
    assert fake.methods() == ["auth.test", "apps.connections.open"]  # the bot, not the terminal demo
    assert fake.named("apps.connections.open")[0].token == "xapp-revoked"
    assert result.exit_code == 1
    assert "Slack refused SLACK_APP_TOKEN (invalid_auth)" in result.output and "xapp-revoked" not in result.output
    assert "demo>" not in result.output


def test_feedback_and_gaps_commands_print_most_frequent_first(tmp_path: Path, seeded: Settings,
                                                              advisor: Advisor) -> None:
    settings = load_settings(data_dir=tmp_path)
    store = Store.open(settings)
    disliked = store.record_answer(advisor.ask("What can a Tech Director be promoted to?"), surface="dm",
                                   user="U1", channel="D1")
    once = store.record_answer(advisor.ask("What does a Tech Director do?"), surface="dm", user="U1", channel="D1")
    store.record_feedback(disliked, "down", user="U1")
    store.record_feedback(disliked, "down", user="U2")
    store.record_feedback(once, "down", user="U1")
    for question in ("What is the salary of a Director of Education Technology?",
                     "How much does a Director of Education Technology earn?", "What does a nurse earn?"):
        store.record_answer(advisor.ask(question), surface="mention", user="U3", channel="C1")
    store.close()
    env = {"ADVISOR_DATA_DIR": str(tmp_path), "COLUMNS": "250"}

    result = runner.invoke(app, ["feedback", "--json"], env=env)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["question"], r["down"]) for r in rows] == [("What can a Tech Director be promoted to?", 2),
                                                          ("What does a Tech Director do?", 1)]
    table = runner.invoke(app, ["feedback"], env=env)
    assert table.exit_code == 0 and "promoted to" in table.stdout

    result = runner.invoke(app, ["gaps", "--json"], env=env)
    assert result.exit_code == 0, result.output
    gaps = [json.loads(line) for line in result.stdout.splitlines()]
    assert gaps[0]["count"] == 2 and "Director of Education Technology" in gaps[0]["gap"]
    assert len(gaps[0]["questions"]) == 2 and gaps[1]["count"] == 1
    table = runner.invoke(app, ["gaps"], env=env)
    assert table.exit_code == 0 and "Director of Education Technology" in table.stdout


# Web API methods → the scope each needs; the bot's code may call nothing else.
METHOD_SCOPES = {
    "chat_postMessage": {"chat:write"}, "chat_postEphemeral": {"chat:write"},
    "conversations_replies": {"channels:history", "groups:history", "im:history"},
    "set_status": {"assistant:write"}, "set_title": {"assistant:write"}, "set_suggested_prompts": {"assistant:write"},
    "views_open": set(), "conversations_open": {"im:write"}, "files_upload_v2": {"files:write"},
    "usergroups_users_list": {"usergroups:read"},
}
EVENT_SCOPES = {"app_mention": {"app_mentions:read"}, "message.im": {"im:history"},
                "assistant_thread_started": {"assistant:write"}}


def test_manifest_has_exactly_the_scopes_and_events_the_code_uses() -> None:
    manifest = yaml.safe_load((ROOT / "slack" / "manifest.yaml").read_text())
    source = "\n".join(p.read_text() for p in (ROOT / "advisor" / "slack").rglob("*.py"))
    calls = set(re.findall(r"\bclient\.(\w+)\(", source)) | set(re.findall(r"\b(set_\w+)\(", source))
    assert calls <= set(METHOD_SCOPES), f"new Web API calls need a scope in the manifest: {calls - set(METHOD_SCOPES)}"

    events = {"app_mention"} if '@app.event("app_mention")' in source else set()
    if '"im"' in source and '@app.event("message"' in source:
        events.add("message.im")
    if "@assistant.thread_started" in source:
        events.add("assistant_thread_started")
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == events

    needed = {s for c in calls for s in METHOD_SCOPES[c]} | {s for e in events for s in EVENT_SCOPES[e]} | {"commands"}
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == needed
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert commands == [Settings().slack_command, Settings().slack_draft_command]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True

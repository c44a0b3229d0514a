"""Shared fixtures: the real embedding model, a real on-disk Chroma index built once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from advisor.embeddings import Embedder
from advisor.engine import Advisor
from advisor.index import sync
from advisor.settings import Settings, default_data_dir, load_settings

if TYPE_CHECKING:
    from tests.fake_slack import FakeSlack, RunningBot

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"

ENGINEER_DOC = """---
title: Software Engineer
aliases: [SWE, Developer]
family: Engineering
updated: 2026-10-01
---

# Software Engineer

## Summary

Software Engineers design, build and operate the company's products.

## Pay by Level

| Level | Title | Base salary (USD) |
|---|---|---|
| L1 | Associate Software Engineer | $95,000 - $115,000 |
| L2 | Software Engineer | $115,000 - $140,000 |
| L3 | Senior Software Engineer | $140,000 - $175,000 |
| L4 | Staff Software Engineer | $175,000 - $215,000 |

## Career Progression

- L1 to L2 after demonstrating independent delivery of small features.
- L3 engineers may move to Engineering Manager or continue to L4.

## Skills

- Python or Go in production
- Code review and testing discipline
"""


def advisor_over(docs: dict[str, str], root: Path, embedder: Embedder) -> Advisor:
    """An Advisor over documents written for a test (file name → text), indexed under `root`."""
    knowledge = root / "knowledge"
    knowledge.mkdir()
    for name, text in docs.items():
        (knowledge / name).write_text(text, encoding="utf-8")
    settings = load_settings(data_dir=root / "data", knowledge_dir=knowledge)
    sync(settings, [knowledge], embedder)
    return Advisor(settings, embedder)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """Settings whose data folder holds an index of the repo's knowledge/ (built once)."""
    data = tmp_path_factory.mktemp("seeded-data")
    settings = load_settings(data_dir=data, knowledge_dir=KNOWLEDGE)
    sync(settings, [KNOWLEDGE], embedder)
    return settings


@pytest.fixture(scope="session")
def advisor(seeded: Settings, embedder: Embedder) -> Advisor:
    return Advisor(seeded, embedder)


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    """A private, writable copy of knowledge/ for tests that edit documents."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture()
def fresh_settings(tmp_path: Path, knowledge_copy: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", knowledge_dir=knowledge_copy)


@pytest.fixture(scope="module")
def fake() -> Iterator["FakeSlack"]:
    """The fake Slack Web API on loopback, one per test module."""
    from tests.fake_slack import FakeSlack

    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture()
def make_bot(seeded: Settings, advisor: Advisor, fake: "FakeSlack", tmp_path: Path) -> Iterator:
    """Start the real bot in HTTP mode with settings overrides; calls made while starting (auth.test) are cleared."""
    from tests.fake_slack import RunningBot, slack_settings

    running: list[RunningBot] = []

    def start(engine: Advisor | None = None, **overrides: object) -> RunningBot:
        fake.reset()
        bot = RunningBot(slack_settings(seeded, fake, tmp_path, **overrides), engine or advisor, fake)
        assert fake.methods() == ["auth.test"]
        fake.reset()
        running.append(bot)
        return bot

    yield start
    for bot in running:
        bot.close()


@pytest.fixture()
def bot(make_bot) -> "RunningBot":
    return make_bot()


@pytest.fixture(scope="session", autouse=True)
def _no_real_user_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Nothing in the test session, session fixtures and child processes included, reaches the real per-user data
    folder: the platform's user folders point into a temporary one (the default data folder is derived from them)."""
    home = tmp_path_factory.mktemp("user-home")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(home / name.lower()))
        assert default_data_dir().is_relative_to(home), "the default data folder must follow XDG_DATA_HOME in tests"
        yield home


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never read a developer's own tokens, model settings or index: each test gets its own data folder."""
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "ADVISOR_LLM",
                 "ADVISOR_CHROMA_URL", "ADVISOR_KNOWLEDGE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "user-data"))

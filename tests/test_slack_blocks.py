"""Block Kit rendering: escaping, citation lines, and splitting within Slack's limits without breaking citations."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from advisor.answer import Citation
from advisor.embeddings import Embedder
from advisor.engine import Advisor
from advisor.index import sync
from advisor.slack.blocks import (ACTION_SHARE, BLOCK_LIMIT, SECTION_LIMIT, answer_messages, citation_line, escape,
                                  mention, notice)
from advisor.slack.privacy import keep_private, shows_pay
from advisor.slack.reply import PAY_NOTE, SORRY_BROKEN
from advisor.settings import load_settings
from tests.conftest import ENGINEER_DOC, KNOWLEDGE


def _citation(n: int, **kw: str) -> Citation:
    values = {"role": "Tech Director", "section": f"Tech Director › Part {n}", "source": "knowledge/tech-director.md",
              "text": "…", "updated": "2026-11-23"}
    values.update(kw)
    return Citation(n=n, **values)  # type: ignore[arg-type]


def test_mrkdwn_control_characters_are_escaped_everywhere() -> None:
    text = "Salary <b>& bonus</b> > 5% <@U123> <!channel> [1]"
    [message] = answer_messages(text, [_citation(1, section="R&D <x>")], answer_id="a1")
    rendered = str(message.blocks) + message.text
    assert "<@U123>" not in rendered and "<!channel>" not in rendered and "<b>" not in rendered
    assert "&lt;@U123&gt;" in rendered and "&amp; bonus" in rendered and "R&amp;D &lt;x&gt;" in rendered
    assert escape("a & <b>") == "a &amp; &lt;b&gt;"


def test_citation_line_names_role_section_document_and_date() -> None:
    assert citation_line(_citation(2, section="Tech Director › Salary Range")) == \
        "[2] Tech Director › Salary Range · tech-director.md · updated 2026-11-23"
    assert citation_line(_citation(3, role="Software Engineer", section="Pay by Level", source="a/b/swe.md",
                                   updated="")) == "[3] Software Engineer › Pay by Level · swe.md"


def test_people_are_tagged_as_a_group_a_user_or_by_name() -> None:
    assert mention("S0PEOPLE", "the people team") == "<!subteam^S0PEOPLE>"
    assert mention("U0HR", "the people team") == "<@U0HR>"
    assert mention("", "People & Culture") == "People &amp; Culture"


def test_a_long_answer_is_split_within_limits_and_every_marker_travels_with_its_source() -> None:
    citations = [_citation(n) for n in range(1, 121)]
    lines = [f"Line {i}: " + "word " * 70 + f"[{i % 120 + 1}]" for i in range(400)]
    lines.append("x " * 4000 + "[7]")  # one line far longer than a section
    messages = answer_messages("\n".join(lines), citations, answer_id="a1", share=True)

    assert len(messages) > 1
    seen_lines: list[str] = []
    for i, message in enumerate(messages):
        assert len(message.blocks) <= BLOCK_LIMIT
        sections = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
        contexts = [e["text"] for b in message.blocks if b["type"] == "context" for e in b["elements"]]
        assert all(len(s) <= SECTION_LIMIT for s in sections)
        assert all(len(b["elements"]) <= 10 for b in message.blocks if b["type"] == "context")
        markers = {int(n) for s in sections for n in re.findall(r"\[(\d+)\]", s)}
        sources = {int(re.match(r"\[(\d+)\]", c).group(1)) for c in contexts}  # type: ignore[union-attr]
        assert markers <= sources | {n for n in range(1, 121) if any(f"[{n}] " in line for line in seen_lines)}
        seen_lines.extend(contexts)
        has_buttons = any(b["type"] == "actions" for b in message.blocks)
        assert has_buttons == (i == len(messages) - 1)
    everything = "".join(b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section")
    assert everything.count("[") == everything.count("]")  # no marker cut in two
    shown = sorted(int(re.match(r"\[(\d+)\]", c).group(1)) for c in seen_lines)  # type: ignore[union-attr]
    assert shown == list(range(1, 121))  # every source shown exactly once
    assert any(e["action_id"] == ACTION_SHARE for e in messages[-1].blocks[-1]["elements"])


def test_a_real_answer_renders_in_one_message(advisor: Advisor) -> None:
    answer = advisor.ask("What does a Tech Director do?")
    [message] = answer_messages(answer.answer, answer.citations, answer_id="a1")
    contexts = [e["text"] for b in message.blocks if b["type"] == "context" for e in b["elements"]]
    assert len(contexts) == len(answer.citations) >= 1
    assert all("tech-director.md" in c for c in contexts)


def test_pay_detection_and_policy() -> None:
    assert shows_pay("Salary Range: $180,000 - $275,000+ [1]", [], cited=True)
    assert shows_pay("Base: 95k EUR", [], cited=True) and shows_pay("GBP 60,000", [], cited=True)
    assert shows_pay("Pay follows the band table [1]", ["pay"], cited=True)
    assert not shows_pay("The role documents don't say: no pay given.", ["pay"], cited=False)
    assert not shows_pay("Leads a team of 12 engineers across 3 sites [1]", ["responsibilities"], cited=True)
    strict = load_settings(slack_pay_channels="C_OK, C_HR")
    assert keep_private(strict, "C_PUBLIC", "$100", [], True)
    assert not keep_private(strict, "C_HR", "$100", [], True)
    assert not keep_private(load_settings(slack_pay_private=False), "C_PUBLIC", "$100", [], True)


# -- every kind of answer, as Slack will show it ------------------------------------------------------------------
# The blocks per kind are kept in tests/fixtures/slack_blocks/*.json, so a change of shape shows in review; look at them
# with `python -m tests.slack_preview OUT` and a headless browser. ADVISOR_UPDATE_FIXTURES=1 rewrites them.

FIXTURES = Path(__file__).with_name("fixtures") / "slack_blocks"
KINDS = {
    "value": "What is the pay for a Tech Director?",
    "list": "What soft skills does a Tech Director need?",
    "broad": "What does a Tech Director do?",
    "next-step": "What can a Tech Director be promoted to?",
    "levels": "What are the pay levels for software engineers?",
    "abstention": "What is the salary of a Director of Education Technology?",
    "clarification": "what does a director do?",
}


@pytest.fixture(scope="module")
def with_levels(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Advisor:
    """The seed documents plus one with a pay table by level, ingested once for this module."""
    folder = tmp_path_factory.mktemp("knowledge-levels")
    shutil.copytree(KNOWLEDGE, folder, dirs_exist_ok=True)
    (folder / "software-engineer.md").write_text(ENGINEER_DOC)
    settings = load_settings(data_dir=tmp_path_factory.mktemp("data-levels"), knowledge_dir=folder)
    sync(settings, [folder], embedder)
    return Advisor(settings, embedder)


def _rendered(kind: str, engine: Advisor) -> dict:
    if kind == "error":
        return {"question": "", "answer": SORRY_BROKEN, "ephemeral": False,
                "messages": [notice(SORRY_BROKEN).blocks]}
    answer = engine.ask(KINDS[kind])
    pay = shows_pay(answer.answer, answer.topics, bool(answer.citations))
    messages = answer_messages(answer.answer, answer.citations, answer_id="A1", abstained=answer.abstained,
                               note=PAY_NOTE if pay else "")
    return {"question": KINDS[kind], "answer": answer.answer, "ephemeral": pay,
            "messages": [m.blocks for m in messages]}


@pytest.mark.parametrize("kind", [*KINDS, "error"])
def test_each_kind_of_answer_renders_as_its_fixture(kind: str, with_levels: Advisor) -> None:
    got = _rendered(kind, with_levels)
    path = FIXTURES / f"{kind}.json"
    if os.environ.get("ADVISOR_UPDATE_FIXTURES"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))
    for blocks in got["messages"]:  # Slack's limits, and the shape every answer shares
        assert len(blocks) <= BLOCK_LIMIT
        assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in blocks if b["type"] == "section")
        assert all(len(b["elements"]) <= 10 for b in blocks if b["type"] == "context")
        assert blocks[0]["type"] == "section"  # the direct sentence first
        assert ".;" not in json.dumps(blocks)
    assert "visible to you" not in json.dumps(got).lower()  # Slack says that itself


def test_lists_are_real_bullets_with_bold_labels(with_levels: Advisor) -> None:
    answer = with_levels.ask(KINDS["list"])
    [message] = answer_messages(answer.answer, answer.citations, answer_id="A1")
    first, lists = message.blocks[0], [b for b in message.blocks if b["type"] == "rich_text"]
    assert first["type"] == "section" and first["text"]["text"].startswith("A Tech Director's soft skills include")
    [block] = lists
    [bullets] = block["elements"]
    assert bullets["type"] == "rich_text_list" and bullets["style"] == "bullet"
    items = [s["elements"] for s in bullets["elements"]]
    assert len(items) == 6
    assert items[0][0] == {"type": "text", "text": "Strategic Leadership:", "style": {"bold": True}}
    contexts = [b for b in message.blocks if b["type"] == "context"]
    assert len(contexts) == 1  # the sources in one compact context block, after the answer
    assert message.blocks.index(contexts[0]) > message.blocks.index(block)


def test_a_mention_in_a_bullet_stays_literal_text() -> None:
    [message] = answer_messages("Lead [1]:\n• Ping <@U123> & <!channel> [1]", [_citation(1)], answer_id="a1")
    [rich] = [b for b in message.blocks if b["type"] == "rich_text"]
    [item] = rich["elements"][0]["elements"]
    assert item["elements"] == [{"type": "text", "text": "Ping <@U123> & <!channel> [1]"}]  # no user/link element

"""`/role-draft` through the real HTTP endpoint: signed command and form submissions in, a modal and a DM
file upload out through a fake Slack Web API. The drafts themselves come from the session's real index."""

from __future__ import annotations

import io
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import docx
import pytest

from advisor.draft import NOT_DOCUMENTED, compare_roles, draft_role
from advisor.engine import Advisor
from advisor.settings import load_settings
from advisor.slack.listeners.drafts import (BLOCK_FOCUS, BLOCK_FORMAT, BLOCK_MODE, BLOCK_OTHER, BLOCK_ROLE, CALLBACK_ID,
                                            SORRY_DM, SORRY_UPLOAD)
from advisor.slack.reply import SORRY_INDEX
from tests.fake_slack import ASKER, TEAM, FakeSlack, RunningBot, blocks_text, dm_channel, sign

pytestmark = pytest.mark.slow

EDTECH, TECH = "Director of Education Technology", "Tech Director"
MONEY = re.compile(r"[$£€]\s?\d")
DM = dm_channel(ASKER)


# -- driving Slack's side ------------------------------------------------------------------------------

def signed_post(bot: RunningBot, form: dict[str, str]) -> tuple[int, str, float]:
    """POST a form like Slack does; returns (status, response body, seconds until the response)."""
    body = urllib.parse.urlencode(form).encode()
    stamp = int(time.time())
    request = urllib.request.Request(bot.url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": sign(body, stamp)})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), time.monotonic() - started


def open_form(bot: RunningBot, fake: FakeSlack, text: str = "") -> dict[str, Any]:
    """Type /role-draft; returns the modal the app opened."""
    status, _, elapsed = signed_post(bot, {
        "token": "legacy", "team_id": TEAM, "team_domain": "fake", "channel_id": "C_PUBLIC", "channel_name": "general",
        "user_id": ASKER, "user_name": "asker", "command": "/role-draft", "text": text, "api_app_id": "A0APP",
        "response_url": f"{fake.url}/hooks/commands/draft", "trigger_id": "trigger-draft"})
    assert status == 200 and elapsed < 3
    assert fake.wait_for(lambda f: bool(f.named("views.open", "response_url"))), fake.methods()
    fake.settle(quiet=0.2)
    [opened] = fake.named("views.open")
    assert opened.params["trigger_id"] == "trigger-draft"
    return opened.params["view"]


def options(view: dict[str, Any], block_id: str) -> list[dict[str, Any]]:
    [block] = [b for b in view["blocks"] if b.get("block_id") == block_id]
    return _flat(block["element"])


def _flat(element: dict[str, Any]) -> list[dict[str, Any]]:
    """A select's options, whether listed flat or in option groups."""
    return [o for group in element.get("option_groups", [element]) for o in group["options"]]


def submit(bot: RunningBot, view: dict[str, Any], **picks: str | None) -> tuple[int, str]:
    """Fill the form as a person would (picks by block id: an option's value, or the focus text) and submit."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        wanted = picks.get(block_id)
        if element["type"] == "plain_text_input":
            values[block_id] = {element["action_id"]: {"type": "plain_text_input", "value": wanted}}
            continue
        option = element.get("initial_option")
        if wanted is not None:
            option = next((o for o in _flat(element) if o["value"] == wanted),
                          {"text": {"type": "plain_text", "text": wanted}, "value": wanted})  # e.g. a stale form
        values[block_id] = {element["action_id"]: {"type": element["type"], "selected_option": option}}
    payload = {"type": "view_submission", "team": {"id": TEAM, "domain": "fake"}, "api_app_id": "A0APP",
               "user": {"id": ASKER, "username": "asker", "team_id": TEAM}, "token": "legacy",
               "trigger_id": "trigger-submit", "response_urls": [], "is_enterprise_install": False,
               "view": {**view, "id": "V0FORM", "hash": "h1", "state": {"values": values}}}
    status, body, elapsed = signed_post(bot, {"payload": json.dumps(payload)})
    assert elapsed < 3
    return status, body


def delivered(fake: FakeSlack) -> tuple[dict[str, Any], dict[str, Any]]:
    """The one file shared in the asker's DM and the summary message after it."""
    assert fake.wait_for(lambda f: bool(f.named("chat.postMessage"))), fake.methods()
    fake.settle(quiet=0.2)
    assert [m for m in fake.methods() if m != "usergroups.users.list"] == [
        "conversations.open", "files.getUploadURLExternal", "upload", "files.completeUploadExternal", "chat.postMessage"]
    assert fake.calls[0].params["users"] == ASKER
    [file] = fake.uploaded()
    assert file["channel"] == DM and len(file["data"]) == file["length"]
    summary = fake.calls[-1].params
    assert summary["channel"] == DM
    return file, summary


def section(markdown: str, title: str) -> str:
    """The body of one `## title` section."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"no section {title!r}"
    return match.group(1)


# -- the form --------------------------------------------------------------------------------------------

def test_role_draft_opens_a_form_listing_exactly_the_ingested_roles(bot: RunningBot, fake: FakeSlack,
                                                                     advisor: Advisor) -> None:
    view = open_form(bot, fake)

    assert fake.methods() == ["views.open"]  # the form only: nothing posted in the channel
    assert view["type"] == "modal" and view["callback_id"] == CALLBACK_ID
    for block_id in (BLOCK_ROLE, BLOCK_OTHER):
        assert sorted(o["value"] for o in options(view, block_id)) == sorted(advisor.roles)
    assert [o["value"] for o in options(view, BLOCK_FORMAT)] == ["md", "json", "docx"]
    assert [o["value"] for o in options(view, BLOCK_MODE)] == ["draft", "compare"]
    role = next(b for b in view["blocks"] if b.get("block_id") == BLOCK_ROLE)
    assert "initial_option" not in role["element"]

    fake.reset()
    view = open_form(bot, fake, text="edtech director")  # a role typed after the command is picked already
    role = next(b for b in view["blocks"] if b.get("block_id") == BLOCK_ROLE)
    assert role["element"]["initial_option"]["value"] == EDTECH


def test_role_draft_without_an_index_says_so_privately(make_bot, fake: FakeSlack, tmp_path: Path, embedder) -> None:
    empty = load_settings(data_dir=tmp_path / "empty", knowledge_dir=tmp_path)
    bot = make_bot(engine=Advisor(empty, embedder))
    status, _, _ = signed_post(bot, {
        "team_id": TEAM, "channel_id": "C_PUBLIC", "user_id": ASKER, "command": "/role-draft", "text": "",
        "response_url": f"{fake.url}/hooks/commands/none", "trigger_id": "t"})
    assert status == 200
    assert fake.wait_for(lambda f: bool(f.named("response_url")))
    fake.settle(quiet=0.2)
    assert fake.methods() == ["response_url"]
    assert fake.calls[0].params["response_type"] == "ephemeral" and fake.calls[0].params["text"] == SORRY_INDEX


def test_the_form_lists_each_family_with_its_levels(make_bot, fake: FakeSlack, tmp_path: Path, embedder) -> None:
    from advisor.index import sync
    from tests.conftest import ENGINEER_DOC, KNOWLEDGE

    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    for path in KNOWLEDGE.glob("*.md"):
        (knowledge / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (knowledge / "software-engineer.md").write_text(ENGINEER_DOC, encoding="utf-8")
    settings = load_settings(data_dir=tmp_path / "data")
    sync(settings, [knowledge], embedder)
    bot = make_bot(engine=Advisor(settings, embedder))

    view = open_form(bot, fake)
    role = next(b for b in view["blocks"] if b.get("block_id") == BLOCK_ROLE)
    groups = {g["label"]["text"]: g["options"] for g in role["element"]["option_groups"]}
    assert [o["value"] for o in groups["Roles"]] == [EDTECH, "Tech Director"]
    ladder = groups["Software Engineer"]
    assert [o["text"]["text"] for o in ladder] == [
        "Software Engineer (all levels)", "Associate Software Engineer (L1)", "Software Engineer L2",
        "Senior Software Engineer (L3)", "Staff Software Engineer (L4)"]
    other = next(b for b in view["blocks"] if b.get("block_id") == BLOCK_OTHER)
    assert other["element"]["option_groups"] == role["element"]["option_groups"]  # levels compare too

    fake.reset()
    status, _ = submit(bot, view, **{BLOCK_ROLE: "Senior Software Engineer", BLOCK_FORMAT: "md"})
    assert status == 200
    file, _ = delivered(fake)
    text = file["data"].decode()
    assert text.startswith("# Senior Software Engineer — role expectations (draft)")
    assert "This is the L3 level of Software Engineer" in text


# -- delivery --------------------------------------------------------------------------------------------

def test_markdown_draft_of_edtech_arrives_in_a_dm_with_pay_and_path_marked_not_documented(
        bot: RunningBot, fake: FakeSlack, advisor: Advisor) -> None:
    view = open_form(bot, fake)
    fake.reset()
    status, body = submit(bot, view, **{BLOCK_ROLE: EDTECH, BLOCK_FORMAT: "md"})
    assert status == 200 and body == ""

    file, summary = delivered(fake)
    assert file["filename"] == "director-of-education-technology-draft.md"
    text = file["data"].decode()
    assert text.startswith(f"# {EDTECH} — role expectations (draft)")
    for title in ("Pay band (confidential)", "Career path (confidential)"):
        assert "Not in the role documents" in section(text, title)
    assert not MONEY.search(text)
    assert re.search(r"^- .+ \[1\]$", text, re.M)  # cited bullets

    expected = draft_role(advisor, EDTECH)
    shown = blocks_text(summary["blocks"])
    assert EDTECH in shown
    assert f"{len(expected.sections) - len(expected.not_documented)} of {len(expected.sections)} sections" in shown
    assert f"{len(expected.to_dict()['citations'])} citations" in shown
    missing = re.search(r"Not in the role documents \(add your own\): (.+)\.", shown)
    assert missing and {"Pay band", "Career path", "Education", "Experience"} <= set(missing.group(1).split(", "))
    assert not MONEY.search(shown) and "Confidential" not in shown  # nothing confidential was documented


def test_docx_draft_of_tech_director_holds_the_pay_band_with_its_citation(make_bot, fake: FakeSlack,
                                                                          advisor: Advisor) -> None:
    bot = make_bot(slack_pay_drafts=f"S0NOSUCH, {ASKER}")  # named directly: pay is in the draft
    view = open_form(bot, fake)
    fake.reset()
    status, _ = submit(bot, view, **{BLOCK_ROLE: TECH, BLOCK_FORMAT: "docx", BLOCK_FOCUS: "people leadership"})
    assert status == 200

    file, summary = delivered(fake)
    assert file["filename"] == "tech-director-draft.docx" and file["data"][:2] == b"PK"
    paragraphs = [p.text for p in docx.Document(io.BytesIO(file["data"])).paragraphs]
    [pay] = [p for p in paragraphs if p.startswith("$180,000")]
    n = re.fullmatch(r"\$180,000 - \$275,000\+ \[(\d+)\]", pay)
    assert n, pay
    [source] = [p for p in paragraphs if p.startswith(f"[{n.group(1)}] ")]
    assert "Tech Director › Salary Range" in source and "tech-director.md" in source
    assert any("people leadership" in p for p in paragraphs)

    shown = blocks_text(summary["blocks"])
    assert TECH in shown and "Focus: “people leadership”" in shown
    assert "Pay band and Career path — Confidential" in shown
    assert not MONEY.search(shown)  # the figures stay in the file
    focused = draft_role(advisor, TECH, "people leadership")
    thinned = [s.title for s in focused.sections if s.note and not s.documented]
    undocumented = [s.title for s in focused.sections if not s.note and not s.documented]
    assert thinned  # the documents have hard skills, none about people leadership: not "add your own"
    assert f"nothing in {', '.join(thinned)} relates to it" in shown
    missing = re.search(r"Not in the role documents \(add your own\): (.+)\.", shown)
    assert (missing.group(1).split(", ") if missing else []) == undocumented


def test_compare_delivers_a_markdown_table_with_both_roles(make_bot, fake: FakeSlack, advisor: Advisor) -> None:
    bot = make_bot(slack_pay_drafts="S0MANAGERS")
    view = open_form(bot, fake)
    fake.reset()
    fake.usergroups["S0MANAGERS"] = ["U_BOSS", ASKER]  # a manager: pay is in the comparison
    status, body = submit(bot, view, **{BLOCK_ROLE: EDTECH, BLOCK_MODE: "compare", BLOCK_OTHER: TECH})
    assert status == 200 and body == ""

    file, summary = delivered(fake)
    assert file["filename"] == "director-of-education-technology-vs-tech-director.md"
    text = file["data"].decode()
    assert f"| | {EDTECH} | {TECH} |" in text
    rows = re.findall(r"^\| \*\*(.+?)\*\* \|(.+)\|(.+)\|$", text, re.M)
    assert [r[0] for r in rows] == ["Responsibilities", "Skills", "Education", "Experience", "Pay (confidential)",
                                    "Progression (confidential)"]
    pay = dict((r[0], r) for r in rows)["Pay (confidential)"]
    assert NOT_DOCUMENTED in pay[1] and "$180,000" in pay[2]
    assert f"## What {TECH} needs that {EDTECH}'s documents don't mention" in text

    expected = compare_roles(advisor, EDTECH, TECH)
    shown = blocks_text(summary["blocks"])
    assert f"{EDTECH} → {TECH}" in shown
    assert f"{len(expected.needs)} things {TECH} needs" in shown
    assert "Not in Director of Education Technology's documents: Education, Experience, Pay, Progression." in shown


@pytest.mark.parametrize(("picks", "field", "says"), [
    ({BLOCK_MODE: "compare"}, BLOCK_OTHER, "second role"),
    ({BLOCK_MODE: "compare", BLOCK_OTHER: EDTECH}, BLOCK_OTHER, "other than the first"),
    ({BLOCK_MODE: "compare", BLOCK_OTHER: TECH, BLOCK_FORMAT: "docx"}, BLOCK_FORMAT, "Markdown or JSON"),
])
def test_invalid_form_is_refused_next_to_the_field_and_nothing_is_sent(
        bot: RunningBot, fake: FakeSlack, picks: dict[str, str], field: str, says: str) -> None:
    view = open_form(bot, fake)
    fake.reset()
    status, body = submit(bot, view, **{BLOCK_ROLE: EDTECH, **picks})
    assert status == 200
    reply = json.loads(body)
    assert reply["response_action"] == "errors" and list(reply["errors"]) == [field]
    assert says in reply["errors"][field]
    fake.settle(quiet=0.3)
    assert fake.calls == []


@pytest.mark.parametrize(("method", "status"), [
    ("files.getUploadURLExternal", 200), ("upload", 500), ("files.completeUploadExternal", 200)])
def test_a_failed_upload_is_apologised_for_in_the_dm(bot: RunningBot, fake: FakeSlack, method: str,
                                                     status: int) -> None:
    view = open_form(bot, fake)
    fake.reset()
    fake.fail(method, "internal_error", status=status)
    submit(bot, view, **{BLOCK_ROLE: TECH})
    assert fake.wait_for(lambda f: bool(f.named("chat.postMessage")))
    fake.settle(quiet=0.3)
    [apology] = fake.named("chat.postMessage")
    assert apology.params["channel"] == DM and apology.params["text"] == SORRY_UPLOAD
    assert fake.uploaded() == []


def test_a_role_gone_since_the_form_opened_is_said_in_the_dm(bot: RunningBot, fake: FakeSlack,
                                                              advisor: Advisor) -> None:
    view = open_form(bot, fake)
    fake.reset()
    submit(bot, view, **{BLOCK_ROLE: "Chief Nursing Officer"})
    assert fake.wait_for(lambda f: bool(f.named("chat.postMessage")))
    fake.settle(quiet=0.3)
    assert fake.methods() == ["conversations.open", "chat.postMessage"]
    text = fake.calls[-1].params["text"]
    assert "No role document for “Chief Nursing Officer”" in text and all(t in text for t in advisor.roles)


def test_a_dm_that_cannot_be_opened_still_reaches_the_user(bot: RunningBot, fake: FakeSlack) -> None:
    view = open_form(bot, fake)
    fake.reset()
    fake.fail("conversations.open", "restricted_action")
    submit(bot, view, **{BLOCK_ROLE: TECH})
    assert fake.wait_for(lambda f: bool(f.named("chat.postMessage")))
    fake.settle(quiet=0.3)
    assert fake.methods() == ["conversations.open", "chat.postMessage"]
    assert fake.calls[-1].params["channel"] == ASKER and fake.calls[-1].params["text"] == SORRY_DM


# -- pay only for the people allowed it ------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["md", "json"])
def test_a_draft_for_someone_outside_the_pay_group_has_no_pay_and_says_why(
        make_bot, fake: FakeSlack, fmt: str) -> None:
    bot = make_bot(slack_pay_drafts="S0MANAGERS, U_BOSS")
    view = open_form(bot, fake)
    fake.reset()
    fake.usergroups["S0MANAGERS"] = ["U_BOSS", "U_HR"]
    status, _ = submit(bot, view, **{BLOCK_ROLE: TECH, BLOCK_FORMAT: fmt})
    assert status == 200

    file, summary = delivered(fake)
    assert fake.named("usergroups.users.list")[0].params["usergroup"] == "S0MANAGERS"
    text = file["data"].decode()
    assert not MONEY.search(text), "a pay figure reached a draft for someone outside the pay group"
    assert "Pay is left out" in text and "the people team" in text
    if fmt == "md":
        assert "Pay is left out" in section(text, "Pay band (confidential)")
        assert "Career path (confidential)" in text and "Summary" in text
    shown = blocks_text(summary["blocks"])
    assert "Pay is left out" in shown
    assert "Pay band" not in (re.search(r"add your own\): (.+)\.", shown) or [""])[0]


def test_a_comparison_for_someone_outside_the_pay_group_has_no_pay_row(bot: RunningBot, fake: FakeSlack) -> None:
    view = open_form(bot, fake)
    fake.reset()
    status, _ = submit(bot, view, **{BLOCK_ROLE: EDTECH, BLOCK_MODE: "compare", BLOCK_OTHER: TECH})
    assert status == 200
    file, summary = delivered(fake)
    text = file["data"].decode()
    assert not MONEY.search(text) and "Pay (confidential)" not in text
    assert "Progression (confidential)" in text
    assert "Pay is left out" in blocks_text(summary["blocks"])


def test_a_draft_with_no_pay_documented_carries_no_pay_note(bot: RunningBot, fake: FakeSlack) -> None:
    view = open_form(bot, fake)
    fake.reset()
    submit(bot, view, **{BLOCK_ROLE: EDTECH, BLOCK_FORMAT: "md"})
    file, summary = delivered(fake)
    assert "Pay is left out" not in file["data"].decode() + blocks_text(summary["blocks"])

"""Managers' drafts in Slack: `/role-draft` opens a form (role or level, draft or compare, second role, focus,
format); the draft or comparison arrives in the manager's DM as a file, with a short summary message.

The form is validated when it is submitted (Slack shows the errors next to the fields); the work happens
after the acknowledgement, and whatever fails after that is told to the manager in the DM and logged.
Everything goes to the requester's own DM, so pay bands in a draft are never shown in a channel. Pay is
in it only for the people ADVISOR_SLACK_PAY_DRAFTS names (user groups such as managers or the people team,
or single users); anyone else gets the draft without pay figures, and a note saying why.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from advisor import draft as drafting
from advisor.errors import AdvisorError, IndexMissingError, IndexUnavailableError
from advisor.roles import Role
from advisor.slack.blocks import Block, escape, notice
from advisor.slack.logs import one_line
from advisor.slack.privacy import shows_pay
from advisor.slack.reply import SORRY_BROKEN, SORRY_INDEX, Bot, Place, send_notice

log = logging.getLogger(__name__)

CALLBACK_ID = "advisor_role_draft"
BLOCK_ROLE = "draft_role"
BLOCK_MODE = "draft_mode"
BLOCK_OTHER = "draft_other"
BLOCK_FOCUS = "draft_focus"
BLOCK_FORMAT = "draft_format"
PICK = "pick"
TEXT = "text"

MODES = {"draft": "Draft one role", "compare": "Compare with a second role"}
DRAFT_FORMATS = {"md": "Markdown (.md)", "json": "JSON (.json)", "docx": "Word (.docx)"}
COMPARE_FORMATS = ("md", "json")

MAX_OPTIONS = 100       # Slack's limit for a static_select
OPTION_TEXT = 75        # ... and for an option's text
MAX_FOCUS = 200

NO_ROLES = "There are no role documents yet, so there is nothing to draft. Ask a maintainer to run `advisor ingest`."
SORRY_FORM = "Sorry, I couldn't open the draft form; I've logged the problem. Please try the command again."
SORRY_UPLOAD = "Sorry, I couldn't upload your file; I've logged the problem. Please try again in a moment."
SORRY_DM = "Sorry, I couldn't open our DM to send your file; I've logged the problem. Please try again in a moment."
PAY_WITHHELD = ("Pay is left out: pay bands in drafts go only to the people allowed to see them ({who}). "
                "Ask them if you need it.")


@dataclass(frozen=True)
class DraftRequest:
    """What the form asked for."""

    role: str
    mode: str = "draft"          # draft | compare
    other: str | None = None     # the second role of a comparison
    focus: str | None = None
    fmt: str = "md"


@dataclass(frozen=True)
class Delivery:
    """The file to upload and the message that goes with it."""

    filename: str
    title: str
    content: str | bytes
    summary: str


def register(app: App, bot: Bot) -> None:
    @app.command(bot.settings.slack_draft_command)
    def on_draft_command(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        place = Place(surface="command", team=command.get("team_id", ""), user=command["user_id"],
                      channel=command["channel_id"], private=True)
        try:
            catalog = bot.advisor.roles
        except Exception as exc:  # noqa: BLE001 - the user is told plainly; the cause goes to the log
            log.error("cannot list roles for the draft form: %s", one_line(exc))
            send_notice(client, place, SORRY_INDEX, respond=respond)
            return
        if not catalog:
            send_notice(client, place, escape(NO_ROLES), respond=respond)
            return
        try:
            client.views_open(trigger_id=command["trigger_id"],
                              view=draft_form(catalog, preselect=_preselect(command.get("text", ""), catalog)))
        except SlackApiError as exc:
            log.error("views.open for the draft form failed: %s", _slack_error(exc))
            send_notice(client, place, SORRY_FORM, respond=respond)

    @app.view(CALLBACK_ID)
    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        request = read_form(view.get("state", {}).get("values", {}))
        errors = form_errors(request)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        deliver(bot, client, body["user"]["id"], request)


def draft_form(catalog: Mapping[str, Role], preselect: str | None = None) -> dict[str, Any]:
    """The modal: every field is there at once; the hints say which field applies to which choice."""
    listing = role_options(catalog)
    options = [o for group in listing.get("option_groups", [listing]) for o in group["options"]]
    role_select: Block = {"type": "static_select", "action_id": PICK, **listing, "placeholder": _plain("Pick a role")}
    chosen = next((o for o in options if o["value"] == preselect), None)
    if chosen is not None:
        role_select["initial_option"] = chosen
    modes = [_option(label, key) for key, label in MODES.items()]
    formats = [_option(label, key) for key, label in DRAFT_FORMATS.items()]
    return {
        "type": "modal", "callback_id": CALLBACK_ID,
        "title": _plain("Draft a role"), "submit": _plain("Send to my DMs"), "close": _plain("Cancel"),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": (
                "A draft from our role documents only: every bullet cites its source, and whatever the documents "
                "don't cover is marked for you to fill in. It arrives in your DMs as a file.")}},
            _input(BLOCK_ROLE, "Role", role_select),
            _input(BLOCK_MODE, "What do you need?", {"type": "radio_buttons", "action_id": PICK, "options": modes,
                                                     "initial_option": modes[0]}),
            _input(BLOCK_OTHER, "Second role (to compare with or move to)",
                   {"type": "static_select", "action_id": PICK, **listing,
                    "placeholder": _plain("Pick the second role")},
                   optional=True, hint="Only for a comparison: what it needs that the first role's documents don't "
                                       "mention."),
            _input(BLOCK_FOCUS, "Focus", {"type": "plain_text_input", "action_id": TEXT, "max_length": MAX_FOCUS,
                                          "placeholder": _plain("e.g. people leadership, cloud")},
                   optional=True, hint="Only for a draft: puts what relates to it first."),
            _input(BLOCK_FORMAT, "File format", {"type": "radio_buttons", "action_id": PICK, "options": formats,
                                                 "initial_option": formats[0]},
                   hint="A comparison comes as Markdown or JSON."),
        ],
    }


def read_form(values: Mapping[str, Any]) -> DraftRequest:
    """The submitted state of the form (Slack sends `view.state.values`, keyed by block and action id)."""

    def picked(block: str) -> str | None:
        option = (values.get(block) or {}).get(PICK, {}).get("selected_option") or {}
        return option.get("value") or None

    focus = ((values.get(BLOCK_FOCUS) or {}).get(TEXT, {}).get("value") or "").strip()
    return DraftRequest(role=picked(BLOCK_ROLE) or "", mode=picked(BLOCK_MODE) or "draft", other=picked(BLOCK_OTHER),
                        focus=focus or None, fmt=picked(BLOCK_FORMAT) or "md")


def form_errors(request: DraftRequest) -> dict[str, str]:
    """What Slack should show next to the fields; empty when the request can be made."""
    errors: dict[str, str] = {}
    if not request.role:
        errors[BLOCK_ROLE] = "Pick a role."
    if request.mode not in MODES:
        errors[BLOCK_MODE] = "Choose a draft or a comparison."
    if request.fmt not in DRAFT_FORMATS:
        errors[BLOCK_FORMAT] = "Choose Markdown, JSON or Word."
    if request.mode == "compare":
        if not request.other:
            errors[BLOCK_OTHER] = "Pick the second role to compare with."
        elif request.other == request.role:
            errors[BLOCK_OTHER] = "Pick a role other than the first one."
        if request.focus:
            errors[BLOCK_FOCUS] = "Focus applies to a draft of one role; clear it to compare."
        if request.fmt not in COMPARE_FORMATS:
            errors[BLOCK_FORMAT] = "A comparison comes as Markdown or JSON."
    return errors


def deliver(bot: Bot, client: WebClient, user: str, request: DraftRequest) -> None:
    """Open the DM, make the file, upload it, then post the summary; every failure is told and logged."""
    started = time.perf_counter()
    try:
        channel = client.conversations_open(users=user)["channel"]["id"]
    except SlackApiError as exc:
        log.error("conversations.open for a draft failed: %s", _slack_error(exc))
        _tell(client, user, SORRY_DM)  # a user id as channel reaches the app's DM without opening it
        return
    with_pay = may_see_pay(bot, client, user)
    try:
        delivery = build(bot, request, with_pay=with_pay)
    except drafting.RoleNotFoundError as exc:
        log.info("draft asked for a role without a document")
        _tell(client, channel, escape(str(exc)))
        return
    except (IndexMissingError, IndexUnavailableError) as exc:
        log.error("cannot draft: %s", exc)
        _tell(client, channel, SORRY_INDEX)
        return
    except AdvisorError as exc:
        log.warning("cannot draft: %s", exc)
        _tell(client, channel, f"Sorry, I couldn't make that: {escape(str(exc))}")
        return
    except Exception as exc:  # noqa: BLE001
        log.error("drafting failed: %s", one_line(exc))
        _tell(client, channel, SORRY_BROKEN)
        return
    try:
        client.files_upload_v2(channel=channel, filename=delivery.filename, title=delivery.title,
                               content=delivery.content)
    except (SlackClientError, OSError) as exc:  # OSError: the upload URL itself refused (urllib)
        log.error("uploading %s failed: %s", request.mode, _slack_error(exc))
        _tell(client, channel, SORRY_UPLOAD)
        return
    try:
        message = notice(delivery.summary)
        client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)
    except SlackApiError as exc:  # the file is there; only its summary is missing
        log.error("posting a draft's summary failed: %s", _slack_error(exc))
    log.info("%s delivered", request.mode, extra={"format": request.fmt, "focus": bool(request.focus), "pay": with_pay,
                                                  "latency_ms": round((time.perf_counter() - started) * 1000)})


def build(bot: Bot, request: DraftRequest, *, with_pay: bool = True) -> Delivery:
    """The file and its summary, from advisor.draft (the same code as `advisor draft` / `advisor compare`)."""
    withheld = "" if with_pay else PAY_WITHHELD.format(who=bot.settings.slack_people_name)
    if request.mode == "compare":
        cmp = drafting.compare_roles(bot.advisor, request.role, request.other or "")
        if with_pay or not any(_has_pay(b) for b in cmp.bullets):
            withheld = ""
        else:
            cmp = comparison_without_pay(cmp)
        content = drafting.comparison_json(cmp) if request.fmt == "json" else drafting.comparison_markdown(cmp)
        summary = comparison_summary(cmp) + (f"\n:lock: {escape(withheld)}" if withheld else "")
        return Delivery(filename=f"{drafting.slug(cmp.a)}-vs-{drafting.slug(cmp.b)}.{request.fmt}",
                        title=f"{cmp.a} → {cmp.b}: how the roles compare", content=content, summary=summary)
    draft = drafting.draft_role(bot.advisor, request.role, request.focus, llm=_chat_model(bot))
    if with_pay or not (draft.section("pay").documented or any(_has_pay(b) for b in draft.bullets)):
        withheld = ""
    else:
        draft = draft_without_pay(draft, withheld)
    return Delivery(filename=f"{drafting.slug(draft.role)}-draft.{request.fmt}",
                    title=f"{draft.role} — role expectations (draft)",
                    content=drafting.render_draft(draft, request.fmt), summary=draft_summary(draft, withheld))


def pay_drafters(settings: Any) -> tuple[frozenset[str], tuple[str, ...]]:
    """ADVISOR_SLACK_PAY_DRAFTS as (user ids, user group ids)."""
    ids = [i.strip() for i in settings.slack_pay_drafts.split(",") if i.strip()]
    return frozenset(i for i in ids if not i.startswith("S")), tuple(i for i in ids if i.startswith("S"))


def may_see_pay(bot: Bot, client: WebClient, user: str) -> bool:
    """Whether `user` is named, or is in a named user group; when Slack can't say, the answer is no."""
    users, groups = pay_drafters(bot.settings)
    if user in users:
        return True
    for group in groups:
        try:
            members = client.usergroups_users_list(usergroup=group).get("users") or []
        except SlackApiError as exc:
            log.error("cannot check user group %s for a pay-bearing draft: %s", group, _slack_error(exc))
            continue
        if user in members:
            return True
    return False


def draft_without_pay(draft: drafting.Draft, note: str) -> drafting.Draft:
    """The draft with its pay section emptied (and saying why), and no pay figure anywhere else either."""
    sections = tuple(replace(s, bullets=(), note=note) if s.key == "pay" else
                     replace(s, bullets=tuple(b for b in s.bullets if not _has_pay(b))) for s in draft.sections)
    return replace(draft, sections=sections, records=_records_without_pay(draft.records))


def comparison_without_pay(cmp: drafting.Comparison) -> drafting.Comparison:
    rows = tuple(replace(r, a=tuple(b for b in r.a if not _has_pay(b)), b=tuple(b for b in r.b if not _has_pay(b)))
                 for r in cmp.rows if r.key != "pay")
    return replace(cmp, rows=rows, needs=tuple(n for n in cmp.needs if not _has_pay(n.bullet)),
                   links=tuple(link for link in cmp.links if not _has_pay(link.bullet)),
                   records=_records_without_pay(cmp.records))


def _has_pay(bullet: drafting.Bullet) -> bool:
    return shows_pay(bullet.text, (), False) or shows_pay(bullet.quote, (), False)


def _records_without_pay(records: Mapping[str, Any]) -> dict[str, Any]:
    """A cited chunk's text rides along in JSON; one that also quotes pay keeps its citation, not its text."""
    return {cid: replace(r, text="") if shows_pay(r.text, (), False) else r for cid, r in records.items()}


def draft_summary(draft: drafting.Draft, withheld: str = "") -> str:
    """The short message under the file: what is documented, what is for the manager to fill in."""
    # a note: documented, but left out by --focus, or pay withheld
    covered = [s for s in draft.sections if s.documented or s.note]
    missing = [s.title for s in draft.sections if s not in covered]
    left_out = [s.title for s in covered if not s.documented and not (withheld and s.key == "pay")]
    citations = len(draft.to_dict()["citations"])
    lines = [f"Here is your draft for *{escape(draft.role)}*: {len(covered)} of {len(draft.sections)} sections "
             f"from the role documents, {_count(citations, 'citation')}."]
    if missing:
        lines.append(f"Not in the role documents (add your own): {escape(', '.join(missing))}.")
    if draft.focus:
        lines.append(f"Focus: “{escape(draft.focus)}”"
                     + (f"; nothing in {escape(', '.join(left_out))} relates to it." if left_out else "."))
    if draft.path == "llm":
        lines.append("Wording polished by a chat model and checked against the cited text.")
    secret = [s.title for s in draft.sections if s.confidential and s.documented]
    if secret:
        lines.append(f":lock: {escape(' and '.join(secret))} — {escape(drafting.CONFIDENTIAL)}")
    if withheld:
        lines.append(f":lock: {escape(withheld)}")
    return "\n".join(lines)


def comparison_summary(cmp: drafting.Comparison) -> str:
    citations = len(cmp.to_dict()["citations"])
    lines = [f"Here is *{escape(cmp.a)} → {escape(cmp.b)}* side by side "
             f"({', '.join(r.title.split(' (')[0].lower() for r in cmp.rows)}), {_count(citations, 'citation')}."]
    for name, side in ((cmp.a, "a"), (cmp.b, "b")):
        gaps = [r.title.split(" (")[0] for r in cmp.rows if not getattr(r, side)]
        if side == "a" and not cmp.a_documented:
            lines.append(f"{escape(name)} has no role document.")
        elif gaps:
            lines.append(f"Not in {escape(name)}'s documents: {escape(', '.join(gaps))}.")
    lines.append(f"{_count(len(cmp.needs), 'thing')} {escape(cmp.b)} needs that {escape(cmp.a)}'s documents "
                 "don't mention.")
    if any(r.a or r.b for r in cmp.rows if r.key in ("pay", "progression")):
        lines.append(f":lock: Pay and progression — {escape(drafting.CONFIDENTIAL)}")
    return "\n".join(lines)


def _chat_model(bot: Bot) -> Any:
    """The advisor's chat model (ADVISOR_LLM), shared with answers; a broken one leaves the documents' words."""
    from advisor.generate import model_for

    try:
        return model_for(bot.advisor)
    except AdvisorError as exc:
        log.warning("drafting without the chat model: %s", exc)
        return None


def _preselect(text: str, catalog: Mapping[str, Role]) -> str | None:
    """`/role-draft Tech Director` opens the form with that role already picked."""
    if not text.strip():
        return None
    try:
        return drafting.resolve_role(text, catalog).title
    except drafting.RoleNotFoundError:
        return None


def _tell(client: WebClient, channel: str, text: str) -> None:
    message = notice(text)
    try:
        client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)
    except SlackApiError as exc:
        log.error("could not tell the user about a failed draft either: %s", _slack_error(exc))


def role_options(catalog: Mapping[str, Role]) -> Block:
    """The roles to pick from: a flat list, or, when documents describe levels, one group per family with the
    whole family first and its levels in ladder order (Slack's option groups), then the roles without levels."""
    families = [r for r in catalog.values() if not r.level]
    ladders = {f.title: sorted((r for r in catalog.values() if r.level and r.family == f.title), key=lambda r: r.rank)
               for f in families}
    if not any(ladders.values()):
        if len(catalog) > MAX_OPTIONS:
            log.warning("the draft form lists the first %d of %d roles (Slack's limit)", MAX_OPTIONS, len(catalog))
        return {"options": [_option(title) for title in list(catalog)[:MAX_OPTIONS]]}
    groups: list[Block] = []
    single = [f for f in families if not ladders[f.title]]
    if single:
        groups.append({"label": _plain("Roles"), "options": [_option(f.title) for f in single]})
    for family in families:
        levels = ladders[family.title]
        if levels:
            shown = [_option(f"{family.title} (all levels)", family.title)]
            shown += [_option(r.title if r.level in r.title else f"{r.title} ({r.level})", r.title) for r in levels]
            groups.append({"label": _plain(_short(family.title)), "options": shown})
    listed, kept = 0, []
    for group in groups:
        room = MAX_OPTIONS - listed
        if room <= 0:
            break
        kept.append({**group, "options": group["options"][:room]})
        listed += len(kept[-1]["options"])
    if listed < len(catalog):
        log.warning("the draft form lists %d of %d roles and levels (Slack's limit)", listed, len(catalog))
    return {"option_groups": kept}


def _short(text: str) -> str:
    return text if len(text) <= OPTION_TEXT else text[:OPTION_TEXT - 1].rstrip() + "…"


def _input(block_id: str, label: str, element: Block, *, optional: bool = False, hint: str = "") -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": _plain(label), "element": element,
                    "optional": optional}
    if hint:
        block["hint"] = _plain(hint)
    return block


def _option(text: str, value: str | None = None) -> Block:
    return {"text": _plain(_short(text)), "value": value or text}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _slack_error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError) and exc.response is not None:
        return f"{exc.response.get('error')} (HTTP {exc.response.status_code})"
    return f"{type(exc).__name__}: {exc}"

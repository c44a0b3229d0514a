"""Block Kit for answers: the answer text, one compact context line per cited source, and the buttons.

Slack limits a section's text to 3,000 characters and a message to 50 blocks; a long answer is split
between its lines (or, for one huge line, between words), so a citation marker like [2] is never cut,
and each message carries the source lines of the markers it contains. Everything quoted from a
document or a user is mrkdwn-escaped, so `<`, `>` and `&` can never become a mention or a link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from advisor.answer import Citation

ACTION_UP = "advisor_feedback_up"
ACTION_DOWN = "advisor_feedback_down"
ACTION_HANDOFF = "advisor_handoff"
ACTION_SHARE = "advisor_share"
FEEDBACK_ACTIONS = {ACTION_UP: "up", ACTION_DOWN: "down"}

SECTION_LIMIT = 3000
BLOCK_LIMIT = 50
CONTEXT_LIMIT = 10  # elements in one context block
FALLBACK_LIMIT = 3000

_MARKER = re.compile(r"\[(\d+)\]")

Block = dict[str, Any]


@dataclass(frozen=True)
class Message:
    """One chat message: `text` is the notification/accessibility fallback, `blocks` what people see."""

    text: str
    blocks: list[Block]


def escape(text: str) -> str:
    """Slack's three mrkdwn control characters, as Slack documents them."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(people: str, fallback: str) -> str:
    """How to tag the configured person or group: a user group id (S…) or a user id (U…/W…)."""
    people = people.strip()
    if re.fullmatch(r"S[A-Z0-9]+", people):
        return f"<!subteam^{people}>"
    if re.fullmatch(r"[UW][A-Z0-9]+", people):
        return f"<@{people}>"
    return escape(fallback)


def citation_line(citation: Citation) -> str:
    """[n] Role › Section · document · updated date — the section path already starts with the role."""
    path = citation.section if citation.section.startswith(citation.role) else f"{citation.role} › {citation.section}"
    parts = [f"[{citation.n}] {path}", PurePath(citation.source).name]
    if citation.updated:
        parts.append(f"updated {citation.updated}")
    return escape(" · ".join(parts))


def answer_messages(text: str, citations: Sequence[Citation], *, answer_id: str, abstained: bool = False,
                    people_name: str = "the people team", note: str = "", heading: str = "",
                    share: bool = False, buttons: bool = True) -> list[Message]:
    """The answer as one message, or several when Slack's limits demand it; buttons go on the last one."""
    lines = [escape(line) for line in text.split("\n") if line.strip()]
    if abstained:
        lines.append(f"I can bring in {escape(people_name)} if you like: press *Ask a person*.")
    sections = _pack(lines)
    by_n = {c.n: c for c in citations}
    tail: list[Block] = []
    if note:
        tail.append(_context([note]))
    if buttons:
        tail.append(_actions(answer_id, share))
    head: list[Block] = [_context([heading])] if heading else []

    messages: list[list[Block]] = []
    current: list[Block] = list(head)
    shown: set[int] = set()
    for section in sections:
        wanted = [by_n[n] for n in _markers(section) if n in by_n and n not in shown]
        extra = [_section(section)] + _citation_contexts(wanted)
        if current and len(current) + len(extra) + len(tail) > BLOCK_LIMIT:
            messages.append(current)
            current = []
        current.extend(extra)
        shown.update(c.n for c in wanted)
    leftover = [c for c in citations if c.n not in shown]
    if leftover:
        extra = _citation_contexts(leftover)
        if len(current) + len(extra) + len(tail) > BLOCK_LIMIT:
            messages.append(current)
            current = []
        current.extend(extra)
    current.extend(tail)
    messages.append(current)

    fallback = escape(text)
    out = []
    for i, blocks in enumerate(messages):
        label = fallback if i == 0 else "(continued)"
        out.append(Message(text=_truncate(label, FALLBACK_LIMIT), blocks=blocks))
    return out


def notice(text: str) -> Message:
    """A short message already in safe mrkdwn (callers escape what users or documents wrote)."""
    return Message(text=_truncate(text, FALLBACK_LIMIT), blocks=[_section(_truncate(text, SECTION_LIMIT))])


def _pack(lines: list[str]) -> list[str]:
    """Greedily join lines into sections of at most SECTION_LIMIT characters; split a longer line between words."""
    pieces: list[str] = []
    for line in lines:
        pieces.extend(_split_line(line) if len(line) > SECTION_LIMIT else [line])
    sections: list[str] = []
    for piece in pieces:
        if sections and len(sections[-1]) + 1 + len(piece) <= SECTION_LIMIT:
            sections[-1] += "\n" + piece
        else:
            sections.append(piece)
    return sections or [""]


def _split_line(line: str) -> list[str]:
    out: list[str] = []
    current = ""
    for word in re.split(r"(?<=\s)", line):
        while len(word) > SECTION_LIMIT:  # one enormous token: cut it, nothing smaller exists
            if current:
                out.append(current.rstrip())
                current = ""
            out.append(word[:SECTION_LIMIT])
            word = word[SECTION_LIMIT:]
        if len(current) + len(word) > SECTION_LIMIT:
            out.append(current.rstrip())
            current = ""
        current += word
    if current.strip():
        out.append(current.rstrip())
    return out


def _markers(text: str) -> list[int]:
    seen: list[int] = []
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        if n not in seen:
            seen.append(n)
    return seen


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text or " "}}


def _context(texts: list[str]) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _truncate(t, SECTION_LIMIT)} for t in texts]}


def _citation_contexts(citations: Sequence[Citation]) -> list[Block]:
    lines = [citation_line(c) for c in citations]
    return [_context(lines[i:i + CONTEXT_LIMIT]) for i in range(0, len(lines), CONTEXT_LIMIT)]


def _button(text: str, action_id: str, value: str, style: str | None = None, label: str | None = None) -> Block:
    button: Block = {"type": "button", "text": {"type": "plain_text", "text": text, "emoji": True},
                     "action_id": action_id, "value": value}
    if style:
        button["style"] = style
    if label:
        button["accessibility_label"] = label
    return button


def _actions(answer_id: str, share: bool) -> Block:
    elements = [
        _button("👍", ACTION_UP, answer_id, label="This answer helped"),
        _button("👎", ACTION_DOWN, answer_id, label="This answer did not help"),
        _button("Ask a person", ACTION_HANDOFF, answer_id),
    ]
    if share:
        elements.append(_button("Share in channel", ACTION_SHARE, answer_id, style="primary"))
    return {"type": "actions", "block_id": "advisor_answer_actions", "elements": elements}


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

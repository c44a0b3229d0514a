"""Block Kit for answers: the direct sentence, lists as real bullets, the cited sources, and the buttons.

The answer text (advisor/compose.py) is read line by line: the first line is the direct sentence, a run of
"• " lines becomes a rich_text bulleted list with labels in bold, and the cited sources follow in one compact
context block. Slack limits a section's text to 3,000 characters, a context block to 10 elements and a message
to 50 blocks; a long answer is split between its lines (or, for one huge line, between words), so a citation
marker like [2] is never cut, and each message carries the source lines of the markers it contains. Everything quoted from a
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
LIST_ITEMS = 20  # bullets in one rich_text list; a longer run continues in the next block

BULLET = "• "  # how advisor/compose.py writes a list item
_LABEL = re.compile(r"^([^:*_~`\[\]·]{1,60}?):\s+(\S.*)$")  # "Cloud Architecture: Deep knowledge…"

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
    """The answer as one message, or several when Slack's limits demand it; buttons go on the last one.

    The direct sentence comes first, in its own section; a run of "• " lines becomes a real bulleted list (a
    rich_text list) with each item's label in bold; the sources of the markers a message shows follow as one
    compact context block."""
    body = _body(text)
    if abstained:
        body.append(_section(f"I can bring in {escape(people_name)} if you like: press *Ask a person*."))
    by_n = {c.n: c for c in citations}
    tail: list[Block] = []
    if note:
        tail.append(_context([note]))
    if buttons:
        tail.append(_actions(answer_id, share))
    head: list[Block] = [_context([heading])] if heading else []

    messages: list[list[Block]] = []
    current: list[Block] = list(head)
    wanted: list[Citation] = []  # sources of the markers in `current`, shown after it
    shown: set[int] = set()
    for block in body:
        new = [by_n[n] for n in _markers(_block_text(block)) if n in by_n and n not in shown
               and by_n[n] not in wanted]
        if current and len(current) + 1 + _contexts_needed(len(wanted) + len(new)) + len(tail) > BLOCK_LIMIT:
            messages.append(current + _citation_contexts(wanted))
            shown.update(c.n for c in wanted)
            current, wanted = [], [c for c in new if c.n not in shown]
        else:
            wanted += new
        current.append(block)
    wanted += [c for c in citations if c.n not in shown and c not in wanted]
    if current and len(current) + _contexts_needed(len(wanted)) + len(tail) > BLOCK_LIMIT:
        messages.append(current)
        current = []
    current += _citation_contexts(wanted) + tail
    messages.append(current)

    fallback = escape(text)
    out = []
    for i, blocks in enumerate(messages):
        label = fallback if i == 0 else "(continued)"
        out.append(Message(text=_truncate(label, FALLBACK_LIMIT), blocks=blocks))
    return out


def _body(text: str) -> list[Block]:
    """Sections for sentences (each paragraph within SECTION_LIMIT), rich_text lists for runs of bullets."""
    blocks: list[Block] = []
    prose: list[str] = []
    items: list[str] = []

    def flush_prose() -> None:
        if prose:
            blocks.extend(_section(s) for s in _pack(prose))
        prose.clear()

    def flush_items() -> None:
        for i in range(0, len(items), LIST_ITEMS):
            blocks.append(_bullet_list(items[i:i + LIST_ITEMS]))
        items.clear()

    for line in (line.strip() for line in text.split("\n")):
        if not line:
            continue
        if line.startswith(BULLET.strip()):
            flush_prose()
            items.append(line[1:].strip())
            continue
        flush_items()
        if not blocks and not prose:  # the direct sentence stands alone, as written
            prose.append(escape(line))
            flush_prose()
            continue
        prose.append(_emphasise(escape(line)))
    flush_prose()
    flush_items()
    return blocks or [_section("")]


def _emphasise(line: str) -> str:
    """A list's lead line ("A Tech Director's primary functions [2]:") or a "Role: …" label, in bold."""
    if line.endswith(":"):
        return f"*{line[:-1].rstrip()}*:"
    m = _LABEL.match(line)
    return f"*{m.group(1)}:* {m.group(2)}" if m else line


def _bullet_list(items: Sequence[str]) -> Block:
    """A rich_text bulleted list; an item's "Label:" in bold, a "…and N more" pointer in italics. Rich text is
    literal (a mention or a link is an element of its own), so nothing here is escaped or parsed."""
    elements = []
    for item in items:
        item = _truncate(item, SECTION_LIMIT)
        m = _LABEL.match(item)
        key = item.split(" · ", 1) if " · " in item else []
        if item.startswith("…"):
            parts: list[Block] = [{"type": "text", "text": item, "style": {"italic": True}}]
        elif key:  # a table row "L3 · Title: Senior Engineer · Salary: …": its first cell in bold
            parts = [{"type": "text", "text": key[0], "style": {"bold": True}},
                     {"type": "text", "text": " · " + key[1]}]
        elif m:
            parts = [{"type": "text", "text": m.group(1) + ":", "style": {"bold": True}},
                     {"type": "text", "text": " " + m.group(2)}]
        else:
            parts = [{"type": "text", "text": item}]
        elements.append({"type": "rich_text_section", "elements": parts})
    return {"type": "rich_text", "elements": [{"type": "rich_text_list", "style": "bullet", "elements": elements}]}


def _block_text(block: Block) -> str:
    if block["type"] == "section":
        return str(block["text"]["text"])
    if block["type"] == "rich_text":
        return " ".join(e["text"] for lst in block["elements"] for sec in lst["elements"] for e in sec["elements"])
    return ""


def _contexts_needed(citations: int) -> int:
    return -(-citations // CONTEXT_LIMIT)


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
    """One element per cited section: "[1][2] Tech Director › Soft Skills · tech-director.md" when a list's chunks
    share their section."""
    merged: dict[str, list[int]] = {}
    for c in citations:
        merged.setdefault(citation_line(Citation(0, c.role, c.section, c.source, "", c.updated))[4:], []).append(c.n)
    lines = ["".join(f"[{n}]" for n in ns) + " " + rest for rest, ns in merged.items()]
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

"""Render Block Kit messages to a rough HTML picture of how Slack shows them, to look at a change of shape.

    .venv/bin/python -m tests.slack_preview OUT_DIR            # one HTML page per fixture in tests/fixtures/slack_blocks
    chromium --headless --screenshot=OUT.png --window-size=760,900 OUT_DIR/list.html

Covers the blocks the advisor posts: section (mrkdwn), rich_text lists, context, actions. Not Slack's renderer:
a reviewer's aid, not a test of Slack.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).with_name("fixtures") / "slack_blocks"

_STYLE = """
body { font: 15px/1.46 -apple-system, "Segoe UI", Lato, sans-serif; color: #1d1c1d; margin: 0; background: #fff; }
.msg { display: flex; gap: 8px; padding: 8px 20px; max-width: 720px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #4a154b; flex: none; }
.name { font-weight: 900; } .app { font-size: 10px; background: #ddd; padding: 1px 3px; border-radius: 2px; }
.note { color: #616061; font-size: 13px; margin-bottom: 4px; }
.section { margin: 4px 0; white-space: pre-wrap; }
ul { margin: 4px 0; padding-left: 24px; } li { margin: 2px 0; }
.context { color: #616061; font-size: 12px; margin: 6px 0; }
.context span + span::before { content: " · "; }
.actions button { font: inherit; font-size: 13px; font-weight: 700; border: 1px solid #bbb; background: #fff;
  border-radius: 4px; padding: 3px 10px; margin: 6px 6px 0 0; }
.actions button.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
code { background: #f4f4f4; border: 1px solid #ddd; border-radius: 3px; padding: 0 2px; }
"""


def mrkdwn(text: str) -> str:
    """Slack mrkdwn (already escaped &, <, >) as HTML: *bold*, _italic_, ~strike~, `code`."""
    out = text  # Slack's escapes are HTML's
    out = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"<b>\1</b>", out)
    out = re.sub(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])", r"<i>\1</i>", out)
    out = re.sub(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])", r"<s>\1</s>", out)
    return re.sub(r"`([^`\n]+)`", r"<code>\1</code>", out)


def _rich(elements: list[dict[str, Any]]) -> str:
    parts = []
    for e in elements:
        text = html.escape(e.get("text", ""))
        style = e.get("style", {})
        if style.get("bold"):
            text = f"<b>{text}</b>"
        if style.get("italic"):
            text = f"<i>{text}</i>"
        parts.append(text)
    return "".join(parts)


def block_html(block: dict[str, Any]) -> str:
    kind = block["type"]
    if kind == "section":
        return f'<div class="section">{mrkdwn(block["text"]["text"])}</div>'
    if kind == "context":
        return '<div class="context">' + "".join(f"<span>{mrkdwn(e['text'])}</span>" for e in block["elements"]) + \
            "</div>"
    if kind == "rich_text":
        out = []
        for element in block["elements"]:
            if element["type"] == "rich_text_list":
                tag = "ol" if element.get("style") == "ordered" else "ul"
                items = "".join(f"<li>{_rich(s['elements'])}</li>" for s in element["elements"])
                out.append(f"<{tag}>{items}</{tag}>")
            else:
                out.append(f'<div class="section">{_rich(element["elements"])}</div>')
        return "".join(out)
    if kind == "actions":
        buttons = "".join(f'<button class="{b.get("style", "")}">{html.escape(b["text"]["text"])}</button>'
                          for b in block["elements"])
        return f'<div class="actions">{buttons}</div>'
    return f"<pre>{html.escape(json.dumps(block))}</pre>"


def page(messages: list[list[dict[str, Any]]], title: str = "", ephemeral: bool = False) -> str:
    body = []
    for blocks in messages:
        note = '<div class="note">Only visible to you</div>' if ephemeral else ""
        inner = "".join(block_html(b) for b in blocks)
        body.append(f'<div class="msg"><div class="avatar"></div><div>{note}<span class="name">Role Advisor</span> '
                    f'<span class="app">APP</span>{inner}</div></div>')
    return f"<!doctype html><meta charset=utf-8><title>{html.escape(title)}</title><style>{_STYLE}</style>" + \
        "".join(body)


def main(out: str) -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        target = folder / f"{path.stem}.html"
        target.write_text(page(data["messages"], path.stem, data.get("ephemeral", False)), encoding="utf-8")
        print(target)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "slack-preview")

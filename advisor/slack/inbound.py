"""What arrives at the HTTP endpoint is untrusted until its signature checks out, so the order is fixed:
verify the signature on the raw bytes, then decode and parse, then check the payload has the shape the
listeners rely on. Each step rejects with a status and a reason fit for a one-line log (never the body).

  unsigned, forged or stale (any body at all) → 401
  signed but not a Slack payload we can read   → 400
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

MAX_BODY_BYTES = 1_000_000  # Slack's largest payloads (a modal's state, a long message's blocks) are far smaller
MAX_AGE_SECONDS = 5 * 60    # Slack's own replay window


@dataclass(frozen=True)
class Rejection:
    status: int
    reason: str  # for the log: what was wrong, never what was sent


def header(headers: Mapping[str, str | Sequence[str]], name: str) -> str:
    value = headers.get(name.lower(), "")
    if not isinstance(value, str):
        value = value[0] if value else ""
    return value


def verify(raw: bytes, headers: Mapping[str, str | Sequence[str]], secret: str, *, now: float | None = None
           ) -> Rejection | None:
    """None when the request is signed with `secret` within the last five minutes."""
    timestamp = header(headers, "x-slack-request-timestamp")
    signature = header(headers, "x-slack-signature")
    if not timestamp or not signature:
        return Rejection(401, "no signature")
    try:
        stamp = int(timestamp)
    except ValueError:
        return Rejection(401, "a timestamp that is not a number")
    current = time.time() if now is None else now
    if abs(current - stamp) > MAX_AGE_SECONDS:
        return Rejection(401, "a stale or future timestamp")
    expected = "v0=" + hmac.new(secret.encode(), b"v0:%d:" % stamp + raw, hashlib.sha256).hexdigest()
    if not secret or not hmac.compare_digest(expected, signature):  # bytes: the SDK's verifier decodes first
        return Rejection(401, "a signature that does not match")
    return None


def parse(raw: bytes, content_type: str) -> dict[str, Any] | Rejection:
    """The payload of a verified request: JSON (events) or a form (commands; interactions in `payload`)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Rejection(400, "a body that is not UTF-8")
    try:
        if content_type.split(";")[0] == "application/json" or text.startswith("{"):  # as Bolt decides
            body: Any = json.loads(text)
        else:
            form = dict(parse_qsl(text, keep_blank_values=True))
            body = json.loads(form["payload"]) if "payload" in form else form
    except (ValueError, RecursionError):
        return Rejection(400, "a body that is not valid JSON or form data")
    if not isinstance(body, dict):
        return Rejection(400, f"a payload that is a JSON {type(body).__name__}, not an object")
    problem = shape_problem(body)
    return Rejection(400, problem) if problem else body


def shape_problem(body: Mapping[str, Any]) -> str | None:
    """What is missing from a payload for the listeners (and Bolt) to read it safely; None when it is fine.

    Only the fields the app and Bolt's routing index into are checked; anything else Slack adds is left alone.
    """
    kind = body.get("type")
    if kind is not None and not isinstance(kind, str):
        return "a payload whose type is not a string"
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict):
            return "an event that is not an object"
        if not isinstance(event.get("type"), str):
            return "an event without a type"
        if event["type"] in ("app_mention", "message") and not _strings(event, "channel", "ts"):
            return f"a {event['type']} event without its channel or ts"
        for key in ("message", "previous_message", "assistant_thread", "item"):
            if key in event and not isinstance(event[key], dict):
                return f"a {event['type']} event whose {key} is not an object"
        if event["type"].startswith("assistant_thread_") and not _strings(event.get("assistant_thread") or {},
                                                                          "channel_id", "thread_ts"):
            return f"an {event['type']} event without its channel or thread"
    elif "command" in body and kind is None:
        if not _strings(body, "command", "user_id", "channel_id"):
            return "a slash command without its user or channel"
    elif kind in ("block_actions", "view_submission", "view_closed", "shortcut", "message_action",
                  "block_suggestion", "interactive_message"):
        user = body.get("user")
        if not isinstance(user, dict) or not isinstance(user.get("id"), str) or not user["id"]:
            return f"a {kind} payload without its user"
        for key in ("team", "channel", "container", "view", "message"):
            if body.get(key) is not None and not isinstance(body[key], dict):
                return f"a {kind} payload whose {key} is not an object"
        actions = body.get("actions")
        if kind == "block_actions" and (not isinstance(actions, list) or not actions
                                        or not all(isinstance(a, dict) and isinstance(a.get("action_id"), str)
                                                   for a in actions)):
            return "a click without its action"
    return None


def _strings(mapping: Mapping[str, Any], *keys: str) -> bool:
    return all(isinstance(mapping.get(k), str) and mapping[k] for k in keys)

"""A fake Slack Web API on 127.0.0.1 that records every call and answers like Slack does, and a driver that
runs the real app in HTTP mode on loopback and POSTs signed requests to it.

The real app talks to it through `WebClient(base_url=fake.api_url)`; response_url posts (slash commands,
button clicks) go to `fake.url + "/hooks/..."`. It remembers the messages posted, so
`conversations.replies` returns a real thread, and it can be told to fail a method (an `ok: false`
error, an HTTP 5xx, or a 429 with Retry-After) a number of times. Files go through Slack's external upload
(files.getUploadURLExternal, a POST of the bytes to the upload URL it returns, recorded as method
"upload", then files.completeUploadExternal); `fake.files` keeps what was uploaded.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from advisor.engine import Advisor
from advisor.settings import Settings, load_settings
from advisor.slack.app import build_app
from advisor.slack.serve import http_server
from advisor.store import Store

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T0001"
_JSON_FIELDS = ("blocks", "attachments", "prompts", "metadata")


@dataclass
class Call:
    method: str  # "chat.postMessage", ... or "response_url"
    params: dict[str, Any]
    path: str
    token: str | None


@dataclass
class Failure:
    error: str
    status: int = 200
    times: int = 1
    retry_after: int = 0


@dataclass
class FakeSlack:
    token: str = "xoxb-test-token"
    calls: list[Call] = field(default_factory=list)
    threads: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    failures: dict[str, Failure] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # file id → filename, length, data, channel…
    usergroups: dict[str, list[str]] = field(default_factory=dict)  # user group id → its members' user ids

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> "FakeSlack":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, headers, body = fake._handle(self.path, self.headers, raw)
                data = body.encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True, name="fake-slack").start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.threads.clear()
            self.failures.clear()
            self.files.clear()
            self.usergroups.clear()

    # -- test controls -----------------------------------------------------------------------------
    def fail(self, method: str, error: str = "internal_error", *, status: int = 200, times: int = 1,
             retry_after: int = 0) -> None:
        with self._lock:
            self.failures[method] = Failure(error, status, times, retry_after)

    def add_message(self, channel: str, ts: str, text: str, *, user: str = "U_ASKER", thread_ts: str | None = None,
                    bot: bool = False) -> None:
        """A message a person (or another bot) wrote, as Slack would store it."""
        message: dict[str, Any] = {"type": "message", "ts": ts, "text": text, "thread_ts": thread_ts or ts}
        message.update({"bot_id": "BOTHER", "subtype": "bot_message"} if bot else {"user": user})
        with self._lock:
            self.threads.setdefault((channel, thread_ts or ts), []).append(message)

    def named(self, *methods: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method in methods]

    def uploaded(self) -> list[dict[str, Any]]:
        """Files whose upload was completed (shared into a conversation), in upload order."""
        with self._lock:
            return [{"id": fid, **record} for fid, record in self.files.items() if record.get("completed")]

    def methods(self) -> list[str]:
        with self._lock:
            return [c.method for c in self.calls]

    def wait_for(self, predicate: Callable[["FakeSlack"], bool], timeout: float = 20.0) -> bool:
        """Wait until the recorded calls satisfy `predicate` (listeners answer after the ack)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self):
                return True
            time.sleep(0.02)
        return predicate(self)

    def settle(self, quiet: float = 0.4, timeout: float = 20.0) -> None:
        """Wait until no call has arrived for `quiet` seconds: nothing more is on its way."""
        deadline = time.monotonic() + timeout
        seen = -1
        while time.monotonic() < deadline:
            with self._lock:
                count = len(self.calls)
            if count == seen:
                return
            seen = count
            time.sleep(quiet)

    # -- the API -----------------------------------------------------------------------------------
    def _handle(self, path: str, headers: Any, data: bytes) -> tuple[int, dict[str, str], str]:
        if path.startswith("/upload/"):
            return self._upload(path, data)
        raw = data.decode()
        content_type = headers.get("Content-Type", "")
        params: dict[str, Any] = json.loads(raw) if "json" in content_type and raw else dict(parse_qsl(raw))
        for key in _JSON_FIELDS:
            if isinstance(params.get(key), str):
                try:
                    params[key] = json.loads(params[key])
                except ValueError:
                    pass
        auth = headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        method = path.removeprefix("/api/").split("?")[0] if path.startswith("/api/") else "response_url"
        with self._lock:
            self.calls.append(Call(method, params, path, token))
            failure = self._take_failure(method)
        if failure is not None:
            if failure.status == 429:
                return 429, {"Retry-After": str(failure.retry_after), "Content-Type": "application/json"}, \
                    json.dumps({"ok": False, "error": "ratelimited"})
            if method == "response_url":
                return failure.status if failure.status != 200 else 404, {}, failure.error
            body = json.dumps({"ok": False, "error": failure.error})
            return failure.status, {"Content-Type": "application/json"}, body
        if method == "response_url":
            return 200, {"Content-Type": "text/plain"}, "ok"
        if token != self.token and method != "apps.connections.open":
            return 200, {"Content-Type": "application/json"}, json.dumps({"ok": False, "error": "invalid_auth"})
        return 200, {"Content-Type": "application/json"}, json.dumps(self._answer(method, params))

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.test/", "team": "Fake", "user": "advisor", "team_id": TEAM,
                    "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "chat.postMessage":
            ts = self._next_ts()
            thread = params.get("thread_ts") or ts
            message = {"type": "message", "ts": ts, "text": params.get("text", ""), "user": BOT_USER, "bot_id": BOT_ID,
                       "thread_ts": thread, "blocks": params.get("blocks", [])}
            with self._lock:
                self.threads.setdefault((params.get("channel", ""), thread), []).append(message)
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "conversations.replies":
            with self._lock:
                messages = list(self.threads.get((params.get("channel", ""), params.get("ts", "")), []))
            if not messages:
                return {"ok": False, "error": "thread_not_found"}
            limit = int(params.get("limit") or 1000)
            messages.sort(key=lambda m: float(m["ts"]))
            return {"ok": True, "messages": messages[:limit], "has_more": len(messages) > limit,
                    "response_metadata": {"next_cursor": ""}}
        if method in ("assistant.threads.setStatus", "assistant.threads.setSuggestedPrompts",
                      "assistant.threads.setTitle"):
            return {"ok": True}
        if method == "apps.connections.open":
            return {"ok": False, "error": "invalid_auth"}
        if method == "views.open":
            return self._views_open(params)
        if method == "conversations.open":
            users = str(params.get("users") or "")
            if not users or "," in users:
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True, "channel": {"id": dm_channel(users)}}
        if method == "files.getUploadURLExternal":
            if not params.get("filename") or not str(params.get("length") or "").isdigit():
                return {"ok": False, "error": "invalid_arguments"}
            file_id = f"F{next(self._ts):08d}"
            with self._lock:
                self.files[file_id] = {"filename": params["filename"], "length": int(params["length"]), "data": None}
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            return self._complete_upload(params)
        if method == "usergroups.users.list":
            with self._lock:
                members = self.usergroups.get(str(params.get("usergroup") or ""))
            return {"ok": False, "error": "no_such_subteam"} if members is None else {"ok": True, "users": members}
        return {"ok": False, "error": "unknown_method"}

    def _take_failure(self, method: str) -> Failure | None:
        """The failure set for `method`, counted down (call with the lock held)."""
        failure = self.failures.get(method)
        if failure is not None:
            failure.times -= 1
            if failure.times <= 0:
                del self.failures[method]
        return failure

    def _views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        """Checks the limits Slack enforces on a modal, so a view Slack would refuse fails here too."""
        view = params.get("view")
        if not params.get("trigger_id") or not isinstance(view, dict) or view.get("type") != "modal":
            return {"ok": False, "error": "invalid_arguments"}
        ids = [b["block_id"] for b in view.get("blocks", []) if "block_id" in b]
        too_long = any(len((view.get(k) or {}).get("text", "")) > 24 for k in ("title", "submit", "close"))
        selects = [b["element"] for b in view.get("blocks", []) if b.get("type") == "input"
                   and b["element"]["type"] in ("static_select", "radio_buttons")]
        bad_options = any(len(e.get("options", [])) > 100 or any(len(o["text"]["text"]) > 75 or len(o["value"]) > 150
                                                                 for o in e.get("options", [])) for e in selects)
        if len(ids) != len(set(ids)) or too_long or bad_options or len(view.get("blocks", [])) > 100:
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": {**view, "id": f"V{next(self._ts):08d}", "state": {"values": {}}}}

    def _upload(self, path: str, data: bytes) -> tuple[int, dict[str, str], str]:
        """The upload URL files.getUploadURLExternal handed out: takes the raw bytes, no token."""
        file_id = path.removeprefix("/upload/")
        with self._lock:
            self.calls.append(Call("upload", {"file_id": file_id, "length": len(data)}, path, None))
            failure = self._take_failure("upload")
            known = file_id in self.files
            if failure is None and known:
                self.files[file_id]["data"] = data
        if failure is not None:
            return failure.status if failure.status != 200 else 500, {"Content-Type": "text/plain"}, failure.error
        if not known:
            return 404, {"Content-Type": "text/plain"}, "not found"
        return 200, {"Content-Type": "text/plain"}, f"OK - {len(data)}"

    def _complete_upload(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            wanted = json.loads(params.get("files") or "[]")
        except ValueError:
            return {"ok": False, "error": "invalid_arguments"}
        done = []
        with self._lock:
            for item in wanted:
                record = self.files.get(item.get("id", ""))
                if record is None or record["data"] is None or len(record["data"]) != record["length"]:
                    return {"ok": False, "error": "file_not_found"}
                record.update(title=item.get("title"), channel=params.get("channel_id"),
                              initial_comment=params.get("initial_comment"), completed=True)
                done.append({"id": item["id"], "name": record["filename"], "title": item.get("title"),
                             "size": record["length"]})
        return {"ok": True, "files": done}

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"


def dm_channel(user: str) -> str:
    """The DM conversations.open gives for a user: U_ASKER → D_ASKER (what `RunningBot.dm` uses)."""
    return "D" + user[1:] if user.startswith("U") else "D" + user


# -- the app under test: HTTP mode on loopback, driven by signed requests -------------------------------

SECRET = "test-signing-secret"
ASKER = "U_ASKER"
PEOPLE = "S0PEOPLE"
_ids = itertools.count(1)


def slack_settings(seeded: Settings, fake: FakeSlack, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": seeded.data_dir, "knowledge_dir": seeded.knowledge_dir,
        "SLACK_BOT_TOKEN": fake.token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url,
        "store_url": f"sqlite:///{tmp_path / 'store.db'}", "slack_people": PEOPLE, "slack_workers": 8,
    }
    values.update(overrides)
    return load_settings(**values)


def ts() -> str:
    """A Slack message timestamp, increasing across calls."""
    time.sleep(0.001)
    return f"{time.time():.6f}"


def sign(body: bytes, timestamp: int, secret: str = SECRET) -> str:
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class RunningBot:
    """`build_app` + the uvicorn server `advisor slack --http` runs, on a free loopback port."""

    def __init__(self, settings: Settings, advisor: Advisor, fake: FakeSlack, store: Any = None) -> None:
        self.settings = settings
        self.fake = fake
        self.store = Store.open(settings) if store is None else store  # a Memory: the bot's degraded view
        self.app = build_app(settings, advisor, self.store)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self.server = http_server(self.app, "127.0.0.1", self.port)
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.server.started, "the HTTP endpoint did not start"
        self.url = f"http://127.0.0.1:{self.port}/slack/events"

    def close(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
        self.store.close()

    # -- raw requests --------------------------------------------------------------------------------
    def post(self, body: bytes, content_type: str, *, timestamp: int | None = None, signature: str | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, float]:
        """POST like Slack does; returns (HTTP status, seconds until the response)."""
        timestamp = int(time.time()) if timestamp is None else timestamp
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": str(timestamp),
                       "X-Slack-Signature": signature or sign(body, timestamp), **(headers or {})}
        request = urllib.request.Request(self.url, data=body, headers=all_headers, method="POST")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        return status, time.monotonic() - started

    # -- Slack payloads ------------------------------------------------------------------------------
    def event(self, event: dict[str, Any], *, event_id: str | None = None, headers: dict[str, str] | None = None,
              **kwargs: Any) -> tuple[int, float]:
        envelope = {"token": "legacy", "team_id": TEAM, "api_app_id": "A0APP", "type": "event_callback",
                    "event_id": event_id or f"Ev{next(_ids):08d}", "event_time": int(time.time()), "event": event,
                    "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}]}
        return self.post(json.dumps(envelope).encode(), "application/json", headers=headers, **kwargs)

    def mention(self, text: str, *, channel: str = "C_PUBLIC", thread_ts: str | None = None, user: str = ASKER,
                **kwargs: Any) -> str:
        """An @-mention as a person writes it; Slack stores the message too (so the thread has it). Returns its ts."""
        message_ts = ts()
        self.fake.add_message(channel, message_ts, f"<@UBOT> {text}", user=user, thread_ts=thread_ts)
        event = {"type": "app_mention", "user": user, "text": f"<@UBOT> {text}", "ts": message_ts,
                 "channel": channel, "event_ts": message_ts}
        if thread_ts:
            event["thread_ts"] = thread_ts
        status, _ = self.event(event, **kwargs)
        assert status == 200
        return message_ts

    def dm(self, text: str, *, channel: str = "D_ASKER", thread_ts: str | None = None, user: str = ASKER,
           **kwargs: Any) -> str:
        message_ts = ts()
        self.fake.add_message(channel, message_ts, text, user=user, thread_ts=thread_ts)
        event = {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text,
                 "ts": message_ts, "event_ts": message_ts}
        if thread_ts:
            event["thread_ts"] = thread_ts
        status, _ = self.event(event, **kwargs)
        assert status == 200
        return message_ts

    def command(self, text: str, *, channel: str = "C_PUBLIC", user: str = ASKER) -> tuple[int, float]:
        form = {"token": "legacy", "team_id": TEAM, "team_domain": "fake", "channel_id": channel,
                "channel_name": "general", "user_id": user, "user_name": "asker", "command": "/role", "text": text,
                "api_app_id": "A0APP", "response_url": f"{self.fake.url}/hooks/commands/{next(_ids)}",
                "trigger_id": "trigger"}
        return self.post(urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded")

    def click(self, action_id: str, value: str, *, channel: str, message_ts: str, thread_ts: str | None = None,
              ephemeral: bool = False, user: str = ASKER) -> tuple[int, float]:
        container: dict[str, Any] = {"type": "message", "message_ts": message_ts, "channel_id": channel,
                                     "is_ephemeral": ephemeral}
        if thread_ts:
            container["thread_ts"] = thread_ts
        payload: dict[str, Any] = {
            "type": "block_actions", "user": {"id": user, "username": "asker", "team_id": TEAM},
            "api_app_id": "A0APP", "token": "legacy", "container": container, "trigger_id": "trigger",
            "team": {"id": TEAM, "domain": "fake"}, "channel": {"id": channel, "name": "general"},
            "response_url": f"{self.fake.url}/hooks/actions/{next(_ids)}",
            "actions": [{"action_id": action_id, "block_id": "advisor_answer_actions", "value": value,
                         "type": "button", "action_ts": ts()}],
        }
        if not ephemeral:
            payload["message"] = {"type": "message", "ts": message_ts, "thread_ts": thread_ts, "user": "UBOT"}
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded")


def button_value(blocks: list[dict[str, Any]], action_id: str) -> str | None:
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id:
                return element["value"]
    return None


def blocks_text(blocks: list[dict[str, Any]]) -> str:
    """All visible text in the blocks, in order."""
    parts: list[str] = []
    for block in blocks:
        if block.get("type") == "section":
            parts.append(block["text"]["text"])
        elif block.get("type") == "context":
            parts.extend(e.get("text", "") for e in block["elements"])
        elif block.get("type") == "actions":
            parts.extend(e["text"]["text"] for e in block["elements"])
    return "\n".join(parts)

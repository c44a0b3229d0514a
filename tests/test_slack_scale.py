"""The Slack bot at scale and under attack: dedupe across processes sharing one store, hostile questions and
documents, Slack API failures beyond the SDK's retries, and secrets kept out of every log.

Everything goes through the real HTTP endpoint with signed requests; one test module fixture runs the real
`advisor slack --http` console script as a separate process next to in-process apps. Only Slack is faked.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from advisor.embeddings import Embedder
from advisor.engine import Advisor
from advisor.errors import SettingsError
from advisor.index import sync
from advisor.settings import Settings, load_settings
from advisor.slack.app import build_app
from advisor.slack.blocks import ACTION_HANDOFF, ACTION_SHARE, ACTION_UP
from advisor.slack.reply import SORRY_POST
from advisor.store import MIGRATIONS, Store
from tests.conftest import ENGINEER_DOC
from tests.fake_slack import SECRET, TEAM, FakeSlack, RunningBot, blocks_text, button_value, sign, ts

pytestmark = pytest.mark.slow

TOKEN = "xoxb-4242-4242-known-bot-token-value"  # the configured secrets every log is scanned for
ADVISOR_BIN = Path(sys.executable).parent / "advisor"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack(token=TOKEN).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One SQLite file that the bot process and the in-process apps all use, as several processes would."""
    return f"sqlite:///{tmp_path_factory.mktemp('shared') / 'store.db'}"


@dataclass
class BotProcess:
    """`advisor -v slack --http` as deployed: its own interpreter, its stderr in a file."""

    proc: subprocess.Popen
    url: str
    log_path: Path

    def post(self, body: bytes, content_type: str = "application/json", *, signature: str | None = None,
             headers: dict[str, str] | None = None) -> int:
        return signed_post(self.url, body, content_type, signature=signature, headers=headers)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="module")
def bot_process(seeded: Settings, fake: FakeSlack, shared_store: str,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ADVISOR_"))}
    env.update({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url,
                "ADVISOR_DATA_DIR": str(seeded.data_dir), "ADVISOR_KNOWLEDGE_DIR": str(seeded.knowledge_dir),
                "ADVISOR_STORE_URL": shared_store})
    log_path = tmp_path_factory.mktemp("bot-process") / "stderr.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([str(ADVISOR_BIN), "-v", "slack", "--http", "--host", "127.0.0.1", "--port",
                                 str(port)], env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    bot = BotProcess(proc, f"http://127.0.0.1:{port}/slack/events", log_path)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"the bot process exited:\n{bot.log()}"
            assert time.monotonic() < deadline, f"the bot process did not start:\n{bot.log()}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.2)
        yield bot
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def signed_post(url: str, body: bytes, content_type: str = "application/json", *, signature: str | None = None,
                headers: dict[str, str] | None = None) -> int:
    stamp = int(time.time())
    all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": str(stamp),
                   "X-Slack-Signature": signature or sign(body, stamp), **(headers or {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=all_headers), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def mention_envelope(text: str, event_id: str, message_ts: str, channel: str = "C_PUBLIC") -> bytes:
    return json.dumps({
        "token": "legacy", "team_id": TEAM, "api_app_id": "A0APP", "type": "event_callback", "event_id": event_id,
        "event_time": int(time.time()), "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}],
        "event": {"type": "app_mention", "user": "U_ASKER", "text": f"<@UBOT> {text}", "ts": message_ts,
                  "channel": channel, "event_ts": message_ts}}).encode()


def replies(fake: FakeSlack, n: int = 1, timeout: float = 30) -> list:
    assert fake.wait_for(lambda f: len(f.named("chat.postMessage", "chat.postEphemeral", "response_url")) >= n,
                         timeout=timeout), f"expected {n} replies, Slack saw {fake.methods()}"
    fake.settle()
    return fake.named("chat.postMessage", "chat.postEphemeral", "response_url")


def answers_in(fake: FakeSlack, thread_ts: str) -> list:
    """Posts in a thread that carry an answer (its buttons), so a duplicate answer cannot hide."""
    return [c for c in fake.named("chat.postMessage", "chat.postEphemeral")
            if c.params.get("thread_ts") == thread_ts and button_value(c.params.get("blocks") or [], ACTION_UP)]


def everything_posted(fake: FakeSlack) -> str:
    """What people could see: every text and every block text of every post, reply and response_url call."""
    parts = []
    for call in fake.named("chat.postMessage", "chat.postEphemeral", "response_url"):
        parts.append(str(call.params.get("text", "")))
        parts.append(blocks_text(call.params.get("blocks") or []))
    return "\n".join(parts)


# -- (a) one answer per event across processes sharing the store ------------------------------------------

def test_two_apps_with_their_own_engines_and_one_store_answer_each_event_once(
        make_bot, fake: FakeSlack, seeded: Settings, embedder: Embedder) -> None:
    first = make_bot()
    second = make_bot(engine=Advisor(seeded, embedder))  # its own engine and store engine; the same SQLite file
    assert first.store is not second.store and first.store.url == second.store.url
    roots = []
    statuses: list[int] = []
    for i in range(6):
        root, event_id = ts(), f"EvTWO{i:03d}"
        event = {"type": "app_mention", "user": "U_ASKER", "text": "<@UBOT> What does a Tech Director do?",
                 "ts": root, "channel": "C_PUBLIC", "event_ts": root}
        start = threading.Barrier(2)

        def deliver(bot: RunningBot, retry: str | None) -> None:
            start.wait()
            statuses.append(bot.event(event, event_id=event_id,
                                      headers={"X-Slack-Retry-Num": retry} if retry else None)[0])

        racers = [threading.Thread(target=deliver, args=(first, None)),
                  threading.Thread(target=deliver, args=(second, "1"))]
        for t in racers:
            t.start()
        for t in racers:
            t.join()
        roots.append(root)
    replies(fake, 6)
    for i, root in enumerate(roots):  # a late retry, after the answer, to each app
        late = {"type": "app_mention", "user": "U_ASKER", "text": "<@UBOT> x", "ts": root, "channel": "C_PUBLIC"}
        statuses.append(first.event(late, event_id=f"EvTWO{i:03d}", headers={"X-Slack-Retry-Num": "2"})[0])
        statuses.append(second.event(late, event_id=f"EvTWO{i:03d}", headers={"X-Slack-Retry-Num": "3"})[0])
    fake.settle(quiet=0.6)

    assert statuses == [200] * 24
    assert [len(answers_in(fake, root)) for root in roots] == [1] * 6
    assert len(fake.named("chat.postMessage")) == 6


def test_a_real_bot_process_and_an_in_process_app_share_event_dedupe(
        bot_process: BotProcess, make_bot, fake: FakeSlack, shared_store: str) -> None:
    local = make_bot(store_url=shared_store)
    roots = []
    for i in range(4):
        root = ts()
        body = mention_envelope("What can a Tech Director be promoted to?", f"EvPROC{i:03d}", root)
        start = threading.Barrier(2)
        statuses: list[int] = []

        def deliver(url: str, headers: dict[str, str] | None) -> None:
            start.wait()
            statuses.append(signed_post(url, body, headers=headers))

        racers = [threading.Thread(target=deliver, args=(bot_process.url, None)),
                  threading.Thread(target=deliver, args=(local.url, {"X-Slack-Retry-Num": "1"}))]
        for t in racers:
            t.start()
        for t in racers:
            t.join()
        assert statuses == [200, 200]
        roots.append(root)
    replies(fake, 4)
    fake.settle(quiet=0.6)

    assert [len(answers_in(fake, root)) for root in roots] == [1] * 4
    assert all("Tech Director" in blocks_text(answers_in(fake, r)[0].params["blocks"]) for r in roots)


def test_bot_processes_starting_together_on_a_new_shared_store_all_open_it(tmp_path: Path) -> None:
    for round_ in range(3):
        url = f"sqlite:///{tmp_path / f'new{round_}.db'}"
        start = threading.Barrier(4)
        errors: list[Exception] = []

        def open_store() -> None:
            start.wait()
            try:
                store = Store(url)
                store.claim_event(f"Ev{threading.get_ident()}")
                store.close()
            except Exception as exc:  # noqa: BLE001 - collected and re-raised below
                errors.append(exc)

        openers = [threading.Thread(target=open_store) for _ in range(4)]
        for t in openers:
            t.start()
        for t in openers:
            t.join()
        if errors:
            raise errors[0]
        assert Store(url).applied_migrations() == [name for name, _ in MIGRATIONS]


# -- (b) hostile input -----------------------------------------------------------------------------------

@pytest.mark.parametrize("surface", ["mention", "dm", "command"])
def test_a_100_kb_question_gets_a_short_too_long_reply_without_its_text(
        bot: RunningBot, fake: FakeSlack, surface: str) -> None:
    question = "What does a Tech Director do? " + "zebra " * 17_000
    assert len(question.encode()) > 100_000
    if surface == "command":
        status, elapsed = bot.command(question)
        assert status == 200 and elapsed < 3
    else:
        getattr(bot, surface)(question)  # asserts the 200 ack
    [reply] = replies(fake)

    text = reply.params["text"]
    assert "too long" in text and "2,000" in text and len(text) < 200
    assert "zebra" not in json.dumps(reply.params)
    assert button_value(reply.params.get("blocks") or [], ACTION_UP) is None  # a notice, not an answer


HOSTILE = ("What does a Tech Director do? <!channel> <!here|here> <@U0BOSS> <https://evil.example|click here> "
           "<script>alert(1)</script> *bold* &amp; \x00\x07\x1b[31m\u202eevil\u202c")


def test_mentions_links_html_and_control_characters_in_a_question_are_neutralised(
        make_bot, fake: FakeSlack) -> None:
    bot = make_bot(slack_handoff_channel="C_HANDOFF")
    bot.mention(HOSTILE)
    bot.command(HOSTILE)
    calls = replies(fake, 2)
    answer = next(c for c in calls if c.method == "chat.postMessage")
    assert "Primary Functions" in blocks_text(answer.params["blocks"])  # still answered, as a question about the role
    private = next(c for c in calls if c.method == "response_url")
    answer_id = button_value(private.params["blocks"], ACTION_SHARE)
    assert answer_id

    bot.click(ACTION_SHARE, answer_id, channel="C_PUBLIC", message_ts="1790000000.000900", ephemeral=True)
    bot.click(ACTION_HANDOFF, answer_id, channel="C_PUBLIC", message_ts="1790000000.000900", ephemeral=True)
    replies(fake, 6)
    shown = everything_posted(fake)

    # the question is echoed in the shared heading and the hand-off as its plain words: markup read as text,
    # and what remains escaped
    assert "What does a Tech Director do? click here" in shown and "&amp;" in shown
    for live in ("<!channel>", "<!here", "<@U0BOSS>", "<https://evil", "<script"):
        assert live not in shown, f"{live!r} reached Slack"
    assert not CONTROL.search(shown)
    assert len(re.findall(r"<[@!#]", shown)) == len(re.findall(r"<@U_ASKER>|<!subteam\^S0PEOPLE>", shown))


def test_script_tags_and_mentions_in_a_role_document_are_posted_escaped(
        make_bot, fake: FakeSlack, tmp_path: Path, embedder: Embedder) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    doc = ENGINEER_DOC.replace("## Skills", "## Skills <!here>").replace(
        "- Code review and testing discipline",
        "- Code review and testing discipline <script>alert(1)</script> <!here> <https://evil.example|win> & more")
    (folder / "software-engineer.md").write_text(doc)
    settings = load_settings(data_dir=tmp_path / "data", knowledge_dir=folder)
    sync(settings, [folder], embedder)
    bot = make_bot(engine=Advisor(settings, embedder))

    bot.mention("What skills does a Software Engineer need?")
    [reply] = replies(fake)
    shown = everything_posted(fake)

    # the document's markup is dropped when it is read (no tags in chunk text); what is left is escaped
    assert "Code review and testing discipline" in shown and "&amp; more" in shown
    assert "Software Engineer › Skills" in blocks_text(reply.params["blocks"])  # the citation's section path
    for live in ("<script", "<!here", "<https://evil", "& more"):
        assert live not in shown, f"{live!r} reached Slack"


# -- (c) Slack API failures beyond the SDK's retries -------------------------------------------------------

@pytest.mark.parametrize("status, attempts", [(503, 3), (500, 3), (429, 4)])  # first try + the SDK's retries
def test_post_failures_beyond_the_retry_budget_are_logged_apologised_for_and_serving_goes_on(
        bot: RunningBot, fake: FakeSlack, caplog: pytest.LogCaptureFixture, status: int, attempts: int) -> None:
    caplog.set_level(logging.INFO)
    fake.fail("chat.postMessage", "internal_error", status=status, times=attempts, retry_after=0)
    root = bot.mention("What does a Tech Director do?")
    replies(fake, attempts + 1)

    posts = fake.named("chat.postMessage")
    assert len(posts) == attempts + 1
    assert all(button_value(p.params["blocks"], ACTION_UP) for p in posts[:-1])  # the answer, tried each time
    assert posts[-1].params["text"] == SORRY_POST and posts[-1].params["thread_ts"] == root
    assert "posting the answer on mention failed" in caplog.text and f"HTTP {status}" in caplog.text

    fake.reset()
    nxt = bot.mention("What can a Tech Director be promoted to?")
    replies(fake)
    assert len(answers_in(fake, nxt)) == 1 and fake.methods() == ["chat.postMessage"]


def test_when_even_the_apology_cannot_be_posted_it_is_logged_and_the_next_event_is_served(
        bot: RunningBot, fake: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    fake.fail("chat.postMessage", "internal_error", status=503, times=6)  # the answer's 3 tries, the apology's 3
    bot.mention("What does a Tech Director do?")
    assert fake.wait_for(lambda f: len(f.named("chat.postMessage")) >= 6, timeout=30)
    fake.settle(quiet=0.6)
    assert len(fake.named("chat.postMessage")) == 6
    assert "could not tell the user on mention either" in caplog.text

    fake.reset()
    nxt = bot.mention("What education does a Tech Director need?")
    replies(fake)
    assert len(answers_in(fake, nxt)) == 1


class DroppingProxy:
    """Between the app and the fake Slack: hangs up without answering on the first `drops` calls of a method,
    as a load balancer or a flaky network does, and forwards everything else."""

    def __init__(self, fake: FakeSlack, method: str, drops: int) -> None:
        proxy = self
        self.method, self.drops, self.dropped = method, drops, 0
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with proxy._lock:
                    drop = self.path.endswith("/" + proxy.method) and proxy.dropped < proxy.drops
                    proxy.dropped += drop
                if drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "authorization")}
                request = urllib.request.Request(fake.url + self.path, data=body, headers=headers)
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        status, data, reply_headers = response.status, response.read(), response.headers
                except urllib.error.HTTPError as exc:
                    status, data, reply_headers = exc.code, exc.read(), exc.headers
                self.send_response(status)
                for key in ("Content-Type", "Retry-After"):
                    if reply_headers.get(key):
                        self.send_header(key, reply_headers[key])
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.api_url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("drops, apology", [(3, True), (6, False)])  # the first try + the SDK's 2 reconnects
def test_dropped_connections_to_slack_are_logged_apologised_for_and_serving_goes_on(
        make_bot, fake: FakeSlack, caplog: pytest.LogCaptureFixture, drops: int, apology: bool) -> None:
    caplog.set_level(logging.INFO)
    proxy = DroppingProxy(fake, "chat.postMessage", drops)
    try:
        bot = make_bot(SLACK_API_URL=proxy.api_url)
        root = bot.mention("What does a Tech Director do?")
        assert fake.wait_for(lambda f: proxy.dropped == drops and (not apology or f.named("chat.postMessage")),
                             timeout=30)
        fake.settle(quiet=0.6)
        assert "posting the answer on mention failed" in caplog.text
        assert "unhandled error" not in caplog.text
        posts = fake.named("chat.postMessage")
        if apology:
            assert [p.params["text"] for p in posts] == [SORRY_POST] and posts[0].params["thread_ts"] == root
        else:
            assert posts == [] and "could not tell the user on mention either" in caplog.text

        fake.reset()
        nxt = bot.mention("What can a Tech Director be promoted to?")
        replies(fake)
        assert len(answers_in(fake, nxt)) == 1
    finally:
        proxy.close()


# -- (d) secrets never in logs -----------------------------------------------------------------------------

def _scenario(post: Any, fake: FakeSlack) -> None:
    """Answers, a retry, a forged request, a refused post and a 100 KB question: every path that logs."""
    root = ts()
    assert post(mention_envelope("What does a Tech Director do?", "EvSECRET1", root)) == 200
    replies(fake)
    assert post(mention_envelope("What does a Tech Director do?", "EvSECRET1", root),
                headers={"X-Slack-Retry-Num": "1"}) == 200
    forged = sign(b"other", int(time.time()), "not-the-secret")
    assert post(mention_envelope("What does a Tech Director do?", "EvSECRET2", ts()), signature=forged) == 401
    fake.reset()
    fake.fail("chat.postMessage", "internal_error", status=503, times=3)
    assert post(mention_envelope("What education does a Tech Director need?", "EvSECRET3", ts())) == 200
    replies(fake, 4)  # three refused tries, then the apology
    assert post(mention_envelope("x " * 51_000, "EvSECRET4", ts())) == 200
    assert fake.wait_for(lambda f: any("too long" in c.params.get("text", "") for c in f.named("chat.postMessage")))
    fake.settle()


def test_the_bot_process_never_logs_its_token_or_signing_secret(bot_process: BotProcess, fake: FakeSlack) -> None:
    fake.reset()
    _scenario(bot_process.post, fake)
    time.sleep(0.3)
    log = bot_process.log()

    assert "answered on mention" in log and "posting the answer on mention failed" in log  # the capture works
    assert "already handled" in log
    assert TOKEN not in log and SECRET not in log
    assert "known-bot-token" not in log and bot_process.proc.poll() is None


def test_in_process_logs_at_debug_never_contain_the_token_or_signing_secret(
        bot: RunningBot, fake: FakeSlack, caplog: pytest.LogCaptureFixture, seeded: Settings, advisor: Advisor,
        tmp_path: Path) -> None:
    caplog.set_level(logging.DEBUG)
    _scenario(lambda body, **kw: signed_post(bot.url, body, **kw), fake)
    wrong = "xoxb-9999-wrong-token-value"
    bad = load_settings(data_dir=seeded.data_dir, SLACK_BOT_TOKEN=wrong, SLACK_SIGNING_SECRET=SECRET,
                        SLACK_API_URL=fake.api_url)
    with pytest.raises(SettingsError) as refused:
        build_app(bad, advisor, Store(f"sqlite:///{tmp_path / 'other.db'}"))
    logged = caplog.text + "\n".join(str(r.args) for r in caplog.records)

    assert "invalid_auth" in str(refused.value) and wrong not in str(refused.value)
    assert "posting the answer on mention failed" in logged  # the capture works
    assert "Sending a request" not in logged  # slack_sdk's DEBUG payload dumps stay off (see advisor/slack/logs.py)
    for secret in (TOKEN, SECRET, wrong):
        assert secret not in logged, "a configured secret reached the logs"

"""Load test of the Slack bot's HTTP mode: signed events at real `advisor slack --http` processes on loopback.

    .venv/bin/python benchmarks/load.py [--events 500] [--concurrency 20] [--processes 1] [--retries 25]
        [--chroma-url http://127.0.0.1:8000] [--store-url postgresql+psycopg://… | --postgres] [--reingest]

It indexes a copy of knowledge/ into a temporary data folder (or into the Chroma server of --chroma-url),
starts the fake Slack Web API from tests/fake_slack.py, starts `--processes` bot processes (the console script,
as deployed, all at once) sharing one store (ADVISOR_STORE_URL: a SQLite file by default, the database of
--store-url, or with --postgres a throwaway PostgreSQL started on loopback from the test extra's binaries; one
ADVISOR_STORE_KEY for all), and then `--concurrency` simulated users each send an app_mention (a signed
event_callback with its own event_id, in its own thread) and wait for the answer before sending the next,
round-robin across the processes. Questions mix answerable ones, pay (answered privately) and ones the
documents cannot answer. Some events are delivered again as Slack does (same event_id, X-Slack-Retry-Num),
half of them racing the original on another process, half after it was answered.

It checks every event was answered exactly once (answers with buttons, counted per thread in the fake),
of the expected kind, with no error posts, no non-200 acks, no ERROR lines on the bots' stderr and no
configured secret in it, and prints throughput, ack latency, time to answer and the bots' RSS
(/proc/PID/status) at start, middle, end and peak. With --reingest, a quarter of the way through the run one document is
edited and `advisor ingest` runs while the users go on asking; the last quarter of the events waits for it
to finish. Every bot process must then open the new collection, and no answer may fail. Bounded by --timeout; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fake_slack import Call, FakeSlack, sign  # noqa: E402

BIN = Path(sys.executable).parent
ACTIONS_BLOCK = "advisor_answer_actions"
_MONEY = re.compile(r"[$£€]\s?\d")

# (question, kind): what the two documents in knowledge/ answer, answer privately (pay) or cannot answer.
QUESTIONS: dict[str, list[str]] = {
    "answer": ["What does a Tech Director do?", "What can a Tech Director be promoted to?",
               "What skills does a Director of Education Technology need?",
               "What education does a Tech Director need?",
               "What are the responsibilities of a Director of Education Technology?"],
    "pay": ["What is the salary range of a Tech Director?", "What does a Director of Technology get paid?"],
    "abstain": ["What is the salary of a Director of Education Technology?", "What does a nurse earn?",
                "What experience does a Director of Education Technology need?"],
}
MIX = {"answer": 0.6, "pay": 0.2, "abstain": 0.2}


@dataclass
class Event:
    n: int
    event_id: str
    channel: str
    ts: str
    question: str
    kind: str
    retry: str = ""  # "" | "racing" | "late"
    sent_at: float = 0.0
    answered_at: float = 0.0
    answered: threading.Event = field(default_factory=threading.Event)


@dataclass
class Ack:
    status: int
    seconds: float
    retry: bool


class StampedCalls(list):
    """The fake's call log, stamping each call with its arrival time and waking the user waiting on its thread."""

    def __init__(self, waiting: dict[str, Event]) -> None:
        super().__init__()
        self.waiting = waiting

    def append(self, call: Call) -> None:  # type: ignore[override]
        call.at = time.monotonic()  # type: ignore[attr-defined]
        super().append(call)
        if call.method in ("chat.postMessage", "chat.postEphemeral"):
            event = self.waiting.get(str(call.params.get("thread_ts", "")))
            if event is not None and not event.answered.is_set() and (_has_buttons(call) or _is_apology(call)):
                event.answered_at = call.at  # type: ignore[attr-defined]
                event.answered.set()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500, help="events to send (each answered once)")
    parser.add_argument("--concurrency", type=int, default=20, help="users sending at once")
    parser.add_argument("--processes", type=int, default=1, help="bot processes, round-robin, one shared store")
    parser.add_argument("--retries", type=int, default=25, help="events delivered again as Slack retries")
    parser.add_argument("--warmup", type=int, default=10, help="events sent first, one at a time (checked, not timed)")
    parser.add_argument("--timeout", type=float, default=600, help="give up after this many seconds")
    parser.add_argument("--answer-timeout", type=float, default=60, help="seconds one event may wait for its answer")
    parser.add_argument("--chroma-url", help="index into and serve from this Chroma server instead of a local folder")
    parser.add_argument("--store-url", help="the shared store's SQLAlchemy URL (default: a SQLite file in the run)")
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL for the store")
    parser.add_argument("--reingest", action="store_true", help="edit a document and re-ingest halfway through")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    if not (1 <= args.processes <= 8 and 1 <= args.concurrency <= 200 and 1 <= args.events <= 20_000):
        parser.error("keep it bounded: 1-8 processes, 1-200 concurrent, 1-20000 events")

    from rich.console import Console

    console = Console(stderr=True)
    deadline = time.monotonic() + args.timeout
    work = Path(tempfile.mkdtemp(prefix="advisor-load-"))
    token, secret = f"xoxb-load-{secrets.token_hex(8)}", secrets.token_hex(16)
    events = make_events(args.events, args.retries, random.Random(args.seed))
    waiting = {e.ts: e for e in events}
    fake = FakeSlack(token=token, calls=StampedCalls(waiting)).start()
    postgres = None
    bots: list[Bot] = []
    try:
        store_url = args.store_url
        if args.postgres:
            from tests.pg_server import PostgresServer

            postgres = PostgresServer.start()
            store_url = postgres.create_database("advisor_load")
        args.store_kind = (store_url or "sqlite").split(":", 1)[0].split("+", 1)[0]
        shutil.copytree(ROOT / "knowledge", work / "knowledge")
        env = bot_env(work, fake, token, secret, args.chroma_url, store_url)
        console.print(f"indexing knowledge/ into {args.chroma_url or work / 'data'} …")
        subprocess.run([str(BIN / "advisor"), "ingest"], env=env, check=True, capture_output=True, timeout=300)
        bots.extend(Bot.start(i, env, work) for i in range(args.processes))  # together: they race to migrate the store
        for bot in bots:
            bot.wait_ready(deadline)
        console.print(f"{len(bots)} bot process(es) ready: " + ", ".join(f"pid {b.proc.pid} :{b.port}" for b in bots))
        client = Client([b.url for b in bots], secret)
        reingest = Reingest(work, env, console) if args.reingest else None
        result = run(events, client, bots, args, deadline, console, reingest)
        result["acks"] = client.acks
        fake.settle(quiet=1.0, timeout=30)
        result["rss_end"] = [b.rss_mb() for b in bots]
        alive = all(b.proc.poll() is None for b in bots)
    finally:
        for bot in bots:
            bot.stop()
        fake.stop()
        if postgres is not None:
            postgres.stop()
    logs = [b.log_path.read_text(errors="replace") for b in bots]
    shutil.rmtree(work, ignore_errors=True)
    ok = report(events, list(fake.calls), result, args, logs, alive, secrets_=(token, secret))
    return 0 if ok else 1


def make_events(n: int, retries: int, rng: random.Random) -> list[Event]:
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=n)
    base = time.time()
    events = [Event(n=i, event_id=f"EvLOAD{i:06d}", channel=f"C{i % 40:04d}", ts=f"{base + i / 1000:.6f}",
                    question=rng.choice(QUESTIONS[kind]), kind=kind) for i, kind in enumerate(kinds)]
    for i, e in enumerate(rng.sample(events, min(retries, n))):
        e.retry = "racing" if i % 2 == 0 else "late"
    return events


def bot_env(work: Path, fake: FakeSlack, token: str, secret: str, chroma_url: str | None,
            store_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ADVISOR_"))}
    env.update({
        "SLACK_BOT_TOKEN": token, "SLACK_SIGNING_SECRET": secret, "SLACK_API_URL": fake.api_url,
        "ADVISOR_DATA_DIR": str(work / "data"), "ADVISOR_KNOWLEDGE_DIR": str(work / "knowledge"),
        "ADVISOR_STORE_URL": store_url or f"sqlite:///{work / 'store.db'}", "ADVISOR_SLACK_PEOPLE": "S0PEOPLE",
        "ADVISOR_STORE_KEY": secrets.token_hex(32),
    })
    if chroma_url:
        env["ADVISOR_CHROMA_URL"] = chroma_url
    return env


@dataclass
class Bot:
    """One `advisor slack --http` process on a loopback port, its stderr in a file."""

    index: int
    proc: subprocess.Popen
    port: int
    log_path: Path

    @classmethod
    def start(cls, index: int, env: dict[str, str], work: Path) -> "Bot":
        port = _free_port()
        log_path = work / f"bot{index}.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen([str(BIN / "advisor"), "-v", "slack", "--http", "--host", "127.0.0.1",
                                     "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL)
        return cls(index, proc, port, log_path)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"bot {self.index} exited at start:\n{self.log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"bot {self.index} not ready before the deadline")

    def rss_mb(self) -> float:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


class Reingest:
    """Edits one document of the run's knowledge copy (a sentence and its `updated` date) and runs
    `advisor ingest` in the background, as a maintainer would while the bot is busy."""

    def __init__(self, work: Path, env: dict[str, str], console: Any) -> None:
        self.work, self.env, self.console = work, env, console
        self.thread: threading.Thread | None = None
        self.started_at = self.finished_at = 0.0
        self.error = ""
        self.done = threading.Event()

    def start(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, daemon=True)
            self.thread.start()

    def _run(self) -> None:
        doc = self.work / "knowledge" / "tech-director.md"
        text = doc.read_text(encoding="utf-8")
        text = re.sub(r"^updated: .*$", "updated: 2030-01-01", text, count=1, flags=re.M)
        text = text.replace("## Role Definition\n\n", "## Role Definition\n\nThis role profile is reviewed every year. ", 1)
        doc.write_text(text, encoding="utf-8")
        self.console.print("re-ingesting an edited document while the load goes on …")
        self.started_at = time.monotonic()
        try:
            done = subprocess.run([str(BIN / "advisor"), "ingest"], env=self.env, capture_output=True, text=True,
                                  timeout=300)
            if done.returncode != 0:
                self.error = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        except subprocess.TimeoutExpired:
            self.error = "timed out"
        finally:
            self.finished_at = time.monotonic()
            self.done.set()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join(timeout=320)


class Client:
    """Signs and POSTs event_callbacks like Slack, round-robin over the bot processes."""

    def __init__(self, urls: list[str], secret: str) -> None:
        self.urls = urls
        self.secret = secret
        self._next = itertools.count()
        self._lock = threading.Lock()
        self.acks: list[Ack] = []

    def send(self, event: Event, retry_num: int = 0) -> Ack:
        envelope = {"token": "legacy", "team_id": "T0001", "api_app_id": "A0APP", "type": "event_callback",
                    "event_id": event.event_id, "event_time": int(time.time()),
                    "authorizations": [{"team_id": "T0001", "user_id": "UBOT", "is_bot": True}],
                    "event": {"type": "app_mention", "user": f"U{event.n % 97:04d}", "channel": event.channel,
                              "text": f"<@UBOT> {event.question}", "ts": event.ts, "event_ts": event.ts}}
        body = json.dumps(envelope).encode()
        stamp = int(time.time())
        headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(stamp),
                   "X-Slack-Signature": sign(body, stamp, self.secret)}
        if retry_num:
            headers.update({"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"})
        with self._lock:
            url = self.urls[next(self._next) % len(self.urls)]
        started = time.monotonic()
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=10) as r:
                status = r.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            status = 0
        ack = Ack(status, time.monotonic() - started, bool(retry_num))
        with self._lock:
            self.acks.append(ack)
        return ack


def run(events: list[Event], client: Client, bots: list[Bot], args: argparse.Namespace, deadline: float,
        console: Any, reingest: Reingest | None = None) -> dict[str, Any]:
    """Warm up one at a time, then `concurrency` users each send an event and wait for its answer."""
    warm, timed = events[:args.warmup], events[args.warmup:]
    for event in warm:
        _converse(event, client, args.answer_timeout, deadline)
    result: dict[str, Any] = {"rss_start": [b.rss_mb() for b in bots], "rss_peak": [0.0] * len(bots)}
    half, quarter = max(1, len(timed) // 2), max(1, len(timed) // 4)
    done = itertools.count(1)
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            result["rss_peak"] = [max(p, b.rss_mb()) for p, b in zip(result["rss_peak"], bots)]

    last_quarter = {e.n for e in timed[len(timed) - quarter:]}

    def user(event: Event) -> None:
        if reingest is not None and event.n in last_quarter:  # the last quarter is asked once the new index is live
            reingest.done.wait(max(0.0, deadline - time.monotonic()))
        _converse(event, client, args.answer_timeout, deadline)
        count = next(done)
        if count == quarter and reingest is not None:  # early, so that many events come after it
            reingest.start()
        if count == half:
            result["rss_middle"] = [b.rss_mb() for b in bots]

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    console.print(f"sending {len(timed)} events at {args.concurrency} concurrent (+{len(warm)} warm-up) …")
    started = time.monotonic()
    with ThreadPoolExecutor(args.concurrency, thread_name_prefix="user") as pool:
        list(pool.map(user, timed))
    result["seconds"] = time.monotonic() - started
    if reingest is not None:
        reingest.wait()
        result["reingest"] = reingest
        result["during_reingest"] = [e for e in timed if reingest.started_at <= e.sent_at <= reingest.finished_at]
        result["after_reingest"] = [e for e in timed if e.sent_at > reingest.finished_at]
    stop.set()
    sampler.join()
    result.setdefault("rss_middle", result["rss_start"])
    result["rss_peak"] = [max(p, b.rss_mb()) for p, b in zip(result["rss_peak"], bots)]
    return result


def _converse(event: Event, client: Client, answer_timeout: float, deadline: float) -> None:
    if time.monotonic() > deadline:
        return
    event.sent_at = time.monotonic()
    racer = None
    if event.retry == "racing":  # the same event at the same moment, on the next process when there are several
        racer = threading.Thread(target=client.send, args=(event, 1))
        racer.start()
    client.send(event)
    if racer is not None:
        racer.join()
    event.answered.wait(min(answer_timeout, max(0.0, deadline - time.monotonic())))
    if event.retry == "late":
        client.send(event, retry_num=2)


def report(events: list[Event], calls: list[Call], result: dict[str, Any], args: argparse.Namespace, logs: list[str],
           alive: bool, secrets_: tuple[str, str]) -> bool:
    from rich.console import Console
    from rich.table import Table

    by_thread: dict[str, list[Call]] = {}
    for call in calls:
        if call.method in ("chat.postMessage", "chat.postEphemeral"):
            by_thread.setdefault(str(call.params.get("thread_ts", "")), []).append(call)
    answers = {e.ts: [c for c in by_thread.get(e.ts, []) if _has_buttons(c)] for e in events}
    misses = sum(1 for e in events if not answers[e.ts])
    duplicates = sum(len(a) - 1 for a in answers.values() if len(a) > 1)
    wrong_kind = sum(1 for e in events if len(answers[e.ts]) == 1 and _kind(answers[e.ts][0]) != e.kind)
    apologies = sum(1 for c in calls if _is_apology(c))
    strays = sum(len(v) for k, v in by_thread.items() if k not in answers)
    acks = result.get("acks") or []
    bad_acks = sum(1 for a in acks if a.status != 200)
    lines = [line for log in logs for line in log.splitlines()]
    log_errors = sum(1 for line in lines if " ERROR " in line or line.startswith("Traceback"))
    leaked = sum(log.count(s) for log in logs for s in secrets_)
    skipped = sum(1 for line in lines if "already handled; delivery retry" in line)
    public_pay = sum(1 for c in calls
                     if c.method == "chat.postMessage" and _MONEY.search(json.dumps(c.params, ensure_ascii=False)))
    not_sent = sum(1 for e in events if not e.sent_at)

    timed = events[args.warmup:]
    ack_ms = [a.seconds * 1000 for a in acks]
    answer_ms = [(e.answered_at - e.sent_at) * 1000 for e in timed if e.answered_at]
    retries = sum(1 for a in acks if a.retry)
    console = Console(width=110)
    console.print(f"Slack HTTP mode on loopback: {len(events)} events ({args.warmup} warm-up, one at a time), "
                  f"{args.concurrency} concurrent, {args.processes} bot process(es) sharing one {args.store_kind} "
                  f"store, index {'on the Chroma server ' + args.chroma_url if args.chroma_url else 'on local disk'}")
    table = Table(title="Load")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("events answered / sent", f"{len(events) - misses} / {len(events) - not_sent}"),
        ("Slack retries sent (same event_id)", str(retries)),
        ("deliveries skipped as already handled", str(skipped)),
        ("throughput (answered events/s)", f"{len(timed) / result['seconds']:.1f}" if result.get("seconds") else "-"),
        ("ack latency p50 / p95 / max (ms)", _percentiles(ack_ms)),
        ("time to answer p50 / p95 / max (ms)", _percentiles(answer_ms)),
        ("duplicates", str(duplicates)),
        ("misses", str(misses)),
        ("wrong kind of answer", str(wrong_kind)),
        ("error posts (apologies)", str(apologies)),
        ("pay figures posted publicly", str(public_pay)),
        ("non-200 acks", str(bad_acks)),
        ("ERROR lines / tracebacks in bot logs", str(log_errors)),
        ("configured secrets found in bot logs", str(leaked)),
        ("bot processes alive at the end", "yes" if alive else "NO"),
    ]
    reopened_ok = True
    reingest = result.get("reingest")
    if reingest is not None:
        opened = [re.findall(r"index (\S+) open:", log) for log in logs]
        newest = opened[0][-1] if opened and opened[0] else ""
        picked = [bool(names) and names[-1] == newest and len(set(names)) >= 2 for names in opened]
        during, after = result.get("during_reingest") or [], result.get("after_reingest") or []
        reopened_ok = bool(reingest.finished_at) and not reingest.error and all(picked) and bool(after)
        rows += [
            ("re-ingest during the run (s)", f"{reingest.finished_at - reingest.started_at:.1f}"
             if reingest.finished_at else f"FAILED {reingest.error}"),
            ("processes that opened the new collection", f"{sum(picked)} / {len(picked)}"),
            ("events sent during it, answered", f"{sum(1 for e in during if e.answered_at)} / {len(during)}"),
            ("events sent after it, answered", f"{sum(1 for e in after if e.answered_at)} / {len(after)}"),
        ]
    for row in rows:
        table.add_row(*row)
    console.print(table)

    memory = Table(title="Bot processes: events answered, memory (VmRSS, MB)")
    for column in ("process", "answered", "start", "middle", "end", "peak", "end − start"):
        memory.add_column(column, justify="right")
    for i in range(args.processes):
        start, middle, end = result["rss_start"][i], result["rss_middle"][i], result["rss_end"][i]
        handled = logs[i].count("advisor.slack.reply: answered on mention")
        memory.add_row(str(i), str(handled), f"{start:.0f}", f"{middle:.0f}", f"{end:.0f}",
                       f"{result['rss_peak'][i]:.0f}", f"{end - start:+.0f}")
    console.print(memory)
    kinds = {k: sum(1 for e in events if e.kind == k) for k in QUESTIONS}
    console.print(f"mix: {kinds['answer']} answerable, {kinds['pay']} pay (answered privately), "
                  f"{kinds['abstain']} the documents cannot answer; {strays} posts outside the events' threads")
    ok = not (misses or duplicates or wrong_kind or apologies or bad_acks or log_errors or leaked or not_sent
              or strays or public_pay) and alive and skipped == retries and reopened_ok
    console.print("[bold green]PASS[/]: every event answered exactly once, no errors" if ok else "[bold red]FAIL[/]")
    return ok


def _has_buttons(call: Call) -> bool:
    blocks = call.params.get("blocks") or []
    return isinstance(blocks, list) and any(b.get("block_id") == ACTIONS_BLOCK for b in blocks if isinstance(b, dict))


def _is_apology(call: Call) -> bool:
    return call.method.startswith("chat.post") and str(call.params.get("text", "")).startswith("Sorry")


def _kind(call: Call) -> str:
    text = str(call.params.get("text", ""))
    if text.startswith("The role documents don't say"):
        return "abstain"
    if call.method == "chat.postEphemeral" and "$" in text:
        return "pay"
    return "answer"


def _percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "-"
    q = statistics.quantiles(values, n=100, method="inclusive")
    return f"{q[49]:.0f} / {q[94]:.0f} / {max(values):.0f}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())

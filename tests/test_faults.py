"""Failure drills on real parts: a Chroma server on loopback, a damaged on-disk index, an ingest killed
midway, links out of the knowledge folder, secrets kept out of output."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.embeddings import Embedder
from advisor.engine import Advisor
from advisor.errors import IndexUnavailableError
from advisor.index import open_index, sync
from advisor.settings import Settings, load_settings
from tests.conftest import ENGINEER_DOC, KNOWLEDGE

runner = CliRunner()
ADVISOR = str(Path(sys.executable).with_name("advisor"))
CHROMA = str(Path(sys.executable).with_name("chroma"))
QUESTIONS = [
    "What does a Tech Director earn?",
    "What is the salary of a Director of Education Technology?",
    "What can a Tech Director be promoted to?",
    "Does the EdTech director mentor technology coordinators?",
    "What education does a Director of Technology need?",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_chroma(path: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen([CHROMA, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).read()
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("chroma run exited during start-up")
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("chroma run did not answer its heartbeat within 60 s")


class ChromaServer:
    """A real `chroma run` on loopback that a test can stop and start again on the same port and data."""

    def __init__(self, path: Path) -> None:
        self.path, self.port = path, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = _start_chroma(self.path, self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)


@pytest.fixture()
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "chroma-server")
    server.start()
    yield server
    server.stop()


def _comparable(answer) -> tuple:
    return answer.answer, answer.abstained, [(c.n, c.role, c.section, c.source, c.text) for c in answer.citations]


@pytest.mark.slow
def test_chroma_server_serves_the_same_answers_as_the_local_store(chroma_server, seeded: Settings, embedder: Embedder,
                                                                  tmp_path: Path) -> None:
    settings = load_settings(chroma_url=chroma_server.url, data_dir=tmp_path / "server-state")
    report = sync(settings, [KNOWLEDGE], embedder)
    assert report.added > 20
    again = sync(settings, [KNOWLEDGE], embedder)
    assert again.added == 0 and again.unchanged == report.added
    remote, local = Advisor(settings, embedder), Advisor(seeded, embedder)
    for question in QUESTIONS:
        assert _comparable(remote.ask(question)) == _comparable(local.ask(question)), question


@pytest.mark.slow
def test_unreachable_chroma_server_is_a_clear_error_then_recovers(chroma_server, embedder: Embedder,
                                                                  tmp_path: Path) -> None:
    url = chroma_server.url
    settings = load_settings(chroma_url=url, data_dir=tmp_path / "state", index_check_seconds=0)
    sync(settings, [KNOWLEDGE], embedder)
    advisor = Advisor(settings, embedder)
    assert "$180,000" in advisor.ask(QUESTIONS[0]).answer

    chroma_server.stop()
    with pytest.raises(IndexUnavailableError, match="Cannot reach the Chroma server"):
        advisor.ask(QUESTIONS[0])
    result = runner.invoke(app, ["ask", QUESTIONS[0]], env={"ADVISOR_CHROMA_URL": url,
                                                            "ADVISOR_DATA_DIR": str(tmp_path / "state")})
    assert result.exit_code == 1
    assert f"Cannot reach the Chroma server at {url}" in result.stderr and "Traceback" not in result.output

    chroma_server.start()
    assert "$180,000" in advisor.ask(QUESTIONS[0]).answer


def test_damaged_local_index_is_detected_and_rebuilt(fresh_settings: Settings, knowledge_copy: Path,
                                                     embedder: Embedder) -> None:
    sync(fresh_settings, [knowledge_copy], embedder)
    database = fresh_settings.chroma_path / "chroma.sqlite3"
    data = bytearray(database.read_bytes())
    data[:4096] = os.urandom(4096)
    database.write_bytes(bytes(data))
    env = {"ADVISOR_DATA_DIR": str(fresh_settings.data_dir), "ADVISOR_KNOWLEDGE_DIR": str(knowledge_copy)}
    # a new process, as a user would meet it (this one has the healthy store cached)
    broken = subprocess.run([ADVISOR, "ask", QUESTIONS[0]], env={**os.environ, **env}, capture_output=True, text=True)
    assert broken.returncode == 1
    assert "damaged or unreadable" in broken.stderr and "advisor ingest --rebuild" in broken.stderr
    assert "Traceback" not in broken.stderr
    rebuilt = subprocess.run([ADVISOR, "ingest", "--rebuild"], env={**os.environ, **env}, capture_output=True, text=True)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert list(fresh_settings.data_dir.glob("chroma.damaged-*"))  # kept for inspection, never deleted
    answer = subprocess.run([ADVISOR, "ask", QUESTIONS[0]], env={**os.environ, **env}, capture_output=True, text=True)
    assert "$180,000 - $275,000+" in answer.stdout


@pytest.mark.slow
def test_ingest_killed_midway_leaves_the_index_answering_and_the_next_ingest_completes(
        fresh_settings: Settings, knowledge_copy: Path, embedder: Embedder) -> None:
    sync(fresh_settings, [knowledge_copy], embedder)
    before = open_index(fresh_settings, embedder)
    for i in range(150):
        (knowledge_copy / f"engineer-{i}.md").write_text(
            ENGINEER_DOC.replace("Software Engineer", f"Software Engineer {i}").replace("SWE", f"SWE{i}")
            .replace("Developer", f"Developer {i}"))
    env = {**os.environ, "ADVISOR_DATA_DIR": str(fresh_settings.data_dir),
           "ADVISOR_KNOWLEDGE_DIR": str(knowledge_copy)}
    process = subprocess.Popen([ADVISOR, "--verbose", "ingest"], env=env, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        if "embedding" in line and "new chunks" in line:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL

    after = open_index(fresh_settings, embedder)
    assert after.name == before.name and len(after.records) == len(before.records)
    answer = subprocess.run([ADVISOR, "ask", "--json", QUESTIONS[0]], env=env, capture_output=True, text=True)
    assert "$180,000 - $275,000+" in answer.stdout

    finished = subprocess.run([ADVISOR, "ingest"], env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert "152 files" in finished.stdout
    final = open_index(fresh_settings, embedder)
    assert len({r.role for r in final.records}) == 152


def test_symlink_out_of_the_knowledge_folder_is_not_read(fresh_settings: Settings, knowledge_copy: Path,
                                                         embedder: Embedder, tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("# Secret Role\n\n## Pay\n\n$999,999\n")
    (knowledge_copy / "sneaky.md").symlink_to(secret)
    report = sync(fresh_settings, [knowledge_copy], embedder)
    assert [str(e) for e in report.errors] == ["knowledge/sneaky.md: links outside the folder being ingested; not read"]
    assert "Secret Role" not in {r.role for r in open_index(fresh_settings, embedder).records}


def test_tokens_and_keys_never_appear_in_output_or_logs(seeded: Settings) -> None:
    secrets = {"SLACK_BOT_TOKEN": "xoxb-secret-bot-123", "SLACK_APP_TOKEN": "xapp-secret-app-456",
               "SLACK_SIGNING_SECRET": "signing-secret-789", "OPENAI_API_KEY": "sk-secret-key-000"}
    env = {**os.environ, **secrets, "ADVISOR_DATA_DIR": str(seeded.data_dir)}
    env.pop("ADVISOR_LLM", None)
    runs = [subprocess.run([ADVISOR, "--verbose", "ask", "--json", q], env=env, capture_output=True, text=True)
            for q in ("What does a Tech Director earn?", "")]
    text = "".join(r.stdout + r.stderr for r in runs)
    assert "$180,000" in text
    for value in secrets.values():
        assert value not in text
    assert repr(load_settings(slack_bot_token="xoxb-secret-bot-123")).count("xoxb-secret-bot-123") == 0


@pytest.mark.slow
def test_slack_apologises_while_the_chroma_server_is_down_and_answers_when_it_returns(
        chroma_server: ChromaServer, embedder: Embedder, tmp_path: Path, make_bot, fake) -> None:
    from advisor.slack.reply import SORRY_INDEX

    settings = load_settings(chroma_url=chroma_server.url, data_dir=tmp_path / "state", index_check_seconds=0)
    sync(settings, [KNOWLEDGE], embedder)
    bot = make_bot(engine=Advisor(settings, embedder))

    chroma_server.stop()
    bot.dm("What does a Tech Director earn?")
    assert fake.wait_for(lambda f: len(f.named("chat.postMessage")) >= 1)
    assert fake.named("chat.postMessage")[0].params["text"] == SORRY_INDEX

    chroma_server.start()
    fake.reset()
    bot.dm("What does a Tech Director earn?")
    assert fake.wait_for(lambda f: len(f.named("chat.postMessage")) >= 1)
    assert "$180,000 - $275,000+" in str(fake.named("chat.postMessage")[0].params)

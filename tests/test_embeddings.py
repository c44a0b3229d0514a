"""The ONNX embedding backend: the same vectors as sentence-transformers, no torch when answering, and a one-line
fallback to torch when ONNX cannot be used."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from advisor.documents import chunk_document, discover, load_document
from advisor.embeddings import EmbeddingBackendError, Embedder, onnx_file
from advisor.engine import Advisor
from advisor.evals.golden import load_cases
from advisor.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPARED = ("answer", "abstained", "citations", "roles", "topics", "gaps")


@pytest.fixture(scope="module")
def onnx_embedder(seeded: Settings) -> Embedder:
    """The ONNX backend, exported into the seeded index's data folder (as a first `advisor ingest` would)."""
    embedder = Embedder(1, onnx_dir=seeded.models_path, backend="onnx")
    assert embedder.load() == "onnx"
    return embedder


def _golden_questions() -> list[str]:
    questions = []
    for case in load_cases(ROOT / "evals" / "golden"):
        questions.extend(case.turns or (case.question,))  # type: ignore[arg-type]
    return [q for q in questions if q and q.strip()]


def _chunk_texts() -> list[str]:
    files, _ = discover([ROOT / "knowledge"])
    return [c.embedding_text for f in files for c in chunk_document(load_document(f, f.name, 5_000_000, 15), 700)]


@pytest.mark.slow
def test_onnx_vectors_match_sentence_transformers(onnx_embedder: Embedder, embedder: Embedder) -> None:
    texts = _golden_questions() + _chunk_texts()
    texts.append(" ".join(_chunk_texts()))  # longer than the model's 256 tokens: both must truncate alike
    assert len(texts) > 150
    torch_vectors = np.asarray(embedder.embed(texts), dtype=np.float32)
    onnx_vectors = np.asarray(onnx_embedder.embed(texts), dtype=np.float32)
    assert embedder.backend == "torch" and onnx_embedder.backend == "onnx"
    assert onnx_vectors.shape == torch_vectors.shape == (len(texts), 384)
    cosines = np.sum(torch_vectors * onnx_vectors, axis=1)
    assert cosines.min() >= 0.999, texts[int(cosines.argmin())]
    np.testing.assert_allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
    # One at a time gives what a batch gives (each batch is padded to its own longest text).
    assert np.allclose(onnx_embedder.embed_one(texts[0]), onnx_vectors[0], atol=1e-5)


@pytest.mark.slow
def test_cold_ask_answers_as_torch_does_without_importing_torch(onnx_embedder: Embedder, seeded: Settings,
                                                                advisor: Advisor) -> None:
    """A fresh `advisor ask` process answers the golden questions exactly as the torch path does, and never
    imports torch, transformers or sentence-transformers."""
    questions = list(dict.fromkeys(_golden_questions()))
    probe = ("import json, sys\n"
             "from advisor.cli import app\n"
             "sys.argv = ['advisor', 'ask', '--json', '--batch', '-']\n"
             "try:\n    app()\nexcept SystemExit:\n    pass\n"
             "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
             "('torch', 'transformers', 'sentence_transformers'))\n"
             "print(json.dumps({'heavy': heavy}))\n")
    env = {**os.environ, "ADVISOR_DATA_DIR": str(seeded.data_dir), "ADVISOR_KNOWLEDGE_DIR": str(seeded.knowledge_dir),
           "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", probe], input="\n".join(questions) + "\n", env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    assert lines[-1] == {"heavy": []}
    answers = lines[:-1]
    assert len(answers) == len(questions)
    assert advisor.embedder.backend in (None, "torch")
    for question, got in zip(questions, answers):
        expected = advisor.ask(question).to_dict()
        assert {k: got[k] for k in COMPARED} == {k: expected[k] for k in COMPARED}, question


def test_without_onnxruntime_falls_back_to_torch_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # what an environment without the package looks like
    with caplog.at_level(logging.WARNING, logger="advisor.embeddings"):
        chosen = Embedder(1, onnx_dir=tmp_path / "models").load()
    assert chosen == "torch"
    [notice] = [r.getMessage() for r in caplog.records]
    assert "onnxruntime is not installed" in notice and "sentence-transformers" in notice and "\n" not in notice
    assert not (tmp_path / "models").exists()  # nothing exported without onnxruntime
    with pytest.raises(EmbeddingBackendError, match="onnxruntime is not installed"):
        Embedder(1, onnx_dir=tmp_path / "models", backend="onnx").load()


def test_a_damaged_export_falls_back_to_torch_and_says_what_to_do(tmp_path: Path, embedder: Embedder,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    models = tmp_path / "models"
    models.mkdir()
    onnx_file(models).write_bytes(b"not an onnx model")
    fallback = Embedder(1, onnx_dir=models)
    with caplog.at_level(logging.WARNING, logger="advisor.embeddings"):
        vector = fallback.embed_one("What does a Tech Director earn?")
    assert fallback.backend == "torch"
    assert np.allclose(vector, embedder.embed_one("What does a Tech Director earn?"), atol=1e-6)
    [notice] = [r.getMessage() for r in caplog.records]
    assert "cannot be loaded" in notice and "delete it to export it again" in notice and "\n" not in notice


def test_an_export_that_cannot_be_written_falls_back_and_leaves_nothing(tmp_path: Path,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder should be")
    with caplog.at_level(logging.WARNING, logger="advisor.embeddings"):
        assert Embedder(1, onnx_dir=blocked / "models").load() == "torch"
    assert "ONNX" in caplog.records[0].getMessage()
    assert blocked.read_text() == "a file where the data folder should be"


def test_torch_backend_and_no_folder_never_touch_onnx(tmp_path: Path) -> None:
    assert Embedder(1, onnx_dir=tmp_path / "models", backend="torch").load() == "torch"
    assert Embedder(1).load() == "torch"
    assert not (tmp_path / "models").exists()


@pytest.mark.slow
def test_another_data_folder_reuses_this_process_export(onnx_embedder: Embedder, tmp_path: Path) -> None:
    again = Embedder(1, onnx_dir=tmp_path / "models", backend="onnx")
    assert again.load() == "onnx"
    exported = onnx_file(onnx_embedder.onnx_dir)  # type: ignore[arg-type]
    copy = onnx_file(tmp_path / "models")
    assert copy.read_bytes() == exported.read_bytes()
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]  # no temporary file left
    assert again.embed_one("Tech Director pay") == onnx_embedder.embed_one("Tech Director pay")


def test_document_vectors_are_remembered_across_processes_but_questions_never(
        tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    models = tmp_path / "models"
    passages = ["Leads the engineering organisation.", "Salary Range: $180,000 - $275,000+"]
    first = Embedder(1, onnx_dir=models, backend="torch", remember=True)
    made = first.embed(passages + passages[:1])
    assert np.allclose(made, embedder.embed(passages + passages[:1]), atol=1e-6)
    first.embed_one("what does my colleague Alice earn?")

    database = models / "vectors.sqlite3"
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT COUNT(*) FROM vectors").fetchone() == (2,)
    stored = database.read_bytes()
    assert b"Alice" not in stored and b"engineering organisation" not in stored  # hashes and vectors only

    def no_model(*args: object) -> None:
        raise AssertionError("embedded again")

    monkeypatch.setattr(Embedder, "_torch_encode", no_model)  # from here on, any embedding fails
    second = Embedder(1, onnx_dir=models, backend="torch", remember=True)
    assert second.embed(passages) == made[:2]
    with pytest.raises(AssertionError, match="embedded again"):
        second.embed(["A passage not seen before."])


def test_after_advisor_ingest_answers_embed_only_the_question(fresh_settings: Settings,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`advisor ingest` embeds and remembers the passages answers rank, so a fresh process embeds only questions."""
    from typer.testing import CliRunner

    from advisor.cli import app
    from advisor.settings import load_settings

    env = {"ADVISOR_DATA_DIR": str(fresh_settings.data_dir), "ADVISOR_KNOWLEDGE_DIR": str(fresh_settings.knowledge_dir),
           "ADVISOR_EMBEDDING_BACKEND": "torch"}
    result = CliRunner().invoke(app, ["ingest"], env=env)
    assert result.exit_code == 0, result.output

    encoded: list[list[str]] = []
    real = Embedder._torch_encode

    def counting(self: Embedder, texts: list[str], batch_size: int | None) -> np.ndarray:
        encoded.append(list(texts))
        return real(self, texts, batch_size)

    monkeypatch.setattr(Embedder, "_torch_encode", counting)
    settings = load_settings(data_dir=fresh_settings.data_dir, knowledge_dir=fresh_settings.knowledge_dir,
                             embedding_backend="torch")
    questions = ["What is the salary range for a Tech Director?", "What does a Director of Education Technology do?"]
    fresh = Advisor(settings)
    answers = [fresh.ask(q) for q in questions]
    assert all(a.citations for a in answers)
    # Only the questions (and what they ask once the role is taken out) are embedded, one at a time: no passage.
    from advisor.parts import units_of

    passages = {t for r in fresh.records for t in (*(u.text for u in units_of(r)), r.heading)}
    assert encoded and all(len(batch) == 1 for batch in encoded)
    assert questions[0] in encoded[0] and not passages & {t for batch in encoded for t in batch}

"""Where things live, as a user meets it: one index per user found from any folder, the documents of the last
ingest remembered, and `advisor ingest ONE-FILE` adding to the index instead of replacing it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.embeddings import Embedder
from advisor.index import open_index, sync
from advisor.settings import load_settings
from tests.conftest import ENGINEER_DOC

runner = CliRunner()
NURSE_DOC = "# Nurse\n\n## Pay\n\n$60,000 - $80,000 a year.\n"


def _roles(env: dict[str, str] | None = None) -> set[str]:
    result = runner.invoke(app, ["roles", "--json"], env=env)
    assert result.exit_code == 0, result.output
    return {r["title"] for r in json.loads(result.stdout) if not r["level"]}


def test_default_index_is_per_user_and_found_from_any_folder(tmp_path: Path, knowledge_copy: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             _no_real_user_data: Path) -> None:
    monkeypatch.delenv("ADVISOR_DATA_DIR")
    somewhere, elsewhere = tmp_path / "somewhere", tmp_path / "elsewhere"
    somewhere.mkdir()
    elsewhere.mkdir()
    monkeypatch.chdir(somewhere)
    first = runner.invoke(app, ["ingest", str(knowledge_copy)])
    assert first.exit_code == 0, first.output

    monkeypatch.chdir(elsewhere)
    answer = runner.invoke(app, ["ask", "--json", "What is the salary of a Tech Director?"])
    assert answer.exit_code == 0, answer.output
    assert "$180,000" in json.loads(answer.stdout)["answer"]
    again = runner.invoke(app, ["ingest"])  # no ./knowledge here: the folder of the last ingest is read again
    assert again.exit_code == 0, again.output
    assert f"Reading {knowledge_copy.resolve()} (as the last ingest did)" in again.stderr
    assert "0 chunks added, 0 updated, 0 removed" in again.stdout

    assert not (somewhere / ".data").exists() and not (elsewhere / ".data").exists()
    assert list(somewhere.iterdir()) == [] and list(elsewhere.iterdir()) == []
    assert (_no_real_user_data / "xdg_data_home" / "role-advisor" / "chroma").is_dir()


def test_ingesting_one_file_adds_it_and_prune_keeps_only_it(tmp_path: Path, knowledge_copy: Path) -> None:
    assert runner.invoke(app, ["ingest", str(knowledge_copy)]).exit_code == 0
    before = _roles()
    assert before == {"Tech Director", "Director of Education Technology"}

    extra = tmp_path / "extra" / "software-engineer.md"
    extra.parent.mkdir()
    extra.write_text(ENGINEER_DOC)
    added = runner.invoke(app, ["ingest", str(extra)])
    assert added.exit_code == 0, added.output
    assert " 0 removed" in added.stdout
    assert f"Indexed with what the last ingest read ({knowledge_copy.resolve()}); --prune indexes only" in added.stdout
    assert _roles() == before | {"Software Engineer"}

    pruned = runner.invoke(app, ["ingest", "--prune", str(extra)])
    assert pruned.exit_code == 0, pruned.output
    assert "1 files:" in pruned.stdout and " 0 removed" not in pruned.stdout
    assert _roles() == {"Software Engineer"}
    again = runner.invoke(app, ["ingest"])  # --prune is remembered too: the next plain ingest reads only that file
    assert "1 files: 0 chunks added, 0 updated, 0 removed" in again.stdout


def test_a_file_of_an_indexed_folder_keeps_its_source_and_changes_nothing_else(knowledge_copy: Path,
                                                                               embedder: Embedder) -> None:
    assert runner.invoke(app, ["ingest", str(knowledge_copy)]).exit_code == 0
    before = open_index(load_settings(), embedder).records
    doc = knowledge_copy / "tech-director.md"
    doc.write_text(doc.read_text().replace("$180,000", "$181,000"))
    result = runner.invoke(app, ["ingest", str(doc)])
    assert result.exit_code == 0, result.output
    after = open_index(load_settings(), embedder).records
    assert sorted(r.source for r in after) == sorted(r.source for r in before)  # no second "tech-director.md"
    assert "knowledge/tech-director.md" in {r.source for r in after}
    assert any("$181,000" in r.text for r in after) and not any("$180,000" in r.text for r in after)


def test_adding_to_an_index_of_unknown_origin_asks_for_prune(tmp_path: Path, knowledge_copy: Path,
                                                             embedder: Embedder) -> None:
    settings = load_settings()
    sync(settings, [knowledge_copy], embedder)  # as an ingest before this version, which recorded nothing
    extra = tmp_path / "nurse.md"
    extra.write_text(NURSE_DOC)
    result = runner.invoke(app, ["ingest", str(extra)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: The index holds documents from an ingest that did not record")
    assert "advisor ingest --prune" in result.stderr
    assert _roles() == {"Tech Director", "Director of Education Technology"}  # nothing removed


def test_a_folder_indexed_before_and_now_gone_leaves_the_index_and_says_so(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """As a clone that was deleted: the next plain ingest (make run in another clone) reads ./knowledge."""
    folder = tmp_path / "old-clone" / "knowledge"
    folder.mkdir(parents=True)
    (folder / "nurse.md").write_text(NURSE_DOC)
    assert runner.invoke(app, ["ingest", str(folder)]).exit_code == 0
    (folder / "nurse.md").unlink()
    folder.rmdir()
    here = tmp_path / "new-clone"
    (here / "knowledge").mkdir(parents=True)
    (here / "knowledge" / "software-engineer.md").write_text(ENGINEER_DOC)
    monkeypatch.chdir(here)
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0, result.output
    assert f"{folder.resolve()}, indexed before, is no longer there: its documents leave the index." in result.stderr
    assert "chunks added" in result.stdout and " 0 removed" not in result.stdout
    assert _roles() == {"Software Engineer"}


def test_no_documents_and_nothing_remembered_says_what_to_give(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 1
    assert "No role documents to index" in result.stderr and "advisor ingest FOLDER" in result.stderr

"""The `advisor` command as a user runs it: ingest, ask, --json, --batch, roles, chat, start, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from advisor.cli import app
from advisor.embeddings import Embedder
from advisor.index import sync
from advisor.settings import Settings, load_settings
from tests.conftest import ENGINEER_DOC

runner = CliRunner()


def _env(settings: Settings) -> dict[str, str]:
    return {"ADVISOR_DATA_DIR": str(settings.data_dir), "ADVISOR_KNOWLEDGE_DIR": str(settings.knowledge_dir)}


def test_ask_prints_answer_and_sources(seeded: Settings) -> None:
    result = runner.invoke(app, ["ask", "What can a Tech Director advance to?"], env=_env(seeded))
    assert result.exit_code == 0, result.output
    assert "VP of Engineering" in result.stdout
    assert "[1] Tech Director › Career Progression › Typical Career Path › Advancement To (knowledge/tech-director.md)" \
        in result.stdout


def test_ask_json_contract(seeded: Settings) -> None:
    result = runner.invoke(app, ["ask", "--json", "What is the salary of a Tech Director?"], env=_env(seeded))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"question", "answer", "abstained", "citations", "evidence"} <= set(data)
    assert data["abstained"] is False
    assert data["citations"][0].keys() >= {"n", "role", "section", "source", "text"}
    assert data["citations"][0]["n"] == 1 and "$180,000" in data["citations"][0]["text"]
    assert len(data["evidence"]) >= 4
    assert data["evidence"][0].keys() >= {"role", "section", "source", "text", "score"}
    assert data["path"] == "extractive"


def test_batch_from_stdin_is_json_lines_in_order(seeded: Settings) -> None:
    questions = ["What does a Tech Director earn?", "", "What is the salary of a Director of Education Technology?",
                 "What degree does a Tech Director need?"]
    result = runner.invoke(app, ["ask", "--json", "--batch", "-"], input="\n".join(questions) + "\n", env=_env(seeded))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == [q for q in questions if q]
    assert [line["abstained"] for line in lines] == [False, True, False]


def test_batch_from_file(seeded: Settings, tmp_path: Path) -> None:
    batch = tmp_path / "questions.txt"
    batch.write_text("What are the soft skills of a Tech Director?\nWho does the EdTech Director mentor?\n")
    result = runner.invoke(app, ["ask", "--json", "--batch", str(batch)], env=_env(seeded))
    assert len(result.stdout.splitlines()) == 2


def test_empty_question_is_one_clear_line(seeded: Settings) -> None:
    result = runner.invoke(app, ["ask", "  "], env=_env(seeded))
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error: The question is empty")
    assert "Traceback" not in result.output


def test_no_index_says_what_to_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ask", "What does a Tech Director do?"], env={"ADVISOR_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 1
    assert "run `advisor ingest`" in result.stderr


def test_ingest_reports_counts_then_is_idempotent(tmp_path: Path, knowledge_copy: Path) -> None:
    env = {"ADVISOR_DATA_DIR": str(tmp_path / "data"), "ADVISOR_KNOWLEDGE_DIR": str(knowledge_copy)}
    first = runner.invoke(app, ["ingest"], env=env)
    assert first.exit_code == 0, first.output
    added = int(re.search(r"(\d+) chunks added", first.stdout).group(1))
    assert added > 20
    second = runner.invoke(app, ["ingest"], env=env)
    assert f"0 chunks added, 0 updated, 0 removed, {added} unchanged" in second.stdout


def test_ingest_skips_an_unreadable_file_by_name_and_fails_only_when_strict(tmp_path: Path,
                                                                             knowledge_copy: Path) -> None:
    (knowledge_copy / "broken.md").write_bytes(b"\xff\xfe\x00\x00garbage")
    env = {"ADVISOR_DATA_DIR": str(tmp_path / "data"), "ADVISOR_KNOWLEDGE_DIR": str(knowledge_copy)}
    result = runner.invoke(app, ["ingest"], env=env)
    assert result.exit_code == 0, result.output  # the good files were indexed: the ingest did its job
    assert "knowledge/broken.md: looks binary" in result.stderr
    assert "chunks added" in result.stdout
    strict = runner.invoke(app, ["ingest", "--strict"], env=env)
    assert strict.exit_code == 1 and "knowledge/broken.md: looks binary" in strict.stderr


def test_ingest_that_reads_no_file_at_all_fails(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "broken.md").write_bytes(b"\xff\xfe\x00\x00garbage")
    result = runner.invoke(app, ["ingest", str(folder)], env={"ADVISOR_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 1 and "no role document could be read (1 failed)" in result.stderr, result.output


def test_ingest_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope")], env={"ADVISOR_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 1 and "no such file or folder" in result.stderr


def test_roles_lists_topics_covered(seeded: Settings) -> None:
    result = runner.invoke(app, ["roles", "--json"], env=_env(seeded))
    roles = {r["title"]: r for r in json.loads(result.stdout)}
    assert set(roles) == {"Tech Director", "Director of Education Technology"}
    assert "pay" in roles["Tech Director"]["topics"] and "progression" in roles["Tech Director"]["topics"]
    assert "pay" not in roles["Director of Education Technology"]["topics"]
    assert "EdTech Director" in roles["Director of Education Technology"]["aliases"]


def test_roles_shows_families_with_their_levels_in_100_columns(seeded: Settings, tmp_path: Path,
                                                               embedder: Embedder) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "software-engineer.md").write_text(ENGINEER_DOC)
    env = {**_env(seeded), "ADVISOR_DATA_DIR": str(tmp_path / "data"), "ADVISOR_KNOWLEDGE_DIR": str(folder),
           "COLUMNS": "160"}
    sync(load_settings(data_dir=tmp_path / "data", knowledge_dir=folder), [folder], embedder)
    data = json.loads(runner.invoke(app, ["roles", "--json"], env=env).stdout)
    family = next(r for r in data if r["title"] == "Software Engineer")
    assert family["level"] == "" and family["levels"] == ["L1", "L2", "L3", "L4"]
    senior = next(r for r in data if r["title"] == "Senior Software Engineer")
    assert senior["family"] == "Software Engineer" and senior["level"] == "L3" and senior["rank"] == 2
    assert "L3" in senior["aliases"]
    shown = runner.invoke(app, ["roles"], env=env).stdout
    assert "└ Staff Software Engineer" in shown and "pay" in shown
    assert max(len(line) for line in shown.splitlines()) <= 100
    header = next(line for line in shown.splitlines() if "Role" in line)
    assert [cell.strip() for cell in header.strip("┃ ").split("┃")] == ["Role", "Aliases", "Topics covered"]


def test_chat_keeps_the_role_for_follow_ups(seeded: Settings) -> None:
    result = runner.invoke(app, ["chat"], input="What does a Tech Director do?\nand what about its pay?\n\n",
                           env=_env(seeded))
    assert result.exit_code == 0, result.output
    assert "$180,000 - $275,000+" in result.stdout


def test_chat_follows_the_other_one_compare_them_and_small_talk(seeded: Settings) -> None:
    said = ["what is the pay for a tech director?", "what about the other one?", "compare them", "thanks!", "hi",
            "what education does a tech director need?", "and the other one?", "both"]
    result = runner.invoke(app, ["chat"], input="\n".join(said) + "\n", env=_env(seeded))
    assert result.exit_code == 0, result.output
    replies = dict(zip(said, result.stdout.split("you> ")[1:]))
    assert "Director of Education Technology" in replies["what about the other one?"]
    assert "$180,000" not in replies["what about the other one?"]
    assert "Tech Director" in replies["compare them"] and "Director of Education Technology" in replies["compare them"]
    assert "welcome" in replies["thanks!"].lower() and "Tech Director" not in replies["thanks!"]
    assert "welcome" not in replies["hi"].lower() and "Tech Director" not in replies["hi"]
    assert "Director of Education Technology" in replies["and the other one?"]
    assert "Bachelor" in replies["both"] and "Director of Education Technology" in replies["both"]


def test_start_without_slack_tokens_explains_and_answers(seeded: Settings) -> None:
    result = runner.invoke(app, ["start"], env=_env(seeded))
    assert result.exit_code == 0, result.output
    assert "SLACK_BOT_TOKEN" in result.stderr
    assert "$180,000 - $275,000+" in result.stdout
    assert "doesn't give pay" in result.stdout


@pytest.mark.parametrize("question", ["What does a Tech Director earn?"])
def test_separate_knowledge_and_data_folders_do_not_touch_defaults(tmp_path: Path, question: str) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "nurse.md").write_text("# Nurse\n\n## Pay\n\n$60,000 - $80,000\n")
    env = {"ADVISOR_DATA_DIR": str(tmp_path / "idx"), "ADVISOR_KNOWLEDGE_DIR": str(other)}
    assert runner.invoke(app, ["ingest"], env=env).exit_code == 0
    result = runner.invoke(app, ["ask", "--json", "What is the pay of a nurse?"], env=env)
    assert "$60,000 - $80,000" in json.loads(result.stdout)["answer"]
    tech = json.loads(runner.invoke(app, ["ask", "--json", question], env=env).stdout)
    assert tech["abstained"] and "$180,000" not in tech["answer"]


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every command and group of the app, by the words that invoke it."""
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, (*path, name))
    return found


COMMANDS = _commands(typer.main.get_command(app))


def test_the_help_checks_see_every_command() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"ingest", "ask", "chat", "roles", "start", "feedback", "gaps", "store purge", "eval judge"} <= names


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=lambda p: " ".join(p) or "advisor")
def test_help_names_only_options_the_command_has(path: tuple[str, ...]) -> None:
    """A --option named in a command's help must be one it (or, in a group's list, one of its commands) takes:
    `roles`, `feedback` and `gaps` once offered a --batch they don't have."""
    command = dict(COMMANDS)[path]
    own = {opt for p in command.params for opt in p.opts + p.secondary_opts} | {"--help"}
    if hasattr(command, "commands"):
        own |= {opt for sub_path, sub in COMMANDS if sub_path[:len(path)] == path
                for p in sub.params for opt in p.opts}
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    if not path:
        assert "Role Advisor: grounded, cited answers" in result.stdout
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", result.stdout))
    assert named, result.stdout  # at least --help itself
    assert named <= own, f"{' '.join(path)} --help names {sorted(named - own)}"


@pytest.mark.parametrize("path", [path for path, c in COMMANDS if c.callback and c.callback.__doc__],
                         ids=lambda p: " ".join(p) or "advisor")
def test_help_paragraphs_are_not_broken_mid_sentence(path: tuple[str, ...]) -> None:
    """Each paragraph of a command's docstring shows on one line of a wide terminal (no line break where the
    source happened to wrap)."""
    doc = dict(COMMANDS)[path].callback.__doc__
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "400"})
    lines = [" ".join(line.strip(" │").split()) for line in result.stdout.splitlines()]
    for paragraph in (" ".join(p.split()) for p in doc.split("\n\n")):
        assert paragraph in lines, f"{paragraph!r} is not one line of:\n{result.stdout}"

"""Ingest: idempotent, incremental, atomic; bad files lose nothing. Real Chroma on disk, real model."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.embeddings import Embedder
from advisor.engine import Advisor
from advisor.errors import IndexMissingError
from advisor.index import open_index, sync
from advisor.settings import Settings
from tests.conftest import ENGINEER_DOC


class CountingEmbedder(Embedder):
    """The real model, counting how many texts it embeds (and failing on demand)."""

    def __init__(self, real: Embedder, fail_after: int | None = None) -> None:
        super().__init__()
        self._model = real.model
        self.embedded = 0
        self.texts: list[str] = []
        self.fail_after = fail_after

    def embed(self, texts: list[str], batch_size: int = 64) -> list[list[float]]:
        if self.fail_after is not None and self.embedded + len(texts) > self.fail_after:
            raise RuntimeError("simulated crash while embedding")
        self.embedded += len(texts)
        self.texts.extend(texts)
        return super().embed(texts, batch_size)


def test_reingest_is_idempotent_and_embeds_nothing(fresh_settings: Settings, knowledge_copy: Path,
                                                   embedder: Embedder) -> None:
    first = sync(fresh_settings, [knowledge_copy], embedder)
    assert first.added > 20 and first.removed == 0
    counting = CountingEmbedder(embedder)
    second = sync(fresh_settings, [knowledge_copy], counting)
    assert (second.added, second.updated, second.removed) == (0, 0, 0)
    assert second.unchanged == first.added
    assert second.collection == first.collection
    assert counting.embedded == 0


def test_editing_a_file_embeds_only_the_changed_chunks(fresh_settings: Settings, knowledge_copy: Path,
                                                       embedder: Embedder) -> None:
    sync(fresh_settings, [knowledge_copy], embedder)
    doc = knowledge_copy / "tech-director.md"
    doc.write_text(doc.read_text().replace("$180,000 - $275,000+", "$190,000 - $280,000+"))
    counting = CountingEmbedder(embedder)
    report = sync(fresh_settings, [knowledge_copy], counting)
    assert (report.added, report.removed) == (1, 1)
    assert counting.embedded == 1
    answer = Advisor(fresh_settings, embedder).ask("What is the Tech Director salary?")
    assert "$190,000 - $280,000+" in answer.answer and "$180,000" not in answer.answer


def test_moving_a_paragraph_updates_positions_without_reembedding(fresh_settings: Settings, knowledge_copy: Path,
                                                                   embedder: Embedder) -> None:
    sync(fresh_settings, [knowledge_copy], embedder)
    doc = knowledge_copy / "tech-director.md"
    text = doc.read_text()
    salary = "## Salary Range\n\n$180,000 - $275,000+\n\n"
    doc.write_text(text.replace(salary, "") + "\n" + salary)
    counting = CountingEmbedder(embedder)
    report = sync(fresh_settings, [knowledge_copy], counting)
    assert report.added == 0 and report.removed == 0 and report.updated > 0
    assert counting.embedded == 0


def test_deleted_file_loses_its_chunks(fresh_settings: Settings, knowledge_copy: Path, embedder: Embedder) -> None:
    sync(fresh_settings, [knowledge_copy], embedder)
    (knowledge_copy / "director-of-education-technology.md").unlink()
    report = sync(fresh_settings, [knowledge_copy], embedder)
    assert report.removed > 5 and report.added == 0
    index = open_index(fresh_settings, embedder)
    assert {r.role for r in index.records} == {"Tech Director"}


def test_failure_midway_leaves_the_previous_index_answering(fresh_settings: Settings, knowledge_copy: Path,
                                                            embedder: Embedder) -> None:
    sync(fresh_settings, [knowledge_copy], embedder)
    before = open_index(fresh_settings, embedder)
    (knowledge_copy / "software-engineer.md").write_text(ENGINEER_DOC)
    with pytest.raises(RuntimeError, match="simulated crash"):
        sync(fresh_settings, [knowledge_copy], CountingEmbedder(embedder, fail_after=1))
    after = open_index(fresh_settings, embedder)
    assert after.name == before.name and len(after.records) == len(before.records)
    answer = Advisor(fresh_settings, embedder).ask("What does a Tech Director earn?")
    assert "$180,000 - $275,000+" in answer.answer
    report = sync(fresh_settings, [knowledge_copy], embedder)
    assert report.added > 0
    assert "Software Engineer" in {r.role for r in open_index(fresh_settings, embedder).records}


def test_a_bad_file_is_reported_and_keeps_its_previous_version(fresh_settings: Settings, knowledge_copy: Path,
                                                               embedder: Embedder) -> None:
    sync(fresh_settings, [knowledge_copy], embedder)
    doc = knowledge_copy / "tech-director.md"
    doc.write_bytes(b"\x00\x01\x02 binary garbage")
    (knowledge_copy / "empty.md").write_text("")
    report = sync(fresh_settings, [knowledge_copy], embedder)
    assert {e.source for e in report.errors} == {"knowledge/tech-director.md", "knowledge/empty.md"}
    assert report.removed == 0
    answer = Advisor(fresh_settings, embedder).ask("What does a Tech Director earn?")
    assert "$180,000 - $275,000+" in answer.answer


def test_identical_duplicate_file_is_skipped(fresh_settings: Settings, knowledge_copy: Path, embedder: Embedder) -> None:
    (knowledge_copy / "copy-of-tech-director.md").write_bytes((knowledge_copy / "tech-director.md").read_bytes())
    report = sync(fresh_settings, [knowledge_copy], embedder)
    assert report.duplicates == [("knowledge/tech-director.md", "knowledge/copy-of-tech-director.md")]
    index = open_index(fresh_settings, embedder)
    assert len({r.text for r in index.records}) == len(index.records)


def test_no_index_yet_says_what_to_run(tmp_path: Path, embedder: Embedder) -> None:
    settings = Settings(data_dir=tmp_path / "empty")
    with pytest.raises(IndexMissingError, match="advisor ingest"):
        Advisor(settings, embedder).ask("What does a Tech Director do?")


def test_a_running_advisor_picks_up_a_reingest(fresh_settings: Settings, knowledge_copy: Path,
                                               embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    sync(fresh_settings, [knowledge_copy], embedder)
    advisor = Advisor(fresh_settings.model_copy(update={"index_check_seconds": 0}), embedder)
    assert "Software Engineer" not in advisor.roles
    (knowledge_copy / "software-engineer.md").write_text(ENGINEER_DOC)
    sync(fresh_settings, [knowledge_copy], embedder)
    answer = advisor.ask("What is the pay for a Senior Software Engineer?")
    assert "$140,000 - $175,000" in answer.answer


def _advisor_with(settings: Settings, folder: Path, embedder: Embedder, name: str, text: str) -> Advisor:
    """The seed documents and one more, ingested, and an advisor over them."""
    (folder / name).write_text(text)
    sync(settings, [folder], embedder)
    return Advisor(settings, embedder)


def test_a_further_role_with_a_pay_table_answers_by_level(fresh_settings: Settings, knowledge_copy: Path,
                                                          embedder: Embedder) -> None:
    advisor = _advisor_with(fresh_settings, knowledge_copy, embedder, "software-engineer.md", ENGINEER_DOC)
    answer = advisor.ask("How much does a Staff Software Engineer (L4) make?")
    assert "$175,000 - $215,000" in answer.answer
    assert "$95,000" not in answer.answer
    assert answer.citations[0].text.startswith("| Level | Title | Base salary (USD) |")
    whole = advisor.ask("What are the pay levels for software engineers?")
    assert all(f"L{i}" in whole.answer for i in range(1, 5))
    edtech = advisor.ask("What does the Director of Education Technology earn?")
    assert edtech.abstained and "$" not in edtech.answer


def test_a_relative_data_folder_is_cleaned_up_after_an_edit(tmp_path: Path, knowledge_copy: Path, embedder: Embedder,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings(data_dir=Path("data"), knowledge_dir=knowledge_copy)  # as the README runs it: relative
    sync(settings, [knowledge_copy], embedder)
    doc = knowledge_copy / "tech-director.md"
    doc.write_text(doc.read_text().replace("$180,000 - $275,000+", "$190,000 - $280,000+"))
    report = sync(settings, [knowledge_copy], embedder)
    assert (report.added, report.removed) == (1, 1)
    assert "$190,000 - $280,000+" in Advisor(settings, embedder).ask("What is the Tech Director salary?").answer


def test_a_new_topic_method_redecides_topics_without_reembedding_the_text(
        fresh_settings: Settings, knowledge_copy: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    first = sync(fresh_settings, [knowledge_copy], embedder)
    before = {r.id: r.topics for r in open_index(fresh_settings, embedder).records}
    monkeypatch.setattr("advisor.index.METHOD_VERSION", "test-next")
    counting = CountingEmbedder(embedder)
    report = sync(fresh_settings, [knowledge_copy], counting)
    assert report.updated == first.added and report.added == 0
    records = open_index(fresh_settings, embedder).records
    assert {r.id: r.topics for r in records} == before  # same method under a new name: same topics
    headings = {h for r in records for h in r.section.split(" › ")[1:][-2:]}
    assert headings <= set(counting.texts)  # the headings were read again ...
    assert not {r.embedding_text for r in records} & set(counting.texts)  # ... and no chunk was embedded again
    again = CountingEmbedder(embedder)
    assert sync(fresh_settings, [knowledge_copy], again).changed is False and again.embedded == 0


LADDER_DOC = """# Support Engineer

Support engineers keep customers' systems running.

## Level 1

Answers tickets from customers with guidance from a senior colleague.

## Level 2

Owns escalated tickets end to end and writes the team's runbooks.

## Level 3

Leads incident response and coaches the engineers at levels 1 and 2.
"""


def test_the_level_after_another_comes_from_the_ladders_order(fresh_settings: Settings, knowledge_copy: Path,
                                                              embedder: Embedder) -> None:
    advisor = _advisor_with(fresh_settings, knowledge_copy, embedder, "support-engineer.md", LADDER_DOC)
    after = advisor.ask("What comes after Support Engineer Level 2?")
    assert not after.abstained
    assert "Leads incident response" in after.answer and "Level 3" in after.answer
    assert "Owns escalated tickets" not in after.answer
    before = advisor.ask("Which level leads into Support Engineer Level 2?")
    assert "Answers tickets from customers" in before.answer and "Leads incident response" not in before.answer
    top = advisor.ask("What comes after Support Engineer Level 3?")
    assert top.abstained  # the ladder ends there and the document says nothing further


FRAMEWORK_DOC = """# Acme engineering career development framework

## When do I get promoted?

You are eligible for promotion after two quarters of strong performance at your current level.

## How levels work

Every engineer is expected to reach at least level 3. You do not need to be at level 5 to become a staff engineer.
"""


def test_a_page_about_a_discipline_answers_for_its_practitioners(fresh_settings: Settings, knowledge_copy: Path,
                                                                  embedder: Embedder) -> None:
    advisor = _advisor_with(fresh_settings, knowledge_copy, embedder, "acme-engineering-framework.md", FRAMEWORK_DOC)
    promo = advisor.ask("When is an engineer at Acme eligible for promotion?")
    assert not promo.abstained and "two quarters" in promo.answer
    assert {c.source for c in promo.citations} == {"knowledge/acme-engineering-framework.md"}
    senior = advisor.ask("Do I need to be level 5 to become a staff engineer at acme?")  # no ladder: the text says
    assert not senior.abstained and "do not need to be at level 5" in senior.answer


def test_small_numbers_spelt_out_are_their_digits_to_the_lexical_side() -> None:
    from advisor.retrieve import tokenize

    assert tokenize("If a member works five-day weeks") == tokenize("if a member works 5 day weeks")
    assert "12" in tokenize("twelve months") and "2024" in tokenize("in 2024")

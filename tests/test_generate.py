"""The scale benchmark's document generator: deterministic, unique titles, true labels, ingestible."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path

import pytest

from advisor.embeddings import Embedder
from advisor.engine import Advisor
from advisor.index import sync
from advisor.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
generate_mod = sys.modules.setdefault("bench_generate", importlib.util.module_from_spec(_spec))  # type: ignore[arg-type]
_spec.loader.exec_module(generate_mod)  # type: ignore[union-attr]

MONEY = re.compile(r"[$£€]\s?\d")


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_corpus_and_questions(tmp_path: Path) -> None:
    generate_mod.generate(30, tmp_path / "a", seed=11, sample=10)
    generate_mod.generate(30, tmp_path / "b", seed=11, sample=10)
    generate_mod.generate(30, tmp_path / "c", seed=12, sample=10)
    a, b, c = _tree(tmp_path / "a"), _tree(tmp_path / "b"), _tree(tmp_path / "c")
    assert len([k for k in a if k.startswith("knowledge/")]) == 30
    assert a == b
    assert a != c


def test_titles_and_aliases_are_unique_at_a_thousand_roles() -> None:
    roles = generate_mod.build_roles(1000, random.Random(7))
    names = [generate_mod.name_key(n) for r in roles for n in (r.title, *r.aliases)]
    assert len(roles) == 1000
    assert len(names) == len(set(names))
    assert {r.family for r in roles} >= {"Engineering", "Data", "Design", "Product", "Sales", "Finance", "People",
                                         "Education", "Operations"}


def test_every_label_is_in_its_own_roles_document_and_traps_have_no_pay(tmp_path: Path) -> None:
    paths, questions = generate_mod.generate(200, tmp_path, seed=5, sample=60)
    docs = {p.stem: p.read_text() for p in paths}
    kinds = {q.kind for q in questions}
    assert kinds == {"pay", "progression", "education", "experience", "responsibility", "skill", "trap"}
    for q in questions:
        doc = docs[generate_mod._slug(q.role)]
        assert f"title: {q.role}\n" in doc
        if q.kind == "trap":
            assert not MONEY.search(doc), q.role
        else:
            assert q.evidence in doc and q.answer in doc, q.q
    tables = [d for d in docs.values() if "## Pay by Level" in d]
    assert tables and all(len(re.findall(r"^\| \w+ \| [A-Z]+\d \| \$", d, re.M)) == 5 for d in tables)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> tuple[Path, list, object]:
    """Six generated roles (seed chosen so some have pay and one does not), ingested once."""
    root = tmp_path_factory.mktemp("generated")
    paths, questions = generate_mod.generate(6, root, seed=3, sample=6)
    settings = load_settings(data_dir=root / "data", knowledge_dir=root / "knowledge")
    report = sync(settings, [root / "knowledge"], embedder)
    return root, questions, (report, Advisor(settings, embedder))


@pytest.mark.slow
def test_generated_documents_ingest_without_errors(small_corpus: tuple) -> None:
    root, questions, (report, advisor) = small_corpus
    assert report.errors == [] and report.duplicates == []
    assert len(report.files) == 6 and report.added > 6 * 8
    titles = {q.role for q in questions}
    assert {r.title for r in advisor.roles.values() if not r.level} == titles
    laddered = [r for r in advisor.roles.values() if r.is_family]
    assert laddered and all(len(r.levels) == 5 for r in laddered)  # a pay table by level gives each level a role
    assert all("pay" in advisor.roles[q.role].topics for q in questions if q.kind == "pay")


@pytest.mark.slow
def test_generated_pay_question_is_answered_and_no_pay_trap_abstains(small_corpus: tuple) -> None:
    _, questions, (_, advisor) = small_corpus
    pay = [q for q in questions if q.kind == "pay"]
    traps = [q for q in questions if q.kind == "trap"]
    assert pay and traps
    for q in pay:
        answer = advisor.ask(q.q)
        assert not answer.abstained and q.answer in answer.answer, (q.q, answer.answer)
        assert any(c.role == q.role and q.evidence in c.text for c in answer.citations)
    for q in traps:
        answer = advisor.ask(q.q)
        assert answer.abstained, (q.q, answer.answer)
        assert not MONEY.search(answer.answer)
        assert answer.citations == []

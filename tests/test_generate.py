"""The scale benchmark's document generator: deterministic, varied in shape, true labels, ingestible, answerable."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from collections import Counter
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

MONEY = re.compile(r"[$£€]\s?\d|\b(?:CAD|USD|GBP|EUR)\s?\d")
SUFFIX = {"markdown": {".md"}, "ladder": {".md"}, "class-spec": {".md", ".txt"}, "posting": {".txt"}, "html": {".html"}}


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


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_shape_in_thirty_documents_each_in_its_format(tmp_path: Path, seed: int) -> None:
    paths, questions = generate_mod.generate(30, tmp_path, seed=seed, sample=10)
    roles = generate_mod.build_roles(30, random.Random(seed))  # the same roles generate() wrote
    assert {r.shape for r in roles} == set(generate_mod.SHAPES)
    assert sorted(p.name for p in paths) == sorted(r.source for r in roles)
    for role in roles:
        assert Path(role.source).suffix in SUFFIX[role.shape], role.source
    assert {q.shape for q in questions} == set(generate_mod.SHAPES)  # 10 sampled documents: two of each shape


def test_headings_pay_periods_and_currencies_vary(tmp_path: Path) -> None:
    paths, _ = generate_mod.generate(200, tmp_path, seed=5, sample=10)
    text = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    for wording in ("## Salary\n", "## What we pay", "## Responsibilities", "What you'll do", "Key duties",
                    "Minimum qualifications", "Essential criteria", "Who you are", "What we offer",
                    "Where this role leads"):
        assert wording in text, wording
    for period in ("per hour", "monthly", "per week", "Step 1 ", "Step 5 "):
        assert period in text, period
    for currency in (r"\$\d", r"£\d", r"€\d", r"CAD \d"):
        assert re.search(currency, text), currency
    for shape_marker in ("Job Title: ", "Distinguishing Characteristics", "Examples of Duties", "<nav",
                         "<footer>", "## L3 — ", "| Level | Title |"):
        assert shape_marker in text or shape_marker.upper() in text, shape_marker
    assert re.search(r"^#+ (?:Level \d|Band [A-F]|(?:IC|P|E)\d )", text, re.M)


def test_titles_aliases_and_level_titles_are_unique_at_a_thousand_documents() -> None:
    roles = generate_mod.build_roles(1000, random.Random(7))
    names = [generate_mod.name_key(n) for r in roles for n in (r.title, *r.aliases)]
    levels = [generate_mod.name_key(lv.title) for r in roles for lv in r.levels if lv.title != r.title]
    assert len(roles) == 1000
    assert len(names) == len(set(names))
    assert len(levels) == len(set(levels)) and not set(levels) & set(names)
    assert {r.family for r in roles} >= {"Engineering", "Data", "Design", "Product", "Sales", "Finance", "People",
                                         "Education", "Operations", "Public Service"}
    shapes = Counter(r.shape for r in roles)
    assert all(shapes[s] >= 50 for s in generate_mod.SHAPES), shapes


def test_every_label_is_what_its_own_document_says_and_traps_have_no_pay(tmp_path: Path) -> None:
    paths, questions = generate_mod.generate(200, tmp_path, seed=5, sample=60)
    docs = {p.name: p.read_text(encoding="utf-8") for p in paths}
    assert {q.kind for q in questions} == set(generate_mod.KINDS)
    assert {q.shape for q in questions} == set(generate_mod.SHAPES)
    for q in questions:
        doc = docs[q.source]
        assert q.role in doc and (q.level in doc), q
        if q.kind == "trap":
            assert not MONEY.search(doc), q.source
            continue
        assert q.answer and q.answer in q.evidence and q.evidence in doc, q
        if q.kind == "level-pay":  # the figure sits on the asked level's own line or row
            (line,) = [ln for ln in doc.splitlines() if q.evidence in ln]
            cells = [c.strip() for c in line.split("|") if c.strip()]
            assert q.level in line or any(c in q.q for c in cells[:2]), (q.q, line)
        if q.kind in ("pay", "level-pay"):
            assert MONEY.search(q.answer), q.answer  # the currency is part of the expected fact


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> tuple[Path, list, object]:
    """Twelve generated documents, every one asked about, ingested once (seed chosen so that every shape has a pay
    question and four shapes have a document without pay; the first test checks that still holds)."""
    root = tmp_path_factory.mktemp("generated")
    paths, questions = generate_mod.generate(12, root, seed=25, sample=12)
    settings = load_settings(data_dir=root / "data", knowledge_dir=root / "knowledge")
    report = sync(settings, [root / "knowledge"], embedder)
    return root, questions, (report, Advisor(settings, embedder))


def _pay(questions: list, shape: str) -> list:
    return [q for q in questions if q.shape == shape and q.kind in ("pay", "level-pay")]


@pytest.mark.slow
def test_generated_documents_ingest_without_errors(small_corpus: tuple) -> None:
    root, questions, (report, advisor) = small_corpus
    assert report.errors == [] and report.duplicates == []
    assert len(report.files) == 12 and report.added > 12 * 8
    assert all(_pay(questions, shape) for shape in generate_mod.SHAPES)
    assert len({q.shape for q in questions if q.kind == "trap"}) >= 4


# Shapes whose pay questions the advisor does not yet answer right on this corpus (see benchmarks/README.md):
# not strict, so a fix shows as XPASS; remove the entry then.
# (the ladder's 'Senior X (P3)' and the class series' 'Data Scientist I' entries were fixed and removed on 2026-11-24)
KNOWN_PAY_FAILURES: dict[str, str] = {}


@pytest.mark.slow
@pytest.mark.parametrize("shape", [pytest.param(s, marks=pytest.mark.xfail(reason=KNOWN_PAY_FAILURES[s], strict=False))
                                   if s in KNOWN_PAY_FAILURES else s for s in generate_mod.SHAPES])
def test_generated_pay_question_is_answered_with_its_figure_and_cited(small_corpus: tuple, shape: str) -> None:
    _, questions, (_, advisor) = small_corpus
    wrong = []
    for q in _pay(questions, shape):
        answer = advisor.ask(q.q)
        cited = any(c.role == q.role and q.evidence in c.text for c in answer.citations)
        if answer.abstained or q.answer not in answer.answer or not cited:
            wrong.append((q.q, q.answer, answer.answer[:200]))
    assert not wrong, "\n".join(f"{q} | want {want} | got {got}" for q, want, got in wrong)


@pytest.mark.slow
def test_generated_no_pay_traps_abstain_in_every_shape(small_corpus: tuple) -> None:
    _, questions, (_, advisor) = small_corpus
    traps = [q for q in questions if q.kind == "trap"]
    assert traps
    for q in traps:
        answer = advisor.ask(q.q)
        assert answer.abstained, (q.q, answer.answer)
        assert not MONEY.search(answer.answer)
        assert answer.citations == []

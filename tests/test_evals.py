"""Answer evals: metrics on hand-made answers with known scores, schema errors, the judge against its labels,
the LLM judge with a fake chat model, and `advisor eval` end to end (reports, --check, --compare)."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from advisor.cli import app
from advisor.embeddings import Embedder
from advisor.evals import report as reports
from advisor.evals.golden import Case, EvalDataError, load_cases, load_questions, load_thresholds
from advisor.evals.judge import Judge, claims_of, cohen_kappa
from advisor.evals.metrics import Output, Passage, aggregate, fact_present, forbidden_present, retrieval_scores, score_case
from tests.conftest import KNOWLEDGE, ROOT

EVALS = ROOT / "evals"
TD = "Tech Director"
DET = "Director of Education Technology"
SALARY = Passage(TD, "Tech Director › Salary Range", "$180,000 - $275,000+", "knowledge/tech-director.md")
MIN_EDU = Passage(TD, "Tech Director › Education & Experience › Educational Background › Minimum Education",
                  "- Bachelor's Degree", "knowledge/tech-director.md")
DET_INFRA = Passage(DET, "Director of Education Technology › Operational Oversight and Infrastructure",
                    "The director is accountable for the budget, procurement, and maintenance of the technological "
                    "ecosystem, including networks, servers, devices, and cybersecurity protocols.",
                    "knowledge/director-of-education-technology.md")


@pytest.fixture(scope="module")
def judge() -> Judge:
    return Judge({TD: ("Director of Technology", "Technology Director"),
                  DET: ("Director of EdTech", "EdTech Director", "Education Technology Director")})


def _case(**fields: object) -> Case:
    base = {"id": "t", "question": "What is the salary range for a Tech Director?", "expect": "answer",
            "facts": ["$180,000", "$275,000"], "evidence": [{"role": TD, "section": "Salary Range", "text": "$180,000"}]}
    return Case.model_validate({**base, **fields})


# -- metrics on hand-made answers with known scores ----------------------------------------------------

def test_perfectly_grounded_answer_scores_full_marks(judge: Judge) -> None:
    output = Output("Tech Director — Salary Range: $180,000 - $275,000+ [1]", False, {1: SALARY}, (SALARY, MIN_EDU))
    score = score_case(_case(), output, judge)
    assert score.correctness == 1.0 and score.passed and not score.failures
    (claim,) = score.claims
    assert claim.supported and claim.entailed and claim.citation_relevant == {1: True}
    assert claim.unsupported_numbers == ()
    assert score.retrieval == {"hit@1": 1.0, "hit@4": 1.0, "mrr@4": 1.0, "ndcg@4": 1.0, "recall@4": 1.0,
                               "context_chars": float(len(SALARY.text) + len(MIN_EDU.text))}


def test_swapped_salary_is_unsupported_and_counted(judge: Judge) -> None:
    output = Output("Tech Director — Salary Range: $180,000 - $257,000+ [1]", False, {1: SALARY}, (SALARY,))
    score = score_case(_case(), output, judge)
    (claim,) = score.claims
    assert not claim.supported
    assert claim.unsupported_numbers == ("180000-257000+",)
    assert "number 180000-257000+ is not in the cited evidence" in claim.reason
    assert score.correctness == 0.5  # $180,000 is there, $275,000 is not
    assert not score.passed
    summary = aggregate([_case()], [score], [output])["generation"]
    assert summary["groundedness"] == 0.0 and summary["unsupported_numbers"] == 1


def test_invented_salary_for_the_role_without_pay_scores_as_unsupported(judge: Judge) -> None:
    case = _case(question="What does a Director of Education Technology earn?", expect="abstain", facts=[],
                 evidence=[], forbidden=["$180,000"])
    output = Output("The Director of Education Technology earns $120,000 - $150,000 a year [1].", False, {1: DET_INFRA}, ())
    score = score_case(case, output, judge)
    (claim,) = score.claims
    assert not claim.supported and claim.unsupported_numbers == ("120000-150000",)
    assert score.correctness == 0.0 and "answered a question the documents cannot answer" in score.failures


def test_citation_to_the_wrong_chunk_fails_recall_and_precision(judge: Judge) -> None:
    output = Output("Tech Director — Salary Range: $180,000 - $275,000+ [1]", False, {1: MIN_EDU}, (MIN_EDU,))
    score = score_case(_case(), output, judge)
    (claim,) = score.claims
    assert not claim.supported and not claim.entailed
    assert claim.citation_relevant == {1: False}
    assert score.correctness == 1.0 and not score.passed  # the facts are there, but not grounded where cited
    assert score.retrieval["hit@4"] == 0.0
    summary = aggregate([_case()], [score], [output])["generation"]
    assert (summary["citation_recall"], summary["citation_precision"]) == (0.0, 0.0)


def test_an_extra_citation_that_supports_nothing_is_imprecise(judge: Judge) -> None:
    output = Output("Tech Director — Salary Range: $180,000 - $275,000+ [1][2]", False, {1: SALARY, 2: MIN_EDU}, ())
    (claim,) = score_case(_case(), output, judge).claims
    assert claim.supported and claim.citation_relevant == {1: True, 2: False}


def test_abstention_scores_and_abstention_precision_recall(judge: Judge) -> None:
    unanswerable = _case(id="u", question="What is the salary of a Director of Education Technology?", expect="abstain",
                         facts=[], evidence=[], forbidden=["$180,000"])
    abstained = Output("The role documents don't say: The Director of Education Technology document doesn't give pay.",
                       True, {}, (DET_INFRA,), gaps=("The Director of Education Technology document doesn't give pay.",))
    score = score_case(unanswerable, abstained, judge)
    assert score.correctness == 1.0 and score.passed and score.gap_flagged
    assert [c.gap for c in score.claims] == [True]
    answerable = _case()
    wrongly_abstained = Output("The role documents don't say: The Tech Director document doesn't cover that.", True, {}, ())
    second = score_case(answerable, wrongly_abstained, judge)
    assert second.correctness == 0.0 and "abstained on an answerable question" in second.failures
    summary = aggregate([unanswerable, answerable], [score, second], [abstained, wrongly_abstained])["generation"]
    assert summary["abstention_recall"] == 1.0 and summary["abstention_precision"] == 0.5
    assert summary["groundedness"] is None  # no factual sentence to judge


def test_retrieval_metrics_follow_beir_conventions() -> None:
    case = _case()
    ranked = (MIN_EDU, SALARY, DET_INFRA)
    scores = retrieval_scores(case, ranked)
    assert scores["hit@1"] == 0.0 and scores["hit@4"] == 1.0 and scores["mrr@4"] == 0.5
    assert math.isclose(scores["ndcg@4"], 1 / math.log2(3))
    assert scores["recall@4"] == 1.0
    assert retrieval_scores(_case(id="u", evidence=[], expect="abstain", facts=[]), ranked) is None


def test_facts_match_with_numbers_normalised() -> None:
    assert fact_present("$180,000", "Tech Director — Salary Range: $180k - $275k+ [1]")
    assert fact_present("10-15+ years", "Typical Experience Range: 10–15+ years of progressive experience")
    assert fact_present("Bachelor's Degree", "Minimum Education: Bachelor’s degree [1]")
    assert not fact_present("$180,000", "Tech Director — Salary Range: $108,000 - $275,000+ [1]")
    assert not fact_present("5-7 years", "at least 5 years")


def test_a_citation_at_the_end_of_a_line_covers_its_sentences() -> None:
    claims = claims_of("Role — Overview: First sentence. Second sentence. [1]\nThe Role document doesn't give pay.")
    assert [(c.citations, c.gap) for c in claims] == [((1,), False), ((1,), False), ((), True)]


def test_the_pointer_after_a_cut_list_is_not_a_claim_but_an_uncited_fact_is() -> None:
    from advisor.compose import say

    answer = "\n".join(["A Role's duties [1]:", "• Plan the work. [1]", say("more", count="6", heading="Duties"),
                         "It pays $90,000."])
    assert [(c.text, c.citations) for c in claims_of(answer)] == [
        ("A Role's duties [1]:", (1,)), ("• Plan the work. [1]", (1,)), ("It pays $90,000.", ())]


def test_cohen_kappa_known_values() -> None:
    assert cohen_kappa([True, False, True, False], [True, False, True, False]) == 1.0
    assert cohen_kappa([True, True, False, False], [True, False, True, False]) == 0.0


# -- the golden set and its schema -------------------------------------------------------------------

def test_repo_golden_set_is_valid_and_big_enough() -> None:
    cases = load_cases(EVALS / "golden")
    assert len(cases) >= 80
    holdout = sum(c.holdout for c in cases)
    assert 0.2 <= holdout / len(cases) <= 0.3
    tags = {t for c in cases for t in c.tags}
    assert {"cross-role", "no-document", "typo", "paraphrase", "multi-part", "follow-up", "adversarial"} <= tags
    assert any(c.turns for c in cases) and any(c.expect == "abstain" for c in cases)


def _write(tmp_path: Path, entries: object, name: str = "cases.yaml") -> Path:
    folder = tmp_path / "golden"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(entries if isinstance(entries, str) else yaml.safe_dump(entries), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("entries", "message"), [
    ([{"id": "a", "question": "Pay?", "expect": "answer", "evidence": [{"role": TD, "text": "x"}]}],
     "cases.yaml, entry 1 ('a'): expect: answer needs at least one entry in 'facts'"),
    ([{"id": "a", "question": "Pay?", "expect": "answer", "facts": ["$1"]}], "needs at least one labelled 'evidence'"),
    ([{"id": "a", "question": "Pay?", "expect": "maybe"}], "('a'): expect: Input should be 'answer', 'abstain' or 'partial'"),
    ([{"id": "a", "question": "Pay?", "expect": "abstain", "colour": "red"}], "colour: Extra inputs are not permitted"),
    ([{"id": "a", "expect": "abstain"}], "give exactly one of 'question' or 'turns'"),
    ([{"id": "a", "turns": ["only one"], "expect": "abstain"}], "give at least two questions"),
    ([{"id": "Bad Id", "question": "Pay?", "expect": "abstain"}], "id: String should match pattern"),
    ([{"id": "a", "question": "Pay?", "expect": "abstain"}, {"id": "a", "question": "Again?", "expect": "abstain"}],
     "case id 'a' is used twice"),
    ("- id: a\n  question: [unclosed\n", "not valid YAML at line"),
    ({"id": "a"}, "expected a YAML list of entries"),
])
def test_schema_errors_are_one_clear_line(tmp_path: Path, entries: object, message: str) -> None:
    with pytest.raises(EvalDataError) as caught:
        load_cases(_write(tmp_path, entries))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value) and "Traceback" not in str(caught.value)


def test_missing_golden_folder_and_bad_thresholds_are_clear(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="No golden set"):
        load_cases(tmp_path / "nowhere")
    bad = tmp_path / "thresholds.yaml"
    bad.write_text("minimum: {correctness: high}\n", encoding="utf-8")
    with pytest.raises(EvalDataError, match="minimum.correctness: Input should be a valid number"):
        load_thresholds(bad)


def test_any_of_lists_only_for_true_synonyms(tmp_path: Path) -> None:
    ok = [{"id": "a", "question": "Degree?", "expect": "answer", "facts": [["MBA", "Master of Business Administration"]],
           "evidence": [{"role": TD, "text": "x"}]}]
    assert load_cases(_write(tmp_path, ok))[0].facts == (("MBA", "Master of Business Administration"),)
    loose = [{**ok[0], "facts": [["budget", "technical vision"]]}]
    with pytest.raises(EvalDataError, match="only for true synonyms"):
        load_cases(_write(tmp_path, loose))
    partial = [{"id": "p", "question": "Pay and duties?", "expect": "partial", "facts": []}]
    with pytest.raises(EvalDataError, match="partial needs the documented part"):
        load_cases(_write(tmp_path, partial))


def test_forbidden_facts_match_by_value_not_string() -> None:
    assert forbidden_present("$180,000", "The band starts at $180k [1].")
    assert forbidden_present("$180,000 - $275,000+", "It pays $180K–$275K+ [1].")
    assert not forbidden_present("$180,000", "It pays $18,000 [1].")
    assert forbidden_present("Chief Technology Officer", "They become chief technology officer.")


def test_shared_corpus_question_files_become_cases(tmp_path: Path) -> None:
    questions = tmp_path / "q.json"
    questions.write_text(json.dumps([
        {"id": "ont-jr-pay", "q": "weekly salary?", "kind": "answerable", "doc": "ontario-junior-developer.txt",
         "evidence": "$1,364.05 - $1,743.34 per week", "expect_all": ["$1,364.05"], "forbid": ["$1,687.30"]},
        {"id": "u-bonus", "q": "signing bonus?", "kind": "unanswerable", "doc": None, "evidence": "", "expect_all": [],
         "forbid": []}]), encoding="utf-8")
    answerable, unanswerable = load_questions(questions)
    assert (answerable.expect, answerable.facts, answerable.forbidden) == ("answer", ("$1,364.05",), ("$1,687.30",))
    assert answerable.evidence[0].text == "$1,364.05 - $1,743.34 per week" and "ontario-junior-developer" in answerable.tags
    assert unanswerable.expect == "abstain" and not unanswerable.evidence
    questions.write_text('[{"q": "no kind"}]', encoding="utf-8")
    with pytest.raises(EvalDataError, match="needs 'q' and 'kind'"):
        load_questions(questions)


# -- the optional LLM judge, with a fake chat model -----------------------------------------------------

def test_llm_judge_faithfulness_and_relevancy_with_a_fake_model(embedder: Embedder) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from advisor.evals.llm_judge import answer_relevancy, faithfulness

    model = FakeListChatModel(responses=[
        'Sure: {"statements": [{"statement": "A Tech Director earns $180,000 - $275,000+.", "verdict": 1, "reason": "stated"},'
        ' {"statement": "A Tech Director gets stock options.", "verdict": 0, "reason": "not stated"}]}',
        '```json\n{"questions": ["What is the Tech Director salary range?", "How much does a Tech Director earn?",'
        ' "What is the pay band of a Tech Director?"], "noncommittal": 0}\n```',
        '{"questions": ["What does the EdTech Director earn?"], "noncommittal": 1}',
        "I cannot produce JSON today.",
    ])
    answer = "Tech Director — Salary Range: $180,000 - $275,000+ [1] They also get stock options."
    faith = faithfulness(model, "What does a Tech Director earn?", answer, [SALARY.cited_text])
    assert faith.score == 0.5 and len(faith.detail["statements"]) == 2
    relevant = answer_relevancy(model, embedder, "What does a Tech Director earn?", answer)
    assert relevant.score is not None and relevant.score > 0.7 and not relevant.detail["noncommittal"]
    evasive = answer_relevancy(model, embedder, "What does the EdTech Director earn?", "The role documents don't say.")
    assert evasive.score == 0.0 and evasive.reason == "noncommittal answer"
    broken = faithfulness(model, "q", answer, [SALARY.cited_text])
    assert broken.score is None and "not the JSON" in broken.reason


# -- `advisor eval` end to end ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def eval_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("eval-home")
    shutil.copytree(EVALS, home / "evals")
    return home


def _env(home: Path, evals: Path | None = None) -> dict[str, str]:
    return {"ADVISOR_DATA_DIR": str(home / "data"), "ADVISOR_KNOWLEDGE_DIR": str(KNOWLEDGE),
            "ADVISOR_EVAL_DIR": str(evals or home / "evals"), "ADVISOR_EVAL_REPORTS_DIR": str(home / "reports")}


@pytest.fixture(scope="module")
def cli_run(eval_home: Path) -> tuple[object, Path]:
    out = eval_home / "run1"
    result = CliRunner().invoke(app, ["eval", "--tag", "pay", "--tag", "adversarial", "--judge", "--out", str(out)],
                                env=_env(eval_home))
    return result, out


@pytest.mark.slow
def test_eval_writes_three_readable_reports(cli_run: tuple[object, Path]) -> None:
    result, out = cli_run
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert result.exit_code == (0 if data["check"]["passed"] else 1), result.output
    first = result.output.splitlines()[0]
    assert first.startswith("GATE passed" if data["check"]["passed"] else "GATE FAILED")
    assert "correctness" in result.output and "naive top-4" in result.output and "judge: accuracy" in result.output
    assert {"overall", "retrieval", "generation", "cases", "config", "knowledge", "timings", "judge", "check"} <= set(data)
    assert set(data["overall"]) == {"ours", "baseline", "baseline_top4"} and len(data["knowledge"]["hash"]) == 64
    assert data["by_construction"] == ["groundedness", "citation_recall", "citation_precision", "unsupported_numbers"]
    assert {"first_sentence_answers", "facts_all", "extra_role_answers", "answer_chars_p50", "evidence_chars_mean",
            "pay_units_right", "abstention_precision", "abstention_recall"} <= set(data["overall"]["ours"])
    ids = {c["id"] for c in data["cases"]}
    assert "adv-script-tag" in ids and all("adversarial" in c["tags"] and "pay" in c["tags"] for c in data["cases"])
    case = next(c for c in data["cases"] if c["id"] == "adv-ignore-instructions")
    assert [f["text"] for f in case["ours"]["scores"]["forbidden"]] == ["$180,000", "$275,000"]
    assert {"correctness", "claims", "facts", "forbidden", "retrieval", "passed"} <= set(case["ours"]["scores"])
    assert data["overall"]["baseline"]["abstention_recall"] == 0.0  # the tutorial pipeline never abstains
    assert data["judge"]["accuracy"] >= 0.9 and data["judge"]["untuned"]["n"] >= 60
    assert "misses" not in data["judge"]["untuned"]  # the untuned slice is read in aggregate only
    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# advisor eval") and "**GATE" in md.splitlines()[2] and "| correctness |" in md
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.index('id="gate"') < page.index('id="failures"') < page.index("<h2>Metrics</h2>")
    assert 'class="mark"' in page and 'aria-label="judge recall by category"' in page
    assert page.count('<details class="case"') == len(data["cases"])
    assert 'id="case-adv-script-tag"' in page and "<svg" in page
    assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page
    assert "http://" not in page.replace("http://evil.example", "") and "https://" not in page


@pytest.mark.slow
def test_compare_reports_per_question_changes(cli_run: tuple[object, Path]) -> None:
    _, out = cli_run
    new = reports.load(out / "report.json")
    old = json.loads(json.dumps(new))
    flipped = old["cases"][0]
    flipped["ours"]["scores"]["passed"] = not flipped["ours"]["scores"]["passed"]
    flipped["ours"]["scores"]["correctness"] = 0.0 if flipped["ours"]["scores"]["passed"] else 1.0
    old["cases"].append({**old["cases"][1], "id": "gone-case"})
    old["overall"]["ours"]["correctness"] = 0.5
    diff = reports.compare(old, new)
    statuses = {r["id"]: r["status"] for r in diff["cases"]}
    assert statuses[flipped["id"]] in ("improved", "regressed")
    assert "gone-case" not in statuses and diff["counts"]["only_before"] == 1  # counted, not listed
    assert diff["metrics"]["correctness"]["before"] == 0.5 and diff["same_knowledge"]
    assert diff["metrics"]["correctness"]["better"] in ("better", "worse")
    page = reports.html({**new, "compare": diff})
    assert page.index("Compared with") < page.index("<h2>Metrics</h2>") and "gone-case" not in page
    with pytest.raises(EvalDataError, match="not an eval report"):
        (out / "other.json").write_text("{}", encoding="utf-8")
        reports.load(out / "other.json")


@pytest.mark.slow
def test_check_exit_codes_follow_the_thresholds(eval_home: Path) -> None:
    strict = eval_home / "strict-evals"
    shutil.copytree(eval_home / "evals", strict)
    thresholds = yaml.safe_load((strict / "thresholds.yaml").read_text(encoding="utf-8"))
    thresholds["minimum"] = {"correctness": 1.01}
    (strict / "thresholds.yaml").write_text(yaml.safe_dump(thresholds), encoding="utf-8")
    args = ["eval", "--tag", "pay", "--split", "holdout", "--check"]
    failed = CliRunner().invoke(app, [*args, "--out", str(eval_home / "strict")], env=_env(eval_home, strict))
    assert failed.exit_code == 1, failed.output
    assert failed.output.startswith("GATE FAILED") and "below threshold: correctness" in failed.output
    report_only = CliRunner().invoke(app, [*args, "--report-only", "--out", str(eval_home / "strict2")],
                                     env=_env(eval_home, strict))
    assert report_only.exit_code == 0 and "GATE FAILED" in report_only.output
    lenient = eval_home / "lenient-evals"
    shutil.copytree(eval_home / "evals", lenient)
    thresholds.update(minimum={"correctness": 0.0}, maximum={"errors": 0})
    (lenient / "thresholds.yaml").write_text(yaml.safe_dump(thresholds), encoding="utf-8")
    passed = CliRunner().invoke(app, [*args, "--out", str(eval_home / "lenient"),
                                      "--compare", str(eval_home / "strict" / "report.json")], env=_env(eval_home, lenient))
    assert passed.exit_code == 0, passed.output
    assert "compared with" in passed.output
    assert json.loads((eval_home / "lenient" / "report.json").read_text(encoding="utf-8"))["check"]["passed"] is True


def test_bad_compare_file_is_one_clear_line(eval_home: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--compare", str(tmp_path / "missing.json"), "--out", str(tmp_path / "o")],
                                env=_env(eval_home))
    assert result.exit_code == 1
    assert "no such report" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_check_fails_when_the_answer_step_is_broken_by_hand(eval_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same selection and thresholds pass with the real answer step and fail when it drops the figures."""
    import dataclasses
    import re

    from advisor.engine import Advisor

    gate = eval_home / "broken-evals"
    shutil.copytree(eval_home / "evals", gate)
    thresholds = yaml.safe_load((gate / "thresholds.yaml").read_text(encoding="utf-8"))
    thresholds.update(minimum={"correctness": 0.8}, maximum={"errors": 0})
    (gate / "thresholds.yaml").write_text(yaml.safe_dump(thresholds), encoding="utf-8")
    args = ["eval", "--check", "--tag", "pay"]
    healthy = CliRunner().invoke(app, [*args, "--out", str(eval_home / "healthy")], env=_env(eval_home, gate))
    assert healthy.exit_code == 0, healthy.output

    real_ask = Advisor.ask

    def broken_ask(self: Advisor, *a: object, **k: object) -> object:
        answer = real_ask(self, *a, **k)
        return dataclasses.replace(answer, answer=re.sub(r"[$£€]?\d[\d,.]*\+?[kK]?", "", answer.answer))

    monkeypatch.setattr(Advisor, "ask", broken_ask)
    broken = CliRunner().invoke(app, [*args, "--out", str(eval_home / "broken")], env=_env(eval_home, gate))
    assert broken.exit_code == 1, broken.output
    assert "GATE FAILED" in broken.output and "below threshold: correctness" in broken.output
    assert "missing fact: $180,000" in broken.output


def test_pay_unit_and_currency_are_scored_and_an_abstention_is_not_called_a_wrong_unit(judge: Judge) -> None:
    right = Output("A Tech Director earns $180,000 - $275,000+ [1].", False, {1: SALARY}, (SALARY,))
    assert score_case(_case(), right, judge).pay_units_right is True
    pounds = Output("A Tech Director earns £180,000 - £275,000+ [1].", False, {1: SALARY}, (SALARY,))
    wrong = score_case(_case(), pounds, judge)
    assert wrong.pay_units_right is False and "pay figure with the wrong currency or period" in wrong.failures
    abstained = score_case(_case(), Output("The role documents don't say.", True, {}, ()), judge)
    assert abstained.pay_units_right is False
    assert "pay figure with the wrong currency or period" not in abstained.failures

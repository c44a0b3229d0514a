"""The claim checker (advisor/claims.py), its word lists (advisor/lexicon.py, advisor/text.py) and its machine
interface, `advisor eval judge --pairs`, which gives the runtime verifier's verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor import lexicon
from advisor.claims import Source, check, is_gap, split_sentences
from advisor.cli import app
from advisor.evals.judge import load_pairs
from advisor.text import CURRENCIES, PERIODS, UNITS, money_spans, normalise_amount, quantities, same_currency
from advisor.verify import Claim, check_claim
from tests.conftest import ROOT

PAY = Source(1, "Tech Director", "Tech Director › Salary Range\n$180,000 - $275,000+")
WEEKLY = Source(1, "Junior Developer", "Salary: $1,364.05 - $1,743.34 per week\nHours of work: 36.25/week")
EDU = Source(2, "Tech Director", "Tech Director › Education › Preferred Education\n- Master's Degree or an MBA.")
DET = Source(3, "Director of Education Technology",
             "Director of Education Technology › Overview\nThe director is accountable for the budget.")


# -- the word lists are general facts ------------------------------------------------------------------

def test_currency_period_and_unit_words() -> None:
    assert CURRENCIES["£"] == "GBP" and CURRENCIES["c$"] == "CAD" and CURRENCIES["euros"] == "EUR"
    assert same_currency("$", "CAD") and same_currency("USD", "$") and not same_currency("GBP", "EUR")
    assert {PERIODS[w] for w in ("hourly", "hr", "per annum".split()[1], "annually", "pa")} == {"hour", "year"}
    assert PERIODS["weekly"] == "week" and PERIODS["monthly"] == "month" and UNITS["yrs"] == "year"


def test_modal_negator_and_quantifier_words() -> None:
    assert lexicon.MODALS["must"] == lexicon.MODALS["required"] == "obligation"
    assert lexicon.MODALS["preferred"] == lexicon.MODALS["desirable"] == "preference"
    assert lexicon.MODALS["may"] == "possibility" and "can" not in lexicon.MODALS  # ability, not modality
    assert {"not", "never", "without", "cannot"} <= lexicon.NEGATORS
    assert lexicon.QUANTIFIERS["every"] == "all" and lexicon.QUANTIFIERS["only"] == "only"
    assert "usually" not in lexicon.QUANTIFIERS  # hedges are free in a paraphrase
    assert lexicon.NEGATED_OBLIGATION.search("desirable but not essential")


@pytest.mark.parametrize(("text", "lo", "hi", "currency", "period"), [
    ("$180,000 - $275,000+", 180_000, 275_000, "$", ""),
    ("$180–275K+", 180_000, 275_000, "$", ""),
    ("between $180k and $275k a year", 180_000, 275_000, "$", "year"),
    ("£29,750 - £42,500", 29_750, 42_500, "GBP", ""),
    ("CAD 28 - 34 per hour", 28, 34, "CAD", "hour"),
    ("Monthly salary: €3,200 – €3,900 gross", 3_200, 3_900, "EUR", "month"),
    ("$130,000.00 Annually", 130_000, 130_000, "$", "year"),
    ("$10.20/hour", 10.2, 10.2, "$", "hour"),
])
def test_money_spans_normalise_amounts_ranges_and_periods(text: str, lo: float, hi: float, currency: str,
                                                          period: str) -> None:
    (q,) = money_spans(text)
    assert (q.lo, q.hi, q.currency, q.period) == (lo, hi, currency, period)


def test_numbers_in_words_units_and_bounds() -> None:
    (q,) = quantities("between five and ten hours a week")
    assert (q.lo, q.hi, q.unit, q.period) == (5, 10, "hour", "week")
    (q,) = quantities("a minimum of two (2) years")
    assert (q.lo, q.unit, q.bound) == (2, "year", "min")
    (q,) = quantities("Up to $125,000")
    assert q.bound == "max"
    assert normalise_amount("$180k") == 180_000 and normalise_amount("1.2m") == 1_200_000
    assert normalise_amount("not a number") is None


# -- verdicts ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "supported"), [
    ("A Tech Director earns between $180,000 and $275,000+ [1].", True),
    ("The Tech Director band is $180–275K+ [1].", True),
    ("The Tech Director salary range is $160,000 - $275,000+ [1].", False),  # swapped number
    ("The Tech Director earns $180,000 - $275,000+ per month [1].", False),  # period
    ("The Tech Director earns £180,000 - £275,000+ [1].", False),  # currency
    ("The Director of Education Technology earns $180,000 - $275,000+ [1].", False),  # wrong role
    ("A Senior Tech Director earns $180,000 - $275,000+ [1].", False),  # title outside the catalog
    ("The documents don't say what a Tech Director is paid [1].", False),  # they do
    ("A Tech Director does not earn $180,000 - $275,000+ [1].", False),  # negation with no passage sentence to match
])
def test_pay_sentences(sentence: str, supported: bool) -> None:
    verdict = check(sentence, [PAY])
    assert verdict.supported is supported, verdict.reasons


def test_hourly_or_weekly_figures_keep_their_period() -> None:
    assert check("A Junior Developer earns $1,364.05 - $1,743.34 a week [1].", [WEEKLY]).supported
    assert not check("A Junior Developer earns $1,364.05 - $1,743.34 a year [1].", [WEEKLY]).supported
    assert not check("Junior Developers work 36.25 hours a day [1].", [WEEKLY]).supported


def test_modality_negation_and_scope_must_agree() -> None:
    assert check("A master's degree or an MBA is preferred [2].", [EDU]).supported
    verdict = check("A master's degree or an MBA is required [2].", [EDU])
    assert not verdict.supported and any("obligation" in r for r in verdict.reasons)
    assert not check("An MBA is not preferred for a Tech Director [2].", [EDU]).supported
    assert not check("The MBA is the only preferred degree [2].", [EDU]).supported


def test_facts_of_two_roles_are_not_combined() -> None:
    verdict = check("The Director of Education Technology is accountable for the budget and earns "
                    "$180,000 - $275,000+ [1][3].", [PAY, DET])
    assert not verdict.supported and any("not of the role" in r or "names" in r for r in verdict.reasons)
    both = check("The Tech Director earns $180,000 - $275,000+ [1], while the Director of Education Technology "
                 "is accountable for the budget [3].", [PAY, DET])
    assert both.supported, both.reasons


def test_plurals_aliases_and_added_facts() -> None:
    assert check("Tech Directors earn $180k to $275k+ [1].", [PAY]).supported
    assert check("A Director of Technology earns $180,000 - $275,000+ [1].", [PAY]).supported
    assert not check("The Tech Director earns $180,000 - $275,000+ and receives stock options [1].", [PAY]).supported
    alias = Source(1, "Director of Education Technology", DET.text, ("EdTech Director",))
    assert check("The EdTech Director is accountable for the budget [1].", [alias]).supported


def test_citations_and_gaps() -> None:
    assert check("The Tech Director earns a lot.", [PAY]).reasons == ("no citation",)
    assert "not supplied" in check("The Tech Director earns $180,000 [4].", [PAY]).reasons[0]
    assert is_gap("The documents don't give a salary for the Director of Education Technology.")
    assert check("The documents don't give a salary for the Director of Education Technology [3].", [PAY, DET]).supported
    assert [c.citations for c in split_sentences("Pay is $180,000 [1]. Budget too. [3]")] == [(1,), (3,)]


# -- the machine interface and the runtime give the same verdicts ---------------------------------------

def _jsonl(pairs: list) -> str:
    return "\n".join(json.dumps({"id": p.id, "sentence": p.sentence,
                                 "passages": [{"n": s.n, "role": s.role, "text": s.text} for s in p.passages]})
                     for p in pairs) + "\n"


def test_eval_judge_reads_json_lines_on_stdin_and_matches_the_runtime_verifier() -> None:
    pairs = load_pairs(ROOT / "evals" / "judge_pairs.yaml")[:80]
    result = CliRunner().invoke(app, ["eval", "judge", "--pairs", "-"], input=_jsonl(pairs))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines] == [p.id for p in pairs]
    assert all(set(line) == {"id", "supported", "reasons"} for line in lines)
    for pair, line in zip(pairs, lines):
        refs = tuple(int(n) for n in __import__("re").findall(r"\[(\d+)\]", pair.sentence))
        runtime = check_claim(Claim(pair.sentence, refs), {s.n: s for s in pair.passages})
        assert runtime.ok == line["supported"], pair.id
        assert bool(line["reasons"]) != line["supported"]


def test_eval_judge_reads_a_file_and_rejects_a_bad_line(tmp_path: Path) -> None:
    good = tmp_path / "pairs.jsonl"
    good.write_text(_jsonl(load_pairs(ROOT / "evals" / "judge_pairs_untuned.yaml")[:3]), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "judge", "--pairs", str(good)])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 3
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "sentence": "no passages"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "judge", "--pairs", str(bad)])
    assert result.exit_code == 1 and "line 1: not a pair" in result.output and "Traceback" not in result.output


def test_not_just_is_not_a_negation_and_one_shared_word_is_no_match() -> None:
    """Found on the golden set: an extractive quote was flagged because its 'Role — Section:' prefix matched a
    passage sentence containing 'not just … but …' on a single word."""
    definition = Source(1, "Tech Director", "Tech Director › Role Definition\nA Tech Director, or Director of Technology, "
                        "is the strategic linchpin between executive vision and technical execution. This role "
                        "involves not just managing people and projects, but shaping the company's technology stack.")
    quote = ("Tech Director — Role Definition: A Tech Director, or Director of Technology, is the strategic linchpin "
             "between executive vision and technical execution. [1]")
    assert check(quote, [definition]).supported
    assert check("The role involves not just managing people, but shaping the technology stack [1].", [definition]).supported
    assert not check("The role does not involve managing people [1].", [definition]).supported


# -- units, periods and headings (issue 20, general forms) -----------------------------------------------

def test_currency_after_the_figure_units_after_a_modifier_and_quarters() -> None:
    (q, *_) = quantities("~1440€ as of 1 January")
    assert (q.lo, q.currency) == (1440, "EUR")
    assert quantities("within 2 business days")[0].unit == "day"
    assert quantities("one quarter of high performance")[0].unit == "quarter"
    assert quantities("a bonus of $2,000 quarterly")[0].period == "quarter"
    assert quantities("3 products or services")[0].unit == ""  # no time unit, none invented


def test_the_nearest_label_decides_modality_and_a_list_header_carries_negation() -> None:
    sql = Source(1, "Analyst", "Analyst › Experience Requirements\n- Preferred: at least 3 years of SQL experience.")
    assert check("At least 3 years of SQL experience is preferred for an Analyst [1].", [sql]).supported
    assert not check("At least 3 years of SQL experience is required for an Analyst [1].", [sql]).supported
    not_expected = Source(1, "Analyst", "Analyst › Not expected\n- Managing a team of other analysts.")
    assert check("An Analyst is not expected to manage a team of other analysts [1].", [not_expected]).supported
    assert not check("An Analyst is expected to manage a team of other analysts [1].", [not_expected]).supported
    sentence_heading = Source(1, "Analyst", "Analyst › Progression doesn't have to mean managing\n"
                              "Analysts can progress as individual contributors.")
    assert check("Analysts can progress as individual contributors [1].", [sentence_heading]).supported


def test_how_often_must_agree_without_a_figure() -> None:
    review = Source(1, "Analyst", "Analyst › Reviews\nWe run an annual review cycle. Rates are updated every year.")
    assert check("Analysts have an annual review cycle [1].", [review]).supported
    assert not check("Analysts have a monthly review cycle [1].", [review]).supported
    assert not check("Rates are updated every quarter [1].", [review]).supported


def test_durations_convert_and_a_figure_keeps_what_it_counts() -> None:
    meeting = Source(1, "Analyst", "Analyst › Reviews\nReview meetings are scheduled for 90 minutes. "
                     "The contract runs for 24 months.\n- Review 3-5 reports.\n- Reply within 2 business days.")
    assert check("Review meetings last 1.5 hours [1].", [meeting]).supported
    assert check("The contract runs for 2 years [1].", [meeting]).supported
    assert not check("The contract runs for 2 months [1].", [meeting]).supported
    assert not check("Analysts reply within 5 business days [1].", [meeting]).supported  # 5 counts reports
    assert check("Analysts reply within 2 business days [1].", [meeting]).supported


def test_a_role_named_in_another_word_order_or_by_its_level_code_keeps_its_own_figures() -> None:
    m3 = Source(1, "Engineering Manager M3", "Engineering Manager M3\n- Years of experience: typically 0-2")
    m4 = Source(2, "Engineering Manager M4", "Engineering Manager M4\n- Years of experience: typically 2+")
    assert check("An M3 Engineering Manager typically has 0-2 years of experience [1].", [m3, m4]).supported
    assert not check("An M4 Engineering Manager typically has 0-2 years of experience [1][2].", [m3, m4]).supported
    assert not check("An M4 manager typically has 0-2 years of experience [1][2].", [m3, m4]).supported
    assert check("An M4 manager typically has 2+ years of experience [1][2].", [m3, m4]).supported


def test_not_documented_sentences_look_for_the_kind_of_fact_they_deny() -> None:
    m4 = Source(1, "Engineering Manager M4", "Engineering Manager M4\n- Years of experience: typically 2+")
    assert not check("The documents don't say how many years of experience an M4 manager has [1].", [m4]).supported
    hours = Source(1, "Analyst", "Analyst › Job details\nHours of work: 36.25/week\nGrade: PO4")
    assert not check("The posting doesn't say how many hours an Analyst works [1].", [hours]).supported
    assert not check("The documents don't say what grade the Analyst is [1].", [hours]).supported
    intern = Source(1, "Intern", "Intern › Facts\nCompensation: the statutory minimum wage (~1440€ as of 2021).")
    assert not check("The documents don't say how much interns are paid [1].", [intern]).supported
    manager = Source(1, "Analyst", "Analyst › Qualifications\n- At least 5 years of experience as a Product Manager.")
    assert check("The documents don't say how many people the Analyst manages [1].", [manager]).supported
    assert check("The documents don't give a salary for the Analyst [1].", [manager]).supported


@pytest.mark.parametrize("sentence", [
    "Analysts earn 180-275k USD a year [1].",
    "Analysts earn $180 to $275 thousand a year [1].",
    "The salary is between 180 and 275 thousand dollars a year [1].",
    "Analysts earn $0.18M–$0.275M a year [1].",
    "Analysts earn USD 180,000–275,000 annually [1].",
])
def test_abbreviated_amounts_written_with_codes_words_or_multipliers(sentence: str) -> None:
    pay = Source(1, "Analyst", "Analyst › Salary\nSalary: $180,000 - $275,000 per year")
    verdict = check(sentence, [pay])
    assert verdict.supported, verdict.reasons
    assert not check(sentence.replace("275", "257"), [pay]).supported


def test_title_aliases_technical_for_tech_and_one_inner_word_left_out() -> None:
    lead = Source(1, "Tech Lead", "Tech Lead › Overview\nThe Tech Lead is responsible for the technical direction.")
    assert check("The Technical Lead is responsible for the technical direction [1].", [lead]).supported
    stack = Source(1, "Full-Stack Software Engineer", "Full-Stack Software Engineer › Experience\n"
                   "At least 5 years of experience.")
    assert check("Full Stack Engineers need at least 5 years of experience [1].", [stack]).supported
    assert not check("Senior Full Stack Engineers need at least 5 years of experience [1].", [stack]).supported
    det = Source(2, "Director of Education Technology", "Director of Education Technology › Leadership\n"
                 "This leader mentors school-based technology coordinators.")
    assert not check("The Tech Director mentors school-based technology coordinators [2].", [PAY, det]).supported

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


# -- issue 20, third pass: scope of negation and modality, figures' names and rows, periods by context -----------

def test_lexicon_bounds_denied_needs_and_non_scope_words() -> None:
    assert lexicon.BOUND_PHRASES.search("no more than six months apart")
    assert lexicon.BOUND_PHRASES.search("never below 0.625")
    for denied_need in ("isn't required", "is not a requirement", "you do not need to", "no need to",
                        "you can progress without doing it"):
        assert lexicon.NEGATED_OBLIGATION.search(denied_need), denied_need
    assert not lexicon.NEGATED_OBLIGATION.search("you will not be paid")
    assert lexicon.NOT_SCOPE.search("at most six months") and lexicon.NOT_SCOPE.search("for every 200 hours")
    assert lexicon.NOT_SCOPE.search("not only within their scope")
    assert "each" not in lexicon.QUANTIFIERS  # distributive: "the next 7 hires will each receive"
    assert lexicon.MODALS["possible"] == lexicon.MODALS["could"] == "possibility"
    assert lexicon.WORD_ABBREVIATIONS["yrs"] == "years" and lexicon.WORD_ABBREVIATIONS["min"] == "minimum"
    assert "unable" in lexicon.NEGATORS and "across" in lexicon.STOPWORDS


def test_contractions_negate() -> None:
    quota = Source(1, "Account Manager", "Account Manager › Targets\n- You will carry a sales quota")
    assert not check("Account Managers don't carry a sales quota [1].", [quota]).supported
    assert not check("An Account Manager doesn't carry a sales quota [1].", [quota]).supported
    assert check("Account Managers carry a sales quota [1].", [quota]).supported


def test_bounds_are_not_negations_and_a_range_may_join_them() -> None:
    review = Source(1, "Designer", "Designer › Reviews\nReview meetings must be no less than three months apart, and "
                    "no more than six months apart.")
    assert check("Review meetings are between three and six months apart [1].", [review]).supported
    assert not check("Review meetings are between three and six weeks apart [1].", [review]).supported
    floor = Source(1, "Engineer", "Engineer › Pay\nWe apply a floor of 0.625 to the cost of living factor.")
    assert check("The cost of living factor is never below 0.625 [1].", [floor]).supported


def test_a_denied_need_agrees_with_a_denial_or_a_preference_not_with_a_plain_statement() -> None:
    dxw = Source(1, "Designer", "Designer › Progression\nDoing line management is not a requirement for progression.")
    assert check("Line management isn't required for progression [1].", [dxw]).supported
    assert check("Designers can progress without doing line management [1].", [dxw]).supported
    assert not check("Line management is a requirement for progression [1].", [dxw]).supported
    code = Source(1, "Content Designer", "Content Designer › About\nYou will not need to write code.")
    assert not check("Content Designers write code [1].", [code]).supported
    visas = Source(1, "Graduate", "Graduate › Eligibility\nWe are unable to sponsor visas.")
    assert not check("Graduates can get their visa sponsored [1].", [visas]).supported
    unpaid = Source(1, "Engineer", "Engineer › On-call\nOn-call is paid an allowance.")
    assert not check("On-call is unpaid for Engineers [1].", [unpaid]).supported


def test_negation_is_read_in_the_part_of_the_unit_the_clause_is_about() -> None:
    remote = Source(1, "Delivery Manager", "Delivery Manager › Working pattern\nThis role is fully remote; there is "
                    "no expectation to come into an office. Core hours are 10am to 3pm.")
    assert check("The Delivery Manager role is fully remote with core hours of 10am to 3pm [1].", [remote]).supported
    assert not check("Delivery Managers are expected to come into an office [1].", [remote]).supported
    relocating = Source(1, "Engineer", "Engineer › Relocating\nWe do not expect any raises until July 2021. After "
                        "that, we will run an annual review cycle to evaluate your level of experience.")
    assert check("After July 2021, experience levels are evaluated in an annual review cycle [1].",
                 [relocating]).supported
    header = Source(1, "Delivery Manager", "Delivery Manager › Not part of this role\n- Setting the product roadmap")
    assert not check("The Delivery Manager sets the product roadmap [1].", [header]).supported


def test_a_clause_with_one_content_word_is_compared_and_a_fragment_is_not() -> None:
    travel = Source(1, "Data Analyst", "Data Analyst › Travel\nOccasional travel to client sites is required. "
                    "No overnight stays are expected.")
    assert not check("There is no travel in the Data Analyst role [1].", [travel]).supported
    dxw = Source(1, "Designer", "Designer › Progression\nDoing line management is not a requirement for progression at "
                 "dxw.")
    assert check("At dxw, you can progress without doing line management [1].", [dxw]).supported


def test_a_number_that_names_something_is_not_a_count() -> None:
    job = Source(1, "Junior Developer", "Junior Developer\nJob term: 12 month assignment\nHours of work: 36.25/week "
                 "(Schedule 6)\nJob code: 17158 - Systems Officer 4")
    assert not check("The Junior Developer job is a 6 month assignment [1].", [job]).supported
    assert not check("The Junior Developer is classified as Systems Officer 6 [1].", [job]).supported
    assert check("The Junior Developer is classified as Systems Officer 4 [1].", [job]).supported


def test_a_figure_on_another_titles_row_or_level_is_not_the_named_ones() -> None:
    table = Source(1, "Compensation", "Compensation › SF benchmark\n| Role | SF Benchmark |\n| Engineer | $160,000 |\n"
                   "| Designer | $107,000 |\n| Technical Writer | $115,000 |")
    assert check("The SF benchmark for a Technical Writer is $115,000 [1].", [table]).supported
    assert not check("The SF benchmark for a Technical Writer is $107,000 [1].", [table]).supported
    assert not check("A Designer has an SF benchmark of $160,000 [1].", [table]).supported
    levels = Source(1, "Analyst", "Analyst › Pay rates (hourly)\n- Level 1: $22.40 - $25.00\n- Level 2: $26.00 - $29.50")
    assert check("An Analyst at Level 2 earns $26.00 - $29.50 an hour [1].", [levels]).supported
    assert not check("An Analyst at Level 2 earns $22.40 - $25.00 an hour [1].", [levels]).supported


def test_each_role_may_have_its_own_figure_in_one_sentence() -> None:
    lead = Source(1, "Lead Developer", "Lead Developer\nSalary: $1,687.30 - $2,107.87 per week")
    junior = Source(2, "Junior Developer", "Junior Developer\nSalary: $1,364.05 - $1,743.34 per week")
    assert check("The Junior Developer earns $1,364.05 - $1,743.34 per week [2], and the Lead Developer earns "
                 "$1,687.30 - $2,107.87 per week [1].", [lead, junior]).supported
    assert not check("Developer pay runs from $1,364.05 to $2,107.87 a week [1][2].", [lead, junior]).supported
    assert not check("A Junior Developer starts at $1,364.05 a week and can reach $2,107.87 [1][2].",
                     [lead, junior]).supported


def test_a_period_comes_from_a_heading_label_or_compact_mark() -> None:
    levels = Source(1, "Analyst", "Analyst › Pay rates (hourly)\n- Level 1: $22.40 - $25.00")
    assert check("An Analyst at Level 1 earns $22.40 - $25.00 an hour [1].", [levels]).supported
    assert not check("An Analyst at Level 1 earns $22.40 - $25.00 a year [1].", [levels]).supported
    care = Source(1, "Care Assistant", "Care Assistant › Pay\n£13.50ph, rising to £14.20ph after probation")
    assert check("A Care Assistant earns £13.50 an hour [1].", [care]).supported
    assert not check("A Care Assistant earns £13.50 a year [1].", [care]).supported
    rent = Source(1, "Lettings Agent", "Lettings Agent › Pay\nBasic £1,900 pcm plus commission")
    assert not check("A Lettings Agent gets a basic £1,900 a week [1].", [rent]).supported
    euro = Source(1, "Engineer", "Engineer › Salary\n€45.000 - €55.000 per year")
    assert check("Engineers earn €45,000 - €55,000 a year [1].", [euro]).supported
    assert not check("Engineers earn €54,000 a year [1].", [euro]).supported


def test_durations_written_with_an_article() -> None:
    probation = Source(1, "Engineer", "Engineer › Probation\nProbation lasts 6 months. Meetings last 90 minutes.")
    assert not check("Probation lasts a year [1].", [probation]).supported
    assert check("Meetings last an hour and a half [1].", [probation]).supported
    pay = Source(1, "Engineer", "Engineer › Pay\n$130,000 a year")
    assert check("Engineers earn $130,000 a year [1].", [pay]).supported  # "a year" is a rate here


def test_not_documented_sentences_look_for_their_other_words_and_clock_times() -> None:
    skills = Source(1, "Support Engineer", "Support Engineer › Skills\nExperience with SQL and Linux is essential.")
    assert not check("The posting doesn't say if Linux experience is required [1].", [skills]).supported
    assert check("The posting doesn't say if Python is required [1].", [skills]).supported
    hours = Source(1, "Support Engineer", "Support Engineer › Hours\nMonday to Friday, 9am to 5:30pm.")
    assert not check("The documents don't say what the working hours are [1].", [hours]).supported
    leave = Source(1, "Nurse", "Nurse › Leave\nAnnual leave: 27 days plus bank holidays.")
    assert not check("The documents don't say how much annual leave a Nurse gets [1].", [leave]).supported
    training = Source(1, "Support Engineer", "Support Engineer › Training\nA 6-week onboarding programme.")
    assert not check("The documents don't say how long onboarding takes [1].", [training]).supported


def test_paraphrase_words_that_add_no_fact() -> None:
    csm = Source(1, "Customer Success Manager", "Customer Success Manager › Requirements\n- 3+ years in a "
                 "customer-facing SaaS role (required)\n- Fluent English; German is a plus")
    assert check("CSMs need 3+ yrs of customer-facing SaaS experience [1].", [csm]).supported  # acronym, abbreviation
    assert check("A Customer Success Manager needs min. 3 years in a customer-facing SaaS role [1].", [csm]).supported
    dfe = Source(1, "Lead developer", "Lead developer › You will\n- Participate in support during office hours, and "
                 "sometimes out of hours (for which you'll be paid an allowance)")
    assert check("Lead developers sometimes provide out-of-hours support, for which they receive an allowance [1].",
                 [dfe]).supported  # "provide" only rewords
    assert not check("Lead developers provide out-of-hours support and get a company car [1].", [dfe]).supported
    term = Source(1, "Junior Developer", "Junior Developer\nJob term: up to 12 months, with possibility for extension")
    assert check("The Junior Developer term is up to 12 months and may be extended [1].", [term]).supported
    assert not check("The Junior Developer term will be extended after 12 months [1].", [term]).supported


def test_a_denied_need_disagrees_with_an_expectation() -> None:
    should = Source(1, "Engineer L3", "Engineer L3 › Should have\n- Successfully performed the role of an L2")
    assert not check("An L3 engineer does not need to have performed the L2 role [1].", [should]).supported
    preferred = Source(1, "Engineer L3", "Engineer L3 › Preferred\n- Successfully performed the role of an L2")
    assert check("Having performed the L2 role is preferred but not required [1].", [preferred]).supported


def test_opposite_words_contradict() -> None:
    assert all(len(group) >= 2 for group in lexicon.ANTONYMS)
    assert any({"full-time", "part-time"} <= group for group in lexicon.ANTONYMS)
    job = Source(1, "Analyst", "Analyst › Terms\nThis is a full-time, permanent role. Leave rises to 29 days after "
                 "five years.")
    assert not check("The Analyst role is part-time [1].", [job]).supported
    assert not check("Leave rises to 29 days before five years of service [1].", [job]).supported
    assert check("The Analyst role is full-time and permanent [1].", [job]).supported


def test_bounds_written_after_or_as_symbols_and_which_end_they_bound() -> None:
    up_to = Source(1, "Engineer", "Engineer › Compensation\nUp to $125,000 (depending on experience)")
    assert check("Engineers earn $125k max, depending on experience [1].", [up_to]).supported
    assert check("Engineer pay: ≤$125k [1].", [up_to]).supported
    assert not check("Engineers earn $125k [1].", [up_to]).supported
    assert not check("A Tech Director must earn at most $180,000 [1].", [PAY]).supported  # the bottom is no ceiling
    assert check("The top of the Tech Director range is $275,000 or more [1].", [PAY]).supported


def test_abbreviations_of_days_degrees_and_working_time() -> None:
    hours = Source(1, "Support Analyst", "Support Analyst › Schedule\nFull-time, 37.5 hours per week, Monday to Friday.")
    assert check("Support Analysts work FT, 37.5 hrs/wk, Mon–Fri [1].", [hours]).supported
    assert not check("Support Analysts work PT, 37.5 hrs/wk [1].", [hours]).supported
    edu = Source(1, "Data Scientist", "Data Scientist › Education\nMaster's degree or PhD in Statistics, Computer "
                 "Science or a related field.")
    assert check("An MSc or PhD in Stats, CS or a related field is expected [1].", [edu]).supported


def test_titles_written_with_clipped_or_initialled_words() -> None:
    det = Source(1, "Director of Education Technology", "Director of Education Technology › Overview\n"
                 "The director is accountable for the budget.")
    assert check("The EdTech Director is accountable for the budget [1].", [det]).supported
    assert check("The Ed Tech Director is accountable for the budget [1].", [det]).supported
    assert not check("The EdTech Manager is accountable for the budget [1].", [det]).supported
    hr = Source(1, "Human Resources Business Partner", "Human Resources Business Partner › Pay\n£45,000 - £52,000 a year")
    assert check("An HR Business Partner earns £45,000 - £52,000 a year [1].", [hr]).supported
    junior = Source(1, "Junior Developer", "Junior Developer › Salary\nSalary: $1,364.05 - $1,743.34 per week")
    assert check("Jr. Devs earn $1,364.05–$1,743.34/wk [1].", [junior]).supported
    assert not check("Sr. Devs earn $1,364.05–$1,743.34/wk [1].", [junior]).supported


def test_a_sentences_compact_period_mark_is_its_period() -> None:
    hourly = Source(1, "Care Assistant", "Care Assistant › Pay\n£13.50 per hour")
    assert check("Care Assistants earn £13.50ph [1].", [hourly]).supported
    assert not check("Care Assistants earn £13.50 pcm [1].", [hourly]).supported
    assert not check("Care Assistants earn £13.50 pw [1].", [hourly]).supported

"""Which document a question means, on documents of organisations the advisor has never seen (through
Advisor.ask): a word a file is named with that questions ask with ("…-salaries.md") does not stand for its
organisation, an organisation is known by the initials of its name ("LA" for "los-angeles-…"), and a level or
number the documents do not have is said to be undocumented, not answered from the one they have."""

from __future__ import annotations

import pytest

from advisor.embeddings import Embedder
from advisor.engine import Advisor
from tests.conftest import advisor_over

DOCS = {
    "harbor-salaries.md": """## Baseline salary brackets

| Role | Baseline salary (€) |
|---|---|
| Junior developer | 25K |
| Senior developer | 30K |
""",
    "northwind-engineering-levels.md": """# Engineering Levels

| Level | Title | Annual Salary (USD) |
|---|---|---|
| E1 | Junior Engineer I | 40-50K |
| E2 | Junior Engineer II | 50-60K |
| E3 | Senior Engineer I | 60-75K |
""",
    "los-angeles-bus-mechanic.txt": """BUS MECHANIC

The City of Los Angeles keeps its buses running.

ANNUAL SALARY

$48,000 to $56,000
The salary in the Department of Water and Power is $51,000 to $60,000.

EDUCATION

A high school diploma and a certificate in diesel mechanics from an accredited trade school.
""",
    "texas-records-supervisor.md": """# Records Supervisor VII

State Title: Records Supervisor VII
Monthly Salary: $5,000 - $6,000
Openings: One

Supervises the records team and sets its retention schedule.
""",
    "harbor-data-engineer.md": """# Data Engineer

The successful candidate will be Developer Level 3 on the data platform team.

Pay: $90 an hour
""",
}


@pytest.fixture(scope="module")
def advisor(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Advisor:
    return advisor_over(DOCS, tmp_path_factory.mktemp("any-org-names"), embedder)


def test_a_file_named_for_salaries_does_not_claim_every_salary_question(advisor: Advisor) -> None:
    answer = advisor.ask("what is the junior engineer II salary?")
    assert answer.roles == ["Junior Engineer II"]
    assert "50-60K" in answer.answer and "25K" not in answer.answer


def test_an_organisation_is_known_by_its_initials(advisor: Advisor) -> None:
    answer = advisor.ask("education reqs for LA bus mechanic?")
    assert not answer.abstained, answer.answer
    assert "diesel mechanics" in answer.answer


def test_a_seniority_no_level_of_the_ladder_has_is_an_unknown_level(advisor: Advisor) -> None:
    answer = advisor.ask("what does a staff engineer earn at northwind?")
    assert answer.abstained and "don't describe that level" in answer.answer
    assert not any(figure in answer.answer for figure in ("40-50K", "50-60K", "60-75K"))


def test_a_number_the_numbered_title_has_not_is_an_unknown_level(advisor: Advisor) -> None:
    other = advisor.ask("what does a records supervisor VI make?")
    assert other.abstained and "don't describe" in other.answer and "$5,000" not in other.answer, other.answer
    own = advisor.ask("what does a records supervisor VII make?")
    assert not own.abstained and "$5,000" in own.answer, own.answer


def test_a_level_the_posting_names_only_otherwise_is_not_answered_from_it(advisor: Advisor) -> None:
    other = advisor.ask("what is the hourly rate for a data engineer level 2?")
    assert other.abstained and "Level 3" in other.answer and "$90" not in other.answer, other.answer
    own = advisor.ask("what is the hourly rate for a data engineer level 3?")
    assert not own.abstained and "$90" in own.answer, own.answer


def test_a_run_of_fields_states_a_topic_line_by_line(advisor: Advisor) -> None:
    """The run's lines give a title, pay and openings: none of them says where or how the job is done."""
    answer = advisor.ask("is the texas records supervisor role eligible for telework?")
    assert answer.abstained and "State Title" not in answer.answer, answer.answer


def test_what_the_question_sets_aside_is_not_the_answer(advisor: Advisor) -> None:
    city = advisor.ask("what is the salary for an LA bus mechanic, not in the Department of Water and Power?")
    assert "$48,000" in city.answer and "$51,000" not in city.answer, city.answer
    dwp = advisor.ask("how much does an LA bus mechanic get paid at the Department of Water and Power?")
    assert "$51,000" in dwp.answer, dwp.answer


def test_two_pay_lines_of_one_section_are_both_given_when_nothing_sets_one_aside(advisor: Advisor) -> None:
    answer = advisor.ask("how much does an LA bus mechanic make?")
    assert "$48,000" in answer.answer and "$51,000" in answer.answer, answer.answer

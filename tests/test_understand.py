"""The kind of answer a question asks for (a count, how often, how long, where) and the lines that give one,
worded as documents of many organisations word them (advisor/understand.py, ANSWER_KINDS)."""

from __future__ import annotations

import pytest

from advisor.roles import Role
from advisor.understand import _kind_words, answer_kind, counted, gives, understand


def _role(title: str, source: str, org: str = "") -> Role:
    """A one-document role, as the catalog holds it."""
    return Role(title=title, aliases=(), family=title, topics=frozenset(), sources=(source,), updated="",
                doc_title=title, org=org)


@pytest.mark.parametrize("question,kind", [
    ("how many levels are in the framework?", "count"),
    ("What is the number of interview stages?", "count"),
    ("how big is the platform team", "count"),
    ("how often are progression reviews?", "frequency"),
    ("How frequently is pay reviewed?", "frequency"),
    ("how long is the contract?", "duration"),
    ("is the web developer position permanent?", "duration"),
    ("where is the job based?", "place"),
    ("Which city is the office in?", "place"),
    ("what's the location of the internship", "place"),
    ("what grade is the data engineer post?", "grade"),
    ("which payband is the communications lead", "grade"),
    ("What's the pay band for a content designer", "grade"),
    ("what UoE grade is the applications developer", "grade"),
    ("where can I find the application form?", None),
    ("what level of detail is expected?", None),
    ("what does a tech lead do?", None),
    ("when are the interviews for the lecturer post?", "date"),
    ("what's the closing date for the analyst job", "date"),
    ("ok, and when does the contract start?", "date"),
    ("when can I be promoted to senior?", None),
    ("when do I become eligible for a raise", None),
    ("where can a VP of Finance go next?", None),
    ("where do treasury leads come from?", None),
    ("where does this role lead?", None),
])
def test_the_kind_of_answer_a_question_asks_for(question: str, kind: str | None) -> None:
    assert answer_kind(question) == kind


@pytest.mark.parametrize("kind,text", [
    ("count", "There are currently four levels of progression:"),
    ("count", "The process has 3 formal stages."),
    ("frequency", "Review meetings are no less than three months apart."),
    ("frequency", "Salaries are reviewed annually."),
    ("frequency", "You meet your manager once a month."),
    ("frequency", "Check-ins happen every two weeks."),
    ("duration", "This is a 12 month fixed-term contract."),
    ("duration", "The post is offered on an open ended contract."),
    ("duration", "Position offering type: Term (not to exceed 2 years)"),
    ("place", "Location: Berlin, Germany."),
    ("place", "The role is based in Leeds, with some travel."),
    ("place", "This is a fully remote position."),
    ("place", "The Institute is headquartered at the British Library."),
    ("grade", "Grade: PO4"),
    ("grade", "PAYBAND: Band A"),
    ("grade", "The post is graded at Band 6 on the Agenda for Change scale."),
    ("grade", "G7"),
    ("grade", "Salary: Grade 7, £45,000"),
    ("date", "It is planned to hold interviews on 29-30 May 2007."),
    ("date", "Dec 13 - Conduct Virtual Interviews"),
    ("date", "Applications close on 2025-03-31."),
    ("date", "Deadline: March 3rd, 11:59PM"),
])
def test_lines_that_give_that_kind_of_answer(kind: str, text: str) -> None:
    assert gives(kind, text)


@pytest.mark.parametrize("kind,text", [
    ("count", "You do not need to be at level 4 to progress."),
    ("count", "The framework content is kept in a Google Sheet."),
    ("frequency", "At regular intervals your 1:1 becomes a review."),
    ("duration", "You will lead a team of engineers."),
    ("place", "FSFE is a charity dedicated to empowering users."),
    ("place", "Launched in November 2015, the institute is a national centre."),
    ("grade", "Grade Point Average: 3.5"),
    ("count", "The next 7 hires will each receive options."),  # asked how many days, in the test below
    ("grade", "The post provides an excellent opportunity for skills development."),
    ("grade", "We grade applications against the person specification."),
    ("date", "You may work up to 5 days a month from home."),
    ("date", "Maybe you have led a team before."),
])
def test_lines_that_do_not(kind: str, text: str) -> None:
    assert not gives(kind, text, "day" if kind == "count" else "")


def test_a_count_counts_the_very_thing_asked() -> None:
    assert gives("count", "Staff get 25 vacation days a year.", "vacation day")
    assert not gives("count", "Complete the form within 14 calendar days.", "vacation day")


@pytest.mark.parametrize("question,thing", [
    ("How many direct reports does a Tech Director have?", "direct report"),
    ("how many levels are in the framework", "level"),
    ("How many years of experience do I need?", "year"),
    ("how many interview stages are there?", "interview stage"),
    ("how many vacation days do clerks get per year", "vacation day"),
    ("What does a tech lead do?", ""),
])
def test_what_a_count_question_counts(question: str, thing: str) -> None:
    assert counted(question) == thing


def test_no_kind_gives_nothing() -> None:
    assert not gives(None, "Location: Berlin")


def test_asking_what_comes_with_a_job_is_not_asking_about_something_in_particular() -> None:
    from advisor.understand import understand

    query = understand("what benefits come with the job?", {})
    assert "benefits" in query.topics and not query.focus


@pytest.mark.parametrize("text", ["a senior RSE on an open ended contract", "This is a temporary post for 6 months"])
def test_the_kind_of_contract_is_a_working_arrangement(text: str) -> None:
    from advisor.topics import states

    assert states("workplace", text)


def test_what_is_asked_of_a_role_leaves_out_its_organisation() -> None:
    role = _role("Technical Lead", "a.md", "colorado")
    other = _role("Data Engineer", "b.md", "greenwich")
    query = understand("will the colorado technical lead job sponsor a visa?",
                       {"Technical Lead": role, "Data Engineer": other})
    assert [r.title for r in query.roles] == ["Technical Lead"]
    assert "colorado" not in query.asked.lower() and "visa" in query.asked


def test_the_post_said_as_its_office_is_the_role_not_what_is_asked() -> None:
    role = _role("Lecturer in Marine Biology", "a.md")
    query = understand("what does the lecturer in marine biology lectureship involve? is there a fellowship?",
                       {role.title: role})
    assert [r.title for r in query.roles] == [role.title]
    assert "lectureship" not in query.focus and "fellowship" in query.focus


def test_a_job_asked_at_an_organisation_whose_one_post_is_not_titled_as_a_job_is_that_post() -> None:
    post = _role("Tenure Track Position in Coastal Ecology", "a.md", "heron")
    other = _role("Data Engineer", "b.md", "greenwich")
    catalog = {post.title: post, other.title: other}
    text = {post.title: "The post is filled at the level of Assistant or Associate Professor."}

    def said_in(role: Role, words: str) -> bool:
        return all(w in text.get(role.title, "").lower() for w in words.lower().split())

    asked = "for the assistant prof at heron, how long is the tenure track?"
    assert [r.title for r in understand(asked, catalog, said_in=said_in).roles] == [post.title]
    # a job its text never names is not that post: "a designer at heron" is not the professor's post
    assert not understand("what does a designer at heron earn?", catalog, said_in=said_in).roles
    assert not understand(asked, catalog).roles  # nothing to read its text with


def test_the_words_asking_for_a_kind_of_answer_are_not_what_is_asked() -> None:
    query = understand("what is the application deadline?", {})
    assert query.kind == "date" and "deadline" not in query.focus


def test_the_words_saying_which_way_a_career_question_looks_are_not_what_is_asked() -> None:
    query = understand("what is the next level above a records clerk?", {})
    assert "progression" in query.topics and query.direction == "onward" and "above" not in query.focus


def test_a_levels_ladder_named_beside_its_code_is_the_role_not_what_is_asked() -> None:
    level = Role(title="Staff Cost Accountant", aliases=("E4",), family="Cost Accountant", topics=frozenset(),
                 sources=("a.md",), updated="", level="E4 Staff Cost Accountant", rank=3, doc_title="Cost Accountant",
                 levels=("E3 Senior Cost Accountant", "E4 Staff Cost Accountant"))
    query = understand("what is the next level after E4 for a Cost Accountant?", {level.title: level})
    assert [r.title for r in query.roles] == [level.title]
    assert not {"cost", "accountant"} & query.focus


def test_a_yes_no_question_about_one_benefit_asks_for_that_benefit() -> None:
    query = understand("do they get stock options?", {})
    assert "benefits" in query.topics and "stock" in query.focus
    assert not understand("what benefits come with the job?", {}).focus  # benefits as a whole: nothing in particular


def test_words_qualifying_the_job_named_are_not_what_is_asked() -> None:
    role = _role("Senior Software Engineer, Tooling", "a.md", "asf")
    query = understand("who does the Apache tooling senior engineer report to?", {role.title: role})
    assert [r.title for r in query.roles] == [role.title]
    assert "apache" not in query.focus
    asked = understand("does the senior software engineer, tooling get Apache training?", {role.title: role})
    assert "apache" in asked.focus  # said of what is asked, not of the job


def test_where_someone_must_live_asks_for_a_place_and_residents_of_a_region_give_one() -> None:
    question = "where do you have to live for the tooling engineer job?"
    assert answer_kind(question) == "place"
    assert "live" in _kind_words(question, "place")  # the words asking it are not what is asked
    assert gives("place", "This role is open to permanent residents of the EU, EFTA, and UK.")
    assert gives("place", "You must live in Canada to apply.")
    assert not gives("place", "You must already have the legal right to work where you live.")

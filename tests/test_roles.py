"""Naming roles in a question (advisor/roles.py detect_roles) in a catalog of a thousand documents: only roles one
of whose names has a word of the question are scored, so the right one must still be found through typos, level
codes and organisation words, among hundreds that share its job word."""

from __future__ import annotations

import pytest

from advisor.roles import Role, detect_roles

FIELDS = ["Data", "Backend", "Frontend", "Platform", "Security", "Mobile", "Site Reliability", "Machine Learning",
          "Quality", "Infrastructure"]
SENIORITY = ["", "Senior ", "Staff ", "Principal ", "Lead "]
ORGS = [f"Org{i} Council" for i in range(20)]


def _role(title: str, org: str, *, level: str = "", family: str = "", aliases: tuple[str, ...] = ()) -> Role:
    return Role(title=title, aliases=aliases, family=family or title, topics=frozenset(),
                sources=(f"{org}/{title}.md",), updated="", level=level, doc_title=family or title, org=org)


@pytest.fixture(scope="module")
def catalog() -> dict[str, Role]:
    roles: dict[str, Role] = {}
    for org in ORGS:
        for field in FIELDS:
            for seniority in SENIORITY:
                title = f"{seniority}{field} Engineer ({org})"
                roles[title] = _role(title, org, aliases=(f"{seniority}{field} Engineer",))
    ladder = "Product Designer (Org3 Council)"
    roles[ladder] = _role(ladder, "Org3 Council", aliases=("Product Designer",))
    for code in ("PD1", "PD2", "PD3"):
        roles[f"{ladder} {code}"] = _role(f"{ladder} {code}", "Org3 Council", level=code, family=ladder,
                                          aliases=(code, f"Product Designer {code}"))
    assert len(roles) > 1000
    return roles


def test_a_title_is_found_among_hundreds_sharing_its_job_word(catalog: dict[str, Role]) -> None:
    mentions = detect_roles("What does a Staff Security Engineer at Org7 Council earn?", catalog)
    assert [m.role.title for m in mentions] == ["Staff Security Engineer (Org7 Council)"]


def test_a_typo_in_a_long_word_is_forgiven(catalog: dict[str, Role]) -> None:
    mentions = detect_roles("what skills does a principal infrastucture engineer at org12 council need", catalog)
    assert [m.role.title for m in mentions] == ["Principal Infrastructure Engineer (Org12 Council)"]


def test_a_level_code_names_its_level(catalog: dict[str, Role]) -> None:
    mentions = detect_roles("What is the pay for a product designer PD2?", catalog)
    assert [m.role.title for m in mentions] == ["Product Designer (Org3 Council) PD2"]


def test_words_that_name_no_role_find_none(catalog: dict[str, Role]) -> None:
    assert detect_roles("how many holidays do I get?", catalog) == []


def test_a_seniority_word_does_not_name_an_organisation() -> None:
    """A document named after its file ("senior-park-ranger") has 'senior' among its own words; a question about
    another senior role is not thereby about that document."""
    ranger = Role(title="Park Ranger Guide", aliases=(), family="Park Ranger Guide", topics=frozenset(),
                  sources=("senior-park-ranger.txt",), updated="", doc_title="Park Ranger Guide",
                  org="senior park ranger")
    sales = _role("Senior Director of Enterprise Sales", "")
    mentions = detect_roles("How much does a Senior Director of Enterprise Sales get paid?",
                            {r.title: r for r in (ranger, sales)})
    assert [m.role.title for m in mentions] == ["Senior Director of Enterprise Sales"]


def test_a_grade_in_a_file_name_does_not_name_an_organisation() -> None:
    """A series titled from its file ("park-ranger-i-ii") has the numeral 'ii' among its file words; any question
    about a class II is not thereby about it."""
    ranger = Role(title="Park Ranger Series", aliases=(), family="Park Ranger Series", topics=frozenset(),
                  sources=("park-ranger-i-ii.txt",), updated="", doc_title="Park Ranger Series", org="park ranger i ii")
    series = _role("Grants Coordinator I/II", "")
    second = Role(title="Grants Coordinator II", aliases=("grants coordinator 2",), family=series.title,
                  topics=frozenset(), sources=series.sources, updated="", level="Grants Coordinator II",
                  doc_title=series.title)
    mentions = detect_roles("How much experience is required for a Grants Coordinator II?",
                            {r.title: r for r in (ranger, series, second)})
    assert [m.role.title for m in mentions] == ["Grants Coordinator II"]


def test_a_level_titled_as_its_family_is_named_by_its_code() -> None:
    """On a ladder whose middle level is titled as the family ("P2 | Budget Analyst"), that level is "Budget
    Analyst P2", so "Budget Analyst at P3" asks for P3 and "Budget Analyst" alone for the family."""
    import json
    from types import SimpleNamespace

    from advisor.roles import build_catalog

    levels = [["P2 Budget Analyst", 0, ["P2", "Budget Analyst"], "Budget Analyst"],
              ["P3 Senior Budget Analyst", 1, ["P3", "Senior Budget Analyst"], "Senior Budget Analyst"]]
    record = SimpleNamespace(source="ba.md", role="Budget Analyst", aliases=(), family="", updated="", org="",
                             levels=json.dumps(levels), level="", topics=("pay",))
    catalog = build_catalog([record])
    assert sorted(catalog) == ["Budget Analyst", "Budget Analyst P2", "Senior Budget Analyst"]
    assert [m.role.title for m in detect_roles("How many years of experience does a Budget Analyst at P3 need?",
                                               catalog)] == ["Senior Budget Analyst"]
    assert [m.role.title for m in detect_roles("What does a Budget Analyst do?", catalog)] == ["Budget Analyst"]


def test_a_word_in_lower_case_before_a_capitalised_title_does_not_qualify_it() -> None:
    designer = _role("Senior Service Designer", "")
    catalog = {designer.title: designer}
    assert [m.role.title for m in detect_roles("What level follows Senior Service Designer?", catalog)] == \
        ["Senior Service Designer"]
    engineer = _role("Engineer", "")
    assert detect_roles("what do QA engineers earn?", {engineer.title: engineer}) == []


@pytest.mark.parametrize("question,phrase", [
    ("What is the pay for a VP of Engineering?", "VP of Engineering"),
    ("what does a nurse practitioner earn?", "nurse practitioner"),
    ("What is the pay for an Assistant Tech Director?", "Assistant Tech Director"),
    ("What is the Nurse salary?", "Nurse"),
    ("what does a scrum master do?", "scrum master"),
])
def test_a_title_no_document_has_is_named_in_full(question: str, phrase: str) -> None:
    from advisor.roles import unknown_title

    assert unknown_title(question, []) == phrase


def test_an_organisation_written_out_is_known_by_its_initials_and_its_whole_name() -> None:
    """An organisation named in front matter ("Colorado Digital Service") is also asked for by its initials; said in
    full, its ordinary words ("University" of "University of Washington") name it, not a topic."""
    from advisor.roles import org_words

    cds = Role(title="Product Manager", aliases=(), family="Product Manager", topics=frozenset(),
               sources=("product-manager.md",), updated="", doc_title="Product Manager",
               org="Colorado Digital Service")
    assert org_words("what does a CDS product manager earn?", cds) == {"cds"}
    aide = Role(title="Lab Aide", aliases=(), family="Lab Aide", topics=frozenset(),
                sources=("university-of-washington-lab-aide.md",), updated="", doc_title="Lab Aide",
                org="university of washington")
    assert org_words("hourly pay for a lab aide at the University of Washington?", aide) == {"university",
                                                                                             "washington"}
    assert org_words("what university degree does a UW lab aide need?", aide) == {"uw"}


def test_a_title_said_word_by_word_beats_a_shorter_one_said_as_a_phrase() -> None:
    full_stack = _role("Senior Full Stack Developer", "Procom")
    ladder = _role("Salaries", "Harbor")
    senior = _role("Senior developer", "Harbor", level="Senior developer", family="Salaries")
    catalog = {r.title: r for r in (full_stack, ladder, senior)}
    mentions = detect_roles("how many yrs full stack experience do they want for the senior developer", catalog)
    assert [m.role.title for m in mentions][:1] == ["Senior Full Stack Developer"]
    assert [m.role.title for m in detect_roles("what does a senior developer earn?", catalog)] == ["Senior developer"]


def test_a_closing_roman_one_is_the_levels_number_not_a_pronoun() -> None:
    ladder = _role("Engineering Levels", "Avance")
    first = _role("Senior Engineer I", "Avance", level="E4", family="Engineering Levels",
                  aliases=("senior engineer 1", "senior engineer i"))
    second = _role("Senior Engineer II", "Avance", level="E5", family="Engineering Levels",
                   aliases=("senior engineer 2", "senior engineer ii"))
    catalog = {r.title: r for r in (ladder, first, second)}
    asked = [m.role.title for m in detect_roles("how many years of experience for a senior engineer?", catalog)]
    assert "Senior Engineer I" not in asked
    assert [m.role.title for m in detect_roles("what does a Senior Engineer I earn?", catalog)] == ["Senior Engineer I"]


def test_a_jobs_initials_said_in_the_plural_name_the_job_and_other_plurals_do_not() -> None:
    vp = _role("VP of Finance", "Finch", aliases=("vice president of finance",))
    director = _role("Director of Finance", "Finch")
    hours = _role("Human Resources Advisor", "Finch")
    catalog = {r.title: r for r in (vp, director, hours)}
    assert [m.role.title for m in detect_roles("where do VPs of Finance come from?", catalog)][:1] == ["VP of Finance"]
    assert not detect_roles("how many hrs a week?", catalog)  # hours, not human resources


def test_a_longer_name_said_nearly_whole_wins_over_a_bare_job_word_within_it() -> None:
    framework = _role("Brightline Engineering Framework", "brightline", aliases=("engineer",))
    posting = _role("Senior Software Engineer, Tooling", "asf", aliases=("senior software engineer tooling",))
    mentions = detect_roles("who does the tooling senior engineer report to?",
                            {r.title: r for r in (framework, posting)})
    assert [m.role.title for m in mentions] == ["Senior Software Engineer, Tooling"]

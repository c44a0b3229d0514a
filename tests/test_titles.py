"""The general facts about job titles, levels and grades in advisor/titles.py, on names worded as organisations
of many kinds word them (public service, tech, health, education)."""

from __future__ import annotations

import pytest

from advisor.titles import (acronyms, clean_title, expand_abbreviations, level_codes, name_variants, practitioner_names,
                            reads_as_job_title, same_level)


@pytest.mark.parametrize("text", [
    "Senior Data Engineer", "Head of Design", "Librarian II", "Engineer L3", "Grade 7 Policy Officer",
    "Lead Developer", "Registered Nurse", "Assistant Professor of History", "Research Assistant",
    "Digital Service Expert: Technical Lead", "Internships and Traineeships",
])
def test_job_titles_read_as_job_titles(text: str) -> None:
    assert reads_as_job_title(text)


@pytest.mark.parametrize("text", [
    "What you'll do", "Salary", "Benefits", "IC4", "Band A", "Level 3", "Compensation",
    "Design career progression framework", "Successful engineers are curious", "How to apply",
])
def test_headings_and_sentences_are_not_job_titles(text: str) -> None:
    assert not reads_as_job_title(text)


@pytest.mark.parametrize("title,names", [
    ("Acme engineering career development framework", {"engineer", "acme engineer"}),
    ("Design career progression framework", {"designer"}),
    ("Software Engineering Ladder", {"engineer", "software engineer"}),
    ("Data science career framework", {"scientist", "data scientist"}),
    ("Product management levels", {"manager", "product manager"}),
    ("Nursing career pathway", {"nurse"}),
    ("Internships and Traineeships", {"intern", "trainee"}),
    ("Apprenticeships", {"apprentice"}),
    ("Developers Path", {"developer"}),
])
def test_a_page_about_a_discipline_or_programme_names_its_practitioners(title: str, names: set[str]) -> None:
    assert practitioner_names(title) == names


@pytest.mark.parametrize("title", [
    "Head of Design", "Director of Engineering", "Senior Content Designer", "Research Assistant", "Compensation",
    "Professional development policy", "Engineer L3",
])
def test_a_title_naming_a_job_or_no_discipline_adds_no_practitioner(title: str) -> None:
    assert practitioner_names(title) == set()


def test_name_variants_cover_abbreviations_acronyms_and_numbers() -> None:
    assert {"Associate Technical Lead", "ATL"} <= name_variants("Associate Technical Lead (ATL)")
    assert "senior developer" in name_variants("Snr Dev")
    assert expand_abbreviations("Sr Dev") == "senior developer"
    assert "librarian 2" in name_variants("Librarian II")


@pytest.mark.parametrize("text,code", [("What does an IC4 earn?", "IC4"), ("pay at Band A", "Band A"),
                                       ("Grade 7 salary", "Grade 7"), ("the PO4 grade", "PO4")])
def test_level_codes_are_found_in_text(text: str, code: str) -> None:
    assert any(same_level(code, found) for found in level_codes(text))


@pytest.mark.parametrize("title,clean", [
    ("Product Designer (job family)", "Product Designer"),
    ("Cost Accountant career ladder", "Cost Accountant"),
    ("Senior Planner - Job Description", "Senior Planner"),
    ("We're hiring: Data Analyst", "Data Analyst"),
    ("Career Development", "Career Development"),
])
def test_a_title_loses_what_the_page_is(title: str, clean: str) -> None:
    assert clean_title(title) == clean


@pytest.mark.parametrize(("name", "short"), [
    ("Department for Education", {"dfe", "de"}),
    ("Human Behavior Project", {"hbp"}),
    ("Royal Borough of Greenwich", {"rbog", "rbg"}),
])
def test_a_name_is_shortened_to_its_initials(name: str, short: set[str]) -> None:
    assert acronyms(name) == short

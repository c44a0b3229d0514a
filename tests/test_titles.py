"""The general facts about job titles, levels and grades in advisor/titles.py, on names worded as organisations
of many kinds word them (public service, tech, health, education)."""

from __future__ import annotations

import pytest

from advisor.titles import (TITLE_LABELS, acronyms, clean_title, expand_abbreviations, level_codes, name_variants,
                            practitioner_names, reads_as_job_title, same_level, singular)


@pytest.mark.parametrize("text", [
    "Senior Data Engineer", "Head of Design", "Librarian II", "Engineer L3", "Grade 7 Policy Officer",
    "Lead Developer", "Registered Nurse", "Assistant Professor of History", "Research Assistant",
    "Digital Service Expert: Technical Lead", "Internships and Traineeships",
    "Financial Planning and Analysis Manager", "Marketing & Communications Lead", "Head of Research and Design",
])
def test_job_titles_read_as_job_titles(text: str) -> None:
    assert reads_as_job_title(text)


@pytest.mark.parametrize("text", [
    "What you'll do", "Salary", "Benefits", "IC4", "Band A", "Level 3", "Compensation",
    "Design career progression framework", "Successful engineers are curious", "How to apply",
    "Research and Development", "Planning and Analysis",
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
    assert expand_abbreviations("App Dev") == "application developer"
    assert "librarian 2" in name_variants("Librarian II")


@pytest.mark.parametrize("title,short", [("Animal Technician 3", "AT3"), ("Staff Nurse II", "SN2"),
                                         ("Senior Policy Analyst 4", "SPA4")])
def test_a_numbered_title_is_also_said_by_its_initials(title: str, short: str) -> None:
    assert short in name_variants(title)


def test_a_numbered_title_of_three_words_is_also_said_by_spaced_initials() -> None:
    assert {"SAP II", "SAP 2", "SAP2"} <= name_variants("Systems Analyst Programmer II")
    assert not any(" " in v and v.split()[0].isupper() for v in name_variants("Staff Nurse II"))


def test_a_title_without_a_number_gets_no_initials() -> None:
    assert not any(v.isupper() for v in name_variants("Data Engineer")) and not any(
        v.isupper() for v in name_variants("Level 3"))


def test_a_number_said_in_the_plural_is_the_number() -> None:
    assert singular("3s") == "3" and singular("technicians") == "technician" and singular("class") == "class"


@pytest.mark.parametrize("line,title", [("Job Title: Data Analyst", "Data Analyst"),
                                        ("State Title: Program Supervisor VII", "Program Supervisor VII"),
                                        ("Working title: Senior Planner", "Senior Planner"),
                                        ("Position: Librarian II", "Librarian II")])
def test_title_lines_are_read_whatever_title_label_they_use(line: str, title: str) -> None:
    match = TITLE_LABELS.match(line)
    assert match is not None and match.group(1) == title


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
    # what the page is, before the title, with whoever published it
    ("Job Description: Applications Developer", "Applications Developer"),
    ("ACME County Job Posting - Program Supervisor", "Program Supervisor"),
    ("Role profile | Staff Nurse", "Staff Nurse"),
    ("Job advert", ""),
])
def test_a_title_loses_what_the_page_is(title: str, clean: str) -> None:
    assert clean_title(title) == clean


@pytest.mark.parametrize(("name", "short"), [
    ("Department for Education", {"dfe", "de"}),
    ("Human Behavior Project", {"hbp"}),
    ("Royal Borough of Greenwich", {"rbog", "rbg", "rb"}),
    ("City of Los Angeles", {"cola", "cla", "la"}),  # a run of capitalised words within it ("Los Angeles")
])
def test_a_name_is_shortened_to_its_initials(name: str, short: set[str]) -> None:
    assert acronyms(name) == short


@pytest.mark.parametrize("banner,title", [
    ("The Harbor Trust is hiring an Executive Director", "Executive Director"),
    ("Acme Labs is looking for a Senior Data Engineer", "Senior Data Engineer"),
    ("We're hiring: Staff Nurse", "Staff Nurse"),
    ("We're looking for web developers", "web developers"),
])
def test_a_hiring_banner_is_not_part_of_the_title(banner: str, title: str) -> None:
    assert clean_title(banner) == title


@pytest.mark.parametrize("posted,title", [
    ("Senior Backend Engineer (Node.js) (f/m/d)", "Senior Backend Engineer (Node.js)"),
    ("Software Engineer (m/w/d)", "Software Engineer"),
    ("Product Designer (all genders)", "Product Designer"),
    ("REMOTE (Europe) - Data Analyst", "Data Analyst"),
    ("Hybrid - Support Lead", "Support Lead"),
    ("Librarian, Temporary (September 2019-February 2020)", "Librarian, Temporary"),
    # what is part of the job's name stays
    ("Remote Sensing Analyst", "Remote Sensing Analyst"),
    ("Engineer (2 roles)", "Engineer (2 roles)"),
])
def test_what_a_posting_adds_to_a_jobs_name_is_not_part_of_the_title(posted: str, title: str) -> None:
    assert clean_title(posted) == title


def test_it_in_capitals_is_information_technology_not_the_pronoun() -> None:
    assert reads_as_job_title("IT Specialist (INET) (Web Developer)")
    assert not reads_as_job_title("it is what it is")


def test_a_parenthesis_naming_the_job_is_an_alias() -> None:
    assert "Web Developer" in name_variants("IT Specialist (Web Developer)")
    assert "full time" not in {v.lower() for v in name_variants("Data Engineer (Full Time)")}


def test_a_slash_between_words_is_one_name() -> None:
    assert reads_as_job_title("Marketing/Growth Lead (full-time or part-time)")
    assert not reads_as_job_title("Research/Teaching")

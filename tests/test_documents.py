"""Loading every supported format and section-aware chunking, through documents.load_document/chunk_document."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.documents import chunk_document, load_document
from advisor.errors import DocumentError
from tests.conftest import ENGINEER_DOC, KNOWLEDGE
from tests.hostile_docs import minimal_pdf


def _chunks(path: Path, source: str = "doc"):
    return chunk_document(load_document(path, source, 5_000_000))


def test_markdown_chunks_carry_role_section_source_and_position() -> None:
    chunks = _chunks(KNOWLEDGE / "tech-director.md", "knowledge/tech-director.md")
    assert all(c.role == "Tech Director" and c.source == "knowledge/tech-director.md" for c in chunks)
    assert [c.position for c in chunks] == list(range(len(chunks)))
    advancement = [c for c in chunks if c.section == "Tech Director › Career Progression › Typical Career Path › Advancement To"]
    assert len(advancement) == 1
    assert advancement[0].text.splitlines() == ["- VP of Engineering", "- Chief Technology Officer (CTO)",
                                                "- Senior Director of Global Technology"]
    assert advancement[0].topics == ("progression",)
    pay = [c for c in chunks if "pay" in c.topics]
    assert [c.text for c in pay] == ["$180,000 - $275,000+"]
    assert pay[0].section == "Tech Director › Salary Range"


def test_list_items_are_never_split_and_keep_their_heading() -> None:
    source = (KNOWLEDGE / "tech-director.md").read_text()
    items = [line for line in source.splitlines() if line.startswith("- ")]
    chunks = _chunks(KNOWLEDGE / "tech-director.md")
    chunk_lines = {line for c in chunks for line in c.text.splitlines()}
    assert set(items) <= chunk_lines
    primary = [c for c in chunks if c.section.endswith("Primary Functions")]
    assert len(primary) > 1 and all(len(c.text) <= 700 for c in primary)


def test_table_rows_stay_whole_with_their_header(tmp_path: Path) -> None:
    path = tmp_path / "engineer.md"
    path.write_text(ENGINEER_DOC)
    chunks = _chunks(path)
    tables = [c for c in chunks if c.kind == "table"]
    assert tables
    for chunk in tables:
        assert chunk.text.splitlines()[0] == "| Level | Title | Base salary (USD) |"
        assert "---" not in chunk.text
        assert chunk.section == "Software Engineer › Pay by Level" and "pay" in chunk.topics
    rows = {line for c in tables for line in c.text.splitlines()[1:]}
    assert "| L3 | Senior Software Engineer | $140,000 - $175,000 |" in rows and len(rows) == 4


def test_a_long_table_is_split_between_rows_and_repeats_the_header(tmp_path: Path) -> None:
    rows = "\n".join(f"| L{i} | Level {i} title | ${100 + i},000 - ${120 + i},000 |" for i in range(40))
    path = tmp_path / "big.md"
    path.write_text(f"# Big Role\n\n## Pay\n\n| Level | Title | Pay |\n|---|---|---|\n{rows}\n")
    tables = [c for c in _chunks(path) if c.kind == "table"]
    assert len(tables) > 1
    assert all(c.text.splitlines()[0] == "| Level | Title | Pay |" for c in tables)
    assert sum(len(c.text.splitlines()) - 1 for c in tables) == 40


def test_html_is_cleaned_to_sections(tmp_path: Path) -> None:
    path = tmp_path / "analyst.html"
    path.write_text("<html><head><title>Data Analyst</title><script>alert('x')</script></head><body>"
                    "<nav>Back to Home</nav><h1>Data Analyst</h1><h2>Salary</h2><p>$70,000 - $90,000</p>"
                    "<h2>Skills</h2><ul><li>SQL</li><li>Statistics</li></ul></body></html>")
    doc = load_document(path, "analyst.html", 10**6)
    assert doc.title == "Data Analyst"
    chunks = chunk_document(doc)
    text = "\n".join(c.text for c in chunks)
    assert "alert" not in text and "Back to Home" not in text
    assert any(c.section == "Data Analyst › Skills" and "- SQL" in c.text for c in chunks)
    assert any(c.section == "Data Analyst › Salary" and "pay" in c.topics for c in chunks)


def test_docx_headings_lists_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Product Manager", level=1)
    document.add_heading("Responsibilities", level=2)
    document.add_paragraph("Own the product roadmap", style="List Bullet")
    document.add_heading("Pay", level=2)
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Level", "Range"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "PM2", "$120,000 - $150,000"
    path = tmp_path / "pm.docx"
    document.save(path)
    chunks = _chunks(path)
    assert chunks[0].role == "Product Manager"
    assert any(c.section == "Product Manager › Responsibilities" and c.text == "- Own the product roadmap" for c in chunks)
    assert any(c.kind == "table" and "| PM2 | $120,000 - $150,000 |" in c.text for c in chunks)


def _plain_docx(path: Path, lines: list[str]) -> None:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)


def test_a_word_file_holding_markdown_source_is_read_as_markdown(tmp_path: Path) -> None:
    # a Markdown post pasted into Word a line a paragraph: its front matter, "###" headings and blank lines
    path = tmp_path / "posting.docx"
    _plain_docx(path, ["---", 'title: "Children\'s Librarian"', "organization: Harbor Library", "---", "",
                       "### Qualifications   ", "", "Skills Required:", "", "MLS from an accredited school", "",
                       "Schedule:", "25 hours/week, includes evenings", "", "### Location", "", "Harbor, NY", ""])
    doc = load_document(path, "posting.docx", 10**6)
    assert doc.title == "Children's Librarian"
    assert "Harbor Library" in doc.org
    chunks = chunk_document(doc)
    text = "\n".join(c.text for c in chunks)
    assert "###" not in text and "title:" not in text
    assert any(c.section.endswith("Qualifications › Skills Required") and "MLS" in c.text for c in chunks)
    assert any("Schedule: 25 hours/week" in c.text and "MLS" not in c.text for c in chunks)  # blank lines kept
    assert any(c.section.endswith("Location") and c.text == "Harbor, NY" for c in chunks)  # the section's text


def test_a_word_file_of_plain_paragraphs_is_not_read_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    _plain_docx(path, ["Office Manager", "Runs the front office.", "# of staff supervised: 3", "Salary: £28,000"])
    text = "\n".join(c.text for c in _chunks(path))
    assert "Runs the front office." in text and "Salary: £28,000" in text
    assert "# of staff supervised: 3" in text  # one such line is no Markdown source


@pytest.mark.parametrize("file,title,job,employer", [
    ("bayshore-public-library-reference-librarian.md", "Adult Reference Librarian - Bayshore Public Library",
     "Adult Reference Librarian", "Bayshore Public Library"),
    ("acme-labs-data-analyst.md", "Data Analyst | Acme Labs", "Data Analyst", "Acme Labs"),
    # a part the file does not name is the job's own: its team or speciality
    ("acme-senior-engineer.md", "Senior Engineer - Platform", "Senior Engineer - Platform", ""),
])
def test_an_employer_named_after_the_job_in_the_title_is_the_organisation(
        tmp_path: Path, file: str, title: str, job: str, employer: str) -> None:
    path = tmp_path / file
    path.write_text(f"# {title}\n\nThe post holder answers reference questions and runs the data service.\n")
    doc = load_document(path, file, 10**6)
    assert doc.title == job
    assert employer in doc.org


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "nurse.pdf"
    path.write_bytes(minimal_pdf(["Registered Nurse", "Provides patient care on the ward."]))
    chunks = _chunks(path)
    assert "Provides patient care on the ward." in " ".join(c.text for c in chunks)


def test_plain_text_gets_a_title_from_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "ux_designer.txt"
    path.write_text("Designs user journeys and runs usability tests.")
    doc = load_document(path, "ux_designer.txt", 10**6)
    assert doc.title == "Ux Designer"


PLAIN_POSTING = """Senior Park Ranger

Riverside County · Class Specification

Class Code: 8833

DEFINITION

Under general supervision, patrols county parks and enforces park rules.

Minimum Qualifications

Education: Bachelor's Degree in Natural Resources.
Experience: 3 years of park or recreation work.

KNOWLEDGE AND ABILITIES
- Knowledge of first aid and wildfire safety.
- Ability to speak to groups of visitors.

Why work here? We offer a pension.
"""


def test_plain_text_headings_come_from_lines_written_as_headings(tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_text(PLAIN_POSTING)
    chunks = _chunks(path)
    sections: dict[str, str] = {}
    for c in chunks:
        sections[c.section.split(" › ")[-1]] = sections.get(c.section.split(" › ")[-1], "") + c.text
    # a capitalised line heads text under the line in capitals above it
    assert any(c.section.endswith("DEFINITION › Minimum Qualifications") for c in chunks)
    assert "patrols county parks" in sections["DEFINITION"]
    assert "3 years of park or recreation work" in sections["Minimum Qualifications"]
    assert "wildfire safety" in sections["KNOWLEDGE AND ABILITIES"]
    # a sentence is never a heading, and the opening name-and-grade lines are the title block, not sections
    assert not any(s.startswith(("Why work here", "Riverside County", "Senior Park Ranger")) for s in sections if s)


@pytest.mark.parametrize("content,reason", [
    (b"", "is empty"),
    (b"   \n\n ", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
    ("Café manager: 100 £".encode("latin-1"), "is not UTF-8"),
    (b"---\ntitle: [unclosed\n---\n# Body\ntext", "malformed front matter"),
    (b"+++\ntitle = [unclosed\n+++\n# Body\ntext", "malformed front matter"),
    (b"---\ntitle: X\naliases: 3\n---\n# X\ntext", "aliases"),
])
def test_bad_files_raise_a_clear_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=reason) as info:
        load_document(path, "knowledge/bad.md", 10**6)
    assert str(info.value).startswith("knowledge/bad.md: ")


def test_oversized_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_text("# Huge\n\n" + "word " * 5000)
    with pytest.raises(DocumentError, match="over the 10,000-byte limit"):
        load_document(path, "huge.md", 10_000)


@pytest.mark.parametrize("suffix,content", [(".pdf", b"%PDF-1.4 not really"), (".docx", b"PK\x03\x04 broken zip")])
def test_corrupt_pdf_and_docx_raise_a_clear_error(tmp_path: Path, suffix: str, content: bytes) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match="not a readable"):
        load_document(path, path.name, 10**6)


def test_front_matter_dates_are_kept_as_written(tmp_path: Path) -> None:
    """YAML reads `updated: 2026-10-01` as a date, not a string; it is still the date citations show."""
    path = tmp_path / "engineer.md"
    path.write_text(ENGINEER_DOC)
    assert load_document(path, "engineer.md", 10**6).updated == "2026-10-01"


@pytest.mark.parametrize("content,reason", [
    ("# Café Manager\n\nRuns the café.".encode("utf-16"), "is UTF-16 text; re-save it as UTF-8"),
    (b"Plain words for a while. " * 400 + b"\x00 then a NUL byte", "looks binary"),  # past the first 8 KB
])
def test_utf16_and_late_nul_bytes_are_named(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "odd.md"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=reason):
        load_document(path, "odd.md", 10**6)


def test_bold_lines_after_text_nest_as_headings_in_a_word_file(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Communications Lead", level=1)
    document.add_paragraph("We are looking for a lead to shape how the service talks to the public.")
    for group, item in (("Seeing the Big Picture", "Adopt a government-wide perspective"),
                        ("Delivering at Pace", "Take responsibility for quality work")):
        document.add_paragraph().add_run(group).bold = True
        document.add_paragraph().add_run("Essential").bold = True
        document.add_paragraph(item, style="List Bullet")
    path = tmp_path / "lead.docx"
    document.save(path)
    sections = {c.section for c in _chunks(path) if c.kind == "list"}
    assert sections == {"Communications Lead › Seeing the Big Picture › Essential",
                        "Communications Lead › Delivering at Pace › Essential"}


def test_a_lead_in_clause_stays_with_its_list_and_a_label_heads_it(tmp_path: Path) -> None:
    path = tmp_path / "tl.md"
    path.write_text("# Tech Lead\n\n## Planning\n\nThe lead is accountable for:\n\n- Release planning\n- Estimates\n\n"
                    "Requirements:\n\n- Five years of delivery work\n")
    chunks = _chunks(path)
    planning = [c for c in chunks if c.section == "Tech Lead › Planning"]
    assert planning and all(c.text.startswith("The lead is accountable for:") for c in planning)
    assert any(c.section == "Tech Lead › Planning › Requirements" and "Five years" in c.text for c in chunks)


def test_headings_that_give_a_level_and_its_title_are_levels(tmp_path: Path) -> None:
    path = tmp_path / "service-designer.md"
    path.write_text("# Service Designer\n\nWhat we expect at each level.\n\n"
                    "## Level 1: Junior Service Designer\n\nTypical experience: 0-2 years.\n\n"
                    "## Level 2 – Service Designer\n\nTypical experience: 2-5 years.\n\n"
                    "## Level 3 (Senior Service Designer)\n\nTypical experience: 5-8 years.\n\n"
                    "## How to apply\n\nSend a CV.\n")
    doc = load_document(path, "service-designer.md", 10**6)
    assert [lv.name for lv in doc.levels] == ["Level 1: Junior Service Designer", "Level 2 – Service Designer",
                                              "Level 3 (Senior Service Designer)"]
    assert {"Level 3", "Senior Service Designer"} <= set(doc.levels[2].aliases)


def test_a_plain_text_class_series_is_titled_by_its_first_line_with_a_level_per_class(tmp_path: Path) -> None:
    path = tmp_path / "series.txt"
    path.write_text("Survey Technician I/II/III\n\nClass Code: 7508 (I) / 7509 (II)\n\nMINIMUM QUALIFICATIONS\n\n"
                    "Survey Technician I:\n\nExperience: 1 year of field survey work.\n\n"
                    "Survey Technician II:\n\nExperience: 3 years of field survey work.\n\n"
                    "Survey Technician III:\n\nExperience: 5 years of field survey work.\n\n"
                    "COMPENSATION\n\nSurvey Technician I: Step 1 $4,100 – Step 5 $5,000 monthly\n")
    doc = load_document(path, "series.txt", 10**6)
    assert doc.title == "Survey Technician I/II/III"
    assert [lv.name for lv in doc.levels] == ["Survey Technician I", "Survey Technician II", "Survey Technician III"]


def test_a_title_line_saying_more_than_the_page_title_names_the_role(tmp_path: Path) -> None:
    path = tmp_path / "county-posting.md"
    path.write_text('---\ntitle: "Harbor County Job Posting - Program Supervisor"\n---\n\n'
                    "State Title: Program Supervisor VII\n\nMonthly Salary: $5,000\n\n"
                    "Supervises the reporting team.\n", encoding="utf-8")
    doc = load_document(path, "county-posting.md", 10**6)
    assert doc.title == "Program Supervisor VII"  # not the page's "… Job Posting - Program Supervisor"


def test_a_document_whose_levels_are_jobs_is_named_for_them_all(tmp_path: Path) -> None:
    path = tmp_path / "support-ladder.md"
    path.write_text("# Support Engineer I\n\nAnswers tickets.\n\n# Support Engineer II\n\nOwns escalations.\n\n"
                    "# Senior Support Engineer\n\nLeads incident reviews.\n", encoding="utf-8")
    doc = load_document(path, "support-ladder.md", 10**6)
    assert doc.title == "Support Engineer"  # not its first level's name
    assert [lv.name for lv in doc.levels] == ["Support Engineer I", "Support Engineer II", "Senior Support Engineer"]


def test_a_careers_page_of_several_posts_in_capitals_keeps_each_posts_sections_under_it(tmp_path: Path) -> None:
    path = tmp_path / "careers.md"
    path.write_text("# Career opportunities\n\n* Field Survey Officer II\n* Field Survey Officer IV\n\n"
                    "FIELD SURVEY OFFICER  II\n\nJoin our mapping team.\n\nMINIMUM QUALIFICATIONS\n\n"
                    "1. One year of survey work.\n2. A driving licence.\n\n"
                    "## FIELD SURVEY OFFICER IV\n\nLead our mapping team.\n\n### MINIMUM QUALIFICATIONS\n\n"
                    "1. Five years of survey work.\n2. A driving licence.\n", encoding="utf-8")
    doc = load_document(path, path.name, 10**6)
    assert doc.title.casefold() == "field survey officer"  # the posts' shared name, not the page's
    assert [lv.name for lv in doc.levels] == ["FIELD SURVEY OFFICER II", "FIELD SURVEY OFFICER IV"]
    years = {c.level: c.text for c in chunk_document(doc) if "survey work" in c.text}
    assert "One year" in years["FIELD SURVEY OFFICER II"] and "Five years" in years["FIELD SURVEY OFFICER IV"]


def test_a_page_kind_heading_is_no_title_and_the_file_name_loses_it_too(tmp_path: Path) -> None:
    path = tmp_path / "harbor-senior-data-analyst-job-advert.txt"
    path.write_text("# Job advert\n\nWe are a team of 11 analysts and we are looking for more people to join us!\n",
                    encoding="utf-8")
    doc = load_document(path, path.name, 10**6)
    assert doc.title == "Harbor Senior Data Analyst"


def test_a_file_named_document_keeps_its_name_as_it_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "park-ranger-i-ii.txt"
    path.write_text("Park Ranger I/II\n\nDEFINITION\n\nPatrols county parks.\n")
    assert load_document(path, "park-ranger-i-ii.txt", 10**6).title == "Park Ranger I/II"


def test_two_sentences_read_together_stay_together_when_a_long_paragraph_is_split(tmp_path: Path) -> None:
    path = tmp_path / "lecturer.md"
    filler = " ".join(f"The post holder will teach course number {n} to the students of the department."
                      for n in range(6))
    path.write_text(f"# Lecturer\n\n{filler} The closing date is 2 May. Please quote reference DC07/002.\n",
                    encoding="utf-8")
    texts = [c.text for c in chunk_document(load_document(path, path.name, 10**6), target_chars=300)]
    assert len(texts) >= 2 and any("2 May. Please quote reference DC07/002" in t for t in texts)
    assert all(len(t) <= 300 + 300 // 3 for t in texts)


def test_plain_texts_short_capitalised_opening_lines_are_a_title_block_and_a_lone_short_line_a_heading(
        tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_text("IT Specialist (Web Developer)\nBayview Transit Authority\n\nWe run the buses of Bayview.\n\n"
                    "About the work\n\n"
                    "You will build the timetable website with the design team and keep it fast\n"
                    "for everyone who rides the buses.\n", encoding="utf-8")
    doc = load_document(path, path.name, 10**6)
    assert doc.title == "IT Specialist (Web Developer)"
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["About the work"]
    assert any(b.text.endswith("keep it fast for everyone who rides the buses.") for b in doc.blocks)


def test_a_jobs_page_named_for_its_organisation_gives_the_organisation(tmp_path: Path) -> None:
    path = tmp_path / "kestrel-jobs.md"
    path.write_text("# Kestrel jobs\n\n## Open positions\n\n### Senior Mobile Engineer\n\nBuild our app.\n\n"
                    "### Technical Writer\n\nWrite our guides.\n", encoding="utf-8")
    assert load_document(path, path.name, 10**6).org.split(" | ")[0] == "kestrel"


def test_a_job_title_joined_by_and_is_a_job_title_so_its_file_name_gives_no_organisation(tmp_path: Path) -> None:
    path = tmp_path / "financial-planning-and-analysis-manager.txt"
    path.write_text("Financial Planning and Analysis Manager\n\nYou will own the forecast.\n", encoding="utf-8")
    doc = load_document(path, path.name, 10**6)
    assert doc.title == "Financial Planning and Analysis Manager"
    assert "financial" not in doc.org.lower().split(" | ")


def test_a_long_page_title_loses_the_organisation_it_ends_with(tmp_path: Path) -> None:
    path = tmp_path / "heron-faculty.md"
    path.write_text('---\ntitle: "Tenure Track Position in Coastal Ecology and Marine Science at Heron University"\n'
                    "---\n\nWe are hiring.\n", encoding="utf-8")
    assert load_document(path, path.name, 10**6).title == "Tenure Track Position in Coastal Ecology and Marine Science"


def test_a_pay_table_row_belongs_to_the_level_a_section_describes(tmp_path: Path) -> None:
    path = tmp_path / "budget-analyst.md"
    path.write_text("# Budget Analyst\n\n## Levels\n\n### P1 Associate Budget Analyst\n\nTypical experience: 0-2 years.\n\n"
                    "### P2 Budget Analyst\n\nTypical experience: 2-5 years.\n\n## Salary bands\n\n"
                    "| Level | Title | Salary range |\n|---|---|---|\n| P1 | Associate Budget Analyst | $65,000 to $93,000 |\n"
                    "| P2 | Budget Analyst | $85,000 to $125,000 |\n")
    doc = load_document(path, "budget-analyst.md", 10**6)
    assert [lv.name for lv in doc.levels] == ["P1 Associate Budget Analyst", "P2 Budget Analyst"]
    assert "Associate Budget Analyst" in doc.levels[0].aliases
    pay = {c.level: c.text for c in chunk_document(doc) if "$" in c.text}
    assert "$85,000 to $125,000" in pay["P2 Budget Analyst"] and "$65,000" not in pay["P2 Budget Analyst"]


@pytest.mark.parametrize(("name", "text", "named"), [
    ("dfe-lead-developer.md", "# Lead Developer\n\nThe Department for Education is hiring. At the Department for "
     "Education we build services.\n\n## Skills\n\n- Ruby on Rails\n", "Department for Education"),
    ("ontario-junior-developer.md", "# Junior Developer\n\nJoin the Ontario Digital Service. The Ontario Digital "
     "Service builds government services.\n", "Ontario Digital Service"),
    ("hbp-positions.md", "# Research Assistant\n\nThe Human Behavior Project (HBP) is seeking students.\n",
     "Human Behavior Project"),
])
def test_the_name_a_document_uses_for_its_organisation_is_kept(tmp_path: Path, name: str, text: str,
                                                              named: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert load_document(path, name, 5_000_000).org.split(" | ")[1] == named


def test_the_roles_own_title_is_not_taken_for_its_organisation(tmp_path: Path) -> None:
    path = tmp_path / "senior-content-designer.md"
    path.write_text("# Senior Content Designer\n\nAs a Senior Content Designer you will write. The Senior Content "
                    "Designer reports to the head of content.\n", encoding="utf-8")
    assert " | " not in load_document(path, path.name, 5_000_000).org


def test_a_bold_first_line_heads_the_lines_under_it_in_one_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "posting.md"
    path.write_text("# Program Supervisor\n\nState Title: Program Supervisor\n\n"
                    "**Job Description**  \nSupervises the reporting team.\n\n"
                    "**Preferred Qualifications**  \nExperience with reporting tools.\n")
    chunks = _chunks(path)
    by_section = {c.section.rsplit(" › ", 1)[-1]: c.text for c in chunks if c.kind == "paragraph"}
    assert by_section == {"Job Description": "Supervises the reporting team.",
                          "Preferred Qualifications": "Experience with reporting tools."}


def test_label_lines_standing_alone_head_their_value_and_a_value_is_never_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "contract.md"
    path.write_text("# Developer\n\nWe are hiring a developer for a modernisation project.\n\n"
                    "Assignment Length\n\n12 month contract\n\nStart Date\n\nApril 1st 2024\n\n"
                    "Assignment Location\n\nRemote, PST hours\n")
    chunks = _chunks(path)
    by_section = {c.section.rsplit(" › ", 1)[-1]: c.text for c in chunks if c.section.count("›")}
    assert by_section == {"Assignment Length": "12 month contract", "Start Date": "April 1st 2024",
                          "Assignment Location": "Remote, PST hours"}


def test_a_title_block_heading_giving_pay_is_a_fact_not_a_section(tmp_path: Path) -> None:
    path = tmp_path / "ad.md"
    path.write_text("# Full Stack Developer\n\n### Acme\n\n#### `$97.50–$130.00 an hour` `Canada`\n\n"
                    "We build registries.\n\n## Skills\n\n- Python\n")
    chunks = _chunks(path)
    pay = [c for c in chunks if "$97.50" in c.text]
    assert pay and all("$97.50" not in c.section for c in chunks)
    assert {c.section for c in chunks if c.kind == "list"} == {"Full Stack Developer › Skills"}


def test_a_table_row_is_quoted_as_the_source_writes_it_and_read_without_its_escapes(tmp_path: Path) -> None:
    from advisor.text import cells

    path = tmp_path / "pay.md"
    path.write_text("# Compensation\n\nWe pay the San Francisco benchmark.\n\n| Role | SF benchmark |\n|---|---|\n"
                    "| Engineer | \\$160,000 |\n\nThe benchmark is \\$160,000 for engineers.\n")
    chunks = _chunks(path)
    row = next(c.text for c in chunks if c.kind == "table")
    assert "| Engineer | \\$160,000 |" in row
    assert cells(row.split("\n")[-1]) == ["Engineer", "$160,000"]
    assert any(c.text == "The benchmark is $160,000 for engineers." for c in chunks if c.kind == "paragraph")


def test_a_short_plain_text_line_above_a_long_one_is_its_own_line_not_wrapped_text(tmp_path: Path) -> None:
    path = tmp_path / "clerk.txt"
    path.write_text("RECORDS CLERK\n\nANNUAL SALARY\n\n$48,000 to $56,000\nThe salary in the Harbour Department is "
                    "$51,000 to $60,000 for the same work.\n\nDUTIES\n\nA records clerk keeps the files of the city "
                    "in order and answers\nrequests from the public about them.\n")
    texts = [c.text for c in _chunks(path) if c.kind == "paragraph"]
    assert "$48,000 to $56,000" in texts
    assert any(t.startswith("The salary in the Harbour Department") for t in texts)
    assert any(t.endswith("in order and answers requests from the public about them.") for t in texts)


def test_toml_front_matter_gives_title_organisation_and_date(tmp_path: Path) -> None:
    """Hugo writes front matter as TOML between `+++` lines; it is read like YAML's, not shown as text."""
    path = tmp_path / "posting.md"
    path.write_text('+++\nauthor = "None"\ntitle = "Development Operations Manager"\norganization = "Harbor Fund"\n'
                    'date = 2024-03-01\n+++\n\nWe are hiring a manager to run our grants operations.\n')
    doc = load_document(path, "posting.md", 10**6)
    assert (doc.title, doc.updated) == ("Development Operations Manager", "2024-03-01")
    assert doc.org.startswith("Harbor Fund")
    assert not any("+++" in c.text or "author" in c.text for c in chunk_document(doc))


def test_front_matter_facts_about_the_role_are_kept_as_fields(tmp_path: Path) -> None:
    """Loses nothing: a posting's front matter may hold its pay and place; only the page's own keys are metadata."""
    path = tmp_path / "posting.md"
    path.write_text('+++\ntitle = "Operations Manager"\nlocation = "Remote"\nsalary = "$71,120 - $78,410"\n'
                    'b_benefits = ["Health Insurance", "Retirement"]\nsource_note = "copied from the board"\n'
                    'thumbnail = "../images/logo.png"\n+++\n\nWe run grants operations.\n')
    fields = [c.text for c in chunk_document(load_document(path, "posting.md", 10**6)) if c.kind == "fields"]
    assert fields == ["Location: Remote\nSalary: $71,120 - $78,410\nBenefits: Health Insurance, Retirement"]


def test_a_posting_kept_whole_in_its_front_matter_is_read_as_sections(tmp_path: Path) -> None:
    """A site that keeps the posting in YAML lists of paragraphs, with HTML in them and entities in its title."""
    tasks = "Potential tasks include&#58;<ul><li>Profiling the solver.</li><li>Packaging releases.</li></ul>"
    path = tmp_path / "tidewater-programmer.md"
    path.write_text("---\nlayout: jobs\ntitle: Programmer position&#58; Supporting the Tidewater toolkit\n"
                    "pi:\n- <a href=\"mailto:lead@example.org\">Ana Berg</a>\n"
                    "salary:\n- Standard state salary scheme (LR-E12 to E13 depending on experience).\n"
                    "description:\n- " + "The group builds open tools for tide models and their users. " * 6 + "\n"
                    f"- {tasks}\n---\n", encoding="utf-8")
    doc = load_document(path, path.name, 10**6)
    assert doc.title == "Programmer position: Supporting the Tidewater toolkit"
    chunks = chunk_document(doc)
    text = "\n".join(c.text for c in chunks)
    assert "Pi: Ana Berg" in text and "<a" not in text and "&#58;" not in text, text
    assert any(c.section.endswith("Description") and "Profiling the solver." in c.text for c in chunks), \
        [(c.section, c.text) for c in chunks]
    assert "tide models" in text  # a paragraph over 300 characters is kept, not dropped


def test_a_metadata_block_of_lowercase_keys_is_no_part_of_the_title(tmp_path: Path) -> None:
    path = tmp_path / "job-posting.md"
    path.write_text("Title: Senior Software Engineer, Tooling\nlicense: https://example.org/LICENSE\n\n"
                    "## Why this role?\n\nYou will build release tooling.\n", encoding="utf-8")
    doc = load_document(path, path.name, 10**6)
    assert doc.title == "Senior Software Engineer, Tooling"
    assert "LICENSE" not in "\n".join(c.text for c in chunk_document(doc))


def test_a_bold_label_and_its_value_on_one_line_are_a_field_not_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "lead-developer.md"
    path.write_text("# Lead Developer\n\n**DEPARTMENT** Product and Technology\n\n"
                    "**REPORTS TO** Director, Product and Technology\n\n"
                    "**BRIEF DESCRIPTION** The ideal candidate builds tools for newsrooms. They also mentor others.\n",
                    encoding="utf-8")
    chunks = chunk_document(load_document(path, path.name, 10**6))
    text = "\n".join(c.text for c in chunks)
    assert "REPORTS TO: Director, Product and Technology" in text, text
    described = next(c for c in chunks if "builds tools for newsrooms" in c.text)
    assert described.section.endswith("BRIEF DESCRIPTION"), described.section

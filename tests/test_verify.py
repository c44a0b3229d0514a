"""The exact claim checks every grounded path shares (chat model, drafts, evals)."""

from __future__ import annotations

from advisor.verify import check_answer, unsupported_numbers, unsupported_titles

TITLES = ["Tech Director", "Director of Education Technology", "EdTech Director", "Chief Technology Officer (CTO)",
          "CTO", "Director"]


def test_a_title_must_be_whole_words_in_the_evidence() -> None:
    evidence = ["Tech Director › Salary Range\n$180,000 - $275,000+"]
    assert unsupported_titles("A Tech Director can become CTO [1].", evidence, TITLES) == ["CTO"]  # not "dire-cto-r"
    assert unsupported_titles("The EdTech Director earns this [1].", evidence, TITLES) == ["EdTech Director"]


def test_a_title_found_inside_a_longer_one_is_not_checked_again() -> None:
    evidence = ["Tech Director › Career Progression › Advancement To\n- Chief Technology Officer (CTO)"]
    assert unsupported_titles("A Tech Director may become Chief Technology Officer (CTO) [1].", evidence, TITLES) == []


def test_numbers_ranges_and_citations() -> None:
    evidence = {1: "Tech Director › Salary Range\n$180,000 - $275,000+"}
    checks = check_answer("Tech Director pay: $180,000 - $275,000+ [1]. The EdTech Director earns $150,000 [1]. "
                          "Bonus is 20% [2].", evidence, TITLES)
    assert [c.ok for c in checks] == [True, False, False]
    assert "number 150000 is not in the cited evidence" in checks[1].problems
    assert any("not supplied" in p for p in checks[2].problems)
    assert unsupported_numbers("between 180k and 275k", evidence.values()) == []


def test_masking_one_missing_title_does_not_hide_another() -> None:
    # each missing title is reported once, whatever order they are masked in
    assert unsupported_titles("The CTO works with a Director [1].", ["Salary Range\n$1"], ["CTO", "Director"]) \
        == ["Director", "CTO"]

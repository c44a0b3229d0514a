"""The conversation model every surface shares (advisor/conversation.py, read by advisor/understand.py): small talk, and follow-ups read against
earlier turns ("the other one", "both", "compare them", "the second one", "and for level 3?", "what about
seniors?"), through `understand`, on a catalog of made-up roles."""

from __future__ import annotations

import pytest

from advisor.conversation import (
    SMALL_TALK_REPLIES,
    Turn,
    mentioned,
    small_talk,
    small_talk_reply,
)
from advisor.roles import Role
from advisor.understand import replay, understand


def family(title: str, source: str, *aliases: str, levels: tuple[str, ...] = ()) -> Role:
    return Role(title=title, aliases=aliases, family=title, topics=frozenset(), sources=(source,), updated="",
                doc_title=title, levels=levels)


def level(of: Role, name: str, rank: int, title: str, *aliases: str) -> Role:
    return Role(title=title, aliases=(name, *aliases), family=of.title, topics=frozenset(), sources=of.sources,
                updated="", level=name, rank=rank, doc_title=of.title, levels=of.levels)


TD = family("Tech Director", "td.md", "director of technology")
DET = family("Director of Education Technology", "det.md", "edtech director")
NURSE = family("Nurse Practitioner", "np.md")
ENG = family("Software Engineer", "eng.md", "engineer", levels=("L1", "L2", "L3", "Senior"))
L1, L2, L3 = (level(ENG, f"L{n}", n - 1, f"Software Engineer L{n}") for n in (1, 2, 3))
SENIOR = level(ENG, "Senior", 3, "Senior Software Engineer")
OTHER_L3 = family("Engineer L3", "other.md", "L3")
CATALOG = {r.title: r for r in (TD, DET, NURSE, ENG, L1, L2, L3, SENIOR, OTHER_L3)}


def ask(question: str, *turns: Turn) -> tuple[list[str], list[str], list[str]]:
    """The roles, topics and roles to ask about that `understand` reads the question as."""
    query = understand(question, CATALOG, list(turns))
    return [r.title for r in query.roles], list(query.topics), [r.title for r in query.ambiguous]


PAY_TD = Turn("what is the pay for a tech director?", ("Tech Director",), ("pay",))


# -- small talk -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,kind", [
    ("thanks!", "thanks"), ("Thanks a lot :)", "thanks"), ("thank you so much", "thanks"),
    ("got it, thanks", "thanks"), ("ok thanks", "thanks"), ("cheers :pray:", "thanks"),
    ("hi", "greeting"), ("Hello there!", "greeting"), ("good morning", "greeting"), ("hey", "greeting"),
    ("bye", "farewell"), ("that's all, bye!", "farewell"),
    ("ok", "ack"), ("okay cool", "ack"), ("Got it.", "ack"), ("makes sense", "ack"),
])
def test_small_talk_is_told_apart_by_kind(text: str, kind: str) -> None:
    assert small_talk(text) == kind


@pytest.mark.parametrize("text", [
    "hi, what does a tech director do?", "thanks, and what about the pay?", "what is a good salary for a nurse?",
    "ok what skills do they need", "is it hybrid?", "",
])
def test_questions_are_not_small_talk(text: str) -> None:
    assert small_talk(text) == ""


def test_each_kind_of_small_talk_has_its_own_reply() -> None:
    assert small_talk_reply("greeting") != small_talk_reply("thanks")
    assert "welcome" not in small_talk_reply("greeting").lower() and "welcome" in small_talk_reply("thanks").lower()
    assert set(SMALL_TALK_REPLIES) == {"thanks", "greeting", "farewell", "ack"}


def test_small_talk_is_understood_as_such_and_carries_no_role() -> None:
    query = understand("thanks!", CATALOG, [PAY_TD])
    assert query.small_talk == "thanks" and not query.roles


# -- "the other one" --------------------------------------------------------------------------------------------------
def test_the_other_one_is_another_role_of_the_same_kind_with_the_topic_carried() -> None:
    assert ask("what about the other one?", PAY_TD) == (["Director of Education Technology"], ["pay"], [])


def test_the_other_one_is_first_a_role_the_last_answer_offered() -> None:
    offered = Turn(PAY_TD.question, PAY_TD.roles, PAY_TD.topics, offered=("Nurse Practitioner",))
    assert ask("what about the other one?", offered)[0] == ["Nurse Practitioner"]


def test_the_other_one_is_then_the_role_asked_before_the_last_one() -> None:
    history = (Turn("what does a nurse practitioner do?", ("Nurse Practitioner",), ("responsibilities",)), PAY_TD)
    assert ask("and the other one?", *history)[0] == ["Nurse Practitioner"]


def test_the_other_one_of_two_roles_just_discussed_is_asked_about() -> None:
    both = Turn("pay of the tech director and the edtech director?", ("Tech Director",
                                                                        "Director of Education Technology"), ("pay",))
    roles, _, ambiguous = ask("what about the other one?", both)
    assert roles == [] and set(ambiguous) == {"Tech Director", "Director of Education Technology"}


def test_the_other_one_with_nothing_to_tell_it_by_is_asked_about() -> None:
    nurse = Turn("what does a nurse practitioner do?", ("Nurse Practitioner",), ("responsibilities",))
    roles, _, ambiguous = ask("what about the other one?", nurse)
    assert roles == [] and len(ambiguous) > 1  # three other documents, none of the same kind


def test_the_other_director_is_the_director_not_in_view() -> None:
    assert ask("and the other director?", PAY_TD)[0] == ["Director of Education Technology"]


@pytest.mark.parametrize("question", ["what are the other skills they need?", "what other roles can they move to?",
                                      "what should they learn first?", "what is the first step?"])
def test_other_and_first_about_something_else_keep_the_role_in_view(question: str) -> None:
    two = (PAY_TD, Turn("what about the other one?", ("Director of Education Technology",), ("pay",)))
    assert ask(question, *two)[0] == ["Director of Education Technology"]


# -- "both", "compare them", "the second one" ----------------------------------------------------------------------
def test_compare_them_means_the_role_in_view_and_the_one_before_in_the_order_asked() -> None:
    history = (PAY_TD, Turn("what about the other one?", ("Director of Education Technology",), ("pay",)))
    assert ask("compare them", *history) == (["Tech Director", "Director of Education Technology"], ["pay"], [])


@pytest.mark.parametrize("question", ["compare them", "Compare.", "both", "what about both of them?",
                                      "how do they differ?", "show me those two side by side",
                                      "what do each of them earn?", "and for both?"])
def test_ways_of_asking_about_both_roles(question: str) -> None:
    history = (PAY_TD, Turn("what about the other one?", ("Director of Education Technology",), ("pay",)))
    assert ask(question, *history)[0] == ["Tech Director", "Director of Education Technology"]


@pytest.mark.parametrize("question", ["does it need both a degree and experience?",
                                      "difference between minimum and preferred education?"])
def test_both_and_difference_about_one_roles_things_keep_that_role(question: str) -> None:
    history = (PAY_TD, Turn("what about the other one?", ("Director of Education Technology",), ("pay",)))
    assert ask(question, *history)[0] == ["Director of Education Technology"]


def test_both_after_a_question_back_means_the_roles_it_offered() -> None:
    clarified = Turn("what does the director earn?", (), ("pay",),
                     offered=("Director of Education Technology", "Tech Director"))
    assert ask("both", clarified)[0] == ["Director of Education Technology", "Tech Director"]


def test_the_second_one_picks_from_the_roles_offered() -> None:
    clarified = Turn("what does the director earn?", (), ("pay",),
                     offered=("Director of Education Technology", "Tech Director"))
    assert ask("the second one", clarified) == (["Tech Director"], ["pay"], [])


def test_the_first_one_without_an_offer_is_the_first_role_discussed() -> None:
    history = (PAY_TD, Turn("what about the other one?", ("Director of Education Technology",), ("pay",)))
    assert ask("and the first one?", *history)[0] == ["Tech Director"]


def test_comparing_with_a_role_named_keeps_the_one_in_view() -> None:
    assert ask("how does that compare with the nurse practitioner?", PAY_TD)[0] == ["Tech Director",
                                                                                     "Nurse Practitioner"]


def test_they_and_them_keep_the_role_in_view() -> None:
    assert ask("what skills do they need?", PAY_TD)[0] == ["Tech Director"]
    assert ask("what education do I need to become one of them?", PAY_TD)[0] == ["Tech Director"]


# -- levels of the ladder in view -------------------------------------------------------------------------------------
L2_TURN = Turn("what does a software engineer L2 do?", ("Software Engineer L2",), ("responsibilities",))


def test_and_for_level_3_is_that_level_of_the_ladder_in_view() -> None:
    assert ask("and for level 3?", L2_TURN) == (["Software Engineer L3"], ["responsibilities"], [])


def test_a_level_code_shared_by_another_document_is_the_ladder_in_views() -> None:
    assert ask("and L3?", L2_TURN)[0] == ["Software Engineer L3"]


def test_what_about_seniors_is_the_ladders_senior_level() -> None:
    assert ask("what about seniors?", L2_TURN)[0] == ["Senior Software Engineer"]


@pytest.mark.parametrize("question", ["and the senior ones?", "what about senior?", "and for seniors?"])
def test_ways_of_asking_about_the_senior_level(question: str) -> None:
    assert ask(question, L2_TURN)[0] == ["Senior Software Engineer"]


@pytest.mark.parametrize("question", ["how many staff do they manage?",
                                      "do they need a graduate degree?"])
def test_a_seniority_word_before_another_noun_is_not_a_level(question: str) -> None:
    assert ask(question, L2_TURN)[0] == ["Software Engineer L2"]


def test_a_level_the_ladder_lacks_is_said_to_be_missing() -> None:
    query = understand("and for level 7?", CATALOG, [L2_TURN])
    assert [r.title for r in query.roles] == ["Software Engineer"] and query.unknown_level == "level 7"


def test_both_after_two_levels_means_the_two_levels() -> None:
    history = (L2_TURN, Turn("and for level 3?", ("Software Engineer L3",), ("responsibilities",)))
    assert ask("compare them", *history)[0] == ["Software Engineer L2", "Software Engineer L3"]


# -- a change of subject ------------------------------------------------------------------------------------------------
def test_a_new_role_named_is_that_role() -> None:
    assert ask("what does a nurse practitioner do?", PAY_TD)[0] == ["Nurse Practitioner"]


def test_a_new_topic_without_a_role_keeps_the_role_in_view() -> None:
    assert ask("what education is needed?", PAY_TD) == (["Tech Director"], ["education"], [])


def test_a_job_word_the_role_in_view_has_keeps_it_and_one_it_lacks_is_asked_about() -> None:
    assert ask("and the director?", PAY_TD)[0] == ["Tech Director"]
    nurse = Turn("what does a nurse practitioner earn?", ("Nurse Practitioner",), ("pay",))
    roles, _, ambiguous = ask("and the director?", nurse)
    assert roles == [] and set(ambiguous) == {"Tech Director", "Director of Education Technology"}


def test_without_history_nothing_is_resolved_from_a_conversation() -> None:
    assert ask("what about the other one?")[0] == []
    assert ask("compare them")[0] == []


# -- turns ----------------------------------------------------------------------------------------------------------------
def test_roles_a_reply_names_by_title_in_order() -> None:
    reply = "Which role do you mean: Director of Education Technology or Tech Director?"
    assert mentioned(reply, CATALOG) == ("Director of Education Technology", "Tech Director")
    assert mentioned("Pay is documented for Tech Director; ask about it.", CATALOG) == ("Tech Director",)


def test_a_level_titled_by_one_word_counts_only_beside_its_ladder() -> None:
    manager = level(ENG, "Manager", 4, "Manager")
    catalog = {**CATALOG, "Manager": manager}
    assert mentioned("Talk to your Manager about it.", catalog) == ()
    assert mentioned("Software Engineer: reports to the Manager.", catalog) == ("Software Engineer", "Manager")


def test_a_thread_replayed_gives_the_turns_a_live_conversation_would() -> None:
    turns = replay([
        ("what does the director earn?", "Which role do you mean: Director of Education Technology or Tech Director?"),
        ("the second one", "Tech Director — Salary Range: $180,000 [1]"),
        ("what about the other one?", "The Director of Education Technology document doesn't give pay."),
        ("thanks!", "You're welcome!"),
    ], CATALOG, keep=6)
    assert turns[0].roles == () and turns[0].offered == ("Director of Education Technology", "Tech Director")
    assert [t.roles for t in turns[1:]] == [("Tech Director",), ("Director of Education Technology",), ()]
    assert turns[2].topics == ("pay",)
    assert ask("compare them", *turns)[0] == ["Tech Director", "Director of Education Technology"]


def test_a_reply_about_one_role_tells_a_thread_which_role_a_roleless_question_got() -> None:
    turns = replay([("how much does it pay?", "Tech Director — Salary Range: $180,000 [1]")], CATALOG, keep=6)
    assert turns[0].roles == ("Tech Director",)

"""The conversation model every surface shares (`advisor chat`, Slack threads and DMs, the assistant pane): what
each earlier turn was about, and what a follow-up points back at.

A `Turn` keeps a question's roles and topics and the roles its reply offered or named. `resolve` reads a follow-up
against those turns: "the other one", "both", "compare them", "the second one", "and for level 3?", "what about
seniors?". `small_talk` tells "thanks", "hi" or "ok" from a question. How English refers back, greets and thanks is
a general fact of the language, not of any document: the word lists below are the only ones, tested in
tests/test_conversation.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.roles import TITLE_WORDS_RE, Role, RoleMention
from advisor.titles import LEVEL_CODE, ROMAN, TITLE_WORDS, _head_word, level_codes, same_level, singular

if TYPE_CHECKING:
    from advisor.answer import Answer


@dataclass(frozen=True)
class Turn:
    """An earlier exchange: the roles and topics it was about, and the roles its reply offered or named besides
    (a question back, "Which role do you mean: A or B?", or a role the answer mentions) for "the other one"."""

    question: str
    roles: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    offered: tuple[str, ...] = ()


# -- how a follow-up points back ------------------------------------------------------------------------------------
FOLLOW_UP = re.compile(r"^\s*(?:and|what about|how about|same for|also|and for|what of|for)\b", re.I)
# A word pointing back at the role being discussed ("does it come with…", "what do they earn").
BACK = re.compile(r"\b(?:it|its|they|them|their|this role|that role|the role|this job|that job|the job|this one|"
                  r"that one|he|she|his|her)\b", re.I)
# Another role than the one being discussed.
OTHER = re.compile(rf"\bthe other (?:one|role|job|position|post|{TITLE_WORDS_RE})s?\b|\bthe other\s*(?:[?.!,]|$)|"
                   r"\banother one\b", re.I)
# Every role in view at once: "both", "compare them", "each of them", "those two" (not "both a degree and…",
# "the difference between minimum and preferred").
BOTH = re.compile(r"\bboth(?: of them| roles| jobs| positions| ones)?\s*[?.!]*\s*$|\bboth (?:of them|roles|jobs|"
                  r"positions|ones)\b|\b(?:for|of|in|to|with) both\b|\bcompar\w*\b(?=.*\b(?:them|they|these|those|"
                  r"the two|both|each other)\b)|^\W*compare\W*$|\b(?:each|either|all) of (?:them|those|these)\b|"
                  r"\b(?:those|these|the) two\b|\bthem all\b|\bside by side\b|\b(?:they|these|those) (?:differ|"
                  r"compare)\b|\bdifferences? between them\b", re.I)
# A role named beside the one in view, to set against it: "how does it compare with X", "X vs it".
COMPARE = re.compile(r"\b(?:compare|comparing|compared|comparison|versus|vs|differ|difference|differences|"
                     r"side by side)\b", re.I)
# Picking one of the roles the last reply offered.
ORDINAL = re.compile(r"\b(?:the )?(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)( (?:one|role|option)\b)?",
                     re.I)
_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3, "fifth": 4,
             "5th": 4, "last": -1}
# People named by how senior they are, as a level of the ladder in view: "what about seniors?", "the junior ones",
# "and mid-level?" (a seniority word before other nouns, "principal duties", "staff numbers", is not one).
SENIORITY_ASKED = re.compile(r"\b(senior|junior|principal|staff|intern|trainee|apprentice|graduate|intermediate|"
                             r"distinguished|associate|mid[- ]level|entry[- ]level)(?:s\b|(?= (?:ones?|levels?|roles?|"
                             r"people)\b)|\s*[?.!]*\s*$)", re.I)
_LEVEL_NUMBER = re.compile(r"\b(?:level|grade|band|step|tier)\s+(\d{1,2}|[ivx]{1,4})\b", re.I)


def without_references(text: str) -> str:
    """The question less the words that only point back ("both", "the other one", "compare them", "level 3",
    "seniors"): what is asked of the roles they resolve to."""
    for pattern in (OTHER, BOTH, COMPARE, ORDINAL, _LEVEL_NUMBER, SENIORITY_ASKED, BACK):
        text = pattern.sub(" ", text)
    return text


# -- small talk ------------------------------------------------------------------------------------------------------
# What people say around questions, by kind; a message made only of these words (and a few fillers) is small talk.
# The first kind found wins: "ok thanks" thanks, "hi again" greets.
SMALL_TALK: dict[str, tuple[str, ...]] = {
    "thanks": ("thanks", "thank you", "thank u", "thx", "ty", "tysm", "cheers", "many thanks", "much appreciated",
               "appreciate it", "appreciated", "ta"),
    "farewell": ("bye", "goodbye", "bye bye", "see you", "see ya", "cya", "good night", "later", "that's all",
                 "that is all", "that's it", "all done", "done"),
    "greeting": ("hi", "hello", "hey", "hiya", "howdy", "yo", "good morning", "good afternoon", "good evening",
                 "morning", "greetings"),
    "ack": ("ok", "okay", "k", "kk", "cool", "great", "nice", "got it", "perfect", "sounds good", "understood",
            "makes sense", "i see", "alright", "all right", "sure", "awesome", "noted", "fine", "good", "excellent",
            "brilliant", "lovely", "right", "oh", "ah", "wow", "yes", "yep", "no", "nope"),
}
_SMALL_FILLER = frozenset("so very much a lot there again for that this the your you all really that's it's "
                          "help info information answer answers everyone folks bot".split())
SMALL_TALK_REPLIES: dict[str, str] = {
    "thanks": "You're welcome! Ask me anything else about a role: its pay, levels, responsibilities, skills, "
              "education, experience or career path.",
    "farewell": "Bye! Come back any time you have a question about a role.",
    "greeting": "Hi! Ask me about any role in our documents: its pay, levels, responsibilities, skills, education, "
                "experience or career path.",
    "ack": "OK. Ask me anything else about a role whenever you like.",
}
_PHRASES = sorted(((p, kind) for kind, phrases in SMALL_TALK.items() for p in phrases), key=lambda pk: -len(pk[0]))


def small_talk(text: str) -> str:
    """The kind of small talk a message is ("thanks", "greeting", "farewell", "ack"), or "" for anything else."""
    words = re.sub(r":[a-z0-9_+-]+:", " ", text.lower().replace("’", "'"))  # Slack emoji codes
    words = " " + " ".join(re.findall(r"[a-z']+", words)) + " "
    if not words.strip() or len(words.split()) > 8:
        return ""
    found: list[str] = []
    for phrase, kind in _PHRASES:
        if f" {phrase} " in words:
            found.append(kind)
            words = words.replace(f" {phrase} ", " ")
    if not found or any(w not in _SMALL_FILLER for w in words.split()):
        return ""
    return next(kind for kind in SMALL_TALK if kind in found)


def small_talk_reply(kind: str) -> str:
    return SMALL_TALK_REPLIES.get(kind, SMALL_TALK_REPLIES["ack"])


# -- what a follow-up means ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reference:
    """What a follow-up points back at: the roles it means, or the several it could mean (the answer asks which)."""

    roles: tuple[Role, ...] = ()
    ambiguous: tuple[Role, ...] = ()


def resolve(question: str, catalog: dict[str, Role], history: Sequence[Turn],
            mentions: Sequence[RoleMention]) -> Reference | None:
    """The roles a follow-up means from the conversation so far, or None when it points at nothing earlier (the
    question is then read on its own, or carries the role in view as before)."""
    if not history:
        return None
    named = list(dict.fromkeys(m.role for m in mentions))
    in_view = _in_view(history, catalog)
    last = history[-1]
    offered = [catalog[n] for n in (*last.offered, *last.candidates) if n in catalog and n not in last.roles]
    level = _level(question, in_view, mentions, catalog)
    if level is not None:
        return level
    if named:
        if COMPARE.search(question) and len(named) == 1 and in_view and named[0] not in in_view:
            return Reference(_in_order([*in_view[:2], named[0]], history))  # "how does it compare with X?"
        return None
    pick = ORDINAL.search(question)
    discussed = [catalog[n] for t in history for n in t.roles if n in catalog]
    options = list(dict.fromkeys(offered or discussed))  # what was offered, else the roles in the order discussed
    if pick and (pick.group(2) or len(question.split()) <= 3) and len(options) > 1:  # not "what comes first?"
        n = _ORDINALS[pick.group(1).lower()]
        if n < len(options):
            return Reference((options[n],))
    if OTHER.search(question):
        if len(in_view) > 1:  # two roles were just discussed: "the other one" could be either
            return Reference(ambiguous=tuple(in_view))
        others = _others(in_view, history, catalog)
        if len(others) == 1:
            return Reference(others)
        return Reference(ambiguous=others) if others else None
    if BOTH.search(question):
        if len(in_view) > 1:
            return Reference(tuple(in_view[:3]))
        if not in_view:
            return Reference(tuple(offered[:3])) if len(offered) > 1 else None
        others = _others(in_view, history, catalog)
        if len(others) == 1:
            return Reference(_in_order([*in_view, *others], history))
        return Reference(ambiguous=others) if others else None
    return None


def _in_view(history: Sequence[Turn], catalog: dict[str, Role]) -> list[Role]:
    """The roles being discussed: those of the latest turn about any."""
    previous = next((t for t in reversed(history) if any(n in catalog for n in t.roles)), None)
    return [catalog[n] for n in previous.roles if n in catalog] if previous else []


def _others(in_view: list[Role], history: Sequence[Turn], catalog: dict[str, Role]) -> tuple[Role, ...]:
    """"The other one": the roles the last reply offered or named; else other roles of the name asked; else the
    role discussed before these (another level of the same ladder too); else the other roles of the same kind
    (another "director"); else any other role (the only other one, or the answer asks which)."""
    if not in_view:
        return ()
    related = {r.title for r in in_view} | {r.family for r in in_view if r.level} | \
        {r.title for r in catalog.values() if r.level and r.family in {v.title for v in in_view}}
    last = history[-1]

    def fresh(names: Sequence[str]) -> list[Role]:
        return list(dict.fromkeys(catalog[n] for n in names if n in catalog and n not in related))

    for names in (last.offered, next((t.candidates for t in reversed(history) if t.roles), ())):
        found = fresh(names)
        if found:
            return tuple(found)
    for turn in reversed(history):
        found = fresh(turn.roles)
        if found:
            return (found[0],)
    documents = {s for r in in_view for s in r.sources}
    families = [r for r in catalog.values() if not r.level and not documents & set(r.sources)]
    kinds = {k for r in in_view for k in _kinds(r)}
    same = [r for r in families if kinds & _kinds(r)]
    return tuple(same or families)


def _kinds(role: Role) -> frozenset[str]:
    """The job nouns a role's names are headed by ("Director of Education Technology" → director)."""
    heads = {singular(_head_word(n)) for n in (role.title, role.doc_title, *role.aliases) if n}
    return frozenset(h for h in heads if h in TITLE_WORDS)


def _level(question: str, in_view: list[Role], mentions: Sequence[RoleMention],
           catalog: dict[str, Role]) -> Reference | None:
    """A level of the ladder in view: "and for level 3?" (IC2 in view: IC3), "L3" (that ladder's, not another
    document's), "what about seniors?" (its senior level, or the ladder itself when it names none)."""
    family = next((catalog.get(r.family) if r.level else r for r in in_view), None)
    if family is None or not family.levels:
        return None
    if not (FOLLOW_UP.search(question) or BACK.search(question) or len(question.split()) <= 8):
        return None  # a question of its own, not a step along the ladder in view
    levels = [r for r in catalog.values() if r.level and r.family == family.title]
    current = next((r for r in in_view if r.level), None)
    if mentions:  # only level codes named ("and L3?"): this ladder's level of that code, when it has one
        if not all(LEVEL_CODE.fullmatch(m.text) for m in mentions):
            return None
        ours = [m.role for m in mentions if m.role in levels]
        return Reference((ours[0],)) if ours else None
    number = _LEVEL_NUMBER.search(question)
    codes = level_codes(question)
    if number or codes:
        wanted = str(ROMAN.get(number.group(1).lower(), number.group(1))) if number else ""
        exact = [r for r in levels if any(same_level(c, n) for c in codes for n in (r.level, *r.aliases))]
        numbered = [r for r in levels if wanted and wanted in re.findall(r"\d+", r.level)]
        found = exact or numbered
        if len(found) > 1 and current is not None:  # "level 3" beside IC2 is IC3, not M3
            track = re.match(r"[A-Za-z]*", current.level).group(0).lower()  # type: ignore[union-attr]
            found = [r for r in found if re.match(r"[A-Za-z]*", r.level).group(0).lower() == track] or found  # type: ignore[union-attr]
        if len(found) == 1:
            return Reference((found[0],))
        return Reference(ambiguous=tuple(found[:6])) if found else Reference((family,))
    senior = SENIORITY_ASKED.search(question)
    if senior:
        word = singular(re.split(r"[- ]", senior.group(1).lower())[0])
        found = [r for r in levels if any(word in re.findall(r"[a-z]+", n.lower()) for n in (r.title, r.level,
                                                                                              *r.aliases))]
        return Reference((found[0],)) if len(found) == 1 else Reference((family,))
    return None


def _in_order(roles: Sequence[Role], history: Sequence[Turn]) -> tuple[Role, ...]:
    """Roles in the order the conversation first discussed them."""
    first: dict[str, int] = {}
    for i, turn in enumerate(history):
        for name in turn.roles:
            first.setdefault(name, i)
    unique = list(dict.fromkeys(roles))
    return tuple(sorted(unique, key=lambda r: first.get(r.title, len(history))))


# -- turns -----------------------------------------------------------------------------------------------------------
def mentioned(reply: str, catalog: dict[str, Role]) -> tuple[str, ...]:
    """Roles a reply names by their titles, as the advisor writes them ("Which role do you mean: A or B?", "Pay is
    documented for A"), in order. A level titled by one word ("Manager") counts beside its ladder's title only:
    alone it is more likely a quoted word than the level."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for role in sorted(catalog.values(), key=lambda r: -len(r.title)):
        for m in re.finditer(rf"(?<![\w-]){re.escape(role.title)}(?![\w-])", reply):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if role.level and " " not in role.title and role.family not in reply:
                continue
            taken.append(m.span())
            found.append((m.start(), role.title))
    return tuple(dict.fromkeys(t for _, t in sorted(found)))


def turn_after(question: str, answer: "Answer", catalog: dict[str, Role]) -> Turn:
    """The turn a question and its answer make, as every surface keeps it."""
    named = mentioned(answer.answer, catalog) if answer.path != "small-talk" else ()
    return Turn(question, tuple(answer.roles), tuple(answer.topics), tuple(answer.candidates),
                tuple(n for n in named if n not in answer.roles))

"""Understanding a question, once: which roles and levels it names (and how sure), which topics it asks about,
what in particular it wants, and what it carries over from the conversation. Later stages only read the Query.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from advisor.compose import asks_yes_no
from advisor.conversation import BACK, FOLLOW_UP, Turn, mentioned, resolve, small_talk, without_references
from advisor.roles import (
    _FILLER,
    Role,
    RoleMention,
    _org_scores,
    _raw_tokens,
    _tokens,
    detect_roles,
    mask,
    org_words,
    unknown_level,
    unknown_title,
)
from advisor.text import matched_words
from advisor.titles import ROMAN, SENIORITY_WORDS, acronyms, reads_as_job_title, singular
from advisor.topics import (asks_qualifications, benefit_items, direction, direction_words, question_topics,
                            skill_items, topic_words)

GENERIC = frozenset(
    "role roles job jobs position positions post posts gig gigs opening openings vacancy vacancies posting postings "
    "opportunity need needs required require requires requirement requirements typical "
    "typically get gets main key list give describe explain tell know like look looks usually someone person people "
    "kind type sort much many work working the a an what whats does do did is are be can could should would will "
    "i me my we our you your it its this that these those with from by as about into there their they them "
    "of for in on at to and or how who which where when why any some please pls actually expected expect "
    "there here go next after before option options instead any anything else other others besides also "
    "usually typically generally normally come comes coming came getting got have has having had done doing make use "
    "uses used using want wants wanted "
    "makes made take takes offer offers offered include includes included provide provides provided".split()
)


@dataclass(frozen=True)
class Query:
    text: str
    roles: tuple[Role, ...] = ()
    topics: tuple[str, ...] = ()
    focus: frozenset[str] = frozenset()
    unknown_title: str | None = None
    unknown_level: str | None = None
    org_roles: tuple[str, ...] = ()  # the documents of the organisation the question names, when no role is named
    carried: bool = False  # the roles come from the conversation, not from the question's words
    small_talk: str = ""  # its kind ("thanks", "greeting"…): a message that is not a question
    candidates: tuple[Role, ...] = field(default=())  # other roles of the same name, for "the other one"
    ambiguous: tuple[Role, ...] = field(default=())  # roles a generic job word ("director") could mean
    direction: str | None = None  # a career question: "into" the role or "onward" from it
    asked: str = ""  # the question less the role's name: what is asked about it
    kind: str | None = None  # the kind of answer asked for: a count, how often, how long, where (answer_kind)
    counted: str = ""  # what a count question counts ("how many direct reports" → "report")
    set_aside: frozenset[str] = frozenset()  # what the question excludes ("not DWP" → "dwp")
    yes_no: bool = False  # "Does it…?", "Is there…?" (compose.asks_yes_no)
    qualifications: bool = False  # education asked only as "qualify" / "qualifications": whatever is required


def understand(question: str, catalog: dict[str, Role], history: Sequence[Turn] = (),
               topic_scores: dict[str, float] | None = None,
               said_in: Callable[[Role, str], bool] | None = None) -> Query:
    """What the question asks. `said_in(role, words)` tells whether a role's documents use the words (a job the
    question names that a post's own title does not: "the assistant prof at QuSoft")."""
    chat = small_talk(question)
    if chat:
        return Query(text=question, small_talk=chat)
    mentions = detect_roles(question, catalog)
    roles = _distinct([m.role for m in mentions])
    carried = False
    previous = next((t for t in reversed(history) if t.roles), None)
    reference = resolve(question, catalog, history, mentions)
    if reference is not None:
        roles, carried = list(reference.roles), True
    masked = mask(question, mentions)
    if reference is not None:
        masked = without_references(masked)
    title = unknown_title(question, mentions) if not roles else None
    org_roles: tuple[str, ...] = ()
    if not roles:
        org_scores = _org_scores(question, [r for r in catalog.values() if not r.level], catalog)
        by_org = _by_organisation(catalog, org_scores, question, title, said_in)
        if by_org is not None:
            roles, title = [by_org], None
        else:
            org_roles = _organisations_documents(org_scores)
            # "two engineers" at an organisation whose documents speak of engineers is no missing role
            said = [w for w in (_words(title) if title else []) if not w.isdigit() and w not in _COUNT_WORDS]
            if len(org_roles) >= 2 and len(said) == 1 and said_in is not None \
                    and any(said_in(catalog[t], said[0]) for t in org_roles):  # a bare job noun, not a title
                title = None
    ambiguous: list[Role] = list(reference.ambiguous) if reference is not None else []
    if not roles and title:
        containing = _containing(title, catalog) or _contained(title, catalog)  # a generic job word is never a
        if len(containing) == 1:                                                # missing role
            roles, title = containing, None
        elif containing:
            ambiguous, title = containing, None
    follow_up = previous is not None and (FOLLOW_UP.search(question) or len(question.split()) <= 8
                                          or BACK.search(question))
    if not roles and follow_up and ambiguous and reference is None:  # "the director": the one in view, if one
        kept = [r for r in ambiguous if r.title in previous.roles]  # type: ignore[union-attr]
        roles, carried = (kept, True) if kept else (roles, carried)
    elif not roles and follow_up and not title and not ambiguous:
        roles, carried = [catalog[n] for n in previous.roles if n in catalog], True  # type: ignore[union-attr]
    # the organisation's name is not what is asked about it ("the Department for Education" asks no education)
    orgs = {w for r in roles for w in org_words(question, r)}
    found_otherwise = not mentions and not carried  # by its organisation, or a phrase holding its title
    if found_otherwise:  # its name said in full ("LA applications programmers") is not what is asked ("applications")
        masked = _blank_name(masked, [r.title for r in roles])
    # a level's ladder named beside it ("E4 for a Cost Accountant") is the role again, not what is asked of it
    masked = _blank_name(masked, [r.family for r in roles if r.level and r.family])
    topics = question_topics(_blank(masked, orgs), topic_scores)
    if not topics and history and (carried or FOLLOW_UP.search(question)):
        topics = list(history[-1].topics)
    level = unknown_level(question, catalog, roles)
    focus = _content(masked)
    # the role's phrase is already blanked; a title's head noun said again ("the director") is not what is asked,
    # nor the discipline its words name ("design tools" of a Service Designer, "branding" of a Brand Lead)
    focus -= {singular(_words(r.title)[-1]) for r in roles if _words(r.title)} | GENERIC
    named = {w for r in roles for w in _words(r.title) if len(w) >= 5}
    focus -= {w for w in focus if len(w) >= 5 and any(n[:5] == w[:5] for n in named)}
    # the post said as its office ("the lectureship" of a Lecturer, "an internship") is the role, not what is asked
    focus -= {w for w in focus if w.endswith("ship") and len(w) >= 9
              and any(t.startswith(w[:-4]) for r in roles for t in _words(r.title))}
    if found_otherwise:
        focus -= {singular(w) for r in roles for w in _words(r.title)}
    # the words naming the topic are not what is asked of it, but a kind of skill asked alone is ("what languages…")
    kinds = {singular(w) for w in skill_items(masked)}
    focus -= {singular(w) for w in topic_words(masked)}
    qualifications = asks_qualifications(masked)
    if qualifications:  # "what qualifications…" names a section ("Minimum Qualifications"), not a degree
        focus |= {singular(w) for w in re.findall(r"qualif\w*", masked.lower())}
    yes_no = asks_yes_no(question)
    if yes_no and "benefits" in topics:  # "do they get stock options?" asks for that one
        focus |= {singular(w) for w in benefit_items(masked)}
    if "progression" in topics:  # "the next level above X": which way to look, not a thing asked
        focus -= {singular(w) for w in direction_words(masked)}
    kind = answer_kind(masked)
    focus -= {singular(w) for w in _kind_words(masked, kind)}  # "deadline" asks for a date, not for the word
    focus -= orgs | _qualifiers(question, mentions)
    # what the question sets aside is not what it asks: "desirable (not essential)", "other than the DWP"
    set_aside = {singular(w) for m in _SET_ASIDE.finditer(masked)
                 for w in re.findall(r"[a-z0-9$£€]+", m.group(1).lower()) if w not in GENERIC and w != "the"}
    focus -= set_aside | {"not"}
    if not focus:  # nothing else asked: the kind of skill is ("what languages…")
        focus = kinds & _content(masked)
    # what is asked of the role, less its organisation's name too: "Colorado" in the question should not rank
    # "must be performed in Colorado" first
    asked = _blank(masked, orgs)
    return Query(text=question, roles=tuple(roles[:3]), topics=tuple(topics), focus=frozenset(focus),
                 unknown_title=title, unknown_level=level, carried=carried, org_roles=org_roles if not roles else (),
                 candidates=tuple(m.role for m in mentions[3:]), ambiguous=tuple(ambiguous),
                 direction=direction(masked) if "progression" in topics else None,
                 asked=re.sub(r"\s+", " ", asked).strip() if roles else "", kind=kind,
                 counted=counted(masked), yes_no=yes_no, set_aside=frozenset(set_aside),
                 qualifications=qualifications)


# A determiner and a word or two before a job's name: what the name is qualified by ("the Apache tooling senior
# engineer", "our Berlin data engineer"), its organisation, place or team, not what is asked of it.
_QUALIFIED = re.compile(r"\b(?:the|a|an|this|that|our|your|their)\s+((?:[A-Za-z][\w-]*\s+){1,2})$", re.I)


def _qualifiers(question: str, mentions: Sequence[RoleMention]) -> set[str]:
    words: set[str] = set()
    for m in mentions:
        found = _QUALIFIED.search(question[:m.start])
        if found:
            words |= {singular(w) for w in found.group(1).lower().split() if not topic_words(w)}
    return words


def replay(exchanges: Sequence[tuple[str, str]], catalog: dict[str, Role], keep: int) -> list[Turn]:
    """Turns from a conversation's questions and the replies given to them (a Slack thread), read with the same
    understanding as a live question, without retrieving again: the roles a question resolved to, else the one
    role its reply answered about; what else the reply named is offered."""
    turns: list[Turn] = []
    for question, reply in exchanges:
        query = understand(question, catalog, turns[-keep:] if keep else ())
        if query.small_talk:
            turns.append(Turn(question))
            continue
        roles = tuple(r.title for r in query.roles)
        named = mentioned(reply, catalog) if reply else ()
        if not roles and len(named) == 1 and not query.ambiguous:
            roles = named
        offered = tuple(n for n in (*named, *(r.title for r in query.ambiguous)) if n not in roles)
        turns.append(Turn(question, roles, tuple(query.topics), tuple(r.title for r in query.candidates),
                          tuple(dict.fromkeys(offered))))
    return turns[-keep:] if keep else []


# -- the kind of answer a question asks for, and the text that gives it ---------------------------------------------
# How English asks for a count, a frequency, a duration or a place, and how any document states one: a general QA
# device (the expected answer type), tested in tests/test_understand.py.
_NUMBER = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"
_PERIOD = r"(?:days?|weeks?|months?|quarters?|years?|hours?)"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
ANSWER_KINDS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "count": (re.compile(r"\bhow many\b|\bnumber of\b|\bhow (?:big|large)\b|\bwhat size\b", re.I),
              re.compile(rf"\b{_NUMBER}\s+(?:(?!(?:to|of|and|or|in|at|on|for)\b)[a-z-]+\s+)?[a-z]*[a-rt-z]s\b", re.I)),
    "frequency": (re.compile(r"\bhow often\b|\bhow frequent\w*|\bhow regularly\b", re.I),
                  re.compile(rf"\bevery\s+(?:{_NUMBER}\s+)?{_PERIOD}|\b(?:once|twice|{_NUMBER} times)\s+"
                             rf"(?:a|an|per|each|every)\s+{_PERIOD}|"
                             rf"\b(?:daily|weekly|fortnightly|monthly|quarterly|annually|yearly|"
                             rf"biannually)\b|\b{_NUMBER}\s+{_PERIOD}\s+apart\b|\b(?:per|each)\s+{_PERIOD}", re.I)),
    "duration": (re.compile(r"\bhow long\b|\bfor how many (?:days|weeks|months|years)\b|"
                            r"\b(?:is|are)\b.{0,80}\b(?:permanent|temporary|fixed[- ]term)\b", re.I),
                 re.compile(rf"\b{_NUMBER}(?:\s*[-–]\s*{_NUMBER})?\s+{_PERIOD}\b|\b(?:permanent|fixed[- ]term|"
                            r"open[- ]ended|indefinite)\b", re.I)),
    # a grade or pay band is a code ("Grade: PO4", "PAYBAND: Band A", "Band 6", a line "G7"), not a word after
    # "grade" ("grade point average"); a question asks which one, not how a level is graded
    "grade": (re.compile(r"\b(?:what|which)(?:'s| is)?(?: (?:the|their|its|a))?(?: [A-Za-z]{2,8})? (?:pay ?)?(?:grade|"
                         r"band|banding|payband|"
                         r"classification)\b|\bgraded? (?:at|as)\b", re.I),
              re.compile(r"(?i:\b(?:grade|band|banding|pay ?band|pay ?grade|classification))\b\s*:?\s*(?:is\s+)?"
                         r"(?:[A-Z]{0,4}[- ]?\d{1,2}[A-Z]?|[A-Z]|[A-Z]{2,5})\b|^\s*[A-Z]{1,4}\s?\d{1,2}[A-Z]?\s*$|"
                         r"\b[A-Z]{2,4}-[A-Z]?\d{1,2}\b")),  # "Pay scale & grade: CN 52 - 53", "the GS-12", "TVL-E13"
    # a place: where the job is, not where a career goes ("where can a VP go next?")
    "place": (re.compile(r"\bwhere\b[^?]{0,40}?\b(?:live|reside|be based|be located|work from)\b|"  # the words too
                         r"^\s*where\b(?!.*\b(?:find|apply|send|read|see|look|go|goes|move|moves|head|heads|lead|"
                         r"leads|come|comes|join|joins|progress\w*|promot\w*|advanc\w*)\b)|"
                         r"\bwhich (?:city|country|office|"
                         r"location)\b|\blocated\b|\blocation\b", re.I),
              re.compile(r"(?i:\blocation\s*:|\b(?:located|headquartered|based (?:in|at)|remote|remotely|hybrid|"
                         r"on[- ]site|in[- ]office)\b(?!-))|"
                         # who may hold it, by where they live: "open to permanent residents of the EU"
                         r"\b(?i:residents?|citizens?|nationals?|living|live|reside|residing) (?:of|in) (?:the )?[A-Z]|"
                         r"\bin (?!(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December|Spring|Summer|Autumn|Fall|Winter)\b)[A-Z][a-z]+(?:,\s*[A-Z][a-z]+)?\b")),
    # a date: when interviews are, the closing date; not "when can I be promoted" (a career step, not a day)
    "date": (re.compile(r"(?:^|[,;:?!(]\s*)(?:(?:and|so|but|ok|okay),? )?when\b"
                        r"(?!.*\b(?:promot\w*|progress\w*|becom\w*|eligible|advanc\w*|"
                        r"move up|level up|get a raise)\b)|\b(?:what|which) (?:date|day)\b|\bdeadline\b|"
                        r"\b(?:closing|start|starting) date\b", re.I),
             re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+"
                        rf"(?:of\s+)?{_MONTH}\b|"
                        rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|"
                        r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", re.I)),
}


# Kinds of answer only a line giving one can answer: no other line of a role's documents stands in for a grade or
# for a date ("when is the deadline?" is not answered by how to apply).
NEEDED_KINDS = frozenset({"grade", "date"})

_COUNTED = re.compile(r"\bhow many ((?:[a-z-]+\s+){0,2}?[a-z-]+?)(?=\s+(?:do|does|did|are|is|will|would|can|could|"
                      r"should|must|in|of|per|at|for|on|a|an|the|there|has|have|does)\b|\s*[?.!,]|\s*$)", re.I)


def counted(question: str) -> str:
    """The thing a count question counts, singular ("how many direct reports does…" → "direct report"), or ""."""
    m = _COUNTED.search(question)
    return " ".join(singular(w) for w in m.group(1).lower().split()) if m else ""


def _kind_words(question: str, kind: str | None) -> set[str]:
    """The words that ask for the kind of answer the question asks for ("deadline", "location", "how often"), not
    for a thing."""
    if kind is None:
        return set()
    return matched_words([ANSWER_KINDS[kind][0]], question)


def answer_kind(question: str) -> str | None:
    """What kind of answer the question asks for ("how often" → "frequency"), if one the text can show."""
    return next((kind for kind, (asks, _) in ANSWER_KINDS.items() if asks.search(question)), None)


def gives(kind: str | None, text: str, thing: str = "") -> bool:
    """Whether a passage states an answer of that kind ("no less than three months apart" for "frequency"); a count
    of the thing counted, when one is named ("four levels" for "how many levels", not "7 hires")."""
    if kind is None or kind not in ANSWER_KINDS or ANSWER_KINDS[kind][1].search(text) is None:
        return False
    # every word of it: "14 calendar days" does not count vacation days
    return not (kind == "count" and thing) or all(re.search(rf"\b{re.escape(w[:5])}", text, re.I) is not None
                                                  for w in thing.split())


def _blank(text: str, words: set[str]) -> str:
    """The text with the words read as one of `words` (as org_words reads them) blanked out."""
    def blank(match: re.Match[str]) -> str:
        token = _raw_tokens(match.group(0))
        return " " if token and token[0] in words else match.group(0)

    return re.sub(r"[A-Za-z][\w'’-]*", blank, text) if words else text


def _containing(title: str, catalog: dict[str, Role]) -> list[Role]:
    """Documents' roles whose names hold every word of a job phrase the question uses ("director", "senior
    developer"): families only, one per document."""
    words = [w for w in _tokens(title) if w not in _FILLER]
    if not words:
        return []
    out = []
    for role in catalog.values():
        if role.level:
            continue
        if all(w in _name_words(role) for w in words):
            out.append(role)
    return out


# What a question excludes ("(not DWP)", "excluding the bonus"); "apart from" and "besides" add to what they name,
# so lines naming it may still answer ("apart from a CV": "a research output, in addition to a CV").
_SET_ASIDE = re.compile(r"\b(?:not|excluding|except)\s+((?:the\s+)?[\w'’-]+"
                        r"(?:\s+(?!and\b|or\b|but\b)[\w'’-]+){0,2})", re.I)


def _blank_name(text: str, titles: list[str]) -> str:
    """The text with each title (less its number) blanked where it is said as one phrase, in any number."""
    words = list(re.finditer(r"[A-Za-z][\w'’-]*", text))
    tokens = [singular(w.group(0).lower()) for w in words]
    spans = []
    for title in titles:
        name = [singular(w) for w in _words(title) if not w.isdigit() and w not in ROMAN]
        for k in range(len(tokens) - len(name) + 1):
            if len(name) >= 2 and tokens[k:k + len(name)] == name:
                spans.append((words[k].start(), words[k + len(name) - 1].end()))
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def _contained(title: str, catalog: dict[str, Role]) -> list[Role]:
    """Documents' roles whose whole title (less its number) the job phrase holds, a word or more beside ("which team
    does the program supervisor lead" holds "Program Supervisor VII"): families only."""
    tokens = _tokens(title)
    out = []
    for role in catalog.values():
        name = _unnumbered_title(role)
        if role.level or len(name) < 2 or not set(name) <= set(tokens):
            continue
        before = tokens[:min(tokens.index(w) for w in name)]
        if not any(w in SENIORITY_WORDS for w in before):  # "senior applications programmer" is another job
            out.append(role)
    return out


@functools.lru_cache(maxsize=4096)
def _unnumbered_title(role: Role) -> tuple[str, ...]:
    return tuple(w for w in _tokens(role.title) if not w.isdigit() and w not in ROMAN and w not in _FILLER)


@functools.lru_cache(maxsize=4096)
def _name_words(role: Role) -> frozenset[str]:
    return frozenset(t for n in (role.title, role.doc_title, *role.aliases) for t in _tokens(n))


def _by_organisation(catalog: dict[str, Role], scores: dict[str, float], question: str, title: str | None,
                     said_in: Callable[[Role, str], bool] | None = None) -> Role | None:
    """No role named, but the question's words point at one organisation's document ("at sourcegraph"; `scores`
    from _org_scores over the families): that document's role, when the job word asked is in its title
    ("engineer" in "engineering career framework")."""
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, score = ranked[0]
    if score < 0.5 or (len(ranked) > 1 and ranked[1][1] >= score - 0.1):
        return None
    role = catalog[best]
    if not title:
        return role
    # the job asked, less the organisation's own words ("500 Women Scientists ED": "ED")
    named = {singular(w) for w in org_words(question, role)}
    asked = [w for w in _words(title) if w not in named] or _words(title)
    head = singular(asked[-1]) if asked else ""
    in_title = not head or any(w.startswith(head[:6]) for w in _words(f"{role.title} {role.doc_title} {role.family}")) \
        or (len(head) >= 2 and head in acronyms(role.title) and head.upper() in title)  # "ED": Executive Director
    if not in_title and not (reads_as_job_title(role.title) or role.levels):
        # a post titled otherwise ("Tenure Track Position in Quantum Software"): the job asked is one its text names
        return role if said_in is not None and said_in(role, title) else None
    if any(w in SENIORITY_WORDS for w in _words(title)) and not any(
            w in SENIORITY_WORDS for n in role.names for w in _words(n)):
        return None  # "senior designer" is not the organisation's "Designer"
    return role if in_title else None


def _content(text: str) -> set[str]:
    """A text's words less the generic ones, singular."""
    return {singular(w) for w in re.findall(r"[a-z0-9$£€]+", text.lower()) if w not in GENERIC and len(w) > 2}


# How pay is set, not how much it is: "how is pay decided", "compared to the industry", "paid differently".
_PAY_POLICY = re.compile(r"\bhow (?:is|are) (?:the )?(?:pay|salar\w*|compensation|wages?) (?:set|decided|determined|"
                         r"calculated|worked out|reviewed|adjusted)\b|\bcompar\w*|\brelative to\b|\bdifferent\w*|"
                         r"\bdiffer\b|\bnegotia\w*|\bsame (?:pay|salary)\b", re.I)


_AMOUNT_ASKED = re.compile(r"\bhow much\b|\bwhat(?:'s| is| are)? (?:the )?(?:\w+ )?(?:salary|pay|rate|range|band)\b",
                           re.I)


def asks_pay_policy(query: Query) -> bool:
    """Whether a pay question asks how often, when or how pay is set, which a line speaking of pay answers without
    an amount ("we review compensation every six months"), rather than how much it is. (Whether it is paid at all,
    "is the pay negotiable?", is not: a line merely speaking of pay would answer what the documents never say.)"""
    return (query.kind in ("frequency", "date") or bool(_PAY_POLICY.search(query.text))) \
        and len(query.roles) <= 1 and not _AMOUNT_ASKED.search(query.text)


_COUNT_WORDS = frozenset("one two three four five several some many all both most few".split())


def _organisations_documents(scores: dict[str, float]) -> tuple[str, ...]:
    """The documents (families) of the one organisation the question names ("at 2i2c": its jobs page and its
    postings), when it names one clearly, by the families' `scores` from _org_scores."""
    best = max(scores.values(), default=0.0)
    return tuple(t for t, v in scores.items() if v >= 0.5 and v >= best - 0.1) if best >= 0.5 else ()


def _distinct(roles: list[Role]) -> list[Role]:
    seen: set[str] = set()
    out = []
    for r in roles:
        if r.title not in seen:
            seen.add(r.title)
            out.append(r)
    return out


def _words(text: str) -> list[str]:
    return [singular(w) for w in re.findall(r"[a-z0-9$£€]+(?:[.,]\d+)*", text.lower().replace("’", "'"))]


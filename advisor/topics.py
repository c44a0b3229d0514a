"""What a question asks about and what a passage covers, decided by meaning: pay, progression, education,
experience, skills, responsibilities, benefits, working arrangements, reporting lines, hiring, overview.

Sections are classified by embedding similarity of their heading and text to short topic descriptions, plus what
the text itself states (money, years of experience, degrees). Questions use the same descriptions plus a general
list of cue words (how people ask about pay or promotion in any organisation). The descriptions and cue words are
general facts about jobs, written once here and tested in tests/test_topics.py; none comes from a particular
document.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from advisor.text import cells, matched_words

TOPICS = ("pay", "progression", "education", "experience", "skills", "responsibilities", "benefits", "workplace",
          "headcount", "hiring", "overview")

LABELS = {
    "pay": "pay",
    "progression": "career progression",
    "education": "education requirements",
    "experience": "experience requirements",
    "skills": "skills",
    "responsibilities": "responsibilities",
    "overview": "summary",
    "benefits": "benefits or perks",
    "workplace": "working arrangements (location, hours, remote work)",
    "headcount": "team size or reporting lines",
    "hiring": "hiring process",
}

# Short descriptions of each topic, as section headings and sentences in job documents phrase it anywhere.
DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "pay": ("salary, pay range and compensation", "pay scale, wage, hourly rate, pay band and grade pay",
            "how much the job pays per year, month, week or hour"),
    "progression": ("career progression, promotion and career path", "next level, levelling up and advancement",
                    "how to move to the next role or level; roles that lead into this job"),
    "education": ("education, degree and qualifications", "bachelor's degree, diploma, certification required"),
    "experience": ("years of experience required", "previous work experience and track record"),
    "skills": ("skills, competencies and knowledge", "technical skills and tools you should know",
               "abilities and personal qualities we are looking for"),
    "responsibilities": ("responsibilities, duties and what you will do", "main tasks and accountabilities of the job",
                         "what you'll do day to day in this role"),
    "benefits": ("benefits, perks, pension, holidays and leave", "bonus, insurance, allowance and time off",
                 "what we offer you in return"),
    "workplace": ("location, remote working, office and hours of work", "working hours, flexible or hybrid working, travel",
                  "contract type, duration, fixed term or permanent position"),
    "headcount": ("reporting line, who the job reports to and team size", "line management and direct reports"),
    "hiring": ("how to apply, application and interview process", "recruitment stages, selection and assessment",
               "closing date, eligibility and visa sponsorship"),
    "overview": ("about the role, summary and purpose of the job", "introduction to the team and organisation",
                 "overview"),
}

# Finer kinds within a topic, for managers' drafts: which duties are secondary, which skills are soft, and what
# success in the job looks like. General descriptions, like DESCRIPTIONS; tested in tests/test_topics.py.
FACETS: dict[str, tuple[str, ...]] = {
    "primary": ("primary duties: the main responsibilities of the job", "core duties and key responsibilities"),
    "secondary": ("secondary duties: additional or occasional responsibilities", "other duties as required"),
    "success": ("what success looks like in this job", "key measures, outcomes and performance indicators",
                "how performance in the role is measured"),
    "hard_skills": ("hard skills: technical skills, tools and technologies",
                    "specialist knowledge, methods and programming languages"),
    "soft_skills": ("soft skills: interpersonal and communication skills", "personal qualities, attitudes and behaviours",
                    "collaboration, teamwork, empathy and leading people"),
}

# Topics that need a passage of the asked role stating them, or the answer says the documents don't.
STRICT = frozenset({"pay", "progression", "education", "experience", "benefits", "workplace", "headcount", "hiring"})

# What a passage states, recognisable in any document: amounts of money, years of experience, degrees.
MONEY = re.compile(
    r"(?:[$£€¥₹]\s?\d[\d,]*(?:\.\d+)?\s?(?:k|K|m|M)?\b|\b\d[\d,]*(?:\.\d+)?\s?(?:k|K)?\s?(?:€|(?:USD|EUR|GBP|CAD|AUD|"
    r"dollars|pounds|euros)\b)|\b(?:USD|EUR|GBP|CAD|AUD)\s?\d)"
)
# pay stated by the scale it is set on or how it is set, with no amount: "the standard DFG salary scheme (TVL-E13 to
# E14)", "Pay grade: GS-12", "Salary will be commensurate with experience", "compensation depends on experience"
PAY_SCHEME = re.compile(
    r"(?i:\b(?:salar\w*|pay|paid|compensat\w*|remunerat\w*|wages?)\b)(?:"
    r"(?i:.{0,40}?\b(?:scales?|scheme|grades?|bands?|groups?|steps?|schedule|classification)\b).{0,30}?"
    r"(?<![\w-])(?:[A-Z]{1,4}[- ]?[A-Z]?)?\d{1,2}(?![\w-])(?! (?:years?|months?|weeks?|days?|hours?)\b)|"
    r"(?i:.{0,40}?\b(?:commensurate|negotiable|depend\w* (?:up)?on (?:the candidate's |your |their )?(?:experience|"
    r"qualifications|background|skills))\b))")
RATE = re.compile(r"(?:per|an|a|/)\s?(?:hour|hr|week|wk|month|year|yr|annum|day)\b|\bannually\b|\bhourly\b", re.I)
_YEARS = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\+?(?:\s*|-)(?:\(\d+\)\s*)?"
                    r"(?:or more\s+)?"
                    r"(?:years?|yrs?)\b", re.I)
_DEGREE = re.compile(r"\b(?:degree(?! of)|bachelor(?:'s|s|’s|\s+(?:degree|of|in))|master's|"
                     r"masters?(?= degree| in | of )|phd|doctorate|diploma|"
                     r"undergraduate|postgraduate|certificat\w*|educated to|a-levels?|gcses?|bootcamp|high school|"
                     r"ged)\b|"
                     # a degree by its letters, in capitals ("MLS from an ALA accredited school", "BSc or MSc"), not
                     # Microsoft's "MS Office"
                     r"(?-i:\b(?:BA|BSc|BS|BEng|MA|MSc|MEng|MBA|MLS|MLIS|MPH|MPA|MFA|MS(?!\s+(?:Office|Excel|Word|"
                     r"Teams|SQL|Access|Project|Outlook|PowerPoint|Azure|Visio)\b)|DPhil|EdD)\b)",
                     re.I)

_QUESTION_CUES: dict[str, str] = {
    "pay": r"salar\w*|(?<!vacation )(?<!holiday )(?<!sick )(?<!severance )(?<!maternity )(?<!paternity )"
           r"(?<!parental )(?:pay\b|pays\b)(?!(?:\s+[\w']+){0,3}?\s+(?:an?\s+)?(?:annual\s+|yearly\s+|signing\s+|"
           r"performance\s+)?(?:bonus\w*|overtime|allowances?|stipends?|pension|relocation|expenses)\b)|"
           r"paid(?! (?:time off|leave|holidays?|vacations?|sick|parental|annual))|payband|"
           r"pay ?scale|compensat\w*|earn\w*|wages?|income|remunerat\w*|"
           r"how much (?:does|do|is|are|will|would|can|money)|make a year|money|hourly rate|rate of pay|"
           r"(?:what|how much) (?:does|do|did|would|will|can) .{0,60}\bmake\b(?! (?:sure|decisions?|changes?))|"
           r"benchmark|weighting|\bband\b.*\b(?:pay|salary)\b|raise\b|pay rise|negotiat\w*",
    "progression": r"career|progress\w*(?! (?:reports?|updates?|meetings?|checks?))|promot\w*|advanc\w*|"
                   r"next (?:career |job |big )?(?:role|step|level|job|move)s?|level up|"
                   r"(?:comes?|is|sits|what's) (?:right |just |directly )?(?:after|above|before|below)|"
                   r"after (?:l\d|level|ic\d|being|this)|step before|before becoming|grow into|become|becoming|"
                   r"path|ladder|lateral|sideways|feeds? into|leads? (?:in)?to|move up|come from|go(?:es)? next|go on to",
    "education": r"educat\w*|degree|diploma|bachelor\w*|master'?s\b|mba|phd|doctorate|qualif\w*|certif\w*|"
                 r"university|college|academic|schooling|bootcamp|stud(?:y|ies)\b",
    "experience": r"experience|years|yrs|seniority|track record|how long have",
    "skills": r"skill\w*|competenc\w*|abilit\w*|proficien\w*|expertise|knowledge|tech stack|(?<!full )(?<!full-)stack|"
              r"languages?|technolog\w*|tools?|frameworks?|need to know|expected to know",
    "responsibilities": r"responsib\w*|duties|duty|tasks?|day[- ]to[- ]day|in charge|accountab\w*|on the hook|"
                        r"what (?:does|do|will) .{0,60}\bdo\b|actually do|expected of|expectations?|impact",
    "overview": r"what is (?:a|an|the)|who is|summar\w*|overview|describe|purpose|about the role|tell me about",
    "benefits": r"benefits?|perks?|bonus\w*|equity(?! of)|stock|share options|pension|401k|insurance|vacation|holiday|pto|"
                r"paid time off|leave\b|allowance|relocation package|signing bonus|sign-on|health|retirement|401\(k\)|"
                r"(?:vacation|holiday|sick|severance|maternity|paternity|parental) pay",
    "workplace": r"remote\w*|telework\w*|telecommut\w*|hybrid|office|offices|on[- ]site|locat\w*|based|"
                 r"where (?:is|are|will|would|do) .{0,40}\b(?:based|located|work)|hours?\b|overtime|travel|"
                 r"work from home|wfh|shift|permanent|fixed[- ]term|open[- ]ended|"
                 r"\b(?:a|on|short|long|\d+[- ]?(?:yrs?|years?|months?))[- ](?:term )?contract\b|"
                 r"contract (?:length|duration|type|role|position|post|job|basis|term|or)\b|"
                 r"duration|how long is|full[- ]time|"
                 r"part[- ]time|relocat\w*",
    "headcount": r"report(?:s|ing|ed)? (?:(?:directly|progress|back|regularly|formally|administratively|"
                 r"functionally|operationally|in|up) )?(?:to|into)|direct reports|team size|line manage\w*|"
                 r"manage people",
    "hiring": r"interview\w*|apply\b|applying|applications?|recruit\w*|hiring process|stages?|sponsor\w*|visas?|"
              r"portfolio|closing date|selection",
}
_QUESTION_RES = {t: re.compile(rf"(?<![\w])(?:{cue})", re.I) for t, cue in _QUESTION_CUES.items()}
# In a passage, a cue is a whole word ("office" is not "Officer").
_TEXT_RES = {t: re.compile(rf"(?<![\w])(?:{cue})(?![\w])", re.I) for t, cue in _QUESTION_CUES.items()}
# Words a question may use for a topic but a passage uses for other things too ("equity, diversity and
# inclusion", "based on experience"): in a passage they need their topic's company.
_TEXT_RES["benefits"] = re.compile(
    r"(?<![\w])(?:benefits|benefit (?:package|plan|scheme|coverage|programme|program)|perks?|bonus\w*|stock options?|"
    r"share options|equity (?:grant|award|package|stake)s?|"
    r"pension|401k|(?:health|dental|life) (?:insurance|care|cover|plan)|vacation|holidays?|pto|paid time off|"
    r"(?:annual|parental|maternity|paternity|sick|study) leave|allowance|relocation package|signing bonus)(?![\w])",
    re.I)
_TEXT_RES["workplace"] = re.compile(
    r"(?<![\w])(?:remote\w*|hybrid|on[- ]site|office[- ]based|home[- ]based|based (?:in|at)|locat(?:ed|ion)s?|"
    r"hours (?:per|a|of work)|working hours|overtime|travel|work from home|shifts?|permanent|fixed[- ]term|"
    r"open[- ]ended (?:contract|post|appointment|position)|temporary (?:contract|post|appointment|position)|"
    r"full[- ]time|part[- ]time)(?![\w])", re.I)
# The plain words among the cues, for spotting a misspelt one ("sallary", "carreer").
_CUE_WORDS = {t: sorted({w for w in re.split(r"[|()?:]", cue) if re.fullmatch(r"[a-z]{5,}", w)})
              for t, cue in _QUESTION_CUES.items()}


# Experience stated without years: "experience of leading teams", "a proven track record", "demonstrable
# experience in"; not "the user experience" or "experience our culture".
_EXPERIENCE_OF = re.compile(
    r"\b(?:(?:proven|demonstrable|demonstrated|hands-on|practical|significant|extensive|previous|prior|relevant|"
    r"professional|commercial|industry) experience|experience (?:of|in|with|working|leading|building|delivering|"
    r"managing|using|designing|developing|as an?)\b|experienced (?:in|with)\b|track record)", re.I)
# Topics a passage counts as covering when it merely mentions them (its heading may say something else).
_MENTIONED = ("workplace", "headcount")


def evidence_topics(text: str) -> set[str]:
    """Topics a passage states outright, whatever its heading: money means pay, years mean experience."""
    found = set()
    if MONEY.search(text) or (RATE.search(text) and re.search(r"\d", text)):
        found.add("pay")
    if (_YEARS.search(text) and re.search(r"experience|years? of|in (?:a|the) role", text, re.I)) or \
            _EXPERIENCE_OF.search(text):
        found.add("experience")
    if _DEGREE.search(text):
        found.add("education")
    return found


# How a passage (not a question) states a career step; "career" alone ("career exploration") does not.
_PROGRESSION_TEXT = re.compile(
    r"\b(?:promot\w*|advanc\w* (?:to|into)|progress\w* (?:to|into|from)|career (?:path|ladder|progression|track)s?|"
    r"next (?:levels?|roles?|steps?|grades?)|move (?:up|on)? ?(?:to|into)|(?:leads?|feeds?) (?:in)?to|prior roles?|"
    r"previous roles?|entry points?|step(?:ping)? (?:up|stone)|join(?:s|ed)? (?:us )?from|lateral (?:moves?|steps?)|"
    r"(?:grow|grows|growing|step|steps|stepping) into)\b", re.I)


# Which way a career question looks: into the role (where people come from) or onward from it (where it leads).
_INTO = re.compile(r"\b(?:(?:comes?|came|is|sits) (?:just |right )?(?:before|below)|lead(?:s|ing)? (?:in)?to|"
                   r"feed(?:s|ing)? into|before (?:becoming|being|you become)|to become|"
                   r"get (?:to|into)|how (?:do|can|would) (?:i|you|someone|one) become|come from|step before|"
                   r"entry|prior|previous|feeder|prepare)\b", re.I)
_ONWARD = re.compile(r"\b(?:after|next|promot\w*|advanc\w*|move up|progress(?:ion)? (?:to|from)|beyond|above|"
                     r"onward|grow into|go from)\b", re.I)
_HEAD_INTO = re.compile(r"\b(?:entry|from|prior|previous|before|feeder|into|pathways? in)\b", re.I)
_HEAD_ONWARD = re.compile(r"\b(?:advancement|to|next|promotion|after|onward|beyond|up)\b", re.I)


def direction(text: str, heading: bool = False) -> str | None:
    """'into' (roles that lead to this one), 'onward' (where it leads) or None, for a question or a heading."""
    into, onward = (_HEAD_INTO, _HEAD_ONWARD) if heading else (_INTO, _ONWARD)
    if into.search(text):
        if not heading and onward.search(into.sub(" ", text)):
            return None  # "where do they come from and where do they go next?" asks both ways
        return "into"
    if onward.search(text):
        return "onward"
    return None


# Which way a passage states a career step: onward ("often promoted to", "advance to", "typical next steps") or into
# the role ("many join from", "entry points", "previous roles").
_TEXT_ONWARD = re.compile(r"\b(?:promot\w* to|advanc\w* (?:to|into)|progress\w* (?:to|into)|"
                          r"move (?:up |on )?(?:to|into)|next (?:career |job )?(?:steps?|levels?|roles?|grades?)|"
                          r"leads? (?:on )?to|go on to)\b", re.I)
_TEXT_INTO = re.compile(r"\b(?:join(?:s|ed)? (?:us )?from|come(?:s)? from|promoted from|progress\w* from|"
                        r"entry points?|feeder roles?|prior roles?|previous roles?|"
                        r"before (?:joining|becoming))\b", re.I)


def text_direction(text: str) -> str | None:
    """'onward', 'into' or None: which way a passage states a career step, when it states only one."""
    onward, into = bool(_TEXT_ONWARD.search(text)), bool(_TEXT_INTO.search(text))
    return "onward" if onward and not into else "into" if into and not onward else None


def direction_words(question: str) -> set[str]:
    """The words a career question says its direction with ("the level above", "what comes after"): they ask which
    way to look, not for a passage using them."""
    return matched_words((_INTO, _ONWARD), question)


def states(topic: str, text: str) -> bool:
    """Does a passage state something about a topic that needs evidence (pay needs an amount, not a word)?"""
    if topic == "pay":
        return gives_amount(text) or bool(PAY_SCHEME.search(text))
    if topic in ("education", "experience"):
        return topic in evidence_topics(text)
    if topic == "progression":
        return bool(_PROGRESSION_TEXT.search(text))
    return says(topic, text)


# Education spoken of as a requirement without naming a degree ("official qualifications and education are not
# necessarily the only way"): it answers "do I need a degree?", though a draft's education section (a degree,
# diploma or certificate required) stays empty; not "Department for Education" or "modern education generates…".
_EDUCATION_SAID = re.compile(
    r"\b(?:(?:formal|higher|further|tertiary|post-?secondary|secondary|academic|relevant|equivalent|minimum) education|"
    r"education (?:requirements?|level|background)|level of education|(?:qualifications?|training) (?:and|or) education|"
    r"education (?:and|or) (?:training|qualifications?))\b", re.I)


_CURRENCY_WORD = re.compile(r"[$£€¥₹]|\b(?:USD|EUR|GBP|CAD|AUD|NZD)\b")


def _pay_column(text: str) -> bool:
    """A table whose column is headed as pay ("Annual Salary (USD)", "Baseline salary (€)") and holds a figure in
    some row ("50-60K"): the figure is an amount though it carries no currency mark of its own."""
    rows = [line for line in text.split("\n") if line.strip().startswith("|")]
    if len(rows) < 2:
        return False
    columns = [i for i, head in enumerate(cells(rows[0])) if _CURRENCY_WORD.search(head) or _TEXT_RES["pay"].search(head)]
    return any(i < len(values) and re.search(r"\d", values[i]) for values in map(cells, rows[1:]) for i in columns)


def asks_qualifications(question: str) -> bool:
    """Does a question ask for education only by the word "qualify" or "qualifications" ("can I qualify for X?",
    "what qualifications does X need?"), which asks for whatever a role requires, experience as much as degrees?"""
    words = matched_words([_QUESTION_RES["education"]], question)
    return bool(words) and all(w.startswith("qualif") for w in words)


def gives_amount(text: str) -> bool:
    """Does a passage give pay as an amount ("$58,986 to $86,255", "£11.50 an hour", a pay column's "50-60K")?"""
    return bool(MONEY.search(text) or (RATE.search(text) and re.search(r"\d", text)) or _pay_column(text))


def pay_scale_only(text: str) -> bool:
    """Does a passage state pay only by its scale or how it is set, with no amount ("salary scheme TVL-E13")?"""
    return not gives_amount(text) and bool(PAY_SCHEME.search(text))


_FIGURE_RANGE = re.compile(r"[$£€¥₹]\s?\d[\d,.]*\s?[kK]?\s*(?:[-–—]|to)\s*[$£€¥₹]?\s?\d")


def figure_reads_as_pay(text: str) -> bool:
    """In a document that never speaks of pay, does an amount still read as pay: a rate ("💰 $60/hour - $93/hour") or
    a range ("$58,986 to $86,255"), not a lone sum ("invest over $10 Billion", a table's "$50" of contributions)?"""
    return bool(MONEY.search(text) and (RATE.search(text) or _FIGURE_RANGE.search(text)))


def answers(topic: str, text: str) -> bool:
    """Does a passage answer a question on a topic that needs evidence? As `states`, but education is answered by
    what a passage says of education as a requirement too, a degree named or not."""
    return states(topic, text) or (topic == "education" and bool(_EDUCATION_SAID.search(text)))


def says(topic: str, text: str) -> bool:
    """Does a passage use a topic's words at all ("paid an allowance"), evidence or not?"""
    return bool(_TEXT_RES[topic].search(text))


def gives_years(text: str) -> bool:
    """Does a passage give a number of years ("5+ years", "two (2) years")?"""
    return bool(_YEARS.search(text))


# A broad question about a role ("What does a Tech Director do?", "Tell me about…", "What is a…"), answered with the
# role's summary first; one naming its duties ("What are the main responsibilities…") gets the duties first.
_BROAD = re.compile(r"\bwhat (?:does|do|will|would) .{0,60}\bdo\s*[?.!]*\s*$|\btell me about\b|\bwhat(?: is|'s) (?:a|an)\b|"
                    r"\bwho is\b|\bdescribe\b|\boverview\b|\bsummar", re.I)


def broad(question: str) -> bool:
    """Whether a question asks about a role as a whole rather than about its duties by name."""
    return bool(_BROAD.search(question))


def question_topics(question: str, scores: dict[str, float] | None = None) -> list[str]:
    """Topics a question asks about, in the order they appear, clause by clause ("what do they do, and what is
    the pay?" asks two things); by meaning (`scores`, from embeddings) when no cue word names one."""
    topics: list[str] = []
    for clause in _clauses(question):
        for topic in _clause_topics(_respell(clause)):
            if topic not in topics:
                topics.append(topic)
    if topics:
        return topics[:3]
    if scores:
        best = max(scores, key=scores.get)  # type: ignore[arg-type]
        if scores[best] >= 0.5:
            return [best]
    return []


def _clauses(question: str) -> list[str]:
    parts = re.split(r",?\s+(?:and|but|also|plus)\s+(?=(?:what|which|where|how|who|when|is|are|do|does|can|will|"
                     r"would|should)\b)|[,;?]\s+(?=(?:and\s+)?(?:what|which|where|how|who|when)\b)", question, flags=re.I)
    return [p for p in parts if p and p.strip()]


def _clause_topics(question: str) -> list[str]:
    hits: list[tuple[int, str]] = []
    for topic, rx in _QUESTION_RES.items():
        m = rx.search(question)
        if m:
            hits.append((m.start(), topic))
    topics = [t for _, t in sorted(hits)]
    if "pay" in topics and "experience" in topics and re.search(r"how (?:much|many) .{0,20}experience", question, re.I):
        topics.remove("pay")
    if "experience" in topics and "pay" in topics and re.search(r"depending on experience", question, re.I):
        topics.remove("experience")
    specific = [t for t in topics if t not in ("overview", "responsibilities", "skills")]
    return specific[:3] if specific else topics[:2]


def _respell(question: str) -> str:
    """A misspelt cue word ("sallary", "carreer", "experiance") read as the word it is close to."""
    from rapidfuzz import fuzz

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if any(rx.match(low) for rx in _QUESTION_RES.values()):
            return word
        best = max(((fuzz.ratio(low, w), w) for ws in _CUE_WORDS.values() for w in ws), default=(0, ""))
        return best[1] if best[0] >= 86 else word

    return re.sub(r"[A-Za-z]{5,}", fix, question)


def heading_topics(headings: Sequence[str],
                   classify: Callable[[str], tuple[str, ...] | None] | None = None) -> tuple[str, ...]:
    """Topics the headings above a passage mean: the deepest heading that clearly means a topic (by `classify`,
    from embeddings against example headings; None when unclear), else its parent's. A heading that names a job
    or a level ("Senior Engineer", "IC4") means no topic: its text decides. Without a model, the cue words."""
    from advisor.titles import level_codes, reads_as_job_title

    if classify is not None:
        for heading in reversed(list(headings)[-2:]):
            if reads_as_job_title(heading) or level_codes(heading) == [heading.strip()]:
                continue
            found = classify(heading)
            if found:
                return found
        return ()
    joined = " ".join(list(headings)[-2:])
    return tuple(t for t in TOPICS if _QUESTION_RES[t].search(joined))


def chunk_topics(headings: Sequence[str], text: str, from_headings: Sequence[str] | None = None) -> tuple[str, ...]:
    """Topics a passage covers: what its headings mean (`from_headings`, else the cue words), plus what it
    states (money, years, degrees, experience of something) or plainly mentions (where and when the work is done,
    who it reports to)."""
    found = set(evidence_topics(text))
    found.update(t for t in _MENTIONED if states(t, text))
    found.update(heading_topics(headings) if from_headings is None else from_headings)
    if not found:
        found.add("overview" if not headings else "responsibilities")
    return tuple(t for t in TOPICS if t in found)


def topic_words(question: str) -> set[str]:
    """The words in a question that only name its topics ("salary", "promoted"): what is left says what in
    particular is asked."""
    return matched_words(_QUESTION_RES.values(), question)


_BENEFIT_NAMES = frozenset("benefit benefits perk perks".split())


def benefit_items(question: str) -> set[str]:
    """The particular benefits a question names ("stock options", "a pension"), less the words naming benefits as
    a whole: asked "do they get stock options?", a line on a bonus does not answer it."""
    return matched_words([_QUESTION_RES["benefits"]], question) - _BENEFIT_NAMES


# Words that name a particular kind of skill, not skills as a whole: asked "what languages do they want?", a line
# on programming languages answers, a line on soft skills does not.
_SKILL_KINDS = re.compile(r"(?<![\w])(?:languages?|technolog\w*|tools?|frameworks?|(?<!full )(?<!full-)stack)(?![\w])",
                          re.I)


def skill_items(question: str) -> set[str]:
    """The particular kinds of skill a question names ("languages", "tools", "frameworks")."""
    return {m.group(0).lower() for m in _SKILL_KINDS.finditer(question)}


def label(topic: str) -> str:
    return LABELS.get(topic, topic)


def description_texts(descriptions: dict[str, tuple[str, ...]] | None = None) -> list[tuple[str, str]]:
    """(topic, description) pairs to embed once per process."""
    return [(t, d) for t, ds in (descriptions or DESCRIPTIONS).items() for d in ds]


EXAMPLES_FILE = Path(__file__).with_name("topic_examples.yaml")


@functools.cache
def heading_examples() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(heading, topics) examples of section headings in role documents of many kinds (topic_examples.yaml)."""
    import yaml

    raw = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
    out = []
    for key, headings in raw.items():
        topics = tuple(key.split("+"))
        unknown = [t for t in topics if t not in TOPICS]
        if unknown:
            raise ValueError(f"{EXAMPLES_FILE.name}: unknown topic '{unknown[0]}'")
        out.extend((str(h), topics) for h in headings)
    return tuple(out)


# How the nearest examples decide a heading: it must be close to one (cosine ≥ HEADING_MIN); each of its K nearest
# examples votes with weight exp((sim - best) / HEADING_TEMPERATURE), and a topic with HEADING_SHARE of the vote
# counts. Chosen on the shared development corpus (../shared/corpus); the figures were flat around them.
HEADING_MIN, HEADING_K, HEADING_TEMPERATURE, HEADING_SHARE = 0.55, 5, 0.03, 0.35
# Change it when the examples, the descriptions or the decision change: stored heading topics are re-decided.
METHOD_VERSION = "knn-2"


class TopicModel:
    """Topic descriptions (DESCRIPTIONS, or others such as FACETS) embedded once; scores any embedded text against
    them. The example headings are embedded on the first heading asked about (ingest), never for questions."""

    def __init__(self, embed: Callable[[list[str]], list[list[float]]],
                 descriptions: dict[str, tuple[str, ...]] | None = None) -> None:
        import numpy as np

        pairs = description_texts(descriptions)
        self._embed = embed
        self._topics = [t for t, _ in pairs]
        self._matrix = np.asarray(embed([d for _, d in pairs]), dtype=np.float32)
        self._examples: Any = None
        self._example_topics = [t for _, t in heading_examples()] + [(t,) for t in self._topics]

    def scores(self, vector: Sequence[float]) -> dict[str, float]:
        import numpy as np

        sims = self._matrix @ np.asarray(vector, dtype=np.float32)
        out: dict[str, float] = {}
        for topic, sim in zip(self._topics, sims.tolist()):
            out[topic] = max(out.get(topic, -1.0), sim)
        return out

    def heading(self, vector: Sequence[float]) -> tuple[str, ...] | None:
        """The topics a heading means, by its nearest example headings; None when no example is close."""
        import numpy as np

        if self._examples is None:  # the example headings, then the descriptions: each one is an example
            headings = np.asarray(self._embed([h for h, _ in heading_examples()]), dtype=np.float32)
            self._examples = np.concatenate([headings, self._matrix])
        sims = self._examples @ np.asarray(vector, dtype=np.float32)
        nearest = np.argsort(-sims)[:HEADING_K]
        best = float(sims[nearest[0]])
        if best < HEADING_MIN:
            return None
        weights = {int(i): math.exp((float(sims[i]) - best) / HEADING_TEMPERATURE) for i in nearest}
        votes: dict[str, float] = {}
        for i, weight in weights.items():
            for topic in self._example_topics[i]:
                votes[topic] = votes.get(topic, 0.0) + weight
        total = sum(weights.values())
        return tuple(t for t in TOPICS if votes.get(t, 0.0) / total >= HEADING_SHARE)

"""What a question asks about and what a chunk covers: pay, progression, education, experience, skills,
responsibilities, overview, plus topics no role document here covers (benefits, location...).

Matching topics on both sides is what lets the answer abstain per attribute: a question about pay is
answered only from a chunk of the asked role that covers pay, never from a neighbour role's band.
"""

from __future__ import annotations

import re

TOPICS = ("pay", "progression", "education", "experience", "skills", "responsibilities", "overview")

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

# Topics that must be documented for the asked role, or the answer abstains for that part.
STRICT = frozenset({"pay", "progression", "education", "experience", "benefits", "workplace", "headcount", "hiring"})

_QUESTION_CUES: dict[str, str] = {
    "pay": r"salar\w*|pay\w*|paid|compensat\w*|earn\w*|wages?|income|remunerat\w*|band|how much (?:does|do|is|are|will|would|can)|"
           r"make a year|money|\$|usd|eur|gbp|£|€|ote|base rate",
    "progression": r"career|progress\w*|promot\w*|advanc\w*|next (?:role|step|level|job|move)|path|lateral|"
                   r"move (?:in)?to|moves|step up|go(?:es)? next|move next|after that|grow into|lead(?:s)? (?:in)?to|becom\w*|after (?:being|this)|entry|feeder|"
                   r"come from|comes from|before becoming|route|ladder|trajectory|feed\w* into|(?:previous|prior|earlier) (?:jobs?|roles?|positions?)",
    "education": r"educat\w*|degree|diploma|bachelor\w*|master'?s\b|master of|mba|phd|doctorate|qualif\w*|certif\w*|"
                 r"stud(?:y|ied|ies)|university|college|academic|schooling|field of study",
    "experience": r"experience|years|seniority|track record|how long|background in",
    "skills": r"skill\w*|competenc\w*|abilit\w*|good at|know how|proficien\w*|expertise|strengths?|"
              r"knowledge|technolog(?:y|ies) stack|languages?|capabilit\w*|need to know|traits?|qualities",
    "responsibilities": r"responsib\w*|duties|duty|tasks?|do(?:es)? (?:a|an|the)?\s*\w*\s*do|day[- ]to[- ]day|"
                        r"in charge|accountab\w*|oversee\w*|own(?:s)?|functions?|job involve|what does .* do|role of|work on|handle",
    "overview": r"what is (?:a|an|the)|who is|summar\w*|overview|describe|definition|purpose|about the role|tell me about|explain",
    "benefits": r"benefits?|perks?|bonus\w*|(?:get|receive|granted?|any) equity|equity (?:grant|stake|package|compensation)|stock|share options|pension|401k|insurance|vacation|holiday|pto|leave|"
                r"car allowance|company car|relocation|signing|health plan",
    "workplace": r"remote|hybrid|office|on[- ]site|location|relocat\w*|hours|overtime|travel|work from home|wfh|shift",
    "headcount": r"how many (?:people|reports|engineers|staff)|direct reports|team size|reports? to|report into|span of control",
    "hiring": r"interview\w*|hiring process|apply for|applying for|job application|recruit(?:er|ment) process|notice period",
}
_QUESTION_RES = {topic: re.compile(rf"(?<![\w$])(?:{cue})", re.I) for topic, cue in _QUESTION_CUES.items()}

_HEADING_CUES: dict[str, str] = {
    "pay": r"salar|pay|compensation|remuneration|wage|band",
    "progression": r"career|progression|advancement|entry point|lateral|promotion|path|ladder",
    "education": r"education|degree|qualification|field[s]? of study|certification",
    "experience": r"experience",
    "skills": r"skill|competenc",
    "responsibilities": r"responsibilit|function|duties|accountabilit|what you will do|stakeholder|leadership|strategic|"
                        r"curriculum|operational|oversight|data-driven|decision|planning",
    "overview": r"overview|summary|definition|about|introduction|purpose",
}
_HEADING_RES = {topic: re.compile(cue, re.I) for topic, cue in _HEADING_CUES.items()}
_MONEY = re.compile(r"(?:[$£€]\s?\d|\b\d[\d,.]*\s?(?:k|K|USD|EUR|GBP)\b)")


def chunk_topics(headings: list[str], text: str) -> tuple[str, ...]:
    """Topics a chunk covers: the deepest heading that names one wins; money in the text always means pay."""
    topics: list[str] = []
    for heading in reversed(headings):
        found = [t for t, rx in _HEADING_RES.items() if rx.search(heading)]
        if found:
            topics.extend(found)
            break
    if not topics:
        topics.append("overview" if not headings else "responsibilities")
    if _MONEY.search(text) and "pay" not in topics:
        topics.append("pay")
    return tuple(t for t in TOPICS if t in topics)


# Words whose misspellings still name a topic ("sallary", "experiance", "carreer").
_TYPO_TARGETS = ("salary", "salaries", "compensation", "career", "promotion", "progression", "education", "degree",
                 "experience", "qualifications", "responsibilities", "skills", "competencies", "bachelor", "masters")


def correct_typos(question: str) -> str:
    """Replace near-misses of topic words by the words themselves, so the cues below can match them."""
    from rapidfuzz import fuzz, process

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 5 or word.lower() in _TYPO_TARGETS:
            return word
        best = process.extractOne(word.lower(), _TYPO_TARGETS, scorer=fuzz.ratio, score_cutoff=80)
        return best[0] if best else word

    return re.sub(r"[A-Za-z]+", fix, question)


def question_topics(question: str) -> list[str]:
    """Topics a question asks about, in the order they appear in it."""
    question = correct_typos(question)
    hits: list[tuple[int, str]] = []
    for topic, rx in _QUESTION_RES.items():
        match = rx.search(question)
        if match:
            hits.append((match.start(), topic))
    topics = [t for _, t in sorted(hits)]
    specific = [t for t in topics if t not in ("overview", "responsibilities")]
    if "skills" in specific and "experience" in specific and re.search(r"\bexperience\b", question, re.I) \
            and not re.search(r"years|how long|track record", question, re.I) and not re.search(r"skill", question, re.I):
        specific.remove("skills")
    if specific:
        # "How much experience..." is about experience, not pay; "how much" alone only signals pay.
        if "pay" in specific and len(specific) > 1 and not re.search(_QUESTION_CUES["pay"].replace("how much (?:does|do|is|are|will|would|can)|", ""), question, re.I):
            specific.remove("pay")
        return specific
    return topics[:1]


def topic_words(question: str) -> set[str]:
    """The words in a question that only name its topics ("salary", "promoted"): what is left says what in
    particular is asked."""
    from advisor.retrieve import tokenize

    words: set[str] = set()
    for rx in _QUESTION_RES.values():
        for match in rx.finditer(question):
            words.update(tokenize(match.group(0)))
    return words


def label(topic: str) -> str:
    return LABELS.get(topic, topic)

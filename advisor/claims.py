"""The claim checker: does each clause of a sentence say what the passages it cites say? No language model.

One checker for every path that must not overstate the documents: the chat-model verifier
(advisor/verify.py, advisor/generate.py), the eval judge (advisor/evals/judge.py) and `advisor eval judge`.
Per clause (a sentence split at ";", ", but", ", while", "and" between statements...), against the passages the
clause cites — or the sentence's, when the clause carries none:

- every number and range is in a cited passage, normalised ($180k = $180,000; "between X and Y" = X–Y;
  10–15 = 10 to 15), with the same currency, unit and period (hour, week, month, year) where both say one;
  a range must be a range of the passage, not two ends of different ranges;
- negation, modality (required / preferred / may) and quantifier scope (some, most, all, only, exactly) agree
  with the passage unit the clause is most about (the unit that shares most of its words and adds fewest, read by
  its parts that share a word with the clause, with the list header or label above it). Polarity has three values:
  a statement, a denial, and a denied need ("not required", "you do not need to"), which agrees with a denial and
  with "preferred"/"may" but not with a plain statement or an expectation; bounds ("no more than", "at least")
  are not denials; words of opposite meaning ("part-time" / "full-time") contradict;
- every job title (found by a general pattern: capitalised words ending in a title noun, plurals and
  "Director of X" / "X Director" alike) and level code (L3, PO4) is named in a cited passage;
- a clause naming one of the passages' roles is checked only against that role's passages, so one role's
  figure is never supported by another's; figures of two roles are not combined in one clause;
- content words are in the cited text (a clause that adds a fact fails); abbreviations, acronyms spelled out by
  the cited words and derivational neighbours ("extend" / "extension") count as present, and a word English uses
  only as a verb or adverb (lemminflect's lexicon, offline) weighs half a noun, since it rewords how a fact is put;
- a number that names something ("Systems Officer 4") is only that name's; a figure on the table row or line of
  another title or level is not the named one's; an amount with no period takes its heading's or label's;
- a "the documents don't say X" sentence is checked against the role's passages: it fails when they do say X.

General word lists live in advisor/lexicon.py (language) and advisor/text.py (money, units, periods).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from advisor import lexicon as lx
from advisor.text import (CURRENCIES, PERIODS, SENTENCE_END, UNITS, Quantity, quantities, same_currency,
                          spell_out_numbers)

CITATION = re.compile(r"\[(\d{1,3})\]")
_SENTENCE = re.compile(SENTENCE_END + r"(?=[A-Z\[“\"(])|\n+")
_CLAUSE = re.compile(r"\s*;\s+|,\s+(?=(?:and|but|while|whereas|although|though|plus|with|which|including)\s)"
                     r"|\s+(?:but|while|whereas|although|though|as well as)\s+|,\s+|\s+and\s+|\s+plus\s+")
_DASH = re.compile(r"\s+[—–-]{1,2}\s+(?![$£€\d])")
_BOTH_AND = re.compile(r"\b[Bb]oth\s+(?=(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?\s+and\b)")
_LEVEL = re.compile(r"\blevel\s+(\d{1,2})\b", re.I)
_CODE = re.compile(r"(?<![\d.,$£€])\b(?:[A-Z]{1,3}\d{1,2}|\d{1,2}[A-Z])\b\+?")
_WORD = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")
_HEAD_ANY = "|".join(sorted(lx.TITLE_HEADS, key=len, reverse=True))
_HEAD_CAP = "|".join(sorted((h.capitalize() for h in lx.TITLE_HEADS_CAPITALISED), key=len, reverse=True))
_CAP_WORD = r"(?:[A-Z][A-Za-z&'’/-]*|&)"
_TITLE_CAP = re.compile(
    rf"(?:{_CAP_WORD}\s+){{0,4}}(?:(?i:{_HEAD_ANY})|{_HEAD_CAP}|S?VP|EVP)s?\b"
    rf"(?:\s+(?:of|for)\s+(?:the\s+)?{_CAP_WORD}(?:\s+(?:{_CAP_WORD}|and)){{0,3}}(?<!\band))?")
_TITLE_LOWER = re.compile(rf"\b((?:(?:{'|'.join(lx.SENIORITY)})\s+)*)([a-z][\w-]*\s+)?({_HEAD_ANY})s?\b")
_MIN_OVERLAP = 0.3
_UNIT_WORDS = tuple(sorted((w for w in UNITS if w.isalpha()), key=len, reverse=True))
# How often: "monthly", "annual", "every year", "per week", "/week", "a month" (not "a year of experience").
_PERIOD_WORD = re.compile(r"\b(hourly|daily|weekly|fortnightly|monthly|quarterly|annual|annually|yearly)\b"
                          r"|(?:\b(?:per|every|each|a|an)\s+|/\s*)(hour|day|week|fortnight|month|quarter|year|annum)\b"
                          r"(?!\s+(?:of|or|and|in)\b)", re.I)


@dataclass(frozen=True)
class Source:
    """A passage a sentence may cite: its number, its role (and the role's other names when known) and text."""

    n: int
    role: str
    text: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    supported: bool
    reasons: tuple[str, ...] = ()
    gap: bool = False  # a statement about what the documents don't say


@dataclass(frozen=True)
class Claim:
    """A sentence of an answer with the citation numbers it carries."""

    text: str
    citations: tuple[int, ...]


def split_sentences(answer: str) -> list[Claim]:
    """Sentences or answer lines with their citations; a lone "[1]" after a full stop belongs to the sentence."""
    pieces: list[str] = []
    for piece in (p.strip() for p in _SENTENCE.split(answer)):
        if not piece:
            continue
        if pieces and not re.search(r"\w", CITATION.sub("", piece)):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return [Claim(p, tuple(int(n) for n in CITATION.findall(p))) for p in pieces if re.search(r"\w", CITATION.sub("", p))]


def is_gap(sentence: str) -> bool:
    """Whether the sentence says what the documents don't say (rather than something about a role)."""
    return bool(lx.GAP.search(CITATION.sub("", sentence)))


def check(sentence: str, passages: Sequence[Source], *, require_citation: bool = True) -> Verdict:
    """Whether `passages` support `sentence`, which cites them as [n]; the reasons when they don't."""
    text = _normalise(sentence)
    text = _BOTH_AND.sub("", text)
    cited_ns = [int(n) for n in CITATION.findall(text)]
    by_n = {p.n: p for p in passages}
    if is_gap(text):
        return _check_gap(text, cited_ns, passages)
    if not cited_ns:
        return Verdict(not require_citation, ("no citation",) if require_citation else ())
    unknown = [n for n in dict.fromkeys(cited_ns) if n not in by_n]
    reasons = [f"cites evidence that was not supplied: {', '.join(f'[{n}]' for n in unknown)}"] if unknown else []
    known = _role_names(passages)
    sentence_roles = _named_roles(CITATION.sub(" ", text), known)
    all_quantities: list[tuple[Quantity, set[str]]] = []  # figures of clauses that do not name their role
    for clause, refs in _clauses(text, cited_ns):
        cited = [by_n[n] for n in dict.fromkeys(refs) if n in by_n]
        if not cited:
            continue
        reasons += _check_clause(clause, cited, known, sentence_roles, all_quantities)
    roles_per_figure = [roles for _, roles in all_quantities if roles]
    if len(roles_per_figure) > 1 and not set.intersection(*roles_per_figure):
        reasons.append("combines figures from different roles: " + ", ".join(sorted(set.union(*roles_per_figure))))
    reasons = list(dict.fromkeys(reasons))
    return Verdict(not reasons, tuple(reasons))


def check_all(answer: str, passages: Sequence[Source]) -> list[tuple[Claim, Verdict]]:
    return [(c, check(c.text, passages)) for c in split_sentences(answer)]


# -- one clause ------------------------------------------------------------------------------------------------

def _check_clause(clause: str, cited: list[Source], known: Mapping[str, tuple[str, ...]],
                  sentence_roles: list[str], figures: list[tuple[Quantity, set[str]]]) -> list[str]:
    reasons: list[str] = []
    own_names = _named_roles(clause, known) or _roles_by_code(clause, known)
    named = own_names or sentence_roles
    allowed = cited
    if named:
        own = [p for p in cited if p.role in named]
        if not own:
            others = sorted({p.role for p in cited})
            return [f"names {', '.join(named)} but cites only passages of {', '.join(others)}"]
        allowed = own
    allowed_text = "\n".join(_source_text(p) for p in allowed)

    # figures
    for q in [*quantities(_bare(clause)), *_article_durations(_bare(clause))]:
        if q.lo == q.hi == 1 and not (q.currency or q.unit or q.period):
            continue
        q = _written_bound(_bare(clause), q)
        if q.currency and not q.period and _compact_period(_bare(clause)[q.end:q.end + 6]):  # "£13.50ph"
            q = replace(q, period=_compact_period(_bare(clause)[q.end:q.end + 6]))
        problem, roles = _figure_problem(q, allowed, cited, _bare(clause))
        if problem:
            reasons.append(problem)
        if not own_names:  # "X earns A [1], while Y earns B [2]": each figure is given to the role it belongs to
            figures.append((q, roles))
    # level codes and titles
    for code in _codes(clause):
        if code not in _codes(allowed_text) and not _code_spelled(code, allowed_text):
            reasons.append(f"{code} is not in the cited text")
    stems_allowed = _stem_seq(allowed_text)
    title_words: set[str] = set()
    for title, strict in _titles(clause):
        title_words.update(_stem_seq(title))
        if not _title_supported(title, strict, stems_allowed):
            reasons.append(f"title '{title}' is not in the cited evidence")
    for name in (n for r in named for n in known.get(r, ())):
        title_words.update(_stem_seq(name))
    # meaning: negation, modality, scope against the passage unit the clause is most about
    unit, heading, overlap = _best_unit(clause, allowed, title_words)
    if not _has_verb(clause):  # a fragment ("At dxw,") states nothing to negate or qualify
        pass
    elif unit is not None and overlap >= _MIN_OVERLAP:
        line = next((ln for p in allowed for ln in _normalise(p.text).split("\n") if unit in ln), unit)
        reasons += _meaning_problems(clause, unit, heading, line)
    else:  # no passage unit is about this clause: compare with the cited text as a whole
        extra = _quantifiers(clause) - _quantifiers(allowed_text)
        if extra:
            reasons.append(f"says {'/'.join(sorted(extra))} where the cited text does not")
        # a denial must have one in the cited units that share a content word with it (or, when none does, in
        # the cited text at all)
        words = {w for w in _content_stems(clause) if w not in title_words}
        near = [u for p in allowed for u, _ in _units(_normalise(p.text)) if words & set(_content_stems(u))]
        if _polarity(clause) == "neg" and not any(_polarity(t) != "pos" for t in (near or [allowed_text])):
            reasons.append("negates what the cited text states")
        c_mod, t_mod = _modality(clause), _modality(allowed_text)
        if "possibility" in c_mod and not t_mod:
            reasons.append("says it may be so where the cited text states it plainly")
        elif c_mod and t_mod and not c_mod & t_mod:
            reasons.append(f"says {'/'.join(sorted(c_mod))} where the cited text says {'/'.join(sorted(t_mod))}")
        reasons += _period_problems(clause, allowed_text)
    # added facts
    title_words |= _acronyms_in(clause, stems_allowed)
    words = [w for w in _content_stems(clause) if w not in title_words]
    have = set(stems_allowed)
    novel = [w for w in words if w not in have and not _near_stem(w, have)]
    # verbs and adverbs mostly reword how a fact is put ("speaks", "provides"): a new one weighs half a new noun
    light = _relation_words(clause) if novel else set()
    weight = sum(0.5 if w in light else 1.0 for w in novel)
    if novel and (weight >= 2 or weight / len(words) >= 0.5):
        reasons.append(f"adds words the cited text does not have: {', '.join(novel[:5])}")
    return reasons


def _has_verb(clause: str) -> bool:
    return any(_can_be_verb(w) for w in _WORD.findall(CITATION.sub(" ", clause).lower()))


@lru_cache(maxsize=16384)
def _can_be_verb(word: str) -> bool:
    from lemminflect import getAllLemmas

    return bool({"VERB", "AUX"} & set(getAllLemmas(word)))


def _relation_words(clause: str) -> set[str]:
    """Stems of the clause's words that English uses only as verbs or adverbs (lemminflect's lexicon): "speaking",
    "provide", "bring". A word that can be a noun ("stay", "report"), an adjective or is unknown ("Kubernetes")
    may carry a fact and is not among them."""
    out = set()
    for w in _WORD.findall(CITATION.sub(" ", clause).lower()):
        if "-" not in w and "'" not in w and _verb_or_adverb_only(w):
            out.add(_stem(w))
    return out


@lru_cache(maxsize=16384)
def _verb_or_adverb_only(word: str) -> bool:
    from lemminflect import getAllLemmas

    tags = set(getAllLemmas(word))
    return bool(tags) and tags <= {"VERB", "ADV", "AUX"}


def _near_stem(stem: str, have: set[str]) -> bool:
    """A derivational neighbour of a cited word: "extend" for "extension", "complet" for "completion". Stems of
    five letters or more that agree in all but their last letter or two."""
    if len(stem) < 5:
        return False
    return any(len(h) >= 5 and os.path.commonprefix((stem, h)) and len(os.path.commonprefix((stem, h))) >= max(
        5, min(len(stem), len(h)) - 1) for h in have)


def _acronyms_in(clause: str, stems_allowed: Sequence[str]) -> set[str]:
    """Acronyms in the clause ("CSMs", "RSE") spelled out by consecutive cited words ("Customer Success Manager")."""
    found: set[str] = set()
    segments = " ".join(stems_allowed).split("|")  # never spelled across two lines or list items
    initials = ["".join(w[0] for w in seg.split()) for seg in segments]
    for m in re.finditer(r"\b([A-Z]{2,6})s?\b", CITATION.sub(" ", clause)):
        if any(m.group(1).lower() in i for i in initials):
            found.add(_stem(m.group(0).lower()))
            found.add(_stem(m.group(1).lower()))
    return found


def _figure_problem(q: Quantity, allowed: list[Source], cited: list[Source], clause: str = "") -> tuple[str, set[str]]:
    label = q.text.strip()
    q_name = _name_before(clause, q)
    matches = [(p, o) for p in allowed for o in _quantities_of(_source_text(p)) if _same_figure(q, o)
               and not _counts_else(q, o, _source_text(p)) and _same_name(q, q_name, o, _source_text(p))]
    if matches and clause:
        rows = [(p, o) for p, o in matches if not _other_row(clause, o, _source_text(p))]
        if not rows:
            return f"{label} is given for another title in the cited text, not the one the sentence names", set()
        matches = rows
    if not matches:
        elsewhere = {p.role for p in cited for o in _quantities_of(_source_text(p)) if _same_figure(q, o)
                     and not _counts_else(q, o, _source_text(p))}
        if elsewhere:
            return f"{label} is in a passage of {', '.join(sorted(elsewhere))}, not of the role the sentence is about", elsewhere
        if q.is_range and _ends_apart(q, allowed):
            return "", {p.role for p in allowed}
        return f"number {_figure(q)} is not in the cited evidence", set()
    problems = []
    for _, o in matches:
        problem = _context_problem(q, o)
        if not problem:
            return "", {p.role for p, o2 in matches if not _context_problem(q, o2)}
        problems.append(problem)
    return f"{label}: {problems[0]}", set()


_ARTICLE_DURATION = re.compile(r"\b(an?)\s+(year|month|week|fortnight|day|hour|decade)(?:'s)?(?![-\w])(\s+and\s+a\s+half\b)?", re.I)


def _article_durations(text: str) -> list[Quantity]:
    """Durations written with an article: "probation lasts a year", "an hour and a half". Not a rate ("$130,000 a
    year", "36 hours a week", "once a month"), where the article stands for "per"."""
    out = []
    for m in _ARTICLE_DURATION.finditer(text):
        before = " ".join(text[:m.start()].split()[-3:])
        if re.search(r"[\d$£€¥₹]|\b(?:per|every|each|once|twice|times|thrice)\s*$", before, re.I) or \
                re.search(r"\b(?:" + "|".join(_UNIT_WORDS) + r")\s*$", before, re.I):
            continue
        value = 1.5 if m.group(3) else 1.0
        out.append(Quantity(value, value, "", m.group(2).lower(), "", False, "", m.start(), m.end(), m.group(0)))
    return out


def _written_bound(text: str, q: Quantity) -> Quantity:
    """A bound written as a symbol or a word after the figure: "≤$125k", "$125k max", "2 yrs min"."""
    if q.bound:
        return q
    before, after = text[max(0, q.start - 3):q.start], text[q.end:q.end + 12]
    if re.search(r"(?:≤|<=?)\s*$", before) or re.match(r"\s*(?:max(?:imum)?|at most|tops)\b", after, re.I):
        return replace(q, bound="max")
    if re.search(r"(?:≥|>=?)\s*$", before) or re.match(r"\s*(?:min(?:imum)?|at least)\b", after, re.I):
        return replace(q, bound="min")
    return q


def _name_before(text: str, q: Quantity) -> str:
    """The capitalised word a bare number names something by: "Systems Officer 4", "Schedule 6", "Band 5"."""
    if q.currency or q.unit or q.period or q.is_range:
        return ""
    m = re.search(r"(?<![.!?:]\s)(?<!^)\b([A-Z][a-z]+)[ \t]+$", text[max(0, q.start - 30):q.start])
    return _stem(m.group(1).lower()) if m and m.group(1).lower() not in lx.STOPWORDS else ""


def _same_name(q: Quantity, q_name: str, o: Quantity, text: str) -> bool:
    """A number that names something ("Officer 4") is only that name's number; a passage's "Schedule 6" is not
    a count of anything ("a 6 month assignment")."""
    o_name = _name_before(text, o)
    if q_name:
        return o_name == q_name
    return not (o_name and (q.unit or q.currency))


def _other_row(clause: str, o: Quantity, text: str) -> bool:
    """Whether the passage gives the figure on a line (a table row, a list item) for a title other than the one the
    clause names, while another line gives a figure for the clause's title: "| Designer | $107,000 |" is not the
    Technical Writer's benchmark."""
    titles = [_stem_seq(t) for t, _ in _titles(clause)] + [[c.lower()] for c in _codes(clause)]
    if not titles:
        return False
    lines = _figure_lines(text)
    def names(line_stems: tuple[str, ...]) -> bool:
        return any(_contains(line_stems, t) for t in titles if t)
    own = next((stems for start, end, stems in lines if start <= o.start < end), None)
    if own is None or names(own):
        return False
    return any(names(stems) for _, _, stems in lines)


@lru_cache(maxsize=4096)
def _figure_lines(text: str) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    """The lines of a passage that give a figure next to a job title: (start, end, title stems)."""
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if quantities(line) and (_titles(line) or _codes(line)):
            out.append((start, end, tuple(w for t, _ in _titles(line) for w in _stem_seq(t)) +
                        tuple(c.lower() for c in _codes(line))))
        start = end + 1
    return tuple(out)


def _same_figure(q: Quantity, o: Quantity) -> bool:
    scale = _TIME_IN_MINUTES[o.unit] / _TIME_IN_MINUTES[q.unit] if _convertible(q, o) else 1.0
    o_lo, o_hi = o.lo * scale, o.hi * scale
    if q.is_range:
        return o.is_range and _close(q.lo, o_lo, q.rounded) and _close(q.hi, o_hi, q.rounded)
    return _close(q.lo, o_lo, q.rounded) or _close(q.lo, o_hi, q.rounded)


# Durations in one measure, so "90 minutes" is "1.5 hours" and "24 months" is "2 years" (a month is a twelfth of
# a year; weeks and months are not converted into each other).
_TIME_IN_MINUTES = {"minute": 1, "hour": 60, "day": 1440, "week": 10080, "fortnight": 20160,
                    "month": 43800, "quarter": 131400, "year": 525600, "decade": 5256000}
_CONVERTIBLE = ({"minute", "hour", "day", "week", "fortnight"}, {"month", "quarter", "year", "decade"})


def _convertible(q: Quantity, o: Quantity) -> bool:
    return q.unit != o.unit and any(q.unit in group and o.unit in group for group in _CONVERTIBLE)


def _counts_else(q: Quantity, o: Quantity, text: str) -> bool:
    """Whether the passage's figure counts something other than the sentence's: "within 5 business days"
    is not the 5 of "3-5 epics", "5 years" is not "5 projects". Only where one side names a unit and the
    other a different noun right after the figure."""
    if q.currency or o.currency or (q.unit and o.unit):
        return False
    if q.unit and not o.unit:
        noun = _noun_after(text, o)
        return bool(noun) and PERIODS.get(noun) is None
    return False


def _noun_after(text: str, q: Quantity) -> str:
    m = re.match(r"[ \t]*(?:\+\s*)?(?:[-–][ \t]*)?([a-z][a-z-]*)", text[q.end:q.end + 40], re.I)
    if not m or m.group(1).lower() in lx.STOPWORDS or m.group(1).lower() in _BOUND_WORDS:
        return ""
    return m.group(1).lower()


_BOUND_WORDS = frozenset("or and to plus more less above below higher lower".split())


def _ends_apart(q: Quantity, allowed: list[Source]) -> bool:
    """A range written from two single figures of one passage ("starts at $10.20, caps at $16"), neither of which
    is an end of a different range there."""
    for p in allowed:
        found = _quantities_of(_source_text(p))
        lo = [o for o in found if not o.is_range and _close(q.lo, o.lo, q.rounded)]
        hi = [o for o in found if not o.is_range and _close(q.hi, o.lo, q.rounded)]
        in_range = [o for o in found if o.is_range and (_close(q.lo, o.lo, q.rounded) or _close(q.hi, o.hi, q.rounded)
                                                       or _close(q.lo, o.hi, q.rounded) or _close(q.hi, o.lo, q.rounded))]
        # "no less than 3 months ... no more than 6 months" is the range 3-6 months: a lower bound may be its
        # bottom and an upper bound its top
        lo = [o for o in lo if o.bound in ("", "min", "exact")]
        hi = [o for o in hi if o.bound in ("", "max", "exact")]
        if lo and hi and not in_range and not _context_problem(q, replace(lo[0], bound="")) and \
                not _context_problem(q, replace(hi[0], bound="")):
            return True
    return False


def _close(a: float, b: float, rounded: float) -> bool:
    if rounded:
        return abs(a - b) <= rounded / 2 + 1e-9
    return abs(a - b) < 1e-9


def _context_problem(q: Quantity, o: Quantity) -> str:
    if not q.is_range and o.is_range:  # "at most $180,000" of "$180,000 - $275,000+": the bottom is not a ceiling
        if q.bound == "max" and not _close(q.lo, o.hi, q.rounded):
            return "the sentence gives the bottom of the cited range as an upper limit"
        if q.bound == "min" and not _close(q.lo, o.lo, q.rounded) and not (o.plus and _close(q.lo, o.hi, q.rounded)):
            return "the sentence gives the top of the cited range as a lower limit"
    if o.bound == "max" and q.bound not in ("max",):
        return "the cited text gives it as an upper limit (up to)"
    if q.bound == "exact" and o.bound:
        return "the cited text gives it as a bound, not an exact figure"
    if q.currency and not o.currency:
        return f"the cited figure has no currency, the sentence says {q.currency}"
    if not same_currency(q.currency, o.currency):
        return f"the currency differs ({o.currency} in the cited text)"
    if q.unit and o.unit and q.unit != o.unit and not _convertible(q, o):
        return f"the unit differs ({o.unit} in the cited text, {q.unit} in the sentence)"
    if q.period and o.period and q.period != o.period:
        return f"the period differs (per {o.period} in the cited text, per {q.period} in the sentence)"
    if q.period and not o.period and not (q.period == "year" and o.currency):
        return f"the sentence says per {q.period}, the cited text gives no period"
    if q.unit and not o.unit and q.unit == o.period:
        return ""
    return ""


# -- meaning ---------------------------------------------------------------------------------------------------

def _meaning_problems(clause: str, unit: str, heading: tuple[str, ...], line: str = "") -> list[str]:
    """Negation, modality, scope and periods of a clause against the passage unit it is most about. A heading
    or label above the unit counts too: "Not expected: coding everything", "Preferred: 5-7 years"."""
    problems = []
    headers = [h for h in map(_list_header, heading) if h]
    c_pol, u_pol = _polarity(clause), max((_polarity(t) for t in (_about(unit, clause), *headers)),
                                          key=_POLARITY_ORDER.index)
    if c_pol == u_pol == "pos":  # "unpaid" where the unit says "paid", "available" where it says "unavailable"
        c_words, u_words = set(re.findall(r"[a-z]+", clause.lower())), set(re.findall(r"[a-z]+", unit.lower()))
        c_pol = "neg" if any(m.group(1).lower() in u_words and m.group(0).lower() not in u_words
                             for m in lx.NEGATIVE_PREFIX.finditer(clause)) else c_pol
        u_pol = "neg" if any(m.group(1).lower() in c_words and m.group(0).lower() not in c_words
                             for m in lx.NEGATIVE_PREFIX.finditer(unit)) else u_pol
    # "not needed" agrees with "not"; it disagrees with a plain statement or an expectation ("should have"), not
    # with "preferred" or "may"
    soft = {"preference", "possibility"}
    if {c_pol, u_pol} == {"neg", "pos"} or ({c_pol, u_pol} == {"opt", "pos"} and not soft & _modality(re.sub(
            r"\bshould\b", " ", clause if c_pol == "pos" else " ".join((unit, *heading)), flags=re.I))):
        problems.append(f"negation differs from the cited text (“{_short(unit)}”)")
    c_mod, u_mod = _modality(clause), _modality(_about(unit, clause))
    context = u_mod or next((m for m in map(_modality, heading) if m), set())
    if c_mod and context and not (c_mod & context):
        problems.append(f"says {'/'.join(sorted(c_mod))} where the cited text says {'/'.join(sorted(context))}")
    elif "possibility" in c_mod and not context and c_pol != "opt":
        problems.append("says it may be so where the cited text states it plainly")
    elif not c_mod and u_mod and u_mod <= {"possibility"} and not re.search(r"\bcan\b", clause, re.I):
        problems.append("states plainly what the cited text says only may be so")
    problems += _opposites(clause, _about(unit, clause))
    c_q, u_q = _quantifiers(clause), _quantifiers(unit) | _quantifiers(line)
    extra = c_q - u_q
    if extra:
        problems.append(f"says {'/'.join(sorted(extra))} where the cited text does not (“{_short(unit)}”)")
    problems += _period_problems(clause, unit)
    return problems


def _period_problems(clause: str, text: str) -> list[str]:
    """How often something happens must agree: "a monthly review" where the text says "an annual review"."""
    c_per, t_per = _periods(clause), _periods(text)
    if c_per and t_per and not c_per & t_per:
        return [f"the period differs (per {'/'.join(sorted(t_per))} in the cited text, "
                f"per {'/'.join(sorted(c_per))} in the sentence)"]
    return []


def _periods(text: str) -> set[str]:
    return {PERIODS[(m.group(1) or m.group(2)).lower()] for m in _PERIOD_WORD.finditer(text)}


def _opposites(clause: str, unit: str) -> list[str]:
    """A word of the clause whose opposite the unit says instead ("part-time" where it says "full-time")."""
    def words(text: str) -> set[str]:
        return {lx.WORD_ABBREVIATIONS.get(w, w) for w in re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower())}
    c_words, u_words = words(CITATION.sub(" ", clause)), words(unit)
    for group in lx.ANTONYMS:
        said, other = c_words & group, u_words & group
        if said and other and not said & u_words and not other & c_words:
            return [f"says {'/'.join(sorted(said))} where the cited text says {'/'.join(sorted(other))}"]
    return []


_POLARITY_ORDER = ("pos", "opt", "neg")


def _about(unit: str, clause: str) -> str:
    """The parts of a unit of several clauses that share a content word with the clause: "This role is fully
    remote; there is no expectation to come into an office" is, for "the role is fully remote", its first part."""
    parts = [c for sentence in _SENTENCE.split(unit) for part in _DASH.split(sentence) for c in _CLAUSE.split(part)
             if c and re.search(r"[A-Za-z]", c)]
    if len(parts) < 2:
        return unit
    words = set(_content_stems(clause, keep_filler=True))
    shared = [c for c in parts if words & set(_content_stems(c, keep_filler=True))]
    return " ; ".join(shared) or unit


def _polarity(text: str) -> str:
    """"neg" (a statement denied), "opt" (a need denied: "not required", "you do not need to") or "pos"."""
    if _negated(text):
        return "neg"
    return "opt" if lx.NEGATED_OBLIGATION.search(lx.BOUND_PHRASES.sub(" ", text.replace("’", "'"))) else "pos"


def _list_header(heading: str) -> str:
    """The last part of a heading when it is a short list header ("Responsibilities not expected", "Not
    required", "Not part of this role"), not a sentence of its own ("Progression doesn't have to mean managing")."""
    last = heading.split("›")[-1].strip()
    n = len(last.split())
    return last if n <= 4 or (n <= 6 and re.match(r"(?:not|no|never|out of)\b", last, re.I)) else ""


def _negated(text: str) -> bool:
    text = lx.BOUND_PHRASES.sub(" ", lx.NEGATED_OBLIGATION.sub(" optional ", text.lower().replace("’", "'")))
    text = re.sub(r"\bnot\s+necessarily\b", " not ", text)
    text = re.sub(r"\bnot\s+(?:just|only|merely|simply)\b", " ", text)  # "not just X but Y" adds, it does not deny
    tokens = re.findall(r"[a-z]*n't|[a-z]+", text.replace("’", "'"))  # "don't" is one token, not "don" + "t"
    return any(t in lx.NEGATORS or t.endswith("n't") for t in tokens)


def _modality(text: str) -> set[str]:
    # "the required education" names a thing; only "is required", "must"... state a modality
    low = re.sub(r"\b(?:the|a|an|any|all|your|their)\s+(?:required|preferred|minimum|necessary|essential|desired|"
                 r"mandatory)\b", " ", text.lower())
    found: set[str] = set()
    if lx.NEGATED_OBLIGATION.search(low):
        found |= {"preference", "possibility"}
        low = lx.NEGATED_OBLIGATION.sub(" ", low)
    for phrase, kind in lx.MODAL_PHRASES.items():
        if re.search(rf"\b{re.escape(phrase)}\b", low):
            found |= {"preference", "possibility"} if kind == "optional" else {kind}
            low = re.sub(rf"\b{re.escape(phrase)}\b", " ", low)
    for word in re.findall(r"[a-z-]+", low):
        kind = lx.MODALS.get(word)
        if kind:
            found.add(kind)
    return found


def _quantifiers(text: str) -> set[str]:
    text = lx.NOT_SCOPE.sub(" ", text.lower())
    return {lx.QUANTIFIERS[w] for w in re.findall(r"[a-z]+", text) if w in lx.QUANTIFIERS}


def _best_unit(clause: str, allowed: Sequence[Source], ignore: set[str]) -> tuple[str | None, tuple[str, ...], float]:
    words = {w for w in _content_stems(clause, keep_filler=True) if w not in ignore}
    if not words:
        return None, (), 0.0
    content = {w for w in _content_stems(clause) if w not in ignore}
    sentence_like = len(re.findall(r"[A-Za-z]+", CITATION.sub(" ", clause))) >= 4  # not a fragment like "At dxw"
    best: tuple[str | None, tuple[str, ...], float] = (None, (), 0.0)
    best_score = 0.0
    for p in allowed:
        for unit, heading in _units(_normalise(p.text)):
            stems = set(_content_stems(unit, keep_filler=True))
            shared = len(words & stems)
            # one common word is no basis for comparing meaning, unless it is the clause's only content word
            if shared < min(2, len(words)) and not (len(content) == 1 and content <= stems and sentence_like):
                continue
            overlap = shared / len(words)
            # the unit that says most of the clause and little else: a clause of a line rather than the whole line
            score = 2 * shared / (len(words) + len(stems))
            if score > best_score or (score == best_score and best[0] is not None and len(unit) < len(best[0])):
                best, best_score = (unit, heading, overlap), score
    return best


@lru_cache(maxsize=4096)
def _units(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A passage's clauses, each with its context, nearest first: the line's label ("Preferred: ..."), then the
    two headings above it ("Should have", "Preferred Education")."""
    out: list[tuple[str, tuple[str, ...]]] = []
    heading: list[str] = []
    for line in text.split("\n"):
        bullet = bool(re.match(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+", line))
        line = line.strip().lstrip("-*•>").strip()
        if not line:
            continue
        if "›" in line or (not bullet and line.startswith("#")) or (not bullet and line.endswith(":") and len(line) < 80) or \
                (not bullet and len(line.split()) <= 6 and not re.search(r"[.!?]$", line) and not re.search(r"\d", line)):
            heading.append(line.lstrip("#").strip())
            continue
        label = ""
        m = re.match(r"^([A-Z][\w /&'’()-]{1,40}):\s+(.*)$", line)
        if m:
            out.append((line, tuple(reversed(heading[-2:]))))  # "Line management: that sits with X" as a whole
            label, line = m.group(1), m.group(2)
        context = tuple(c for c in (label, *reversed(heading[-2:])) if c)  # nearest first
        sentences = _SENTENCE.split(line)
        for sentence in sentences:
            for clause in (c for part in _DASH.split(sentence) for c in _CLAUSE.split(part)):
                if clause and re.search(r"[A-Za-z]", clause):
                    out.append((clause, context))
            if len(sentences) > 1:
                out.append((sentence, context))
        out.append((line, context))
    return tuple(out)


# -- "the documents don't say X" -------------------------------------------------------------------------------

def _check_gap(text: str, cited_ns: list[int], passages: Sequence[Source]) -> Verdict:
    body = CITATION.sub(" ", text)
    known = _role_names(passages)
    negated_part = re.split(r"\bbut\s+not\b", body, maxsplit=1)
    about = negated_part[1] if len(negated_part) > 1 else body
    roles = _named_roles(about, known) or _named_roles(body, known)
    pool = [p for p in passages if p.n in cited_ns] if cited_ns else list(passages)
    if roles:
        pool = [p for p in pool if p.role in roles] or [p for p in passages if p.role in roles]
    if not pool:
        return Verdict(True, (), gap=True)
    topic_text = lx.GAP.sub(" ", about)
    for role in roles:
        for name in known.get(role, ()):
            topic_text = re.sub(rf"\b{re.escape(name)}s?\b", " ", topic_text, flags=re.I)
    words = set(re.findall(r"[a-z]+", topic_text.lower()))
    joined = "\n".join(_source_text(p) for p in pool)
    found = ""
    if words & lx.GAP_TOPICS["pay"]:
        money = [q for q in _quantities_of(joined) if q.currency]
        found = money[0].text.strip() if money else ""
    elif words & lx.GAP_TOPICS["education"]:
        m = lx.EDUCATION_EVIDENCE.search(joined)
        found = m.group(0) if m else ""
    elif words & lx.GAP_TOPICS["experience"]:
        # "5 years", or a figure on a line about years or experience ("Years of experience: typically 2+")
        years = [q for q in _quantities_of(joined) if q.unit == "year" or (not q.unit and not q.currency and re.search(
            r"\b(?:years?|experience)\b", _line_of(joined, q), re.I))]
        found = years[0].text.strip() + " years" if years else ""
    elif words & lx.GAP_TOPICS["hours"]:
        hours = [q for q in _quantities_of(joined) if "hour" in (q.unit, q.period) or q.unit == "clock" or re.search(
            r"\bhours?\b", _line_of(joined, q), re.I)]
        found = hours[0].text.strip() if hours else ""
    elif words & lx.GAP_TOPICS["grade"]:
        codes = sorted(_codes(joined))
        found = codes[0] if codes else ""
    elif words & lx.GAP_TOPICS["progression"]:
        m = lx.PROGRESSION_EVIDENCE.search(joined)
        found = m.group(0) if m else ""
    topical = bool(words & set().union(*lx.GAP_TOPICS.values()))
    if not found:
        # the topic's own evidence is not there, or no topic was named: the sentence's other content words
        # ("whether Linux experience is required"), less the topic words themselves and the question's
        topic_words = {_stem(w) for ws in lx.GAP_TOPICS.values() for w in ws}
        asked_text = re.sub(r"\bhow\s+(?:many|much|long|often)\b", " ", topic_text, flags=re.I)
        content = [w for w in _content_stems(asked_text) if w not in {"document", "say", "give", "mention", "take"}
                   and w not in topic_words]
        have = set(_stem_seq(joined))
        hits = [w for w in content if w in have or _near_stem(w, have)]
        if content and (len(hits) == len(content) if topical else len(hits) * 2 >= len(content)):
            found = ", ".join(hits)
            # "how many people X manages": a figure of the kind asked must stand beside those words
            asked = re.search(r"\bhow\s+(many|much|long|often)\b", topic_text, re.I)
            if asked and not any(set(_content_stems(" ".join((unit, *context)))) & set(hits) and any(
                    _answers(asked.group(1).lower(), q) for q in quantities(unit))
                    for p in pool for unit, context in _units(_normalise(p.text))):
                found = ""
    if found:
        return Verdict(False, (f"says the documents don't say it, but the cited text does ({found})",), gap=True)
    return Verdict(True, (), gap=True)


# -- titles and roles ------------------------------------------------------------------------------------------

def _titles(clause: str) -> list[tuple[str, bool]]:
    """Job titles in a clause: (title, strict). Capitalised titles are strict (every word must be in the cited
    text, in order); lower-case ones are checked by their head noun and seniority words."""
    found: list[tuple[str, bool]] = []
    masked = _TITLE_SHORT.sub(lambda m: _TITLE_SHORT_FULL[m.group(1).lower()], CITATION.sub(" ", clause))
    for m in _TITLE_CAP.finditer(masked):
        words = m.group(0).split()
        while words and (words[0].lower() in lx.STOPWORDS or words[0].lower() in lx.QUANTIFIERS
                         or words[0].lower() in lx.NEGATORS or words[0].lower() in lx.MODALS):
            words.pop(0)
        if not words:
            continue
        title = " ".join(words)
        if len(words) == 1 and not lx.TITLE_ACRONYM.fullmatch(title):
            found.append((title, False))
        else:
            found.append((title, True))
        masked = masked.replace(m.group(0), " " * len(m.group(0)), 1)
    for m in lx.TITLE_ACRONYM.finditer(masked):
        found.append((m.group(0), True))
    for m in _TITLE_LOWER.finditer(masked):
        seniority, before, head = m.group(1).strip(), (m.group(2) or "").strip(), m.group(3)
        if before.lower() in lx.STOPWORDS or before.lower() in lx.QUANTIFIERS or before.lower() in lx.NEGATORS:
            before = ""
        if seniority:
            found.append((" ".join(x for x in (seniority, before, head) if x), False))
        else:
            found.append((head, False))
    return found


# Short forms of title words, capitalised, read as the word when titles are found ("Sr. Devs", "Jr Dev", "Dir. of").
_TITLE_SHORT_FULL = {"sr": "Senior", "snr": "Senior", "jr": "Junior", "jnr": "Junior", "dev": "Developer",
                     "devs": "Developers", "eng": "Engineer", "engr": "Engineer", "mgr": "Manager", "dir": "Director",
                     "asst": "Assistant", "assoc": "Associate"}
_TITLE_SHORT = re.compile(r"\b(" + "|".join(k.capitalize() for k in _TITLE_SHORT_FULL) + r")\b\.?(?=\s)")


def _abbreviated_title(title: str, passage: Sequence[str]) -> bool:
    """A title written with clipped or initialled words: "EdTech Director" or "Ed Tech Director" for "Director of
    Education Technology", "HR Business Partner" for "Human Resources Business Partner". Each word of the title
    (camel-case parts apart) is the start of a passage word, or an acronym of consecutive passage words."""
    words = [w for part in title.split() for w in re.findall(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]", part)]
    if len(words) < 2:
        return False
    raw = [w.lower() for w in words]
    seq = list(passage)
    return any(_prefix_match(variant, 0, seq, start) for variant in _title_variants(raw) for start in range(len(seq)))


def _prefix_match(title: list[str], i: int, passage: list[str], j: int) -> bool:
    if i == len(title):
        return True
    if j >= len(passage) or passage[j] == "|":
        return False
    t, w = title[i], passage[j]
    if (len(t) >= 2 and w.startswith(t)) or (len(w) >= 4 and t.startswith(w)):  # "ed" / "educ"; "business" / "busi"
        if _prefix_match(title, i + 1, passage, j + 1):
            return True
    if 2 <= len(t) <= 5 and "".join(w[0] for w in passage[j:j + len(t)] if w != "|") == t and \
            "|" not in passage[j:j + len(t)]:
        if _prefix_match(title, i + 1, passage, j + len(t)):
            return True
    return False


def _title_supported(title: str, strict: bool, passage: Sequence[str]) -> bool:
    seq = _stem_seq(title)
    if not seq:
        return True
    if strict and _abbreviated_title(title, passage):
        return True
    if not strict:
        senior = [w for w in _stem_seq(" ".join(w for w in title.split() if w.lower() in lx.SENIORITY))]
        if senior:
            return _contains(passage, seq) or _contains(passage, [*senior, seq[-1]])
        return seq[-1] in passage
    return any(_contains(passage, variant) for variant in _title_variants(seq)) or (
        "of" not in seq and _contains_with_one_more(passage, seq))


def _contains_with_one_more(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """A title written without one inner word of the passage's: "Full Stack Engineer" for "Full-Stack Software
    Engineer". The first and last words must be there, so "Senior Tech Director" is not "Tech Director"."""
    n = len(needle)
    if n < 2:
        return False
    for i in range(len(haystack) - n):
        window = list(haystack[i:i + n + 1])
        if window[0] == needle[0] and window[-1] == needle[-1] and "|" not in window and any(
                window[:k] + window[k + 1:] == list(needle) for k in range(1, n)):
            return True
    return False


def _title_variants(seq: list[str]) -> list[list[str]]:
    """A title and its inversion: "director of technology" ↔ "technology director"."""
    variants = [seq]
    if "of" in seq:
        i = seq.index("of")
        variants.append([*seq[i + 1:], *seq[:i]])
    elif len(seq) >= 2:
        variants.append([seq[-1], "of", *seq[:-1]])
    return variants


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return any(list(haystack[i:i + n]) == list(needle) for i in range(len(haystack) - n + 1))


def _role_names(passages: Iterable[Source]) -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = {}
    for p in passages:
        bucket = names.setdefault(p.role, [])
        for name in (p.role, *p.names):
            if name and name not in bucket:
                bucket.append(name)
    return {role: tuple(v) for role, v in names.items()}


def _code_spelled(code: str, text: str) -> bool:
    """A one-letter level code written out in the text: "G7" for "Grade 7", "B5" for "Band 5"."""
    m = re.fullmatch(r"([A-Z])(\d{1,2})", code)
    return bool(m) and bool(re.search(rf"\b{m.group(1)}[a-z]+\s+{m.group(2)}\b", text))


def _roles_by_code(text: str, known: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Roles whose name carries a level code the text names: "an M4 manager" is the "Engineering Manager M4"
    when the cited roles also include an "Engineering Manager M3"."""
    codes = _codes(text)
    if not codes or len(known) < 2:
        return []
    return [role for role, names in known.items() if codes & {c for n in names for c in _codes(n)}]


def _named_roles(text: str, known: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Roles among `known` that the text names (by any name, plural or inverted), longest name first."""
    seq = _stem_seq(CITATION.sub(" ", text))
    ranked = sorted(((name, role) for role, names in known.items() for name in names), key=lambda p: -len(p[0]))
    named: list[str] = []
    for name, role in ranked:
        name_seq = _stem_seq(name)
        if not name_seq:
            continue
        for variant in _title_variants(name_seq):
            n = len(variant)
            for i in range(len(seq) - n + 1):
                if seq[i:i + n] == variant:
                    if role not in named:
                        named.append(role)
                    seq[i:i + n] = ["\0"] * n
        # the same words in another order: "M4 Engineering Manager" is "Engineering Manager M4"
        words = sorted(w for w in name_seq if w != "of")
        n = len(words)
        if n < 2:
            continue
        for i in range(len(seq) - n + 1):
            if sorted(seq[i:i + n]) == words:
                if role not in named:
                    named.append(role)
                seq[i:i + n] = ["\0"] * n
    return named


# -- text ------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _normalise(text: str) -> str:
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("\\$", "$")
    text = re.sub(r"\*\*|__|(?<!\w)_(?=\w)|(?<=\w)_(?!\w)", "", text)
    text = _LEVEL.sub(r"L\1", spell_out_numbers(text))
    # thousands written with dots beside a currency ("€45.000"): the same amount as "€45,000"
    text = re.sub(r"(?:(?<=[€$£] )|(?<=[€$£]))[1-9]\d{0,2}(?:\.\d{3})+(?![\d,.]|\s?(?:[kKmM]|bn)\b)"
                  r"|\b[1-9]\d{0,2}(?:\.\d{3})+(?=\s?(?:€|EUR\b|euros?\b))", lambda m: m.group(0).replace(".", ","), text)
    return text


def _answers(how: str, q: Quantity) -> bool:
    """Whether a figure is the kind a "how many / much / long / often" question asks for."""
    timed = q.unit in _TIME_IN_MINUTES
    return {"many": not q.currency and not timed, "much": True,
            "long": timed, "often": bool(q.period)}[how]


def _line_of(text: str, q: Quantity) -> str:
    return text[text.rfind("\n", 0, q.start) + 1:(text.find("\n", q.end) + 1 or len(text) + 1) - 1]


def _source_text(p: Source) -> str:
    return _normalise("\n".join((p.role, *p.names, p.text)))


@lru_cache(maxsize=4096)
def _quantities_of(text: str) -> tuple[Quantity, ...]:
    """A passage's figures; an amount of money with no period of its own takes the one its line's label or a
    heading above gives ("Pay rates (hourly)", "Monthly salary:") or a compact mark after it ("£13.50ph")."""
    out = []
    for q in quantities(text):
        if q.currency and not q.period:
            period = _compact_period(text[q.end:q.end + 6]) or _heading_period(text, q)
            if period:
                q = replace(q, period=period)
        out.append(q)
    return tuple(out)


_COMPACT_PERIOD = {"ph": "hour", "p/h": "hour", "phr": "hour", "pw": "week", "p/w": "week", "pcm": "month",
                   "p/m": "month", "pm": "month", "p/a": "year"}


def _compact_period(after: str) -> str:
    m = re.match(r"\s*(p/?[hwma]|phr|pcm)\b", after, re.I)
    return _COMPACT_PERIOD.get(m.group(1).lower(), "") if m else ""


def _heading_period(text: str, q: Quantity) -> str:
    """The period a figure's line label or the nearest headings above it name, the nearest first."""
    line_start = text.rfind("\n", 0, q.start) + 1
    label = text[line_start:q.start]
    found = _periods(label) if ":" in label else set()
    if len(found) == 1:
        return found.pop()
    for line in reversed(text[:line_start].split("\n")[-4:]):
        if re.search(r"\d", line) and "›" not in line:
            continue  # a line of figures, not a heading
        found = _periods(line)
        if len(found) == 1:
            return found.pop()
    return ""


def _codes(text: str) -> set[str]:
    return {c.rstrip("+").upper() for c in _CODE.findall(CITATION.sub(" ", text))}


def _clauses(text: str, cited: list[int]) -> list[tuple[str, list[int]]]:
    """Clauses with their own citations, or the sentence's. Splits never fall inside a figure or range."""
    spans = [(q.start, q.end) for q in [*quantities(_bare(text)), *_article_durations(_bare(text))]]
    pieces: list[str] = []
    start = 0
    for m in _CLAUSE.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        pieces.append(text[start:m.start()])
        start = m.end()
    pieces.append(text[start:])
    out = []
    for piece in pieces:
        if not re.search(r"[A-Za-z0-9]", CITATION.sub("", piece)):
            continue
        own = [int(n) for n in CITATION.findall(piece)]
        out.append((piece, own or cited))
    return out


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem_word(word: str) -> str:
    return _stemmer().stemWord(word)


def _stem(word: str) -> str:
    return _stem_word(lx.TITLE_ABBREVIATIONS.get(word, word))


@lru_cache(maxsize=8192)
def _stem_seq_cached(text: str) -> tuple[str, ...]:
    """Stems in order; "|" where a line, sentence or list item ends, so no phrase is matched across two."""
    words: list[str] = []
    text = re.sub(r"[\n.;:›()•,]+(?=\s|$)|\n|›|[()]", " | ", text.lower().replace("'s ", " ").replace("’s ", " "))
    for w in re.findall(r"\||[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*", text):
        if w == "|":
            if words and words[-1] != "|":
                words.append("|")
            continue
        w = w.strip("'-")
        full = lx.TITLE_ABBREVIATIONS.get(w) or lx.WORD_ABBREVIATIONS.get(w)
        if full:
            words.extend(_stem_word(x) for x in full.split())
        elif w not in ("the", "a", "an"):
            words.extend(_stem_word(x) for x in re.split(r"[-']", w) if x)
    return tuple(words)


def _stem_seq(text: str) -> list[str]:
    return list(_stem_seq_cached(text))


# Currency and multiplier words are checked with their figures, not as content words ("180-275 thousand USD").
_IGNORED = lx.STOPWORDS | lx.NEGATORS | lx.BOUND_WORDS | frozenset(lx.MODALS) | frozenset(lx.QUANTIFIERS) | frozenset(
    w for w in CURRENCIES if w.isalpha()) | {"hundred", "thousand", "million", "billion"}


def _content_stems(text: str, keep_filler: bool = False) -> list[str]:
    return list(_content_stems_cached(text, keep_filler))


@lru_cache(maxsize=16384)
def _content_stems_cached(text: str, keep_filler: bool) -> tuple[str, ...]:
    skip = _IGNORED if keep_filler else _IGNORED | lx.PARAPHRASE_FILLER
    out = []
    for w in _WORD.findall(CITATION.sub(" ", text).lower().replace("’", "'")):
        if w.endswith("n't"):
            continue
        for part in re.split(r"[-']", w):
            part = lx.WORD_ABBREVIATIONS.get(part, part)
            for word in re.split(r"[\s-]+", part):
                if len(word) < 3 or word in skip or word.isdigit():
                    continue
                out.append(_stem(word))
    return tuple(dict.fromkeys(out))


def _figure(q: Quantity) -> str:
    """A figure as the verifier has always named it: "180000-275000+", "150000"."""
    def num(v: float) -> str:
        return f"{v:.2f}".rstrip("0").rstrip(".")
    return (f"{num(q.lo)}-{num(q.hi)}" if q.is_range else num(q.lo)) + ("+" if q.plus else "")


def _bare(text: str) -> str:
    """The text with its citation markers blanked out (same length, so offsets hold)."""
    return CITATION.sub(lambda m: " " * len(m.group(0)), text)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["CITATION", "Claim", "Source", "Verdict", "check", "check_all", "is_gap", "split_sentences"]

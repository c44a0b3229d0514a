"""The roles the index knows (each document's role, and each level it describes) and which of them a question
names: titles, aliases, level codes and abbreviations, plural-tolerant and typo-tolerant, with the organisation
words around them ("ontario", "at dfe") telling apart two roles of one name.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from advisor.titles import (
    ABBREVIATIONS,
    LEVEL_CODE,
    SENIORITY_WORDS,
    TITLE_WORDS,
    ROMAN,
    acronyms,
    level_codes,
    name_variants,
    same_level,
    singular,
)
from advisor.topics import STRICT, TOPICS, topic_words

TITLE_WORDS_RE = "|".join(sorted(TITLE_WORDS, key=len, reverse=True))
_TITLE_RE = re.compile(rf"\b(?:{TITLE_WORDS_RE})(?:s|es)?\b", re.I)
_FILLER = frozenset("""
the a an of for in at to and or is are be what whats what's does do did how much many who where when why which can
could should would will i me my we our you your it its this that these those with from by as about into there their
they them he she his her any some tell please get gets need needs per pls job jobs role roles position work working
people person someone vs versus v than between compare compared comparing after before become becoming being into
onto then next like get every each all most
""".split())


@dataclass(frozen=True)
class Role:
    title: str
    aliases: tuple[str, ...]
    family: str
    topics: frozenset[str]
    sources: tuple[str, ...]
    updated: str
    level: str = ""
    rank: int = -1
    doc_title: str = ""
    org: str = ""
    levels: tuple[str, ...] = field(default=())

    def __hash__(self) -> int:  # a role is looked up in caches on every question: hash what tells roles apart
        return hash((self.title, self.family, self.level, self.sources))

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)

    @property
    def is_family(self) -> bool:
        return not self.level and bool(self.levels)


@dataclass(frozen=True)
class RoleMention:
    role: Role
    text: str
    score: float
    start: int
    end: int


def build_catalog(records: Iterable[object]) -> dict[str, Role]:
    """One role per document, plus one per level a document describes; titles made unique with the organisation."""
    docs: dict[str, dict] = {}
    for r in records:
        d = docs.setdefault(r.source, {"title": r.role, "aliases": set(r.aliases), "family": r.family,  # type: ignore[attr-defined]
                                       "topics": set(), "updated": r.updated, "org": r.org,  # type: ignore[attr-defined]
                                       "levels": r.levels, "level_topics": {}})  # type: ignore[attr-defined]
        d["topics"].update(r.topics)  # type: ignore[attr-defined]
        if r.level:  # type: ignore[attr-defined]
            d["level_topics"].setdefault(r.level, set()).update(r.topics)  # type: ignore[attr-defined]
    by_title: dict[str, list[str]] = {}
    for source, d in docs.items():
        by_title.setdefault(d["title"].lower(), []).append(source)
    catalog: dict[str, Role] = {}
    for source, d in sorted(docs.items()):
        title = d["title"]
        if len(by_title[title.lower()]) > 1:
            title = f"{title} ({_org_label(d['org'].split(' | ')[0], title)})"
        levels = _levels(d["levels"])
        family = Role(title=title, aliases=tuple(sorted(d["aliases"])), family=d["family"] or title,
                      topics=frozenset(t for t in d["topics"] if t in TOPICS), sources=(source,), updated=d["updated"],
                      doc_title=d["title"], org=d["org"], levels=tuple(n for n, _, _, _ in levels))
        catalog[title] = family
        for name, rank, aliases, level_title in levels:
            display = level_title or (f"{name} {title}" if name.lower() in SENIORITY_WORDS else
                                      name if _reads_as_title(name) else f"{title} {name}")
            if display.lower() == d["title"].lower() or display in catalog:  # titled as its family: by its code
                display = f"{title} {(level_codes(name) or [name])[0]}" if level_title else display
            if display in catalog:
                display = f"{display} ({title})"
            own = {v.lower() for v in (d["title"], *name_variants(d["title"]))}  # the family's name stays the family's
            level_aliases = tuple(sorted(a for a in {name, *aliases} - {display} if a.lower() not in own))
            catalog[display] = Role(title=display, aliases=level_aliases, family=title,
                                    topics=frozenset(d["topics"]), sources=(source,), updated=d["updated"],
                                    level=name, rank=rank, doc_title=d["title"], org=d["org"],
                                    levels=family.levels)
    return catalog


def _levels(raw: str) -> list[tuple[str, int, tuple[str, ...], str]]:
    """(name, rank, aliases, title) of each level, from the index's JSON (title added later, so optional)."""
    try:
        value = json.loads(raw) if raw else []
        return [(str(v[0]), int(v[1]), tuple(str(a) for a in v[2]), str(v[3]) if len(v) > 3 else "") for v in value]
    except (ValueError, TypeError):
        return []


def _reads_as_title(name: str) -> bool:
    from advisor.titles import reads_as_job_title

    return reads_as_job_title(name)


def _org_label(org: str, title: str) -> str:
    title_words = {w.lower() for w in re.findall(r"\w+", title)}
    words = [w for w in re.findall(r"[A-Za-z][\w&]*", org) if w.lower() not in title_words]
    return " ".join(w if w[:1].isupper() else w.capitalize() for w in words[:3]) or "another"


# -- naming roles in a question -----------------------------------------------------------------------------------

def _tokens(text: str) -> list[str]:
    text = text.lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    out = []
    for w in re.findall(r"[a-z0-9+#]+", text):
        short = w[:-1] if w not in ABBREVIATIONS and w[:-1] in ABBREVIATIONS and w.endswith("s") \
            and ABBREVIATIONS[w[:-1]].split()[-1] in TITLE_WORDS else w  # "VPs", "PMs": a job's initials, plural
        out.extend(ABBREVIATIONS[short].split() if short in ABBREVIATIONS and short not in ("it", "be", "em") else [w])
    return [singular(w) for w in out]


def _name_tokens(title: str, aliases: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Each name's words; a closing Roman "I" is the name's number ("Senior Engineer I"), not the pronoun."""
    return [tuple(t for t in _tokens(n) if t not in _FILLER) + (("i",) if re.search(r"\S\s+[Ii]$", n.strip()) else ())
            for n in (title, *aliases)]


@dataclass(frozen=True)
class _NameIndex:
    names: dict[str, list[tuple[str, ...]]]  # role title -> its names' tokens
    holders: dict[str, frozenset[str]]  # a name's key token (see _keys) -> the roles with such a name
    fuzzy: tuple[str, ...]  # tokens long enough to be matched with a typo (see _near)


@functools.lru_cache(maxsize=65536)
def _numbers(name_tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A name's numbers, Arabic or Roman ("Level 3", "Analyst II")."""
    return tuple(t for t in name_tokens if t.isdigit() or re.fullmatch(r"[ivx]{2,4}", t)) + \
        (("i",) if len(name_tokens) >= 2 and name_tokens[-1] == "i" else ())


def _is_code(name_tokens: tuple[str, ...]) -> bool:
    return len(name_tokens) <= 2 and bool(LEVEL_CODE.fullmatch(" ".join(name_tokens)))


def _keys(name_tokens: tuple[str, ...]) -> set[str]:
    """The tokens one of which a question must have for detect_roles to read the name in it: any of a level
    code's; otherwise its head word or one of its job-title words."""
    if _is_code(name_tokens):
        return set(name_tokens)
    return {name_tokens[-1], *(t for t in name_tokens if t in TITLE_WORDS)} if name_tokens else set()


@functools.lru_cache(maxsize=8)
def _name_index(names: tuple[tuple[str, tuple[str, ...]], ...]) -> _NameIndex:
    index = {title: _name_tokens(title, aliases) for title, aliases in names}
    holders: dict[str, set[str]] = {}
    for title, tokens in index.items():
        for t in {t for n in tokens for t in _keys(n)}:
            holders.setdefault(t, set()).add(title)
    vocabulary = {t for tokens in index.values() for n in tokens for t in n}
    return _NameIndex(index, {t: frozenset(r) for t, r in holders.items()},
                      tuple(sorted(t for t in vocabulary if len(t) >= _TYPO_NAME)))


def _near_tokens(index: _NameIndex, q_tokens: list[str]) -> set[str]:
    """The catalog's name tokens that _near() one of the question's: one vectorised comparison, not one per name."""
    from rapidfuzz import fuzz, process

    long = [q for q in set(q_tokens) if len(q) >= _TYPO_ASKED]
    if not long or not index.fuzzy:
        return set()
    scores = process.cdist(index.fuzzy, long, scorer=fuzz.ratio, score_cutoff=_TYPO_RATIO)
    return {t for t, row in zip(index.fuzzy, scores) if row.any()}


def detect_roles(question: str, catalog: dict[str, Role], threshold: float = 0.7) -> list[RoleMention]:
    """Roles the question names, best first: every word of a name found (abbreviations and plurals folded, small
    typos forgiven), or a level code the documents use; organisation words break ties between roles of one name."""
    q_tokens = _tokens(question)
    q_set = set(q_tokens)
    # content words, with a break at punctuation: "tech — how is the Director" does not say "tech director"
    content = [t for part in re.split(r"\s[—–-]\s|[,.;:?!()]", question)
               for t in (*_tokens(part), "|") if t not in _FILLER]
    index = _name_index(tuple((r.title, r.aliases) for r in catalog.values()))
    near = _near_tokens(index, q_tokens)
    order = {title: i for i, title in enumerate(catalog)}  # ties keep the catalog's order
    # only roles one of whose names has a word of the question (or one a typo away) can be named by it
    candidates = set().union(*(index.holders.get(t, ()) for t in q_set | near))
    scored: list[tuple[float, int, Role, str]] = []
    partly: dict[str, frozenset[str]] = {}  # the words said of a name not said whole
    for role in (catalog[t] for t in sorted(candidates, key=order.__getitem__)):
        best: tuple[float, int, str, frozenset[str]] = (0.0, 0, "", frozenset())
        for name_tokens in index.names[role.title]:
            if not name_tokens:
                continue
            matched = [t for t in name_tokens if t in q_set or t in near]
            if not matched:
                continue
            if any(t not in q_set for t in _numbers(name_tokens)):
                continue  # "Level 3" is not "Level 2": a name's number must be the question's

            head = name_tokens[-1]
            is_code = _is_code(name_tokens)
            if is_code:
                if not _code_in(name_tokens, question):
                    continue
                cover = 1.0
            else:
                if head not in matched and not any(t in TITLE_WORDS and t in matched for t in name_tokens):
                    continue
                cover = len(matched) / len(name_tokens)
            # a name said as one phrase ("technology director") counts for more than its words scattered
            cover += 0.3 if _contiguous(list(name_tokens), content) else 0.0
            if cover >= threshold and (cover, len(matched)) > best[:2]:
                # the name's words the question says, or none to stand for all of them
                best = (cover, len(matched), " ".join(name_tokens),
                        frozenset() if len(set(matched)) == len(set(name_tokens)) else frozenset(matched))
        if best[0]:
            # a page about a discipline or a career framework, not one job, spans every seniority: "senior
            # designer" may be asked of it
            spans = not role.level and not _reads_as_title(role.doc_title)
            extra = (not spans and _seniority_mismatch(q_tokens, index.names[role.title])) or \
                _qualified(question, best[2], role)
            if extra:
                continue
            scored.append((best[0], best[1], role, best[2]))
            partly[role.title] = best[3]
    if not scored:
        return []
    # a level named (by code or name) beside its family's name is that level: it ranks just above the family
    # (not a level of which the question says only some words, all of them its family's: "Student Success Coach
    # at P3" is not about the "Associate Student Success Coach")
    family_score = {r.title: c for c, _, r, _ in scored if not r.level}
    family_words = {r.family: {t for n in index.names.get(r.family, ()) for t in n} for _, _, r, _ in scored}
    scored = [(max(c, family_score[r.family] + 0.1) if r.level and r.family in family_score and not (
        partly[r.title] and partly[r.title] <= family_words[r.family]) else c, n, r, name) for c, n, r, name in scored]
    org = _org_scores(question, [s[2] for s in scored], catalog)
    named = _org_scores(question, [r for r in catalog.values() if not r.level], catalog)
    if named and max(named.values()) >= 0.5:  # the question names an organisation: only its roles
        scored = [s for s in scored if org.get(s[2].title, 0.0) > 0]
    # a level named only by a word such as "Senior" or "Mid" counts when the question names its organisation
    scored = [s for s in scored if not s[2].level or _reads_as_title(s[2].level) or LEVEL_CODE.fullmatch(s[2].level)
              or len(s[3].split()) > 1 or LEVEL_CODE.fullmatch(s[3]) or org.get(s[2].title, 0.0) > 0]
    if not scored:
        return []
    ranked = sorted(scored, key=lambda s: -(s[0] + 0.08 * s[1] + 0.5 * org.get(s[2].title, 0.0)))
    top = ranked[0][0] + 0.08 * ranked[0][1] + 0.5 * org.get(ranked[0][2].title, 0.0)
    out = []
    for cover, n, role, name in ranked:
        score = cover + 0.08 * n + 0.5 * org.get(role.title, 0.0)
        if score >= top - 0.12:
            start, end = _span(question, name.split())
            out.append(RoleMention(role, name, round(score, 3), start, end))
    # a name every word of which the question says, holding a name found as a phrase, is the role meant ("full stack
    # … senior developer" is the Senior Full Stack Developer, not the Senior developer), unless the words it adds are
    # what is asked ("education" for a technology director is not the Director of Education Technology)
    whole = [(r, name) for _, _, r, name in ranked if not partly[r.title] and not r.level]
    out = [next((RoleMention(r, name, m.score, *_span(question, name.split())) for r, name in whole
                 if r.title != m.role.title and set(m.text.split()) < set(name.split())
                 and not any(topic_words(w) & STRICT for w in set(name.split()) - set(m.text.split()))), m)
           for m in out]
    names = [set(m.text.split()) for m in out]
    out = [m for m, n in zip(out, names)
           if not any(n < other and o.score >= m.score - _LONGER_NAME_MARGIN for other, o in zip(names, out))]
    unique: list[RoleMention] = []  # a role once, where it ranks first
    for m in out:
        if all(m.role.title != u.role.title for u in unique):
            unique.append(m)
    return _prefer_levels(unique)


# the longer name wins over a name within it ("tooling senior engineer": the Senior Software Engineer, Tooling, not a
# framework's bare "engineer"), though it matched a little less fully
_LONGER_NAME_MARGIN = 0.15


def _span(question: str, name: list[str]) -> tuple[int, int]:
    """Where in the question the name's words are (first to last), typos and abbreviations included."""
    hits = [m for m in re.finditer(r"[\w+#'’]+", question)
            if any(t in name or _near(t, name) for t in _tokens(m.group(0)))]
    return (hits[0].start(), hits[-1].end()) if hits else (0, 0)


def _contiguous(name: list[str], tokens: list[str]) -> bool:
    n = len(name)
    return n > 1 and any(tokens[i:i + n] == name for i in range(len(tokens) - n + 1))


def _prefer_levels(mentions: list[RoleMention]) -> list[RoleMention]:
    """A level named by its own code beats its family named by a shared word; a family and its level are one."""
    levels = {m.role.family for m in mentions if m.role.level}
    return [m for m in mentions if m.role.level or m.role.title not in levels]


def _qualified(question: str, name: str, role: Role) -> bool:
    """'QA engineers' does not name an 'Engineer' role: a word right before the name that is neither part of a
    name of the role, its organisation, nor a filler word."""
    tokens = _tokens(question)
    name_tokens = name.split()
    ident = _identity(role)
    ident |= {singular(w) for w in ident}  # "500 Women Scientists Executive Director": its organisation's last word
    names = {t for n in _name_tokens(role.title, role.aliases) for t in n}
    for i in range(len(tokens) - len(name_tokens) + 1):
        if tokens[i:i + len(name_tokens)] == name_tokens and i > 0:
            if _capitalised_from(question, name_tokens[0]):
                return False
            before = tokens[i - 1]
            raw_before = _raw_tokens(" ".join(question.split()))
            if before in _FILLER or before in names or before in ident or before.isdigit() or before in raw_before \
                    and before in ident or before in TOPIC_NOUNS or before in SENIORITY_WORDS:  # (seniority: above)
                return False
            return len(before) > 1 and before.isalpha()
    return False


def _capitalised_from(question: str, first: str) -> bool:
    """'what follows Senior Service Designer': the name starts where the capitals do, after a word in lower case,
    so that word does not qualify it."""
    raw = re.findall(r"[A-Za-z][\w'’+#-]*", question)
    return any(singular(w.lower()) == first and w[0].isupper() and prev[0].islower() for prev, w in zip(raw, raw[1:]))


TOPIC_NOUNS = frozenset("salary pay benchmark career path level grade band typical usual new current".split())


# A typo is forgiven in a name's word of at least _TYPO_NAME letters, against a question's word of at least
# _TYPO_ASKED, when they are this similar (rapidfuzz ratio): _near and _near_tokens share the rule.
_TYPO_NAME, _TYPO_ASKED, _TYPO_RATIO = 6, 5, 85


def _near(token: str, q_tokens: list[str]) -> bool:
    if len(token) < _TYPO_NAME:
        return False
    from rapidfuzz import fuzz

    return any(len(q) >= _TYPO_ASKED and fuzz.ratio(token, q) >= _TYPO_RATIO for q in q_tokens)


def _code_in(name_tokens: tuple[str, ...], question: str) -> bool:
    code = " ".join(name_tokens)
    return any(same_level(code, c) for c in level_codes(question)) or code_said(name_tokens, question)


def code_said(parts: Sequence[str], text: str) -> bool:
    """Does the text name a code by its parts, however they are joined ("CN-52", "CN 52", "cn52")?"""
    return bool(parts) and re.search(rf"\b{'[- ]?'.join(map(re.escape, parts))}\b", text, re.I) is not None


def _seniority_mismatch(q_tokens: list[str], names: list[tuple[str, ...]]) -> bool:
    """'senior designer' does not name a 'Designer' document: a seniority word the question puts right before the
    title, which none of the role's names has."""
    name_words = {t for n in names for t in n}
    for i, t in enumerate(q_tokens):
        if t in SENIORITY_WORDS and t not in name_words:
            nxt = q_tokens[i + 1:i + 4]
            if nxt and nxt[0] in ("into", "to", "onto", "up"):
                continue  # "leads into", "lead up to": a verb, not a seniority
            if any(w in name_words and w in TITLE_WORDS for w in nxt) or (nxt and nxt[0] in name_words):
                return True
    return False


def _raw_tokens(text: str) -> list[str]:
    return [singular(w) for w in re.findall(r"[a-z0-9+#]+", re.sub(r"'s\b", "", text.lower().replace("’", "'")))]


def _org_scores(question: str, roles: list[Role], catalog: dict[str, Role]) -> dict[str, float]:
    """How far the question's organisation words ("ontario", "at dfe", "made tech") point at each role's document:
    the share of the question's identifying words (those that name some document's organisation or file) that
    name this role's document, rarer words weighing more."""
    raw = [w for w in _raw_tokens(question) if w not in _FILLER]
    words = set(raw) | {a + b for a, b in zip(raw, raw[1:])}
    families = tuple(r for r in catalog.values() if not r.level)
    freq = _identity_freq(families)
    doc_freq = {w: freq.get(w, 0) for w in words}
    words = {w for w in words if doc_freq[w] and doc_freq[w] < max(2, len(families))}
    if not words:
        return {}
    weights = {w: math.log(1 + len(families) / doc_freq[w]) for w in words}
    total = sum(weights.values())
    return {r.title: sum(wt for w, wt in weights.items() if w in _identity(r)) / total for r in roles}


@functools.lru_cache(maxsize=8)
def _identity_freq(families: tuple[Role, ...]) -> dict[str, int]:
    """How many of the documents each identifying word names."""
    return dict(Counter(w for r in families for w in _identity(r)))


def org_words(question: str, role: Role) -> set[str]:
    """The question's words that name this role's organisation (not what is asked about it)."""
    ident = _identity(role)
    raw = _raw_tokens(question)
    found = {w for w in raw if w in ident}
    found.update(w for a, b in zip(raw, raw[1:]) if a + b in ident for w in (a, b))
    content = [w for w in raw if w not in _FILLER]  # "department for education" → "departmenteducation"
    found.update(w for a, b in zip(content, content[1:]) if a + b in ident for w in (a, b))
    for name in role.org.split(" | "):  # the organisation's whole name, its ordinary words too ("University of …")
        whole = [w for w in _raw_tokens(name) if w not in _FILLER]
        if len(whole) >= 2 and any(content[k:k + len(whole)] == whole for k in range(len(content))):
            found.update(whole)
    return found


@functools.lru_cache(maxsize=4096)
def _identity(role: Role) -> frozenset[str]:
    """Words that identify a role's document: its organisation and file name, with acronyms and joined forms
    ("made tech" → "madetech"); of a name the document uses for its organisation (after " | " in `org`), only the
    joined pairs and the acronyms ("Department for Education" → "departmenteducation", "dfe"), since its single
    words ("education") are what questions ask about too."""
    known, *names = role.org.split(" | ")
    own = {w for n in (role.doc_title, *role.aliases) for w in (*_raw_tokens(n), *_tokens(n))}
    file_named = set(_raw_tokens(known)) <= set(_raw_tokens(role.doc_title))  # titled by its file name
    if file_named:
        own = {w for w in own if w in TITLE_WORDS or w in SENIORITY_WORDS}
    # not a grade either; and a word questions ask with ("sparkfabrik-salaries.md" names no "salary" organisation)
    # only in initials
    named = [w for w in _raw_tokens(known) if w not in _FILLER and w not in own and w not in TITLE_WORDS
             and w not in SENIORITY_WORDS and w not in ROMAN and not w.isdigit()]
    words = [w for w in named if not topic_words(w)]
    ident = set(words)
    ident.update(a + b for a, b in zip(words, words[1:]))
    if 2 <= len(named) <= 4 and not file_named:
        ident.add("".join(w[0] for w in named))  # "los-angeles-…" → "la", "university-of-washington-…" → "uw"
    caps = re.findall(r"\b[A-Z][a-z]+", known)  # a name written out: "Colorado Digital Service" → "cds"
    if len(caps) >= 2:
        ident.add("".join(c[0] for c in caps).lower())
    for name in names:
        content = [w for w in _raw_tokens(name) if w not in _FILLER]
        ident.update(a + b for a, b in zip(content, content[1:]))
        ident.update(i for i in acronyms(name) if len(i) >= 2)
    return frozenset(ident)


def mask(question: str, mentions: list[RoleMention]) -> str:
    """The question with the role names blanked out, so 'Director of Education Technology' is not a question
    about education. A name said as one phrase blanks that phrase only ("the minimum education of the Director of
    Education Technology" keeps its first "education"); a name whose words are scattered blanks those words."""
    if not mentions:
        return question
    words = list(re.finditer(r"[A-Za-z][\w'’-]*", question))
    tokens = [(_tokens(w.group(0)) or [""])[0] for w in words]
    blanked: set[int] = set()
    for m in mentions:
        name = m.text.split()
        found = False
        for i in range(len(words)):
            j, k = i, 0
            while j < len(words) and k < len(name):
                same = tokens[j] == name[k] or _near(tokens[j], [name[k]])
                if same or (k and tokens[j] in _FILLER):
                    k += same
                    j += 1
                else:
                    break
            if k == len(name):
                blanked.update(range(i, j))
                found = True
        if not found:
            blanked.update(i for i, t in enumerate(tokens) if t in name or _near(t, name))
    out = list(question)
    for i in blanked:
        out[words[i].start():words[i].end()] = " " * (words[i].end() - words[i].start())
    return "".join(out)


def unknown_title(question: str, mentions: list[RoleMention]) -> str | None:
    """A job-title phrase outside every known role name, e.g. 'nurse' or 'scrum master' (as the asked role)."""
    masked = mask(question, mentions)
    for match in _TITLE_RE.finditer(masked):
        word = match.group(0)
        after = masked[match.end():match.end() + 12].lower()
        if word.lower() in ("master", "masters") and re.match(r"'?s?\s*(?:degree|of)", after):
            continue
        if word.lower() in ("lead", "leads") and not re.search(r"\b(?:a|an|the|as)\s+\w*\s*$", masked[:match.start()]):
            continue
        before = re.findall(r"[\w'’-]+", masked[:match.start()])[-2:]
        kept = [w for w in before if w.lower() not in _FILLER and not w.lower().endswith(("'s", "’s"))]
        return " ".join([*kept, question[match.start():_phrase_end(question, match.end())]]).strip()
    return None


_PHRASE_WORD = re.compile(r"\s+(?:(of|for)\s+)?([A-Za-z][\w&+’'-]*)")


def _phrase_end(question: str, end: int, most: int = 4) -> int:
    """Where a job-title phrase whose title word ends at `end` ends: further job-title or capitalised words
    ("nurse practitioner", "Assistant Tech Director") and "of"/"for" with the next word ("VP of Engineering")."""
    for _ in range(most):
        m = _PHRASE_WORD.match(question, end)
        if not m:
            break
        word = m.group(2)
        if word.lower() in _FILLER or word.lower() in TOPIC_NOUNS or not (
                m.group(1) or word[0].isupper() or _TITLE_RE.fullmatch(word)):
            break
        end = m.end()
    return end


def unknown_level(question: str, catalog: dict[str, Role], roles: list[Role]) -> str | None:
    """A level code the question names that none of the documents (or of the named roles) has: 'IC6', 'Band B'."""
    codes = level_codes(question)
    known: list[str] = []
    if codes:
        known = [n for r in (roles or catalog.values()) for n in (r.level, *r.aliases, *r.levels) if n]
        if not roles:
            known += [n for r in catalog.values() for n in r.levels]
        known += [a for r in catalog.values() for a in r.aliases if LEVEL_CODE.fullmatch(a)]
    for code in codes:
        if re.fullmatch(r"[a-z]{1,3}-?\d{1,2}[a-z]?", code, re.I) and not re.search(r"[A-Z]", code) \
                and not re.fullmatch(r"(?:l|ic|m|p|g|e|so|po|sr)\d+", code, re.I):
            continue
        if re.fullmatch(r"(?:covid|k|q|h|mp|hr|cv)[- ]?\d+", code, re.I):
            continue
        if re.match(r"step\s", code, re.I):
            continue  # a pay step within a grade ("step 2" of a step table), not a level
        if re.match(r"(?:level|tier|scale|class|grade)\s", code, re.I) and not any(r.levels for r in roles):
            continue  # "level 4" of no known ladder: the text may still say what it means
        if not any(same_level(code, k) or code.lower() == k.lower() for k in known):
            return code
    seniority = _unknown_seniority(question, catalog, roles) or _unknown_number(question, catalog)
    if seniority:
        return seniority
    m = re.search(r"\blevel\s+(\d+|[ivx]+)\b", question, re.I)
    if m and roles:
        n = ROMAN.get(m.group(1).lower(), m.group(1))
        ranks = [r for r in roles if r.levels]
        if ranks and not any(same_level(f"level {n}", lv) or str(n) in re.findall(r"\d+", lv)
                             for r in ranks for lv in r.levels):
            return m.group(0)
    return None


def _number(token: str) -> int | None:
    return int(token) if token.isdigit() and len(token) <= 2 else ROMAN.get(token) if token != "i" else None


def _unknown_number(question: str, catalog: dict[str, Role]) -> str | None:
    """"a program supervisor VI" where the documents number that job only VII, "OSPO engineer III" of a ladder going
    I, II: a numbered title's words followed by a number no role of those words has. ("I" alone is read as the
    pronoun.)"""
    numbered = _numbered_stems(tuple((r.title, r.aliases) for r in catalog.values()))
    if not numbered:
        return None
    words = re.findall(r"[A-Za-z0-9+#’']+", question)
    spans = [(k, t) for k, w in enumerate(words) for t in _tokens(w)]  # each token with the word it came from
    tokens = [t for _, t in spans]
    found = []  # (the stem's place among the catalog's stems, where the question says it, its end)
    for k in range(len(tokens)):
        for size in {len(stem) for stem in numbered}:
            stem = tuple(tokens[k:k + size])
            n = _number(tokens[k + size]) if stem in numbered and k + size < len(tokens) else None
            if n is not None and n not in numbered[stem][1]:
                found.append((numbered[stem][0], k, k + size))
    if not found:
        return None
    _, start, end = min(found)
    return " ".join(words[spans[start][0]:spans[end][0] + 1])  # as the question writes it


@functools.lru_cache(maxsize=8)
def _numbered_stems(names: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[tuple[str, ...], tuple[int, set[int]]]:
    """The catalog's numbered names ("Program Supervisor VII"), built once per catalog: each name's words less its
    number, with its place in the catalog's order and the numbers that stem is found with."""
    numbered: dict[tuple[str, ...], tuple[int, set[int]]] = {}
    for title, aliases in names:
        for name in (title, *aliases):
            tokens = _tokens(name)
            if len(tokens) < 2:
                continue
            n = 1 if tokens[-1] == "i" else _number(tokens[-1])  # a closing "I" of a name is its number
            if n is not None:
                numbered.setdefault(tuple(tokens[:-1]), (len(numbered), set()))[1].add(n)
    return numbered


def _unknown_seniority(question: str, catalog: dict[str, Role], roles: list[Role]) -> str | None:
    """"a staff engineer" asked of a ladder whose levels are Junior, Senior and Lead: a seniority word right before
    a job word that no level of the named ladder (nor the ladder's own name) is called by."""
    ladders = [r for r in roles if r.levels and not r.level]
    if not ladders or len(ladders) != len(roles):
        return None
    names = {r.title for r in ladders}
    said = {t for r in ladders for n in (r.title, *r.aliases) for t in _tokens(n)}
    said |= {t for r in catalog.values() if r.level and r.family in names
             for n in (r.title, r.level, *r.aliases) for t in _tokens(n)}
    tokens = _tokens(question)
    for word, after in zip(tokens, tokens[1:]):
        if word in SENIORITY_WORDS and word not in said and (after in TITLE_WORDS or after in said):
            return f"{word} {after}"
    return None

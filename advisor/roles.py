"""The roles the index knows, and which of them a question names (titles and aliases, fuzzy, case-insensitive)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from advisor.topics import TOPICS

# Words that make a phrase a job title; a question using one without naming a known role asks about a role
# the documents may not cover.
TITLE_WORDS = (
    "director|manager|engineer|developer|architect|analyst|scientist|designer|officer|lead|head|vp|"
    "vice president|president|chief|cto|ceo|cfo|coo|cio|ciso|cmo|coordinator|specialist|administrator|"
    "consultant|teacher|nurse|accountant|intern|associate|executive|supervisor|technician|principal|"
    "superintendent|recruiter|counsel|lawyer|attorney|assistant|representative|strategist|owner|"
    "programmer|tester|researcher|professor|librarian|clerk|secretary|editor|writer|marketer|salesperson|"
    "agent|advisor|adviser|officer|partner|staff|contractor|founder"
)
_TITLE_RE = re.compile(rf"\b(?:{TITLE_WORDS})s?\b", re.I)
_STOP = {"the", "a", "an", "of", "for", "in", "at", "to", "and", "&", "is", "are", "what", "whats", "does", "do"}


@dataclass(frozen=True)
class Role:
    title: str
    aliases: tuple[str, ...]
    family: str
    topics: frozenset[str]
    sources: tuple[str, ...]
    updated: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class RoleMention:
    role: Role
    text: str
    score: float
    start: int
    end: int


def build_catalog(records: Iterable[object]) -> dict[str, Role]:
    """Roles from index records: title, aliases, family, the topics their documents cover, sources."""
    acc: dict[str, dict[str, set[str] | str]] = {}
    for r in records:
        entry = acc.setdefault(r.role, {"aliases": set(), "family": "", "topics": set(), "sources": set(),  # type: ignore[attr-defined]
                                        "updated": ""})
        entry["aliases"].update(r.aliases)  # type: ignore[union-attr,attr-defined]
        entry["topics"].update(r.topics)  # type: ignore[union-attr,attr-defined]
        entry["sources"].add(r.source)  # type: ignore[union-attr,attr-defined]
        entry["family"] = entry["family"] or r.family  # type: ignore[attr-defined]
        entry["updated"] = max(str(entry["updated"]), r.updated)  # type: ignore[attr-defined]
    return {
        title: Role(title=title, aliases=tuple(sorted(e["aliases"])), family=str(e["family"]),  # type: ignore[arg-type]
                    topics=frozenset(t for t in e["topics"] if t in TOPICS), sources=tuple(sorted(e["sources"])),  # type: ignore[union-attr]
                    updated=str(e["updated"]))
        for title, e in sorted(acc.items())
    }


def detect_roles(question: str, catalog: dict[str, Role], threshold: float = 88.0) -> list[RoleMention]:
    """Roles named in the question. Exact names (plurals folded) beat fuzzy ones; a longer name beats one it contains."""
    from rapidfuzz import fuzz, process

    exact_names, by_size = _targets(tuple((r.title, r.names) for r in catalog.values()))
    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[\w'’&()+#./-]+", question)]
    words = [w for w in words if _norm(w[0]) and _norm(w[0]) not in _WINDOW_STOP]
    norm = [_singular(_norm(w)) for w, _, _ in words]
    candidates: list[tuple[bool, RoleMention]] = []
    for width in range(1, min(len(words), max(by_size, default=0) + 1) + 1):
        for i in range(0, len(words) - width + 1):
            span = " ".join(norm[i:i + width])
            start, end = words[i][1], words[i + width - 1][2]
            for title in exact_names.get(span, ()):
                candidates.append((True, RoleMention(catalog[title], question[start:end], 100.0, start, end)))
            for size in (width - 1, width, width + 1):
                choices = by_size.get(size)
                if not choices:
                    continue
                for target, score, _ in process.extract(span, list(choices), scorer=fuzz.ratio, score_cutoff=threshold,
                                                        limit=3):
                    if target != span and len(target) >= 6:
                        for title in choices[target]:
                            candidates.append((False, RoleMention(catalog[title], question[start:end], score, start,
                                                                  end)))
    chosen: list[RoleMention] = []
    exact_spans = [(m.start, m.end) for exact, m in candidates if exact]
    ordered = sorted(candidates, key=lambda c: (not c[0], -(c[1].end - c[1].start) if c[0] else -c[1].score,
                                                -(c[1].end - c[1].start)))
    for exact, mention in ordered:
        if any(mention.start < c.end and c.start < mention.end for c in chosen):
            continue
        if not exact and any(mention.start < e and s < mention.end for s, e in exact_spans):
            continue  # text that exactly names one role is never another role's fuzzy match
        if any(c.role.title == mention.role.title for c in chosen):
            continue
        chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


@functools.lru_cache(maxsize=16)
def _targets(names: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[dict[str, list[str]], dict[int, dict[str, list[str]]]]:
    """Normalised role names, prepared once per catalog: exact lookup, and fuzzy candidates by word count."""
    exact: dict[str, list[str]] = {}
    by_size: dict[int, dict[str, list[str]]] = {}
    for title, aliases in names:
        for name in aliases:
            target = " ".join(_singular(w) for w in _norm(name).split() if w not in _WINDOW_STOP)
            if target:
                exact.setdefault(target, []).append(title)
                by_size.setdefault(len(target.split()), {}).setdefault(target, []).append(title)
    return exact, by_size


def mask(question: str, mentions: list[RoleMention]) -> str:
    """The question with role names blanked out, so 'Director of Education Technology' is not a question about education."""
    for m in mentions:
        question = question[:m.start] + " " * (m.end - m.start) + question[m.end:]
    return question


def unknown_title(question: str, mentions: list[RoleMention]) -> str | None:
    """A job-title phrase outside every known role name, e.g. 'nurse' or 'CTO' (as the asked role)."""
    masked = mask(question, mentions)
    match = _TITLE_RE.search(masked)
    if not match:
        return None
    start, end = match.start(), match.end()
    before = re.findall(r"[\w'’-]+", masked[:start])[-3:]
    phrase_words = [w for w in before if w.lower() not in _STOP and not w.lower().endswith(("'s", "’s"))]
    tail = masked[start:end]
    kept: list[str] = []
    for w in reversed(phrase_words):
        if w[:1].isupper() or w.isupper() or _TITLE_RE.fullmatch(w):
            kept.insert(0, w)
        else:
            break
    return " ".join([*kept, tail]).strip()


_WINDOW_STOP = frozenset("what whats does do did is are was how much many who where when why which can could should would "
                         "will i me my we our you your the a an for to be become get".split())


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _norm(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w&+#]+", " ", text)
    return " ".join(w for w in text.split() if w not in {"the", "a", "an"})

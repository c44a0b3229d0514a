"""The offline judge: is a sentence supported by the passages it cites? No language model involved.

A sentence is supported only when all of these hold:
- it carries at least one citation, and every citation points at a supplied passage;
- its MiniLM cosine similarity to the cited text (the whole passage or one of its sentences / list items)
  reaches a calibrated threshold;
- few of its content words are absent from the cited text (novelty), so an on-topic sentence that adds a
  claim of its own ("...and stock options") does not pass on similarity alone;
- every number, amount, range and job title in it appears in the cited text (advisor.verify), and each
  clause's figures sit in the passage unit that clause is about, so two swapped requirements fail too.
The thresholds live in evals/thresholds.yaml and are calibrated against evals/judge_labels.yaml.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.embeddings import Embedder
from advisor.evals.golden import JudgeLabel
from advisor.retrieve import tokenize
from advisor.verify import numbers, unsupported_numbers, unsupported_titles

_CITATION = re.compile(r"\[(\d{1,3})\]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[“\"(])")
_CLAUSE = re.compile(r";\s+|,\s+|\s+(?:with|and|while|but|whereas)\s+")
# Sentences that say what the documents don't cover: not factual claims, so neither supported nor not.
_GAP = re.compile(r"\b(?:don't|doesn't|do not|does not|don’t|doesn’t)\s+(?:say|give|cover|mention|document)|"
                  r"\bno role document\b|\bwhich role do you mean\b|\broles covered\b|\bask about that role\b", re.I)
# Words a faithful paraphrase adds without adding a claim.
_FILLER = frozenset(
    "role roles job jobs position positions title need needs needed required require requires requirement include "
    "includes including also usually typically typical expected expect must should may will would could often "
    "generally mainly main key someone person people year years annual annually yearly earn earns earning paid pay "
    "make makes between range ranges from come comes coming move moves moving go goes like such well etc "
    "responsible responsibility responsibilities duties duty involve involves involved one ones each both either "
    "other others level levels more most less least very well has have having had being been get gets "
    "director directors tech".split()
)


@dataclass(frozen=True)
class Claim:
    """One answer sentence with the citations that cover it; `gap` marks a 'the documents don't say' sentence."""

    text: str
    citations: tuple[int, ...]
    gap: bool = False


@dataclass(frozen=True)
class Verdict:
    supported: bool
    similarity: float
    novelty: float
    problems: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        if self.supported:
            return f"supported (similarity {self.similarity:.2f}, novelty {self.novelty:.2f})"
        return "; ".join(self.problems)


def claims_of(answer: str) -> list[Claim]:
    """Sentences of an answer with their citations. A citation at the end of a line covers the sentences
    before it on that line (paragraph-level citation), so a quoted passage is not split into uncited halves."""
    claims: list[Claim] = []
    for line in answer.split("\n"):
        pieces: list[str] = []
        for piece in (p.strip() for p in _SENTENCE.split(line.strip()) if p.strip()):
            if pieces and not re.search(r"\w", _CITATION.sub("", piece)):
                pieces[-1] = f"{pieces[-1]} {piece}"  # "... goals. [1]": the marker belongs to the sentence before
            elif re.search(r"\w", _CITATION.sub("", piece)):
                pieces.append(piece)
        cited: list[tuple[int, ...]] = [tuple(int(n) for n in _CITATION.findall(p)) for p in pieces]
        inherited: tuple[int, ...] = ()
        for i in range(len(pieces) - 1, -1, -1):
            inherited = cited[i] or inherited
            cited[i] = cited[i] or inherited
        for piece, refs in zip(pieces, cited):
            gap = not refs and bool(_GAP.search(piece))
            claims.append(Claim(piece, refs, gap))
    return claims


def strip_citations(text: str) -> str:
    return re.sub(r"\s+", " ", _CITATION.sub("", text)).strip()


@dataclass
class Judge:
    """Scores sentences against cited passages. Owns an embedding cache so a whole run embeds each text once."""

    embedder: Embedder
    similarity_threshold: float
    novelty_threshold: float
    titles: tuple[str, ...] = ()
    aliases: tuple[tuple[str, ...], ...] = ()
    _vectors: dict[str, Any] = field(default_factory=dict, repr=False)
    _features: dict[tuple[str, tuple[str, ...]], "Features"] = field(default_factory=dict, repr=False)

    def judge(self, sentence: str, passages: Sequence[str], cited: bool | None = None) -> Verdict:
        """Verdict for one sentence against the text of the passages it cites (section path + chunk text).
        `cited` says whether the sentence carries a citation; by default, whether it has a [n] marker."""
        has_citation = bool(_CITATION.search(sentence)) if cited is None else cited
        return self.decide(self.features(sentence, passages), not has_citation)

    def features(self, sentence: str, passages: Sequence[str]) -> "Features":
        key = (strip_citations(sentence), tuple(passages))
        if key not in self._features:
            self._features[key] = self._compute(*key)
        return self._features[key]

    def warm(self, sentences: Iterable[str], passages: Iterable[str]) -> None:
        """Embed a whole answer's sentences, clauses and passages in one batch before judging them one by one."""
        texts = [strip_citations(s) for s in sentences]
        clauses = [c for t in texts for c in _CLAUSE.split(t) if numbers(c)]
        passages = list(passages)
        self.embed([*texts, *clauses, *passages, *(u for p in passages for u in passage_units(p))])

    def _compute(self, text: str, passages: tuple[str, ...]) -> "Features":
        if not passages:
            return Features(0.0, 1.0, ("cites no passage",))
        units = [u for p in passages for u in passage_units(p)]
        self.embed([text, *passages, *units])
        similarity = max(self._cos(text, t) for t in [*passages, *units])
        problems = [f"number {n} is not in the cited text" for n in unsupported_numbers(text, passages)]
        named = self._aliases_named(passages)
        problems += [f"title '{t}' is not in the cited text" for t in unsupported_titles(text, passages, self.titles)
                     if not any(t in group for group in named)]
        if not problems:
            problems += self._misplaced_numbers(text, units)
        return Features(similarity, novelty(text, passages), tuple(problems))

    def decide(self, f: "Features", missing_citation: bool = False, similarity_threshold: float | None = None,
               novelty_threshold: float | None = None) -> Verdict:
        t = self.similarity_threshold if similarity_threshold is None else similarity_threshold
        r = self.novelty_threshold if novelty_threshold is None else novelty_threshold
        problems = list(f.exact_problems)
        if missing_citation:
            problems.insert(0, "no citation")
        if f.similarity < t and "cites no passage" not in problems:
            problems.append(f"similarity {f.similarity:.2f} to the cited text is below {t:.2f}")
        if f.novelty > r and "cites no passage" not in problems:
            problems.append(f"{f.novelty:.0%} of its content words are not in the cited text (limit {r:.0%})")
        return Verdict(not problems, round(f.similarity, 4), round(f.novelty, 4), tuple(problems))

    def embed(self, texts: Iterable[str]) -> None:
        """Embed, in one batch, whatever texts are not cached yet (callers pre-warm a whole answer at once)."""
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            vectors = np.asarray(self.embedder.embed(missing), dtype=np.float32)
            self._vectors.update(zip(missing, vectors))

    def _cos(self, a: str, b: str) -> float:
        return float(self._vectors[a] @ self._vectors[b])  # the embedder returns normalised vectors

    def _aliases_named(self, passages: Sequence[str]) -> list[tuple[str, ...]]:
        """All names of each role the passages name: 'EdTech Director' is supported where the section says
        'Director of Education Technology'."""
        text = " ".join(passages).lower()
        named: set[int] = set()
        ranked = sorted(((name.lower(), i) for i, group in enumerate(self.aliases) for name in group), key=lambda p: -len(p[0]))
        for name, i in ranked:  # longest first: "Education Technology Director" is not "Technology Director"
            pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
            if re.search(pattern, text):
                named.add(i)
                text = re.sub(pattern, " ", text)
        return [self.aliases[i] for i in sorted(named)]

    def _misplaced_numbers(self, text: str, units: list[str]) -> list[str]:
        """Each clause's figures must be in the passage unit most like that clause, when several units carry figures."""
        if len([u for u in units if numbers(u)]) < 2:
            return []
        clauses = [c for c in _CLAUSE.split(text) if numbers(c) and re.search(r"[A-Za-z]{3}", c)]
        if not clauses:
            return []
        self.embed(clauses)
        problems = []
        for clause in clauses:
            best = max(units, key=lambda u: self._cos(clause, u))
            for n in unsupported_numbers(clause, [best]):
                problems.append(f"number {n} is in the cited text, but not where “{_short(clause)}” is described")
        return problems


@dataclass(frozen=True)
class Features:
    similarity: float
    novelty: float
    exact_problems: tuple[str, ...]


def passage_units(passage: str) -> list[str]:
    """A cited passage's quotable units (list items, sentences), each prefixed with its role and heading so a
    bare item like "Bachelor's Degree" keeps its meaning."""
    lines = passage.split("\n")
    section = lines[0] if len(lines) > 1 and "›" in lines[0] else ""
    body = lines[1:] if section else lines
    prefix = ""
    if section:
        parts = [p.strip() for p in section.split("›")]
        prefix = f"{parts[0]} — {parts[-1]}: " if len(parts) > 1 else f"{parts[0]}: "
    units: list[str] = []
    for line in body:
        line = line.strip()
        if not line:
            continue
        if line.startswith(("- ", "* ")):
            units.append(prefix + line[2:].strip())
        else:
            units.extend(prefix + s.strip() for s in _SENTENCE.split(line) if s.strip())
    return units


def novelty(sentence: str, passages: Sequence[str]) -> float:
    """Share of the sentence's content words whose 5-letter stem is in none of the passages."""
    stems = {w[:5] for p in passages for w in tokenize(p)}
    words = [w for w in tokenize(strip_citations(sentence)) if len(w) > 2 and w not in _FILLER and not any(ch.isdigit() for ch in w)]
    if not words:
        return 0.0
    return sum(1 for w in words if w[:5] not in stems) / len(words)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- validating the judge against hand labels ------------------------------------------------------------

@dataclass(frozen=True)
class LabelResult:
    id: str
    sentence: str
    expected: bool
    predicted: bool
    trap: str
    reason: str


@dataclass(frozen=True)
class JudgeReport:
    accuracy: float
    kappa: float
    n: int
    confusion: dict[str, int]
    traps: dict[str, dict[str, int]]
    results: tuple[LabelResult, ...]
    best_similarity: float
    best_novelty: float
    best_accuracy: float
    cross_validated_accuracy: float

    @property
    def misses(self) -> list[LabelResult]:
        return [r for r in self.results if r.expected != r.predicted]

    def to_dict(self) -> dict:
        return {
            "accuracy": round(self.accuracy, 4), "kappa": round(self.kappa, 4), "n": self.n,
            "confusion": self.confusion, "traps": self.traps,
            "calibration": {"best_similarity": self.best_similarity, "best_novelty": self.best_novelty,
                            "best_accuracy": round(self.best_accuracy, 4),
                            "leave_one_out_accuracy": round(self.cross_validated_accuracy, 4)},
            "misses": [r.__dict__ for r in self.misses],
        }


def cohen_kappa(expected: Sequence[bool], predicted: Sequence[bool]) -> float:
    """Agreement beyond chance between two binary labelings (1 = perfect, 0 = chance)."""
    n = len(expected)
    if not n:
        return 0.0
    po = sum(e == p for e, p in zip(expected, predicted)) / n
    pe_yes = (sum(expected) / n) * (sum(predicted) / n)
    pe_no = (1 - sum(expected) / n) * (1 - sum(predicted) / n)
    pe = pe_yes + pe_no
    return 1.0 if math.isclose(pe, 1.0) else (po - pe) / (1 - pe)


def validate(judge: Judge, labels: Sequence[JudgeLabel]) -> JudgeReport:
    """Accuracy and Cohen's kappa of the judge at its configured thresholds, plus where calibration would put them
    (best on all labels, and leave-one-out accuracy, which is the honest estimate of a calibrated judge)."""
    judge.warm([label.sentence for label in labels], [p for label in labels for p in label.evidence])
    features = [judge.features(label.sentence, label.evidence) for label in labels]
    missing = [not _CITATION.search(label.sentence) for label in labels]
    verdicts = [judge.decide(f, m) for f, m in zip(features, missing)]
    expected = [label.supported for label in labels]
    predicted = [v.supported for v in verdicts]
    results = tuple(LabelResult(label.id, label.sentence, label.supported, v.supported, label.trap, v.reason)
                    for label, v in zip(labels, verdicts))
    confusion = {"true_supported": sum(e and p for e, p in zip(expected, predicted)),
                 "false_supported": sum((not e) and p for e, p in zip(expected, predicted)),
                 "true_unsupported": sum((not e) and (not p) for e, p in zip(expected, predicted)),
                 "false_unsupported": sum(e and (not p) for e, p in zip(expected, predicted))}
    traps: dict[str, dict[str, int]] = {}
    for r in results:
        if r.trap:
            bucket = traps.setdefault(r.trap, {"caught": 0, "total": 0})
            bucket["total"] += 1
            bucket["caught"] += int(not r.predicted)
    grid = [(t / 100, r / 100) for t in range(20, 96) for r in range(0, 101, 5)]
    right = [[_passes(f, m, t, r) == e for f, m, e in zip(features, missing, expected)] for t, r in grid]
    totals = [sum(row) for row in right]

    def closeness(g: int) -> float:  # ties go to the configured thresholds
        t, r = grid[g]
        return -abs(t - judge.similarity_threshold) - abs(r - judge.novelty_threshold)

    best = max(range(len(grid)), key=lambda g: (totals[g], closeness(g)))
    loo_hits = 0
    for i in range(len(labels)):
        chosen = max(range(len(grid)), key=lambda g: (totals[g] - right[g][i], closeness(g)))
        loo_hits += right[chosen][i]
    return JudgeReport(
        accuracy=sum(e == p for e, p in zip(expected, predicted)) / max(1, len(labels)),
        kappa=cohen_kappa(expected, predicted), n=len(labels), confusion=confusion, traps=traps, results=results,
        best_similarity=grid[best][0], best_novelty=grid[best][1], best_accuracy=totals[best] / max(1, len(labels)),
        cross_validated_accuracy=loo_hits / max(1, len(labels)),
    )


def _passes(f: Features, missing_citation: bool, t: float, r: float) -> bool:
    return not missing_citation and not f.exact_problems and f.similarity >= t and f.novelty <= r


def known_titles(role_names: Iterable[str], progression_items: Iterable[str]) -> tuple[str, ...]:
    """Job titles the exact check looks for: role names and aliases, plus the titles listed in career paths
    ("Chief Technology Officer (CTO)" also as "Chief Technology Officer" and "CTO")."""
    titles = set(role_names)
    for item in progression_items:
        item = item.strip().rstrip(".")
        if not item or len(item) > 60:
            continue
        titles.add(item)
        match = re.match(r"^(.*?)\s*\(([^)]+)\)$", item)
        if match:
            titles.add(match.group(1).strip())
            if len(match.group(2)) >= 2:
                titles.add(match.group(2).strip())
    return tuple(sorted(t for t in titles if t))

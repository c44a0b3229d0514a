"""The eval judge: is a sentence supported by the passages it cites? The same checker as the chat-model
verifier (advisor/claims.py), so the evals and the runtime give the same verdicts.

Also its validation against independent hand labels (evals/judge_pairs.yaml, the tuning slice, and
evals/judge_pairs_untuned.yaml, never used for tuning): accuracy, Cohen's κ and recall per category.
The same pairs go through `advisor eval judge --pairs FILE` as JSON Lines.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.claims import CITATION, Source, Verdict, check, is_gap
from advisor.evals.golden import EvalDataError, read_text

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[“\"(])")
SUPPORTED_CATEGORIES = ("verbatim", "paraphrase", "prose-range", "abbreviated", "alias", "gap-true")
# Categories the bar says must be caught every time.
MUST_CATCH = ("number", "units", "wrong-role")


@dataclass(frozen=True)
class Claim:
    """One answer sentence with the citations that cover it; `gap` marks a 'the documents don't say' sentence."""

    text: str
    citations: tuple[int, ...]
    gap: bool = False


def claims_of(answer: str) -> list[Claim]:
    """Sentences of an answer with their citations. A citation at the end of a line covers the sentences
    before it on that line (paragraph-level citation), so a quoted passage is not split into uncited halves."""
    from advisor.compose import is_more_line

    claims: list[Claim] = []
    for line in answer.split("\n"):
        if is_more_line(line):
            continue  # where the rest of a cut list is: navigation, not a claim about a role
        pieces: list[str] = []
        for piece in (p.strip() for p in _SENTENCE.split(line.strip()) if p.strip()):
            if pieces and not re.search(r"\w", CITATION.sub("", piece)):
                pieces[-1] = f"{pieces[-1]} {piece}"
            elif re.search(r"\w", CITATION.sub("", piece)):
                pieces.append(piece)
        cited: list[tuple[int, ...]] = [tuple(int(n) for n in CITATION.findall(p)) for p in pieces]
        inherited: tuple[int, ...] = ()
        for i in range(len(pieces) - 1, -1, -1):
            inherited = cited[i] or inherited
            cited[i] = cited[i] or inherited
        for piece, refs in zip(pieces, cited):
            claims.append(Claim(piece, refs, not refs and is_gap(piece)))
    return claims


def strip_citations(text: str) -> str:
    return re.sub(r"\s+", " ", CITATION.sub("", text)).strip()


def with_citations(sentence: str, refs: Iterable[int]) -> str:
    """The sentence as the checker reads it: its inherited citations made explicit."""
    refs = tuple(refs)
    if CITATION.search(sentence) or not refs:
        return sentence
    return sentence + " " + "".join(f"[{n}]" for n in refs)


@dataclass
class Judge:
    """Judges sentences against cited passages with advisor.claims; `aliases` gives each role's other names
    (from the catalog), so "EdTech Director" is the Director of Education Technology."""

    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def source(self, n: int, role: str, text: str) -> Source:
        return Source(n, role, text, tuple(self.aliases.get(role, ())))

    _cache: dict[tuple[str, tuple[Source, ...]], Verdict] = field(default_factory=dict, repr=False)

    def verdict(self, sentence: str, passages: Sequence[Source]) -> Verdict:
        """The checker's verdict, computed once per (sentence, passages) in a run: the baselines quote the same
        chunks case after case."""
        key = (sentence, tuple(passages))
        if key not in self._cache:
            self._cache[key] = check(sentence, passages)
        return self._cache[key]


# -- labelled pairs ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pair:
    id: str
    sentence: str
    passages: tuple[Source, ...]
    supported: bool | None = None
    category: str = ""


def load_pairs(path: Path) -> list[Pair]:
    """Pairs from a YAML file of groups (passages + [id, category, supported, sentence] rows, see
    evals/README.md) or from JSON Lines {"id", "sentence", "passages": [{"n", "role", "text"}]} ("-" = stdin)."""
    if str(path) == "-":
        import sys

        return _pairs_from_lines(sys.stdin.read().splitlines(), "stdin")
    text = read_text(path)
    if path.suffix in (".yaml", ".yml"):
        return _pairs_from_yaml(text, path)
    return _pairs_from_lines(text.splitlines(), str(path))


def _pairs_from_lines(lines: Sequence[str], where: str) -> list[Pair]:
    pairs = []
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            passages = tuple(Source(int(p["n"]), str(p.get("role", "")), str(p["text"])) for p in row["passages"])
            label = row.get("supported")
            pairs.append(Pair(str(row["id"]), str(row["sentence"]), passages,
                              None if label is None else bool(label), str(row.get("category", ""))))
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalDataError(f"{where}, line {i}: not a pair ({type(exc).__name__}: {exc}); expected "
                                '{"id", "sentence", "passages": [{"n", "role", "text"}]}.') from None
    return pairs


def _pairs_from_yaml(text: str, path: Path) -> list[Pair]:
    import yaml

    try:
        groups = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise EvalDataError(f"{path}: not valid YAML ({str(exc).splitlines()[0]}).") from None
    pairs: list[Pair] = []
    try:
        for group in groups:
            passages = tuple(Source(int(p["n"]), str(p["role"]), str(p["text"])) for p in group["passages"])
            for pid, category, supported, sentence in group["pairs"]:
                pairs.append(Pair(str(pid), str(sentence), passages, bool(supported), str(category)))
    except (KeyError, TypeError, ValueError) as exc:
        raise EvalDataError(f"{path}: every group needs 'passages' and 'pairs' rows [id, category, supported, "
                            f"sentence] ({type(exc).__name__}: {exc}).") from None
    ids = [p.id for p in pairs]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise EvalDataError(f"{path}: pair id '{dupes[0]}' is used twice.")
    return pairs


def judge_lines(pairs: Sequence[Pair]) -> list[dict[str, Any]]:
    """The machine interface's answer for each pair: {"id", "supported", "reasons"}."""
    out = []
    for pair in pairs:
        verdict = check(pair.sentence, pair.passages)
        out.append({"id": pair.id, "supported": verdict.supported, "reasons": list(verdict.reasons)})
    return out


# -- validating the judge against hand labels ------------------------------------------------------------

@dataclass(frozen=True)
class PairResult:
    id: str
    sentence: str
    category: str
    expected: bool
    predicted: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SliceReport:
    name: str
    n: int
    accuracy: float
    kappa: float
    supported_share: float
    categories: dict[str, dict[str, Any]]
    results: tuple[PairResult, ...]

    @property
    def misses(self) -> list[PairResult]:
        return [r for r in self.results if r.expected != r.predicted]

    def to_dict(self, with_misses: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "n": self.n, "accuracy": round(self.accuracy, 4),
                                "kappa": round(self.kappa, 4), "supported_share": round(self.supported_share, 4),
                                "categories": self.categories}
        if with_misses:
            data["misses"] = [r.__dict__ for r in self.misses]
        return data


@dataclass(frozen=True)
class JudgeReport:
    tuning: SliceReport
    untuned: SliceReport | None

    @property
    def all(self) -> SliceReport:
        if self.untuned is None:
            return self.tuning
        return _slice("all", list(self.tuning.results) + list(self.untuned.results))

    def to_dict(self) -> dict[str, Any]:
        whole = self.all
        data = whole.to_dict(with_misses=False)
        data["tuning"] = self.tuning.to_dict()
        # the untuned slice is read in aggregate only: no per-pair misses in the report
        data["untuned"] = self.untuned.to_dict(with_misses=False) if self.untuned else None
        data["must_catch"] = {c: whole.categories.get(c, {"recall": None}).get("recall") for c in MUST_CATCH}
        return data


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


def validate(tuning: Sequence[Pair], untuned: Sequence[Pair] = ()) -> JudgeReport:
    return JudgeReport(_slice("tuning", _results(tuning)), _slice("untuned", _results(untuned)) if untuned else None)


def _results(pairs: Sequence[Pair]) -> list[PairResult]:
    results = []
    for pair in pairs:
        if pair.supported is None:
            raise EvalDataError(f"pair '{pair.id}' has no 'supported' label to validate against.")
        verdict = check(pair.sentence, pair.passages)
        results.append(PairResult(pair.id, pair.sentence, pair.category, pair.supported, verdict.supported,
                                  verdict.reasons))
    return results


def _slice(name: str, results: Sequence[PairResult]) -> SliceReport:
    expected = [r.expected for r in results]
    predicted = [r.predicted for r in results]
    categories: dict[str, dict[str, Any]] = {}
    for r in results:
        bucket = categories.setdefault(r.category or "uncategorised", {"right": 0, "total": 0,
                                                                         "label": "supported" if r.expected else "unsupported"})
        bucket["total"] += 1
        bucket["right"] += int(r.expected == r.predicted)
    for bucket in categories.values():
        bucket["recall"] = round(bucket["right"] / bucket["total"], 4)
    n = len(results)
    return SliceReport(name, n, sum(e == p for e, p in zip(expected, predicted)) / max(1, n),
                       cohen_kappa(expected, predicted), sum(expected) / max(1, n), dict(sorted(categories.items())),
                       tuple(results))

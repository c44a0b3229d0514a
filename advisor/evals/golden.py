"""The golden set, the judge labels and the thresholds: YAML files in evals/, validated on load.

Maintainers extend these by hand, so a mistake must come back as one line naming the file, the case
and the field, not as a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from advisor.errors import AdvisorError

HOLDOUT = "holdout"
_M = TypeVar("_M", bound=BaseModel)
Expect = Literal["answer", "abstain", "partial"]


class EvalDataError(AdvisorError):
    """A golden-set, label or threshold file is missing or malformed."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class EvidenceLabel(_Strict):
    """A passage that answers the case: a chunk of `role` (under a heading ending with `section`) containing `text`."""

    role: str = ""  # empty in a shared-corpus question file, which names the document, not the role
    text: str = Field(min_length=1)
    section: str = ""


class Case(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Unique, lower-case, dashes.")
    question: str | None = None
    turns: tuple[str, ...] | None = Field(None, description="A conversation; only the last turn is scored.")
    expect: Expect
    roles: tuple[str, ...] = ()
    facts: tuple[str | tuple[str, ...], ...] = Field((), description="Each must appear; a list means any one of them.")
    forbidden: tuple[str, ...] = ()
    evidence: tuple[EvidenceLabel, ...] = ()
    tags: tuple[str, ...] = ()
    note: str = ""

    @field_validator("facts", mode="before")
    @classmethod
    def _facts_as_tuples(cls, value: object) -> object:
        if isinstance(value, list):
            return tuple(tuple(v) if isinstance(v, list) else v for v in value)
        return value

    @field_validator("facts", "forbidden", "tags", "turns")
    @classmethod
    def _no_blank_strings(cls, value: tuple | None) -> tuple | None:
        for item in value or ():
            for text in item if isinstance(item, tuple) else (item,):
                if not str(text).strip():
                    raise ValueError("must not contain empty strings")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Case":
        if (self.question is None) == (self.turns is None):
            raise ValueError("give exactly one of 'question' or 'turns'")
        if self.turns is not None and len(self.turns) < 2:
            raise ValueError("'turns' is a conversation: give at least two questions (the last one is scored)")
        if self.expect == "answer" and not self.facts:
            raise ValueError("expect: answer needs at least one entry in 'facts'")
        if self.expect == "answer" and not self.evidence:
            raise ValueError("expect: answer needs at least one labelled 'evidence' passage")
        if self.expect == "partial" and not (self.facts and self.evidence):
            raise ValueError("expect: partial needs the documented part: at least one 'facts' entry and its 'evidence'")
        for fact in self.facts:
            if isinstance(fact, tuple) and len(fact) > 1 and not _synonyms(fact):
                raise ValueError(f"'any of' {list(fact)} is only for true synonyms (an abbreviation and its expansion, "
                                 "or spellings of one thing); list the facts the evidence requires instead")
        if self.expect == "abstain" and self.facts:
            raise ValueError("expect: abstain cannot list 'facts' (use 'forbidden' for what must not appear)")
        return self

    @property
    def final_question(self) -> str:
        return self.turns[-1] if self.turns else self.question  # type: ignore[index,return-value]

    @property
    def history(self) -> tuple[str, ...]:
        return tuple(self.turns[:-1]) if self.turns else ()

    @property
    def holdout(self) -> bool:
        return HOLDOUT in self.tags


def _synonyms(alternatives: tuple[str, ...]) -> bool:
    """Whether alternatives name one thing: an abbreviation and its expansion ("MBA" / "Master of Business
    Administration"), or the same words spelled differently ("10-15+" / "10–15+", "Problem-Solving" / "problem solving")."""
    def letters(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.lower())

    def initials(text: str) -> str:
        return "".join(w[0] for w in re.findall(r"[A-Za-z]+", text) if w[0].isupper() or len(w) > 3).lower()

    first = alternatives[0]
    return all(letters(a) == letters(first) or letters(a) == initials(first) or letters(first) == initials(a)
               for a in alternatives[1:])


class Thresholds(_Strict):
    """Gate values for `advisor eval --check`: metric name → bound, for our pipeline on the selected cases."""

    minimum: dict[str, float] = {}
    maximum: dict[str, float] = {}
    judge_minimum: dict[str, float] = {}


def load_cases(path: Path) -> list[Case]:
    """Every case in a YAML file, or in all *.yaml files of a folder (sorted); ids must be unique."""
    files = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")) if path.is_dir() else [path]
    if not files or not all(f.exists() for f in files):
        raise EvalDataError(f"No golden set at {path} (expected YAML files of cases; see evals/README.md).")
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for file in files:
        for i, raw in enumerate(_yaml_list(file)):
            case = _validate(Case, raw, file, i)
            if case.id in seen:
                raise EvalDataError(f"{file}: case id '{case.id}' is used twice (also in {seen[case.id]}).")
            seen[case.id] = file.name
            cases.append(case)
    if not cases:
        raise EvalDataError(f"{path}: the golden set has no cases.")
    return cases


def load_questions(path: Path) -> list[Case]:
    """A question file in the shared-corpus format (a JSON list of {id, q, kind: answerable|unanswerable, doc,
    evidence, expect_all, forbid}) as cases: the same scoring as the golden set."""
    import json

    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalDataError(f"{path}: file not found.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalDataError(f"{path}: not a readable JSON question file ({exc}).") from None
    if not isinstance(rows, list) or not rows:
        raise EvalDataError(f"{path}: expected a JSON list of questions.")
    cases: list[Case] = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or row.get("kind") not in ("answerable", "unanswerable") or not row.get("q"):
            raise EvalDataError(f"{path}, entry {i + 1}: needs 'q' and 'kind' (answerable or unanswerable).")
        answerable = row["kind"] == "answerable"
        doc = Path(str(row.get("doc") or "")).stem
        raw = {"id": re.sub(r"[^a-z0-9-]+", "-", str(row.get("id", f"q{i + 1}")).lower()).strip("-") or f"q{i + 1}",
               "question": row["q"], "expect": "answer" if answerable else "abstain",
               "facts": list(row.get("expect_all") or []) if answerable else [],
               "forbidden": list(row.get("forbid") or []),
               "evidence": [{"role": "", "text": row["evidence"]}] if answerable and row.get("evidence") else [],
               "tags": [t for t in (row["kind"], re.sub(r"[^a-z0-9-]+", "-", doc.lower())) if t]}
        if answerable and not raw["facts"]:
            raw["facts"] = [row["evidence"]] if row.get("evidence") else []
        cases.append(_validate(Case, raw, path, i))
    ids = [c.id for c in cases]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise EvalDataError(f"{path}: question id '{dupes[0]}' is used twice.")
    return cases


def load_thresholds(path: Path) -> Thresholds:
    raw = _yaml(path)
    if not isinstance(raw, dict):
        raise EvalDataError(f"{path}: expected a mapping of threshold names to values.")
    return _validate(Thresholds, raw, path, None)


def select(cases: list[Case], tags: list[str] | None = None, split: str = "all") -> list[Case]:
    """Cases with all the given tags, in the given split (all, holdout, tuning = everything but holdout)."""
    if split not in ("all", "holdout", "tuning"):
        raise EvalDataError(f"Unknown split '{split}': use all, holdout or tuning.")
    chosen = [c for c in cases if all(t in c.tags for t in tags or [])]
    if split != "all":
        chosen = [c for c in chosen if c.holdout == (split == "holdout")]
    if not chosen:
        raise EvalDataError(f"No case matches tags {tags or []} in split '{split}'.")
    return chosen


def read_text(path: Path) -> str:
    """An eval data file's text, or an EvalDataError saying in one line why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalDataError(f"{path}: file not found.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDataError(f"{path}: cannot be read ({exc}).") from None


def _yaml(path: Path) -> object:
    import yaml

    text = read_text(path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise EvalDataError(f"{path}: not valid YAML{where} ({problem}).") from None


def _yaml_list(path: Path) -> list:
    data = _yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise EvalDataError(f"{path}: expected a YAML list of entries (each starting with '- id: ...').")
    return data


def _validate(model: type[_M], raw: object, file: Path, index: int | None) -> _M:
    name = raw.get("id") if isinstance(raw, dict) else None
    where = f"{file}" + (f", entry {index + 1}" if index is not None else "") + (f" ('{name}')" if name else "")
    if not isinstance(raw, dict):
        raise EvalDataError(f"{where}: expected a mapping of fields, got {type(raw).__name__}.")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        message = re.sub(r"^Value error, ", "", first["msg"])
        more = f" (and {exc.error_count() - 1} more problem{'s' if exc.error_count() > 2 else ''})" if exc.error_count() > 1 else ""
        raise EvalDataError(f"{where}: {field + ': ' if field else ''}{message}{more}.") from None

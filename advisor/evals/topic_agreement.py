"""How far the index's section topics agree with a person's reading of the same sections.

A person labels sections by reading the documents (evals/section_topics.yaml): the file, the section's last
heading as written, optionally a heading above it, and one or two topics. The documents are ingested into a
temporary index by the real ingest (advisor.index.sync), and each label is matched to the index records of
that section:

- same file name (the record's `source` ends with it);
- the record's last heading (the last element of its section path, whose first element is the role title)
  equals the label's heading, compared case-insensitively with whitespace collapsed, curly quotes made
  straight and a trailing ':' dropped; a heading of "" means the role's introduction (text before any heading
  but the document's own title), i.e. records whose section path is the role title alone;
- with a parent, the parent (normalised the same way) is one of the headings above the last one.

The topics the index assigned to a section are the union of its records' stored topics: what the headings
mean plus what the text states (money → pay, years → experience, a degree → education). Those are the topics
retrieval and answers use, so they are the ones measured.

A section AGREES when the assigned topics include every labelled topic and add at most one other
(`MAX_EXTRA`): labels name the one or two topics that carry a section, and a section also touches a further
one in passing (a posting's requirements list that mentions a degree). Agreement is reported over the
matched sections; labels with no matching section are listed, and counted against the figure over all
labelled sections, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pydantic import field_validator

from advisor.evals.golden import EvalDataError, _Strict, _validate, _yaml_list
from advisor.topics import TOPICS

if TYPE_CHECKING:
    from advisor.embeddings import Embedder
    from advisor.records import Record
    from advisor.settings import Settings

MAX_EXTRA = 1
SEP = " › "

DEFINITION = (f"A section agrees when the topics the index assigned to it (the union over its chunks: heading "
              f"meaning plus what the text states) include every labelled topic and add at most {MAX_EXTRA} "
              f"other. Agreement is over matched sections; unmatched labels are listed.")


class SectionLabel(_Strict):
    """One section as a person read it."""

    source: str
    heading: str
    parent: str | None = None
    topics: tuple[str, ...]

    @field_validator("source")
    @classmethod
    def _file_name(cls, value: str) -> str:
        if not value or "/" in value or "\\" in value:
            raise ValueError("give the document's file name alone (no folder)")
        return value

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [t for t in value if t not in TOPICS]
        if unknown:
            raise ValueError(f"unknown topic '{unknown[0]}' (use {', '.join(TOPICS)})")
        if not 1 <= len(set(value)) <= 2 or len(set(value)) != len(value):
            raise ValueError("give one or two different topics")
        return value

    @property
    def where(self) -> str:
        path = [p for p in (self.parent, self.heading or "(introduction)") if p]
        return f"{self.source}: {SEP.join(path)}"


@dataclass(frozen=True)
class SectionResult:
    label: SectionLabel
    sections: tuple[str, ...]  # the matched section paths
    assigned: tuple[str, ...]  # union of their records' topics, in TOPICS order

    @property
    def matched(self) -> bool:
        return bool(self.sections)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(t for t in self.label.topics if t not in self.assigned)

    @property
    def extra(self) -> tuple[str, ...]:
        return tuple(t for t in self.assigned if t not in self.label.topics)

    @property
    def agrees(self) -> bool:
        return self.matched and not self.missing and len(self.extra) <= MAX_EXTRA


@dataclass
class TopicAgreement:
    results: list[SectionResult]
    not_given: dict[str, int] = field(default_factory=dict)  # labelled files that were not among the documents
    ingest_errors: list[str] = field(default_factory=list)

    @property
    def labelled(self) -> int:
        return len(self.results)

    @property
    def matched(self) -> list[SectionResult]:
        return [r for r in self.results if r.matched]

    @property
    def unmatched(self) -> list[SectionResult]:
        return [r for r in self.results if not r.matched]

    @property
    def agreeing(self) -> int:
        return sum(r.agrees for r in self.results)

    @property
    def disagreements(self) -> list[SectionResult]:
        return [r for r in self.matched if not r.agrees]

    @property
    def agreement(self) -> float:
        """Share of matched sections that agree (0 when none matched)."""
        return self.agreeing / len(self.matched) if self.matched else 0.0

    @property
    def agreement_of_labelled(self) -> float:
        return self.agreeing / self.labelled if self.labelled else 0.0

    def per_topic(self) -> dict[str, dict[str, int]]:
        """For each topic: sections labelled with it, of those how many the index gave it, and how many matched
        sections the index gave it without the label."""
        out = {t: {"labelled": 0, "found": 0, "unlabelled": 0} for t in TOPICS}
        for r in self.matched:
            for t in r.label.topics:
                out[t]["labelled"] += 1
                out[t]["found"] += t in r.assigned
            for t in r.extra:
                out[t]["unlabelled"] += 1
        return out

    def to_dict(self) -> dict:
        return {
            "definition": DEFINITION,
            "labelled": self.labelled, "matched": len(self.matched), "agreeing": self.agreeing,
            "agreement": round(self.agreement, 4), "agreement_of_labelled": round(self.agreement_of_labelled, 4),
            "disagreements": [_row(r) for r in self.disagreements],
            "results": [{**_row(r), "matched": r.matched, "agrees": r.agrees} for r in self.results],
            "unmatched": [{"source": r.label.source, "heading": r.label.heading, "parent": r.label.parent,
                           "labelled": list(r.label.topics)} for r in self.unmatched],
            "not_given": self.not_given, "ingest_errors": self.ingest_errors, "per_topic": self.per_topic(),
        }


def _row(r: SectionResult) -> dict:
    return {"source": r.label.source, "heading": r.label.heading, "parent": r.label.parent,
            "labelled": list(r.label.topics), "assigned": list(r.assigned), "missing": list(r.missing),
            "extra": list(r.extra), "sections": list(r.sections)}


def load_labels(path: Path) -> list[SectionLabel]:
    """The labelled sections of a YAML file; a mistake comes back as one line naming the entry and field."""
    labels = [_validate(SectionLabel, raw, path, i) for i, raw in enumerate(_yaml_list(path))]
    if not labels:
        raise EvalDataError(f"{path}: no labelled sections.")
    seen: set[tuple[str, str, str]] = set()
    for label in labels:
        key = (label.source, normalise(label.heading), normalise(label.parent or ""))
        if key in seen:
            raise EvalDataError(f"{path}: {label.where} is labelled twice.")
        seen.add(key)
    return labels


def normalise(heading: str) -> str:
    """A heading as compared: case, runs of whitespace, curly quotes and a trailing colon don't count."""
    text = heading.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    text = re.sub(r"\s+", " ", text).strip().casefold()
    return text.rstrip(":").rstrip()


def measure(labels: Sequence[SectionLabel], records: Sequence[Record],
            sources: Sequence[str] | None = None) -> TopicAgreement:
    """Match each label to its records and compare topics.
    Labels for files not in `sources` (file names ingested; default: those the records come from) are counted
    in `not_given`, not matched."""
    by_file: dict[str, list] = {}
    for record in records:
        by_file.setdefault(PurePosixPath(record.source).name, []).append(record)
    given = set(sources) if sources is not None else set(by_file)
    results: list[SectionResult] = []
    not_given: dict[str, int] = {}
    for label in labels:
        if label.source not in given:
            not_given[label.source] = not_given.get(label.source, 0) + 1
            continue
        hits = [r for r in by_file.get(label.source, []) if _same_section(label, r.section)]
        topics = {t for r in hits for t in r.topics}
        results.append(SectionResult(label, tuple(dict.fromkeys(r.section for r in hits)),
                                     tuple(t for t in TOPICS if t in topics)))
    return TopicAgreement(results, not_given)


def _same_section(label: SectionLabel, section: str) -> bool:
    path = [normalise(p) for p in section.split(SEP)]
    if not label.heading:
        return len(path) == 1
    if path[-1] != normalise(label.heading):
        return False
    return label.parent is None or normalise(label.parent) in path[:-1]


def run(settings: Settings, docs: Sequence[Path], labels_path: Path,
        embedder: Embedder | None = None) -> TopicAgreement:
    """Ingest `docs` into a temporary index with the real ingest, then measure the labels against it."""
    import tempfile

    from advisor import index
    from advisor.documents import discover
    from advisor.embeddings import Embedder

    labels = load_labels(labels_path)
    missing = [str(d) for d in docs if not d.exists()]
    if missing:
        raise EvalDataError(f"{missing[0]}: no such file or folder of documents.")
    files, refused = discover(list(docs))
    embedder = embedder or Embedder()
    with tempfile.TemporaryDirectory(prefix="advisor-topics-") as scratch:
        isolated = settings.model_copy(update={"data_dir": Path(scratch), "chroma_url": None,
                                               "collection_prefix": "topics"})
        report = index.sync(isolated, list(docs), embedder)
        records = index.open_index(isolated, embedder).records
    given = [f.name for f in files] + [PurePosixPath(e.source).name for e in refused]
    result = measure(labels, records, sources=given)
    result.ingest_errors = [str(e) for e in report.errors]
    return result


def report_lines(result: TopicAgreement) -> list[str]:
    """The figures, then every disagreement, every unmatched label and the per-topic counts, as plain lines."""
    matched = len(result.matched)
    lines = [
        f"sections labelled: {result.labelled}",
        f"sections matched:  {matched}",
        f"agreement:         {result.agreeing}/{matched} = {100 * result.agreement:.1f} % of matched sections "
        f"({100 * result.agreement_of_labelled:.1f} % of labelled)",
        f"definition: {DEFINITION}",
    ]
    if result.not_given:
        lines.append(f"labels for files not among the documents given (not counted): "
                     f"{sum(result.not_given.values())} in {', '.join(sorted(result.not_given))}")
    for error in result.ingest_errors:
        lines.append(f"not ingested: {error}")
    lines.append(f"disagreements ({len(result.disagreements)}): heading — labelled / assigned")
    for r in result.disagreements:
        why = "; ".join(p for p in (f"missing {', '.join(r.missing)}" if r.missing else "",
                                    f"extra {', '.join(r.extra)}" if len(r.extra) > MAX_EXTRA else "") if p)
        lines.append(f"  {r.label.where} — {', '.join(r.label.topics)} / {', '.join(r.assigned) or '(none)'}"
                     f"  ({why})")
    lines.append(f"unmatched labels ({len(result.unmatched)}): no section of the file has this heading")
    for r in result.unmatched:
        lines.append(f"  {r.label.where} — {', '.join(r.label.topics)}")
    lines.append("per topic: labelled, found by the index, given without the label")
    for topic, n in result.per_topic().items():
        lines.append(f"  {topic:<16} {n['labelled']:>4} {n['found']:>4} {n['unlabelled']:>4}")
    return lines

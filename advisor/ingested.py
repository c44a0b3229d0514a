"""What the index is built from: the folders and files `advisor ingest` read last, remembered in the data folder.

So `advisor ingest` run again from any folder reads the same documents, and `advisor ingest ONE-FILE` adds that
file to them instead of making the index mirror that file alone (`--prune` does that, and says so).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from advisor.errors import AdvisorError
from advisor.settings import Settings

STATE_FILE = "ingested.json"


@dataclass(frozen=True)
class Plan:
    """What one ingest reads: `targets` are mirrored by the index; `kept` are the earlier ones read again so
    their documents stay; `remembered` says the targets came from the last ingest, not from the command line;
    `gone` are earlier paths that no longer exist, whose documents leave the index."""

    targets: list[Path]
    kept: list[Path] = field(default_factory=list)
    remembered: bool = False
    gone: list[Path] = field(default_factory=list)


def remembered(settings: Settings) -> list[Path]:
    """The paths of the last ingest into this data folder ([] when none is recorded or the record is unreadable)."""
    try:
        data = json.loads((settings.data_dir / STATE_FILE).read_text(encoding="utf-8"))
        return [Path(p) for p in data["paths"] if isinstance(p, str)]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def remember(settings: Settings, paths: list[Path]) -> None:
    """Record what the index now mirrors; written whole or not at all."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"paths": [str(p) for p in paths]}, indent=1)
    with tempfile.NamedTemporaryFile("w", dir=settings.data_dir, prefix=".ingested-", suffix=".json",
                                     delete=False, encoding="utf-8") as handle:
        handle.write(payload)
    os.replace(handle.name, settings.data_dir / STATE_FILE)


def plan(settings: Settings, given: list[Path], *, prune: bool, indexed: bool) -> Plan:
    """Decide what to read.

    No paths: ADVISOR_KNOWLEDGE_DIR when it is set, else what the last ingest read, else ./knowledge.
    Paths with `prune`: exactly those. Paths without it: those added to what the last ingest read. When the index
    holds documents (`indexed`) but no record says where from, adding could remove them, so it is refused.
    An earlier path that no longer exists is dropped (like a file deleted from an indexed folder) and reported.
    """
    before = remembered(settings)
    present = [p for p in before if p.exists()]
    gone = [p for p in before if not p.exists()]
    if not given:
        if "knowledge_dir" not in settings.model_fields_set and present:
            return Plan(present, remembered=True, gone=gone)
        folder = settings.knowledge_dir.resolve()
        if not folder.exists() and "knowledge_dir" not in settings.model_fields_set:
            raise AdvisorError(f"No role documents to index: there is no {folder} and no earlier ingest into "
                               f"{settings.data_dir} to repeat. Give them: advisor ingest FOLDER.")
        return Plan([folder], gone=[p for p in gone if p != folder])
    paths = [p.resolve() for p in given]
    if prune:
        return Plan(paths)
    if not before and indexed:
        raise AdvisorError("The index holds documents from an ingest that did not record where they came from, so "
                           "adding these would remove them. Run `advisor ingest --prune PATH ...` with every folder "
                           "and file to keep indexed.")
    targets = _without_covered(present + paths)
    return Plan(targets, kept=[p for p in present if p in targets], gone=gone)


def _without_covered(paths: list[Path]) -> list[Path]:
    """Drop repeats and paths inside another folder of the list, keeping the first order (earlier folders first,
    so a file already indexed through its folder keeps the source name it had)."""
    kept: list[Path] = []
    for path in dict.fromkeys(paths):
        if not any(other != path and other.is_dir() and path.is_relative_to(other) for other in paths):
            kept.append(path)
    return kept

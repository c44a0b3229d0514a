"""What the index holds, as the rest of the code reads it: one Record per stored chunk, with its role, section,
level and topics, and the snapshot of a collection's records written at ingest. Knows nothing of Chroma: the
store behind it is advisor/index.py's business."""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.documents import SECTION_SEPARATOR, embedding_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Record:
    """One stored chunk as read back from the index."""

    id: str
    text: str
    role: str
    section: str
    source: str
    position: int
    kind: str
    topics: tuple[str, ...]
    aliases: tuple[str, ...]
    family: str
    updated: str
    level: str = ""
    level_rank: int = -1
    org: str = ""
    levels: str = ""  # the document's levels as JSON: [[name, rank, [aliases], title], ...]

    @property
    def heading(self) -> str:
        """The section's own (last) heading."""
        return self.section.split(SECTION_SEPARATOR)[-1]

    @property
    def section_heading(self) -> str:
        """The heading of the section the chunk sits in, or "" at the top of the document (under its title) or of a
        level's section (under the level's name)."""
        heading = self.heading
        return heading if SECTION_SEPARATOR in self.section and heading not in (self.level, self.role) else ""

    @property
    def embedding_text(self) -> str:
        return embedding_text(self.section, self.text)



def from_metadata(cid: str, text: str, meta: dict[str, Any]) -> Record:
    """A record from what the store keeps of a chunk: its id, text and metadata."""
    return Record(
        id=cid, text=text, role=meta["role"], section=meta["section"], source=meta["source"],
        position=int(meta.get("position", 0)), kind=meta.get("kind", "paragraph"),
        topics=tuple(t for t in str(meta.get("topics", "")).split(",") if t),
        aliases=tuple(a for a in str(meta.get("aliases", "")).split("|") if a),
        family=str(meta.get("family", "")), updated=str(meta.get("updated", "")),
        level=str(meta.get("level", "")), level_rank=int(meta.get("level_rank", -1)),
        org=str(meta.get("org", "")), levels=str(meta.get("levels", "")),
    )


def document_order(record: Record) -> tuple[str, int]:
    return record.source, record.position


SNAPSHOT_FORMAT = 1


def snapshots_path(data_dir: Path) -> Path:
    return data_dir / "snapshots"


def read_snapshot(data_dir: Path, name: str, count: int) -> list[Record] | None:
    """The records of collection `name` as written at ingest, so opening the index does not read every record back
    from Chroma. A collection is never changed after it is made (an ingest makes a new one), so its name keys its
    snapshot; one that is missing, unreadable, of another format or of another size is ignored."""
    path = snapshots_path(data_dir) / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != SNAPSHOT_FORMAT or data.get("collection") != name or len(data["records"]) != count:
            return None
        return [Record(**{k: tuple(v) if isinstance(v, list) else v for k, v in r.items()}) for r in data["records"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("ignoring the index snapshot %s (%s); reading the index instead", path, type(exc).__name__)
        return None


def write_snapshot(data_dir: Path, name: str, records: list[Record]) -> None:
    """Written beside the index, atomically; a failure only means the next open reads the index."""
    from dataclasses import asdict

    path = snapshots_path(data_dir) / f"{name}.json"
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"format": SNAPSHOT_FORMAT, "collection": name,
                                         "records": [asdict(r) for r in records]}, ensure_ascii=False),
                             encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        log.info("could not write the index snapshot %s (%s)", path, exc.strerror or type(exc).__name__)
        with contextlib.suppress(OSError):
            temporary.unlink()

"""Opening the index from the snapshot written at ingest: the same records as reading Chroma, replaced with the
collection, and ignored (never trusted) when it does not match."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from advisor.embeddings import Embedder
from advisor.index import open_index, sync
from advisor.settings import Settings


def _snapshot(settings: Settings, name: str) -> Path:
    return settings.data_dir / "snapshots" / f"{name}.json"


def test_ingest_writes_a_snapshot_that_opens_the_same_records(fresh_settings: Settings, knowledge_copy: Path,
                                                              embedder: Embedder) -> None:
    report = sync(fresh_settings, [knowledge_copy], embedder)
    snapshot = _snapshot(fresh_settings, report.collection)
    assert snapshot.exists()
    from_snapshot = open_index(fresh_settings, embedder).records

    snapshot.unlink()
    from_chroma = open_index(fresh_settings, embedder).records
    assert from_snapshot == from_chroma and len(from_chroma) == report.added
    assert snapshot.exists()  # the first open without one writes it

    # It is what the index is opened from: a changed text in it shows (same collection, same size).
    data = json.loads(snapshot.read_text())
    data["records"][0]["text"] = "Read from the snapshot."
    snapshot.write_text(json.dumps(data))
    assert open_index(fresh_settings, embedder).records[0].text == "Read from the snapshot."


def test_a_reingest_replaces_the_snapshot_with_the_collection(fresh_settings: Settings, knowledge_copy: Path,
                                                              embedder: Embedder) -> None:
    first = sync(fresh_settings, [knowledge_copy], embedder)
    doc = knowledge_copy / "tech-director.md"
    doc.write_text(doc.read_text() + "\n\n## Travel\n\nTravels to each school site once a term.\n")
    second = sync(fresh_settings, [knowledge_copy], embedder)
    assert second.collection != first.collection
    assert _snapshot(fresh_settings, second.collection).exists()
    records = open_index(fresh_settings, embedder).records
    assert any("once a term" in r.text for r in records)
    # written from what the ingest added, copied chunks and new ones alike: the same records Chroma gives back
    _snapshot(fresh_settings, second.collection).unlink()
    assert open_index(fresh_settings, embedder).records == records

    third = sync(fresh_settings, [knowledge_copy], embedder, rebuild=True)
    kept = {p.stem for p in (fresh_settings.data_dir / "snapshots").glob("*.json")}
    assert third.collection in kept and first.collection not in kept  # only the active one and the one it replaced
    assert kept <= {second.collection, third.collection}


def test_a_snapshot_that_does_not_match_is_ignored_and_written_again(
        fresh_settings: Settings, knowledge_copy: Path, embedder: Embedder, caplog: pytest.LogCaptureFixture) -> None:
    report = sync(fresh_settings, [knowledge_copy], embedder)
    snapshot = _snapshot(fresh_settings, report.collection)
    expected = open_index(fresh_settings, embedder).records
    for damage in ("not json", "other size", "other collection"):
        if damage == "not json":
            snapshot.write_text("{ truncated")
        else:
            data = json.loads(snapshot.read_text())
            if damage == "other size":
                data["records"] = data["records"][1:]
            else:
                data["collection"] = "roles-another"
            for r in data["records"]:
                r["text"] = "stale"
            snapshot.write_text(json.dumps(data))
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="advisor.index"):
            assert open_index(fresh_settings, embedder).records == expected, damage
        assert ("ignoring the index snapshot" in caplog.text) == (damage == "not json")
        assert "stale" not in snapshot.read_text() and json.loads(snapshot.read_text())["collection"] == report.collection

"""The Chroma store: build and update it idempotently and atomically, and open it for reading.

Each ingest that changes anything writes a new collection (copying unchanged vectors, embedding only
new text) and then flips one pointer, the `active` key of a small meta collection. A failure or a kill
before the flip leaves the previous collection active and whole; the next ingest sweeps the leftovers.
The same code serves the on-disk store and a Chroma server.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.documents import SECTION_SEPARATOR, Chunk, chunk_document, discover, load_document
from advisor.embeddings import MODEL_NAME, Embedder
from advisor.records import Record, document_order, from_metadata, read_snapshot, snapshots_path, write_snapshot
from advisor.errors import AdvisorError, DocumentError, IndexMissingError, IndexUnavailableError
from advisor.settings import Settings
from advisor.topics import METHOD_VERSION, TOPICS, TopicModel, chunk_topics, heading_topics

log = logging.getLogger(__name__)
BATCH = 128


@dataclass
class SyncReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    files: list[str] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    collection: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass
class Index:
    """A read view of the active collection; records are held in memory for BM25 and the role catalog."""

    client: Any
    collection: Any
    name: str
    records: list[Record]

    def query(self, embedding: list[float], k: int, roles: list[str] | None = None) -> list[tuple[str, float]]:
        """Ids and cosine similarities of the nearest chunks, optionally only of the given roles."""
        if not self.records:
            return []
        where: dict[str, Any] | None = None
        if roles:
            where = {"role": roles[0]} if len(roles) == 1 else {"role": {"$in": roles}}
        try:
            result = self.collection.query(query_embeddings=[embedding], n_results=min(k, len(self.records)),
                                           where=where, include=["distances"])
        except Exception as exc:  # chromadb raises many types; all mean the store did not answer
            raise IndexUnavailableError(f"The index did not answer a search ({type(exc).__name__}). "
                                        "Run `advisor ingest` to rebuild it, or check the Chroma server.") from exc
        return [(i, 1.0 - d) for i, d in zip(result["ids"][0], result["distances"][0])]


def open_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_url:
            from urllib.parse import urlparse

            url = urlparse(settings.chroma_url)
            return chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                       ssl=url.scheme == "https", settings=chroma_settings)
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:
        raise _unavailable(settings, exc) from exc


def _unavailable(settings: Settings, exc: Exception) -> IndexUnavailableError:
    """The one message for a store that does not answer: unreachable server, a disk that is full or cannot be
    written, or damaged files on disk."""
    disk = _storage_failure(settings, exc)
    if disk is not None:
        return disk
    detail = f"{type(exc).__name__}: {_first_line(exc)}"
    if settings.chroma_url:
        return IndexUnavailableError(f"Cannot reach the Chroma server at {settings.chroma_url} ({detail}). "
                                     "Is it running? Check ADVISOR_CHROMA_URL.")
    return IndexUnavailableError(f"The index at {settings.chroma_path} is damaged or unreadable ({detail}). "
                                 "Rebuild it with `advisor ingest --rebuild`.")


LOW_SPACE = 64 * 1024 * 1024  # bytes free under which a failed write is put down to a full disk


class DiskError(IndexUnavailableError):
    """The disk under the data folder is full or cannot be written: the index is not damaged."""


def _storage_failure(settings: Settings, exc: BaseException) -> DiskError | None:
    """A failure that comes from the disk under the data folder, as one line with what to do; None otherwise.
    Chroma does not always say why a write failed ("Error in compaction"), so the disk is asked too."""
    if settings.chroma_url:
        return None
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    place = settings.data_dir.resolve()
    existing = next((p for p in (place, *place.parents) if p.exists()), Path("/"))
    try:
        free = shutil.disk_usage(existing).free
    except OSError:
        free = LOW_SPACE
    if code in (errno.ENOSPC, errno.EDQUOT) or "no space left" in text or "disk is full" in text or free < LOW_SPACE:
        return DiskError(
            f"The disk holding the data folder {place} is full ({free // 1024 ** 2} MB free): free some space, then "
            "run `advisor ingest` again. Any index that was answering is unchanged.")
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text \
            or "permission denied" in text or not os.access(existing, os.W_OK):
        return DiskError(
            f"The data folder {place} cannot be written ({_reason(exc)}): make it writable for this user, or set "
            "ADVISOR_DATA_DIR to a writable folder. Nothing in it was changed.")
    return None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {_first_line(exc)}"


def open_index(settings: Settings, embedder: Embedder, client: Any = None) -> Index:
    """Open the active collection, or raise IndexMissingError saying what to run."""
    client = client or open_client(settings)
    name = _active_name(client, settings)
    if not name:
        raise IndexMissingError("No index yet: run `advisor ingest` to build it from the role documents.")
    try:
        collection = client.get_collection(name, embedding_function=_embedding_function(embedder))
        records = read_snapshot(settings.data_dir, name, collection.count())
        if records is None:
            records = _read_records(collection)
            write_snapshot(settings.data_dir, name, records)
    except AdvisorError:
        raise
    except Exception as exc:
        raise IndexUnavailableError(f"The index '{name}' cannot be read ({type(exc).__name__}). "
                                    "Rebuild it with `advisor ingest --rebuild`.") from exc
    return Index(client=client, collection=collection, name=name, records=records)


def active_name(settings: Settings, client: Any = None) -> str | None:
    """Name of the active collection: a cheap way for long-running processes to notice a re-ingest."""
    return _active_name(client or open_client(settings), settings)


def sync(
    settings: Settings,
    paths: list[Path],
    embedder: Embedder,
    progress: Callable[[str, int, int], None] | None = None,
    rebuild: bool = False,
) -> SyncReport:
    """Make the index mirror the documents under `paths`, embedding only what changed.

    A file that cannot be read is reported and keeps whatever it had in the index before.
    """
    report = SyncReport()
    client = _open_for_rebuild(settings) if rebuild else open_client(settings)
    with _ingest_lock(settings):
        files, refused = discover(paths)
        report.errors.extend(refused)
        roots = [p.resolve() for p in paths]
        chunks_by_source: dict[str, list[Chunk]] = {}
        hashes: dict[str, str] = {}
        docs_meta: dict[str, dict[str, str]] = {}
        for i, file in enumerate(files):
            source = _source_name(file, roots)
            report.files.append(source)
            if progress:
                progress("read", i + 1, len(files))
            try:
                doc = load_document(file, source, settings.max_file_bytes, settings.max_file_seconds)
                if doc.content_hash in hashes:
                    report.duplicates.append((source, hashes[doc.content_hash]))
                    continue
                hashes[doc.content_hash] = source
                chunks_by_source[source] = chunk_document(doc, settings.chunk_chars)
                docs_meta[source] = {
                    "aliases": "|".join(doc.aliases), "family": doc.family, "updated": doc.updated, "org": doc.org,
                    "levels": json.dumps([[lv.name, lv.rank, list(lv.aliases), lv.title] for lv in doc.levels]),
                }
            except DocumentError as exc:
                report.errors.append(exc)
            except Exception as exc:  # an unforeseen failure on one odd file must not stop the others
                log.warning("reading %s failed unexpectedly (%s)", source, type(exc).__name__)
                report.errors.append(DocumentError(source, f"could not be read ({type(exc).__name__}: "
                                                           f"{_first_line(exc)})"))

        old_name = None if rebuild else _active_name(client, settings)
        old = _get_collection(client, old_name, embedder) if old_name else None
        old_meta = _read_metadata(old) if old is not None else {}

        wanted: dict[str, tuple[Chunk, dict[str, Any]]] = {}
        for source, chunks in chunks_by_source.items():
            for chunk in chunks:
                wanted[chunk.id] = (chunk, _metadata(chunk, docs_meta[source]))
        failed_sources = {e.source for e in report.errors}
        kept_from_failed = {cid for cid, meta in old_meta.items() if meta.get("source") in failed_sources}

        # Longest first, so each batch holds texts of about one length and pads little (measured on 300 generated
        # documents: embedding took 28 s in this order against 41 s in document order).
        to_embed = sorted((cid for cid in wanted if cid not in old_meta),
                          key=lambda cid: -len(wanted[cid][0].embedding_text))
        to_copy = [cid for cid in wanted if cid in old_meta] + sorted(kept_from_failed - set(wanted))
        report.added = len(to_embed)
        report.updated = sum(1 for cid in wanted if cid in old_meta and _own(old_meta[cid]) != wanted[cid][1])
        report.unchanged = len(to_copy) - report.updated
        report.removed = len(set(old_meta) - set(wanted) - kept_from_failed)

        if old is not None and not report.changed:
            report.collection = old_name or ""
            _sweep(client, settings, keep=old_name)
            return report
        if not wanted and not kept_from_failed:
            if old is None:
                raise IndexMissingError("Nothing to index: no role document could be read"
                                        + (f" ({len(report.errors)} failed)." if report.errors else "."))

        new_name = f"{settings.collection_prefix}-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        # Heading topics already decided for a heading path are reused, so an edit embeds only the changed text.
        known_headings = {m["hkey"]: m.get("htopics", "") for m in old_meta.values()
                          if "hkey" in m and m.get("tver") == METHOD_VERSION}
        topic_model: TopicModel | None = None

        def decide(ids: list[str]) -> None:
            nonlocal topic_model
            unseen = list(dict.fromkeys(_heading_key(wanted[i][0]) for i in ids
                                        if _heading_key(wanted[i][0]) not in known_headings))
            if unseen:
                topic_model = topic_model or TopicModel(embedder.embed)
                known_headings.update(_decide_heading_topics(unseen, topic_model, embedder))

        try:
            new = client.create_collection(new_name, embedding_function=_embedding_function(embedder),
                                           configuration={"hnsw": {"space": "cosine"}})
            done = 0
            total = len(to_copy) + len(to_embed)
            records: list[Record] = []  # what was added, for the snapshot, so it is not read back from Chroma
            for batch in _batches(to_copy):
                got = old.get(ids=batch, include=["embeddings", "documents", "metadatas"])  # type: ignore[union-attr]
                stale = [i for i, m in zip(got["ids"], got["metadatas"])
                         if i in wanted and m.get("tver") != METHOD_VERSION]
                decide(stale)
                metas = [(_with_topics(wanted[i][0], wanted[i][1], known_headings) if i in stale else
                          {**wanted[i][1], **{k: v for k, v in m.items() if _derived(k)}}) if i in wanted else m
                         for i, m in zip(got["ids"], got["metadatas"])]
                new.add(ids=got["ids"], embeddings=got["embeddings"], documents=got["documents"], metadatas=metas)
                records.extend(map(from_metadata, got["ids"], got["documents"], metas))
                done += len(batch)
                if progress:
                    progress("embed", done, total)
            for batch in _batches(to_embed):
                log.info("embedding %d/%d new chunks into %s", done - len(to_copy) + len(batch), len(to_embed), new_name)
                texts = [wanted[i][0].embedding_text for i in batch]
                vectors = embedder.embed(texts)
                decide(batch)
                metas = [_with_topics(wanted[i][0], wanted[i][1], known_headings) for i in batch]
                documents = [wanted[i][0].text for i in batch]
                new.add(ids=batch, embeddings=vectors, documents=documents, metadatas=metas)
                records.extend(map(from_metadata, batch, documents, metas))
                done += len(batch)
                if progress:
                    progress("embed", done, total)
            _set_active(client, settings, new_name, replaced=old_name)
        except BaseException as exc:
            with contextlib.suppress(Exception):
                client.delete_collection(new_name)
            disk = _storage_failure(settings, exc) if isinstance(exc, Exception) else None
            if disk is not None:
                raise disk from None
            raise
        report.collection = new_name
        with contextlib.suppress(Exception):  # the new index is active: a snapshot not written is made on first open
            write_snapshot(settings.data_dir, new_name, sorted(records, key=document_order))
        _sweep(client, settings, keep=new_name)
        return report


def _open_for_rebuild(settings: Settings) -> Any:
    """A client for a full rebuild; an on-disk store too damaged to open is set aside (never deleted)."""
    try:
        client = open_client(settings)
        _active_name(client, settings)
        return client
    except DiskError:
        raise  # a full or read-only disk is not damage: moving the index aside would not help
    except IndexUnavailableError:
        if settings.chroma_url:
            raise
    aside = settings.chroma_path.with_name(f"chroma.damaged-{time.strftime('%Y%m%d%H%M%S')}")
    try:
        settings.chroma_path.rename(aside)
    except OSError as exc:
        raise _unavailable(settings, exc) from None
    log.warning("the index at %s could not be opened; moved it to %s and rebuilding", settings.chroma_path, aside)
    _reset_chroma_cache()
    return open_client(settings)


def _reset_chroma_cache() -> None:
    """Chroma caches one system per path in-process; drop it so the path can be opened afresh."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _metadata(chunk: Chunk, doc_meta: dict[str, str]) -> dict[str, Any]:
    return {
        "role": chunk.role, "section": chunk.section, "source": chunk.source, "position": chunk.position,
        "kind": chunk.kind, "level": chunk.level, "level_rank": chunk.level_rank, **doc_meta,
        "tver": METHOD_VERSION,  # how topics were decided: a chunk stored by another method has them re-decided
    }


def _derived(key: str) -> bool:
    """Metadata decided from embeddings at ingest (topics), not read from the document."""
    return key in ("topics", "hkey", "htopics") or key.startswith("t_")


def _own(meta: dict[str, Any]) -> dict[str, Any]:
    """Stored metadata less what is derived from the embedding (topics)."""
    return {k: v for k, v in meta.items() if not _derived(k)}


def _last_headings(chunk: Chunk) -> list[str]:
    return chunk.section.split(SECTION_SEPARATOR)[1:][-2:]


def _heading_key(chunk: Chunk) -> str:
    return SECTION_SEPARATOR.join(_last_headings(chunk))


def _decide_heading_topics(keys: list[str], model: TopicModel, embedder: Embedder) -> dict[str, str]:
    """Topics each heading path means, by the embedding of its headings against example headings."""
    headings = list(dict.fromkeys(h for key in keys for h in key.split(SECTION_SEPARATOR) if h))
    vectors = dict(zip(headings, embedder.embed(headings))) if headings else {}
    return {key: ",".join(heading_topics([h for h in key.split(SECTION_SEPARATOR) if h],
                                         lambda h: model.heading(vectors[h]))) for key in keys}


def _with_topics(chunk: Chunk, meta: dict[str, Any], known_headings: dict[str, str]) -> dict[str, Any]:
    """Topics by meaning: what the chunk's headings mean, plus what its text states (money, years, degrees)."""
    key = _heading_key(chunk)
    from_headings = [t for t in known_headings.get(key, "").split(",") if t]
    topics = chunk_topics(_last_headings(chunk), chunk.text, from_headings)
    return {**meta, "hkey": key, "htopics": ",".join(from_headings), "topics": ",".join(topics),
            **{f"t_{t}": t in topics for t in TOPICS}}


def _read_metadata(collection: Any) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    offset = 0
    while True:
        got = collection.get(include=["metadatas"], limit=5000, offset=offset)
        out.update(zip(got["ids"], got["metadatas"]))
        if len(got["ids"]) < 5000:
            return out
        offset += 5000


def _read_records(collection: Any) -> list[Record]:
    records: list[Record] = []
    offset = 0
    while True:
        got = collection.get(include=["documents", "metadatas"], limit=5000, offset=offset)
        records.extend(map(from_metadata, got["ids"], got["documents"], got["metadatas"]))
        if len(got["ids"]) < 5000:
            break
        offset += 5000
    records.sort(key=document_order)
    return records


def _meta_collection(client: Any, settings: Settings) -> Any:
    return client.get_or_create_collection(f"{settings.collection_prefix}-meta",
                                           embedding_function=_embedding_function(Embedder()))


def _active_name(client: Any, settings: Settings) -> str | None:
    try:
        meta = _meta_collection(client, settings).metadata or {}
    except Exception as exc:
        raise _unavailable(settings, exc) from exc
    name = meta.get("active")
    return str(name) if name else None


def _set_active(client: Any, settings: Settings, name: str, replaced: str | None = None) -> None:
    _meta_collection(client, settings).modify(metadata={"active": name, "activated_at": time.time(),
                                                        "replaced": replaced or ""})


def _get_collection(client: Any, name: str, embedder: Embedder) -> Any:
    try:
        return client.get_collection(name, embedding_function=_embedding_function(embedder))
    except Exception:
        log.warning("active collection %s is missing; rebuilding from scratch", name)
        return None


def _sweep(client: Any, settings: Settings, keep: str | None) -> None:
    """Delete our collections other than the active one: leftovers of replaced or interrupted ingests. The one
    the active collection replaced is kept for a while, as running processes may still be reading it (they
    notice a re-ingest within ADVISOR_INDEX_CHECK_SECONDS). On disk, the vector folders Chroma leaves behind
    for deleted collections are removed too."""
    prefix = f"{settings.collection_prefix}-"
    meta = _meta_collection(client, settings).metadata or {}
    recent = time.time() - float(meta.get("activated_at") or 0) < replaced_grace(settings)
    still_read = str(meta.get("replaced") or "") if recent and meta.get("active") == keep else ""
    for collection in client.list_collections():
        name = collection if isinstance(collection, str) else collection.name
        if name.startswith(prefix) and name not in (keep, still_read, f"{prefix}meta"):
            with contextlib.suppress(Exception):
                client.delete_collection(name)
    if not settings.chroma_url:
        _remove_orphan_segments(settings.chroma_path)
    snapshots = snapshots_path(settings.data_dir)
    for snapshot in snapshots.glob(f"{prefix}*.json") if snapshots.is_dir() else []:
        if snapshot.stem not in (keep, still_read):
            with contextlib.suppress(OSError):
                snapshot.unlink()


def replaced_grace(settings: Settings) -> float:
    """Seconds a replaced collection is kept for processes that have not yet noticed the re-ingest."""
    return max(60.0, 10 * settings.index_check_seconds)


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _remove_orphan_segments(chroma_path: Path) -> None:
    """Chroma (1.x, on disk) deletes a collection's rows but not its vector segment folder: remove the folders
    no segment in Chroma's catalogue names. Read-only; any doubt leaves everything in place."""
    import sqlite3

    database = chroma_path / "chroma.sqlite3"
    try:
        with contextlib.closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=5)) as db:
            live = {str(row[0]) for row in db.execute("SELECT id FROM segments")}
        folders = [p for p in chroma_path.iterdir() if p.is_dir() and _UUID.match(p.name)]
    except (sqlite3.Error, OSError) as exc:
        log.warning("could not list the index's segments to clean up (%s)", type(exc).__name__)
        return
    if not live:
        return  # an empty or unfamiliar catalogue: never guess
    for folder in folders:
        if folder.name not in live:
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _ingest_lock(settings: Settings) -> Iterator[None]:
    """One ingest at a time per data folder (a Chroma server relies on the atomic pointer flip alone)."""
    import fcntl

    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        handle = open(settings.data_dir / "ingest.lock", "w")
    except OSError as exc:
        raise _unavailable(settings, exc) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AdvisorError("Another ingest is running on this data folder; wait for it to finish.") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _source_name(file: Path, roots: list[Path]) -> str:
    for root in roots:
        if root.is_dir() and file.is_relative_to(root):
            return f"{root.name}/{file.relative_to(root).as_posix()}"
        if root == file:
            return file.name
    return file.as_posix()


def _batches(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), BATCH):
        yield items[start:start + BATCH]


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:200]


def _embedding_function(embedder: Embedder) -> Any:
    """Chroma's hook for our model, so Chroma never reaches for its own downloading default."""
    return _embedding_function_class()(embedder)


@functools.cache
def _embedding_function_class() -> type:
    """Made on first use, so importing this module does not import Chroma; registered under our name, so a
    collection that names it is opened with our model."""
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import register_embedding_function

    @register_embedding_function
    class AdvisorEmbeddingFunction(EmbeddingFunction[Documents]):
        def __init__(self, embedder: Embedder | None = None) -> None:
            self.embedder = embedder or Embedder()

        def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's signature
            import numpy as np

            return [np.asarray(v, dtype=np.float32) for v in self.embedder.embed(list(input))]

        @staticmethod
        def name() -> str:
            return "role-advisor-minilm"

        def default_space(self) -> str:  # type: ignore[override]
            return "cosine"

        def get_config(self) -> dict[str, Any]:
            return {"model": MODEL_NAME}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> "AdvisorEmbeddingFunction":
            return AdvisorEmbeddingFunction()

    return AdvisorEmbeddingFunction

"""Hybrid search: Chroma vector similarity and BM25 over the same chunks, fused by reciprocal rank."""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.embeddings import Embedder
from advisor.index import Index
from advisor.records import Record

_TOKEN = re.compile(r"[a-z0-9$]+(?:[.,][0-9]+)*")
_STOPWORDS = frozenset(
    "a an the of for in on at to and or is are be was were what whats which who whom how does do did can could "
    "should would will i me my we our you your it its this that these those with from by as about into there "
    "their they them he she his her any some tell please".split()
)


@dataclass(frozen=True)
class Evidence:
    record: Record
    score: float  # fused score, higher is better
    similarity: float  # cosine similarity of the chunk to the question
    rank: int

    @property
    def role(self) -> str:
        return self.record.role

    @property
    def text(self) -> str:
        return self.record.text


def heading_match(section: str, hints: list[str]) -> bool:
    """Does the deepest heading of a section path contain all words of any hint?"""
    heading = section.split(" › ")[-1].lower()
    return any(all(w in heading for w in hint.split()) for hint in hints)


# Small numbers spelt out read as their digits: "five-day weeks" is "5 day weeks".
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


def tokenize(text: str) -> list[str]:
    return [_NUMBER_WORDS.get(t, t) for t in _TOKEN.findall(text.lower().replace("’", "'")) if t not in _STOPWORDS]


class Retriever:
    """Holds the BM25 side for one index generation, so it is built once, not per question."""

    def __init__(self, index: Index, embedder: Embedder, candidates: int = 30, rrf_k: int = 60) -> None:
        from rank_bm25 import BM25Okapi

        self.index = index
        self.embedder = embedder
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.by_id = {r.id: r for r in index.records}
        self._positions = {r.id: i for i, r in enumerate(index.records)}
        corpus = [tokenize(r.embedding_text) for r in index.records] or [[""]]
        self.bm25 = BM25Okapi(corpus)
        self._by_role: dict[str, list[int]] = {}
        self._by_source: dict[str, list[int]] = {}
        for i, r in enumerate(index.records):
            self._by_role.setdefault(r.role, []).append(i)
            self._by_source.setdefault(r.source, []).append(i)
        self._vectors: dict[str, object] = {}

    def search(self, question: str, k: int, roles: list[str] | None = None,
               embedding: list[float] | None = None, topics: list[str] | None = None,
               headings: list[str] | None = None) -> list[Evidence]:
        """Top-k evidence for the question, only from `roles` when given, chunks on `topics` boosted.

        Three rankings are fused: vector similarity, BM25, and (when topics are known) the role's chunks on
        those topics ordered by similarity — so "what does it pay" finds the pay line even when its words
        share nothing with the question. `headings` (words a sub-heading must contain, e.g. "advancement")
        put the chunks under such a heading first in that third ranking.
        """
        if not self.index.records:
            return []
        embedding = embedding or self.embedder.embed_one(question)
        vector = self.index.query(embedding, self.candidates, roles)
        similarity = dict(vector)
        lexical = self._bm25(question, roles)
        rankings = [[cid for cid, _ in vector], lexical]
        if topics and roles:
            on_topic = [r.id for role in roles for t in topics for r in self.records_for(role, t)]
            if on_topic:
                missing_ids = [cid for cid in dict.fromkeys(on_topic) if cid not in similarity]
                similarity.update(self.similarities(embedding, missing_ids) if missing_ids else {})
                rankings.append(sorted(dict.fromkeys(on_topic), key=lambda cid: (
                    not heading_match(self.by_id[cid].section, headings or []), -similarity.get(cid, 0.0))))
        fused: dict[str, float] = {}
        for ranking in rankings:
            for rank, cid in enumerate(ranking):
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        missing = [cid for cid in fused if cid not in similarity]
        if missing:
            similarity.update(self.similarities(embedding, missing))
        ordered = sorted(fused, key=lambda cid: (-fused[cid], -similarity.get(cid, 0.0)))[:k]
        return [Evidence(self.by_id[cid], fused[cid], similarity.get(cid, 0.0), i + 1) for i, cid in enumerate(ordered)]

    def similarities(self, embedding: list[float], ids: list[str]) -> dict[str, float]:
        """Cosine similarity of chunks to a query embedding, read from the stored vectors."""
        import numpy as np

        missing = [i for i in ids if i not in self._vectors]
        if missing:
            got = self.index.collection.get(ids=missing, include=["embeddings"])
            for cid, vector in zip(got["ids"], got["embeddings"]):
                self._vectors[cid] = np.asarray(vector, dtype=np.float32)
        present = [i for i in ids if i in self._vectors]
        if not present:
            return {}
        matrix = np.stack([self._vectors[i] for i in present])  # type: ignore[arg-type]
        return dict(zip(present, (matrix @ np.asarray(embedding, dtype=np.float32)).tolist()))

    def records_of_source(self, source: str) -> list[Record]:
        return [self.index.records[i] for i in self._by_source.get(source, [])]

    def rank_within(self, question: str, embedding: list[float], records: list[Record], topics: list[str],
                    prefer_level: str = "") -> list[Evidence]:
        """Rank one role's passages: meaning, words and topic, fused by reciprocal rank."""
        if not records:
            return []
        similarity = self.similarities(embedding, [r.id for r in records])
        by_sim = sorted(records, key=lambda r: -similarity.get(r.id, 0.0))
        rankings = [[r.id for r in by_sim]]
        tokens = tokenize(question)
        if tokens:
            positions = [self._positions[r.id] for r in records]
            scores = self.bm25.get_batch_scores(tokens, positions)
            rankings.append([self.index.records[i].id for i, s in sorted(zip(positions, scores), key=lambda p: -p[1])
                             if s > 0])
        if topics:
            rankings.append([r.id for r in by_sim if set(topics) & set(r.topics)])
        if prefer_level:
            rankings.append([r.id for r in by_sim if r.level == prefer_level])
        fused: dict[str, float] = {}
        for ranking in rankings:
            for rank, cid in enumerate(ranking):
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        ordered = sorted(fused, key=lambda cid: (-fused[cid], -similarity.get(cid, 0.0)))
        return [Evidence(self.by_id[cid], fused[cid], similarity.get(cid, 0.0), i + 1) for i, cid in enumerate(ordered)]

    def records_for(self, role: str, topic: str) -> list[Record]:
        """Every chunk of a role that covers a topic, in document order (for strict topics like pay)."""
        return [self.index.records[i] for i in self._by_role.get(role, []) if topic in self.index.records[i].topics]

    def _bm25(self, question: str, roles: list[str] | None) -> list[str]:
        tokens = tokenize(question)
        if not tokens:
            return []
        if roles:
            positions = [i for role in roles for i in self._by_role.get(role, [])]
        else:
            positions = list(range(len(self.index.records)))
        if not positions:
            return []
        scores = self.bm25.get_batch_scores(tokens, positions)
        ranked = sorted(zip(positions, scores), key=lambda p: -p[1])[: self.candidates]
        return [self.index.records[i].id for i, s in ranked if s > 0]

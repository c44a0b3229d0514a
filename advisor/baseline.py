"""The naive LangChain tutorial pipeline, kept as a yardstick for benchmarks and evals.

RecursiveCharacterTextSplitter(1000, 200) over each document's text, vector similarity k=4 with the same
embedding model, answer = the top chunk. Also BM25 alone over the same chunks, and a stronger naive variant
(`shown_chunks`): the top 4 chunks shown extractively, or nothing when even the best is below a similarity
floor — so a comparison shows what a pipeline adds beyond answer format and abstention.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from advisor.documents import discover, load_document
from advisor.embeddings import Embedder
from advisor.retrieve import tokenize


@dataclass(frozen=True)
class Hit:
    text: str
    source: str
    score: float


class NaivePipeline:
    def __init__(self, paths: list[Path], embedder: Embedder, max_bytes: int = 5_000_000) -> None:
        import numpy as np
        from langchain_text_splitters import RecursiveCharacterTextSplitter
        from rank_bm25 import BM25Okapi

        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        self.chunks: list[tuple[str, str]] = []
        for file in discover(paths)[0]:
            doc = load_document(file, file.name, max_bytes)
            self.chunks.extend((piece, doc.source) for piece in splitter.split_text(doc.body))
        self.embedder = embedder
        self.vectors = np.asarray(embedder.embed([c[0] for c in self.chunks]), dtype=np.float32)
        self.bm25 = BM25Okapi([tokenize(c[0]) or [""] for c in self.chunks])

    def vector_search(self, question: str, k: int = 4) -> list[Hit]:
        import numpy as np

        sims = self.vectors @ np.asarray(self.embedder.embed_one(question), dtype=np.float32)
        order = np.argsort(-sims)[:k]
        return [Hit(self.chunks[i][0], self.chunks[i][1], float(sims[i])) for i in order]

    def bm25_search(self, question: str, k: int = 4) -> list[Hit]:
        scores = self.bm25.get_scores(tokenize(question) or [""])
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [Hit(self.chunks[i][0], self.chunks[i][1], float(scores[i])) for i in order]

    def shown_chunks(self, question: str, floor: float, k: int = 4) -> tuple[list[Hit], bool]:
        """The stronger naive answer: the top `k` chunks, and whether it abstains (best similarity < floor)."""
        hits = self.vector_search(question, k)
        return hits, not hits or hits[0].score < floor

    def answer(self, question: str) -> str:
        """The tutorial's answer: the top chunk, verbatim."""
        hits = self.vector_search(question, 1)
        return hits[0].text if hits else ""

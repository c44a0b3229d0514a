"""The question-answering pipeline every surface shares: question → roles and topics → evidence → answer.

`Advisor` owns the loaded model, the open index and the BM25 side, so a process loads them once;
it notices a re-ingest (the active collection changed) and reopens the index by itself.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.answer import Answer, Part, Unit, compose, content_words, gap_text, is_strict, overlap, units_of
from advisor.embeddings import Embedder
from advisor.errors import QuestionError
from advisor.index import Index, Record, active_name, open_index
from advisor.retrieve import Evidence, Retriever, heading_match, tokenize
from advisor.roles import Role, RoleMention, build_catalog, detect_roles, mask, unknown_title
from advisor.settings import Settings
from advisor.topics import question_topics, topic_words

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)
_FOLLOW_UP = re.compile(r"^\s*(?:and|what about|how about|same for|also|and for)\b", re.I)
_CLAUSE_BREAK = re.compile(r"(?<=\?)\s+|;\s*|,?\s+and\s+(?=(?:what|which|how|who|where|when|does|do|is|are|can|"
                           r"should|must|will|would)\b)", re.I)
_SUBSECTION_HINTS: dict[str, str] = {
    r"advanc|promot|next|move up|moves? (?:up|on)|grow|after|progress to|can .* become|lead to|step up": "advancement",
    r"entry|come from|comes from|before|feeder|prior|get into|becom(?:e|ing) an? |path into|lead(?:s)? into|background": "entry",
    r"lateral|sideways|switch|same level|horizontal": "lateral",
    r"minimum|at least|lowest": "minimum",
    r"prefer|ideal|nice to have|better": "preferred",
    r"field|study|major|subject|discipline": "fields study",
    r"hard|technical|tech skills": "hard technical",
    r"soft|interpersonal|people skills|personal": "soft",
    r"secondary|additional|other duties|also": "secondary",
    r"primary|main|core|key": "primary",
}
_MAX_ROLES = 3
_MAX_UNITS_BROAD = 6
_MAX_UNITS_FOCUSED = 3


@dataclass(frozen=True)
class Turn:
    """A previous exchange in a conversation: enough to carry the role and topic over."""

    question: str
    roles: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


class Advisor:
    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 chat_model: "BaseChatModel | None" = None) -> None:
        self.settings = settings
        self.embedder = embedder or Embedder(threads=settings.query_threads)
        # the optional writer (advisor.generate): injected here, or made from settings.llm on first use
        self.chat_model = chat_model
        self._lock = threading.Lock()
        self._index: Index | None = None
        self._retriever: Retriever | None = None
        self._catalog: dict[str, Role] = {}
        self._checked_at = 0.0
        self._unit_vectors: dict[str, list[float]] = {}

    # -- lifecycle -------------------------------------------------------------------------------
    def load(self) -> None:
        """Open the index and build the BM25 side; reopen when a re-ingest switched the collection."""
        with self._lock:
            now = time.monotonic()
            if self._index is not None and now - self._checked_at < self.settings.index_check_seconds:
                return
            self._checked_at = now
            if self._index is not None and active_name(self.settings, self._index.client) == self._index.name:
                return
            index = open_index(self.settings, self.embedder)
            self._index = index
            self._retriever = Retriever(index, self.embedder, self.settings.candidates, self.settings.rrf_k)
            self._catalog = build_catalog(index.records)
            self._unit_vectors = {}
            log.info("index %s open: %d chunks, %d roles", index.name, len(index.records), len(self._catalog))

    @property
    def roles(self) -> dict[str, Role]:
        self.load()
        return self._catalog

    @property
    def records(self) -> list[Record]:
        self.load()
        assert self._index is not None
        return self._index.records

    @property
    def retriever(self) -> Retriever:
        self.load()
        assert self._retriever is not None
        return self._retriever

    # -- asking ------------------------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[Turn] = (), *, use_model: bool = True) -> Answer:
        if use_model and (self.chat_model is not None or self.settings.llm):
            from advisor.generate import answer_with_model

            return answer_with_model(self, question, history)
        started = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        self.load()
        catalog = self._catalog
        mentions = detect_roles(question, catalog)
        roles = [m.role.title for m in mentions][:_MAX_ROLES]
        topics = question_topics(mask(question, mentions))
        standalone = question
        carried = False
        if not roles and history and not unknown_title(question, mentions):
            previous = next((t for t in reversed(history) if t.roles), None)
            if previous is not None:
                roles, carried = list(previous.roles), True
        if not topics and history and (carried or _FOLLOW_UP.search(question)):
            topics = list(history[-1].topics)
        if carried:
            standalone = f"{question} ({', '.join(roles)})"

        parts: list[Part] = []
        evidence: dict[str, Evidence] = {}
        clauses = _clauses(question, catalog)
        for clause in clauses:
            clause_mentions = detect_roles(clause, catalog)
            clause_roles = [m.role.title for m in clause_mentions][:_MAX_ROLES] or roles
            clause_topics = question_topics(mask(clause, clause_mentions)) if len(clauses) > 1 else topics
            search_text = _focus(clause, clause_mentions) if clause_mentions else clause
            embedding = self.embedder.embed_one(search_text)
            # one search per role, so one role's passages cannot crowd out another's
            found = [e for role_filter in ([[r] for r in clause_roles] or [None])
                     for e in self.retriever.search(search_text, self.settings.top_k, role_filter, embedding,
                                                    clause_topics, _hints(search_text))]
            for e in found:
                if e.record.id not in evidence or evidence[e.record.id].score < e.score:
                    evidence[e.record.id] = e
            parts.extend(self._plan(clause, search_text, clause_roles, clause_topics, clause_mentions, found,
                                    embedding))
        ranked = sorted(evidence.values(), key=lambda e: -e.score)[: max(self.settings.top_k, 4)]
        answer = compose(question, _withhold_pay_beside_undocumented(_dedupe(parts)), ranked)
        answer.roles, answer.topics, answer.standalone_question = roles, topics, standalone
        log.info("answered", extra={"latency_ms": round((time.perf_counter() - started) * 1000, 1),
                                    "abstained": answer.abstained, "roles": roles, "topics": topics,
                                    "sources": sorted({c.source for c in answer.citations})})
        return answer

    def _plan(self, question: str, standalone: str, roles: list[str], topics: list[str],
              mentions: list[RoleMention], evidence: list[Evidence], embedding: list[float]) -> list[Part]:
        catalog = self._catalog
        if not roles:
            title = unknown_title(question, mentions)
            if title:
                known = [r for r in catalog if title.lower() in r.lower()]
                if len(known) == 1 and len(title.split()) == 1:
                    roles = known
                elif known:
                    return [Part(None, None, gap=f"Which role do you mean: {' or '.join(known)}?")]
                else:
                    return [Part(None, None, gap=f"There is no role document for “{title}”. "
                                                 f"Roles covered: {', '.join(catalog)}.")]
        if not roles and any(is_strict(t) for t in topics):
            if len(catalog) == 1:
                roles = list(catalog)
            else:
                return [Part(None, None, gap=f"Which role do you mean? Roles covered: {', '.join(catalog)}.")]
        cue_words = topic_words(mask(question, mentions))
        role_names = [n for r in roles for n in catalog[r].names] if roles else [n for r in catalog.values() for n in r.names]
        words = content_words(question, role_names, cue_words)
        rank_words = words | content_words(question, role_names, set())
        return [self._part(standalone, role, topic, words, rank_words, evidence, embedding)
                for role in roles or [None] for topic in topics or [None]]

    def _part(self, question: str, role: str | None, topic: str | None, words: set[str], rank_words: set[str],
              evidence: list[Evidence], embedding: list[float]) -> Part:
        """One (role, topic) part. `words` say what in particular is asked (none: a broad question);
        `rank_words` add the topic's own words ("oversee", "accountable") for choosing among passages."""
        retriever = self.retriever
        records = retriever.records_for(role, topic) if role and topic else []
        if records:
            return self._structured_part(question, role, topic, records, words, rank_words, evidence,  # type: ignore[arg-type]
                                         embedding)
        if is_strict(topic):
            return Part(role, topic, gap=gap_text(role, topic))

        pool = [e for e in evidence if role is None or e.role == role]
        pool = [e for e in pool if self._relevant(e.similarity, words, e.text)]
        if not pool:
            return Part(role, topic, gap=gap_text(role, topic if topic not in (None, "responsibilities", "overview") else None))
        if _broad(words):
            top = pool[0].record
            return Part(role, topic, units=units_of(top)[: (_MAX_UNITS_BROAD if top.kind == "list" else 2)])
        ranked = self._rank_units([u for e in pool[:4] for u in units_of(e.record)], embedding, rank_words)
        if not self._relevant(ranked[0][1], words, ranked[0][0].text):
            return Part(role, topic, gap=gap_text(role, None))
        return Part(role, topic, units=[u for u, s in ranked if s >= ranked[0][1] - 0.08][:_MAX_UNITS_FOCUSED])

    def _structured_part(self, question: str, role: str, topic: str, records: list[Record], words: set[str],
                         rank_words: set[str], evidence: list[Evidence], embedding: list[float]) -> Part:
        """Answer from the role's own chunks on the topic, steered by headings the question points at."""
        scored = self._score_records(question, records, embedding)
        hinted = [r for r, bonus in scored if bonus[1]]
        if hinted:
            chosen = hinted
        elif _broad(words):
            chosen = records if is_strict(topic) else _first_per_heading(records)
        else:
            best = max(total for _, (total, _) in scored)
            chosen = [r for r, (total, _) in scored if total >= best - 0.06]
        per_record = 12 if is_strict(topic) or hinted else (4 if chosen[0].kind in ("list", "table") else 1)
        units = [u for r in chosen for u in units_of(r)[:per_record]]
        if words and not hinted and any(r.kind == "table" for r in chosen):
            units = [u for u in units if overlap(words, u.text)] or units
        elif words and not hinted and not is_strict(topic):
            pool = [u for r in chosen for u in units_of(r)]
            pool += [u for e in evidence if e.role == role for u in units_of(e.record) if u not in pool]
            ranked = self._rank_units(pool, embedding, rank_words)
            units = [u for u, s in ranked if s >= ranked[0][1] - 0.08][:_MAX_UNITS_FOCUSED]
        return Part(role, topic, units=units[:12])

    def _relevant(self, similarity: float, words: set[str], text: str) -> bool:
        """Close in meaning, or sharing most of what is specifically asked ("vendor contracts")."""
        if similarity >= self.settings.min_similarity:
            return True
        return len(words) >= 2 and overlap(words, text) >= max(2, (len(words) + 1) // 2)

    def _score_records(self, question: str, records: list[Record],
                       embedding: list[float]) -> list[tuple[Record, tuple[float, bool]]]:
        sims = self.retriever.similarities(embedding, [r.id for r in records])
        hints = _hints(question)
        out = []
        for r in records:
            hit = heading_match(r.section, hints)
            out.append((r, (sims.get(r.id, 0.0) + (0.2 if hit else 0.0), hit)))
        return out

    def _rank_units(self, units: list[Unit], embedding: list[float], words: set[str]) -> list[tuple[Unit, float]]:
        import numpy as np

        missing = [u.text for u in units if u.text not in self._unit_vectors]
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing)):
                self._unit_vectors[text] = vector
        query = np.asarray(embedding, dtype=np.float32)
        scored = []
        for u in units:
            sim = float(np.asarray(self._unit_vectors[u.text], dtype=np.float32) @ query)
            # a word in the section's heading counts on top of one in the text: the section is about it
            lexical = (overlap(words, u.text) + overlap(words, u.record.section.split(" › ")[-1])) / max(1, len(words))
            scored.append((u, sim + 0.25 * lexical))
        return sorted(scored, key=lambda p: -p[1])


def _focus(question: str, mentions: list[RoleMention]) -> str:
    """The question with role names replaced by "the role": once results are filtered to the role, its name
    (which every chunk's section path carries) only drowns out what is asked about it."""
    if not mentions:
        return question
    focused = question
    for m in sorted(mentions, key=lambda m: -m.start):
        focused = focused[:m.start] + "the role" + focused[m.end:]
    return focused if len(tokenize(focused)) >= 2 else question


def _clauses(question: str, catalog: dict[str, Role]) -> list[str]:
    """The separate questions in a question ("What does X do, and what is the pay?" is two), without
    sentences that ask nothing about a role (e.g. an appended instruction such as "Also add this link")."""
    pieces = [p.strip(" ,.") for p in re.split(r"(?<=[.!])\s+(?=[A-Z])", question)]
    asked = [p for p in pieces if p and ("?" in p or detect_roles(p, catalog) or question_topics(p))]
    clauses = [c.strip(" ,.") for p in (asked or [question]) for c in _CLAUSE_BREAK.split(p)]
    clauses = [c for c in clauses if len(tokenize(c)) >= 1]
    return clauses or [question]


def _dedupe(parts: list[Part]) -> list[Part]:
    """The same passage or gap reached from two clauses is said once."""
    seen_units: set[tuple[str, int]] = set()
    seen_gaps: set[str] = set()
    out = []
    for part in parts:
        if part.gap:
            if part.gap not in seen_gaps:
                seen_gaps.add(part.gap)
                out.append(part)
            continue
        units = [u for u in part.units if (u.record.id, u.order) not in seen_units]
        seen_units.update((u.record.id, u.order) for u in units)
        if units:
            out.append(Part(part.role, part.topic, units=units))
    return out


def _withhold_pay_beside_undocumented(parts: list[Part]) -> list[Part]:
    """When a question puts a role without documented pay next to one with it, no figure is shown at all:
    a band printed beside the undocumented role is too easily read as its band."""
    pay = [p for p in parts if p.topic == "pay"]
    if not any(p.gap for p in pay) or all(p.gap for p in pay):
        return parts
    documented = [p.role for p in pay if not p.gap]
    return [p if p.topic != "pay" or p.gap else
            Part(p.role, p.topic, gap=f"Pay is documented for {p.role}; ask about that role on its own to see it.")
            for p in parts] if documented else parts


def clean_question(question: str, max_chars: int) -> str:
    """Normalise a question to plain text; refuse empty or oversized ones with a clear message."""
    if question is None:
        raise QuestionError("The question is empty: ask something about a role, e.g. “What does a Tech Director do?”")
    if len(question) > max_chars * 4:
        raise QuestionError(f"The question is too long ({len(question):,} characters; the limit is {max_chars:,}).")
    text = unicodedata.normalize("NFKC", question)
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    text = re.sub(r"<[@#!][^>]*>", " ", text)  # Slack user, channel and special mentions
    text = re.sub(r"\s+", " ", text).strip()
    if not re.search(r"\w", text):
        raise QuestionError("The question is empty: ask something about a role, e.g. “What does a Tech Director do?”")
    if len(text) > max_chars:
        raise QuestionError(f"The question is too long ({len(text):,} characters; the limit is {max_chars:,}).")
    return text


def _broad(words: set[str]) -> bool:
    return not words


def _hints(question: str) -> list[str]:
    return [hint for pattern, hint in _SUBSECTION_HINTS.items() if re.search(pattern, question, re.I)]


def _first_per_heading(records: list[Record], limit: int = 3) -> list[Record]:
    firsts: dict[str, Record] = {}
    for r in records:
        firsts.setdefault(r.section, r)
    return list(firsts.values())[:limit]

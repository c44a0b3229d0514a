"""The question-answering pipeline every surface shares: question → roles and topics → evidence → answer.

`Advisor` owns the loaded model, the open index and the BM25 side, so a process loads them once;
it notices a re-ingest (the active collection changed) and reopens the index by itself.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor import lexicon as lx
from advisor.answer import Answer, compose, gap_text
from advisor.parts import Part, Unit, overlap, under_own_name, units_of
from advisor.conversation import small_talk_reply
from advisor.embeddings import Embedder
from advisor.errors import QuestionError
from advisor.index import Index, active_name, open_index
from advisor.records import Record
from advisor.retrieve import Evidence, Retriever, tokenize
from advisor.roles import Role, build_catalog, code_said
from advisor.settings import Settings
from advisor.text import cells, words_within
from advisor.titles import ROMAN, expand_abbreviations, singular
from advisor.topics import (STRICT, TopicModel, answers, broad, direction, evidence_topics, figure_reads_as_pay,
                            gives_years, pay_scale_only, says, states, text_direction)
from advisor.understand import NEEDED_KINDS, Query, Turn, asks_pay_policy, gives, understand

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

_SUMMARY_CHARS = 320  # how much of a role's summary paragraph leads a broad answer ("what does X do?")
_SAME_PASSAGE_MARGIN = 0.06  # how much less relevant a sentence of the best passage may be, and still be quoted
_AFTER_MARGIN = 0.12  # …and one after the best sentence
_FULLER_MARGIN = 0.2  # how much less relevant a line saying all another says and more may be, and still stand for it
_KIND_MARGIN = 0.3  # how much less relevant a line giving the kind of answer asked for may be, and still come first


class Advisor:
    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 chat_model: "BaseChatModel | None" = None) -> None:
        self.settings = settings
        self.embedder = embedder or Embedder.for_settings(settings, threads=settings.query_threads, remember=True)
        # the optional writer's chat model (advisor.generate.respond): injected here, or made from settings.llm on
        # first use there; the engine itself never calls it
        self.chat_model = chat_model
        self._lock = threading.Lock()
        self._index: Index | None = None
        self._retriever: Retriever | None = None
        self._catalog: dict[str, Role] = {}
        self._checked_at = 0.0
        self._unit_vectors: dict[str, list[float]] = {}
        self._topic_model: TopicModel | None = None

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

    def prepare(self) -> int:
        """Embed every passage unit and heading answers rank (as _rank_units does), so that with a remembering
        embedder (`advisor ingest`) no first question about a role pays for them later. Returns how many."""
        texts = list(dict.fromkeys(t for r in self.records for t in
                                   (*(_meaning(u) for u in units_of(r) if u.text.strip()), r.heading)))
        self._unit_vectors.update(zip(texts, self.embedder.embed(texts)))
        return len(texts)

    @property
    def topic_model(self) -> TopicModel:
        if self._topic_model is None:
            self._topic_model = TopicModel(self.embedder.embed)
        return self._topic_model

    # -- asking ------------------------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """The extractive answer: what the documents say, quoted and cited, or that they don't. The optional
        writer (advisor.generate.respond) wraps this; nothing here calls a model."""
        started = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        self.load()
        catalog = self._catalog
        embedding = self.embedder.embed_one(question)
        query = understand(question, catalog, history, self.topic_model.scores(embedding), self._says)
        if query.small_talk:
            return Answer(question=question, answer=small_talk_reply(query.small_talk), abstained=False,
                          path="small-talk")
        parts: list[Part] = []
        evidence: list[Evidence] = []
        roles = list(query.roles)
        code = re.findall(r"[a-z]+|\d+", (query.unknown_level or "").lower())  # "CN-52" → cn, 52
        if code and roles and all(not r.levels for r in roles) and any(
                code_said(code, r.text) for role in roles for r in self._records_of(role)):
            # a grade the role's own text names ("For the CN-52 you must have …"), though no ladder lists it
            query = dataclasses.replace(query, unknown_level=None, focus=query.focus | set(code))
        if query.unknown_level:
            names = sorted({lv for r in (roles or catalog.values()) for lv in r.levels})
            named = dict.fromkeys(self._family(r.sources[0]).title if r.level else r.title for r in roles)
            parts.append(Part(None, None, gap=(f"The {' or '.join(named)} documents don't describe "
                                               "that level or grade." if roles else
                                               f"None of the documents describe a level called “{query.unknown_level}”.")
                              + (f" Levels documented: {', '.join(names[:12])}." if names and roles else "")))
            roles = []
        elif not roles and query.ambiguous:
            found = self.retriever.search(question, self.settings.top_k, None, embedding, list(query.topics))
            sources = [e.record.source for e in found[:4]]
            # the evidence settles it only when it is unanimous and the question is not about a figure or a
            # requirement that could be read as the other role's
            strict = any(t in STRICT for t in query.topics)
            leaders = [r for r in query.ambiguous if len(sources) >= 4 and sources.count(r.sources[0]) == len(sources)
                       and not strict and not query.carried]  # "the other one" of several: ask, never guess
            if leaders:
                roles = leaders[:1]
            else:
                names = [r.title for r in query.ambiguous]
                listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) <= 6 else \
                    ", ".join(names[:6]) + f" and {len(names) - 6} more"
                parts.append(Part(None, None, gap=f"Which role do you mean: {listed}?", clarify=True))
                evidence.extend(found)
        elif not roles and query.unknown_title:
            parts.append(Part(None, None, gap=f"There is no role document for “{query.unknown_title}”. "
                                              f"Roles covered: {_role_list(catalog)}."))
        elif not roles:
            # of the organisation named ("how much time off does 2i2c recommend?"), its documents only: the one
            # whose passage answers best
            within = list(query.org_roles) or None
            found = self.retriever.search(question, self.settings.top_k, within, embedding, list(query.topics))
            evidence.extend(found)
            sources = [e.record.source for e in found[:4]]
            if found and (sources.count(sources[0]) >= 3 or (within and sources.count(sources[0]) >= 2)):
                roles = [self._family(sources[0])]
            elif len(catalog) == 1:
                roles = list(catalog.values())
            else:
                options = list(dict.fromkeys(self._family(s).title for s in sources))[:4]
                parts.append(Part(None, None, gap="Which role do you mean? "
                                  + (f"For example: {', '.join(options)}." if options else
                                     f"Roles covered: {_role_list(catalog)}."), clarify=True))
        # within a role, passages are ranked by what is asked about it, not by the role's name repeated in them
        asked = self.embedder.embed_one(query.asked) if roles and query.asked and re.search(r"\w", query.asked) \
            else embedding
        unstated = next((said for r in roles if not r.levels and not r.level
                         for said in [_unstated_level(question, self._records_of(r))] if said), None)
        if unstated:  # "a developer level 2" of a posting for level 3
            parts.append(Part(None, None, gap=f"The {' or '.join(r.title for r in roles)} documents don't describe "
                                              f"“{unstated[0]}”; they name only {', '.join(unstated[1])}."))
            roles = []
        for role in roles:
            for topic in (query.topics if len(query.topics) > 1 else query.topics[:1] or (None,)):
                part, found = self._answer_role(query, role, topic, embedding, asked)
                if topic == "education" and part.gap and "experience" not in query.topics \
                        and query.qualifications:  # "can I qualify?" of a role requiring years, no degree
                    instead, also = self._answer_role(query, role, "experience", embedding, asked)
                    if not instead.gap:
                        part, found = instead, also
                parts.append(part)
                evidence.extend(found)
        parts = _withhold_pay_beside_undocumented(_dedupe(parts))
        answer = compose(question, parts, _unique(evidence))
        answer.roles = [r.title for r in roles]
        answer.topics = list(query.topics)
        answer.standalone_question = f"{question} ({', '.join(answer.roles)})" if query.carried else question
        answer.candidates = [r.title for r in query.candidates]
        log.info("answered", extra={"latency_ms": round((time.perf_counter() - started) * 1000, 1),
                                    "abstained": answer.abstained, "roles": answer.roles, "topics": answer.topics,
                                    "sources": sorted({c.source for c in answer.citations})})
        return answer

    def _family(self, source: str) -> Role:
        return next(r for r in self._catalog.values() if not r.level and source in r.sources)

    def _adjacent_level(self, role: Role, way: str | None) -> Part | None:
        """Where no passage states a career step, the ladder's order does: the level after this one (or before
        it, asked which way in), quoted from that level's own first passage."""
        if not role.level or role.rank < 0:
            return None
        step = -1 if way == "into" else 1
        beside = next((r for r in self._catalog.values() if r.level and r.sources == role.sources
                       and r.rank == role.rank + step), None)
        if beside is None:
            return None
        records = sorted(self._records_of(beside), key=lambda r: r.position)
        own = [r for r in records if r.level == beside.level] or records
        if not own:
            return None
        name = beside.title if words_within(beside.level, beside.title) \
            else f"{beside.title} ({beside.level})"  # "Senior Budget Analyst (P3 Senior Budget Analyst)"
        return Part(role.title, "progression", units=units_of(own[0])[:1], step=name,
                    way="into" if step < 0 else "onward")

    def _says(self, role: Role, words: str) -> bool:
        """Do a role's documents use every one of these words (or a longer word they start: "prof")?"""
        wanted = [w for w in re.findall(r"[a-z]+", words.lower()) if len(w) >= 3]
        text = " ".join(r.text for r in self._records_of(role)).lower()
        return bool(wanted) and all(re.search(rf"\b{re.escape(w)}", text) for w in wanted)

    def _records_of(self, role: Role) -> list[Record]:
        return [r for r in self.retriever.records_of_source(role.sources[0])
                if not role.level or r.level in ("", role.level)]

    def _answer_role(self, query: Query, role: Role, topic: str | None,
                     embedding: list[float], asked: list[float]) -> tuple[Part, list[Evidence]]:
        """One (role, topic) part: the role's passages ranked by meaning, words and topic; answered only when a
        passage of this role (or level) states what is asked."""
        records = self._records_of(role)
        if not records:
            return Part(role.title, topic, gap=gap_text(role.title, topic)), []
        ranked = self.retriever.rank_within(query.text, embedding, records, [topic] if topic else [],
                                            prefer_level=role.level)
        top = ranked[:6]
        if role.is_family and topic == "pay":
            ladder = self._level_table(records)
            if ladder:
                return Part(role.title, topic, units=ladder), top
        # a short document is read whole; a long one from its best-ranked passages
        pool = list(records) if len(records) <= 30 else [e.record for e in ranked[:10]]
        if topic in STRICT:  # every passage of the role that states the topic, wherever it sits
            pool += [r for r in records if r not in pool and answers(topic, r.text)]
        if query.kind:  # and every passage giving the kind of answer asked for ("Grade: PO4")
            pool += [r for r in records if r not in pool and any(gives(query.kind, u.text) for u in units_of(r))]
        units = [u for r in pool for u in units_of(r)]
        if query.kind in NEEDED_KINDS and not any(gives(query.kind, u.text) for u in units):
            # "what grade is X?" is answered by a grade, and no other line of the role's documents stands in for it
            return Part(role.title, topic, gap=gap_text(role.title, topic)), top
        mixed = [(a + e) / 2 for a, e in zip(asked, embedding)] if asked is not embedding else embedding
        scored = self._rank_units(units, mixed, query.focus, topic, role.level,
                                  query.direction if topic == "progression" else None, query.kind, query.counted,
                                  role.levels, _modal_kinds(query.text))
        if query.set_aside:  # "(not DWP)": a line about what the question sets aside goes last
            aside = [_names_any(query.set_aside, u.text) for u, _ in scored]
            scored = [p for p, a in zip(scored, aside) if not a] + [p for p, a in zip(scored, aside) if a]
        if not scored:
            return Part(role.title, topic, gap=gap_text(role.title, topic)), top
        answerable = len(scored)
        if topic in STRICT:
            policy = topic == "pay" and asks_pay_policy(query)
            # pay, education and experience need the amount, degree or years in the text; other topics may be
            # stated by the section the passage sits in (a list under "Entry Points" or "Benefits")
            # "fields of study" by its section's heading; pay by an amount
            named = {r.id for r in pool if query.focus and topic in r.topics and topic != "pay"
                     and overlap(set(query.focus), r.section_heading)}
            stating = [(u, s) for u, s in scored if answers(topic, _meaning(u)) or u.record.id in named
                       # "PAYBAND: Band A" answers "which pay band", "four levels of progression" "how many levels"
                       or (query.kind == "grade" and gives("grade", u.text))
                       or (query.kind == "count" and query.counted and gives("count", u.text, query.counted))
                       # "how long is the contract": "12 month contract with possible extensions"
                       or (topic == "workplace" and query.kind in ("duration", "place") and gives(query.kind, u.text))
                       or (topic not in ("pay", "education", "experience")  # a run of fields states line by line
                           and ((topic in u.record.topics and u.record.kind != "fields")
                                or states(topic, u.record.heading) or (u.record.kind == "fields"
                                                                       and states(topic, u.text))))
                       # "do they get paid extra for out of hours support?": "… (for which you'll be paid an
                       # allowance)" answers it without an amount
                       or (query.yes_no and says(topic, u.text) and overlap(set(query.focus), u.text) >= 2)
                       # how often, when, whether or how pay is set ("we review compensation every six months",
                       # "salaries are fixed for a given job title"): a line speaking of pay, no amount needed
                       or (policy and says("pay", u.text)
                           and (query.kind not in ("frequency", "date") or gives(query.kind, u.text)))]
            if topic == "pay" and not any(says("pay", f"{r.section} {r.text}") for r in records):
                # documents that never speak of pay, salary or compensation state none by a lone sum
                stating = [(u, s) for u, s in stating if figure_reads_as_pay(u.text)]
            if topic == "pay" and query.kind != "grade":  # an amount before the scale it is set on
                stating = sorted(stating, key=lambda p: pay_scale_only(_meaning(p[0])))
            if topic == "experience" and query.kind in ("count", "duration"):  # "how many years": only years do
                stating = [(u, s) for u, s in stating if gives_years(u.text)]
            if topic == "progression" and role.level and query.direction \
                    and not any(states(topic, _meaning(u)) for u, _ in stating):
                # a level's section under "Levels" is no career step; the ladder's order says which level is next
                stating = []
            if not stating:
                beside = self._adjacent_level(role, query.direction) if topic == "progression" else None
                if beside is not None:
                    return beside, top
                return Part(role.title, topic, gap=gap_text(role.title, topic)), top
            scored = stating + [p for p in scored if p not in stating]
            answerable = len(stating)
        elif topic:  # skills, responsibilities: from the sections that mean the topic or lines that say it
            meaning = [(u, s) for u, s in scored if topic in u.record.topics or states(topic, u.text)]
            scored = meaning + [p for p in scored if p not in meaning]
        best_unit, best = scored[0]
        # words the role's documents never use cannot be what a broad question turns on ("… <script> *bold*")
        focus = set(query.focus)
        if topic not in STRICT:  # for pay, benefits… a word never used ("car") means the documents don't say
            # nor does "does it need a security clearance?" when no word it asks about is ever used
            known = {w for w in focus if any(overlap({w}, f"{r.text} {r.section}") for r in records)}
            focus = known or (focus if query.yes_no and not broad(query.text) else known)
        if focus and topic != "pay":
            # what in particular is asked: a section named by it ("fields of study"), else a passage saying it
            within = scored[:min(12, answerable)]  # a strict topic: only passages stating it
            # a section named by what is asked, unless the best line says more of it ("every engineer reaches level
            # 3" beats a "Management Levels" table for "the minimum level every engineer should reach")
            cover = overlap(focus, f"{best_unit.text} {best_unit.record.heading}")
            # of several sections named by it, the one naming most of it ("Minimum Qualifications" for "min quals")
            by_heading = sorted(within, key=lambda p: -overlap(focus, p[0].record.section_heading))
            named_unit = next(((u, s) for u, s in by_heading if overlap(focus, u.record.section_heading)
                               and overlap(focus, f"{u.text} {u.record.heading}") >= cover), None)
            said = named_unit or (None if best >= 0.62 else next(((u, s) for u, s in within
                                                                  if overlap(focus, _less_role(u))), None))
            # "the minimum education": a word asking how binding, not for a thing, cannot be missing from the role
            if said is None and best < 0.62 and any(w not in lx.MODALS for w in focus):
                return Part(role.title, topic, gap=gap_text(role.title, topic if topic in STRICT else None)), top
            if said is not None:
                best_unit, best = said
        if not focus and topic in ("responsibilities", "overview") and (
                broad(query.text) or not role.level or best_unit.record.level != role.level):
            # "what does X do?", "tell me about X" (asked what a level does, "the impact expected of an IC2", its own
            # best line answers); asked for responsibilities by name, the duties come first, else the summary
            units, more = self._broad_units(records, duties_first=not broad(query.text))
            return Part(role.title, topic, units=units, more=more), top
        # a column named by what is asked ("scope of influence"); pay is read from the whole row
        cell = _asked_cell(query.text, sorted(scored, key=lambda p: -p[1])[:12], focus if topic != "pay" else set(),
                           records)
        if cell is not None:  # "impact score 3" of a table whose columns are scores: that row's cell
            return Part(role.title, topic, units=[cell]), top
        # "a floor of 0.625" says all that "a floor" says, and what is asked
        best_unit, best = _fuller((best_unit, best), [p for p in scored[:8] if p[1] >= best - _FULLER_MARGIN])
        # the best passage's other sentences as relevant, and those just after it a little less so (what it goes on
        # to say: "… is required. All remote work must be performed in Colorado.")
        chosen = [u for u, s in scored[:6] if u.record.id == best_unit.record.id and s >= best - (
            _AFTER_MARGIN if u.order > best_unit.order else _SAME_PASSAGE_MARGIN)][:3]
        chosen = chosen or [best_unit]
        if topic == "pay":  # asked the pay, what the passage goes on to say of other things is not the answer
            chosen = [u for u in chosen if u is best_unit or answers("pay", _meaning(u))]
        # a job's facts under its own name ("Location: Vancouver, BC", "Team: Finance", "Salary: …"): each line
        # stands alone, and asked where (when, how long) the line giving it answers
        facts = _job_facts(best_unit.record)
        one_line = facts and bool(query.kind) and gives(query.kind, best_unit.text)
        if one_line:
            chosen = [u for u in chosen if gives(query.kind, u.text)] or [best_unit]
        if topic == "pay":  # the section's other pay lines ("$58,986 to $86,255" above "The salary in the Department
            # of Water and Power is …"): all of them asked broadly, those nearly as relevant asked something in
            # particular, none the question sets aside
            margin = 0.05 if focus else float("inf")
            chosen += [u for u, s in scored[:6] if u.record.section == best_unit.record.section and s >= best - margin
                       and u.record.id not in {c.record.id for c in chosen} and answers("pay", _meaning(u))
                       and not _names_any(query.set_aside, u.text)][:2]
        first = min(chosen, key=lambda u: u.order)
        if first.order > 0 and (_CONTINUES.match(first.text) or (
                first.record.kind == "paragraph" and _REFERS_BACK.match(first.text))):
            # "OR Graduation from …" goes on from the line before, and "It is the highest level…" says of what
            chosen = [u for u in units_of(first.record) if u.order == first.order - 1] + chosen
        heading_asked = bool(focus) and overlap(focus, best_unit.record.heading) > 0
        items = units_of(best_unit.record) if best_unit.record.kind == "list" else []
        if 1 < len(items) <= 6 and all(len(u.text) <= 60 for u in items) and not one_line and not facts:
            # a short list of names (roles, degrees, tools): one item alone misleads; but asked where, a job's facts
            # ("Location: Vancouver" beside "Team" and "Salary") answer with the line giving it
            chosen = items
        if best_unit.record.kind == "list" and topic != "pay" and not one_line and (
                heading_asked or (topic and topic in best_unit.record.topics and (topic in STRICT or not focus))):
            # a short list under a heading meaning the topic is the answer, all of it (a long list is cut into
            # several chunks of one section)
            whole = [u for r in records if r.section == best_unit.record.section and r.kind == "list"
                     and r.level == best_unit.record.level for u in units_of(r)]
            if len(whole) <= 10:
                chosen = whole
            more = len(whole) - len({(u.record.id, u.order) for u in chosen} & {(u.record.id, u.order) for u in whole})
            if heading_asked or topic not in STRICT:  # the list asked for by name ("soft skills") is the answer
                # asked broadly, the role's other lists on the topic are named ("Hard Skills" beside "Soft Skills")
                also = () if focus or not topic else tuple(dict.fromkeys(
                    r.heading for r in records if topic in r.topics and r.kind == "list" and r.heading
                    and r.section != best_unit.record.section and r.level == best_unit.record.level))[:3]
                return Part(role.title, topic, units=chosen, more=more, also=also), top
            # a second list of the same topic scoring nearly as well ("Minimum" beside "Preferred" education)
            parent = best_unit.record.section.rsplit(" › ", 1)[0]
            for unit, score in scored:
                record = unit.record
                if record.id in {u.record.id for u in chosen} or record.kind != "list" or topic not in record.topics \
                        or (topic in ("education", "experience") and not states(topic, unit.text)) \
                        or (query.direction and direction(record.heading, heading=True)
                            != query.direction):
                    continue
                sibling = record.section.rsplit(" › ", 1)[0] == parent
                second = units_of(record)
                # asked broadly ("what education is expected"), a sibling list stating it too belongs to the
                # answer; asked something in particular ("minimum"), only one scoring nearly as well
                margin = (0.15 if focus else 1.0) if sibling else 0.05
                if score >= best - margin and len(second) <= 8:
                    chosen = sorted([*chosen, *second], key=lambda u: (u.record.position, u.order))
                if focus or len({u.record.id for u in chosen}) >= 3:
                    break
        return Part(role.title, topic, units=sorted(chosen, key=lambda u: (u.record.position, u.order))), top

    @staticmethod
    def _level_table(records: list[Record]) -> list[Unit]:
        """A family's pay, level by level in ladder order: the first line stating pay of each level."""
        by_level: dict[str, Unit] = {}
        for record in sorted((r for r in records if r.level), key=lambda r: (r.level_rank, r.position)):
            if record.level not in by_level:
                stating = [u for u in units_of(record) if states("pay", _meaning(u))]
                if stating:
                    by_level[record.level] = stating[0]
        return list(by_level.values()) if len(by_level) >= 2 else []

    def _broad_units(self, records: list[Record], duties_first: bool = False) -> tuple[list[Unit], int]:
        """"What does X do?": the role's summary (its first sentences), then its first list of responsibilities
        (the list first when the question asks for responsibilities by name); with how many items of that list
        are left out."""
        lists = [r for r in records if r.kind == "list" and "responsibilities" in r.topics]
        summary = [r for r in records if r.kind == "paragraph" and ("overview" in r.topics or "responsibilities" in r.topics)]
        head: list[Unit] = []
        for unit in units_of(summary[0]) if summary else []:
            if head and sum(len(u.text) for u in head) + len(unit.text) > _SUMMARY_CHARS:
                break
            head.append(unit)
        whole = [u for r in records if lists and r.kind == "list" and r.section == lists[0].section for u in units_of(r)]
        duties = units_of(lists[0])[:6] if lists else []
        units = [*duties, *head] if duties_first and duties else [*head, *duties]
        return (units, len(whole) - len(duties)) if units else (units_of(records[0])[:3], 0)

    def _rank_units(self, units: list[Unit], embedding: list[float], focus: frozenset[str], topic: str | None,
                    level: str, way: str | None = None, kind: str | None = None,
                    counted: str = "", levels: tuple[str, ...] = (),
                    modal: frozenset[str] = frozenset()) -> list[tuple[Unit, float]]:
        import numpy as np

        # a sentence a long paragraph's next piece opens with again (documents._split_long) counts once, where it
        # was first said
        first_said: dict[tuple[str, str, str], Unit] = {}
        for u in units:
            # a line only naming the role or its section ("M3 Engineering Manager" atop its page) says nothing of it
            if u.text.strip() and not words_within(u.text, f"{u.record.role} {u.record.section}"):
                first_said.setdefault((u.record.source, u.record.section, u.text.strip()), u)
        units = list(first_said.values())
        if not units:
            return []
        headings = {u.record.id: u.record.heading for u in units}
        heading_modal = {h: _modal_kinds(h) for h in set(headings.values())} if len(modal) == 1 else {}
        meanings = [_meaning(u) for u in units]
        missing = list(dict.fromkeys(t for t in [*meanings, *headings.values()] if t not in self._unit_vectors))
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing)):
                self._unit_vectors[text] = vector
        query = np.asarray(embedding, dtype=np.float32)
        words = set(focus)
        scored = []
        for u, meaning in zip(units, meanings):
            heading = headings[u.record.id]
            # what the passage says, and what its heading says it is ("Advancement To" for "promoted to")
            sim = float(np.asarray(self._unit_vectors[meaning], dtype=np.float32) @ query) \
                + 0.3 * float(np.asarray(self._unit_vectors[heading], dtype=np.float32) @ query)
            lexical = (overlap(words, _less_role(u)) + 0.5 * overlap(words, heading)) / max(1, len(words))
            bonus = 0.0
            if topic and (topic in u.record.topics):
                bonus += 0.08
            if topic in ("skills", "responsibilities") and evidence_topics(u.text) & {"education", "experience"}:
                bonus -= 0.05  # "a Bachelor's Degree in Communications" is no communication skill
            if topic and states(topic, meaning):
                bonus += 0.15 if topic in ("pay", "experience", "education") else 0.05
            if level and (u.record.level == level or _row_of(u, level)):
                bonus += 0.1
            if len(modal) == 1:  # "the minimum education" is not under "Desirable", "nice to have" not "Essential"
                under = heading_modal[heading]
                if len(under) == 1 and under != modal:
                    bonus -= 0.12
            if way:  # "what leads into X" wants the entry list, "what comes after X" the advancement one
                said = direction(heading, heading=True)
                bonus += 0.15 if said == way else -0.1 if said else 0.0
                stated = text_direction(u.text)  # "often promoted to …" beside "many join from …" under one heading
                bonus += 0.1 if stated == way else -0.05 if stated else 0.0
                # a line about the level's own step ("Incumbents of Clerk I advance to Clerk II"): onward it names
                # the level first, into it names it after another ("Clerk I advance to Clerk II" for Clerk II)
                named = _levels_named(u.text, levels) if level else []
                if level in named and (named[0] == level) == (way == "onward"):
                    bonus += 0.1
            scored.append((u, sim + 0.3 * lexical + bonus))
        scored.sort(key=lambda p: -p[1])
        if kind and scored:  # "how often" is answered by a line saying how often, if one is nearly as relevant
            margin = float("inf") if kind in NEEDED_KINDS else _KIND_MARGIN  # a grade, however it is worded
            giving = [p for p in scored if gives(kind, p[0].text, counted) and p[1] >= scored[0][1] - margin]
            scored = giving + [p for p in scored if p not in giving]
        return scored


# A labelled line of a job's facts ("Location: Vancouver, BC", "Team: Finance").
_LABELLED = re.compile(r"^[A-Z][\w /&'’-]{1,30}:\s+\S")


def _job_facts(record: Record) -> bool:
    """A list of labelled lines under the role's own name (or no heading): a posting's facts box."""
    return record.kind == "list" and under_own_name(record) and all(_LABELLED.match(u.text) for u in units_of(record))


# A sentence that goes on from the one before it: it starts with a joining word ("OR Graduation from …").
_CONTINUES = re.compile(r"^(?:or|and|but|nor|alternatively|otherwise)\b", re.I)
# A sentence saying what the one before names is ("It is the highest level…").
_REFERS_BACK = re.compile(r"^(?:it|this)(?:\s+(?:is|was)\b|['’]s\b)", re.I)
_LEVEL_SAID = re.compile(r"\b(level|grade|band|step|tier)\s+(\d{1,2}|[ivx]{1,4})\b", re.I)


def _unstated_level(question: str, records: list[Record]) -> tuple[str, list[str]] | None:
    """A level, grade or band the question names ("developer level 2") where the role's documents, which have no
    ladder, name only others of that kind ("Developer Level 3"): what was asked, and what the documents name."""
    asked = _LEVEL_SAID.search(question)
    if not asked:
        return _unstated_code(question, records)
    word = asked.group(1).lower()

    def value(number: str) -> str:
        return str(ROMAN.get(number.lower(), number.lower()))

    said = {f"{m.group(1)} {m.group(2)}": value(m.group(2)) for r in records for m in _LEVEL_SAID.finditer(r.text)
            if m.group(1).lower() == word}
    if not said or value(asked.group(2)) in said.values():
        return None
    return asked.group(0), list(said)[:6]


# A grade's code in a document: capitals, then its number ("GS 13", "GS-14", "IT-03", "L4").
_CODE_SAID = re.compile(r"\b([A-Z]{1,3})[- ]?(\d{1,2})\b")


def _unstated_code(question: str, records: list[Record]) -> tuple[str, list[str]] | None:
    """A grade the question names by code ("GS 12", "gs-12") where the documents name a series of that code
    ("GS 13", "GS 14", "GS 15") and never this one: what was asked, and what the documents name."""
    for asked in re.finditer(r"\b([A-Za-z]{1,3})[- ]?(\d{1,2})\b", question):
        prefix, number = asked.group(1).upper(), int(asked.group(2))
        said = {f"{m.group(1)} {int(m.group(2))}": int(m.group(2)) for r in records
                for m in _CODE_SAID.finditer(r.text) if m.group(1) == prefix}
        if len(set(said.values())) >= 2 and number not in said.values():
            return asked.group(0), list(said)[:6]
    return None


def _asked_column(question: str, header: list[str], focus: frozenset[str] | set[str] = frozenset()) -> int | None:
    """The column of a table the question names by a numbered header ("Step 3"; a bare "3" under "Impact Score" said
    as "impact score 3" or "score of 3"), or by every word of its name, one of them what is asked ("what's their
    scope of influence?" of a "Scope of Influence" column; of several, the one naming most), else None."""
    if len(header) < 3:
        return None
    lead = re.findall(r"[a-z]+", header[0].lower())
    said_words = {singular(w) for w in re.findall(r"[a-z]+", question.lower())}
    by_name: list[tuple[int, int]] = []
    for j, name in enumerate(header[1:], 1):
        if not re.search(r"\d", name):
            words = {singular(w) for w in tokenize(name) if len(w) >= 3 and w.isalpha()}
            if words and words & set(focus) and words <= said_words:
                by_name.append((len(words), j))
            continue
        if re.search(r"[A-Za-z]", name):
            said = rf"(?<![\w]){re.escape(name)}(?![\w])"
        elif lead:
            said = rf"\b{re.escape(lead[-1])}\w*\s+(?:of\s+)?{re.escape(name)}(?![\d.,])"
        else:
            continue
        if re.search(said, question, re.I):
            return j
    return max(by_name)[1] if by_name else None


def _asked_cell(question: str, scored: list[tuple[Unit, float]], focus: frozenset[str] | set[str] = frozenset(),
                records: list[Record] | tuple[Record, ...] = ()) -> Unit | None:
    """The cell in the column the question names, of the row its words name ("sr dev": "Senior Dev"; of rows named
    as much, the one with fewest words unsaid: "Engineer", not "Senior Engineer"), among the table's rows however
    it was cut into passages, said with its row and column; None when no row is named."""
    asked = set(re.findall(r"[a-z0-9]+", expand_abbreviations(question).lower()))
    # a table of the role's whose row is named by its whole label ("L3" of rows L0 to L6), however low it ranks
    tables = [u.record for u, _ in scored] + [r for r in records if r.kind == "table" and any(
        _said_whole(cells(u.text)[0] if cells(u.text) else "", question) for u in units_of(r))]
    for record in dict.fromkeys(tables):
        if record.kind != "table" or "\n" not in record.text:
            continue
        head = record.text.split("\n", 1)[0]
        header = cells(head)
        j = _asked_column(question, header, focus)
        if j is None:
            continue
        pieces = {r.id: r for r in tables if r.kind == "table"
                  and r.section == record.section and r.text.split("\n", 1)[0] == head}
        rows = [(u, cells(u.text)) for r in pieces.values() for u in units_of(r)]
        rows = [(u, v) for u, v in rows if len(v) == len(header) and v != header and v[j]]
        names = [set(re.findall(r"[a-z0-9]+", expand_abbreviations(v[0]).lower())) for _, v in rows]
        # a row's label said whole ("L3") outweighs its parts said apart ("L" and the "2" of "R2")
        named = [len(asked & n) - 0.1 * len(n - asked) + _said_whole(v[0], question) if asked & n else 0
                 for n, (_, v) in zip(names, rows)]
        if not rows or max(named) <= 0:
            continue  # a long table's other piece may hold the row
        row, values = rows[named.index(max(named))]  # the first row naming most of the question
        column = header[j] if re.search(r"[A-Za-z]", header[j]) else f"{header[0]} {header[j]}"
        return Unit(f"{values[0]} · {column}: {values[j]}", row.record, row.order)
    return None


def _said_whole(label: str, question: str) -> bool:
    """Whether the question says a table row's label whole, as one word or phrase ("L3", "Grade 14")."""
    label = label.strip()
    return len(label) >= 2 and re.search(rf"(?<![\w]){re.escape(label)}(?![\w])", question, re.I) is not None


def _names_any(words: frozenset[str], text: str) -> bool:
    """Does the text say one of the words, or name something those are the initials of ("DWP": "the Department of
    Water and Power")?"""
    runs = re.findall(r"[A-Z][a-z]+(?:\s+(?:(?:of|and|for|the|&)\s+)?[A-Z][a-z]+)+", text)
    initials = {"".join(w[0] for w in run.split() if w[0].isupper()).lower() for run in runs}
    return overlap(set(words), text) > 0 or bool(initials & words)


def _fuller(best: tuple[Unit, float], near: list[tuple[Unit, float]]) -> tuple[Unit, float]:
    """The first line ranked near that says everything the best one says and more (its words and then some), with
    its score; else the best one."""
    def said(text: str) -> set[str]:  # its words, with the numerals that tell levels apart ("Clerk I", "Clerk II")
        return set(tokenize(text)) | set(re.findall(r"\b[IVX]{1,4}\b", text))

    words = said(best[0].text)
    if not words:
        return best
    return next((p for p in near if p[0] is not best[0] and len(p[0].text) <= 400 and words < said(p[0].text)), best)


def _meaning(unit: Unit) -> str:
    """The text a unit is ranked by: a table row read with its header ("| Current Level | Generally | Also |" over
    "| Manager | Director | VP |"), since a row's cells alone say little."""
    if unit.record.kind == "table" and "\n" in unit.record.text:
        header = unit.record.text.split("\n", 1)[0].strip()
        if header != unit.text.strip():
            return f"{header}\n{unit.text}"
    return unit.text


def _less_role(unit: Unit) -> str:
    """A unit's text less the name of the role it is about ("… what we expect of Service Designers …"): the role's
    own name said again is not what a question asks of it ("which design tools does a Service Designer use?")."""
    name = unit.record.role.strip()
    if len(name.split()) < 2:  # a one-word title ("Nurse") may be the very thing asked of another line
        return unit.text
    return re.sub(rf"(?<!\w){re.escape(name)}(?:s|es)?(?!\w)", " ", unit.text, flags=re.I)


_MODAL_LOOSE = frozenset("should expected requirement requirements".split())


def _modal_kinds(text: str) -> frozenset[str]:
    """Whether a question or a heading speaks of what is required ("minimum", "essential", "must") or of what is
    preferred ("desirable", "nice to have", "bonus points"), by the lexicon's modal words."""
    low = text.lower()
    # "Requirements" heads both kinds of list, and "should" or "expected" ask no preference of a question
    found = {lx.MODALS[w] for w in re.findall(r"[a-z]+", low) if w in lx.MODALS and w not in _MODAL_LOOSE}
    found |= {kind for phrase, kind in lx.MODAL_PHRASES.items() if re.search(rf"\b{re.escape(phrase)}\b", low)}
    return frozenset(found & {"obligation", "preference"})


def _levels_named(text: str, levels: tuple[str, ...]) -> list[str]:
    """The ladder's levels a line names, in the order it names them ("Clerk II" is not "Clerk I")."""
    found = []
    for name in levels:
        m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I)
        if m:
            found.append((m.start(), name))
    return [name for _, name in sorted(found)]


def _row_of(unit: Unit, level: str) -> bool:
    """Whether a unit is a table row about that level: its first cell names it ("| Manager | Director | VP |")."""
    if unit.record.kind != "table":
        return False
    return cells(unit.text)[0].casefold() == level.casefold()


def _role_list(catalog: dict[str, Role], limit: int = 12) -> str:
    names = [r.title for r in catalog.values() if not r.level]
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    seen: dict[str, Evidence] = {}
    for e in evidence:
        if e.record.id not in seen:
            seen[e.record.id] = e
    return list(seen.values())


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
            out.append(dataclasses.replace(part, units=units))
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
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # zero-width, bidi, soft hyphen
    text = _markup_as_text(text)
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    if not re.search(r"\w", text):
        raise QuestionError("The question is empty: ask something about a role, e.g. “What does a Tech Director do?”")
    if len(text) > max_chars:
        raise QuestionError(f"The question is too long ({len(text):,} characters; the limit is {max_chars:,}).")
    return text


# Markup a question may carry from Slack, a chat client or a paste: read as the text a person sees.
_SLACK_MENTION = re.compile(r"<[@#!][^<>]*>")  # user, channel and special mentions
_SLACK_LINK = re.compile(r"<(?:https?|mailto|tel):[^<>|]*(?:\|([^<>]*))?>", re.I)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_HTML_HIDDEN = re.compile(r"<(script|style)\b[^<>]*>.*?(?:</\1\s*>|$)", re.I | re.S)  # never shown as text
# Phrasing elements (HTML's inline formatting) join their text to the words around them; other tags separate.
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|bdi|bdo|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|"
                         r"strike|strong|sub|sup|tt|u|var)(?:\s[^<>]*)?/?>", re.I)
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_MD_IMAGE_OR_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
# Linear-time patterns (a question is untrusted): a run inside markers never contains the marker itself.
_MD_CODE = re.compile(r"(`{1,3})([^`]+)\1")
# Emphasis markers around a run of text: **bold**, __bold__, *em*, _em_ (not inside a word), ~~strike~~, ~strike~.
_MD_EMPHASIS = [re.compile(rf"{before}({mark}{{1,{most}}})(?=[^\s{mark}])([^{mark}\n]+)(?<=[^\s{mark}])\1(?!\w)")
                for mark, most, before in ((r"\*", 3, ""), ("_", 3, r"(?<!\w)"), ("~", 2, ""))]
_MD_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?)+", re.M)  # headings and quotes


def _markup_as_text(text: str) -> str:
    """Slack mentions and links, HTML tags, entities and comments, and Markdown emphasis, code, links, headings
    and quotes, reduced to their words: `<b>What</b> does a **Tech Director** do?` reads as the plain question."""
    import html

    text = _SLACK_MENTION.sub(" ", text)
    text = _SLACK_LINK.sub(lambda m: f" {m.group(1) or ''} ", text)
    text = html.unescape(text)  # Slack escapes what people type: &lt;b&gt; is a tag they typed
    text = _HTML_COMMENT.sub(" ", text)
    text = _HTML_HIDDEN.sub(" ", text)
    text = _INLINE_TAG.sub("", text)
    text = _TAG.sub(" ", text)
    text = _MD_IMAGE_OR_LINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\2", text)
    for _ in range(2):  # nested emphasis: **_x_**, **bold *em* bold**
        for emphasis in _MD_EMPHASIS:
            text = emphasis.sub(r"\2", text)
    return _MD_LINE_MARK.sub("", text)


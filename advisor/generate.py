"""Grounded generation: a chat model rewrites what the extractive answer found, and cannot lie about it.

The extractive pipeline runs first and decides what the documents say and what they don't. When it found
nothing (an unknown role, an undocumented topic), that abstention is the answer and no model is called.
Otherwise the model gets the passages numbered and fenced as data, and every sentence it writes is checked
with the claim checker (`advisor.claims` through `advisor.verify`, the same checker as the eval judge): its
citations must point at supplied passages; its figures (with their currency, unit and period), titles,
negation, modality and scope must agree with the passages it cites, of the role it is about; a sentence about pay (or
giving a figure about progression, education, experience...) must cite a passage whose headings are about
that topic, and document sentences that address the model are withheld from it. Sentences that fail are removed; when no cited sentence is
left, or the model fails or is too slow, the extractive answer is returned instead. `Answer.path` and
`Answer.verifier` say which happened and what was removed, so surfaces and evals can show it.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from advisor.answer import ABSTAIN_PREFIX, Answer, Citation, is_strict
from advisor.llm import chat_model_from_settings, model_name
from advisor.prompts import fence, load_prompt
from advisor.roles import Role, detect_roles
from advisor.topics import chunk_topics, question_topics
from advisor.claims import Source
from advisor.verify import Claim, check_claim, numbers, split_claims, unsupported_titles

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from advisor.engine import Advisor, Turn
    from advisor.records import Record

log = logging.getLogger(__name__)

MAX_SENTENCES = 8
_GRACE = 0.5  # seconds past the budget before giving up on a model, so the provider's own timeout fires first
_model_lock = threading.Lock()

_CITATION = re.compile(r"\[(\d{1,3})\]")
_CITATION_LIST = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})+)\]")
_CITATION_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\d{1,3}\])+)")
_MARKUP = re.compile(r"\*\*|__|^#+\s*|^\s*(?:[-*•]|\d{1,2}[.)])\s+", re.M)
_ABSTENTION = re.compile(rf"^(?:{re.escape(ABSTAIN_PREFIX)}|(?:the\s+)?(?:role\s+)?documents?\s+(?:do(?:es)?\s*n[o']t|do\s+not|"
                         r"does\s+not)\s+(?:say|give|cover|mention|state|include|specify|list))", re.I)
# Text in a document that talks to the model rather than about the role: withheld from the prompt and from
# the text claims are checked against, so obeying it cannot produce a "supported" figure.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,60}\b(?:instructions?|prompts?|rules|directions|guidelines|context)\b"
    r"|\bsystem prompt\b|\byou are (?:an?|the) (?:ai|assistant|language model|chatbot|bot)\b|\bas an ai\b"
    r"|\b(?:assistants?|ai|models?|chatbots?|bots?),? (?:must|should|shall|will) (?:say|answer|reply|respond|state|tell)\b",
    re.I)
_EVIDENCE_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")
_TITLE_NOUNS = "Director|Officer|Manager|Head|President|VP|Lead|Engineer|Architect|Coordinator|Specialist|" \
               "Superintendent|Principal|Administrator|Analyst|Scientist|Consultant|Executive|Supervisor|Dean|" \
               "Provost|Chancellor|Coach"
_TITLE_PHRASE = re.compile(
    rf"\b(?:[A-Z][A-Za-z&/-]*\s+){{0,4}}(?:{_TITLE_NOUNS})s?\b"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][A-Za-z&/-]*(?:\s+[A-Z][A-Za-z&/-]*){0,3})?")
_ACRONYM = re.compile(r"\b(?:C[A-Z]{1,3}O|S?VP|EVP)\b")
_LEADING = re.compile(r"^(?:(?:the|a|an|this|that|each|every|as|our|their|your|its|any|and|or|then|also|to|"
                      r"become|becoming|from|into|with|for|of)\s+)+", re.I)

class _ModelTimeout(Exception):
    pass


@dataclass(frozen=True)
class Passage:
    """One numbered evidence passage: `text` as stored (cited to the user), `clean` as the model sees it."""

    n: int
    role: str
    role_names: tuple[str, ...]
    section: str
    source: str
    text: str
    updated: str
    chunk_id: str
    heading_topics: tuple[str, ...]
    clean: str
    withheld: int = 0

    @property
    def checked(self) -> str:
        """What claims citing this passage are checked against: its role's names (so "EdTech Director" is
        the same role), its section path and its text without instruction-like sentences."""
        return "\n".join((*self.role_names, self.section, self.clean))

    @property
    def for_checker(self) -> Source:
        """The passage as the claim checker reads it: its role, the role's other names, section and text."""
        return Source(self.n, self.role, f"{self.section}\n{self.clean}", tuple(self.role_names))


@dataclass(frozen=True)
class Removed:
    sentence: str
    reasons: tuple[str, ...]


@dataclass
class Verdict:
    kept: list[Claim] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


@dataclass(frozen=True)
class StreamEvent:
    """'sentence': a sentence that passed verification (safe to show); 'final': the answer to keep.

    A surface may show sentences as they come; the final answer is what stays. When its path is not "llm",
    the sentences shown so far must be replaced by it.
    """

    kind: Literal["sentence", "final"]
    text: str = ""
    answer: Answer | None = None


# -- the model -------------------------------------------------------------------------------------
def model_for(advisor: Advisor) -> BaseChatModel | None:
    """The advisor's chat model: the injected one, or the one ADVISOR_LLM names, created on first use."""
    if advisor.chat_model is None and advisor.settings.llm:
        with _model_lock:
            if advisor.chat_model is None:
                advisor.chat_model = chat_model_from_settings(advisor.settings)
    return advisor.chat_model


def respond(advisor: Advisor, question: str, history: Sequence[Turn] = ()) -> Answer:
    """The answer every surface gives: the chat model's checked rewrite when one is configured (injected, or
    ADVISOR_LLM), else the extractive answer itself."""
    if advisor.chat_model is None and not advisor.settings.llm:
        return advisor.ask(question, history)
    return answer_with_model(advisor, question, history)


def answer_with_model(advisor: Advisor, question: str, history: Sequence[Turn] = ()) -> Answer:
    """The whole answer at once (the model is called without streaming)."""
    final: Answer | None = None
    for event in stream_answer(advisor, question, history, streaming=False):
        if event.kind == "final":
            final = event.answer
    assert final is not None
    return final


def stream_answer(advisor: Advisor, question: str, history: Sequence[Turn] = (),
                  streaming: bool = True) -> Iterator[StreamEvent]:
    """Verified sentences as the model writes them, then the final answer. Never yields unverified text."""
    from advisor.engine import clean_question

    started = time.perf_counter()
    question = clean_question(question, advisor.settings.max_question_chars)
    model = model_for(advisor)
    if model is None:
        yield StreamEvent("final", answer=advisor.ask(question, history))
        return
    name = model_name(model, advisor.settings)
    budget = advisor.settings.llm_timeout * (advisor.settings.llm_retries + 1)

    standalone, condensed_by = question, ""
    if history:
        standalone, condensed_by = _standalone(advisor, model, question, history, budget)
    base = advisor.ask(standalone, history)
    base.question = question
    if base.abstained:
        base.verifier = {"model": name, "skipped": "the documents don't answer this; no model call"}
        if condensed_by:
            base.verifier["condensed_by"] = condensed_by
        yield StreamEvent("final", answer=base)
        return

    passages = passages_for(advisor, base)
    evidence = {p.n: p for p in passages}
    titles = known_titles(advisor.roles, advisor.records)
    prompt = build_prompt(base.standalone_question or question, passages, base.gaps)
    text, emitted, numbering, error = "", 0, {}, ""
    try:
        for piece in _complete(model, prompt, budget, streaming):
            text += piece
            claims = split_claims(normalise(text))
            complete = claims[:-1] if len(claims) > 1 and re.search(r"[A-Za-z]", _CITATION.sub("", claims[-1].text)) \
                else []
            for claim in complete[emitted:]:
                if not check_sentence(claim, evidence, titles, gaps=bool(base.gaps)):
                    yield StreamEvent("sentence", text=_renumber(claim.text, numbering))
            emitted = max(emitted, len(complete))
    except Exception as exc:  # any provider failure: the extractive answer stands
        error = f"timed out after {budget:g}s" if _is_timeout(exc) else _describe(exc)

    verdict = verify(normalise(text), evidence, titles, gaps=bool(base.gaps)) if not error else Verdict()
    cited = [c for c in verdict.kept if c.citations]
    if cited and not error:
        for claim in split_claims(normalise(text))[emitted:]:
            if claim in verdict.kept:
                yield StreamEvent("sentence", text=_renumber(claim.text, numbering))
    if error or not cited:
        reason = error or ("the model's answer had no verifiable sentence" if text.strip() else "the model gave no answer")
        log.warning("chat model %s: %s; using the extractive answer", name, reason)
        final = replace(base, path="extractive-fallback",
                        verifier=_record(name, verdict, passages, condensed_by, fallback=reason))
    else:
        final = _compose(base, verdict, passages, name, condensed_by)
    log.info("answered", extra={"latency_ms": round((time.perf_counter() - started) * 1000, 1), "path": final.path,
                                "model": name, "removed": len(verdict.removed)})
    yield StreamEvent("final", answer=final)


def condense(model: BaseChatModel, question: str, history: Sequence[Turn], timeout: float = 30.0) -> str:
    """One standalone question from a follow-up and the earlier questions (raises on model failure)."""
    lines = [f"- {t.question}" + (f" (about: {', '.join(t.roles)})" if t.roles else "") for t in history]
    prompt = load_prompt("condense", history=fence("\n".join(lines)), question=fence(question))
    reply = "".join(_complete(model, prompt, timeout, streaming=False))
    line = next((ln.strip() for ln in reply.splitlines() if ln.strip()), "")
    line = re.sub(r"^(?:standalone question\s*:\s*)", "", line, flags=re.I).strip().strip("\"'“”").strip()
    return line


def _standalone(advisor: Advisor, model: BaseChatModel, question: str, history: Sequence[Turn],
                budget: float) -> tuple[str, str]:
    """The condensed question when it is sane and names only roles already in the conversation; else the
    question itself, which the extractive pipeline completes by carrying the role over."""
    try:
        condensed = condense(model, question, history, budget)
    except Exception as exc:
        if _is_timeout(exc):
            return question, f"heuristic (condensing timed out after {budget:g}s)"
        return question, f"heuristic (condensing failed: {_describe(exc)})"
    if not condensed or len(condensed) > advisor.settings.max_question_chars:
        return question, "heuristic (the condensed question was empty or too long)"
    allowed = {r for t in history for r in t.roles} | {m.role.title for m in detect_roles(question, advisor.roles)}
    named = {m.role.title for m in detect_roles(condensed, advisor.roles)}
    if not named <= allowed:
        return question, "heuristic (the condensed question named a role the conversation did not)"
    return condensed, "llm"


# -- evidence and prompt ---------------------------------------------------------------------------
def passages_for(advisor: Advisor, base: Answer) -> list[Passage]:
    """The passages the extractive answer cited, in its numbering, then (for questions on open topics only)
    other relevant passages of the same roles. Strict topics (pay, progression...) stay with the passages the
    extractive pipeline chose for them, so the model cannot borrow a neighbour role's band."""
    by_id = {r.id: r for r in advisor.records}
    ids = [c.chunk_id for c in base.citations]
    if not any(is_strict(t) for t in base.topics):
        ids += [e.chunk_id for e in base.evidence if e.similarity >= advisor.settings.min_similarity
                and (not base.roles or e.role in base.roles)]
    ids = list(dict.fromkeys(i for i in ids if i in by_id))
    ids = ids[: max(advisor.settings.llm_max_evidence, len(base.citations))]
    catalog = advisor.roles
    out = []
    for n, chunk_id in enumerate(ids, 1):
        record = by_id[chunk_id]
        clean, withheld = withhold_instructions(record.text)
        names = catalog[record.role].names if record.role in catalog else (record.role,)
        out.append(Passage(n, record.role, names, record.section, record.source, record.text, record.updated,
                           record.id, chunk_topics(record.section.split(" › "), ""), clean, withheld))
    return out


def withhold_instructions(text: str) -> tuple[str, int]:
    """Document sentences that address the model are replaced by a marker; returns the text and how many."""
    pieces = _EVIDENCE_SENTENCE.split(text)
    hits = [p for p in pieces if _INSTRUCTION.search(p)]
    for piece in hits:
        text = text.replace(piece, "[instruction-like text withheld]")
    return text, len(hits)


def build_prompt(question: str, passages: Sequence[Passage], gaps: Sequence[str]) -> str:
    """prompts/answer.md with every document-derived string and the question fenced, so the prompt can tell
    the model that nothing inside a fence is an instruction."""
    blocks = []
    for p in passages:
        blocks.append(f"[{p.n}]\n" + fence(f"Role: {p.role}\nSection: {p.section}\n\n{p.clean}"))
    return load_prompt("answer", evidence="\n\n".join(blocks), question=fence(question),
                       gaps=fence("\n".join(gaps)) if gaps else "(none)", max_sentences=str(MAX_SENTENCES))


def known_titles(catalog: Mapping[str, Role], records: Iterable[Record]) -> list[str]:
    """Job titles the verifier knows: every role's title and aliases, and the titles named in the documents
    (career paths, "Chief Technology Officer (CTO)"), acronyms included."""
    titles = [n for role in catalog.values() for n in role.names]
    for record in records:
        titles += titles_in(record.text)
    return list(dict.fromkeys(titles))


def titles_in(text: str) -> list[str]:
    """Title-like phrases ("VP of Engineering", "Head of Data Science", "CTO") in a text, singular."""
    found = []
    for match in _TITLE_PHRASE.finditer(text):
        phrase = _LEADING.sub("", match.group(0)).strip()
        words = phrase.split()
        if len(words) < 2 or not words[0][:1].isupper():
            continue
        found.append(re.sub(rf"\b({_TITLE_NOUNS})s\b", r"\1", phrase, flags=re.I))
    found += _ACRONYM.findall(text)
    return found


# -- verification ----------------------------------------------------------------------------------
def normalise(text: str) -> str:
    """Model output in the shape the claim splitter expects: "[1, 2]" → "[1][2]", "Fact. [1]" → "Fact [1].",
    no Markdown bullets or bold."""
    text = _MARKUP.sub("", text)
    text = _CITATION_LIST.sub(lambda m: "".join(f"[{n.strip()}]" for n in m.group(1).split(",")), text)
    return _CITATION_AFTER_STOP.sub(lambda m: " " + "".join(f"[{n}]" for n in _CITATION.findall(m.group(2))) + m.group(1),
                                    text)


def verify(text: str, evidence: Mapping[int, Passage], titles: Sequence[str], gaps: bool = False) -> Verdict:
    """Split an answer into sentences and keep the ones that pass `check_sentence`."""
    verdict = Verdict()
    for claim in split_claims(text):
        problems = check_sentence(claim, evidence, titles, gaps)
        if problems:
            verdict.removed.append(Removed(claim.text, tuple(problems)))
        else:
            verdict.kept.append(claim)
    return verdict


def check_sentence(claim: Claim, evidence: Mapping[int, Passage], titles: Sequence[str], gaps: bool = False) -> list[str]:
    """Why a sentence may not reach the user (empty when it may)."""
    sentence_titles = list(titles) + titles_in(claim.text)
    if not claim.citations and _ABSTENTION.match(claim.text.strip()):
        if gaps:
            return ["abstention: the answer states the documents' own gaps instead"]
        problems = [f"number {n} in an abstention" for n in sorted(numbers(claim.text))]
        problems += [f"title '{t}' is not in the evidence"
                     for t in unsupported_titles(claim.text, [p.checked for p in evidence.values()], sentence_titles)]
        return problems
    sources = {n: p.for_checker for n, p in evidence.items()}
    problems = list(check_claim(claim, sources, sentence_titles).problems)
    if not claim.citations:
        return problems
    cited = [evidence[n] for n in claim.citations if n in evidence]
    masked = claim.text
    for title in sorted(set(sentence_titles), key=len, reverse=True):
        masked = re.sub(rf"(?<!\w){re.escape(title)}(?!\w)", " ", masked, flags=re.I)
    has_figure = bool(numbers(_CITATION.sub("", claim.text)))
    for topic in question_topics(masked):
        if is_strict(topic) and (topic == "pay" or has_figure) and not any(topic in p.heading_topics for p in cited):
            problems.append(f"speaks about {topic} but cites no passage about {topic}")
    return list(dict.fromkeys(problems))


# -- assembling ------------------------------------------------------------------------------------
def _compose(base: Answer, verdict: Verdict, passages: Sequence[Passage], name: str, condensed_by: str) -> Answer:
    numbering: dict[int, int] = {}
    sentences = [_renumber(c.text, numbering) for c in verdict.kept]
    by_n = {p.n: p for p in passages}
    citations = [Citation(n=new, role=by_n[old].role, section=by_n[old].section, source=by_n[old].source,
                          text=by_n[old].text, updated=by_n[old].updated, chunk_id=by_n[old].chunk_id)
                 for old, new in sorted(numbering.items(), key=lambda kv: kv[1])]
    text = " ".join(sentences) + ("\n" + "\n".join(base.gaps) if base.gaps else "")
    return replace(base, answer=text, abstained=False, citations=citations, path="llm",
                   verifier=_record(name, verdict, passages, condensed_by))


def _renumber(sentence: str, numbering: dict[int, int]) -> str:
    """Citations renumbered 1, 2, 3... in order of first use (the same mapping while streaming and after)."""
    def sub(match: re.Match[str]) -> str:
        old = int(match.group(1))
        numbering.setdefault(old, len(numbering) + 1)
        return f"[{numbering[old]}]"
    return _CITATION.sub(sub, sentence)


def _record(name: str, verdict: Verdict, passages: Sequence[Passage], condensed_by: str,
            fallback: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "model": name,
        "passages": len(passages),
        "kept": len(verdict.kept),
        "removed": [{"sentence": r.sentence, "reasons": list(r.reasons)} for r in verdict.removed],
        "fallback": fallback,
    }
    withheld = sum(p.withheld for p in passages)
    if withheld:
        record["withheld_instructions"] = withheld
    if condensed_by:
        record["condensed_by"] = condensed_by
    return record


def _complete(model: BaseChatModel, prompt: str, timeout: float, streaming: bool) -> Iterator[str]:
    """The model's text, piece by piece, within a wall-clock budget (the provider's own timeout and retries
    apply inside it; this also bounds models that have none)."""
    from langchain_core.messages import HumanMessage

    pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
    messages = [HumanMessage(content=prompt)]

    def run() -> None:
        try:
            if streaming:
                for chunk in model.stream(messages):
                    pieces.put(("text", _text(chunk)))
            else:
                pieces.put(("text", _text(model.invoke(messages))))
            pieces.put(("end", None))
        except BaseException as exc:  # handed to the caller's thread
            pieces.put(("error", exc))

    threading.Thread(target=run, name="advisor-chat-model", daemon=True).start()
    deadline = time.monotonic() + timeout + _GRACE
    while True:
        try:
            kind, value = pieces.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise _ModelTimeout() from None
        if kind == "end":
            return
        if kind == "error":
            raise value
        yield value


def _text(message: Any) -> str:
    content = getattr(message, "content", message)
    if isinstance(content, str):
        return content
    return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content or [])


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, (_ModelTimeout, TimeoutError)) or "timeout" in type(exc).__name__.lower()


def _describe(exc: BaseException) -> str:
    """A failure in a few words, without the provider's message (it can echo keys or URLs)."""
    status = getattr(exc, "status_code", None)
    return f"{type(exc).__name__}" + (f" (HTTP {status})" if status else "")

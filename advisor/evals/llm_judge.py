"""The optional LLM judge, RAGAS-style: faithfulness (share of the answer's statements the evidence states)
and answer relevancy (mean cosine similarity between the question and questions the answer would answer,
zero when the answer is noncommittal). Works with any langchain BaseChatModel; never required.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from advisor.embeddings import Embedder
from advisor.prompts import fence, load_prompt

log = logging.getLogger(__name__)
RELEVANCY_QUESTIONS = 3


@dataclass(frozen=True)
class LLMScore:
    score: float | None  # None when the judge's reply could not be used
    detail: dict[str, Any]
    reason: str = ""


def faithfulness(llm: Any, question: str, answer: str, evidence: Sequence[str]) -> LLMScore:
    passages = "\n\n".join(f"[{i}] {text}" for i, text in enumerate(evidence, 1)) or "(none)"
    prompt = load_prompt("judge_faithfulness", question=fence(question), answer=fence(answer), evidence=fence(passages))
    reply = _ask(llm, prompt)
    data = _json(reply)
    statements = data.get("statements") if isinstance(data, dict) else None
    if not isinstance(statements, list):
        return LLMScore(None, {"reply": reply[:500]}, "the judge's reply was not the JSON asked for")
    verdicts = [s for s in statements if isinstance(s, dict) and s.get("verdict") in (0, 1, "0", "1")]
    if not verdicts:
        return LLMScore(None, {"statements": statements}, "the judge found no statements to check")
    supported = sum(int(s["verdict"]) for s in verdicts)
    return LLMScore(round(supported / len(verdicts), 4), {"statements": verdicts},
                    f"{supported} of {len(verdicts)} statements supported by the evidence")


def answer_relevancy(llm: Any, embedder: Embedder, question: str, answer: str,
                     n: int = RELEVANCY_QUESTIONS) -> LLMScore:
    import numpy as np

    reply = _ask(llm, load_prompt("judge_relevancy", answer=fence(answer), n=str(n)))
    data = _json(reply)
    generated = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(generated, list) or not all(isinstance(q, str) and q.strip() for q in generated) or not generated:
        return LLMScore(None, {"reply": reply[:500]}, "the judge's reply was not the JSON asked for")
    noncommittal = str(data.get("noncommittal", 0)) in ("1", "true", "True")
    vectors = np.asarray(embedder.embed([question, *generated]), dtype=np.float32)
    similarity = float(np.mean(vectors[1:] @ vectors[0]))
    score = 0.0 if noncommittal else round(max(0.0, similarity), 4)
    return LLMScore(score, {"questions": generated, "noncommittal": noncommittal, "similarity": round(similarity, 4)},
                    "noncommittal answer" if noncommittal else f"mean similarity of {len(generated)} generated questions")


def judge_answers(llm: Any, embedder: Embedder, results: Sequence[Any], pipeline: str = "ours") -> dict[str, Any]:
    """Score every non-abstained answer of a pipeline; attach the scores to each CaseResult.llm."""
    faith: list[float] = []
    relevancy: list[float] = []
    failed = 0
    for result in results:
        output = result.outputs[pipeline]
        if output.abstained or output.error or not output.answer.strip():
            continue
        evidence = [p.cited_text for _, p in sorted(output.citations.items())]
        try:
            f = faithfulness(llm, result.case.final_question, output.answer, evidence)
            r = answer_relevancy(llm, embedder, result.case.final_question, output.answer)
        except Exception as exc:  # a provider error must not lose the offline results
            log.warning("LLM judge failed on %s: %s", result.case.id, type(exc).__name__)
            failed += 1
            continue
        result.llm = {"faithfulness": asdict(f), "answer_relevancy": asdict(r)}
        if f.score is not None:
            faith.append(f.score)
        if r.score is not None:
            relevancy.append(r.score)
    mean = lambda xs: round(sum(xs) / len(xs), 4) if xs else None  # noqa: E731
    return {"pipeline": pipeline, "model": type(llm).__name__, "faithfulness": mean(faith),
            "answer_relevancy": mean(relevancy), "judged": len(faith), "failed": failed}


def _ask(llm: Any, prompt: str) -> str:
    reply = llm.invoke(prompt)
    content = getattr(reply, "content", reply)
    if isinstance(content, list):  # content blocks
        content = "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)
    return str(content)


def _json(text: str) -> Any:
    """The first JSON object in a reply (models like to wrap JSON in prose or code fences)."""
    match = re.search(r"\{.*\}", text, re.S)
    if not match:
        return None
    try:
        return json.loads(match.group(0))
    except json.JSONDecodeError:
        return None

"""What a maintainer reads after `advisor eval`: the gate and what failed first, then the figures — in the
terminal, report.json (one per run, comparable across runs), report.md for CI logs and a self-contained
report.html with a drill-down per question.

Also the two gates built on report.json: `--compare OLD.json` (metric deltas, then the cases whose result
changed among those present in both runs) and the threshold gate (metrics against evals/thresholds.yaml),
which decides the exit code of every run.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from advisor.evals.golden import EvalDataError, Thresholds
from advisor.evals.metrics import K, Output
from advisor.evals.runner import CORPUS_THRESHOLDS, PIPELINE_LABELS, PIPELINES, EvalRun

SCHEMA = 2
SPLITS = ("all", "tuning", "holdout")
# (key, label, kind): kind says how to format and which direction is better.
RETRIEVAL_METRICS = [("hit@1", "hit@1", "share"), (f"hit@{K}", f"hit@{K}", "share"), (f"mrr@{K}", f"MRR@{K}", "share"),
                     (f"ndcg@{K}", f"nDCG@{K}", "share"), (f"recall@{K}", f"evidence recall@{K}", "share"),
                     ("context_chars", "retrieved chars", "chars")]
GENERATION_METRICS = [("correctness", "correctness", "share"), ("fact_recall", "fact recall", "share"),
                      ("facts_all", "all expected facts present", "share"),
                      ("first_sentence_answers", "first sentence answers", "share"),
                      ("abstention_precision", "abstention precision", "share"),
                      ("abstention_recall", "abstention recall", "share"),
                      ("pay_units_right", "pay: currency and period right", "share"),
                      ("extra_role_answers", "answers citing another role", "count"),
                      ("forbidden_hits", "forbidden facts (by value)", "count"),
                      ("answer_chars_p50", "answer length p50 (chars)", "chars"),
                      ("evidence_chars_mean", "evidence shown (chars, mean)", "chars"),
                      ("groundedness", "groundedness", "share"), ("citation_recall", "citation recall (ALCE)", "share"),
                      ("citation_precision", "citation precision (ALCE)", "share"),
                      ("unsupported_numbers", "unsupported numbers", "count"),
                      ("passed", "cases passed", "passed"), ("latency_p50_ms", "latency p50 ms", "ms")]
# An extractive answer quotes what it cites: these hold by construction when no chat model writes the answer.
BY_CONSTRUCTION = ("groundedness", "citation_recall", "citation_precision", "unsupported_numbers")
LOWER_IS_BETTER = {"unsupported_numbers", "forbidden_hits", "errors", "context_chars", "latency_p50_ms", "latency_p95_ms",
                   "extra_role_answers", "answer_chars_p50", "evidence_chars_mean"}


# -- report.json -----------------------------------------------------------------------------------------

def build(run: EvalRun, compared: dict[str, Any] | None = None) -> dict[str, Any]:
    splits = run.summary["splits"]
    overall = {p: {**splits["all"][p]["retrieval"], **splits["all"][p]["generation"]} for p in PIPELINES}
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "created": run.created,
        "config": run.config,
        "knowledge": run.knowledge,
        "timings": run.timings,
        "pipelines": PIPELINE_LABELS,
        "by_construction": list(BY_CONSTRUCTION) if run.config.get("extractive", True) else [],
        "overall": overall,
        "retrieval": {s: {p: splits[s][p]["retrieval"] for p in PIPELINES} for s in SPLITS if splits.get(s)},
        "generation": {s: {p: splits[s][p]["generation"] for p in PIPELINES} for s in SPLITS if splits.get(s)},
        "by_tag": run.summary["by_tag"],
        "corpus": run.summary.get("corpus"),
        "judge": run.judge.to_dict() if run.judge else None,
        "llm_judge": run.llm_judge,
        "cases": [_case(r) for r in run.results],
    }
    report["thresholds"] = {"minimum": run.thresholds.minimum, "maximum": run.thresholds.maximum}
    report["check"] = check(report, run.thresholds)
    report["compare"] = compared
    return report


def _case(result: Any) -> dict[str, Any]:
    case = result.case
    return {
        "id": case.id, "question": case.final_question, "turns": list(case.turns or []), "expect": case.expect,
        "tags": list(case.tags), "holdout": case.holdout, "note": case.note, "roles": list(case.roles),
        "facts": [" | ".join(f) if isinstance(f, tuple) else f for f in case.facts],
        "forbidden": list(case.forbidden), "evidence": [e.model_dump() for e in case.evidence],
        **{name: _output(result.outputs[name], result.scores[name], case) for name in PIPELINES},
        "llm": result.llm,
    }


def _output(output: Output, score: Any, case: Any) -> dict[str, Any]:
    from advisor.evals.metrics import matches

    return {
        "answer": output.answer, "abstained": output.abstained, "gaps": list(output.gaps), "error": output.error,
        "latency_ms": output.latency_ms,
        "citations": [{"n": n, **asdict(p)} for n, p in sorted(output.citations.items())],
        "retrieved": [{**asdict(p), "rank": i + 1, "relevant": any(matches(label, p) for label in case.evidence)}
                      for i, p in enumerate(output.retrieved)],
        "scores": score.to_dict(),
    }


def load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalDataError(f"{path}: no such report (give the report.json of an earlier run).") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalDataError(f"{path}: not a readable report.json ({exc}).") from None
    if not isinstance(data, dict) or "cases" not in data or "overall" not in data:
        raise EvalDataError(f"{path}: not an eval report (no 'overall' and 'cases').")
    return data


# -- gates -------------------------------------------------------------------------------------------------

def check(report: dict[str, Any], thresholds: Thresholds) -> dict[str, Any]:
    """Every threshold with the measured value and whether it holds; `passed` decides the exit code."""
    ours = report["overall"]["ours"]
    rows = []
    for name, bound in thresholds.minimum.items():
        value = ours.get(name)
        rows.append({"metric": name, "bound": "≥", "threshold": bound, "value": value,
                     "ok": value is not None and value >= bound})
    for name, bound in thresholds.maximum.items():
        value = ours.get(name)
        rows.append({"metric": name, "bound": "≤", "threshold": bound, "value": value,
                     "ok": value is not None and value <= bound})
    judge = report.get("judge")
    if judge:
        measured = {"accuracy": judge["accuracy"], "kappa": judge["kappa"],
                    **{f"recall.{k}": v for k, v in judge["must_catch"].items()}}
        for name, bound in thresholds.judge_minimum.items():
            value = measured.get(name)
            rows.append({"metric": f"judge.{name}", "bound": "≥", "threshold": bound, "value": value,
                         "ok": value is not None and value >= bound})
    corpus = (report.get("corpus") or {}).get("ours")
    if corpus:
        for name, bound in CORPUS_THRESHOLDS.items():
            rows.append({"metric": f"corpus.{name}", "bound": "≥", "threshold": bound, "value": corpus[name],
                         "ok": corpus[name] >= bound})
        rows.append({"metric": "corpus.forbidden", "bound": "≤", "threshold": 0, "value": corpus["forbidden"],
                     "ok": corpus["forbidden"] == 0})
    unknown = [r["metric"] for r in rows if r["value"] is None]
    return {"passed": all(r["ok"] for r in rows), "rows": rows, "unknown": unknown}


def failures(report: dict[str, Any], limit: int | None = None) -> list[dict[str, Any]]:
    """Our cases that did not pass, each with its first reasons. Holdout cases are read in aggregate only: they
    are counted in one row, never listed one by one."""
    rows = [{"id": c["id"], "holdout": False, "question": c["question"], "reasons": c["ours"]["scores"]["failures"]}
            for c in report["cases"] if not c["ours"]["scores"]["passed"] and not c["holdout"]]
    held = sum(1 for c in report["cases"] if not c["ours"]["scores"]["passed"] and c["holdout"])
    if held:
        rows.append({"id": "holdout", "holdout": True, "question": f"{held} holdout case(s)",
                     "reasons": ["not passed (the holdout is read in aggregate only)"]})
    return rows if limit is None else rows[:limit]


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Metric deltas (our pipeline) first; then, among the cases present in both runs, those whose result changed.
    Cases only in one run are counted, not listed: there is nothing to compare them with."""
    metrics = {}
    for key, value in new["overall"]["ours"].items():
        previous = old.get("overall", {}).get("ours", {}).get(key)
        if isinstance(value, (int, float)) and isinstance(previous, (int, float)):
            metrics[key] = {"before": previous, "after": value, "delta": round(value - previous, 4),
                            "better": _better(key, value - previous)}
    before = {c["id"]: c for c in old.get("cases", [])}
    after = {c["id"]: c for c in new.get("cases", [])}
    rows = []
    for case_id in sorted(before.keys() & after.keys()):
        a, b = before[case_id], after[case_id]
        sa, sb = a["ours"]["scores"], b["ours"]["scores"]
        key_a, key_b = (sa["passed"], sa["correctness"]), (sb["passed"], sb["correctness"])
        status = "improved" if key_b > key_a else "regressed" if key_b < key_a else "unchanged"
        if status == "unchanged" and a["ours"]["answer"] != b["ours"]["answer"]:
            status = "changed"
        rows.append({"id": case_id, "status": status, "question": b["question"],
                     "before": {"passed": sa["passed"], "correctness": sa["correctness"], "answer": a["ours"]["answer"],
                                "failures": sa["failures"]},
                     "after": {"passed": sb["passed"], "correctness": sb["correctness"], "answer": b["ours"]["answer"],
                               "failures": sb["failures"]}})
    counts = {s: sum(r["status"] == s for r in rows) for s in ("improved", "regressed", "changed", "unchanged")}
    counts["only_before"] = len(before.keys() - after.keys())
    counts["only_after"] = len(after.keys() - before.keys())
    same_docs = old.get("knowledge", {}).get("hash") == new.get("knowledge", {}).get("hash")
    order = {"regressed": 0, "improved": 1, "changed": 2}
    return {"old_created": old.get("created"), "same_knowledge": same_docs, "counts": counts, "metrics": metrics,
            "cases": sorted((r for r in rows if r["status"] != "unchanged"), key=lambda r: (order[r["status"]], r["id"]))}


def _better(key: str, delta: float) -> str:
    if abs(delta) < 1e-9:
        return "same"
    return "better" if (delta < 0) == (key in LOWER_IS_BETTER) else "worse"


# -- renderings ----------------------------------------------------------------------------------------------

def fmt(value: Any, kind: str = "share") -> str:
    if value is None:
        return "—"
    if kind == "share":
        return f"{value:.1%}" if isinstance(value, (int, float)) else str(value)
    if kind in ("chars", "ms"):
        return f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def gate_kind(row: dict[str, Any]) -> str:
    """How to show a gate row's value: shares as percentages, counts and kappa as plain numbers."""
    if row["bound"] == "≤" or row["threshold"] > 1 or row["metric"].endswith("kappa"):
        return "count"
    return "share"


def metric_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per metric: every pipeline on all cases and on each split; `note` marks by-construction rows."""
    rows = []
    constructed = set(report.get("by_construction") or [])
    for section, metrics in (("retrieval", RETRIEVAL_METRICS), ("generation", GENERATION_METRICS)):
        for key, label, kind in metrics:
            row = {"key": key, "label": label, "kind": kind, "section": section,
                   "note": "by construction (extractive)" if key in constructed else ""}
            for split in SPLITS:
                for p in PIPELINES:
                    block = report[section].get(split, {}).get(p, {})
                    value = block.get(key)
                    if kind == "passed" and value is not None:
                        value = f"{value}/{block.get('cases')}"
                    row[f"{p}_{split}"] = value
            rows.append(row)
    return rows


def _cell(row: dict[str, Any], key: str) -> str:
    value = row[key]
    return value if isinstance(value, str) else fmt(value, row["kind"])


def gate_lines(report: dict[str, Any]) -> list[str]:
    gate = report["check"]
    lines = [f"GATE {'passed' if gate['passed'] else 'FAILED'} ({sum(r['ok'] for r in gate['rows'])}/"
             f"{len(gate['rows'])} thresholds hold)"]
    for r in gate["rows"]:
        if not r["ok"]:
            lines.append(f"  below threshold: {r['metric']} = {fmt(r['value'], gate_kind(r))} "
                         f"(needs {r['bound']} {r['threshold']:g})")
    return lines


def print_summary(console: Any, report: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    cfg = report["config"]
    gate = report["check"]
    colour = "green" if gate["passed"] else "red"
    for i, line in enumerate(gate_lines(report)):
        console.print(f"[bold {colour}]{escape(line)}[/]" if i == 0 else f"[red]{escape(line)}[/]", highlight=False)
    failing = failures(report)
    if failing:
        total = sum(not c["ours"]["scores"]["passed"] for c in report["cases"])
        console.print(f"[yellow]{total} of {len(report['cases'])} case(s) not passed:[/]", highlight=False)
        for row in failing[:25]:
            name = row["question"] if row["holdout"] else row["id"]
            console.print(f"  {name}: {escape('; '.join(row['reasons'][:2])[:160])}", highlight=False)
        if len(failing) > 25:
            console.print(f"  … and {len(failing) - 25} more (report.html lists all)", highlight=False)
    comparison = report.get("compare")
    if comparison:
        _print_compare(console, comparison)
    table = Table(title=f"advisor eval — {cfg['cases']} cases ({cfg['holdout_cases']} holdout), "
                        f"{cfg.get('mode', 'golden')}, knowledge {report['knowledge']['hash'][:12]}", title_justify="left")
    table.add_column("metric")
    for p in PIPELINES:
        table.add_column(PIPELINE_LABELS[p], justify="right")
    table.add_column("ours holdout", justify="right")
    for row in metric_rows(report):
        label = row["label"] + (" *" if row["note"] else "")
        table.add_row(label, f"[bold]{_cell(row, 'ours_all')}[/]", *(_cell(row, f"{p}_all") for p in PIPELINES[1:]),
                      _cell(row, "ours_holdout"))
    console.print(table)
    if report.get("by_construction"):
        console.print("* by construction: an extractive answer quotes what it cites, so these cannot fail here; "
                      "they measure a chat model's answers (ADVISOR_LLM).", highlight=False)
    corpus = report.get("corpus")
    if corpus:
        console.print("shared scorer: " + " | ".join(
            f"{PIPELINE_LABELS[p]}: " + " ".join(f"{k}={corpus[p][k]:.2f}" for k in CORPUS_THRESHOLDS)
            + f" forbidden={corpus[p]['forbidden']}" for p in PIPELINES), highlight=False)
        if cfg.get("ingest_errors"):
            console.print(f"[yellow]documents skipped:[/] {escape('; '.join(cfg['ingest_errors']))}", highlight=False)
    judge = report.get("judge")
    if judge:
        parts = [f"judge: accuracy {judge['accuracy']:.1%}, Cohen's κ {judge['kappa']:.2f} on {judge['n']} labelled pairs"]
        parts.append(f"tuning slice {judge['tuning']['accuracy']:.1%} / κ {judge['tuning']['kappa']:.2f} "
                     f"({judge['tuning']['n']})")
        if judge.get("untuned"):
            parts.append(f"untuned slice {judge['untuned']['accuracy']:.1%} / κ {judge['untuned']['kappa']:.2f} "
                         f"({judge['untuned']['n']})")
        console.print("; ".join(parts), highlight=False)
        console.print("judge recall by category: " + ", ".join(
            f"{k} {v['right']}/{v['total']}" for k, v in judge["categories"].items()), highlight=False)
    llm = report.get("llm_judge")
    if llm:
        console.print(f"LLM judge ({llm['model']}): faithfulness {fmt(llm['faithfulness'])}, answer relevancy "
                      f"{fmt(llm['answer_relevancy'])} on {llm['judged']} answers", highlight=False)
    t = report["timings"]
    console.print(f"took {t['total_s']:.0f}s (ours {t['ours_s']:.0f}s, baselines {t['baseline_s'] + t.get('baseline_top4_s', 0):.0f}s, "
                  f"scoring {t['scoring_s']:.0f}s)", highlight=False)


def _print_compare(console: Any, comparison: dict[str, Any]) -> None:
    counts = comparison["counts"]
    console.print(f"compared with {comparison['old_created']}"
                  + ("" if comparison["same_knowledge"] else " (the knowledge documents differ)") + ":", highlight=False)
    moved = [(k, m) for k, m in comparison["metrics"].items() if m["better"] != "same"]
    for key, m in moved:
        colour = "green" if m["better"] == "better" else "red"
        console.print(f"  [{colour}]{key}: {m['before']} → {m['after']} ({m['delta']:+g})[/]", highlight=False)
    if not moved:
        console.print("  no metric moved", highlight=False)
    console.print(f"  cases in both runs: {counts['improved']} improved, {counts['regressed']} regressed, "
                  f"{counts['changed']} changed answer; {counts['only_before']} only before, "
                  f"{counts['only_after']} only now", highlight=False)
    for row in comparison["cases"]:
        if row["status"] in ("improved", "regressed"):
            colour = "green" if row["status"] == "improved" else "red"
            console.print(f"  [{colour}]{row['status']}[/] {row['id']}: correctness "
                          f"{row['before']['correctness']:.2f} → {row['after']['correctness']:.2f}", highlight=False)


def markdown(report: dict[str, Any]) -> str:
    cfg = report["config"]
    gate = gate_lines(report)
    lines = [f"# advisor eval — {report['created']}", "", f"**{gate[0]}**", ""]
    lines += [f"- {line.strip()}" for line in gate[1:]]
    failing = failures(report)
    if failing:
        total = sum(not c["ours"]["scores"]["passed"] for c in report["cases"])
        lines += ["", f"## Cases not passed ({total} of {len(report['cases'])})", ""]
        for c in failing:
            reasons = "; ".join(c["reasons"][:3]).replace("|", "\\|")
            lines.append(f"- {c['question'] if c['holdout'] else '`' + c['id'] + '`'}: {reasons}")
    comparison = report.get("compare")
    if comparison:
        counts = comparison["counts"]
        lines += ["", f"## Compared with {comparison['old_created']}", "", "| metric | before | after | Δ |", "|---|---:|---:|---:|"]
        lines += [f"| {k} | {m['before']} | {m['after']} | {m['delta']:+g} |" for k, m in comparison["metrics"].items()
                  if m["better"] != "same"]
        lines += ["", f"Cases in both runs: {counts['improved']} improved, {counts['regressed']} regressed, "
                      f"{counts['changed']} changed answer ({counts['only_before']} only before, {counts['only_after']} only now)."]
        lines += [f"- {r['status']}: `{r['id']}`" for r in comparison["cases"]]
    lines += ["", "## Metrics", "",
              f"{cfg['cases']} cases ({cfg['holdout_cases']} holdout), {cfg.get('mode', 'golden')}, knowledge "
              f"`{report['knowledge']['hash'][:12]}`, took {report['timings']['total_s']:.0f}s.", "",
              "| metric | " + " | ".join(PIPELINE_LABELS[p] for p in PIPELINES) + " | ours (holdout) |",
              "|---|" + "---:|" * (len(PIPELINES) + 1)]
    for row in metric_rows(report):
        label = row["label"] + (f" ({row['note']})" if row["note"] else "")
        lines.append(f"| {label} | " + " | ".join(_cell(row, f"{p}_all") for p in PIPELINES)
                     + f" | {_cell(row, 'ours_holdout')} |")
    lines += ["", f"Baselines: {cfg['baseline']}; {cfg.get('baseline_top4', '')}."]
    corpus = report.get("corpus")
    if corpus:
        lines += ["", "## Shared scorer (score_questions.py definitions)", "", "| pipeline | hit4 | cited | facts | abstain | forbidden |",
                  "|---|---:|---:|---:|---:|---:|"]
        lines += [f"| {PIPELINE_LABELS[p]} | " + " | ".join(f"{corpus[p][k]:.2f}" for k in CORPUS_THRESHOLDS)
                  + f" | {corpus[p]['forbidden']} |" for p in PIPELINES]
    judge = report.get("judge")
    if judge:
        lines += ["", "## Judge", "", f"Accuracy {judge['accuracy']:.1%}, Cohen's κ {judge['kappa']:.2f} on {judge['n']} "
                  f"independent labelled pairs (tuning slice {judge['tuning']['accuracy']:.1%} / κ {judge['tuning']['kappa']:.2f}"
                  + (f"; untuned slice {judge['untuned']['accuracy']:.1%} / κ {judge['untuned']['kappa']:.2f}"
                     if judge.get("untuned") else "") + ").", "", "| category | right | recall |", "|---|---:|---:|"]
        lines += [f"| {k} ({v['label']}) | {v['right']}/{v['total']} | {v['recall']:.0%} |" for k, v in judge["categories"].items()]
    llm = report.get("llm_judge")
    if llm:
        lines += ["", f"**LLM judge** ({llm['model']}): faithfulness {fmt(llm['faithfulness'])}, "
                      f"answer relevancy {fmt(llm['answer_relevancy'])} on {llm['judged']} answers."]
    return "\n".join(lines) + "\n"


def html(report: dict[str, Any]) -> str:
    """The browsable report: one file, inline CSS/SVG/JS, everything from the run escaped by Jinja2."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True), undefined=StrictUndefined)
    env.filters["fmt"] = fmt
    env.filters["gate_kind"] = gate_kind
    return env.get_template("report.html.j2").render(
        report=report, rows=metric_rows(report), pipelines=PIPELINES, labels=PIPELINE_LABELS,
        failing=failures(report), tag_chart=_tag_chart(report), judge_chart=_judge_chart(report),
        corpus_keys=list(CORPUS_THRESHOLDS), json_dumps=lambda v: json.dumps(v, ensure_ascii=False))


def _tag_chart(report: dict[str, Any]) -> dict[str, Any]:
    """Correctness per tag for every pipeline, with the correctness threshold marked."""
    threshold = report.get("thresholds", {}).get("minimum", {}).get("correctness")
    rows = []
    for tag, t in report["by_tag"].items():
        rows.append({"tag": tag, "cases": t["ours"]["cases"],
                     "bars": [{"cls": p, "value": t[p]["correctness"], "width": round(200 * t[p]["correctness"], 1),
                               "text": fmt(t[p]["correctness"])} for p in PIPELINES],
                     "below": threshold is not None and t["ours"]["correctness"] < threshold})
    return {"rows": rows, "threshold": threshold, "mark": None if threshold is None else round(200 * threshold, 1)}


def _judge_chart(report: dict[str, Any]) -> list[dict[str, Any]]:
    judge = report.get("judge")
    if not judge:
        return []
    return [{"category": k, "label": v["label"], "recall": v["recall"], "width": round(200 * v["recall"], 1),
             "text": f"{v['right']}/{v['total']}"} for k, v in judge["categories"].items()]


def write(report: dict[str, Any], out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "report.json", "md": out / "report.md", "html": out / "report.html"}
    paths["json"].write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    paths["md"].write_text(markdown(report), encoding="utf-8")
    paths["html"].write_text(html(report), encoding="utf-8")
    return paths

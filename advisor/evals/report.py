"""What a maintainer reads after `advisor eval`: a terminal table, report.json (one per run, comparable across
runs), report.md for CI logs and a self-contained report.html with a drill-down per question.

Also the two gates built on report.json: `--compare OLD.json` (what improved or regressed, per question)
and `--check` (metrics against evals/thresholds.yaml).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from advisor.evals.golden import EvalDataError, Thresholds
from advisor.evals.metrics import K, Output
from advisor.evals.runner import PIPELINES, EvalRun

SCHEMA = 1
SPLITS = ("all", "tuning", "holdout")
# (key, label, kind): kind says how to format and which direction is better.
RETRIEVAL_METRICS = [("hit@1", "hit@1", "share"), (f"hit@{K}", f"hit@{K}", "share"), (f"mrr@{K}", f"MRR@{K}", "share"),
                     (f"ndcg@{K}", f"nDCG@{K}", "share"), (f"recall@{K}", f"evidence recall@{K}", "share"),
                     ("context_chars", "context chars", "chars")]
GENERATION_METRICS = [("correctness", "correctness", "share"), ("fact_recall", "fact recall", "share"),
                      ("groundedness", "groundedness", "share"), ("citation_recall", "citation recall (ALCE)", "share"),
                      ("citation_precision", "citation precision (ALCE)", "share"),
                      ("abstention_precision", "abstention precision", "share"),
                      ("abstention_recall", "abstention recall", "share"),
                      ("unsupported_numbers", "unsupported numbers", "count"), ("forbidden_hits", "forbidden facts", "count"),
                      ("passed", "cases passed", "passed"), ("latency_p50_ms", "latency p50 ms", "ms")]
LOWER_IS_BETTER = {"unsupported_numbers", "forbidden_hits", "errors", "context_chars", "latency_p50_ms", "latency_p95_ms"}


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
        "overall": overall,
        "retrieval": {s: {p: splits[s][p]["retrieval"] for p in PIPELINES} for s in SPLITS if splits.get(s)},
        "generation": {s: {p: splits[s][p]["generation"] for p in PIPELINES} for s in SPLITS if splits.get(s)},
        "by_tag": run.summary["by_tag"],
        "judge": run.judge.to_dict() if run.judge else None,
        "llm_judge": run.llm_judge,
        "cases": [_case(r) for r in run.results],
    }
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
    """Every threshold with the measured value and whether it holds; `passed` is what --check exits on."""
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
        swapped = judge["traps"].get("swapped-number", {"caught": 0, "total": 0})
        measured = {"accuracy": judge["accuracy"], "kappa": judge["kappa"],
                    "swapped_number_caught": swapped["caught"] / swapped["total"] if swapped["total"] else 1.0}
        for name, bound in thresholds.judge_minimum.items():
            value = measured.get(name)
            rows.append({"metric": f"judge.{name}", "bound": "≥", "threshold": bound, "value": value,
                         "ok": value is not None and value >= bound})
    unknown = [r["metric"] for r in rows if r["value"] is None]
    return {"passed": all(r["ok"] for r in rows), "rows": rows, "unknown": unknown}


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Per question: improved, regressed, unchanged, added or removed (our pipeline); per metric: the change."""
    before = {c["id"]: c for c in old.get("cases", [])}
    after = {c["id"]: c for c in new.get("cases", [])}
    rows = []
    for case_id in sorted(before.keys() | after.keys()):
        a, b = before.get(case_id), after.get(case_id)
        if a is None or b is None:
            rows.append({"id": case_id, "status": "added" if a is None else "removed", "before": None, "after": None})
            continue
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
    metrics = {}
    for key, value in new["overall"]["ours"].items():
        previous = old.get("overall", {}).get("ours", {}).get(key)
        if isinstance(value, (int, float)) and isinstance(previous, (int, float)):
            metrics[key] = {"before": previous, "after": value, "delta": round(value - previous, 4)}
    counts = {s: sum(r["status"] == s for r in rows) for s in ("improved", "regressed", "changed", "unchanged", "added", "removed")}
    same_docs = old.get("knowledge", {}).get("hash") == new.get("knowledge", {}).get("hash")
    return {"old_created": old.get("created"), "same_knowledge": same_docs, "counts": counts, "metrics": metrics,
            "cases": [r for r in rows if r["status"] != "unchanged"]}


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
    """One row per metric: ours and baseline on all cases and on the holdout split."""
    rows = []
    for section, metrics in (("retrieval", RETRIEVAL_METRICS), ("generation", GENERATION_METRICS)):
        for key, label, kind in metrics:
            row = {"key": key, "label": label, "kind": kind, "section": section}
            for split in SPLITS:
                for p in PIPELINES:
                    block = report[section].get(split, {}).get(p, {})
                    value = block.get(key)
                    if kind == "passed" and value is not None:
                        value = f"{value}/{block.get('cases')}"
                    row[f"{p}_{split}"] = value
            rows.append(row)
    return rows


def print_summary(console: Any, report: dict[str, Any]) -> None:
    from rich.table import Table

    cfg = report["config"]
    table = Table(title=f"advisor eval — {cfg['cases']} cases ({cfg['holdout_cases']} holdout), "
                        f"knowledge {report['knowledge']['hash'][:12]}", title_justify="left")
    table.add_column("metric")
    for head in ("ours", "baseline", "ours holdout", "baseline holdout"):
        table.add_column(head, justify="right")
    for row in metric_rows(report):
        cells = [row["ours_all"], row["baseline_all"], row["ours_holdout"], row["baseline_holdout"]]
        rendered = [c if isinstance(c, str) else fmt(c, row["kind"]) for c in cells]
        table.add_row(row["label"], f"[bold]{rendered[0]}[/]", *rendered[1:])
    console.print(table)
    judge = report.get("judge")
    if judge:
        traps = ", ".join(f"{k} {v['caught']}/{v['total']}" for k, v in judge["traps"].items())
        console.print(f"judge: accuracy {judge['accuracy']:.1%}, Cohen's κ {judge['kappa']:.2f} on {judge['n']} labelled "
                      f"pairs; traps caught: {traps}; leave-one-out accuracy "
                      f"{judge['calibration']['leave_one_out_accuracy']:.1%}", highlight=False)
    llm = report.get("llm_judge")
    if llm:
        console.print(f"LLM judge ({llm['model']}): faithfulness {fmt(llm['faithfulness'])}, answer relevancy "
                      f"{fmt(llm['answer_relevancy'])} on {llm['judged']} answers", highlight=False)
    failing = [c for c in report["cases"] if not c["ours"]["scores"]["passed"]]
    if failing:
        console.print(f"[yellow]{len(failing)} case(s) not passed:[/] " + ", ".join(c["id"] for c in failing), highlight=False)
    comparison = report.get("compare")
    if comparison:
        counts = comparison["counts"]
        console.print(f"compared with {comparison['old_created']}: {counts['improved']} improved, "
                      f"{counts['regressed']} regressed, {counts['changed']} changed answer, "
                      f"{counts['added']} added, {counts['removed']} removed"
                      + ("" if comparison["same_knowledge"] else " (the knowledge documents differ)"), highlight=False)
        for row in comparison["cases"]:
            if row["status"] in ("improved", "regressed"):
                colour = "green" if row["status"] == "improved" else "red"
                console.print(f"  [{colour}]{row['status']}[/] {row['id']}: correctness "
                              f"{row['before']['correctness']:.2f} → {row['after']['correctness']:.2f}", highlight=False)
    t = report["timings"]
    console.print(f"took {t['total_s']:.0f}s (ours {t['ours_s']:.0f}s, baseline {t['baseline_s']:.0f}s, "
                  f"scoring {t['scoring_s']:.0f}s)", highlight=False)


def markdown(report: dict[str, Any]) -> str:
    cfg = report["config"]
    lines = [f"# advisor eval — {report['created']}", "",
             f"{cfg['cases']} cases ({cfg['holdout_cases']} holdout), knowledge `{report['knowledge']['hash'][:12]}`, "
             f"took {report['timings']['total_s']:.0f}s. Baseline: {cfg['baseline']}.", "",
             "| metric | ours | baseline | ours (tuning) | ours (holdout) | baseline (holdout) |",
             "|---|---:|---:|---:|---:|---:|"]
    for row in metric_rows(report):
        cells = [row["ours_all"], row["baseline_all"], row["ours_tuning"], row["ours_holdout"], row["baseline_holdout"]]
        lines.append(f"| {row['label']} | " + " | ".join(c if isinstance(c, str) else fmt(c, row["kind"]) for c in cells) + " |")
    judge = report.get("judge")
    if judge:
        traps = ", ".join(f"{k} {v['caught']}/{v['total']}" for k, v in judge["traps"].items())
        lines += ["", f"**Judge**: accuracy {judge['accuracy']:.1%}, Cohen's κ {judge['kappa']:.2f} on {judge['n']} "
                      f"hand-labelled pairs (leave-one-out {judge['calibration']['leave_one_out_accuracy']:.1%}); "
                      f"traps caught: {traps}."]
    llm = report.get("llm_judge")
    if llm:
        lines += ["", f"**LLM judge** ({llm['model']}): faithfulness {fmt(llm['faithfulness'])}, "
                      f"answer relevancy {fmt(llm['answer_relevancy'])} on {llm['judged']} answers."]
    gate = report["check"]
    lines += ["", f"**Gate** (`--check`): {'passed' if gate['passed'] else 'FAILED'}", ""]
    lines += [f"- {'✅' if r['ok'] else '❌'} {r['metric']} {fmt(r['value'], gate_kind(r))} "
              f"(needs {r['bound']} {r['threshold']:g})" for r in gate["rows"]]
    failing = [c for c in report["cases"] if not c["ours"]["scores"]["passed"]]
    if failing:
        lines += ["", f"## Cases not passed ({len(failing)})", ""]
        for c in failing:
            reasons = "; ".join(c["ours"]["scores"]["failures"][:3]).replace("|", "\\|")
            lines.append(f"- `{c['id']}`{' (holdout)' if c['holdout'] else ''}: {reasons}")
    comparison = report.get("compare")
    if comparison:
        counts = comparison["counts"]
        lines += ["", f"## Compared with {comparison['old_created']}", "",
                  f"{counts['improved']} improved, {counts['regressed']} regressed, {counts['changed']} changed answer, "
                  f"{counts['added']} added, {counts['removed']} removed."]
        lines += [f"- {r['status']}: `{r['id']}`" for r in comparison["cases"]]
    return "\n".join(lines) + "\n"


def html(report: dict[str, Any]) -> str:
    """The browsable report: one file, inline CSS/SVG/JS, everything from the run escaped by Jinja2."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True), undefined=StrictUndefined)
    env.filters["fmt"] = fmt
    env.filters["gate_kind"] = gate_kind
    return env.get_template("report.html.j2").render(report=report, rows=metric_rows(report), charts=_charts(report),
                                                     json_dumps=lambda v: json.dumps(v, ensure_ascii=False))


def _charts(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Bar data per metric (ours/baseline × all/holdout), scaled so the longest bar of a metric fills the width."""
    charts = []
    for row in metric_rows(report):
        if row["kind"] in ("passed", "ms"):
            continue
        bars = [("ours", "ours", row["ours_all"]), ("baseline", "baseline", row["baseline_all"]),
                ("ours holdout", "ours", row["ours_holdout"]), ("baseline holdout", "baseline", row["baseline_holdout"])]
        values = [v for _, _, v in bars if isinstance(v, (int, float))]
        scale = 1.0 if row["kind"] == "share" else max(values + [1])
        charts.append({"label": row["label"], "key": row["key"], "better": "lower" if row["key"] in LOWER_IS_BETTER else "higher",
                       "bars": [{"label": label, "cls": cls, "value": v, "text": fmt(v, row["kind"]),
                                 "width": 0 if not isinstance(v, (int, float)) else round(220 * v / scale, 1)}
                                for label, cls, v in bars]})
    return charts


def write(report: dict[str, Any], out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "report.json", "md": out / "report.md", "html": out / "report.html"}
    paths["json"].write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    paths["md"].write_text(markdown(report), encoding="utf-8")
    paths["html"].write_text(html(report), encoding="utf-8")
    return paths

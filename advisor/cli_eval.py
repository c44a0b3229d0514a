"""`advisor eval`: run a question set and report (the default), and `advisor eval judge`, the claim checker's
machine interface. Registered on the main app by advisor/cli.py."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

eval_app = typer.Typer(no_args_is_help=False, invoke_without_command=True)


@eval_app.callback()
def run(
    ctx: typer.Context,
    out_dir: Annotated[Optional[Path], typer.Option("--out", help="Report folder (default: eval-reports/<date-time>).")] = None,
    check: Annotated[bool, typer.Option("--check", help="Kept for scripts: every run exits 1 when the gate fails.")] = False,
    compare_with: Annotated[Optional[Path], typer.Option("--compare", help="An earlier report.json: metric deltas and changed cases.")] = None,
    judge: Annotated[bool, typer.Option("--judge", help="Also validate the claim checker on evals/judge_pairs*.yaml.")] = False,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="Only cases with this tag (repeatable).")] = None,
    split: Annotated[str, typer.Option("--split", help="all, tuning (no holdout) or holdout.")] = "all",
    docs: Annotated[Optional[Path], typer.Option("--docs", help="Evaluate this folder of documents instead of knowledge/ (with --questions).")] = None,
    questions: Annotated[Optional[Path], typer.Option("--questions", help="A question file in the shared-corpus format (JSON).")] = None,
    report_only: Annotated[bool, typer.Option("--report-only", help="Report the gate but exit 0 when only the gate fails (errors still exit 1).")] = False,
    llm_judge: Annotated[bool, typer.Option("--llm-judge", help="Also run the RAGAS-style LLM judge (needs ADVISOR_LLM).")] = False,
) -> None:
    """Run the golden questions (or --docs with --questions) through the real pipeline and two naive baselines;
    print the gate and the failures; write report.json/.md/.html. Exits 1 when the gate fails.

    `advisor eval judge` runs the claim checker on sentence and passage pairs; `advisor eval topics` compares
    section topics with a person's labels."""
    if ctx.invoked_subcommand is not None:
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from advisor.console import err, friendly_errors, out
    from advisor.errors import AdvisorError
    from advisor.evals import report as reports
    from advisor.evals.runner import EvalPaths, run_eval
    from advisor.settings import load_settings

    with friendly_errors():
        settings = load_settings()
        llm = None
        if llm_judge:
            if not settings.llm:
                raise AdvisorError("--llm-judge needs a chat model: set ADVISOR_LLM (e.g. openai:gpt-4o-mini).")
            from advisor.llm import chat_model_from_settings

            llm = chat_model_from_settings(settings)
        old = reports.load(compare_with) if compare_with else None
        with Progress(TextColumn("Evaluating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("eval", total=None)
            result = run_eval(settings, EvalPaths.under(settings.eval_dir), tags=tag or [], split=split,
                              with_judge=judge, llm=llm, docs=docs, questions=questions,
                              progress=lambda done, total: bar.update(task, completed=done, total=total))
        report = reports.build(result)
        if old is not None:
            report["compare"] = reports.compare(old, report)
        target = out_dir or settings.eval_reports_dir / datetime.now().strftime("%Y-%m-%d_%H%M%S")
        paths = reports.write(report, target)
        reports.print_summary(out, report)
        out.print(f"Reports: {paths['json']}, {paths['md']}, {paths['html']}", highlight=False)
        if not report["check"]["passed"]:
            for line in reports.gate_lines(report)[1:]:
                err.print(f"[red]{line.strip()}[/]", highlight=False)
            if not report_only:
                raise typer.Exit(1)
            err.print("gate failed; --report-only: exiting 0", highlight=False)


@eval_app.command("judge")
def judge_pairs(
    pairs: Annotated[str, typer.Option("--pairs", help="JSON Lines of {id, sentence, passages: [{n, role, text}]}; - = stdin. "
                                                       "A .yaml file of labelled groups works too.")],
    validate: Annotated[bool, typer.Option("--validate", help="The pairs carry labels: print accuracy, κ and recall by category.")] = False,
) -> None:
    """The claim checker on (sentence, cited passages) pairs: one JSON line {id, supported, reasons} per pair.
    The same checker the chat-model path uses at run time, so the verdicts are the runtime's."""
    from advisor.console import friendly_errors, out
    from advisor.evals.judge import judge_lines, load_pairs, validate as validate_pairs

    with friendly_errors():
        loaded = load_pairs(Path(pairs))
        if validate:
            result = validate_pairs(loaded).tuning
            result = type(result)(Path(pairs).stem, *list(result.__dict__.values())[1:])
            out.print(json.dumps(result.to_dict(with_misses=False), ensure_ascii=False), highlight=False, soft_wrap=True)
            return
        for line in judge_lines(loaded):
            typer.echo(json.dumps(line, ensure_ascii=False))


@eval_app.command("topics")
def topics(
    docs: Annotated[Optional[list[Path]], typer.Option("--docs", help="A folder or file of role documents (repeatable; default: the knowledge folder).")] = None,
    labels: Annotated[Optional[Path], typer.Option("--labels", help="Labelled sections (default: evals/section_topics.yaml).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Section topics against a person's reading: ingest the documents into a temporary index, match each
    labelled section (file, last heading, optional parent heading) to its chunks, and compare topics.

    A section agrees when the topics the index assigned to it (the union over its chunks: what the headings
    mean plus what the text states) include every labelled topic and add at most one other. Agreement is over
    the matched sections; labels that match no section are listed, not dropped. See evals/README.md."""
    from advisor.console import friendly_errors, out
    from advisor.evals import topic_agreement
    from advisor.settings import load_settings

    with friendly_errors():
        settings = load_settings()
        result = topic_agreement.run(settings, docs or [settings.knowledge_dir],
                                     labels or settings.eval_dir / "section_topics.yaml")
        if as_json:
            typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
            return
        for line in topic_agreement.report_lines(result):
            out.print(line, highlight=False, markup=False)

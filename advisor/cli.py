"""The `advisor` command: thin wiring from the terminal to the modules; errors become one clear line."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from advisor.errors import AdvisorError

app = typer.Typer(help="Role Advisor: grounded, cited answers about the roles in your role documents.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object (JSON Lines with --batch).")]


@contextmanager
def _friendly_errors() -> Iterator[None]:
    """AdvisorError → one red line and exit 1; Ctrl-C → exit 130; anything else is a bug and shows a traceback."""
    try:
        yield
    except AdvisorError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens (to stderr).")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("chromadb", "httpx", "sentence_transformers", "transformers", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose else logging.ERROR)


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (default: ADVISOR_KNOWLEDGE_DIR).")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-embed everything into a fresh collection.")] = False,
) -> None:
    """Index role documents (.md .txt .html .pdf .docx). The index mirrors the given paths; only changes are embedded."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from advisor import index
    from advisor.embeddings import Embedder
    from advisor.settings import load_settings

    with _friendly_errors():
        settings = load_settings()
        targets = paths or [settings.knowledge_dir]
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True, disable=not err.is_terminal) as bar:
            tasks: dict[str, int] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if total <= 5 and stage == "read":
                    return
                if stage not in tasks:
                    tasks[stage] = bar.add_task({"read": "Reading", "embed": "Indexing"}[stage], total=total)
                bar.update(tasks[stage], completed=done, total=total)

            report = index.sync(settings, targets, Embedder(), progress=progress, rebuild=rebuild)
        for error in report.errors:
            err.print(f"[red]skipped[/] {error} (its previous version, if any, stays indexed)", highlight=False)
        for dup, original in report.duplicates:
            err.print(f"[yellow]skipped[/] {dup}: same content as {original}", highlight=False)
        out.print(f"{len(report.files)} files: {report.added} chunks added, {report.updated} updated, "
                  f"{report.removed} removed, {report.unchanged} unchanged.", highlight=False)
        if report.errors:
            raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[Optional[str], typer.Argument(help="The question (omit with --batch).")] = None,
    as_json: JsonFlag = False,
    batch: Annotated[Optional[str], typer.Option("--batch", help="File of questions, one per line; - for stdin.")] = None,
) -> None:
    """Answer one question (or a batch) from the role documents, with citations."""
    from advisor.engine import Advisor
    from advisor.settings import load_settings

    with _friendly_errors():
        advisor = Advisor(load_settings())
        if batch is not None:
            lines = (sys.stdin if batch == "-" else _open_batch(batch)).read().splitlines()
            for line in (q for q in lines if q.strip()):
                try:
                    result = advisor.ask(line).to_dict()
                except AdvisorError as exc:
                    result = {"question": line, "error": str(exc)}
                if as_json:
                    out.out(json.dumps(result, ensure_ascii=False), highlight=False)
                else:
                    _print_answer(result)
            return
        if question is None:
            raise AdvisorError("Give a question, e.g. advisor ask \"What does a Tech Director do?\", or --batch FILE.")
        result = advisor.ask(question).to_dict()
        if as_json:
            out.out(json.dumps(result, ensure_ascii=False), highlight=False)
        else:
            _print_answer(result)


@app.command()
def chat() -> None:
    """A terminal conversation; follow-ups keep the role from earlier turns. Empty line or Ctrl-D ends it."""
    from advisor.engine import Advisor, Turn
    from advisor.settings import load_settings

    with _friendly_errors():
        advisor = Advisor(load_settings())
        out.print(f"Roles: {', '.join(advisor.roles)}. Ask about pay, progression, skills, education, experience "
                  "or responsibilities. Empty line to quit.", highlight=False)
        history: list[Turn] = []
        while True:
            try:
                question = out.input("[bold]you>[/] ")
            except EOFError:
                break
            if not question.strip():
                break
            try:
                answer = advisor.ask(question, history[-advisor.settings.history_turns:])
            except AdvisorError as exc:
                err.print(f"[red]error:[/] {exc}", highlight=False)
                continue
            history.append(Turn(question, tuple(answer.roles), tuple(answer.topics)))
            _print_answer(answer.to_dict())


@app.command()
def roles(as_json: JsonFlag = False) -> None:
    """The roles in the index and which topics their documents cover."""
    from rich.table import Table

    from advisor.engine import Advisor
    from advisor.settings import load_settings
    from advisor.topics import TOPICS

    with _friendly_errors():
        catalog = Advisor(load_settings()).roles
        if as_json:
            out.out(json.dumps([{"title": r.title, "aliases": list(r.aliases), "family": r.family,
                                 "topics": sorted(r.topics), "sources": list(r.sources)} for r in catalog.values()]))
            return
        table = Table("Role (aliases)", *[t[:5].capitalize() for t in TOPICS], caption="✓ = the role's documents cover it")
        for role in catalog.values():
            names = role.title + (f"\n[dim]{', '.join(role.aliases)}[/]" if role.aliases else "")
            table.add_row(names, *["✓" if t in role.topics else "—" for t in TOPICS])
        out.print(table)


@app.command()
def start() -> None:
    """The main job: the Slack bot when its tokens are set; otherwise a short demo, then the terminal chat."""
    from advisor.engine import Advisor
    from advisor.settings import load_settings

    with _friendly_errors():
        settings = load_settings()
        err.print("Slack is not connected (set SLACK_BOT_TOKEN and SLACK_APP_TOKEN; see README, "
                  "'Connect to Slack'). Answering here instead.", highlight=False)
        advisor = Advisor(settings)
        catalog = advisor.roles
        first = next(iter(catalog))
        for question in _demo_questions(catalog):
            out.print(f"\n[bold]demo>[/] {question}", highlight=False)
            _print_answer(advisor.ask(question).to_dict())
        if sys.stdin.isatty():
            out.print("")
            chat()
        else:
            out.print(f"\nAsk your own: .venv/bin/advisor ask \"What does a {first} do?\"  or  .venv/bin/advisor chat",
                      highlight=False)


def _demo_questions(catalog: dict) -> list[str]:
    """A few questions that show both answering and abstaining, built from the roles actually indexed."""
    questions = []
    with_pay = [r for r in catalog.values() if "pay" in r.topics]
    without_pay = [r for r in catalog.values() if "pay" not in r.topics]
    if with_pay:
        questions.append(f"What is the pay range for a {with_pay[0].title}?")
    if without_pay:
        questions.append(f"What is the salary of a {without_pay[0].title}?")
    with_path = [r for r in catalog.values() if "progression" in r.topics]
    if with_path:
        questions.append(f"What can a {with_path[0].title} be promoted to?")
    return questions or [f"What does a {next(iter(catalog))} do?"]


# -- slack commands (issue 4) --

# -- eval commands (issue 6) --

# -- draft and compare commands (issue 7) --


def _open_batch(path: str) -> object:
    try:
        return open(path, encoding="utf-8")
    except OSError as exc:
        raise AdvisorError(f"Cannot read the batch file {path}: {exc.strerror}.") from None


def _print_answer(result: dict) -> None:
    if "error" in result:
        err.print(f"[red]error:[/] {result['error']}", highlight=False)
        return
    out.print(result["answer"], highlight=False, markup=False)
    if result["citations"]:
        out.print("")
        for c in result["citations"]:
            out.print(f"[dim][{c['n']}] {c['section']} ({c['source']})[/]", highlight=False)


if __name__ == "__main__":
    app()

"""The `advisor` command: thin wiring from the terminal to the modules; errors become one clear line."""

from __future__ import annotations

import inspect
import json
import logging
import sys
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer
from rich.markup import escape

from advisor.console import JsonFlag, JsonRowsFlag, err, friendly_errors, out
from advisor.errors import AdvisorError

app = typer.Typer(help="Role Advisor: grounded, cited answers about the roles in your role documents.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens (to stderr).")] = False) -> None:
    for console in (out, err):  # a terminal gets lines wrapped between words; a pipe gets whole lines
        console.soft_wrap = not console.is_terminal
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("chromadb", "httpx", "sentence_transformers", "transformers", "urllib3", "pypdf"):
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose else logging.ERROR)


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Files or folders to add (default: ADVISOR_KNOWLEDGE_DIR when set, else what the last ingest read, "
             "else ./knowledge).", show_default=False)] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Index only the given paths: documents indexed before from "
                                                        "other files or folders are removed.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-embed everything into a fresh collection.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when any file was skipped (by default, only when "
                                                          "no file could be read).")] = False,
) -> None:
    """Index role documents (.md .txt .html .pdf .docx); only what changed is embedded.

    Without paths, the files and folders of the last ingest are read again, from whatever folder this runs in
    (ADVISOR_KNOWLEDGE_DIR, when set, is read instead). Given paths are added to what the last ingest read
    (--prune: the index keeps only the given paths). A document deleted from an indexed folder leaves the index."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from advisor import index, ingested
    from advisor.embeddings import Embedder
    from advisor.settings import load_settings

    with friendly_errors():
        settings = load_settings()
        indexed = bool(paths) and not prune and index.active_name(settings) is not None
        plan = ingested.plan(settings, paths or [], prune=prune, indexed=indexed)
        for path in plan.gone:
            err.print(f"[yellow]{escape(str(path))}[/], indexed before, is no longer there: its documents leave the "
                      "index.", highlight=False)
        if plan.remembered:
            err.print(f"Reading {', '.join(map(str, plan.targets))} (as the last ingest did).", highlight=False)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.fields[rate]}"), console=err, transient=True,
                      disable=not err.is_terminal) as bar:
            tasks: dict[str, tuple[int, int, float]] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if total <= 5 and stage == "read":
                    return
                if stage not in tasks:
                    name = {"read": "Reading", "embed": "Indexing"}[stage]
                    tasks[stage] = bar.add_task(name, total=total, rate=""), done, time.perf_counter()
                task, first, since = tasks[stage]  # throughput since the first report of this stage
                seconds = time.perf_counter() - since
                rate = f"{(done - first) / seconds:.0f} {'documents' if stage == 'read' else 'chunks'}/s" \
                    if done > first and seconds > 0 else ""
                bar.update(task, completed=done, total=total, rate=rate)

            started = time.perf_counter()
            embedder = Embedder.for_settings(settings, remember=True)
            bar.add_task("Loading the embedding model (the first time, it is exported for onnxruntime)", total=None,
                         rate="")
            embedder.load()
            bar.remove_task(bar.task_ids[0])
            report = index.sync(settings, plan.targets, embedder, progress=progress, rebuild=rebuild)
            if report.collection:  # the passages answers rank, embedded now rather than on each role's first question
                from advisor.engine import Advisor

                bar.add_task("Preparing answers", total=None, rate="")
                Advisor(settings, embedder).prepare()
            elapsed = time.perf_counter() - started
        ingested.remember(settings, plan.targets)
        for error in report.errors:
            err.print(f"[red]skipped[/] {error} (its previous version, if any, stays indexed)", highlight=False)
        for dup, original in report.duplicates:
            err.print(f"[yellow]skipped[/] {dup}: same content as {original}", highlight=False)
        out.print(f"{len(report.files)} files: {report.added} chunks added, {report.updated} updated, "
                  f"{report.removed} removed, {report.unchanged} unchanged.", highlight=False)
        if plan.kept:
            out.print(f"Indexed with what the last ingest read ({', '.join(map(str, plan.kept))}); "
                      "--prune indexes only the paths given.", highlight=False)
        if report.added:
            out.print(f"Indexed in {elapsed:.1f} s ({len(report.files) / elapsed:.1f} documents/s, "
                      f"{report.added / elapsed:.1f} new chunks/s, model load included).", highlight=False)
        if report.errors and strict:
            # a file that can't be read is skipped with its reason and the rest indexed: that ingest succeeded
            # (one that reads no file at all is an error above), unless the caller asked for every file
            raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[Optional[str], typer.Argument(help="The question (omit with --batch).")] = None,
    as_json: JsonFlag = False,
    batch: Annotated[Optional[str], typer.Option("--batch", help="File of questions, one per line; - for stdin.")] = None,
) -> None:
    """Answer one question (or a batch) from the role documents, with citations."""
    from advisor.engine import Advisor
    from advisor.generate import model_for, respond
    from advisor.settings import load_settings

    with friendly_errors():
        advisor = Advisor(load_settings())
        model = model_for(advisor)  # a missing key or provider package is one clear line, before any question
        if batch is not None:
            lines = (sys.stdin if batch == "-" else _open_batch(batch)).read().splitlines()
            for line in (q for q in lines if q.strip()):
                try:
                    result = respond(advisor, line).to_dict()
                except AdvisorError as exc:
                    result = {"question": line, "error": str(exc)}
                if as_json:
                    out.out(json.dumps(result, ensure_ascii=False), highlight=False)
                else:
                    _print_answer(result)
            return
        if question is None:
            raise AdvisorError("Give a question, e.g. advisor ask \"What does a Tech Director do?\", or --batch FILE.")
        if model is not None and not as_json:
            _stream_answer(advisor, question)
            return
        result = respond(advisor, question).to_dict()
        if as_json:
            out.out(json.dumps(result, ensure_ascii=False), highlight=False)
        else:
            _print_answer(result)


@app.command()
def chat() -> None:
    """A terminal conversation: follow-ups ("and its pay?", "the other one", "compare them", "and for level 3?")
    are read against earlier turns, and "thanks" or "hi" get a short reply. On a terminal: line editing and
    history (arrow keys); Ctrl-C cancels the line or the answer under way; Ctrl-D quits. Also reads questions
    from a pipe, one per line."""
    from advisor import terminal
    from advisor.conversation import Turn, turn_after
    from advisor.engine import Advisor
    from advisor.generate import model_for
    from advisor.settings import load_settings

    with friendly_errors():
        settings = load_settings()
        advisor = Advisor(settings)
        model = model_for(advisor)
        interactive = terminal.interactive()
        names = list(advisor.roles)
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more (advisor roles lists them)" if len(names) > 8
                                        else "")
        out.print(f"Roles: {shown}. Ask about pay, progression, skills, education, experience or responsibilities."
                  + (" Ctrl-C cancels, Ctrl-D quits." if interactive else ""), highlight=False)
        history: list[Turn] = []
        for question in terminal.questions(settings.data_dir):
            if not interactive:
                out.print(f"[bold]you>[/] {escape(question)}", highlight=False)
            recent = history[-settings.history_turns:]
            try:
                if model is not None:
                    answer = _stream_answer(advisor, question, recent)
                else:
                    answer = _interruptible(partial(advisor.ask, question, recent))
                    _print_answer(answer.to_dict())
            except AdvisorError as exc:
                err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
                continue
            except KeyboardInterrupt:
                out.print("")
                err.print("[yellow](cancelled)[/]", highlight=False)
                continue
            history.append(turn_after(question, answer, advisor.roles))


T = TypeVar("T")


def _interruptible(work: Callable[[], T]) -> T:
    """Run `work` in a daemon thread and wait for it, so Ctrl-C returns to the prompt at once without
    interrupting the index or the model half-way; abandoned work finishes unseen."""
    result: list[T] = []
    failure: list[BaseException] = []
    done = threading.Event()

    def run() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # handed to the waiting thread as it is
            failure.append(exc)
        finally:
            done.set()

    threading.Thread(target=run, name="answer", daemon=True).start()
    with err.status("Looking it up…", spinner="dots") if err.is_terminal else nullcontext():
        while not done.wait(0.1):
            pass
    if failure:
        raise failure[0]
    return result[0]


def _stream_answer(advisor: object, question: str, history: list | tuple = ()) -> object:
    """With a chat model: print each sentence once it has passed verification, then the sources and which path
    answered. If the model fails or nothing it wrote holds up, say so and print the extractive answer instead."""
    from rich.cells import cell_len

    from advisor.generate import stream_answer

    shown = False
    final = None
    column = 0
    for event in stream_answer(advisor, question, history):  # type: ignore[arg-type]
        if event.kind != "sentence":
            final = event.answer
        elif not out.is_terminal:
            out.out(event.text, end=" ", highlight=False)
            shown = True
        else:  # word by word, so a sentence arriving mid-line wraps between words
            for word in event.text.split():
                if column and column + 1 + cell_len(word) > out.width:
                    out.out("")
                    column = 0
                out.out((" " if column else "") + word, end="", highlight=False)
                column += cell_len(word) + (1 if column else 0)
            shown = True
    assert final is not None
    if final.path == "llm":
        out.out("")
        for gap in final.gaps:
            out.out(gap, highlight=False)
        if final.citations:
            out.print("")
            for c in final.citations:
                out.print(f"[dim][{c.n}] {c.section} ({c.source})[/]", highlight=False)
    else:
        if shown:
            out.out("")
            out.print("[yellow](not verified; the documents' own words instead:)[/]", highlight=False)
        _print_answer(final.to_dict())
    verifier = final.verifier
    removed = len(verifier.get("removed", []))
    note = {"llm": f"answered by {verifier.get('model')}, every sentence checked against its source"
                   + (f"; {removed} sentence{'s' if removed != 1 else ''} removed" if removed else ""),
            "extractive-fallback": f"the documents' own words: {verifier.get('fallback')}",
            "extractive": "the documents' own words"}[final.path]
    out.print(f"[dim]({escape(note)})[/]", highlight=False)
    return final


@app.command()
def roles(as_json: Annotated[bool, typer.Option("--json", help="Print the roles as one JSON array.")] = False) -> None:
    """The roles in the index: each document's role, the levels it describes under it, their aliases and which
    topics their documents cover."""
    from rich.console import Console
    from rich.table import Table

    from advisor.engine import Advisor
    from advisor.settings import load_settings
    from advisor.topics import TOPICS

    with friendly_errors():
        catalog = Advisor(load_settings()).roles
        families = [r for r in catalog.values() if not r.level]
        ordered = [(f, sorted((r for r in catalog.values() if r.level and r.family == f.title), key=lambda r: r.rank))
                   for f in families]
        if as_json:
            out.out(json.dumps([{"title": r.title, "family": r.family, "level": r.level, "rank": r.rank,
                                 "levels": list(r.levels), "aliases": list(r.aliases), "topics": sorted(r.topics),
                                 "sources": list(r.sources)} for f, levels in ordered for r in (f, *levels)]))
            return
        table = Table("Role", "Aliases", "Topics covered", caption=f"{len(families)} documents, "
                      f"{len(catalog) - len(families)} levels", expand=False)
        for family, levels in ordered:
            table.add_row(f"[bold]{escape(family.title)}[/]", escape(", ".join(family.aliases[:6])),
                          ", ".join(t for t in TOPICS if t in family.topics))
            for level in levels:
                table.add_row(f"  └ {escape(level.title)}", escape(", ".join(level.aliases[:4])), "")
        Console(width=min(out.width, 100), soft_wrap=False).print(table)


@app.command()
def start() -> None:
    """The main job: the Slack bot when its tokens are set; otherwise a short demo, then the terminal chat (when
    run in a terminal)."""
    from advisor.engine import Advisor
    from advisor.generate import respond
    from advisor.settings import load_settings

    with friendly_errors():
        settings = load_settings()
        if settings.slack_bot_token and settings.slack_app_token:
            _run_slack(settings, http=False)
            return
        err.print("Slack is not connected (set SLACK_BOT_TOKEN and SLACK_APP_TOKEN; see README, "
                  "'Connect to Slack'). Answering here instead.", highlight=False)
        advisor = Advisor(settings)
        catalog = advisor.roles
        first = next(iter(catalog))
        for question in _demo_questions(catalog):
            out.print(f"\n[bold]demo>[/] {question}", highlight=False)
            _print_answer(respond(advisor, question).to_dict())
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
@app.command()
def slack(
    http: Annotated[bool, typer.Option("--http", help="Serve Slack's HTTP requests (needs SLACK_SIGNING_SECRET) "
                                                      "instead of Socket Mode.")] = False,
    host: Annotated[str, typer.Option("--host", help="HTTP mode: interface to listen on (0.0.0.0 for all).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="HTTP mode: port.")] = 3000,
    path: Annotated[str, typer.Option("--path", help="HTTP mode: path for events, commands and interactions.")]
    = "/slack/events",
) -> None:
    """Run the Slack bot: Socket Mode (SLACK_BOT_TOKEN + SLACK_APP_TOKEN) or --http (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET)."""
    from advisor.settings import load_settings

    with friendly_errors():
        _run_slack(load_settings(), http=http, host=host, port=port, path=path)


def _run_slack(settings: object, *, http: bool, host: str = "127.0.0.1", port: int = 3000,
               path: str = "/slack/events") -> None:
    """Check the tokens first (a clear line naming what is missing), then build everything once and serve."""
    from advisor.engine import Advisor
    from advisor.errors import SettingsError
    from advisor.settings import Settings
    from advisor.slack import serve
    from advisor.slack.app import build_app
    from advisor.slack.memory import Memory

    assert isinstance(settings, Settings)
    needed = {"SLACK_BOT_TOKEN": settings.slack_bot_token}
    if http:
        needed["SLACK_SIGNING_SECRET"] = settings.slack_signing_secret
    else:
        needed["SLACK_APP_TOKEN"] = settings.slack_app_token
    missing = [name for name, value in needed.items() if value is None or not value.get_secret_value().strip()]
    if missing:
        raise SettingsError(f"Slack is not configured: set {' and '.join(missing)} "
                            "(see README, 'Connect to Slack').")
    store = Memory.open(settings)  # a damaged or unreachable store is logged once; the bot answers anyway
    advisor = Advisor(settings)
    app_ = build_app(settings, advisor, store, http=http)
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else ""
    handler = None if http else serve.connect_socket_mode(app_, app_token)
    try:
        advisor.load()
        advisor.embedder.embed_one("warm up")
    except AdvisorError as exc:
        err.print(f"[yellow]warning:[/] {exc} Until then the bot tells users it cannot reach the documents.",
                  highlight=False)
    if handler is None:
        err.print(f"Slack bot listening on http://{host}:{port}{path} (Ctrl-C stops it).", highlight=False)
        serve.http_server(app_, host, port, path).run()
    else:
        err.print("Slack bot connected in Socket Mode (Ctrl-C stops it).", highlight=False)
        serve.wait_forever()


@app.command()
def feedback(
    show_all: Annotated[bool, typer.Option("--all", help="Include answers people liked.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show.")] = 20,
    as_json: JsonRowsFlag = False,
) -> None:
    """What Slack users disliked (👎), most disliked first; --all adds what they liked."""
    from rich.table import Table

    from advisor.settings import load_settings
    from advisor.store import Store

    with friendly_errors():
        rows = Store.open(load_settings()).feedback_summary(None if show_all else "down", limit=limit)
        if as_json:
            for r in rows:
                out.out(json.dumps({"question": r.question, "down": r.down, "up": r.up, "answer": r.answer,
                                    "citations": r.citations, "last_at": r.last_at.isoformat()}, ensure_ascii=False))
            return
        if not rows:
            out.print("No feedback yet." if show_all else "No 👎 yet. (--all shows every verdict.)")
            return
        table = Table("👎", "👍", "Question", "Answer", "Sources", show_lines=True)
        for r in rows:
            answer = r.answer if len(r.answer) <= 200 else r.answer[:199] + "…"
            table.add_row(str(r.down), str(r.up), r.question, answer, "\n".join(r.citations))
        out.print(table)


@app.command()
def gaps(
    limit: Annotated[int, typer.Option("--limit", help="Rows to show.")] = 20,
    as_json: JsonRowsFlag = False,
) -> None:
    """Questions the role documents could not answer in Slack, most frequent first."""
    from rich.table import Table

    from advisor.settings import load_settings
    from advisor.store import Store

    with friendly_errors():
        rows = Store.open(load_settings()).gap_summary(limit=limit)
        if as_json:
            for r in rows:
                out.out(json.dumps({"gap": r.gap, "count": r.count, "abstained": r.abstained, "questions": r.questions,
                                    "last_at": r.last_at.isoformat() if r.last_at else None}, ensure_ascii=False))
            return
        if not rows:
            out.print("No gaps recorded yet.")
            return
        table = Table("Asked", "What the documents don't say", "Example questions", show_lines=True)
        for r in rows:
            table.add_row(str(r.count), r.gap, "\n".join(r.questions))
        out.print(table)


# -- draft and compare commands (issue 7) --
@app.command()
def draft(
    role: Annotated[str, typer.Argument(help="Role title or alias, e.g. \"Tech Director\".")],
    focus: Annotated[Optional[str], typer.Option("--focus", help="Put this first, e.g. \"people leadership\".")] = None,
    fmt: Annotated[str, typer.Option("--format", help="md, json or docx.")] = "md",
    out_file: Annotated[Optional[Path], typer.Option("--out", help="Write to this file (docx default: ROLE.docx).")] = None,
) -> None:
    """Draft a role's expectations from its documents: every bullet cited, gaps marked for you to fill."""
    from advisor import draft as drafting
    from advisor.engine import Advisor
    from advisor.settings import load_settings

    with friendly_errors():
        if fmt not in drafting.FORMATS:
            raise AdvisorError(f"Unknown format “{fmt}”: use one of {', '.join(drafting.FORMATS)}.")
        settings = load_settings()
        advisor = Advisor(settings)
        result = drafting.draft_role(advisor, role, focus, llm=drafting.chat_model_for(settings))
        rendered = drafting.render_draft(result, fmt)
        if fmt == "docx" and out_file is None:
            out_file = Path(f"{drafting.slug(result.role)}.docx")
        _emit(rendered, out_file, f"Draft for {result.role}", prose=fmt == "md")


@app.command()
def compare(
    role_a: Annotated[str, typer.Argument(help="The role you start from (may be one named only in B's career path).")],
    role_b: Annotated[str, typer.Argument(help="The role to compare with / move to.")],
    fmt: Annotated[str, typer.Option("--format", help="md (a table here, Markdown in a file) or json.")] = "md",
    out_file: Annotated[Optional[Path], typer.Option("--out", help="Write to this file.")] = None,
) -> None:
    """Two roles side by side, and what B needs that A's documents don't mention."""
    from advisor import draft as drafting
    from advisor.engine import Advisor
    from advisor.settings import load_settings

    with friendly_errors():
        if fmt not in ("md", "json"):
            raise AdvisorError(f"Unknown format “{fmt}”: use md or json.")
        result = drafting.compare_roles(Advisor(load_settings()), role_a, role_b)
        if fmt == "json":
            _emit(drafting.comparison_json(result), out_file, "Comparison")
        elif out_file is not None:
            _emit(drafting.comparison_markdown(result), out_file, "Comparison")
        else:
            for renderable in drafting.comparison_renderables(result):
                out.print(renderable, highlight=False)


def _emit(rendered: str | bytes, path: Path | None, what: str, prose: bool = False) -> None:
    """Print text (prose wrapped between words on a terminal; JSON never), or write it (or bytes) to a file and
    say where."""
    if path is None:
        if prose:
            out.print(rendered, markup=False, highlight=False, emoji=False)
        else:
            out.out(rendered, highlight=False)  # type: ignore[arg-type]
        return
    try:
        if isinstance(rendered, bytes):
            path.write_bytes(rendered)
        else:
            path.write_text(rendered if rendered.endswith("\n") else rendered + "\n", encoding="utf-8")
    except OSError as exc:
        raise AdvisorError(f"Cannot write {path}: {exc.strerror}.") from None
    out.print(f"{what} written to {path.resolve()}", highlight=False)



def _open_batch(path: str) -> object:
    try:
        return open(path, encoding="utf-8")
    except OSError as exc:
        raise AdvisorError(f"Cannot read the batch file {path}: {exc.strerror}.") from None


def _print_answer(result: dict) -> None:
    if "error" in result:
        err.print(f"[red]error:[/] {escape(result['error'])}", highlight=False)
        return
    out.print(result["answer"], highlight=False, markup=False)
    if result["citations"]:
        out.print("")
        for c in result["citations"]:
            out.print(f"[dim][{c['n']}] {c['section']} ({c['source']})[/]", highlight=False)


# -- store commands (issue 14): what is kept about employees, and deleting it --
store_app = typer.Typer(help="The store of answers, 👍/👎 and gaps: what is kept, and deleting it.",
                        no_args_is_help=True)


@store_app.command("info")
def store_info() -> None:
    """What the store holds: counts (kept for good) and how much question text (kept for the retention)."""
    from advisor.settings import load_settings
    from advisor.store import Store

    with friendly_errors():
        counts = Store.open(load_settings()).counts()
        oldest = counts.oldest_text.date().isoformat() if counts.oldest_text else "none"
        out.print(f"{counts.answers} answers ({counts.abstained} the documents could not answer), "
                  f"{counts.up} 👍, {counts.down} 👎, {counts.gaps} gaps, {counts.events} recent Slack event ids.\n"
                  f"Question and answer text is kept {counts.retention_days} days "
                  f"(ADVISOR_STORE_RETENTION_DAYS): {counts.answers_with_text} answers still have it, oldest {oldest}.",
                  highlight=False)


@store_app.command("purge")
def store_purge(
    everything: Annotated[bool, typer.Option("--all", help="Delete every answer, vote, gap and event id.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before --all.")] = False,
) -> None:
    """Remove question and answer text past the retention (counts and gaps stay); --all deletes everything."""
    from advisor.settings import load_settings
    from advisor.store import Store

    with friendly_errors():
        store = Store.open(load_settings())
        if everything and not yes and not typer.confirm("Delete every answer, vote, gap and event id in the store?"):
            raise typer.Exit(1)
        report = store.purge(everything=everything)
        if everything:
            out.print(f"Deleted everything in the store ({report.rows_deleted} rows).", highlight=False)
        else:
            out.print(f"Removed the question and answer text of {report.texts_removed} answer(s) older than "
                      f"{store.retention.days} days; counts and gaps stay.", highlight=False)


app.add_typer(store_app, name="store")


# -- eval commands: advisor/cli_eval.py --
from advisor.cli_eval import eval_app  # noqa: E402

app.add_typer(eval_app, name="eval")


def _one_line_paragraphs(typer_app: typer.Typer) -> None:
    """Typer's help keeps a docstring's line breaks, which then fall mid-sentence on screen: join each paragraph's
    lines and let the terminal's width decide."""
    for info in typer_app.registered_commands:
        doc = info.help if isinstance(info.help, str) else inspect.getdoc(info.callback) or ""
        info.help = "\n\n".join(" ".join(paragraph.split()) for paragraph in doc.split("\n\n"))
    group_callback = typer_app.registered_callback
    doc = inspect.getdoc(group_callback.callback) if group_callback and group_callback.callback else None
    if group_callback is not None and doc:
        group_callback.help = "\n\n".join(" ".join(paragraph.split()) for paragraph in doc.split("\n\n"))
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _one_line_paragraphs(group.typer_instance)


_one_line_paragraphs(app)


if __name__ == "__main__":
    app()

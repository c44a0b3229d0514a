"""The terminal's two consoles (answers to stdout, messages to stderr) and the one-line error every command
shows instead of a traceback. Shared by the `advisor` command and its sub-apps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from advisor.errors import AdvisorError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object (JSON Lines with --batch).")]
JsonRowsFlag = Annotated[bool, typer.Option("--json", help="Print JSON Lines: one object per row.")]


@contextmanager
def friendly_errors() -> Iterator[None]:
    """AdvisorError → one red line and exit 1; Ctrl-C → exit 130; anything else is a bug and shows a traceback."""
    try:
        yield
    except AdvisorError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None

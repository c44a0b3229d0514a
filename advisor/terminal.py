"""What a person types into `advisor chat`: an edited line with history on a terminal (prompt-toolkit), plain
lines from a pipe or a file, so the same chat runs interactively, scripted and in CI."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

HISTORY_FILE = "chat-history"


def interactive() -> bool:
    """Line editing needs a terminal on both sides; anything else reads plain lines."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def questions(data_dir: Path) -> Iterator[str]:
    """The lines typed, blank ones skipped; ends at Ctrl-D or the end of the input. Ctrl-C at the prompt drops the
    line being typed and asks again. On a terminal, earlier questions come back with the arrow keys, across
    sessions (kept in the data folder)."""
    if interactive():
        yield from _edited(data_dir / HISTORY_FILE)
    else:
        yield from _piped()


def _edited(history_file: Path) -> Iterator[str]:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.formatted_text import HTML
    from prompt_toolkit.history import FileHistory, History, InMemoryHistory

    history: History
    try:
        history_file.parent.mkdir(parents=True, exist_ok=True)
        history_file.touch(exist_ok=True)
        history = FileHistory(str(history_file))
    except OSError:  # a read-only data folder costs the history, not the chat
        history = InMemoryHistory()
    session: PromptSession[str] = PromptSession(history=history)
    while True:
        try:
            line = session.prompt(HTML("<b>you&gt;</b> "))
        except KeyboardInterrupt:
            continue
        except EOFError:
            return
        if line.strip():
            yield line.strip()


def _piped() -> Iterator[str]:
    while True:
        try:
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            continue
        if not line:
            return
        if line.strip():
            yield line.strip()

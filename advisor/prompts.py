"""Prompt templates are files in prompts/, loaded by name; a missing variable is an error, not a blank."""

from __future__ import annotations

import string
from pathlib import Path

from advisor.errors import AdvisorError

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"


class PromptError(AdvisorError):
    pass


def load_prompt(name: str, **variables: str) -> str:
    """Render prompts/NAME.md with $-style variables (string.Template: braces in documents stay literal)."""
    path = PROMPTS_DIR / f"{name}.md"
    try:
        template = string.Template(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PromptError(f"No prompt named '{name}' (looked for {path}).") from None
    try:
        return template.substitute(variables)
    except KeyError as exc:
        raise PromptError(f"Prompt '{name}' needs the variable {exc.args[0]}.") from None


def fence(text: str) -> str:
    """Wrap untrusted text (documents, questions) so a prompt can say: this is data, not instructions."""
    safe = text.replace("<<<", "‹‹‹").replace(">>>", "›››")
    return f"<<<\n{safe}\n>>>"

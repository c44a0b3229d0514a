"""House rules that hold by construction, checked on the code itself: imports flow one way and only the index
knows Chroma (import-linter, with the contracts in pyproject.toml), and every third-party package the code
imports is declared in pyproject.toml rather than arriving through another package."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    # in a child process: import-linter configures logging, which would silence this process's loggers
    run = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--config", "pyproject.toml",
                          "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout  # both contracts were read and run


def _imported(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"advisor", "tests", "__future__"}


def _declared(*groups: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"]) + [s for g in groups for s in project["optional-dependencies"][g]]
    return {re.split(r"[<>=!~\[;\s]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in specs}


@pytest.mark.parametrize(("folder", "groups"), [("advisor", ("openai", "anthropic", "ollama", "postgres")),
                                                ("tests", ("test", "openai", "postgres"))])
def test_every_third_party_import_is_declared(folder: str, groups: tuple[str, ...]) -> None:
    distributions = packages_distributions()
    declared = _declared(*groups)
    imported = _imported(ROOT / folder)
    assert imported  # the walk found the code
    undeclared = {name: distributions.get(name, ["?"]) for name in imported
                  if not {d.lower().replace("_", "-") for d in distributions.get(name, [])} & declared}
    # optional providers are imported only when configured, and may not be installed here
    undeclared = {n: d for n, d in undeclared.items() if n not in {"langchain_anthropic", "langchain_ollama"}}
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"

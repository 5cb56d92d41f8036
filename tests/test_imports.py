"""The package layout holds: every module imports alone, no import cycle exists between modules (lazy imports
inside functions included) nor between the packages of translator/, and few modules sit loose at the top."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "translator"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py")) if path.name != "__main__.py"}


def imports(path: Path) -> set[str]:
    """The translator modules a module imports, at load or lazily inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in MODULES}


def cycles_in(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycles.append(trail[trail.index(other):] + [other])
            elif other not in state:
                visit(other, trail + [other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


def package_of(name: str) -> str:
    """`translator.run.pipeline` -> `translator.run`; a loose module is its own unit."""
    parts = name.split(".")
    return ".".join(parts[:2])


# translator/__init__ is the public API: it reaches into run/ and readers/ lazily, on first use.
API = "translator"


def test_no_import_cycle_between_modules():
    graph = {name: imports(path) - {name, API} for name, path in MODULES.items() if name != API}
    # A package's __init__ is loaded before its modules: a module importing its own package is no cycle.
    for name in graph:
        graph[name] = {other for other in graph[name] if not name.startswith(other + ".")}
    assert cycles_in(graph) == []


def test_no_import_cycle_between_packages():
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        if name != API:
            graph.setdefault(package_of(name), set()).update(package_of(other) for other in imports(path))
    graph = {package: others - {package, API} for package, others in graph.items()}
    assert cycles_in(graph) == []


def test_cycle_finder_finds_a_cycle():
    assert cycles_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_every_module_is_a_known_module():
    # The cycle check above reads these files; an empty list would make it pass on nothing.
    assert "translator.run.pipeline" in MODULES and "translator.memory.catalog" in MODULES
    assert imports(MODULES["translator.run.pipeline"]) >= {"translator.memory.catalog"}


@pytest.mark.slow  # a fresh interpreter per module
@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_imports_alone(name):
    result = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_at_most_twelve_modules_loose_at_the_top():
    loose = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(loose) <= 12, loose

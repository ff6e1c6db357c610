"""The house keeps its shape: no import circle in `workbook/`, nothing loose at its top.

The import graph is read from the source with `ast`, not by importing: every
`import` and `from ... import` counts, also those inside functions (a lazy
import still ties the two modules together) and under `TYPE_CHECKING`.
`lint-imports` guards the layers; this guards the circles it does not see
inside a layer.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

WORKBOOK = Path(__file__).resolve().parents[2] / "workbook"

# What the top of `workbook/` may hold: the three layers of the contract in pyproject.toml.
TOP_FILES = {"__init__.py", "__main__.py"}
TOP_PACKAGES = {"core", "tui", "cli"}


def module_names(root: Path) -> dict[str, Path]:
    """Every module under the package folder `root`, by dotted name (a package by its own)."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imported_by(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of `modules` that the module `name` at `path` imports, anywhere in it."""
    # The package a relative import starts from: a package's own `__init__` is in it.
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(_known_prefix(alias.name, modules) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                # `from pkg import name` is an edge to the module pkg.name when there is one.
                full = f"{base}.{alias.name}"
                found.add(full if full in modules else _known_prefix(base, modules))
    found.discard(None)
    found.discard(name)
    return found  # type: ignore[return-value]


def _known_prefix(dotted: str, modules: dict[str, Path]) -> str | None:
    """`dotted` or its longest prefix that is one of ours; None for outside modules."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        if (candidate := ".".join(parts[:end])) in modules:
            return candidate
    return None


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package tree it imports."""
    modules = module_names(root)
    return {name: imported_by(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[tuple[list[str], list[str]]]:
    """Each group of modules that import each other, with one circle through it.

    The groups are the strongly connected components (Tarjan); within each, a
    shortest path from its first module back to itself is the circle named.
    """
    found = []
    for group in _components(graph):
        if len(group) > 1:
            found.append((group, _path_back(graph, group[0], set(group))))
    return sorted(found)


def _components(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    # Iterative, so a long chain of imports cannot hit the recursion limit.
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    yield sorted(group)


def _path_back(graph: dict[str, set[str]], start: str, group: set[str]) -> list[str]:
    """A shortest path start -> ... -> start inside `group` (breadth first)."""
    came_from: dict[str, str | None] = {start: None}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & group):
                if target == start:
                    path = [node]
                    while (before := came_from[path[-1]]) is not None:
                        path.append(before)
                    return [*reversed(path), start]
                if target not in came_from:
                    came_from[target] = node
                    following.append(target)
        frontier = following
    raise AssertionError(f"{start} is in a circle with no way back")  # a component always has one


def circle_report(root: Path) -> str:
    """Each import circle under `root`, one a line (empty when there is none)."""
    lines = []
    for group, circle in cycles(import_graph(root)):
        line = " -> ".join(circle)
        if len(group) > len(circle) - 1:  # more modules are caught in it than this circle shows
            line += f" (caught in it: {', '.join(group)})"
        lines.append(line)
    return "\n".join(lines)


def loose_at_top(root: Path) -> list[str]:
    """What the top of the package folder `root` holds beyond its two files and three packages."""
    allowed = TOP_FILES | TOP_PACKAGES | {"__pycache__"}
    return sorted(entry.name for entry in root.iterdir()
                  if entry.name not in allowed
                  or (entry.name in TOP_PACKAGES and not (entry / "__init__.py").is_file()))


def test_no_import_circle_in_workbook() -> None:
    report = circle_report(WORKBOOK)
    assert not report, f"import circles in workbook/ (break each one):\n{report}"


def test_the_top_of_workbook_holds_only_core_tui_and_cli() -> None:
    loose = loose_at_top(WORKBOOK)
    assert not loose, (f"loose at the top of workbook/: {', '.join(loose)}; put each in "
                       "core (no Textual), tui (the Textual shell) or cli (the command line)")


# The shell stays a shell: handlers of a few lines that call the services
# beside it (issue "One house": at most 300 lines).
SHELL_MOST_LINES = 300


def test_the_app_shell_stays_thin() -> None:
    lines = len((WORKBOOK / "tui" / "app.py").read_text(encoding="utf-8").splitlines())
    assert lines <= SHELL_MOST_LINES, (
        f"workbook/tui/app.py has {lines} lines (at most {SHELL_MOST_LINES}): move the "
        "work of a handler into a service module beside it (answers, look, problem_flow…)")


# The checks above must be able to fail: each is run on a small made-up package.

def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_circle_is_found_and_named(tmp_path: Path) -> None:
    fake = _package(tmp_path / "fake", {
        "__init__.py": "",
        "top.py": "import fake.low\n",  # into the circle, not part of it
        "low.py": "def later():\n    from fake.sub import high\n",  # lazy: still an edge
        "sub/__init__.py": "from .high import thing\n",
        "sub/high.py": "from ..low import later\n",  # relative, two levels
        "alone.py": "import os\nfrom fake import top\n",
    })
    graph = import_graph(fake)
    assert graph["fake.sub"] == {"fake.sub.high"}
    assert graph["fake.alone"] == {"fake.top"}  # a module named by `from pkg import name`
    assert cycles(graph) == [(["fake.low", "fake.sub.high"], ["fake.low", "fake.sub.high", "fake.low"])]
    assert circle_report(fake) == "fake.low -> fake.sub.high -> fake.low"


# Small trees and the report each must give: a named circle, or none.
REPORTS = {
    "from a package import a name: an edge to the package": ({
        "__init__.py": "from fake.inner import VALUE\n",
        "inner.py": "from fake import __doc__ as VALUE\n",  # not a module: the package itself
    }, "fake -> fake.inner -> fake"),
    "a longer circle, in order": ({
        "__init__.py": "",
        "a.py": "from fake import b\n",
        "b.py": "from . import c\n",
        "c.py": "import fake.a as again\n",
    }, "fake.a -> fake.b -> fake.c -> fake.a"),
    "every module caught in it is named": ({
        "__init__.py": "",
        "a.py": "import fake.b\n",
        "b.py": "import fake.a\nimport fake.c\n",
        "c.py": "import fake.b\n",
    }, "fake.a -> fake.b -> fake.a (caught in it: fake.a, fake.b, fake.c)"),
    "no circle, no report": ({
        "__init__.py": "from fake.a import x\n",
        "a.py": "from fake.b import y\nx = y\n",
        "b.py": "y = 1\n",
    }, ""),
}


@pytest.mark.parametrize("case", REPORTS)
def test_the_report_names_each_circle(tmp_path: Path, case: str) -> None:
    files, report = REPORTS[case]
    assert circle_report(_package(tmp_path / "fake", files)) == report


@pytest.mark.parametrize("stray", ["history.py", "widgets/__init__.py", "notes.txt", "empty/x"])
def test_anything_loose_at_the_top_is_named(tmp_path: Path, stray: str) -> None:
    files = {"__init__.py": "", "__main__.py": "", "core/__init__.py": "",
             "tui/__init__.py": "", "cli/__init__.py": "", stray: ""}
    fake = _package(tmp_path / "fake", files)
    (fake / "__pycache__").mkdir()
    assert loose_at_top(fake) == [stray.split("/")[0]]

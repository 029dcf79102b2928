"""The layout holds: `core` imports neither app, `indicators` imports nothing from `tracker`, and no module
imports another that imports it back (directly or around a circle). Read from the source, as text."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["config", "core", "tracker", "indicators"]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def imported(name: str, path: Path, tree: ast.AST, modules) -> set[str]:
    """The project modules that the module `name` (at `path`) imports, anywhere in its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            stem = ".".join(part for part in [base if node.level else "", node.module or ""] if part)
            # `from . import queries` imports a module; `from .models import Action` a name of one.
            targets = [f"{stem}.{alias.name}" for alias in node.names] + [stem]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {
        name: imported(name, path, ast.parse(path.read_text(encoding="utf-8")), modules)
        for name, path in modules.items()
    }


def test_import_graph_reads_the_imports():
    # The checks below mean something only if the reader sees the imports that are known to be there.
    graph = import_graph()
    assert {"tracker.models", "tracker.services.updates", "core.access"} <= graph["tracker.admin"]
    assert "indicators.models" in graph["indicators.resources"]
    assert "tracker.services.updates" in graph["tracker.views.officials"]  # `from ..services import updates`


def imports_between(graph, package: str, forbidden: set[str]) -> set[tuple[str, str]]:
    """(module, target) pairs in which a module of `package` imports one of the `forbidden` packages."""
    return {
        (module, target)
        for module, targets in graph.items()
        if module.split(".")[0] == package
        for target in targets
        if target.split(".")[0] in forbidden
    }


def test_indicators_imports_nothing_from_tracker():
    assert imports_between(import_graph(), "indicators", {"tracker"}) == set()


def test_core_imports_neither_app():
    assert imports_between(import_graph(), "core", {"tracker", "indicators"}) == set()


def test_no_import_circle():
    graph = import_graph()
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        raise AssertionError(f"modules import each other in a circle: {' -> '.join(error.args[1])}") from None

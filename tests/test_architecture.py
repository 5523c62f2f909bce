"""House rules: the core does not import streamlit; pages stay thin."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "dashboard").rglob("*.py")
        if "ui" not in p.relative_to(ROOT / "dashboard").parts[:1] and "streamlit" in _imports(p)
        and p.name != "testing.py"
    ]
    assert offenders == []


def test_pages_do_not_query_the_database_directly():
    offenders = []
    for page in [ROOT / "streamlit_app.py", *(ROOT / "pages").glob("*.py")]:
        if {"sqlmodel", "sqlalchemy"} & _imports(page):
            offenders.append(page.name)
    assert offenders == []


def test_every_page_is_in_the_menu():
    from dashboard.ui.frame import PAGES

    on_disk = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")} | {"streamlit_app.py"}
    assert on_disk == {path for path, _, _ in PAGES}


# ---------------------------------------------------------------------------------------------
# Layers: a module imports only from its own layer or the ones below, and no two modules need each
# other (also not through an import inside a function or `importlib.import_module("dashboard...")`).

LAYERS = [
    # 0: the vocabulary, settings, words and rules everything else uses
    {"dashboard", "dashboard.models", "dashboard.config", "dashboard.errors", "dashboard.rules", "dashboard.parsing",
     "dashboard.links", "dashboard.i18n"},
    # 1: the database and who may write
    {"dashboard.db", "dashboard.access", "dashboard.migrations"},
    # 2: reading and writing records; pure analysis; people
    {"dashboard.repository", "dashboard.analysis", "dashboard.auth"},
    # 3: use cases and pure charts
    {"dashboard.services", "dashboard.charts"},
    # 4: ways in and out of the workspace
    {"dashboard.exports", "dashboard.importers", "dashboard.demo", "dashboard.cli_support"},
    # 5: the command line
    {"dashboard.cli", "dashboard.__main__"},
    # 6: Streamlit
    {"dashboard.ui", "dashboard.testing"},
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _dashboard_imports(path: Path, name: str) -> set[str]:
    """Every `dashboard...` module `path` imports at run time (type-checking-only imports left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            test = node.test
            if getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == "TYPE_CHECKING":
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(alias.name for alias in node.names)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            module = node.module or ""
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + (path.name == "__init__.py")]
                module = ".".join([*base, module] if module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)

        def visit_Constant(self, node: ast.Constant) -> None:
            if isinstance(node.value, str) and re.fullmatch(r"dashboard(\.\w+)+", node.value):
                found.add(node.value)  # importlib.import_module("dashboard.x.y")

    Visitor().visit(tree)
    return {m for m in found if m == "dashboard" or m.startswith("dashboard.")}


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in (ROOT / "dashboard").rglob("*.py") if "versions" not in p.parts}
    graph = {}
    for name, path in paths.items():
        targets = set()
        for imported in _dashboard_imports(path, name):
            while imported and imported not in paths:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def _layer(module: str) -> int:
    best = None
    for index, layer in enumerate(LAYERS):
        for prefix in layer:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[1])):
                best = (index, prefix)
    assert best is not None, f"{module} has no layer: add it to LAYERS"
    return best[0]


def test_dependencies_point_down_the_layers():
    upward = sorted(
        f"{module} (layer {_layer(module)}) imports {target} (layer {_layer(target)})"
        for module, targets in _graph().items()
        for target in targets
        if target != "dashboard" and _layer(target) > _layer(module)
    )
    assert upward == []


def test_no_modules_need_each_other():
    graph = _graph()
    # Strongly connected components (Tarjan): every one larger than a module is a loop.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target == "dashboard":
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert loops == []

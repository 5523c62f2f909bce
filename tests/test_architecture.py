"""House rules: the core does not import streamlit; pages stay thin."""

from __future__ import annotations

import ast
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

"""House rules checked on the source: one-way imports (bot -> handlers -> knowledge), docstrings, transactions."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each package may not import: its callers, and the I/O libraries that belong in bot/.
FORBIDDEN = {
    "knowledge": {"bot", "handlers", "telegram", "aiosmtplib", "imaplib", "smtplib", "apscheduler"},
    "handlers": {"bot", "telegram", "aiosmtplib", "imaplib", "smtplib", "apscheduler"},
}


def imported_roots(path: Path) -> set[str]:
    """Top-level package names a module imports."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_one_way(package):
    offenders = {
        str(p.relative_to(ROOT)): sorted(imported_roots(p) & FORBIDDEN[package])
        for p in (ROOT / package).rglob("*.py")
        if imported_roots(p) & FORBIDDEN[package]
    }
    assert offenders == {}


def test_every_module_has_a_docstring():
    missing = [str(p.relative_to(ROOT)) for p, tree in parsed_sources() if not ast.get_docstring(tree)]
    assert missing == []


def parsed_sources():
    """(path, syntax tree) of every module in the three packages."""
    for pkg in ("bot", "handlers", "knowledge"):
        for p in sorted((ROOT / pkg).rglob("*.py")):
            yield p, ast.parse(p.read_text(encoding="utf-8"))


def conn_blocks(tree: ast.AST) -> list[int]:
    """Lines of `with <something>.conn:` blocks."""
    return [node.lineno for node in ast.walk(tree) if isinstance(node, (ast.With, ast.AsyncWith))
            for item in node.items if isinstance(item.context_expr, ast.Attribute) and item.context_expr.attr == "conn"]


def test_transactions_use_atomic_not_with_conn():
    # Under sqlite-utils 4 Database.execute() commits each write itself, so `with db.conn:` groups
    # nothing into one transaction; `with db.atomic():` does.
    assert conn_blocks(ast.parse("with db.conn:\n    db.execute('x')")) == [1]
    offenders = [f"{p.relative_to(ROOT)}:{line}" for p, tree in parsed_sources() for line in conn_blocks(tree)]
    assert offenders == []


def undocumented(tree: ast.AST, prefix: str = "") -> list[str]:
    """Public functions, classes and methods of public classes with no docstring."""
    missing = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            if not ast.get_docstring(node):
                missing.append(f"{prefix}{node.name}")
            if isinstance(node, ast.ClassDef):
                missing += undocumented(node, f"{prefix}{node.name}.")
    return missing


def test_every_public_function_has_a_docstring():
    assert undocumented(ast.parse("def f():\n    pass\nclass C:\n    def m(self): ...\n")) == ["f", "C", "C.m"]
    missing = [f"{p.relative_to(ROOT)}: {name}" for p, tree in parsed_sources() for name in undocumented(tree)]
    assert missing == []

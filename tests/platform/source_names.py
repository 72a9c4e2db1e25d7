"""Every dotted name the project's Python code reads from a module (an AST walk, nothing imported).

A *use* is either a name imported from a module (``from qgis.PyQt.QtCore import Qt`` → ``qgis.PyQt.QtCore.Qt``)
or the longest attribute chain rooted at such a name (``Qt.ItemDataRole.UserRole`` →
``qgis.PyQt.QtCore.Qt.ItemDataRole.UserRole``). Imports are bound per file, wherever they appear in it
(module level or inside a function), which is how this code base imports QGIS lazily.

This module only parses source text, so the PyQt6 resolver (run by another Python) and the QGIS
enum check share it.
"""
from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The code that runs inside QGIS: the plugin, and the scripts, benchmarks, data generators and tests that drive it.
CHECKED_DIRS = ("phso_insight_plugin", "scripts", "bench", "synthetic", "tests")
#: Deliberately bad code that the guards are tested against; never scanned.
FIXTURES = ROOT / "tests" / "platform" / "fixtures"
#: The helpers that the PyQt6 venv's Python runs (they import PyQt6 itself); never run inside QGIS.
PYQT6_SCRIPTS = ("pyqt6_resolver.py", "pyqt6_ui_loader.py")


@dataclass(frozen=True)
class NameUse:
    """One dotted name read at ``path:line`` (``path`` relative to the repository)."""

    path: str
    line: int
    dotted: str

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def python_files(dirs: Iterable[str] = CHECKED_DIRS) -> list[Path]:
    """The checked ``.py`` files, sorted, without the guard fixtures and caches."""
    files = []
    for folder in dirs:
        for path in sorted((ROOT / folder).rglob("*.py")):
            hidden = any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(ROOT).parts)
            if hidden or FIXTURES in path.parents or (path.parent == FIXTURES.parent and path.name in PYQT6_SCRIPTS):
                continue
            files.append(path)
    return files


def import_bindings(tree: ast.AST) -> dict[str, str]:
    """Local name → the dotted name it is bound to, for every import in the tree."""
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:  # ``import qgis.core`` binds ``qgis``
                    head = alias.name.split(".")[0]
                    bound[head] = head
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if alias.name != "*":
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def _chain(node: ast.Attribute) -> tuple[str, list[str]] | None:
    """``a.b.c`` → ("a", ["b", "c"]); None when the chain is not rooted at a plain name."""
    attrs = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return node.id, attrs[::-1]


def _imported_names(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def _attribute_chains(tree: ast.AST, bound: dict[str, str]) -> Iterator[tuple[int, str]]:
    inner = set()  # attribute nodes that are part of a longer chain
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            inner.add(id(node.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            chain = _chain(node)
            if chain and chain[0] in bound:
                yield node.lineno, ".".join([bound[chain[0]], *chain[1]])


def name_uses(path: Path, root: Path = ROOT) -> list[NameUse]:
    """Every imported name and every attribute chain rooted at an import in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bound = import_bindings(tree)
    relative = str(path.relative_to(root))
    found = [*_imported_names(tree), *_attribute_chains(tree, bound)]
    return sorted({NameUse(relative, line, dotted) for line, dotted in found}, key=lambda u: (u.line, u.dotted))


def uses_under(prefixes: tuple[str, ...], dirs: Iterable[str] = CHECKED_DIRS) -> list[NameUse]:
    """Name uses whose dotted name starts with one of ``prefixes`` (e.g. ``"qgis.PyQt."``)."""
    return [use for path in python_files(dirs) for use in name_uses(path)
            if use.dotted.startswith(prefixes)]

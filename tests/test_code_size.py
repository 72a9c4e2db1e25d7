"""Small modules and short functions, checked: no module of the plugin package is longer than 400 lines and no
function body (from its first statement after the docstring to its end) longer than 60 lines."""
from __future__ import annotations

import ast

from .platform.source_names import ROOT

PLUGIN = ROOT / "phso_insight_plugin"
MAX_MODULE_LINES = 400
MAX_FUNCTION_BODY_LINES = 60


def body_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of ``function``'s body, its docstring left out."""
    body = function.body
    if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return function.end_lineno - body[0].lineno + 1


def plugin_modules():
    return sorted(PLUGIN.rglob("*.py"))


def test_no_module_is_longer_than_400_lines():
    long_modules = []
    for path in plugin_modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            long_modules.append(f"{path.relative_to(ROOT)}:{lines}")
    assert not long_modules, "modules over 400 lines (file:lines):\n" + "\n".join(long_modules)


def test_no_function_body_is_longer_than_60_lines():
    long_functions = []
    for path in plugin_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and body_lines(node) > MAX_FUNCTION_BODY_LINES:
                long_functions.append(f"{path.relative_to(ROOT)}:{node.name}:{body_lines(node)}")
    assert not long_functions, "function bodies over 60 lines (file:function:lines):\n" + "\n".join(long_functions)


def test_a_docstring_does_not_count_but_every_statement_does():
    function = ast.parse('def f():\n    """Doc\n    string."""\n    a = 1\n\n    return a\n').body[0]
    assert body_lines(function) == 3

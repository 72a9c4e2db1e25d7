"""Developer scripts, benchmarks and data generators import each other as packages: run as modules from the
repository root (``python -m scripts.demo``), never by putting folders on ``sys.path``."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLING = ("scripts", "bench", "synthetic")
#: Starting QGIS puts QGIS's own plugin folder (the Processing framework) on the path, as the desktop does.
QGIS_PLUGIN_FOLDER = ROOT / "scripts" / "qgis_headless.py"


def sys_path_edits(path: Path) -> list[int]:
    """Lines of ``path`` that change ``sys.path`` (a call of one of its methods, or an assignment to it)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        if isinstance(target, ast.Attribute) and target.attr == "path" and \
                isinstance(target.value, ast.Name) and target.value.id == "sys":
            lines.append(node.lineno)
    return lines


def test_no_script_benchmark_or_generator_edits_sys_path():
    edits = {str(path.relative_to(ROOT)): sys_path_edits(path)
             for folder in TOOLING for path in sorted((ROOT / folder).rglob("*.py"))}
    assert {name: lines for name, lines in edits.items() if lines} == {
        str(QGIS_PLUGIN_FOLDER.relative_to(ROOT)): sys_path_edits(QGIS_PLUGIN_FOLDER)}
    assert len(sys_path_edits(QGIS_PLUGIN_FOLDER)) == 1


def test_the_makefile_runs_scripts_and_benchmarks_as_modules():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert not re.findall(r"(?:python3?|\$\(PY\)) (?:scripts|bench)/\S+\.py", makefile)
    for module in ("scripts.demo", "scripts.generate_sample_data", "scripts.package_plugin",
                   "scripts.install_plugin", "bench.run"):
        assert f"-m {module}" in makefile, module

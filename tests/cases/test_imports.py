"""cases/ works without shapely except for point location, and its modules import each other without cycles.

The shapely check runs in a fresh Python whose meta-path finder refuses ``shapely`` (the QGIS builds
without shapely, e.g. the official macOS ones): counting and assigning by postcode or area code must
import and work there.
"""
import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "phso_insight_plugin" / "cases"
PACKAGE = "phso_insight_plugin.cases"

WITHOUT_SHAPELY = """
import json, sys
from tests.missing_packages_probe import HidePackage
sys.meta_path.insert(0, HidePackage("shapely"))
import pandas as pd
from phso_insight_plugin.cases import assign, counts, postcodes

cases = pd.DataFrame({"postcode": ["sw1a 1aa", "N1 9GU", "ZZ99 9ZZ", ""]})
lookup = pd.DataFrame({"pcd7": ["SW1A1AA", "N1  9GU"], "lsoa21cd": ["E01004736", "E01002711"]})
by_postcode = assign.assign_by_postcode(cases, "postcode", lookup, "pcd7", ["lsoa21cd"])
areas = pd.Series(["E01004736", "E01002711", "E01000001"], name="lsoa21cd")
by_code = assign.assign_by_area_code(pd.DataFrame({"code": [" e01004736", "E01099999"]}), "code", areas)
counted = counts.count_cases(by_postcode.assigned, "lsoa21cd", areas)
try:
    assign.assign_by_points(pd.DataFrame({"id": [1]}), [0.0], [0.0], [], pd.Series([], dtype=object), "area")
    points = "ran"
except ModuleNotFoundError as exc:
    points = exc.name
print(json.dumps({
    "by_postcode": by_postcode.assigned["lsoa21cd"].tolist(),
    "postcode_reasons": by_postcode.unmatched["reason"].tolist(),
    "pcds": postcodes.normalise_postcodes(cases["postcode"])["pcds"].fillna("").tolist(),
    "by_code": by_code.assigned["code"].tolist(),
    "code_reasons": by_code.unmatched["reason"].tolist(),
    "counts": counted.counts["cases"].tolist(),
    "points": points,
    "shapely_loaded": "shapely" in sys.modules,
}))
"""


@pytest.fixture(scope="module")
def without_shapely() -> dict:
    done = subprocess.run([sys.executable, "-c", WITHOUT_SHAPELY], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_assigning_by_postcode_works_with_shapely_blocked(without_shapely):
    assert without_shapely["by_postcode"] == ["E01004736", "E01002711"]
    assert without_shapely["postcode_reasons"] == ["postcode not in lookup", "blank postcode"]
    assert without_shapely["pcds"] == ["SW1A 1AA", "N1 9GU", "ZZ99 9ZZ", ""]


def test_assigning_by_area_code_works_with_shapely_blocked(without_shapely):
    assert without_shapely["by_code"] == ["E01004736"]
    assert without_shapely["code_reasons"] == ["area code not in areas"]


def test_counting_works_with_shapely_blocked(without_shapely):
    assert without_shapely["counts"] == [1, 1, 0]


def test_only_point_location_needs_shapely_and_shapely_is_never_loaded(without_shapely):
    assert without_shapely["points"] == "shapely"
    assert not without_shapely["shapely_loaded"]


def imported_case_modules(path: Path) -> set[str]:
    """Modules of cases/ that ``path`` imports anywhere (module level or inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith(PACKAGE + "."):
            found.add(node.module[len(PACKAGE) + 1:].split(".")[0])
        elif isinstance(node, ast.Import):
            found |= {a.name[len(PACKAGE) + 1:].split(".")[0] for a in node.names if a.name.startswith(PACKAGE + ".")}
    return found - {"__init__"}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` (module → modules it imports) as a path, or [] when there is none."""
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> list[str]:
        state[module] = "open"
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == "open":
                return path + [imported]
            if imported not in state:
                cycle = visit(imported, path + [imported])
                if cycle:
                    return cycle
        state[module] = "done"
        return []

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module, [module])
            if cycle:
                return cycle
    return []


def test_cases_modules_import_each_other_without_cycles():
    graph = {path.stem: imported_case_modules(path) for path in CASES.glob("*.py")}
    assert graph["counts"] >= {"reasons", "vintage", "field_names"}  # the graph really is read
    assert find_cycle(graph) == []


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import():
    assert find_cycle({"assign": {"counts", "reasons"}, "counts": {"assign"}, "reasons": set()}) == [
        "assign", "counts", "assign"]

"""The plugin loads on a QGIS whose Python lacks pandas, scipy or shapely 2 (the official macOS builds,
older installs with shapely 1.8): what does not need the missing package works, and everything else
says in one sentence which package to install and how, never with a traceback.

Each case runs ``tests/missing_packages_probe.py`` in a fresh QGIS with the package hidden.
"""
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from phso_insight_plugin.processing.registry import ALGORITHMS
from phso_insight_plugin.processing.unavailable_algorithm import declared_identity

ROOT = Path(__file__).resolve().parents[1]
ALGORITHM_IDS = {"assigncases", "joincasecounts", "preparepopulation", "preparedeprivation",
                 "representation", "grouprepresentation",
                 "representationchange", "apportion", "tierstyle", "exportmap", "exportstyled", "insightreport",
                 "areabriefings"}
MODEL = "Cases to tiered maps and report (end to end)"
#: The map algorithms read tiers through the result vocabulary (no scipy); the statistics and the report need it.
NEED_SCIPY = {"representation", "grouprepresentation", "representationchange", "insightreport", "areabriefings"}
_probes: dict[str, dict] = {}


def probe(package: str) -> dict:
    """What loading the plugin without ``package`` gives (see the probe's docstring); run once per package."""
    if package not in _probes:
        done = subprocess.run([sys.executable, "-m", "tests.missing_packages_probe", package], cwd=ROOT,
                              env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        _probes[package] = json.loads(done.stdout.strip().splitlines()[-1])
    return _probes[package]


def is_install_advice(text: str, name: str) -> bool:
    """One sentence naming ``name`` with the Windows and macOS commands, no traceback."""
    return ("\n" not in text and "Traceback" not in text and name in text and text.count(". ") == 0
            and "in the OSGeo4W Shell" in text and "in the QGIS Python console" in text
            and text.endswith("then restart QGIS."))


def test_without_pandas_every_algorithm_is_listed_and_asks_for_pandas():
    seen = probe("pandas")
    assert set(seen["listed"]) == ALGORITHM_IDS | {MODEL}
    assert set(seen["unavailable"]) == ALGORITHM_IDS
    for alg_id, stand_in in seen["unavailable"].items():
        assert stand_in["run"] == {"error": stand_in["advice"]}, alg_id
        assert is_install_advice(stand_in["advice"], "pandas (not installed)"), stand_in["advice"]
    assert "python -m pip install --user pandas" in seen["unavailable"]["representation"]["advice"]


def test_without_pandas_the_panel_is_replaced_by_one_message_saying_what_to_install():
    seen = probe("pandas")
    assert not seen["panel"]
    assert len(seen["messages"]) == 1
    assert seen["messages"][0].startswith("PHSO Insight:The PHSO Insight panel needs the Python package pandas")
    assert is_install_advice(seen["messages"][0], "pandas")


def test_without_scipy_apportioning_still_runs_and_the_statistics_ask_for_scipy():
    seen = probe("scipy")
    assert set(seen["listed"]) == ALGORITHM_IDS | {MODEL}
    assert set(seen["unavailable"]) == NEED_SCIPY
    assert all(is_install_advice(s["run"]["error"], "scipy (not installed)") for s in seen["unavailable"].values())
    totals = seen["apportion"]["ok"]
    assert (totals["TOTAL_IN"], totals["TOTAL_OUT"], totals["UNALLOCATED_TOTAL"]) == (50.0, 50.0, 0.0)
    assert not seen["panel"] and is_install_advice(seen["messages"][0], "scipy")


def test_without_shapely_the_statistics_and_the_panel_work_and_apportioning_asks_for_shapely():
    seen = probe("shapely")
    assert seen["unavailable"] == {}
    assert seen["panel"] and seen["messages"] == []
    tiers = seen["representation"]["ok"]
    assert (tiers["N_AREAS"], tiers["N_HIGH"], tiers["N_SIG_LOW"], tiers["OVERALL_RATE"]) == (2, 1, 1, 0.025)
    assert is_install_advice(seen["apportion"]["error"], "shapely (not installed)")


def test_with_shapely_1_8_apportioning_asks_for_shapely_2_by_a_command_cmd_exe_reads_right():
    advice = probe("shapely-1.8")["apportion"]["error"]
    assert advice.startswith("This algorithm needs the Python package shapely 2 or later (this QGIS has 1.8.5): ")
    assert 'python -m pip install --user "shapely>=2" in the OSGeo4W Shell' in advice
    assert "pip.main(['install', '--user', 'shapely>=2'])" in advice


@pytest.mark.parametrize(("module_name", "class_name"), ALGORITHMS)
def test_a_stand_in_has_the_id_name_and_group_of_its_algorithm(qgis_app, module_name, class_name):
    module = importlib.import_module(f"phso_insight_plugin.processing.algorithms.{module_name}")
    algorithm = getattr(module, class_name)()
    identity = declared_identity(Path(module.__file__), class_name)
    assert (identity.alg_id, identity.display_name, identity.group_id) == (
        algorithm.name(), algorithm.displayName(), algorithm.groupId())

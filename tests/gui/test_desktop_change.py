"""Real desktop: a user runs the change analysis from the dock's Change view on the sample and gets the change map
styled by change tier, with the pilot constituency's ratio per period charted when it is selected.

The screenshot (``desktop.png`` in the test's folder) was looked at when this test was written: the constituencies
in the change palette (Easthaven teal, the others neutral), the Change tab with its inputs, the summary and the
chart of Easthaven's four financial years rising in the last.
"""

import numpy as np
import pytest

from phso_insight_plugin.results.change_tiers import CHANGE_TIER_LABELS
from phso_insight_plugin.results.tiers import TIER_ORDER
from phso_insight_plugin.styling.palettes import CHANGE_PALETTE
from tests.gui.desktop import STARTUP_SCRIPT, running_desktop
from tests.gui.test_desktop_smoke import pixels

pytestmark = pytest.mark.gui
STARTUP = STARTUP_SCRIPT.with_name("change_startup.py")
PILOT = "E14001903"


@pytest.fixture(scope="module")
def change_desktop(sample_pipeline, constituencies, tmp_path_factory):
    """(marker, screenshot) of a desktop where the Change view has run on the sample and selected the pilot."""
    workdir = tmp_path_factory.mktemp("desktop-change")
    environment = {"PHSO_CHANGE_CASES": sample_pipeline.assigned, "PHSO_CHANGE_AREAS": constituencies,
                   "PHSO_CHANGE_SELECT": PILOT}
    with running_desktop(workdir, "desktop change", 120, script=STARTUP, environment=environment) as (
            _, marker, shot):
        yield marker, shot


@pytest.fixture(scope="module")
def result(change_desktop) -> dict:
    marker, _ = change_desktop
    assert marker["ok"], marker.get("error")
    assert marker["analysis_ok"], marker["status"]
    return marker["result"]


def test_the_change_map_is_styled_by_change_tier_in_the_change_palette(result):
    assert (result["renderer"], result["field"]) == ("categorizedSymbol", "change_tier")
    counts = {tier: list(result["tiers"].values()).count(tier) for tier in TIER_ORDER}
    assert [(value, label) for value, label, _ in result["categories"]] == [
        (tier, f"{CHANGE_TIER_LABELS[tier]} ({counts[tier]} area{'' if counts[tier] == 1 else 's'})")
        for tier in TIER_ORDER]
    assert [fill for _, _, fill in result["categories"]] == [CHANGE_PALETTE.fills[t].colour for t in TIER_ORDER]


def test_only_the_pilot_constituency_increased_significantly(result):
    assert result["tiers"][PILOT] == 2
    assert sorted(code for code, tier in result["tiers"].items() if tier and tier > 0) == [PILOT]


def test_the_selected_pilot_s_periods_are_charted_with_its_change(change_desktop, result):
    marker, _ = change_desktop
    assert marker["area"] == "Easthaven"
    assert marker["chart_title"] == "Easthaven: Significantly increased (99.8%), 1.63×"


def test_the_map_on_screen_shows_the_pilot_in_teal(change_desktop, result):
    marker, shot = change_desktop
    canvas = marker["canvas"]
    on_map = pixels(shot, (canvas["x"], canvas["y"], canvas["width"], canvas["height"])).reshape(-1, 3)
    teal = np.array([int(CHANGE_PALETTE.fills[2].colour[i:i + 2], 16) for i in (1, 3, 5)])
    assert np.all(on_map == teal, axis=1).sum() > 500


def test_the_chart_is_drawn_on_the_dock(change_desktop, result):
    marker, shot = change_desktop
    chart = marker["chart"]
    drawn = pixels(shot, (chart["x"], chart["y"], chart["width"], chart["height"])).reshape(-1, 3)
    assert chart["height"] > 150 and len(np.unique(drawn, axis=0)) > 20

"""Real desktop: a user runs the analysis from the dock and gets the styled result layer.

QGIS under Xvfb with the plugin installed loads the sample LSOAs with their case counts, the dock's
Run button computes the ratios in a background task, and the result is on the map styled by tier.
"""
import json

import numpy as np
import pytest

from phso_insight_plugin.resources import SAMPLE_DIR
from phso_insight_plugin.results.tiers import TIER_LABELS, TIER_ORDER
from phso_insight_plugin.styling.palettes import DEFAULT_PALETTE, palette
from tests.gui.desktop import running_desktop
from tests.gui.test_desktop_smoke import pixels

pytestmark = pytest.mark.gui
ANALYSIS = {"code": "LSOA21CD", "name": "LSOA21NM", "observed": "cases", "population": "pop_total"}


def sample_case_counts(folder) -> str:
    """The sample's cases assigned by postcode and counted per LSOA: ``counts.gpkg`` in ``folder``."""
    from qgis import processing

    gpkg = SAMPLE_DIR / "sample.gpkg"
    assigned = processing.run("phso_insight:assigncases", {
        "INPUT": str(SAMPLE_DIR / "cases.csv"), "LOCATION_FIELD": "postcode",
        "POSTCODE_LOOKUP": f"{gpkg}|layername=postcode_lookup", "LOOKUP_POSTCODE_FIELD": "pcds",
        "LOOKUP_AREA_FIELDS": ["lsoa21cd"], "OUTPUT": "TEMPORARY_OUTPUT", "UNMATCHED": "TEMPORARY_OUTPUT"})
    counts = processing.run("phso_insight:joincasecounts", {
        "INPUT": assigned["OUTPUT"], "CASE_AREA_FIELD": "lsoa21cd", "AREAS": f"{gpkg}|layername=lsoa",
        "AREA_FIELD": "LSOA21CD", "OUTPUT": str(folder / "counts.gpkg")})
    return f"{counts['OUTPUT']}|layername=counts"


@pytest.fixture(scope="module")
def analysed_desktop(plugin, tmp_path_factory):
    """(marker, screenshot) of a desktop where the dock has run the analysis on the sample's case counts."""
    workdir = tmp_path_factory.mktemp("desktop-analysis")
    layer_source = sample_case_counts(workdir)
    with running_desktop(workdir, "desktop analysis", 120, layer_source=layer_source, analysis=ANALYSIS) as (
            _, marker, shot):
        yield marker, shot


@pytest.fixture(scope="module")
def result(analysed_desktop) -> dict:
    marker, _ = analysed_desktop
    assert marker["ok"], marker.get("error")
    assert marker["analysis_ok"], marker["status"]
    return marker["result"]


def test_the_dock_adds_the_result_layer_to_the_map_and_says_so(analysed_desktop, result):
    marker, _ = analysed_desktop
    assert result["name"] == "lsoa – representation" and result["in_project"] and result["visible"]
    assert marker["status"] == "Done: 300 areas. The styled layer “lsoa – representation” was added to the map."


def test_the_result_is_styled_by_tier_with_one_category_per_tier_and_its_count(result):
    assert (result["renderer"], result["field"]) == ("categorizedSymbol", "tier")
    counts = {tier: list(result["tiers"].values()).count(tier) for tier in TIER_ORDER}
    assert [(value, label) for value, label, _, _ in result["categories"]] == [
        (tier, f"{TIER_LABELS[tier]} ({counts[tier]} area{'' if counts[tier] == 1 else 's'})") for tier in TIER_ORDER]
    assert [fill for _, _, fill, _ in result["categories"]] == [
        palette(DEFAULT_PALETTE).fills[tier].colour for tier in TIER_ORDER]
    assert all(shown for _, _, _, shown in result["categories"])
    assert sum(counts.values()) == 300


def test_the_planted_areas_get_the_significant_tiers(result):
    planted = json.loads((SAMPLE_DIR / "planted.json").read_text(encoding="utf-8"))
    assert [result["tiers"][code] for code in planted["lsoa_high"]] == [2, 2, 2]
    assert [result["tiers"][code] for code in planted["lsoa_low"]] == [-2, -2, -2]


def test_the_map_on_screen_shows_each_tier_in_its_colour(analysed_desktop, result):
    marker, shot = analysed_desktop
    canvas = marker["canvas"]
    on_map = pixels(shot, (canvas["x"], canvas["y"], canvas["width"], canvas["height"])).reshape(-1, 3)
    for tier, fill in palette(DEFAULT_PALETTE).fills.items():
        if tier in result["tiers"].values():
            rgb = np.array([int(fill.colour[i:i + 2], 16) for i in (1, 3, 5)])
            assert np.all(on_map == rgb, axis=1).sum() > 50, (tier, fill.colour)

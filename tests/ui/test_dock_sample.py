"""The dock on the bundled sample: cases counted by age band per LSOA, strata recognised, planted areas found."""
import json

import pytest
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest

from phso_insight_plugin.resources import SAMPLE_DIR
from phso_insight_plugin.ui.areas_model import NAME, RATIO

PLANTED = json.loads((SAMPLE_DIR / "planted.json").read_text(encoding="utf-8"))


def sample_layer(name):
    return QgsVectorLayer(f"{SAMPLE_DIR / 'sample.gpkg'}|layername={name}", name, "ogr")


@pytest.fixture(scope="module")
def lsoa_counts(plugin, tmp_path_factory):
    """GeoPackage of the sample LSOAs with case counts by age band (as the demo prepares them)."""
    from qgis import processing

    out = tmp_path_factory.mktemp("sample_counts") / "lsoa_case_counts.gpkg"
    assigned = processing.run("phso_insight:assigncases", {
        "INPUT": str(SAMPLE_DIR / "cases.csv"), "LOCATION_TYPE": 0, "LOCATION_FIELD": "postcode",
        "POSTCODE_LOOKUP": sample_layer("postcode_lookup"), "LOOKUP_POSTCODE_FIELD": "pcds",
        "LOOKUP_AREA_FIELDS": ["lsoa21cd"], "LOOKUP_TERMINATED_FIELD": "doterm", "OUTPUT": "TEMPORARY_OUTPUT"})
    processing.run("phso_insight:joincasecounts", {
        "INPUT": assigned["OUTPUT"], "CASE_AREA_FIELD": "lsoa21cd", "GROUP_FIELD": "age_band",
        "AREAS": sample_layer("lsoa"), "AREA_FIELD": "LSOA21CD", "OUTPUT": str(out)})
    return str(out)


@pytest.fixture()
def sample_run(dock, lsoa_counts):
    """The user's steps: add the counts layer, choose it, switch to strata (prefixes recognised), Run."""
    layer = QgsVectorLayer(lsoa_counts, "lsoa_case_counts", "ogr")
    QgsProject.instance().addMapLayer(layer)
    ui = dock.ui
    ui.layerCombo.setLayer(layer)
    ui.comparisonCombo.setCurrentIndex(ui.comparisonCombo.findData("strata"))
    ui.runButton.click()
    assert dock.result_layer is not None, ui.statusLabel.text()
    return dock


def tiers_by_code(layer):
    return {f["LSOA21CD"]: f["tier"] for f in layer.getFeatures()}


def test_age_band_fields_are_paired_without_typing(dock, lsoa_counts):
    layer = QgsVectorLayer(lsoa_counts, "lsoa_case_counts", "ogr")
    QgsProject.instance().addMapLayer(layer)
    dock.ui.layerCombo.setLayer(layer)
    pairs = [dock.ui.pairsList.item(i).text() for i in range(dock.ui.pairsList.count())]
    assert pairs[:2] == ["cases_0_15 ↔ pop_age_0_15", "cases_16_24 ↔ pop_age_16_24"]
    assert len(pairs) == 6
    assert dock.ui.nameFieldCombo.currentField() == "LSOA21NM"


def test_planted_areas_come_out_significant_at_998_percent(sample_run):
    tiers = tiers_by_code(sample_run.result_layer)
    assert [tiers[code] for code in PLANTED["lsoa_high"]] == [2, 2, 2]
    assert [tiers[code] for code in PLANTED["lsoa_low"]] == [-2, -2, -2]


def test_table_of_300_lsoas_sorted_by_ratio_starts_with_a_planted_high_area(sample_run):
    sample_run.ui.areasTable.sortByColumn(RATIO, Qt.SortOrder.DescendingOrder)
    assert sample_run.proxy.rowCount() == 300
    top = sample_run.proxy.index(0, NAME).data()
    planted_names = {f["LSOA21NM"] for f in sample_run.result_layer.getFeatures()
                     if f["LSOA21CD"] in PLANTED["lsoa_high"]}
    assert top in planted_names


def test_sample_postcode_finds_its_lsoa(sample_run):
    lookup = sample_layer("postcode_lookup")
    QgsProject.instance().addMapLayer(lookup)
    planted = PLANTED["lsoa_high"][0]
    postcode = next(f["pcds"] for f in lookup.getFeatures() if f["lsoa21cd"] == planted and not f["doterm"])
    name = next(f["LSOA21NM"] for f in sample_run.result_layer.getFeatures() if f["LSOA21CD"] == planted)
    ui = sample_run.ui
    ui.lookupLayerCombo.setLayer(lookup)  # pcds and lsoa21cd ↔ LSOA21CD are recognised
    QTest.keyClicks(ui.postcodeEdit, postcode.lower())
    QTest.keyClick(ui.postcodeEdit, Qt.Key.Key_Return)
    selected = [f["LSOA21CD"] for f in sample_run.result_layer.getSelectedFeatures()]
    assert selected == [planted]
    assert ui.postcodeResultLabel.text().startswith(f"{postcode} → {name}:")

"""Typing a postcode finds its area through the postcode lookup table."""
import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest

from tests.layers import memory_layer


@pytest.fixture()
def lookup_table(analysed):
    """ONS-style lookup (pcd7 spellings) → LSOA code, chosen in the dock (its fields are recognised);
    one postcode's area is not in the results."""
    table = memory_layer({"pcd7": ["N1  9GU", "SW1A1AA", "EC1A1BB"],
                          "lsoa21cd": ["E01000004", "E01000002", "E01999999"]}, name="postcodes")
    QgsProject.instance().addMapLayer(table)
    analysed.ui.lookupLayerCombo.setLayer(table)
    return table


def test_choosing_the_table_preselects_postcode_and_shared_area_code_fields(analysed, lookup_table):
    ui = analysed.ui
    assert ui.lookupPostcodeFieldCombo.currentField() == "pcd7"
    assert (ui.lookupAreaFieldCombo.currentField(), ui.resultAreaFieldCombo.currentField()) == ("lsoa21cd", "LSOA21CD")


def search(dock, text):
    dock.ui.postcodeEdit.clear()
    QTest.keyClicks(dock.ui.postcodeEdit, text)
    QTest.keyClick(dock.ui.postcodeEdit, Qt.Key.Key_Return)
    return dock.ui.postcodeResultLabel.text()


def selected_names(layer):
    return [f["name"] for f in layer.getSelectedFeatures()]


def test_postcode_selects_and_zooms_to_its_area_and_shows_its_figures(analysed, lookup_table, qgis_iface):
    message = search(analysed, "n1 9gu")
    assert selected_names(analysed.result_layer) == ["Dunham"]
    dunham = next(f for f in analysed.result_layer.getFeatures() if f["name"] == "Dunham")
    extent = qgis_iface.mapCanvas().extent()
    assert extent.contains(dunham.geometry().boundingBox()) and extent.width() < 400
    assert message.startswith("N1 9GU → Dunham: 30 cases, 20.0 expected; ratio 1.50 (")
    assert message.endswith("Higher than expected (95%)")


def test_postcode_typo_is_fixed_before_the_lookup(analysed, lookup_table):
    search(analysed, "SW1A 1AA".replace("1AA", "IAA"))  # letter I for digit 1 in the inward code
    assert selected_names(analysed.result_layer) == ["Brompton"]


def test_malformed_postcode_says_so_and_selects_nothing(analysed, lookup_table):
    assert "not a valid UK postcode" in search(analysed, "HELLO")
    assert selected_names(analysed.result_layer) == []


def test_postcode_missing_from_the_table_says_so(analysed, lookup_table):
    assert search(analysed, "M1 1AE") == "M1 1AE is not in the postcode table."


def test_postcode_of_an_area_outside_the_results_says_so(analysed, lookup_table):
    assert search(analysed, "EC1A 1BB") == "EC1A 1BB is in area E01999999, which is not in the results."


def test_search_without_a_lookup_table_asks_for_one(analysed):
    assert "Choose the postcode table" in search(analysed, "N1 9GU")

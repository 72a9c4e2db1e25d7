"""Choosing a layer and fields, running, and what fills in: table, summary, status."""
import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QEventLoop, Qt, QTimer

from phso_insight_plugin.ui.areas_model import EXPECTED, NAME, RATIO, TIER
from tests.layers import attribute_rows, memory_layer, square
from tests.ui.conftest import AREAS, TIERS, choose_fields


def table_column(dock, column):
    proxy = dock.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_run_adds_the_styled_result_layer_to_the_project(analysed):
    layer = analysed.result_layer
    assert QgsProject.instance().mapLayer(layer.id()) is layer
    assert layer.name() == "areas – representation"
    assert layer.renderer().type() == "categorizedSymbol"
    assert layer.renderer().classAttribute() == "tier"


def test_each_area_lands_in_the_tier_its_counts_give(analysed):
    tiers = {row["name"]: row["tier"] for row in attribute_rows(analysed.result_layer)}
    assert tiers == TIERS


def test_table_has_a_row_per_area_with_the_output_ratios(analysed):
    rows = {row["name"]: row for row in attribute_rows(analysed.result_layer)}
    assert sorted(table_column(analysed, NAME)) == sorted(AREAS["name"])
    shown = dict(zip(table_column(analysed, NAME), table_column(analysed, RATIO)))
    ashby = rows["Ashby"]
    assert ashby["ratio"] == pytest.approx(2.0)
    assert shown["Ashby"] == f"2.00 ({ashby['lcl95']:.2f} to {ashby['ucl95']:.2f})"
    assert dict(zip(table_column(analysed, NAME), table_column(analysed, EXPECTED)))["Fulford"] == "2.0"


def test_sorting_by_ratio_is_numeric_not_alphabetical(analysed):
    analysed.ui.areasTable.sortByColumn(RATIO, Qt.SortOrder.DescendingOrder)
    assert table_column(analysed, NAME) == ["Ashby", "Dunham", "Carlton", "Brompton", "Easton", "Fulford"]


def test_sorting_by_tier_follows_the_legend_order(analysed):
    analysed.ui.areasTable.sortByColumn(TIER, Qt.SortOrder.AscendingOrder)
    assert table_column(analysed, TIER)[0] == "Significantly higher than expected (99.8%)"
    assert table_column(analysed, TIER)[-1] == "Too few to say"


def test_summary_mentions_tier_counts_cases_people_and_method(analysed):
    text = analysed.ui.summaryBrowser.toPlainText()
    assert "Significantly higher than expected (99.8%)\n1" in text
    assert "Too few to say\n1" in text
    assert "102 cases in 6 areas; 5,100 people." in text
    assert "Byar" in text  # the METHOD sentence of the run


def test_choosing_a_layer_preselects_fields_whose_names_say_what_they_hold(dock, areas_layer):
    dock.ui.layerCombo.setLayer(None)
    dock.ui.layerCombo.setLayer(areas_layer)
    ui = dock.ui
    chosen = (ui.nameFieldCombo.currentField(), ui.observedFieldCombo.currentField(),
              ui.populationFieldCombo.currentField(), ui.expectedFieldCombo.currentField())
    assert chosen == ("name", "cases", "pop", "")


def test_missing_population_field_is_explained_and_nothing_runs(dock, areas_layer):
    choose_fields(dock, areas_layer)
    dock.ui.populationFieldCombo.setField("")
    dock.ui.runButton.click()
    assert dock.result_layer is None
    assert "population field" in dock.ui.statusLabel.text()


def age_band_layer():
    """Two areas with cases and population in two age bands, added to the project."""
    layer = memory_layer({"name": ["A", "B"], "cases_young": [5, 9], "cases_old": [12, 3],
                          "pop_young": [500, 800], "pop_old": [400, 300]}, [square(0, 0), square(100, 0)])
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_choosing_a_layer_with_age_bands_prefills_the_strata_prefixes(dock, qgis_new_project):
    dock.ui.layerCombo.setLayer(age_band_layer())
    assert (dock.ui.observedPrefixEdit.text(), dock.ui.populationPrefixEdit.text()) == ("cases_", "pop_")


def test_strata_prefixes_show_their_pairs_and_run_standardised(dock, qgis_new_project):
    ui = dock.ui
    ui.layerCombo.setLayer(age_band_layer())
    ui.comparisonCombo.setCurrentIndex(ui.comparisonCombo.findData("strata"))
    ui.observedPrefixEdit.setText("cases_")
    ui.populationPrefixEdit.setText("pop_")
    pairs = [ui.pairsList.item(i).text() for i in range(ui.pairsList.count())]
    assert pairs == ["cases_young ↔ pop_young", "cases_old ↔ pop_old"]
    ui.runButton.click()
    rows = attribute_rows(dock.result_layer)
    # E_A = 14/1300 × 500 + 15/700 × 400 (rates of each age band over both areas)
    assert rows[0]["expected"] == pytest.approx(14 / 1300 * 500 + 15 / 700 * 400)


def test_only_the_rows_a_comparison_needs_are_shown(dock, areas_layer):
    ui = dock.ui
    ui.comparisonCombo.setCurrentIndex(ui.comparisonCombo.findData("expected"))
    assert not ui.populationFieldCombo.isVisibleTo(dock) and ui.expectedFieldCombo.isVisibleTo(dock)
    ui.comparisonCombo.setCurrentIndex(ui.comparisonCombo.findData("strata"))
    assert ui.observedPrefixEdit.isVisibleTo(dock) and not ui.observedFieldCombo.isVisibleTo(dock)


def wait_for(signal, timeout_ms=30_000):
    """Spin the event loop until ``signal`` fires; the arguments it carried (None on timeout)."""
    loop, received = QEventLoop(), []
    signal.connect(lambda *args: (received.append(args), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return received[0] if received else None


def test_background_run_reports_progress_and_finishes(dock, areas_layer):
    dock.blocking = False
    choose_fields(dock, areas_layer)
    progress = []
    dock.ui.progressBar.valueChanged.connect(progress.append)
    dock.ui.runButton.click()
    assert dock.ui.cancelButton.isEnabled() and not dock.ui.runButton.isEnabled()
    assert wait_for(dock.analysisFinished) == (True,)
    assert dock.proxy.rowCount() == 6
    assert progress[-1] == 100
    assert dock.ui.runButton.isEnabled() and not dock.ui.cancelButton.isEnabled()


def test_cancel_stops_the_background_run_without_adding_a_layer(dock, areas_layer):
    dock.blocking = False
    choose_fields(dock, areas_layer)
    layers_before = set(QgsProject.instance().mapLayers())
    dock.ui.runButton.click()
    dock.ui.cancelButton.click()
    assert wait_for(dock.analysisFinished) == (False,)
    assert set(QgsProject.instance().mapLayers()) == layers_before
    assert dock.result_layer is None

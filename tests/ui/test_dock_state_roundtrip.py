"""The dock's choices are remembered per project."""
from qgis.core import QgsCoordinateTransformContext, QgsProject, QgsVectorFileWriter, QgsVectorLayer
from qgis.PyQt.QtCore import Qt

from phso_insight_plugin.ui.project_state import SCOPE
from tests.ui.conftest import choose_fields


def set_options(dock):
    ui = dock.ui
    ui.multipleTestingCombo.setCurrentIndex(1)
    ui.overdispersionCombo.setCurrentIndex(2)
    ui.minExpectedSpin.setValue(8.0)
    ui.paletteCombo.setCurrentIndex(ui.paletteCombo.findData("Greyscale"))
    ui.labelsCheck.setChecked(True)
    ui.tierFilterList.item(5).setCheckState(Qt.CheckState.Unchecked)  # "Too few to say"


def widget_values(dock):
    ui = dock.ui
    return {"layer": ui.layerCombo.currentLayer().id(), "name": ui.nameFieldCombo.currentField(),
            "observed": ui.observedFieldCombo.currentField(), "population": ui.populationFieldCombo.currentField(),
            "multiple_testing": ui.multipleTestingCombo.currentData(),
            "overdispersion": ui.overdispersionCombo.currentData(), "min_expected": ui.minExpectedSpin.value(),
            "palette": ui.paletteCombo.currentData(), "labels": ui.labelsCheck.isChecked(),
            "tiers": [ui.tierFilterList.item(i).checkState() for i in range(6)]}


def test_saved_choices_are_project_entries(dock, areas_layer):
    choose_fields(dock, areas_layer)
    set_options(dock)
    dock.save_state()
    project = QgsProject.instance()
    assert project.readEntry(SCOPE, "layer_id") == (f'"{areas_layer.id()}"', True)
    assert project.readEntry(SCOPE, "palette") == ('"Greyscale"', True)
    assert project.readEntry(SCOPE, "hidden_tiers") == ("[null]", True)


def test_a_new_dock_restores_the_saved_choices(dock, new_dock, areas_layer):
    choose_fields(dock, areas_layer)
    set_options(dock)
    dock.save_state()
    fresh = new_dock()
    fresh.restore_state()
    assert widget_values(fresh) == widget_values(dock)


def test_the_last_result_is_shown_again_by_a_new_dock(analysed, new_dock):
    analysed.save_state()
    fresh = new_dock()
    fresh.restore_state()
    assert fresh.result_layer is analysed.result_layer
    assert fresh.proxy.rowCount() == 6
    assert "Byar" in fresh.ui.summaryBrowser.toPlainText()


def test_choices_survive_saving_and_reopening_the_project_file(dock, qgis_iface, tmp_path, areas_layer):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    QgsVectorFileWriter.writeAsVectorFormatV3(areas_layer, str(tmp_path / "areas.gpkg"),
                                              QgsCoordinateTransformContext(), options)
    layer = QgsVectorLayer(str(tmp_path / "areas.gpkg"), "areas_file", "ogr")
    project = QgsProject.instance()
    project.addMapLayer(layer)
    choose_fields(dock, layer)
    set_options(dock)
    saved = widget_values(dock)
    assert project.write(str(tmp_path / "study.qgs"))  # the dock writes its entries as the project is written
    project.clear()
    assert project.read(str(tmp_path / "study.qgs"))  # ... and restores them when it is read
    assert widget_values(dock) == saved

"""Fixtures for the dock tests: a small areas layer in a fresh project and a dock that runs blocking."""
import pytest

from tests.layers import memory_layer, square
from tests.processing.change_fixtures import (  # noqa: F401 (module fixtures of the Change view and briefing tests)
    constituencies,
    financial_years,
)
from tests.sample_pipeline import sample_pipeline  # noqa: F401 (a session fixture)

#: Six areas in a row, 100 m squares. Overall rate 102 / 5,100 = 0.02, so 20 cases are expected in
#: each area of 1,000 people and 2 in Fulford; one area falls in each tier (crude comparison):
#: Ashby 40 → 2, Dunham 30 → 1, Carlton 20 → 0, Brompton 10 → -1, Easton 2 → -2, Fulford 0 → too few.
AREAS = {
    "LSOA21CD": ["E01000001", "E01000002", "E01000003", "E01000004", "E01000005", "E01000006"],
    "name": ["Ashby", "Brompton", "Carlton", "Dunham", "Easton", "Fulford"],
    "cases": [40, 10, 20, 30, 2, 0],
    "pop": [1000, 1000, 1000, 1000, 1000, 100],
}
TIERS = {"Ashby": 2, "Dunham": 1, "Carlton": 0, "Brompton": -1, "Easton": -2, "Fulford": None}


@pytest.fixture()
def areas_layer(qgis_new_project):
    """The AREAS layer, added to the (new) project."""
    from qgis.core import QgsProject

    layer = memory_layer(AREAS, [square(i * 100, 0) for i in range(len(AREAS["name"]))], name="areas")
    QgsProject.instance().addMapLayer(layer)
    return layer


@pytest.fixture()
def new_dock(plugin, qgis_iface, qgis_new_project):
    """Factory of InsightDocks that run algorithms in the calling thread; all torn down and deleted afterwards."""
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    from phso_insight_plugin.ui.insight_dock import InsightDock

    made = []

    def make():
        widget = InsightDock(qgis_iface)
        widget.blocking = True
        made.append(widget)
        return widget

    yield make
    for widget in made:
        widget.teardown()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture()
def dock(new_dock):
    """A shown InsightDock (see ``new_dock``)."""
    widget = new_dock()
    widget.show()
    return widget


def choose_fields(dock, layer, observed="cases", population="pop", name="name"):
    """What a user does on the Analyse tab for a one-field comparison."""
    ui = dock.ui
    ui.layerCombo.setLayer(layer)
    ui.nameFieldCombo.setField(name)
    ui.comparisonCombo.setCurrentIndex(ui.comparisonCombo.findData("population"))
    ui.observedFieldCombo.setField(observed)
    ui.populationFieldCombo.setField(population)


@pytest.fixture()
def analysed(dock, areas_layer):
    """The dock after choosing AREAS' fields and clicking Run; returns the dock."""
    choose_fields(dock, areas_layer)
    dock.ui.runButton.click()
    assert dock.result_layer is not None, dock.ui.statusLabel.text()
    return dock

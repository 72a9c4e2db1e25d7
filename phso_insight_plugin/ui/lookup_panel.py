"""The Postcode tab's configuration: lookup table, its postcode and area-code fields, the results' area code."""
from __future__ import annotations

from qgis.core import QgsMapLayerProxyModel, QgsProject, QgsVectorLayer

from .dock_state import DockState
from .postcode_finder import PostcodeLookup


class LookupPanel:
    """Reads and sets the postcode lookup widgets."""

    def __init__(self, ui):
        self.ui = ui
        ui.lookupLayerCombo.setFilters(QgsMapLayerProxyModel.VectorLayer)
        ui.lookupLayerCombo.setAllowEmptyLayer(True)
        ui.lookupLayerCombo.setLayer(None)
        ui.lookupLayerCombo.layerChanged.connect(self._on_table_changed)
        self._on_table_changed(None)

    def _on_table_changed(self, layer) -> None:
        self.ui.lookupPostcodeFieldCombo.setLayer(layer)
        self.ui.lookupAreaFieldCombo.setLayer(layer)

    def set_result_layer(self, layer: QgsVectorLayer | None) -> None:
        """Offer the fields of ``layer`` (the result) for the area code; keeps the chosen name when present."""
        chosen = self.ui.resultAreaFieldCombo.currentField()
        self.ui.resultAreaFieldCombo.setLayer(layer)
        self.ui.resultAreaFieldCombo.setField(chosen)

    def lookup(self) -> PostcodeLookup | None:
        """The configured lookup; None until the table and all three fields are chosen."""
        ui = self.ui
        table = ui.lookupLayerCombo.currentLayer()
        fields = (ui.lookupPostcodeFieldCombo.currentField(), ui.lookupAreaFieldCombo.currentField(),
                  ui.resultAreaFieldCombo.currentField())
        if not isinstance(table, QgsVectorLayer) or not all(fields):
            return None
        return PostcodeLookup(table, *fields)

    def read_into(self, state: DockState) -> None:
        ui = self.ui
        table = ui.lookupLayerCombo.currentLayer()
        state.lookup_layer_id = table.id() if table is not None else ""
        state.lookup_postcode_field = ui.lookupPostcodeFieldCombo.currentField()
        state.lookup_area_field = ui.lookupAreaFieldCombo.currentField()
        state.result_area_field = ui.resultAreaFieldCombo.currentField()

    def apply(self, state: DockState, project: QgsProject) -> None:
        """Set the widgets from ``state`` (the table only if it is still in ``project``)."""
        ui = self.ui
        table = project.mapLayer(state.lookup_layer_id) if state.lookup_layer_id else None
        ui.lookupLayerCombo.setLayer(table if isinstance(table, QgsVectorLayer) else None)
        ui.lookupPostcodeFieldCombo.setField(state.lookup_postcode_field)
        ui.lookupAreaFieldCombo.setField(state.lookup_area_field)
        ui.resultAreaFieldCombo.setField(state.result_area_field)

"""The Postcode tab's configuration: lookup table, its postcode and area-code fields, the results' area code."""
from __future__ import annotations

from qgis.core import Qgis, QgsProject, QgsVectorLayer

from .dock_state import DockState
from .field_guess import guess_area_code_fields, guess_postcode_field
from .postcode_finder import PostcodeLookup


class LookupPanel:
    """Reads and sets the postcode lookup widgets."""

    def __init__(self, ui):
        self.ui = ui
        ui.lookupLayerCombo.setFilters(Qgis.LayerFilter.VectorLayer)
        ui.lookupLayerCombo.setAllowEmptyLayer(True)
        ui.lookupLayerCombo.setLayer(None)
        ui.lookupLayerCombo.layerChanged.connect(self._on_table_changed)
        self._on_table_changed(None)

    def _on_table_changed(self, layer) -> None:
        """Offer the table's fields, pre-selecting the postcode field and the code it shares with the results."""
        ui = self.ui
        ui.lookupPostcodeFieldCombo.setLayer(layer)
        ui.lookupAreaFieldCombo.setLayer(layer)
        if layer is not None:
            ui.lookupPostcodeFieldCombo.setField(guess_postcode_field(layer.fields().names()))
            self._guess_area_codes()

    def set_result_layer(self, layer: QgsVectorLayer | None) -> None:
        """Offer the fields of ``layer`` (the result) for the area code; keeps the chosen name when present."""
        chosen = self.ui.resultAreaFieldCombo.currentField()
        self.ui.resultAreaFieldCombo.setLayer(layer)
        self.ui.resultAreaFieldCombo.setField(chosen)
        if not self.ui.resultAreaFieldCombo.currentField():
            self._guess_area_codes()

    def _guess_area_codes(self) -> None:
        """Pick the area-code field pair the table and the results share (e.g. lsoa21cd ↔ LSOA21CD)."""
        ui = self.ui
        table, result = ui.lookupLayerCombo.currentLayer(), ui.resultAreaFieldCombo.layer()
        if table is None or result is None:
            return
        table_field, result_field = guess_area_code_fields(table.fields().names(), result.fields().names())
        if table_field:
            ui.lookupAreaFieldCombo.setField(table_field)
            ui.resultAreaFieldCombo.setField(result_field)

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

"""The Analyse tab's inputs: layer, fields (one pair, an expected field, or strata by prefix) and method."""
from __future__ import annotations

from qgis.core import Qgis, QgsFieldProxyModel, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication

from .analysis_parameters import MULTIPLE_TESTING, OVERDISPERSION
from .dock_state import COMPARISONS, DockState
from .field_guess import guess_fields, guess_strata_prefixes
from .strata import pair_by_suffix


def tr(text: str) -> str:
    return QCoreApplication.translate("InputPanel", text)


COMPARISON_TITLES = {
    "population": tr("Population (one field)"),
    "expected": tr("Expected cases (one field)"),
    "strata": tr("Population by stratum (age bands…)"),
}


class InputPanel:
    """Reads and sets the analysis choices of the Analyse tab; shows only the rows the comparison needs."""

    def __init__(self, ui):
        self.ui = ui
        ui.layerCombo.setFilters(Qgis.LayerFilter.VectorLayer)
        for combo in self._field_combos().values():
            combo.setAllowEmptyFieldName(True)
        for combo in (ui.observedFieldCombo, ui.populationFieldCombo, ui.expectedFieldCombo):
            combo.setFilters(QgsFieldProxyModel.Filter.Numeric)
        for key in COMPARISONS:
            ui.comparisonCombo.addItem(COMPARISON_TITLES[key], key)
        for _, combo, options in self._choice_combos():
            for option in options.options:
                combo.addItem(tr(option.label), option.value)
        ui.layerCombo.layerChanged.connect(self._on_layer_changed)
        ui.comparisonCombo.currentIndexChanged.connect(self._show_comparison_rows)
        ui.observedPrefixEdit.textChanged.connect(self.update_pairs)
        ui.populationPrefixEdit.textChanged.connect(self.update_pairs)
        self._on_layer_changed(ui.layerCombo.currentLayer())

    @property
    def layer(self) -> QgsVectorLayer | None:
        return self.ui.layerCombo.currentLayer()

    @property
    def field_names(self) -> list[str]:
        return self.layer.fields().names() if self.layer is not None else []

    @property
    def comparison(self) -> str:
        return self.ui.comparisonCombo.currentData()

    def _choice_combos(self) -> tuple:
        """(state field, its combo box, the algorithm's options) of each method choice."""
        return (("multiple_testing", self.ui.multipleTestingCombo, MULTIPLE_TESTING),
                ("overdispersion", self.ui.overdispersionCombo, OVERDISPERSION))

    def _field_combos(self) -> dict:
        """State field name → its field picker."""
        ui = self.ui
        return {"name_field": ui.nameFieldCombo, "observed_field": ui.observedFieldCombo,
                "population_field": ui.populationFieldCombo, "expected_field": ui.expectedFieldCombo}

    def _on_layer_changed(self, layer) -> None:
        """Offer the new layer's fields, pre-selecting only those whose names say what they hold."""
        guesses = guess_fields(self.field_names)
        for role, combo in self._field_combos().items():
            combo.setLayer(layer)
            combo.setField(guesses.get(role, ""))
        observed_prefix, population_prefix = guess_strata_prefixes(self.field_names)
        self.ui.observedPrefixEdit.setText(observed_prefix)
        self.ui.populationPrefixEdit.setText(population_prefix)
        self.update_pairs()
        self._show_comparison_rows()

    def _show_comparison_rows(self, *_args) -> None:
        ui = self.ui
        mode = self.comparison
        rows = {ui.observedFieldCombo: mode != "strata", ui.populationFieldCombo: mode == "population",
                ui.expectedFieldCombo: mode == "expected", ui.observedPrefixEdit: mode == "strata",
                ui.populationPrefixEdit: mode == "strata", ui.pairsList: mode == "strata"}
        for widget, visible in rows.items():
            widget.setVisible(visible)
            ui.inputForm.labelForField(widget).setVisible(visible)

    def update_pairs(self, *_args) -> None:
        """List the stratum pairs the prefixes give, and the fields left without a partner."""
        strata = pair_by_suffix(self.field_names, self.ui.observedPrefixEdit.text(),
                                self.ui.populationPrefixEdit.text())
        lines = [f"{observed} ↔ {population}" for observed, population in strata.pairs]
        lines += [tr("{0} ↔ (no population field)").format(name) for name in strata.unmatched_observed]
        lines += [tr("(no cases field) ↔ {0}").format(name) for name in strata.unmatched_population]
        self.ui.pairsList.clear()
        self.ui.pairsList.addItems(lines)

    def read_into(self, state: DockState) -> None:
        """Copy the widgets' choices into ``state``."""
        ui = self.ui
        state.layer_id = self.layer.id() if self.layer is not None else ""
        state.name_field = ui.nameFieldCombo.currentField()
        state.comparison = self.comparison
        state.observed_field = ui.observedFieldCombo.currentField()
        state.population_field = ui.populationFieldCombo.currentField()
        state.expected_field = ui.expectedFieldCombo.currentField()
        state.observed_prefix = ui.observedPrefixEdit.text()
        state.population_prefix = ui.populationPrefixEdit.text()
        for name, combo, _ in self._choice_combos():
            setattr(state, name, combo.currentData() or "")
        state.min_expected = ui.minExpectedSpin.value()

    def apply(self, state: DockState, project: QgsProject) -> None:
        """Set the widgets from ``state`` (the layer only if it is still in ``project``)."""
        ui = self.ui
        layer = project.mapLayer(state.layer_id) if state.layer_id else None
        if isinstance(layer, QgsVectorLayer):
            ui.layerCombo.setLayer(layer)
        ui.nameFieldCombo.setField(state.name_field)
        ui.comparisonCombo.setCurrentIndex(max(ui.comparisonCombo.findData(state.comparison), 0))
        ui.observedFieldCombo.setField(state.observed_field)
        ui.populationFieldCombo.setField(state.population_field)
        ui.expectedFieldCombo.setField(state.expected_field)
        ui.observedPrefixEdit.setText(state.observed_prefix)
        ui.populationPrefixEdit.setText(state.population_prefix)
        for name, combo, options in self._choice_combos():
            chosen = combo.findData(getattr(state, name))
            combo.setCurrentIndex(chosen if chosen >= 0 else options.default_index)
        ui.minExpectedSpin.setValue(state.min_expected)

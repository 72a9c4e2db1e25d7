"""The dock's "Change" view: choose cases, areas and periods, run ``phso_insight:representationchange`` (by id,
in the background), see the change map styled by change tier and, for the area selected on the map or in the
list, its ratio in each period with 95% intervals.

The view is thin: the algorithm computes, :func:`..styling.tier_renderer.apply_tier_style` styles (change
palette), :mod:`..report.change_figure` draws; the view reads the two output layers back.
"""
from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
from qgis.core import NULL, Qgis, QgsFeatureRequest, QgsProject, QgsVectorLayer
from qgis.PyQt import sip
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ..errors import InputError
from ..report.change_figure import PeriodRatios
from ..results.change_tiers import CHANGE_TIER_FIELD, change_counts_by_label
from ..results.tiers import parse_tiers
from ..styling.layer_tiers import layer_tier_counts
from ..styling.palettes import DEFAULT_PALETTE, PALETTES
from ..styling.tier_renderer import apply_tier_style
from .alg_runner import AlgorithmRun
from .change_chart import ChangeChart
from .change_inputs import ALGORITHM_ID, ChangeInputs

PERIOD_FIELDS = ["area", "period", "ratio", "lcl95", "ucl95", "tier"]


def _plain(value):
    return None if value == NULL else value


def read_table(layer: QgsVectorLayer, fields: list[str]) -> pd.DataFrame:
    """``fields`` of every feature of ``layer`` (NULL → None), without geometry."""
    request = QgsFeatureRequest().setFlags(Qgis.FeatureRequestFlag.NoGeometry)
    return pd.DataFrame([[_plain(f[name]) for name in fields] for f in layer.getFeatures(request)], columns=fields)


class ChangeView(QWidget):
    """The Change tab. :attr:`analysisFinished` (success) is emitted after every run; ``blocking()`` says whether to
    run in the calling thread (tests)."""

    analysisFinished = pyqtSignal(bool)

    def __init__(self, blocking: Callable[[], bool], parent=None):
        super().__init__(parent)
        self.blocking = blocking
        self.inputs = ChangeInputs(self)
        self.run_button, self.cancel_button = QPushButton(self.tr("Run"), self), QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setEnabled(False)
        self.progress, self.status = QProgressBar(self), QLabel(self)
        self.status.setWordWrap(True)
        self.area_choice = QComboBox(self)
        self.chart = ChangeChart(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self._layout()
        self._layer: QgsVectorLayer | None = None
        self.by_period = pd.DataFrame(columns=PERIOD_FIELDS)
        self.results: dict = {}
        self._run: AlgorithmRun | None = None
        self.run_button.clicked.connect(self.run_analysis)
        self.cancel_button.clicked.connect(self.cancel_analysis)
        self.area_choice.activated.connect(self._on_area_chosen)

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for widget in (self.run_button, self.cancel_button, self.progress):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.inputs)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(self.tr("Area (or select one on the map)"), self))
        layout.addWidget(self.area_choice)
        layout.addWidget(self.chart)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.chart.clear(self.tr("Run the change analysis, then select an area"))

    @property
    def result_layer(self) -> QgsVectorLayer | None:
        """The change layer shown (None when none, or when it has been deleted)."""
        layer = self._layer
        return layer if layer is not None and not sip.isdeleted(layer) else None

    # -- running ---------------------------------------------------------------------------------

    def run_analysis(self) -> None:
        try:
            parameters = self.inputs.parameters()
        except InputError as err:
            self._set_status(str(err), error=True)
            return
        self._run = AlgorithmRun(ALGORITHM_ID, parameters, QgsProject.instance(), self)
        self._run.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        self._run.finished.connect(self._on_finished)
        self._set_running(True)
        self._set_status(self.tr("Comparing periods…"))
        self._run.launch(self.blocking())

    def cancel_analysis(self) -> None:
        if self._run is not None:
            self._run.cancel()
            self._set_status(self.tr("Cancelling…"))

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setValue(0)

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")

    def _on_finished(self, successful: bool, results: dict) -> None:
        run, self._run = self._run, None
        self._set_running(False)
        layer = run.take_layer(results) if successful else None
        table = run.take_layer(results, "BY_PERIOD") if successful else None
        if layer is None or table is None:
            self._set_status(run.error or self.tr("Cancelled; nothing was added to the map."), error=True)
            self.analysisFinished.emit(False)
            return
        self.progress.setValue(100)
        self.results = results
        self._show(layer, table)
        self._set_status(self.tr("Done: {0} areas; the styled layer “{1}” was added to the map. Select an area to see "
                                 "its ratio in each period.").format(layer.featureCount(), layer.name()))
        self.analysisFinished.emit(True)

    # -- results ---------------------------------------------------------------------------------

    def _show(self, layer: QgsVectorLayer, table: QgsVectorLayer) -> None:
        """Name, style and add both outputs; list the areas; follow the layer's selection."""
        first, second = self.periods_compared
        areas = self.inputs.areas.currentLayer()
        layer.setName(self.tr("{0} – change {1} to {2}").format(areas.name() if areas else "", first, second))
        table.setName(self.tr("{0} – by period").format(areas.name() if areas else ""))
        self.by_period = read_table(table, PERIOD_FIELDS)
        name_field = self.inputs.name.currentField() or None
        apply_tier_style(layer, DEFAULT_PALETTE, CHANGE_TIER_FIELD, label_field=name_field, show_labels=False,
                         counts=layer_tier_counts(layer, CHANGE_TIER_FIELD))
        if self.result_layer is not None:
            self.result_layer.selectionChanged.disconnect(self._on_selection)
        QgsProject.instance().addMapLayers([layer, table])
        self._layer = layer
        layer.selectionChanged.connect(self._on_selection)
        self._fill_area_choice(layer, name_field)
        self.summary.setText("; ".join(f"{label}: {n}" for label, n in change_counts_by_label(
            layer_tier_counts(layer, CHANGE_TIER_FIELD)).items()))
        self.chart.clear(self.tr("Select an area on the map or in the list"))

    @property
    def periods_compared(self) -> tuple[str, str]:
        compared = self.results.get("COMPARED")
        return tuple(json.loads(compared)) if compared else ("", "")

    def _fill_area_choice(self, layer: QgsVectorLayer, name_field: str | None) -> None:
        code_field = self.inputs.area_code.currentField()
        self.area_choice.clear()
        request = QgsFeatureRequest().setFlags(Qgis.FeatureRequestFlag.NoGeometry)
        for feature in sorted(layer.getFeatures(request), key=lambda f: str(f[name_field or code_field])):
            self.area_choice.addItem(str(feature[name_field or code_field]), feature.id())
        self.area_choice.setCurrentIndex(-1)

    def _on_area_chosen(self, index: int) -> None:
        layer = self.result_layer
        if layer is not None and index >= 0:
            layer.selectByIds([self.area_choice.itemData(index)])

    def _on_selection(self, *_args) -> None:
        layer = self.result_layer
        selected = layer.selectedFeatureIds() if layer is not None else []
        if selected:
            self.show_area(layer.getFeature(selected[0]))

    def show_area(self, feature) -> None:
        """Draw the chart of ``feature`` (a feature of the change layer): its ratio per period and its change."""
        code = str(feature[self.inputs.area_code.currentField()])
        name_field = self.inputs.name.currentField()
        name = str(feature[name_field]) if name_field else code
        rows = self.by_period[self.by_period["area"].astype(str) == code]
        tiers = [None if pd.isna(t) else int(t) for t in parse_tiers(rows["tier"], "tier")]
        ratios = PeriodRatios.of(rows["period"].tolist(), rows["ratio"].astype(float), rows["lcl95"].astype(float),
                                 rows["ucl95"].astype(float), tiers)
        ratio = _plain(feature["ratio_of_ratios"])
        change = f"{feature['change_label']}" + (f", {ratio:.2f}×" if ratio is not None else "")
        self.chart.plot(ratios, PALETTES[DEFAULT_PALETTE].colours, f"{name}: {change}", self.periods_compared)
        index = self.area_choice.findData(feature.id())
        if index >= 0:
            self.area_choice.setCurrentIndex(index)

    def teardown(self) -> None:
        """Stop following the change layer (before the plugin unloads)."""
        if self.result_layer is not None:
            self.result_layer.selectionChanged.disconnect(self._on_selection)
        self._layer = None

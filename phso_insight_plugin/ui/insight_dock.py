"""The "PHSO Insight" dock: wires the widgets of ``insight_dock.ui`` to the algorithms and core modules.

Analysis runs ``phso_insight:representation`` (background task; :attr:`InsightDock.blocking` runs it in
the calling thread instead, for tests). The result layer is added to the project styled by
:func:`styling.tier_renderer.apply_tier_style`, listed in the areas table, drawn in the funnel plot and
summarised; what the run did (method, over-dispersion, fields) is read from the run metadata stored with
the layer. Choices are stored in the project (``phso_insight/*`` entries).
"""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProject, QgsVectorLayer
from qgis.gui import QgsDockWidget
from qgis.PyQt import sip, uic
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QHeaderView, QWidget

from ..errors import InputError
from ..layer_run_metadata import run_metadata_of
from ..results.run_metadata import RunMetadata
from ..results.tiers import count_tiers
from ..styling.tier_renderer import apply_tier_style
from .alg_runner import AlgorithmRun
from .analysis_parameters import ALGORITHM_ID, representation_parameters
from .area_rows import AreaRow
from .areas_model import AreasTableModel, sorting_proxy
from .briefing_action import (
    BRIEFINGS_ID,
    briefing_file,
    briefing_layers,
    briefing_parameters,
    open_file,
)
from .change_view import ChangeView
from .display_panel import DisplayPanel
from .dock_state import DockState
from .exports import (
    EXPORT_LAYER,
    EXPORT_MAP,
    SAVE_STYLE,
    ExportKind,
    ask_save_path,
    export_layer_parameters,
    export_map_parameters,
    save_style_parameters,
)
from .funnel_plot import FunnelPlot
from .input_panel import InputPanel
from .layer_reading import field_total, is_result_layer, read_area_rows
from .lookup_panel import LookupPanel
from .postcode_finder import find_postcode
from .project_state import load_state, save_state
from .selection_sync import SelectionSync
from .summary_text import summary_html

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("insight_dock.ui")))


class InsightDock(QgsDockWidget):
    """The PHSO Insight panel. :attr:`analysisFinished` (success) is emitted after every run."""

    analysisFinished = pyqtSignal(bool)

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.setObjectName("PhsoInsightDock")
        self.setWindowTitle(self.tr("PHSO Insight"))
        self.iface = iface
        self.ui = FORM_CLASS()
        contents = QWidget(self)
        self.ui.setupUi(contents)
        self.setWidget(contents)
        #: Save-file dialog, ``(parent, ExportKind) -> path`` ("" = cancelled); tests replace it.
        self.ask_save_path = ask_save_path
        #: Opens a written briefing, ``(path) -> None``; tests replace it.
        self.open_file = open_file
        #: Run algorithms in the calling thread and return when they are done (tests).
        self.blocking = False
        self.funnel = None
        self._result_layer: QgsVectorLayer | None = None
        #: What the run of the shown layer did, from the layer's run metadata (None when it has none).
        self.result_run: RunMetadata | None = None
        self._rows: list[AreaRow] = []
        self._run: AlgorithmRun | None = None
        self._exports: list[AlgorithmRun] = []
        self.inputs = InputPanel(self.ui)
        self.display = DisplayPanel(self.ui, self)
        self.lookup = LookupPanel(self.ui)
        self._setup_table()
        self._connect()
        self.change = ChangeView(lambda: self.blocking, self)
        self.ui.tabs.addTab(self.change, self.tr("Change"))

    @property
    def result_layer(self) -> QgsVectorLayer | None:
        """The result layer shown (None when none, or when it has been deleted)."""
        layer = self._result_layer
        return layer if layer is not None and not sip.isdeleted(layer) else None

    # -- construction ---------------------------------------------------------------------------

    def _setup_table(self) -> None:
        self.model = AreasTableModel(self)
        self.proxy = sorting_proxy(self.model, self)
        table = self.ui.areasTable
        table.setModel(self.proxy)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        self.sync = SelectionSync(table, self.proxy, self.model, self.iface.mapCanvas(), self)

    def _connect(self) -> None:
        ui = self.ui
        ui.runButton.clicked.connect(self.run_analysis)
        ui.cancelButton.clicked.connect(self.cancel_analysis)
        self.display.changed.connect(self.restyle)
        ui.nameFieldCombo.fieldChanged.connect(self._on_name_field_changed)
        self.sync.selectionChanged.connect(self._highlight_in_funnel)
        ui.postcodeEdit.returnPressed.connect(self.search_postcode)
        ui.postcodeButton.clicked.connect(self.search_postcode)
        ui.exportMapButton.clicked.connect(lambda: self.export(EXPORT_MAP))
        ui.exportLayerButton.clicked.connect(lambda: self.export(EXPORT_LAYER))
        ui.saveStyleButton.clicked.connect(lambda: self.export(SAVE_STYLE))
        ui.briefButton.clicked.connect(self.brief_selected_area)
        self.openedStateChanged.connect(self._on_opened_state_changed)
        project = QgsProject.instance()
        project.readProject.connect(self.restore_state)
        project.writeProject.connect(self.save_state)
        project.layerWillBeRemoved[str].connect(self._on_layer_removed)
        self._set_result_actions_enabled(False)

    def teardown(self) -> None:
        """Disconnect from the project and let go of the result layer (before the plugin unloads)."""
        project = QgsProject.instance()
        project.readProject.disconnect(self.restore_state)
        project.writeProject.disconnect(self.save_state)
        project.layerWillBeRemoved[str].disconnect(self._on_layer_removed)
        self._forget_result()
        self.change.teardown()

    # -- analysis -------------------------------------------------------------------------------

    def run_analysis(self) -> None:
        """Run the representation algorithm on the chosen layer and fields."""
        layer = self.inputs.layer
        if layer is None:
            self._set_status(self.tr("Choose an areas layer first."), error=True)
            return
        state = self.current_state()
        try:
            parameters = representation_parameters(state, layer, self.inputs.field_names)
        except InputError as err:
            self._set_status(str(err), error=True)
            return
        self._run = AlgorithmRun(ALGORITHM_ID, parameters, QgsProject.instance(), self)
        self._run.progressChanged.connect(lambda value: self.ui.progressBar.setValue(int(value)))
        self._run.finished.connect(self._on_run_finished)
        self._set_running(True)
        self._set_status(self.tr("Computing ratios for {0}…").format(layer.name()))
        self._run.launch(self.blocking)

    def cancel_analysis(self) -> None:
        if self._run is not None:
            self._run.cancel()
            self._set_status(self.tr("Cancelling…"))

    def _set_running(self, running: bool) -> None:
        self.ui.runButton.setEnabled(not running)
        self.ui.cancelButton.setEnabled(running)
        self.ui.progressBar.setValue(0)

    def _on_run_finished(self, successful: bool, results: dict) -> None:
        run, self._run = self._run, None
        self._set_running(False)
        layer = run.take_layer(results) if successful and results.get("OUTPUT") else None
        if layer is None:
            message = run.error if not successful else self.tr("Cancelled; nothing was added to the map.")
            self._set_status(message, error=True)
            self.analysisFinished.emit(False)
            return
        self.ui.progressBar.setValue(100)
        input_layer = self.inputs.layer
        layer.setName(self.tr("{0} – representation").format(input_layer.name() if input_layer else ""))
        QgsProject.instance().addMapLayer(layer)
        self.show_result_layer(layer)
        self._set_status(self.tr("Done: {0} areas. The styled layer “{1}” was added to the map.").format(
            len(self._rows), layer.name()))
        self.save_state()
        self.analysisFinished.emit(True)

    def _set_status(self, text: str, error: bool = False) -> None:
        self.ui.statusLabel.setText(text)
        self.ui.statusLabel.setStyleSheet("color: #b00020;" if error else "")

    # -- results --------------------------------------------------------------------------------

    def show_result_layer(self, layer: QgsVectorLayer) -> None:
        """Style ``layer`` and fill the table, funnel plot and summary from it."""
        self._result_layer = layer
        try:
            self.result_run = run_metadata_of(layer)
        except InputError as err:
            self.result_run = None
            self._set_status(str(err), error=True)
        self.sync.set_layer(layer)
        self.lookup.set_result_layer(layer)
        self._rows = read_area_rows(layer, self.ui.nameFieldCombo.currentField())
        self.model.set_rows(self._rows)
        self.restyle()
        self._plot_funnel()
        self._show_summary()
        self._set_result_actions_enabled(True)

    def _forget_result(self) -> None:
        self._result_layer = None
        self.result_run = None
        self._rows = []
        self.sync.set_layer(None)
        self.lookup.set_result_layer(None)
        self.model.set_rows([])
        self.ui.summaryBrowser.clear()
        if self.funnel is not None:
            self._plot_funnel()
        self._set_result_actions_enabled(False)

    def _on_layer_removed(self, layer_id: str) -> None:
        if self._result_layer is not None and (self.result_layer is None or self.result_layer.id() == layer_id):
            self._forget_result()

    def _on_name_field_changed(self, *_args) -> None:
        layer = self.result_layer
        if layer is not None and self.ui.nameFieldCombo.currentField() in layer.fields().names():
            self.show_result_layer(layer)

    def _set_result_actions_enabled(self, enabled: bool) -> None:
        for button in (self.ui.exportMapButton, self.ui.exportLayerButton, self.ui.saveStyleButton,
                       self.ui.postcodeButton, self.ui.briefButton):
            button.setEnabled(enabled)

    def restyle(self) -> None:
        """Apply the palette, labels and tier filter to the result layer (live)."""
        layer = self.result_layer
        if layer is None:
            return
        apply_tier_style(layer, palette_name=self.display.palette_name, tier_field="tier",
                         label_field=self._label_field(),
                         show_labels=self.display.show_labels, tier_filter=self.display.shown_tiers(),
                         counts=count_tiers(row.tier for row in self._rows))
        self.iface.layerTreeView().refreshLayerSymbology(layer.id())
        self.model.set_tier_colours({tier: QColor(c) for tier, c in self.display.colours.items()})
        if self.funnel is not None:
            self._plot_funnel()

    def _label_field(self) -> str | None:
        """The name field, if the result layer has it (labels and exported styles use it)."""
        name_field = self.ui.nameFieldCombo.currentField()
        layer = self.result_layer
        return name_field if name_field and layer is not None and name_field in layer.fields().names() else None

    def _plot_funnel(self) -> None:
        if self.funnel is None:
            self.funnel = FunnelPlot(self.ui.funnelTab)
            self.ui.funnelLayout.addWidget(self.funnel)
            self.funnel.areaPicked.connect(lambda fid: self.sync.select_fids([fid]))
        self.funnel.plot(self._rows, self.display.colours, self.result_run)
        layer = self.sync.layer
        self.funnel.highlight(layer.selectedFeatureIds() if layer is not None else [])

    def _highlight_in_funnel(self, fids: list) -> None:
        if self.funnel is not None:
            self.funnel.highlight(fids)

    def _show_summary(self) -> None:
        run = self.result_run
        people = field_total(self.result_layer, run.fields.get("POPULATION_FIELDS", []) if run else [])
        self.ui.summaryBrowser.setHtml(summary_html(
            (row.tier for row in self._rows), (row.observed for row in self._rows), people,
            run.method if run else ""))

    # -- postcode search ------------------------------------------------------------------------

    def search_postcode(self) -> None:
        """Find the typed postcode's area: select and zoom to it, and show its figures."""
        lookup = self.lookup.lookup()
        if self.result_layer is None:
            message = self.tr("Run an analysis first.")
        elif lookup is None:
            message = self.tr("Choose the postcode table and its fields below first.")
        else:
            match = find_postcode(self.ui.postcodeEdit.text(), lookup, self.result_layer)
            message = match.message
            if match.fid is not None:
                self.sync.select_fids([match.fid])
                area = self.model.area(self.model.row_of_fid(match.fid))
                message = f"{match.pcds} → {area.figures_text()}"
        self.ui.postcodeResultLabel.setText(message)

    # -- exports --------------------------------------------------------------------------------

    def export(self, kind: ExportKind) -> None:
        """Ask for a file and run the export algorithm of ``kind`` on the result layer."""
        if self.result_layer is None:
            return
        path = self.ask_save_path(self, kind)
        if not path:
            return
        layer, palette = self.result_layer, self.display.palette_name
        label_field = self._label_field() or ""
        if kind is EXPORT_MAP:
            parameters = export_map_parameters(layer, palette, path)
        elif kind is EXPORT_LAYER:
            parameters = export_layer_parameters(layer, palette, label_field,
                                                 self.ui.publicationSafeCheck.isChecked(), path)
        else:
            parameters = save_style_parameters(layer, palette, label_field, path)
        run = AlgorithmRun(kind.alg_id, parameters, QgsProject.instance(), self)
        run.finished.connect(lambda ok, _results: self._on_export_finished(run, kind, path, ok))
        self._exports.append(run)
        self._set_status(self.tr("{0}: writing {1}…").format(kind.title, path))
        run.launch(self.blocking)

    def _on_export_finished(self, run: AlgorithmRun, kind: ExportKind, path: str, successful: bool) -> None:
        self._exports.remove(run)
        if kind is SAVE_STYLE:
            self.restyle()  # the algorithm restyles the layer with its defaults; keep the dock's choices
        if successful:
            self._set_status(self.tr("{0}: saved {1}").format(kind.title, path))
        else:
            self._set_status(self.tr("{0} failed: {1}").format(kind.title, run.error), error=True)

    def brief_selected_area(self) -> None:
        """Write the briefing of the selected area(s) with phso_insight:areabriefings, then open it."""
        layer = self.result_layer
        if layer is None or not layer.selectedFeatureCount():
            self._set_status(self.tr("Select an area in the table first."), error=True)
            return
        parameters = briefing_parameters(layer, self._label_field(), briefing_layers(QgsProject.instance(), layer))
        run = AlgorithmRun(BRIEFINGS_ID, parameters, QgsProject.instance(), self)
        run.finished.connect(lambda ok, results: self._on_briefing_finished(run, ok, results))
        self._exports.append(run)
        self._set_status(self.tr("Writing the briefing…"))
        run.launch(self.blocking)

    def _on_briefing_finished(self, run: AlgorithmRun, successful: bool, results: dict) -> None:
        self._exports.remove(run)
        path = briefing_file(run.take_layer(results, "OUTPUT_INDEX")) if successful else ""
        if not path:
            self._set_status(self.tr("Briefing failed: {0}").format(run.error), error=True)
            return
        self._set_status(self.tr("Briefing: saved {0}").format(path))
        self.open_file(path)

    # -- state ----------------------------------------------------------------------------------

    def current_state(self) -> DockState:
        """The dock's choices as a :class:`DockState`."""
        state = DockState()
        self.inputs.read_into(state)
        self.display.read_into(state)
        self.lookup.read_into(state)
        state.result_layer_id = self.result_layer.id() if self.result_layer is not None else ""
        return state

    def apply_state(self, state: DockState) -> None:
        """Set every widget from ``state``; show the remembered result layer if it is in the project."""
        project = QgsProject.instance()
        self.inputs.apply(state, project)
        result = project.mapLayer(state.result_layer_id) if state.result_layer_id else None
        if is_result_layer(result):
            self.lookup.set_result_layer(result)
        self.lookup.apply(state, project)
        self.display.apply(state)
        if is_result_layer(result):
            self.show_result_layer(result)
        elif self.result_layer is not None:
            self._forget_result()

    def save_state(self, *_args) -> None:
        """Store the choices in the current project."""
        save_state(QgsProject.instance(), self.current_state())

    def restore_state(self, *_args) -> None:
        """Restore the choices stored in the current project, if any."""
        state = load_state(QgsProject.instance())
        if state is not None:
            self.apply_state(state)

    def _on_opened_state_changed(self, opened: bool) -> None:
        if opened:
            self.restore_state()
        else:
            self.save_state()

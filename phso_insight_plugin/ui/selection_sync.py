"""Keeps the table's selected rows and the result layer's selected features in step."""
from __future__ import annotations

from collections.abc import Sequence

from qgis.core import QgsVectorLayer
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QItemSelection, QItemSelectionModel, QObject, QSortFilterProxyModel, pyqtSignal
from qgis.PyQt.QtWidgets import QAbstractItemView, QTableView

from .areas_model import FID_ROLE, AreasTableModel


class SelectionSync(QObject):
    """Table rows → layer selection (and zoom); layer selection → table rows.

    :attr:`selectionChanged` carries the layer's selected feature ids after every change,
    wherever it came from (table, map, funnel plot, postcode search).
    """

    selectionChanged = pyqtSignal(list)

    def __init__(self, view: QTableView, proxy: QSortFilterProxyModel, model: AreasTableModel, canvas,
                 parent=None):
        super().__init__(parent)
        self._view = view
        self._proxy = proxy
        self._model = model
        self._canvas = canvas
        self._layer: QgsVectorLayer | None = None
        self._syncing = False
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.selectionModel().selectionChanged.connect(self._on_rows_selected)

    @property
    def layer(self) -> QgsVectorLayer | None:
        return self._layer if self._layer is not None and not sip.isdeleted(self._layer) else None

    def set_layer(self, layer: QgsVectorLayer | None) -> None:
        """Follow ``layer`` (the result layer shown in the table); None to stop."""
        if self.layer is not None:
            self.layer.selectionChanged.disconnect(self._on_layer_selection)
        self._layer = layer
        if layer is not None:
            layer.selectionChanged.connect(self._on_layer_selection)

    def select_fids(self, fids: Sequence[int], zoom: bool = True) -> None:
        """Select features ``fids`` on the layer (the table follows) and optionally zoom to them."""
        layer = self.layer
        if layer is None:
            return
        layer.selectByIds(list(fids))
        if zoom and fids:
            self.zoom_to_selection()

    def zoom_to_selection(self) -> None:
        layer = self.layer
        if layer is not None and layer.isSpatial() and layer.selectedFeatureCount():
            self._canvas.zoomToSelected(layer)
            self._canvas.refresh()

    def selected_row_fids(self) -> list[int]:
        """Feature ids of the selected table rows, in table order."""
        rows = sorted(self._view.selectionModel().selectedRows(), key=lambda index: index.row())
        return [self._proxy.data(index, FID_ROLE) for index in rows]

    def _on_rows_selected(self, *_args) -> None:
        layer = self.layer
        if self._syncing or layer is None:
            return
        fids = self.selected_row_fids()
        self._syncing = True
        try:
            layer.selectByIds(fids)
        finally:
            self._syncing = False
        if fids:
            self.zoom_to_selection()

    def _on_layer_selection(self, *_args) -> None:
        fids = self.layer.selectedFeatureIds() if self.layer is not None else []
        if not self._syncing:
            self._select_rows(fids)
        self.selectionChanged.emit(list(fids))

    def _select_rows(self, fids: Sequence[int]) -> None:
        selection = QItemSelection()
        last_column = self._model.columnCount() - 1
        for fid in fids:
            row = self._model.row_of_fid(fid)
            if row is not None:
                left = self._proxy.mapFromSource(self._model.index(row, 0))
                right = self._proxy.mapFromSource(self._model.index(row, last_column))
                selection.select(left, right)
        self._syncing = True
        try:
            self._view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if not selection.isEmpty():
                self._view.scrollTo(selection.indexes()[0])
        finally:
            self._syncing = False

"""The areas table: a read-only model of :class:`AreaRow` with numeric sort keys."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from qgis.PyQt.QtGui import QColor

from ..results.formatting import count_text, expected_text, is_missing
from .area_rows import AreaRow

#: Role holding the value a column sorts by (numbers for numeric columns).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Role holding the row's feature id.
FID_ROLE = Qt.ItemDataRole.UserRole + 2

NAME, OBSERVED, EXPECTED, RATIO, TIER = range(5)
#: Sort key of a missing number: below every real count or ratio.
MISSING_KEY = -1.0


def _number_key(value: float | None) -> float:
    return MISSING_KEY if is_missing(value) else float(value)


class AreasTableModel(QAbstractTableModel):
    """Columns: area, observed, expected, ratio (95% interval), tier; one row per area."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[AreaRow] = []
        self._row_of_fid: dict[int, int] = {}
        self._tier_colours: dict[int | None, QColor] = {}
        self._headers = [self.tr("Area"), self.tr("Observed"), self.tr("Expected"),
                         self.tr("Ratio (95% interval)"), self.tr("Tier")]

    def set_rows(self, rows: Sequence[AreaRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of_fid = {row.fid: i for i, row in enumerate(self._rows)}
        self.endResetModel()

    def set_tier_colours(self, colours: Mapping[int | None, QColor]) -> None:
        """Colour swatches shown next to the tier labels (the map's palette)."""
        self._tier_colours = dict(colours)
        if self._rows:
            self.dataChanged.emit(self.index(0, TIER), self.index(len(self._rows) - 1, TIER))

    def area(self, row: int) -> AreaRow:
        return self._rows[row]

    def row_of_fid(self, fid: int) -> int | None:
        """Source row showing feature ``fid``, None if absent."""
        return self._row_of_fid.get(fid)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        area = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(area, column)
        if role == SORT_ROLE:
            return self._sort_key(area, column)
        if role == FID_ROLE:
            return area.fid
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (OBSERVED, EXPECTED, RATIO):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == TIER:
            return self._tier_colours.get(area.tier)
        return None

    @staticmethod
    def _display(area: AreaRow, column: int) -> str:
        return {NAME: area.name, OBSERVED: count_text(area.observed),
                EXPECTED: expected_text(area.expected), RATIO: area.ratio_text,
                TIER: area.tier_label}[column]

    @staticmethod
    def _sort_key(area: AreaRow, column: int):
        return {NAME: area.name.casefold(), OBSERVED: _number_key(area.observed),
                EXPECTED: _number_key(area.expected), RATIO: _number_key(area.ratio),
                TIER: area.tier_rank}[column]


def sorting_proxy(model: AreasTableModel, parent=None) -> QSortFilterProxyModel:
    """A proxy sorting ``model`` by :data:`SORT_ROLE` (numbers as numbers)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy

"""The Map tab's display options: palette, labels on/off and the tiers shown."""
from __future__ import annotations

from qgis.PyQt.QtCore import QObject, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QIcon, QPixmap
from qgis.PyQt.QtWidgets import QListWidgetItem

from ..results.tiers import TIER_LABELS, TIER_ORDER
from ..styling.palettes import DEFAULT_PALETTE, PALETTE_NAMES, PALETTES
from .dock_state import DockState

TIER_ROLE = Qt.ItemDataRole.UserRole


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class DisplayPanel(QObject):
    """Emits :attr:`changed` whenever the palette, the labels switch or the tier filter changes."""

    changed = pyqtSignal()

    def __init__(self, ui, parent=None):
        super().__init__(parent)
        self.ui = ui
        for name in PALETTE_NAMES:
            ui.paletteCombo.addItem(name, name)
            ui.paletteCombo.setItemData(ui.paletteCombo.count() - 1, PALETTES[name].description,
                                        Qt.ItemDataRole.ToolTipRole)
        ui.paletteCombo.setCurrentIndex(PALETTE_NAMES.index(DEFAULT_PALETTE))
        for tier in TIER_ORDER:
            item = QListWidgetItem(self.tr(TIER_LABELS[tier]))
            item.setData(TIER_ROLE, tier)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            ui.tierFilterList.addItem(item)
        self._show_swatches()
        ui.paletteCombo.currentIndexChanged.connect(self._on_palette_changed)
        ui.labelsCheck.toggled.connect(self.changed)
        ui.tierFilterList.itemChanged.connect(self.changed)

    @property
    def palette_name(self) -> str:
        return self.ui.paletteCombo.currentData()

    @property
    def colours(self) -> dict[int | None, str]:
        return PALETTES[self.palette_name].colours

    @property
    def show_labels(self) -> bool:
        return self.ui.labelsCheck.isChecked()

    def _items(self) -> list[QListWidgetItem]:
        return [self.ui.tierFilterList.item(i) for i in range(self.ui.tierFilterList.count())]

    def shown_tiers(self) -> list[int | None]:
        """Tiers ticked in the filter, in ``TIER_ORDER``."""
        return [item.data(TIER_ROLE) for item in self._items() if item.checkState() == Qt.CheckState.Checked]

    def _show_swatches(self) -> None:
        colours = self.colours
        for item in self._items():
            item.setIcon(_swatch(colours[item.data(TIER_ROLE)]))

    def _on_palette_changed(self, *_args) -> None:
        self._show_swatches()
        self.changed.emit()

    def read_into(self, state: DockState) -> None:
        state.palette = self.palette_name
        state.show_labels = self.show_labels
        state.hidden_tiers = [tier for tier in TIER_ORDER if tier not in self.shown_tiers()]

    def apply(self, state: DockState) -> None:
        """Set the widgets from ``state`` without emitting :attr:`changed` (the caller restyles)."""
        self.blockSignals(True)
        try:
            index = self.ui.paletteCombo.findData(state.palette)
            self.ui.paletteCombo.setCurrentIndex(index if index >= 0 else PALETTE_NAMES.index(DEFAULT_PALETTE))
            self.ui.labelsCheck.setChecked(state.show_labels)
            for item in self._items():
                hidden = item.data(TIER_ROLE) in state.hidden_tiers
                item.setCheckState(Qt.CheckState.Unchecked if hidden else Qt.CheckState.Checked)
        finally:
            self.blockSignals(False)

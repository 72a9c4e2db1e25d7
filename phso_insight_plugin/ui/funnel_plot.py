"""The funnel plot widget: the report's funnel figure (:mod:`..report.funnel_figure`) on a live canvas, with
points to click and the selected areas ringed.

matplotlib is imported when the widget is created, not when the plugin loads.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QVBoxLayout, QWidget

from ..report.funnel_figure import FunnelPoints, draw_funnel, funnel_limits
from ..results.run_metadata import RunMetadata
from ..results.tiers import TierCode
from .area_rows import AreaRow

#: Pick tolerance around a point, in screen pixels.
PICK_RADIUS = 5


class FunnelPlot(QWidget):
    """Draws areas as points; clicking a point emits :attr:`areaPicked` with its feature id."""

    areaPicked = pyqtSignal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(4, 3), tight_layout=True)
        self.canvas = FigureCanvasQTAgg(self.figure)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.axes = self.figure.add_subplot()
        self.points = None
        self.limits = None
        self.limit_lines: dict[float, list] = {}
        self._fids = np.empty(0, dtype=int)
        self._xy = np.empty((0, 2))
        self._highlight = None
        self.canvas.mpl_connect("pick_event", self._on_pick)

    @property
    def fids(self) -> list[int]:
        """Feature ids of the drawn points, in drawing order."""
        return self._fids.tolist()

    def plot(self, rows: Sequence[AreaRow], colours: Mapping[TierCode, str], run: RunMetadata | None = None) -> None:
        """Redraw for ``rows``; ``colours`` maps tier → colour; ``run`` (the layer's run metadata) gives the
        limits its tiers used."""
        points, keep = FunnelPoints.of([r.expected if r.expected is not None else np.nan for r in rows],
                                       [r.ratio if r.ratio is not None else np.nan for r in rows],
                                       [r.tier for r in rows])
        self._fids = np.array([row.fid for row, k in zip(rows, keep) if k], dtype=int)
        self._xy = np.column_stack([points.expected, points.ratio]) if points.expected.size else np.empty((0, 2))
        self._highlight = None
        self.limits = funnel_limits(points.expected, run)
        self.points, self.limit_lines = draw_funnel(self.axes, points, self.limits, colours)
        self.points.set_picker(True)
        self.points.set_pickradius(PICK_RADIUS)
        # The dock's table shows the tiers: the legend names the limits only.
        self.axes.legend(handles=[lines[0] for lines in self.limit_lines.values()], loc="upper right",
                         fontsize="small", frameon=False)
        self.canvas.draw_idle()

    def highlight(self, fids: Iterable[int]) -> None:
        """Ring the points of ``fids`` (the selected areas)."""
        if self._highlight is not None:
            self._highlight.remove()
            self._highlight = None
        mask = np.isin(self._fids, list(fids))
        if mask.any():
            self._highlight = self.axes.scatter(self._xy[mask, 0], self._xy[mask, 1], s=90, facecolors="none",
                                                edgecolors="#000000", linewidths=1.5, zorder=4)
        self.canvas.draw_idle()

    def display_position(self, fid: int) -> tuple[float, float]:
        """Where the point of ``fid`` is drawn, in matplotlib display pixels (origin bottom left)."""
        index = int(np.flatnonzero(self._fids == fid)[0])
        x, y = self.axes.transData.transform(self._xy[index])
        return float(x), float(y)

    def _on_pick(self, event) -> None:
        if event.artist is not self.points or not len(event.ind):
            return
        mouse = np.array([event.mouseevent.x, event.mouseevent.y])
        screen = self.axes.transData.transform(self._xy[event.ind])
        nearest = event.ind[int(np.argmin(np.hypot(*(screen - mouse).T)))]
        self.areaPicked.emit(int(self._fids[nearest]))

"""The funnel plot widget: ratio against expected count, 95% and 99.8% limits, points coloured by tier.

matplotlib is imported when the widget is created, not when the plugin loads.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QVBoxLayout, QWidget

from .area_rows import AreaRow
from .funnel_data import CONFIDENCES, funnel_curves, plottable

LINE_STYLES = {0.95: "--", 0.998: "-"}
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
        self.limit_lines: dict[float, list] = {}
        self._fids = np.empty(0, dtype=int)
        self._xy = np.empty((0, 2))
        self._highlight = None
        self.canvas.mpl_connect("pick_event", self._on_pick)

    @property
    def fids(self) -> list[int]:
        """Feature ids of the drawn points, in drawing order."""
        return self._fids.tolist()

    def plot(self, rows: Sequence[AreaRow], colours: Mapping[int | None, str],
             phi: float | None = None, tau2: float | None = None) -> None:
        """Redraw for ``rows``; ``colours`` maps tier → colour; ``phi``/``tau2`` widen the limits as the run did."""
        expected = np.array([np.nan if r.expected is None else r.expected for r in rows], dtype=float)
        ratio = np.array([np.nan if r.ratio is None else r.ratio for r in rows], dtype=float)
        keep = plottable(expected, ratio)
        kept_rows = [row for row, k in zip(rows, keep) if k]
        self._fids = np.array([row.fid for row in kept_rows], dtype=int)
        self._xy = np.column_stack([expected[keep], ratio[keep]]) if kept_rows else np.empty((0, 2))
        self.axes.clear()
        self._highlight = None
        self._draw_limits(expected[keep], phi, tau2)
        self.points = self.axes.scatter(
            self._xy[:, 0], self._xy[:, 1], c=[colours.get(row.tier, "#999999") for row in kept_rows],
            s=24, edgecolors="#333333", linewidths=0.4, picker=True, pickradius=PICK_RADIUS, zorder=3)
        self._decorate()
        self.canvas.draw_idle()

    def _draw_limits(self, expected: np.ndarray, phi: float | None, tau2: float | None) -> None:
        curves = funnel_curves(expected, phi=phi, tau2=tau2)
        self.limit_lines = {}
        for confidence in CONFIDENCES:
            lower, upper = curves.limits[confidence]
            label = self.tr("{0:g}% limits").format(confidence * 100)
            self.limit_lines[confidence] = (
                self.axes.plot(curves.expected, lower, LINE_STYLES[confidence], color="#555555", lw=1,
                               label=label)
                + self.axes.plot(curves.expected, upper, LINE_STYLES[confidence], color="#555555", lw=1))

    def _decorate(self) -> None:
        from matplotlib import ticker

        self.axes.axhline(1.0, color="#222222", lw=0.8)
        if len(self._xy):
            self.axes.set_xscale("log")
            # Plain numbers (2, 5, 10, 20 …) rather than powers of ten: readers are not statisticians.
            self.axes.xaxis.set_minor_locator(ticker.LogLocator(subs=(2.0, 5.0)))
            for axis_formatter in (self.axes.xaxis.set_major_formatter, self.axes.xaxis.set_minor_formatter):
                axis_formatter(ticker.FormatStrFormatter("%g"))
        self.axes.set_xlabel(self.tr("Expected cases"))
        self.axes.set_ylabel(self.tr("Ratio observed / expected"))
        if self.limit_lines:
            self.axes.legend(loc="upper right", fontsize="small", frameon=False)

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

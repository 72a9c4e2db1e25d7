"""The Change view's chart: the selected area's ratio in each period with its 95% interval
(:func:`..report.change_figure.draw_period_ratios` on a live canvas). matplotlib is imported when the widget is
created, not when the plugin loads."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from qgis.PyQt.QtWidgets import QVBoxLayout, QWidget

from ..report.change_figure import PeriodRatios, draw_period_ratios
from ..results.tiers import TierCode


class ChangeChart(QWidget):
    """A small figure; :meth:`plot` draws one unit's periods, :meth:`clear` leaves a hint."""

    def __init__(self, parent=None):
        super().__init__(parent)
        from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(4, 2.6), tight_layout=True)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.axes = self.figure.add_subplot()
        self.clear()

    def plot(self, ratios: PeriodRatios, colours: Mapping[TierCode, str], title: str, compared: Sequence[str]) -> None:
        draw_period_ratios(self.axes, ratios, colours, title, compared)
        self.canvas.draw_idle()

    def clear(self, hint: str = "") -> None:
        self.axes.clear()
        self.axes.set_axis_off()
        self.axes.text(0.5, 0.5, hint, ha="center", va="center", fontsize="small", wrap=True,
                       transform=self.axes.transAxes)
        self.canvas.draw_idle()

    @property
    def title(self) -> str:
        return self.axes.get_title()

"""The ``phso_insight`` Processing provider."""
from __future__ import annotations

from qgis.core import QgsApplication, QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..resources import MODELS_DIR, icon_path
from .registry import algorithms


class PhsoInsightProvider(QgsProcessingProvider):
    """Provider ``phso_insight`` ("PHSO Insight") holding every algorithm of the plugin."""

    def id(self) -> str:
        return "phso_insight"

    def name(self) -> str:
        return QCoreApplication.translate("PhsoInsightProvider", "PHSO Insight")

    def longName(self) -> str:
        return self.name()

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def svgIconPath(self) -> str:
        return str(icon_path())

    def loadAlgorithms(self) -> None:
        for algorithm in algorithms():
            self.addAlgorithm(algorithm)
        if QgsApplication.processingRegistry().providerById(self.id()) is not self:
            return  # models resolve their steps through the registry: added by refreshAlgorithms()
        for path in sorted(MODELS_DIR.glob("*.model3")):
            model = QgsProcessingModelAlgorithm()
            if model.fromFile(str(path)):
                self.addAlgorithm(model)

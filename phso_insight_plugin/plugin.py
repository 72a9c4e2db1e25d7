"""The plugin object QGIS instantiates: registers the Processing provider and the dock."""
from __future__ import annotations

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication

from .dependencies import install_advice, packages_behind
from .processing.provider import PhsoInsightProvider


class PhsoInsightPlugin:
    """Owns the Processing provider (kept referenced for the plugin's lifetime) and the GUI."""

    def __init__(self, iface):
        self.iface = iface
        self.provider: PhsoInsightProvider | None = None
        self.gui = None

    def initProcessing(self) -> None:
        """Register the provider; called by QGIS (also headless, by qgis_process)."""
        if self.provider is None:
            self.provider = PhsoInsightProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)
            self.provider.refreshAlgorithms()  # now registered, the shipped models can resolve their steps

    def initGui(self) -> None:
        """Register Processing and add the dock panel, toolbar button and menu entry.

        Where an optional Python package the panel needs is missing, the algorithms that do not need it
        still work and the message bar says what to install instead of showing the panel.
        """
        self.initProcessing()
        if self.iface is None:
            return
        try:
            from .ui.plugin_gui import PluginGui
        except ImportError as error:
            packages = packages_behind(error)
            if not packages:
                raise
            panel = QCoreApplication.translate("PhsoInsightPlugin", "The PHSO Insight panel")
            self.report_missing(install_advice(panel, packages))
            return
        self.gui = PluginGui(self.iface)
        self.gui.setup()

    def report_missing(self, advice: str) -> None:
        """Show ``advice`` in the message bar and the PHSO Insight log tab."""
        QgsMessageLog.logMessage(advice, "PHSO Insight", Qgis.MessageLevel.Warning)
        self.iface.messageBar().pushMessage("PHSO Insight", advice, Qgis.MessageLevel.Warning, 0)

    def unload(self) -> None:
        """Remove everything the plugin added."""
        if self.gui is not None:
            self.gui.teardown()
            self.gui = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None

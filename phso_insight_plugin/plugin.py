"""The plugin object QGIS instantiates: registers the Processing provider and the dock."""
from __future__ import annotations

from qgis.core import QgsApplication

from .processing.provider import PhsoInsightProvider


class PhsoInsightPlugin:
    """Owns the Processing provider (kept referenced for the plugin's lifetime) and the GUI."""

    def __init__(self, iface):
        self.iface = iface
        self.provider: PhsoInsightProvider | None = None
        self.gui = None

    def initProcessing(self) -> None:  # noqa: N802 (QGIS API name)
        """Register the provider; called by QGIS (also headless, by qgis_process)."""
        if self.provider is None:
            self.provider = PhsoInsightProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)
            self.provider.refreshAlgorithms()  # now registered, the shipped models can resolve their steps

    def initGui(self) -> None:  # noqa: N802 (QGIS API name)
        """Register Processing and add the dock panel, toolbar button and menu entry."""
        self.initProcessing()
        if self.iface is not None:
            from .ui.plugin_gui import PluginGui

            self.gui = PluginGui(self.iface)
            self.gui.setup()

    def unload(self) -> None:
        """Remove everything the plugin added."""
        if self.gui is not None:
            self.gui.teardown()
            self.gui = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None

"""Toolbar button, Plugins-menu and Vector-menu entries "PHSO Insight" that open and close the dock."""
from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QAction, QIcon

from ..resources import icon_path
from .insight_dock import InsightDock


def tr(text: str) -> str:
    return QCoreApplication.translate("PluginGui", text)


class PluginGui:
    """Everything the plugin adds to the QGIS window; :meth:`teardown` removes it all."""

    def __init__(self, iface):
        self.iface = iface
        self.menu = tr("PHSO Insight")
        self.action: QAction | None = None
        self.dock: InsightDock | None = None

    def setup(self) -> None:
        """Create the (hidden) dock and the checkable action that shows it, in the toolbar and both menus."""
        main_window = self.iface.mainWindow()
        self.dock = InsightDock(self.iface, main_window)
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.action = QAction(QIcon(str(icon_path())), tr("PHSO Insight"), main_window)
        self.action.setObjectName("PhsoInsightAction")
        self.action.setToolTip(tr("Open the PHSO Insight panel: representation ratios, tiers, map and table"))
        self.action.setCheckable(True)
        self.action.toggled.connect(self.dock.setUserVisible)
        self.dock.openedStateChanged.connect(self.action.setChecked)
        self.iface.addToolBarIcon(self.action)
        self.iface.addPluginToMenu(self.menu, self.action)
        self.iface.addPluginToVectorMenu(self.menu, self.action)

    def teardown(self) -> None:
        """Remove the button, menu entries and dock."""
        if self.action is not None:
            self.iface.removeToolBarIcon(self.action)
            self.iface.removePluginMenu(self.menu, self.action)
            self.iface.removePluginVectorMenu(self.menu, self.action)
            self.action.deleteLater()
            self.action = None
        if self.dock is not None:
            self.dock.teardown()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None

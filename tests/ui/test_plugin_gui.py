"""The toolbar button and menu entries open and close the dock; teardown removes everything."""
from unittest import mock

import pytest
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QEvent

from phso_insight_plugin.ui.plugin_gui import PluginGui

IFACE_METHODS = ("addToolBarIcon", "addPluginToMenu", "addPluginToVectorMenu", "addDockWidget",
                 "removeToolBarIcon", "removePluginMenu", "removePluginVectorMenu", "removeDockWidget")


@pytest.fixture()
def iface(qgis_iface, qgis_new_project):
    """qgis_iface with the window-changing methods recorded; docks really go into its (shown) main window."""
    window = qgis_iface.mainWindow()
    with mock.patch.multiple(qgis_iface, **{name: mock.DEFAULT for name in IFACE_METHODS}):
        qgis_iface.addDockWidget.side_effect = window.addDockWidget
        qgis_iface.removeDockWidget.side_effect = window.removeDockWidget
        window.show()
        yield qgis_iface
        window.hide()


@pytest.fixture()
def gui(plugin, iface):
    instance = PluginGui(iface)
    instance.setup()
    yield instance
    instance.teardown()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_setup_adds_one_action_to_toolbar_plugins_menu_and_vector_menu(gui, iface):
    iface.addToolBarIcon.assert_called_once_with(gui.action)
    iface.addPluginToMenu.assert_called_once_with("PHSO Insight", gui.action)
    iface.addPluginToVectorMenu.assert_called_once_with("PHSO Insight", gui.action)
    assert gui.action.text() == "PHSO Insight" and not gui.action.icon().isNull()


def test_the_dock_starts_hidden_and_the_action_toggles_it(gui):
    assert not gui.dock.isUserVisible()
    gui.action.trigger()
    assert gui.dock.isUserVisible()
    gui.action.trigger()
    assert not gui.dock.isUserVisible()


def test_closing_the_dock_unchecks_the_action(gui):
    gui.action.trigger()
    gui.dock.close()
    assert not gui.action.isChecked()


def test_teardown_removes_action_menus_and_dock(plugin, iface):
    instance = PluginGui(iface)
    instance.setup()
    action, dock = instance.action, instance.dock
    instance.teardown()
    iface.removeToolBarIcon.assert_called_once_with(action)
    iface.removePluginMenu.assert_called_once_with("PHSO Insight", action)
    iface.removePluginVectorMenu.assert_called_once_with("PHSO Insight", action)
    iface.removeDockWidget.assert_called_once_with(dock)
    assert instance.dock is None and instance.action is None
    assert not sip.isdeleted(dock)  # deleted later, by the event loop
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert sip.isdeleted(dock) and sip.isdeleted(action)

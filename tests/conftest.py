"""Session fixtures: headless QGIS (pytest-qgis) with the plugin loaded once, DataPlotly-style."""

import pytest


@pytest.fixture(scope="session")
def plugin(qgis_app, qgis_iface, qgis_processing):
    """The plugin instance as QGIS creates it, with its Processing provider registered."""
    import phso_insight_plugin

    instance = phso_insight_plugin.classFactory(qgis_iface)
    instance.initProcessing()
    yield instance
    instance.unload()


@pytest.fixture()
def run_alg(plugin):
    """``run_alg("representation", {...})`` → processing.run result with an in-memory context."""
    from qgis import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    def run(alg_id: str, parameters: dict, feedback=None):
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        return processing.run(f"phso_insight:{alg_id}", parameters, context=context,
                              feedback=feedback or QgsProcessingFeedback())

    return run

"""PHSO Insight QGIS plugin: representation ratios for complaint case data."""


def classFactory(iface):
    """Entry point QGIS calls to load the plugin."""
    from .plugin import PhsoInsightPlugin

    return PhsoInsightPlugin(iface)

"""PHSO Insight QGIS plugin: representation ratios for complaint case data."""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Entry point QGIS calls to load the plugin."""
    from .plugin import PhsoInsightPlugin

    return PhsoInsightPlugin(iface)

"""The differences between the supported QGIS versions (3.40, 3.44 and 4.x), in one place.

Everything else in the plugin is written once, in the form QGIS 3.40 through 4.x all accept. What is
here has no such form: QGIS 3.44 deprecates (and QGIS 4 removes) an API whose replacement 3.40 lacks.
Each function uses the current API when the running QGIS has it, else the 3.40 one.
"""
from __future__ import annotations

from qgis.core import QgsLegendStyle, QgsMapLayer


def legend_component(name: str):
    """The legend component called ``name`` ("hidden", "title", "group", "subgroup", "symbol", "symbolLabel").

    A ``Qgis.LegendComponent`` from QGIS 3.42 on, a ``QgsLegendStyle.Style`` on 3.40; QGIS's own
    name lookup returns the right one on each.
    """
    return QgsLegendStyle.styleFromName(name)


def save_style_to_database(layer: QgsMapLayer, name: str, description: str, use_as_default: bool) -> str:
    """Save ``layer``'s style in its data source (e.g. a GeoPackage's ``layer_styles``); '' or the error.

    ``saveStyleToDatabaseV2`` from QGIS 3.42 on (the first version is deprecated there), else the first.
    """
    save_v2 = getattr(layer, "saveStyleToDatabaseV2", None)
    if save_v2 is None:
        return layer.saveStyleToDatabase(name, description, use_as_default, "")
    _results, error = save_v2(name, description, use_as_default, "")
    return error

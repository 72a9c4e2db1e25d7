"""Writing the tier style out: QML and SLD files, a GeoPackage's default style, the shipped QML text."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsField,
    QgsFields,
    QgsMapLayer,
    QgsMemoryProviderUtils,
    QgsReadWriteContext,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QMetaType
from qgis.PyQt.QtXml import QDomDocument

from ..errors import InputError
from ..qgis_compat import save_style_to_database
from ..resources import STYLES_DIR
from .tier_renderer import apply_tier_style, sld_labeling

#: What a tier QML carries: symbology and labels only, so it applies to any layer with the fields.
STYLE_CATEGORIES = QgsMapLayer.StyleCategory.Symbology | QgsMapLayer.StyleCategory.Labeling
QML_DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"


def save_qml(layer: QgsVectorLayer, path: str | Path) -> None:
    """Write the layer's symbology and labels to the QML file ``path``."""
    message, ok = layer.saveNamedStyle(str(path), STYLE_CATEGORIES)
    if not ok:
        raise InputError(f"Could not write the QML style to {path}: {message}")


def save_sld(layer: QgsVectorLayer, path: str | Path, label_field: str | None = None) -> None:
    """Write the layer's symbology as OGC SLD 1.1 to ``path``, labelled with ``label_field`` if given.

    One rule per tier; the NULL tier ("Too few to say") is the last rule, written as
    ``<se:ElseFilter/>`` by QGIS 3.40+ (``PropertyIsNull`` by older versions). SLD labels are the
    plain area name (see :func:`sld_labeling`); they are written only when ``layer`` shows labels.
    """
    sld_layer = template_layer(layer.fields(), layer.crs(), layer.name())
    sld_layer.setRenderer(layer.renderer().clone())
    if label_field and layer.labelsEnabled():
        sld_layer.setLabeling(sld_labeling(label_field))
        sld_layer.setLabelsEnabled(True)
    message, ok = sld_layer.saveSldStyle(str(path))
    if not ok:
        raise InputError(f"Could not write the SLD style to {path}: {message}")


def is_geopackage_layer(layer: QgsVectorLayer) -> bool:
    """True for an OGR layer read from a .gpkg file."""
    path = layer.source().split("|", 1)[0]
    return layer.providerType() == "ogr" and path.lower().endswith(".gpkg")


def save_default_style_in_geopackage(layer: QgsVectorLayer, name: str, description: str) -> None:
    """Store the layer's current style in its GeoPackage (``layer_styles`` table) as the default style.

    QGIS then applies it whenever the layer is opened.
    """
    if not is_geopackage_layer(layer):
        raise InputError(f"Layer {layer.name()!r} is not read from a GeoPackage ({layer.source()}); "
                         "only a GeoPackage can hold its own default style.")
    error = save_style_to_database(layer, name, description, use_as_default=True)
    if error:
        raise InputError(f"Could not save the style inside {layer.source()}: {error}")


def template_layer(fields: QgsFields, crs: QgsCoordinateReferenceSystem, name: str) -> QgsVectorLayer:
    """An empty polygon memory layer with ``fields``: a thread-local stand-in to style and save."""
    return QgsMemoryProviderUtils.createMemoryLayer(name, fields, Qgis.WkbType.MultiPolygon, crs)


def canonical_xml(text: str) -> str:
    """XML in canonical form (attributes sorted, no DOCTYPE, indented by 2 spaces, no random ids).

    Equal documents give equal text whatever order Qt wrote the attributes in. QGIS 3.40+ gives each
    renderer category a random ``uuid`` and each symbol layer a random ``id`` (keys it recreates when
    absent); they are dropped so that the same style always gives the same text.
    """
    element = ET.fromstring(ET.canonicalize(text, strip_text=True))
    for category in element.iter("category"):
        category.attrib.pop("uuid", None)
    for symbol_layer in element.iter("layer"):
        symbol_layer.attrib.pop("id", None)
    ET.indent(element, "  ")
    return ET.tostring(element, encoding="unicode")


def shipped_style_path(palette_name: str) -> Path:
    """Where the plugin ships the QML of ``palette_name``: ``resources/styles/tier_<palette>.qml``."""
    return STYLES_DIR / f"tier_{palette_name}.qml"


def tier_style_qml(palette_name: str, tier_field: str = "tier") -> str:
    """The QML text shipped as ``resources/styles/tier_<palette>.qml``: renderer only, no labels.

    Canonical XML behind the QGIS DOCTYPE, so regenerating it gives the same bytes.
    """
    fields = QgsFields()
    fields.append(QgsField(tier_field, QMetaType.Type.LongLong))
    layer = template_layer(fields, QgsCoordinateReferenceSystem("EPSG:27700"), f"tier_{palette_name}")
    apply_tier_style(layer, palette_name, tier_field)
    document = QDomDocument()
    message = layer.exportNamedStyle(document, QgsReadWriteContext(), STYLE_CATEGORIES)
    if message:
        raise RuntimeError(f"QGIS could not export the {palette_name} style: {message}")
    return f"{QML_DOCTYPE}\n{canonical_xml(document.toString())}\n"

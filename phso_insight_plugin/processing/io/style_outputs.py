"""Steps shared by the map algorithms (tier style, styled export, map export): the style files and a memory copy
of a layer (their parameters come from :meth:`..parameters.DeclaresParameters.add_tier_style`)."""
from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFields,
    QgsMemoryProviderUtils,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from ...cancel import checked, start_phase
from ...styling.style_files import save_qml, save_sld, template_layer
from ...styling.tier_renderer import apply_tier_style


def tr(text: str) -> str:
    return QCoreApplication.translate("style_outputs", text)


def styled_template(fields: QgsFields, crs: QgsCoordinateReferenceSystem, name: str, palette_name: str,
                    tier_field: str, label_field: str | None) -> QgsVectorLayer:
    """An empty layer with ``fields`` carrying the tier style: what style files are written from.

    Safe in a worker thread (a new layer owned by no project); raises InputError for missing fields.
    """
    layer = template_layer(fields, crs, name)
    apply_tier_style(layer, palette_name, tier_field, label_field)
    return layer


def write_style_files(layer: QgsVectorLayer, qml_path: str, sld_path: str, label_field: str | None) -> None:
    """Save ``layer``'s style as QML and/or SLD, for each path that is not empty (SLD labels: ``label_field``)."""
    if qml_path:
        save_qml(layer, qml_path)
    if sld_path:
        save_sld(layer, sld_path, label_field)


def memory_copy(source, name: str, feedback=None) -> QgsVectorLayer:
    """Every feature of the feature ``source`` copied into a new memory layer (same fields, geometry, CRS)."""
    if feedback is not None:
        start_phase(feedback, tr("Reading the layer…"))
    layer = QgsMemoryProviderUtils.createMemoryLayer(name, source.fields(), source.wkbType(), source.sourceCrs())
    features = [QgsFeature(feature) for feature in checked(source.getFeatures(),
                                                            feedback.isCanceled if feedback else None)]
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer

"""Parameters and steps shared by the map algorithms (tier style, styled export, map export)."""
from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFields,
    QgsMemoryProviderUtils,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from ...cancel import checked, start_phase
from ...styling.palettes import DEFAULT_PALETTE, PALETTE_NAMES
from ...styling.style_files import save_qml, save_sld, template_layer
from ...styling.tier_renderer import apply_tier_style


def tr(text: str) -> str:
    return QCoreApplication.translate("style_outputs", text)


def palette_parameter(name: str, description: str) -> QgsProcessingParameterEnum:
    """Palette choice by name ("PuOr", "RdBu", "Greyscale"); static strings so scripts may pass the name."""
    return QgsProcessingParameterEnum(name, description, options=PALETTE_NAMES, defaultValue=DEFAULT_PALETTE,
                                      usesStaticStrings=True)


DEFAULT_TIER_FIELD = "tier"


def tier_field_parameter(name: str, description: str, parent: str) -> QgsProcessingParameterField:
    """The tier field of ``parent``, default ``tier``.

    Optional so that callers may leave it out: QGIS 3.22 rejects a missing value of a
    mandatory field parameter even when it has a default.
    """
    return QgsProcessingParameterField(name, description, defaultValue=DEFAULT_TIER_FIELD,
                                       parentLayerParameterName=parent, optional=True)


def tier_field_value(algorithm, parameters: dict, name: str, context) -> str:
    """The chosen tier field, ``tier`` when none was given."""
    return algorithm.parameterAsString(parameters, name, context) or DEFAULT_TIER_FIELD


def label_field_parameter(name: str, description: str, parent: str) -> QgsProcessingParameterField:
    """Optional field of ``parent`` holding the area name for labels."""
    return QgsProcessingParameterField(name, description, parentLayerParameterName=parent, optional=True)


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

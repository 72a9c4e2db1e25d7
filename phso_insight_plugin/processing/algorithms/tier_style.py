"""``phso_insight:tierstyle`` — give a representation layer the tier style; write it as QML, SLD, or into its
GeoPackage."""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsFeatureRequest,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterVectorLayer,
    QgsVectorLayer,
)

from ...cancel import checked, start_phase
from ...errors import InputError
from ...results.tiers import count_tiers, parse_tiers
from ...styling.style_files import is_geopackage_layer, save_default_style_in_geopackage
from ...styling.tier_renderer import apply_tier_style
from ..base import PhsoAlgorithm
from ..io.style_outputs import styled_template, write_style_files
from ..result_outputs import log_tier_counts


class TierStyleAlgorithm(PhsoAlgorithm):
    """Writes style files in ``execute``; restyles the layer itself in ``postProcessAlgorithm`` (main thread)."""

    ALG_ID = "tierstyle"
    GROUP_ID = "map"
    DISPLAY_NAME = "Apply tier style"

    INPUT = "INPUT"
    TIER_FIELD = "TIER_FIELD"
    LABEL_FIELD = "LABEL_FIELD"
    PALETTE = "PALETTE"
    SAVE_TO_GPKG = "SAVE_TO_GPKG"
    OUTPUT_QML = "OUTPUT_QML"
    OUTPUT_SLD = "OUTPUT_SLD"
    OUTPUT = "OUTPUT"

    def __init__(self):
        super().__init__()
        self._layer: QgsVectorLayer | None = None
        self._style: dict = {}

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Representation layer"), [Qgis.ProcessingSourceType.VectorPolygon]))
        self.add_tier_style(self.INPUT)
        self.add_flag(self.SAVE_TO_GPKG, "Save the style inside the layer's GeoPackage as its default style", False)
        self.add_file_output(self.OUTPUT_QML, "QGIS style file (QML)", "QGIS layer style (*.qml)", optional=True)
        self.add_file_output(self.OUTPUT_SLD, "SLD style file", "Styled Layer Descriptor (*.sld)", optional=True)
        self.addOutput(QgsProcessingOutputVectorLayer(self.OUTPUT, self.tr("Styled layer")))

    def execute(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise InputError(self.invalidSourceError(parameters, self.INPUT))
        style = self.tier_style(parameters, context)
        save_to_gpkg = self.parameterAsBoolean(parameters, self.SAVE_TO_GPKG, context)
        if save_to_gpkg and not is_geopackage_layer(layer):
            raise InputError(self.tr("Layer '{0}' is not read from a GeoPackage ({1}); untick 'Save the style "
                                     "inside the layer's GeoPackage' (SAVE_TO_GPKG) or export it first.").format(
                layer.name(), layer.source()))
        template = styled_template(layer.fields(), layer.crs(), layer.name(), **style)
        self._report_tiers(parameters, context, style["tier_field"], feedback)
        qml = self.parameterAsFileOutput(parameters, self.OUTPUT_QML, context)
        sld = self.parameterAsFileOutput(parameters, self.OUTPUT_SLD, context)
        start_phase(feedback, self.tr("Writing the style…"))
        write_style_files(template, qml, sld, style["label_field"])
        if save_to_gpkg:
            self._save_in_geopackage(layer, style, feedback)
        self._layer, self._style = layer, style
        return {self.OUTPUT: layer.id(), self.OUTPUT_QML: qml or None, self.OUTPUT_SLD: sld or None}

    def _report_tiers(self, parameters, context, tier_field, feedback) -> None:
        """Check every tier value (InputError naming bad rows) and log the areas per tier."""
        source = self.parameterAsSource(parameters, self.INPUT, context)
        start_phase(feedback, self.tr("Checking the tiers…"))
        request = QgsFeatureRequest().setFlags(Qgis.FeatureRequestFlag.NoGeometry)
        request.setSubsetOfAttributes([tier_field], source.fields())
        features = checked(source.getFeatures(request), feedback.isCanceled)
        log_tier_counts(feedback, count_tiers(parse_tiers((f[tier_field] for f in features), tier_field)))

    def _save_in_geopackage(self, layer, style, feedback) -> None:
        """Style a private copy of the GeoPackage layer and store that style as the GeoPackage default."""
        copy = QgsVectorLayer(layer.source(), layer.name(), "ogr")
        apply_tier_style(copy, **style)
        save_default_style_in_geopackage(copy, self.tr("PHSO Insight tiers ({0})").format(style["palette_name"]),
                                         self.tr("Representation tiers styled by PHSO Insight"))
        feedback.pushInfo(self.tr("Saved the style as the default style inside {0}.").format(layer.source()))

    def postProcessAlgorithm(self, context, feedback):
        """Main thread: restyle the layer itself (in the desktop, the project's layer)."""
        if self._layer is not None:
            apply_tier_style(self._layer, **self._style)
        return {}

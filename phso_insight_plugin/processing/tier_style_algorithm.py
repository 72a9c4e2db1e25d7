"""``phso_insight:tierstyle`` — give a representation layer the tier style; write it as QML, SLD, or into its GeoPackage."""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsFeatureRequest,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterVectorLayer,
    QgsVectorLayer,
)

from ..cancel import checked, start_phase
from ..errors import InputError
from ..results.tiers import count_tiers, parse_tiers
from ..styling.style_files import is_geopackage_layer, save_default_style_in_geopackage
from ..styling.tier_renderer import apply_tier_style
from .base import PhsoAlgorithm
from .result_outputs import log_tier_counts
from .style_outputs import (
    label_field_parameter,
    palette_parameter,
    styled_template,
    tier_field_parameter,
    tier_field_value,
    write_style_files,
)

HELP = """<p>Styles a representation layer so that non-statisticians can read it: one colour per tier, a legend in plain English, thin boundaries that stay readable at England scale and, optionally, labels with the area name and its ratio (shown when zoomed in beyond 1:50,000).</p>
<h3>Tiers and colours</h3>
<ul>
<li>Significantly higher than expected (99.8%) and Higher than expected (95%): the warm or dark end of the palette.</li>
<li>In line with population: a neutral near-white.</li>
<li>Lower than expected (95%) and Significantly lower than expected (99.8%): the cool or light end.</li>
<li>Too few to say (tier NULL): light grey with a diagonal hatch.</li>
</ul>
<p>Palettes: <b>PuOr</b> (default; orange = higher, purple = lower) and <b>RdBu</b> (red = higher, blue = lower) are ColorBrewer diverging schemes that are safe for colour-blind readers; <b>Greyscale</b> is for black-and-white print (solid greys for higher, line patterns for lower).</p>
<h3>Outputs</h3>
<p>In QGIS the layer itself is restyled when the algorithm finishes. The style can also be written as a QGIS style file (QML), as an OGC SLD file for web map servers, and, for a layer read from a GeoPackage, saved inside the GeoPackage as its default style so it opens styled anywhere.</p>"""


class TierStyleAlgorithm(PhsoAlgorithm):
    """Writes style files in ``execute``; restyles the layer itself in ``postProcessAlgorithm`` (main thread)."""

    ALG_ID = "tierstyle"
    GROUP_ID = "map"
    DISPLAY_NAME = "Apply tier style"
    HELP = HELP

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

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Representation layer"), [Qgis.ProcessingSourceType.VectorPolygon]))
        self.addParameter(tier_field_parameter(self.TIER_FIELD, self.tr("Tier field"), self.INPUT))
        self.addParameter(label_field_parameter(self.LABEL_FIELD, self.tr("Label field (area name)"), self.INPUT))
        self.addParameter(palette_parameter(self.PALETTE, self.tr("Palette")))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SAVE_TO_GPKG, self.tr("Save the style inside the layer's GeoPackage as its default style"),
            defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_QML, self.tr("QGIS style file (QML)"), self.tr("QGIS layer style (*.qml)"),
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_SLD, self.tr("SLD style file"), self.tr("Styled Layer Descriptor (*.sld)"),
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputVectorLayer(self.OUTPUT, self.tr("Styled layer")))

    def execute(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise InputError(self.invalidSourceError(parameters, self.INPUT))
        style = {"palette_name": self.parameterAsEnumString(parameters, self.PALETTE, context),
                 "tier_field": tier_field_value(self, parameters, self.TIER_FIELD, context),
                 "label_field": self.parameterAsString(parameters, self.LABEL_FIELD, context) or None}
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

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        """Main thread: restyle the layer itself (in the desktop, the project's layer)."""
        if self._layer is not None:
            apply_tier_style(self._layer, **self._style)
        return {}

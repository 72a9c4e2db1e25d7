"""``phso_insight:exportmap`` — a finished A4 tier map (PNG and/or PDF) from a representation layer."""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..cancel import start_phase
from ..errors import InputError
from ..layer_run_metadata import run_metadata_of
from ..results.geography import geography_of_fields
from ..styling.layout_export import export_pdf, export_png
from ..styling.print_layout import (
    DEFAULT_ATTRIBUTION,
    DEFAULT_SUBTITLE,
    DEFAULT_TITLE,
    MapTexts,
    tier_map_layout,
)
from .base import PhsoAlgorithm
from .run_records import input_layer
from .style_outputs import (
    memory_copy,
    palette_parameter,
    tier_field_parameter,
    tier_field_value,
)

HELP = """<p>Renders a one-page A4 landscape map of a representation layer, ready to put in a report: the areas coloured by tier, a title, a subtitle saying how the comparison was made, a legend with the number of areas in each tier, a scale bar, a north arrow, the date of the data and an attribution line.</p>
<h3>Parameters</h3>
<ul>
<li><b>Extent</b>: the area to show; by default the whole layer.</li>
<li><b>Title</b>: by default "Complaint cases compared with population: constituencies", naming the layer's geography in words (from the run metadata the analysis stored with the layer, else from ONS field names).</li>
<li><b>Subtitle</b>: one sentence on the method; by default the method sentence stored with the layer by the analysis that made it.</li>
<li><b>Data date</b>: when the case data were extracted, e.g. "March 2024".</li>
<li><b>Attribution</b>: the source line; by default the Open Government Licence statement for ONS boundaries.</li>
<li><b>Resolution</b>: dots per inch of the PNG (and of any raster parts of the PDF). 150 suits screens and reports, 300 print.</li>
</ul>
<p>Give a PNG file, a PDF file or both. The map is built in a layout of its own: the layer in the project keeps its style.</p>"""


class ExportMapAlgorithm(PhsoAlgorithm):
    """Materialises the input, builds :func:`styling.print_layout.tier_map_layout`, exports it."""

    ALG_ID = "exportmap"
    GROUP_ID = "map"
    DISPLAY_NAME = "Export tier map"
    HELP = HELP
    GEOMETRY_INPUTS = ("INPUT",)

    INPUT = "INPUT"
    TIER_FIELD = "TIER_FIELD"
    PALETTE = "PALETTE"
    EXTENT = "EXTENT"
    TITLE = "TITLE"
    SUBTITLE = "SUBTITLE"
    DATA_DATE = "DATA_DATE"
    ATTRIBUTION = "ATTRIBUTION"
    DPI = "DPI"
    OUTPUT_PNG = "OUTPUT_PNG"
    OUTPUT_PDF = "OUTPUT_PDF"

    def flags(self):
        """Main thread only: print layouts are QGraphicsScenes (as for QGIS's own layout exports)."""
        return super().flags() | Qgis.ProcessingAlgorithmFlag.NoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Representation layer"), [Qgis.ProcessingSourceType.VectorPolygon]))
        self.addParameter(tier_field_parameter(self.TIER_FIELD, self.tr("Tier field"), self.INPUT))
        self.addParameter(palette_parameter(self.PALETTE, self.tr("Palette")))
        self.addParameter(QgsProcessingParameterExtent(
            self.EXTENT, self.tr("Map extent (default: the whole layer)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.TITLE, self.tr("Title (default: names the layer's geography)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.SUBTITLE, self.tr("Subtitle (default: the method recorded with the layer)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.DATA_DATE, self.tr("Date of the data (e.g. March 2024)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.ATTRIBUTION, self.tr("Attribution"), self.tr(DEFAULT_ATTRIBUTION)))
        self.addParameter(QgsProcessingParameterNumber(
            self.DPI, self.tr("Resolution (dots per inch)"), Qgis.ProcessingNumberParameterType.Integer,
            defaultValue=150, minValue=30, maxValue=1200))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_PNG, self.tr("Map as PNG image"), self.tr("PNG image (*.png)"),
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_PDF, self.tr("Map as PDF"), self.tr("PDF document (*.pdf)"),
            optional=True, createByDefault=False))

    def execute(self, parameters, context, feedback):
        png = self.parameterAsFileOutput(parameters, self.OUTPUT_PNG, context)
        pdf = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        if not png and not pdf:
            raise InputError(self.tr("Choose where to save the map: a PNG file (OUTPUT_PNG), a PDF file (OUTPUT_PDF), "
                                     "or both."))
        source = self.required_source(parameters, self.INPUT, context)
        if source.featureCount() == 0:
            raise InputError(self.tr("The layer has no features to map."))
        layer = memory_copy(source, source.sourceName(), feedback)
        extent = self.parameterAsExtent(parameters, self.EXTENT, context, layer.crs())
        title, subtitle = self._recorded_texts(parameters, context)
        texts = MapTexts(title=self.parameterAsString(parameters, self.TITLE, context) or title,
                         subtitle=self.parameterAsString(parameters, self.SUBTITLE, context) or subtitle,
                         data_date=self.parameterAsString(parameters, self.DATA_DATE, context),
                         attribution=self.parameterAsString(parameters, self.ATTRIBUTION, context))
        tier_map = tier_map_layout(layer, texts, self.parameterAsEnumString(parameters, self.PALETTE, context),
                                   tier_field_value(self, parameters, self.TIER_FIELD, context),
                                   None if extent.isNull() else extent)
        feedback.setProgress(50)
        dpi = self.parameterAsInt(parameters, self.DPI, context)
        if png:
            start_phase(feedback, self.tr("Drawing the map as PNG…"))
            export_png(tier_map.layout, png, dpi, feedback.isCanceled)
        if pdf:
            start_phase(feedback, self.tr("Drawing the map as PDF…"))
            export_pdf(tier_map.layout, pdf, dpi, feedback.isCanceled)
        return {self.OUTPUT_PNG: png or None, self.OUTPUT_PDF: pdf or None}

    def _recorded_texts(self, parameters, context) -> tuple[str, str]:
        """Default title and subtitle from the layer: its geography and method as its run recorded them (else
        the geography its ONS field names say, and the generic subtitle)."""
        layer = input_layer(self, parameters, self.INPUT, context)
        run = run_metadata_of(layer)
        geography = run.areas if run is not None and run.geography else (
            geography_of_fields(layer.fields().names()) if layer is not None else None)
        title = self.tr(DEFAULT_TITLE) + (f": {geography.plural}" if geography is not None else "")
        return title, run.method if run is not None else self.tr(DEFAULT_SUBTITLE)

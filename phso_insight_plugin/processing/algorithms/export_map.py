"""``phso_insight:exportmap`` — a finished A4 tier map (PNG and/or PDF) from a representation layer."""
from __future__ import annotations

from qgis.core import Qgis, QgsProcessingParameterExtent

from ...cancel import start_phase
from ...errors import InputError
from ...layer_run_metadata import run_metadata_of
from ...results.geography import geography_of_fields
from ...styling.layout_export import export_pdf, export_png
from ...styling.print_layout import (
    CHANGE_SUBTITLE,
    CHANGE_TITLE,
    DEFAULT_ATTRIBUTION,
    DEFAULT_SUBTITLE,
    DEFAULT_TITLE,
    MapTexts,
    tier_map_layout,
)
from ..base import PhsoAlgorithm
from ..io.run_records import input_layer
from ..io.style_outputs import memory_copy
from ..parameters import POLYGONS


class ExportMapAlgorithm(PhsoAlgorithm):
    """Materialises the input, builds :func:`styling.print_layout.tier_map_layout`, exports it."""

    ALG_ID = "exportmap"
    GROUP_ID = "map"
    DISPLAY_NAME = "Export tier map"
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

    def initAlgorithm(self, config=None):
        self.add_source(self.INPUT, "Representation layer", POLYGONS)
        self.add_tier_style(self.INPUT, label_field=False)
        self.addParameter(QgsProcessingParameterExtent(
            self.EXTENT, self.tr("Map extent (default: the whole layer)"), optional=True))
        self.add_text(self.TITLE, "Title (default: names the layer's geography)", optional=True)
        self.add_text(self.SUBTITLE, "Subtitle (default: the method recorded with the layer)", optional=True)
        self.add_text(self.DATA_DATE, "Date of the data (e.g. March 2024)", optional=True)
        self.add_text(self.ATTRIBUTION, "Attribution", self.tr(DEFAULT_ATTRIBUTION))
        self.add_number(self.DPI, "Resolution (dots per inch)", 150, minimum=30, maximum=1200, integer=True)
        self.add_file_output(self.OUTPUT_PNG, "Map as PNG image", "PNG image (*.png)", optional=True)
        self.add_file_output(self.OUTPUT_PDF, "Map as PDF", "PDF document (*.pdf)", optional=True)

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
        feedback.pushInfo(self.tr("Title: {0}").format(texts.title))
        style = self.tier_style(parameters, context)
        tier_map = tier_map_layout(layer, texts, style["palette_name"], style["tier_field"],
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
        """Default title and subtitle from the layer: its geography and method as its run recorded them (a change
        run: the periods it compared), else the geography its ONS field names say, and the generic subtitle."""
        layer = input_layer(self, parameters, self.INPUT, context)
        run = run_metadata_of(layer)
        geography = run.areas if run is not None and run.geography else (
            geography_of_fields(layer.fields().names()) if layer is not None else None)
        where = f": {geography.plural}" if geography is not None else ""
        if run is not None and run.compared:
            return self.tr(CHANGE_TITLE).format(*run.compared) + where, self.tr(CHANGE_SUBTITLE)
        return self.tr(DEFAULT_TITLE) + where, run.method if run is not None else self.tr(DEFAULT_SUBTITLE)

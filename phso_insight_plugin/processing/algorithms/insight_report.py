"""``phso_insight:insightreport`` — the insight summary report for leadership (HTML, optionally PDF).

Thin: reads the layers into DataFrames, renders the tier map through ``phso_insight:exportmap``,
lets :mod:`phso_insight_plugin.report` write the page, and prints it to PDF with Qt.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from qgis.core import Qgis, QgsProcessingParameterMultipleLayers, QgsProcessingUtils
from qgis.PyQt.QtCore import QMarginsF, QSizeF
from qgis.PyQt.QtGui import QPageLayout, QPageSize, QTextDocument
from qgis.PyQt.QtPrintSupport import QPrinter

from ...cancel import check_cancelled, start_phase
from ...errors import InputError
from ...report.document import DEFAULT_TITLE, MapImage, ReportSettings, build_report
from ...report.naming import distinct_titles
from ...report.results import AreaResults, GroupResults
from ...results.run_metadata import result_title
from ...styling.print_layout import DEFAULT_ATTRIBUTION
from ..base import PhsoAlgorithm
from ..io.parameter_checks import concerning
from ..io.result_layers import read_area_results, read_group_results
from ..report_changes import change_inputs

DEFAULT_SOURCES = f"{DEFAULT_ATTRIBUTION}\nCase data: PHSO casework records (personal data; only aggregates are shown)."
MAP_DPI = 120
PDF_MARGIN_MM = 15.0
PDF_PAGE_WIDTH_PX = 820


def write_pdf(html_text: str, path: str) -> None:
    """Print ``html_text`` to an A4 PDF with Qt's rich-text engine (works headless).

    The document is laid out on pages :data:`PDF_PAGE_WIDTH_PX` pixels wide (A4 proportions),
    wide enough for the embedded images, and Qt scales each page onto the printed page.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(*[PDF_MARGIN_MM] * 4), QPageLayout.Unit.Millimeter))
    printer.setOutputFileName(path)
    printable = printer.pageRect(QPrinter.Unit.Point)
    document = QTextDocument()
    document.setHtml(html_text)
    document.setPageSize(QSizeF(PDF_PAGE_WIDTH_PX, PDF_PAGE_WIDTH_PX * printable.height() / printable.width()))
    document.print_(printer)
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise InputError(f"Could not write the PDF to {path} (does the folder exist, and is it writable?).")


class InsightReportAlgorithm(PhsoAlgorithm):
    """Reads representation layers and group tables, builds the report, writes HTML (and PDF)."""

    ALG_ID = "insightreport"
    GROUP_ID = "map"
    DISPLAY_NAME = "Insight summary report"

    AREA_LAYERS = "AREA_LAYERS"
    AREA_NAME_FIELD = "AREA_NAME_FIELD"
    GROUP_TABLES = "GROUP_TABLES"
    CHANGE_LAYERS = "CHANGE_LAYERS"
    TITLE = "TITLE"
    DATA_SOURCES = "DATA_SOURCES"
    DATA_DATE = "DATA_DATE"
    PUBLICATION_SAFE = "PUBLICATION_SAFE"
    INCLUDE_MAP = "INCLUDE_MAP"
    OUTPUT_HTML = "OUTPUT_HTML"
    OUTPUT_PDF = "OUTPUT_PDF"
    HEADLINES = "HEADLINES"

    def flags(self):
        """Main thread only: the map is a print layout and the PDF is printed by Qt."""
        return super().flags() | Qgis.ProcessingAlgorithmFlag.NoThreading

    def initAlgorithm(self, config=None):
        self._add_layers(self.AREA_LAYERS, "Representation layers (areas), e.g. LSOA, constituency, ICB")
        self.add_text(self.AREA_NAME_FIELD, "Area name field (default: detected in each layer)", optional=True)
        self._add_layers(self.GROUP_TABLES, "Group representation tables")
        self._add_layers(self.CHANGE_LAYERS, "Change layers (change over time, of areas or groups)")
        self.add_text(self.TITLE, "Title", self.tr(DEFAULT_TITLE))
        self.add_text(self.DATA_SOURCES, "Data sources (one per line)", self.tr(DEFAULT_SOURCES), multiline=True)
        self.add_text(self.DATA_DATE, "Date of the data (e.g. March 2024)", optional=True)
        self.add_flag(self.PUBLICATION_SAFE, "Publication-safe counts (1–7 shown as <8, others rounded to 5)", True)
        self.add_flag(self.INCLUDE_MAP, "Include the tier map", True)
        self.add_file_output(self.OUTPUT_HTML, "Report (HTML)", "HTML files (*.html)")
        self.add_file_output(self.OUTPUT_PDF, "Report (PDF)", "PDF files (*.pdf)", optional=True)
        self.add_text_results({self.HEADLINES: "Headline findings"})

    def _add_layers(self, key: str, label: str) -> None:
        self.addParameter(QgsProcessingParameterMultipleLayers(key, self.tr(label), Qgis.ProcessingSourceType.Vector,
                                                               optional=True))

    def execute(self, parameters, context, feedback):
        area_layers = self.parameterAsLayerList(parameters, self.AREA_LAYERS, context)
        group_layers = self.parameterAsLayerList(parameters, self.GROUP_TABLES, context)
        change_layers = self.parameterAsLayerList(parameters, self.CHANGE_LAYERS, context)
        if not area_layers and not group_layers and not change_layers:
            raise InputError(self.tr("Give at least one representation layer (AREA_LAYERS), group representation "
                                     "table (GROUP_TABLES) or change layer (CHANGE_LAYERS)."))
        chosen_name = self._chosen_name_field(parameters, context, area_layers)
        with concerning(self, self.AREA_LAYERS):
            areas = [self._area_results(layer, chosen_name, feedback) for layer in area_layers]
        with concerning(self, self.GROUP_TABLES):
            groups = [self._group_results(layer, feedback) for layer in group_layers]
        areas, groups = self._titled_apart(areas, groups)
        with concerning(self, self.CHANGE_LAYERS):
            changes = change_inputs(change_layers, chosen_name, feedback)
        feedback.setProgress(40)
        settings = ReportSettings(
            title=self.parameterAsString(parameters, self.TITLE, context) or self.tr(DEFAULT_TITLE),
            data_sources=self.parameterAsString(parameters, self.DATA_SOURCES, context),
            data_date=self.parameterAsString(parameters, self.DATA_DATE, context),
            publication_safe=self.parameterAsBoolean(parameters, self.PUBLICATION_SAFE, context))
        tier_map = None
        if self.parameterAsBoolean(parameters, self.INCLUDE_MAP, context):
            tier_map = self._tier_map(area_layers, areas, settings, context, feedback)
        feedback.setProgress(70)
        start_phase(feedback, self.tr("Writing the report…"))
        report = build_report(areas, groups, settings, tier_map, changes)
        check_cancelled(feedback.isCanceled)
        html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        self._write_html(report.html, html_path)
        pdf_path = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        if pdf_path:
            start_phase(feedback, self.tr("Printing the report as PDF…"))
            write_pdf(report.html, pdf_path)
        headlines = "\n".join(s for sentences in report.headlines.values() for s in sentences)
        for line in headlines.splitlines():
            feedback.pushInfo(line)
        return {self.OUTPUT_HTML: html_path, self.OUTPUT_PDF: pdf_path or None, self.HEADLINES: headlines}

    def _chosen_name_field(self, parameters, context, layers) -> str | None:
        """The area name field the user gave, checked to exist in at least one area layer."""
        chosen = self.parameterAsString(parameters, self.AREA_NAME_FIELD, context).strip()
        if chosen and not any(layer.fields().lookupField(chosen) >= 0 for layer in layers):
            raise InputError(self.tr("No area layer (AREA_LAYERS) has the name field {0!r} (AREA_NAME_FIELD).").format(
                chosen))
        return chosen or None

    def _area_results(self, layer, chosen_name: str | None, feedback) -> AreaResults:
        """The layer's results, named by their geography (as its run recorded, else from its codes or fields)."""
        return read_area_results(layer, chosen_name, feedback)

    def _group_results(self, layer, feedback) -> GroupResults:
        return read_group_results(layer, feedback)

    @staticmethod
    def _titled_apart(areas: list[AreaResults], groups: list[GroupResults]):
        """Each input titled by what it holds ("Constituencies", "Groups by disability"; numbered when repeated),
        never by its layer name (inputs are read under their layer name, so errors name the layer)."""
        titles = distinct_titles([r.heading for r in areas]
                                 + [result_title(r.run) if r.run is not None else "Groups" for r in groups])
        return ([replace(r, title=t) for r, t in zip(areas, titles)],
                [replace(r, title=t) for r, t in zip(groups, titles[len(areas):])])

    def _tier_map(self, layers, areas: list[AreaResults], settings: ReportSettings, context,
                  feedback) -> MapImage | None:
        """The tier map of the first area layer with polygons, via phso_insight:exportmap."""
        from qgis import processing

        polygons = [i for i, layer in enumerate(layers) if layer.geometryType() == Qgis.GeometryType.Polygon]
        if not polygons:
            feedback.pushInfo(self.tr("No area layer has polygons: the report has no map."))
            return None
        layer, results = layers[polygons[0]], areas[polygons[0]]
        png = QgsProcessingUtils.generateTempFilename("insight_report_map.png")
        processing.run("phso_insight:exportmap", {
            "INPUT": layer, "TITLE": self.tr("{0}: cases compared with population").format(results.title),
            "DATA_DATE": settings.data_date, "ATTRIBUTION": " ".join(settings.data_sources.split()),
            "DPI": MAP_DPI, "OUTPUT_PNG": png,
        }, context=context, feedback=feedback, is_child_algorithm=True)
        caption = self.tr("{0}: each {1} coloured by its tier; the legend gives the number of {2} in each tier.")
        return MapImage(Path(png).read_bytes(),
                        caption.format(results.title, results.noun.singular, results.noun.plural))

    def _write_html(self, text: str, path: str) -> None:
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as err:
            raise InputError(self.tr("Could not write the report to {0}: {1}").format(path, err.strerror)) from err

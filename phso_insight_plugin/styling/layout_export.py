"""Exporting a print layout to PNG and PDF, with QgsLayoutExporter result codes turned into clear errors."""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsLayoutExporter, QgsPrintLayout

from ..errors import InputError

EXPORT_PROBLEMS = {
    QgsLayoutExporter.ExportResult.Canceled: "the export was cancelled",
    QgsLayoutExporter.ExportResult.MemoryError: "not enough memory for the image (try a lower DPI)",
    QgsLayoutExporter.ExportResult.FileError: "the file could not be written (does the folder exist, and is it writable?)",
    QgsLayoutExporter.ExportResult.PrintError: "the page could not be printed",
    QgsLayoutExporter.ExportResult.SvgLayerError: "an SVG layer could not be written",
    QgsLayoutExporter.ExportResult.IteratorError: "the atlas could not be iterated",
}


def check_export(result: QgsLayoutExporter.ExportResult, exporter: QgsLayoutExporter, path: str | Path,
                 what: str) -> None:
    """InputError naming the file and the reason unless ``result`` is Success."""
    if result != QgsLayoutExporter.ExportResult.Success:
        problem = EXPORT_PROBLEMS.get(result, f"QGIS error code {int(result)}")
        raise InputError(f"Could not export the map as {what} to {exporter.errorFile() or path}: {problem}.")


def export_png(layout: QgsPrintLayout, path: str | Path, dpi: float) -> None:
    """One PNG of the page at ``dpi``: page size in inches × dpi pixels, no world file.

    GDAL's complaint that a PNG cannot be georeferenced in place is silenced; the
    exporter's own result code is still checked.
    """
    from osgeo import gdal

    exporter = QgsLayoutExporter(layout)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    settings.generateWorldFile = False
    settings.exportMetadata = False
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        result = exporter.exportToImage(str(path), settings)
    finally:
        gdal.PopErrorHandler()
    check_export(result, exporter, path, "PNG")


def export_pdf(layout: QgsPrintLayout, path: str | Path, dpi: float) -> None:
    """One-page vector PDF (map layers rasterised only where QGIS must) at ``dpi``."""
    exporter = QgsLayoutExporter(layout)
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    settings.rasterizeWholeImage = False
    check_export(exporter.exportToPdf(str(path), settings), exporter, path, "PDF")

"""Exporting a print layout to PNG and PDF, with QgsLayoutExporter result codes turned into clear errors."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qgis.core import QgsLayoutExporter, QgsLayoutItemMap, QgsPrintLayout, QgsRenderedFeatureHandlerInterface

from ..cancel import IsCancelled, check_cancelled
from ..errors import InputError

EXPORT_PROBLEMS = {
    QgsLayoutExporter.ExportResult.Canceled: "the export was cancelled",
    QgsLayoutExporter.ExportResult.MemoryError: "not enough memory for the image (try a lower DPI)",
    QgsLayoutExporter.ExportResult.FileError:
        "the file could not be written (does the folder exist, and is it writable?)",
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


class StopWhenCancelled(QgsRenderedFeatureHandlerInterface):
    """Called by a map item for every feature it draws: once ``is_cancelled()``, it cancels the
    rendering (the map layers stop at their next feature), so a long map render ends at once."""

    def __init__(self, is_cancelled: IsCancelled) -> None:
        super().__init__()
        self.is_cancelled = is_cancelled

    def handleRenderedFeature(self, feature, geometry, context) -> None:
        if self.is_cancelled():
            feedback = context.renderContext.feedback()
            if feedback is not None:
                feedback.cancel()

    def usedAttributes(self, layer, context) -> set:
        return set()


@contextmanager
def cancellable(layout: QgsPrintLayout, is_cancelled: IsCancelled) -> Iterator[None]:
    """While exporting ``layout``, stop drawing its maps when ``is_cancelled()``; Cancelled afterwards
    (the half-drawn file is then the caller's to discard)."""
    maps = [item for item in layout.items() if isinstance(item, QgsLayoutItemMap)]
    handler = StopWhenCancelled(is_cancelled) if is_cancelled is not None else None
    for map_item in maps if handler else []:
        map_item.addRenderedFeatureHandler(handler)
    try:
        yield
    finally:
        for map_item in maps if handler else []:
            map_item.removeRenderedFeatureHandler(handler)
    check_cancelled(is_cancelled)


def export_png(layout: QgsPrintLayout, path: str | Path, dpi: float, is_cancelled: IsCancelled = None) -> None:
    """One PNG of the page at ``dpi``: page size in inches × dpi pixels, no world file.

    GDAL's complaint that a PNG cannot be georeferenced in place is silenced; the
    exporter's own result code is still checked. Cancelled (see :func:`cancellable`).
    """
    from osgeo import gdal

    exporter = QgsLayoutExporter(layout)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    settings.generateWorldFile = False
    settings.exportMetadata = False
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        with cancellable(layout, is_cancelled):
            result = exporter.exportToImage(str(path), settings)
    finally:
        gdal.PopErrorHandler()
    check_export(result, exporter, path, "PNG")


def export_pdf(layout: QgsPrintLayout, path: str | Path, dpi: float, is_cancelled: IsCancelled = None) -> None:
    """One-page vector PDF (map layers rasterised only where QGIS must) at ``dpi``; Cancelled (see
    :func:`cancellable`)."""
    exporter = QgsLayoutExporter(layout)
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    settings.rasterizeWholeImage = False
    with cancellable(layout, is_cancelled):
        result = exporter.exportToPdf(str(path), settings)
    check_export(result, exporter, path, "PDF")

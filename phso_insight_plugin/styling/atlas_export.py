"""Exporting an atlas layout page by page (one PDF per feature) and as one combined PDF, cancellable.

Text stays text in these PDFs (:func:`pdf_settings`), so it can be searched, copied, read by screen
readers and checked by tests; maps stay vectors, their geometries simplified to the page's resolution.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from qgis.core import Qgis, QgsLayoutExporter, QgsPrintLayout

from ..cancel import IsCancelled, check_cancelled
from ..errors import InputError
from .layout_export import cancellable, check_export

#: Called before each page with (page index, number of pages).
OnPage = Callable[[int, int], None]


def pdf_settings(dpi: float) -> QgsLayoutExporter.PdfExportSettings:
    """Vector PDF at ``dpi`` for raster parts, text as text, geometries simplified to the output resolution."""
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    settings.rasterizeWholeImage = False
    settings.simplifyGeometries = True
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    return settings


def export_pages(layout: QgsPrintLayout, paths: Sequence[str], dpi: float, is_cancelled: IsCancelled = None,
                 on_page: OnPage | None = None) -> None:
    """Page ``i`` of the layout's atlas (its ``i``-th feature) to ``paths[i]``, one PDF each, in order.

    ``on_page`` is told before each page (progress); Cancelled between pages and while a map draws. InputError
    when the atlas has another number of features than ``paths`` or a page cannot be written."""
    atlas = layout.atlas()
    if not atlas.beginRender():
        raise InputError("The briefings' atlas could not start (it has no features).")
    try:
        if atlas.count() != len(paths):
            raise InputError(f"The atlas has {atlas.count()} pages for {len(paths)} files.")
        settings = pdf_settings(dpi)
        for index, path in enumerate(paths):
            check_cancelled(is_cancelled)
            if not atlas.seekTo(index):
                raise InputError(f"The atlas could not show page {index + 1}.")
            if on_page is not None:
                on_page(index, len(paths))
            exporter = QgsLayoutExporter(layout)
            with cancellable(layout, is_cancelled):
                result = exporter.exportToPdf(str(path), settings)
            check_export(result, exporter, path, "PDF")
    finally:
        atlas.endRender()


def export_combined(layout: QgsPrintLayout, path: str, dpi: float, is_cancelled: IsCancelled = None) -> None:
    """Every page of the layout's atlas in one PDF at ``path``; Cancelled while a map draws."""
    with cancellable(layout, is_cancelled):
        result, error = QgsLayoutExporter.exportToPdf(layout.atlas(), str(path), pdf_settings(dpi))
    if result != QgsLayoutExporter.ExportResult.Success:
        raise InputError(f"Could not write the combined briefings PDF to {path}: {error or int(result)}.")

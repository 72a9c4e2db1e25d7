"""Small tier layers and rendering helpers for the styling tests."""
from __future__ import annotations

from collections.abc import Sequence

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QRect, QSize
from qgis.PyQt.QtGui import QColor, QImage

from phso_insight_plugin.styling.print_layout import MAP_RECT_MM
from tests.layers import memory_layer, square

ALL_TIERS: list[int | None] = [2, 1, 0, -1, -2, None]
SIDE = 1000.0


def tier_layer(tiers: Sequence[int | None] = ALL_TIERS, names: Sequence[str] | None = None,
               ratios: Sequence[float | None] | None = None):
    """One 1 km square per tier, left to right, with ``name`` and ``ratio`` fields (EPSG:27700)."""
    n = len(tiers)
    return memory_layer({"name": list(names or [f"Area {i + 1}" for i in range(n)]),
                         "tier": list(tiers),
                         "ratio": list(ratios or [1.0] * n)},
                        [square(i * SIDE, 0, SIDE) for i in range(n)], types={"tier": int, "ratio": float})


def render(layer, pixels_per_square: int = 40) -> QImage:
    """The layer drawn on white, each square ``pixels_per_square`` wide, exactly fitting the image."""
    n = layer.featureCount()
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(n * pixels_per_square, pixels_per_square))
    settings.setExtent(QgsRectangle(0, 0, n * SIDE, SIDE))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


def colour_share(image: QImage, colour: str, rect: QRect | None = None) -> float:
    """Share of the pixels in ``rect`` (default the whole image) that are exactly ``colour``."""
    rect = rect or image.rect()
    target = QColor(colour).rgb()
    hits = sum(image.pixel(x, y) == target
               for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1))
    return hits / (rect.width() * rect.height())


def square_rect(index: int, pixels_per_square: int = 40) -> QRect:
    """Pixels inside square ``index`` of :func:`render`, 4 px in from its outline."""
    return QRect(index * pixels_per_square + 4, 4, pixels_per_square - 8, pixels_per_square - 8)


def geopackage_copy(layer, path, layer_name: str = "areas") -> QgsVectorLayer:
    """``layer`` written to the GeoPackage ``path``, opened again from the file."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer_name
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    return QgsVectorLayer(f"{path}|layername={layer_name}", layer_name, "ogr")


def page_pixels(mm: float, dpi: int) -> int:
    """Millimetres on the page → whole pixels at ``dpi`` (QGIS truncates)."""
    return int(mm / 25.4 * dpi)


def map_area(dpi: int) -> QRect:
    """Pixels of the layout's map frame at ``dpi``, 3 px in from its border."""
    x, y, width, height = (page_pixels(v, dpi) for v in MAP_RECT_MM)
    return QRect(x + 3, y + 3, width - 6, height - 6)

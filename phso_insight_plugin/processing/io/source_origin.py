"""Where a feature source comes from: the parameter, the QGIS provider and, for a file read by OGR,
its URI and GDAL driver. An algorithm passes it with the source to the reader
(:meth:`PhsoAlgorithm.read_input`), so the reader can take GDAL's columnar fast path for a whole
file and check what the file's driver may have got wrong (a header row read as data, values GDAL
coerced).
"""
from __future__ import annotations

from dataclasses import dataclass

from qgis.core import QgsVectorLayer

from .ogr_columns import ogr_layer_uri


@dataclass(frozen=True)
class SourceOrigin:
    """``provider`` is the QGIS data provider key ("ogr", "delimitedtext", "memory" …), ``uri`` the
    layer's source string, ``driver`` the GDAL short name of an OGR layer ("CSV", "XLSX", "GPKG",
    "ESRI Shapefile" …; None otherwise) and ``whole_file_uri`` the URI when the source is every
    feature of the file as stored (no subset filter, selection or unsaved edits), else None."""

    parameter: str | None
    provider: str
    uri: str
    driver: str | None
    whole_file_uri: str | None

    def open_options(self) -> list[str]:
        """The GDAL open options of an OGR URI (``…|option:HEADERS=FORCE``), e.g. ``["HEADERS=FORCE"]``."""
        return [part.split(":", 1)[1] for part in self.uri.split("|")[1:] if part.startswith("option:")]

    def file_path(self) -> str:
        return self.uri.split("|", 1)[0]


def origin_of(layer, parameter: str | None = None, selected_only: bool = False) -> SourceOrigin | None:
    """The origin of a QgsVectorLayer read through ``parameter`` (None for no layer)."""
    if layer is None:
        return None
    provider = layer.providerType()
    driver = layer.dataProvider().storageType() if provider == "ogr" else None
    return SourceOrigin(parameter, provider, layer.source(), driver or None,
                        None if selected_only else ogr_layer_uri(layer))


def layer_origin(source) -> SourceOrigin | None:
    """The origin of a map layer given directly (the report's input layers): the layer as stored, so
    a whole file by definition unless filtered or edited. None for any other feature source, whose
    origin only the algorithm knows."""
    return origin_of(source) if isinstance(source, QgsVectorLayer) else None

"""Which file (and which layer in it) a parameter reads or writes, as QGIS Processing resolves it.

Used to stage outputs (:mod:`.outputs`) and to refuse outputs that would overwrite an input or
another output (:mod:`.clashes`). Memory layers and database tables are not files: None.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from qgis.core import QgsDataSourceUri, QgsProviderRegistry, QgsVectorFileWriter

#: QGIS's reading of ``provider:uri`` sink destinations (QgsProcessingUtils::parseDestinationString).
PROVIDER_PREFIX = re.compile(r"^(.{3,}?):(.*)$")
LAYER_NAME_OPTION = "|layername="


@dataclass(frozen=True)
class FileTarget:
    """A file on disk and, for a multi-layer file such as a GeoPackage, the layer in it.

    ``layer`` None means the whole file: writing it replaces every layer the file had.
    """

    path: str
    layer: str | None = None

    @property
    def key(self) -> str:
        """The file's identity: absolute, symbolic links resolved, case-folded where the OS is."""
        return os.path.normcase(os.path.realpath(self.path))

    def overlaps(self, other: FileTarget) -> bool:
        """True when writing one would change the other (same file, and the same layer or a whole file)."""
        if self.key != other.key:
            return False
        return self.layer is None or other.layer is None or self.layer.lower() == other.layer.lower()

    def describe(self) -> str:
        return self.path if self.layer is None else f"{self.path} (layer {self.layer})"


def sink_target(destination: str) -> FileTarget | None:
    """The file a feature sink ``destination`` string (after TEMPORARY_OUTPUT was resolved) writes.

    Follows QgsProcessingUtils::createFeatureSink: ``memory:…`` → None; ``ogr:dbname='…' table="…"``
    → that layer of that file; other ``provider:…`` (PostGIS, SpatiaLite…) → None; a plain path whose
    extension names no vector format gets ``.gpkg`` appended, as QGIS does. A plain path with
    ``|layername=x`` is read as layer x of that file (QGIS alone would create a file literally
    named ``…|layername=x.gpkg``).
    """
    if not destination or destination.startswith("memory:"):
        return None
    prefixed = PROVIDER_PREFIX.match(destination)
    if prefixed:
        if prefixed.group(1) != "ogr":
            return None
        uri = QgsDataSourceUri(prefixed.group(2))
        if uri.database():
            return FileTarget(uri.database(), uri.table() or None)
        return FileTarget(prefixed.group(2))
    path, _, layer = destination.partition(LAYER_NAME_OPTION)
    if layer:
        return FileTarget(path, layer)
    extension = os.path.splitext(path)[1].lstrip(".")
    if not extension or not QgsVectorFileWriter.driverForExtension(extension):
        path += ".gpkg"
    return FileTarget(path)


def ogr_destination(target: FileTarget) -> str:
    """The sink destination string writing ``target``: a plain path, or ``ogr:dbname=…`` for a layer."""
    if target.layer is None:
        return target.path
    uri = QgsDataSourceUri()
    uri.setDataSource("", target.layer, "geom")
    uri.setDatabase(target.path)
    return "ogr:" + uri.uri(False)


def layer_target(layer) -> FileTarget | None:
    """The file a map layer reads, with its layer name when the provider names one; None if not a file."""
    if layer is None:
        return None
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    path = parts.get("path")
    if not isinstance(path, str) or not path or not os.path.exists(path):
        return None
    name = parts.get("layerName")
    return FileTarget(path, name if isinstance(name, str) and name else single_layer_name(path, parts))


def single_layer_name(path: str, parts: dict) -> str | None:
    """For a GeoPackage opened without a layer name: the name of the layer QGIS reads (by id, else the
    first); None for any other file (the whole file is the layer)."""
    if not path.lower().endswith(".gpkg"):
        return None
    from osgeo import ogr

    dataset = ogr.Open(path)
    if dataset is None:
        return None
    layer_id = parts.get("layerId")
    layer = dataset.GetLayer(layer_id if isinstance(layer_id, int) else 0)
    return layer.GetName() if layer is not None else None

"""Run metadata on QGIS layers: written into the layer's metadata, read back from it.

The :class:`~.results.run_metadata.RunMetadata` travels as JSON under the keyword vocabulary
``phso_insight_run`` of the layer's :class:`QgsLayerMetadata`, beside a readable title, abstract
(the method sentence), history line (plugin, QGIS, date, inputs) and creation date. Where QGIS keeps
that metadata (measured on QGIS 3.44):

* GeoPackage: its ``gpkg_metadata`` tables, read whenever the layer is opened — it survives
  ``exportstyled`` (which writes it again into the new file), a fresh ``QgsVectorLayer`` and
  ``qgis_process``; a copy made with GDAL (ogr2ogr, or a layer copied into another GeoPackage)
  keeps only the abstract;
* other files (CSV, shapefile): a ``.qmd`` file beside them, read by :func:`run_metadata_of`;
* memory layers: the layer object; project files store every layer's metadata, so it survives
  saving and reopening a project.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from qgis.core import Qgis, QgsLayerMetadata, QgsMapLayer
from qgis.PyQt.QtCore import QDateTime, Qt

from .errors import InputError
from .platform_info import software_versions
from .results.run_metadata import RunMetadata

KEYWORD_VOCABULARY = "phso_insight_run"


def stamped(run: RunMetadata) -> RunMetadata:
    """``run`` with the software versions (plugin, QGIS, GDAL …) and the time now (UTC)."""
    return replace(run, software=software_versions(),
                   created=datetime.now(timezone.utc).isoformat(timespec="seconds"))


def layer_metadata(base: QgsLayerMetadata, run: RunMetadata, title: str, abstract: str) -> QgsLayerMetadata:
    """``base`` with ``title``, ``abstract``, the run as JSON, its provenance appended to the history and
    its creation date."""
    metadata = QgsLayerMetadata(base)
    metadata.setTitle(title)
    metadata.setAbstract(abstract)
    keywords = metadata.keywords()
    keywords[KEYWORD_VOCABULARY] = [run.to_json()]
    metadata.setKeywords(keywords)
    metadata.setHistory([*base.history(), run.provenance()])
    if run.created:
        metadata.setDateTime(Qgis.MetadataDateType.Created,
                             QDateTime.fromString(run.created, Qt.DateFormat.ISODate))
    return metadata


def run_abstract(run: RunMetadata, what: str) -> str:
    """ "Constituencies: representation ratios … computed by PHSO Insight. Method: …"."""
    return f"{run.areas.title}: {what}, computed by PHSO Insight. Method: {run.method}"


def recorded_run(metadata: QgsLayerMetadata) -> RunMetadata | None:
    """The run recorded in ``metadata``, None when there is none."""
    texts = metadata.keywords(KEYWORD_VOCABULARY)
    return RunMetadata.from_json(texts[0]) if texts else None


def run_metadata_of(layer: QgsMapLayer | None) -> RunMetadata | None:
    """The run recorded with ``layer`` (its own metadata, else the ``.qmd`` file beside its file); None
    when no run was recorded. InputError when the record is unreadable."""
    if layer is None:
        return None
    run = recorded_run(layer.metadata())
    if run is None and layer.providerType() != "memory":
        sidecar = QgsLayerMetadata(layer.metadata())
        _message, found = layer.loadDefaultMetadata()
        run = recorded_run(layer.metadata()) if found else None
        if run is None:
            layer.setMetadata(sidecar)
    return run


def save_metadata(layer: QgsMapLayer, metadata: QgsLayerMetadata) -> None:
    """Give ``layer`` ``metadata`` and, for a file layer, save it with the file (InputError on failure)."""
    layer.setMetadata(metadata)
    if layer.providerType() == "memory":
        return
    message, ok = layer.saveDefaultMetadata()
    if not ok:
        raise InputError(f"Could not save the run metadata with {layer.source()}: {message}")

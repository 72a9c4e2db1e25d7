"""Storing each analysis run's metadata with the layer it wrote, once the outputs are in place.

An algorithm records ``(output parameter, run, title, abstract)`` during its run
(:meth:`..base.PhsoAlgorithm.record_run`); after the staged outputs were committed, :func:`store_runs`
opens each output at its destination and saves the metadata there (see
:mod:`phso_insight_plugin.layer_run_metadata` for where QGIS keeps it).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from qgis.core import QgsProcessingFeatureSourceDefinition, QgsVectorLayer

from ...errors import InputError
from ...layer_run_metadata import layer_metadata, save_metadata
from ...results.geography import AREAS, Geography, area_code_field, geography_of_fields
from ...results.run_metadata import RunMetadata
from .destinations import single_layer_name, sink_target


@dataclass(frozen=True)
class RunRecord:
    """What to store with an output layer: the run, and the layer's title and abstract."""

    run: RunMetadata
    title: str
    abstract: str


def output_layer(destination: str, context) -> QgsVectorLayer | None:
    """The layer an output was written to: the memory layer in the run's store, or the file (opened anew)."""
    stored = context.temporaryLayerStore().mapLayer(destination) if destination else None
    if stored is not None:
        return stored
    target = sink_target(destination) if destination else None
    if target is None:
        return None
    layer_name = target.layer or single_layer_name(target.path, {})
    uri = f"{target.path}|layername={layer_name}" if layer_name else target.path
    layer = QgsVectorLayer(uri, "output", "ogr")
    return layer if layer.isValid() else None


def store_runs(records: dict[str, RunRecord], results: dict, context) -> None:
    """Save each record with the layer of its output (named in ``results``); InputError naming the output
    when it cannot be opened or saved."""
    for output, record in records.items():
        destination = results.get(output)
        layer = output_layer(destination if isinstance(destination, str) else "", context)
        if layer is None:
            raise InputError(f"The output {output} ({destination}) was written but could not be opened to store "
                             "its run metadata.")
        save_metadata(layer, layer_metadata(layer.metadata(), record.run, record.title, record.abstract))


def areas_of(frame: pd.DataFrame) -> tuple[Geography, str]:
    """The geography of an area table and the field with the areas' codes: from ONS codes, else from ONS-style
    field names (no code field then), else :data:`AREAS`."""
    found = area_code_field(frame)
    if found is not None:
        return found[1], found[0]
    return geography_of_fields([str(c) for c in frame.columns]) or AREAS, ""


def estimate(value: float) -> float | None:
    """An over-dispersion estimate for the run metadata: None when it was not estimated (NaN)."""
    return None if math.isnan(value) else float(value)


def input_layer(algorithm, parameters: dict, key: str, context) -> QgsVectorLayer | None:
    """The layer given for ``key``, also when only its selected features were given (which
    ``parameterAsVectorLayer`` does not resolve); None when none was given."""
    value = parameters.get(key)
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        parameters = {**parameters, key: value.source.staticValue()}
    return algorithm.parameterAsVectorLayer(parameters, key, context)


def input_names(algorithm, parameters: dict, context, *keys: str) -> dict[str, str]:
    """Parameter → the name of the layer given for it (parameters left empty are left out)."""
    names = {}
    for key in keys:
        layer = input_layer(algorithm, parameters, key, context)
        if layer is not None:
            names[key] = layer.name()
    return names

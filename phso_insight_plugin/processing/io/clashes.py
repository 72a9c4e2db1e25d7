"""What a run may not overwrite, checked before any work: an output that is the same file (or the
same GeoPackage layer) as an input or as another output, and output fields that would replace
fields of an input layer."""
from __future__ import annotations

import os
from collections.abc import Iterable

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from ...errors import InputError
from .destinations import FileTarget, layer_target, sink_target

LAYER_PARAMETERS = (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer,
                    QgsProcessingParameterMapLayer)


def tr(text: str) -> str:
    return QCoreApplication.translate("clashes", text)


def check_destinations(algorithm: QgsProcessingAlgorithm, parameters: dict, context) -> None:
    """InputError naming the parameters when an output would write the file (or layer) of an input
    or of another output, or into a folder that does not exist."""
    outputs = output_targets(algorithm, parameters, context)
    inputs = input_targets(algorithm, parameters, context)
    for k, (name, target) in enumerate(outputs):
        folder = os.path.dirname(os.path.abspath(target.path))
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise InputError(tr("{0} is a file, not a folder, so {1} cannot be written there: choose another "
                                "file.").format(folder, name))
        if not os.path.isdir(folder):
            raise InputError(tr("The folder {0} chosen for {1} does not exist; create it or choose another "
                                "file.").format(folder, name))
        for other_name, other in outputs[:k]:
            if target.overlaps(other):
                raise InputError(tr("{0} and {1} would both write {2}: choose another file (or GeoPackage layer) "
                                    "for one of them.").format(other_name, name, target.describe()))
        for input_name, source in inputs:
            if target.overlaps(source):
                raise InputError(tr("{0} would overwrite the input {1} ({2}): choose another file (or GeoPackage "
                                    "layer) for {0}.").format(name, input_name, source.describe()))


def output_targets(algorithm, parameters: dict, context) -> list[tuple[str, FileTarget]]:
    """(parameter name, file) of every file output the parameters ask for, as QGIS resolves them."""
    targets = []
    for definition in algorithm.destinationParameterDefinitions():
        name = definition.name()
        if isinstance(definition, QgsProcessingParameterFeatureSink):
            target = sink_target(QgsProcessingAlgorithm.parameterAsOutputLayer(algorithm, parameters, name, context))
        elif isinstance(definition, QgsProcessingParameterFileDestination):
            path = QgsProcessingAlgorithm.parameterAsFileOutput(algorithm, parameters, name, context)
            target = FileTarget(path) if path else None
        else:
            target = None
        if target is not None:
            targets.append((name, target))
    return targets


def input_targets(algorithm, parameters: dict, context) -> list[tuple[str, FileTarget]]:
    """(parameter name, file and layer) of every input layer read from a file."""
    targets = []
    for definition in algorithm.parameterDefinitions():
        name = definition.name()
        if definition.isDestination() or parameters.get(name) in (None, "", []):
            continue
        if isinstance(definition, LAYER_PARAMETERS):
            layers = [algorithm.parameterAsLayer(whole_layer(parameters, name, context), name, context)]
        elif isinstance(definition, QgsProcessingParameterMultipleLayers):
            layers = algorithm.parameterAsLayerList(parameters, name, context)
        else:
            continue
        targets += [(name, target) for target in map(layer_target, layers) if target is not None]
    return targets


def whole_layer(parameters: dict, name: str, context) -> dict:
    """``parameters`` with a feature source definition (selected features, a feature limit…) replaced by
    its layer, which ``parameterAsLayer`` does not resolve."""
    value = parameters.get(name)
    if not isinstance(value, QgsProcessingFeatureSourceDefinition):
        return parameters
    layer, _ = value.source.valueAsString(context.expressionContext())
    return {**parameters, name: layer}


def overwritten_fields(existing: Iterable[str], added: Iterable[str]) -> list[str]:
    """The fields of ``existing`` that a field of ``added`` would replace: same name compared
    case-insensitively (as GeoPackage and shapefiles compare them)."""
    added_names = {name.lower() for name in added}
    return [name for name in existing if name.lower() in added_names]

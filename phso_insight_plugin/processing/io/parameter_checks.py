"""Checks of parameter values before an algorithm runs, each failure one sentence naming the parameter.

:meth:`PhsoAlgorithm.checkParameterValues` calls :func:`parameter_problem`, so Processing (the
dialog, ``processing.run``, ``qgis_process`` and models) refuses bad values before any work starts:
a required input left empty, a layer that cannot be opened or has no features, a choice (enum)
outside its options, a field that is not in its layer, an expression that does not parse or names
a missing field, and a CRS that QGIS does not know. :func:`name_parameters` adds the parameter to
an error found later, while reading the data, when the message names only the field.
"""
from __future__ import annotations

import re
from contextlib import contextmanager

from qgis.core import (
    Qgis,
    QgsExpression,
    QgsFeatureRequest,
    QgsMapLayer,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QCoreApplication

from ...errors import InputError

MAX_FIELDS_LISTED = 30
#: QGIS's default maximum of a number parameter (the largest double): no upper limit.
UNBOUNDED = 1e300


def tr(text: str) -> str:
    return QCoreApplication.translate("parameter_checks", text)


def label(definition) -> str:
    """'Areas: code field (AREA_FIELD)': how messages name a parameter (its description, without
    examples or remarks in brackets, and its key)."""
    short = re.split(r" \(|, e\.g\.", definition.description(), maxsplit=1)[0].strip()
    return f"{short} ({definition.name()})"


def is_empty(value) -> bool:
    return value is None or (isinstance(value, (str, list, tuple)) and len(value) == 0)


def parameter_problem(algorithm, parameters: dict, context) -> str | None:
    """The first problem with the parameter values, as a sentence naming the parameter; None if none."""
    sources: dict[str, object] = {}
    for definition in algorithm.parameterDefinitions():
        if definition.isDestination():
            continue
        problem = (_missing(definition, parameters) or _choice(definition, parameters, context)
                   or _source(algorithm, definition, parameters, context, sources)
                   or _layers(definition, parameters, context)
                   or _crs(algorithm, definition, parameters, context)
                   or _acceptable(definition, parameters, context))
        if problem:
            return problem
    for definition in algorithm.parameterDefinitions():
        problem = (_fields(algorithm, definition, parameters, context, sources)
                   or _expression(algorithm, definition, parameters, context, sources))
        if problem:
            return problem
    return None


def _missing(definition, parameters) -> str | None:
    optional = bool(definition.flags() & Qgis.ProcessingParameterFlag.Optional)
    if optional or not is_empty(parameters.get(definition.name())) or definition.defaultValue() is not None:
        return None
    if isinstance(definition, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer)):
        return tr("{0} is required: choose a layer or table.").format(label(definition))
    if isinstance(definition, QgsProcessingParameterField):
        return tr("{0} is required: choose a field.").format(label(definition))
    return tr("{0} is required: give a value.").format(label(definition))


def _choice(definition, parameters, context) -> str | None:
    """An enum value that is not one of the options (by number, or by name for static strings)."""
    if not isinstance(definition, QgsProcessingParameterEnum):
        return None
    value = parameters.get(definition.name())
    if is_empty(value) or definition.checkValueIsAcceptable(value, context):
        return None
    options = definition.options()
    listed = "; ".join(options) if definition.usesStaticStrings() else \
        "; ".join(f"{i} = {option}" for i, option in enumerate(options))
    return tr("{0} cannot be {1!r}: choose one of {2}.").format(label(definition), value, listed)


def _source(algorithm, definition, parameters, context, sources: dict) -> str | None:
    """A feature source that cannot be opened, or has no features (none selected, none after its filter)."""
    if not isinstance(definition, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer)):
        return None
    value = parameters.get(definition.name())
    if is_empty(value):
        return None
    source = algorithm.parameterAsSource(parameters, definition.name(), context)
    if source is None:
        return tr("{0}: the layer {1!r} cannot be opened. Check that the file exists and is a table or vector "
                  "layer QGIS can read.").format(label(definition), _shown(value))
    sources[definition.name()] = source
    if isinstance(definition, QgsProcessingParameterFeatureSource) and not has_features(source):
        selected = isinstance(value, QgsProcessingFeatureSourceDefinition) and value.selectedFeaturesOnly
        if selected:
            return tr("{0}: no features are selected in {1!r}; select some, or untick 'Selected features "
                      "only'.").format(label(definition), source.sourceName())
        return tr("{0}: the layer {1!r} is empty (it has no features).").format(
            label(definition), source.sourceName())
    return None


def has_features(source) -> bool:
    """True when ``source`` yields at least one feature (reads one, never counts a whole file)."""
    request = QgsFeatureRequest().setLimit(1).setNoAttributes().setFlags(Qgis.FeatureRequestFlag.NoGeometry)
    return next(iter(source.getFeatures(request)), None) is not None


def _layers(definition, parameters, context) -> str | None:
    """Layers of a multiple-layer parameter that cannot be opened (Processing would silently drop them)."""
    if not isinstance(definition, QgsProcessingParameterMultipleLayers):
        return None
    value = parameters.get(definition.name())
    items = value if isinstance(value, (list, tuple)) else ([] if is_empty(value) else [value])
    broken = [item for item in items if isinstance(item, str)
              and QgsProcessingUtils.mapLayerFromString(item, context) is None]
    if not broken:
        return None
    return tr("{0}: the layer {1!r} cannot be opened. Check that the file exists and is a table or vector layer "
              "QGIS can read.").format(label(definition), broken[0])


def _shown(value) -> str:
    """A layer parameter value as the user gave it: a path or a layer name."""
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source.staticValue()
    return value.name() if isinstance(value, QgsMapLayer) else str(value)


def _acceptable(definition, parameters, context) -> str | None:
    """Any other value QGIS refuses (a number out of range, a wrong type)."""
    value = parameters.get(definition.name())
    if is_empty(value) or definition.checkValueIsAcceptable(value, context):
        return None
    if isinstance(definition, QgsProcessingParameterNumber):
        if definition.maximum() >= UNBOUNDED:
            return tr("{0} must be a number of at least {1:g}, not {2!r}.").format(
                label(definition), definition.minimum(), value)
        return tr("{0} must be a number between {1:g} and {2:g}, not {3!r}.").format(
            label(definition), definition.minimum(), definition.maximum(), value)
    return tr("{0}: {1!r} is not an acceptable value.").format(label(definition), value)


def _crs(algorithm, definition, parameters, context) -> str | None:
    if not isinstance(definition, QgsProcessingParameterCrs):
        return None
    value = parameters.get(definition.name())
    if is_empty(value) or algorithm.parameterAsCrs(parameters, definition.name(), context).isValid():
        return None
    return tr("{0}: {1!r} is not a coordinate reference system QGIS knows; give an authority code such as "
              "EPSG:27700 (British National Grid) or EPSG:4326 (longitude/latitude).").format(
        label(definition), value)


def chosen_fields(algorithm, parameters: dict, name: str, context) -> list[str]:
    """The field name(s) of a field parameter, its default included, without empty names."""
    as_strings = getattr(algorithm, "parameterAsStrings", None) or algorithm.parameterAsFields
    return [f for f in as_strings(parameters, name, context) if f]


def _parent(algorithm, definition, parameters, context, sources: dict):
    parent = definition.parentLayerParameterName()
    if parent not in sources and not is_empty(parameters.get(parent)):
        sources[parent] = algorithm.parameterAsSource(parameters, parent, context)
    return algorithm.parameterDefinition(parent), sources.get(parent)


def _available(source) -> str:
    names = source.fields().names()
    more = ", …" if len(names) > MAX_FIELDS_LISTED else ""
    return ", ".join(names[:MAX_FIELDS_LISTED]) + more


def _fields(algorithm, definition, parameters, context, sources: dict) -> str | None:
    """A chosen field that its parent layer does not have."""
    if not isinstance(definition, QgsProcessingParameterField):
        return None
    chosen = chosen_fields(algorithm, parameters, definition.name(), context)
    parent, source = _parent(algorithm, definition, parameters, context, sources)
    if not chosen or source is None:
        return None
    missing = [f for f in chosen if source.fields().lookupField(f) < 0]
    if not missing:
        return None
    return tr("{0}: the layer given for {1} has no field {2}; its fields are: {3}.").format(
        label(definition), label(parent), " or ".join(map(repr, missing)), _available(source))


def expression_text(parameters: dict, name: str) -> str:
    """The expression exactly as given (``parameterAsExpression`` may return '' when it does not parse)."""
    value = parameters.get(name)
    return value.strip() if isinstance(value, str) else ""


def _expression(algorithm, definition, parameters, context, sources: dict) -> str | None:
    """An expression that does not parse, or names a field its layer does not have."""
    if not isinstance(definition, QgsProcessingParameterExpression):
        return None
    text = expression_text(parameters, definition.name())
    if not text:
        return None
    expression = QgsExpression(text)
    if expression.hasParserError():
        return tr("{0}: “{1}” is not a valid expression ({2}). Write it like \"dimension\" = 'ethnicity', with "
                  "field names in double quotes and text in single quotes.").format(
            label(definition), text, expression.parserErrorString().strip().rstrip("."))
    parent, source = _parent(algorithm, definition, parameters, context, sources)
    if source is None:
        return None
    unknown = sorted(c for c in expression.referencedColumns()
                     if c != QgsFeatureRequest.ALL_ATTRIBUTES and source.fields().lookupField(c) < 0)
    if unknown:
        return tr("{0}: the expression “{1}” names {2}, which the layer given for {3} does not have; its fields "
                  "are: {4}.").format(label(definition), text, " and ".join(map(repr, unknown)), label(parent),
                                      _available(source))
    return None


def names_a_parameter(message: str, algorithm) -> bool:
    """True when ``message`` names one of the algorithm's parameters by its key (e.g. AREA_FIELD)."""
    return any(re.search(rf"\b{re.escape(d.name())}\b", message) for d in algorithm.parameterDefinitions())


def name_parameters(message: str, algorithm, parameters: dict, context) -> str:
    """``message`` with the parameter(s) it concerns named, when it names none yet.

    A message from the data checks names the field (quoted); the parameter is found as the field
    parameter(s) whose chosen field that is. A message naming no parameter and no chosen field is
    returned unchanged.
    """
    if names_a_parameter(message, algorithm):
        return message
    concerned = []
    for definition in algorithm.parameterDefinitions():
        if isinstance(definition, QgsProcessingParameterField):
            names = chosen_fields(algorithm, parameters, definition.name(), context)
            if any(f"'{n}'" in message or f'"{n}"' in message for n in names):
                concerned.append(label(definition))
    if not concerned:
        return message
    return f"{message.rstrip()} " + tr("(Parameter: {0}.)").format("; ".join(concerned))


@contextmanager
def concerning(algorithm, key: str):
    """Within this block, an InputError that names no parameter is led by the label of ``key``
    (for errors about a whole input, e.g. a report layer that is not a representation output)."""
    try:
        yield
    except InputError as err:
        if names_a_parameter(str(err), algorithm):
            raise
        raise InputError(f"{label(algorithm.parameterDefinition(key))}: {err}") from err

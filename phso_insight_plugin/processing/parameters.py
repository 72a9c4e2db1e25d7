"""Parameter and output declarations shared by the algorithms, so each algorithm lists its parameters in
one line apiece and the same parameter reads the same everywhere.

:class:`DeclaresParameters` is mixed into :class:`~.base.PhsoAlgorithm`. Labels are English and go
through the algorithm's ``tr``. Enum parameters are declared with :class:`~.options.Options` and read
back as core values with :meth:`DeclaresParameters.choice`.
"""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..results.change_tiers import CHANGE_TIER_FIELD
from ..results.tiers import TIER_KEYS, TIER_LABELS, TIER_ORDER, TierCode
from ..styling.palettes import DEFAULT_PALETTE, PALETTE_NAMES
from .io.geometry_support import DEFAULT_PROJECTED_CRS
from .options import Options

ANY_TABLE = (Qgis.ProcessingSourceType.Vector,)
POLYGONS = (Qgis.ProcessingSourceType.VectorPolygon,)
#: Output name of each tier's count, in TIER_ORDER: N_SIG_HIGH, N_HIGH, N_IN_LINE, N_LOW, N_SIG_LOW, N_TOO_FEW.
TIER_OUTPUTS: dict[TierCode, str] = {tier: f"N_{TIER_KEYS[tier].upper()}" for tier in TIER_ORDER}
#: The tier field the map algorithms style by, unless told otherwise.
DEFAULT_TIER_FIELD = "tier"


def multiple_testing_options(default: str) -> Options:
    """The choices of MULTIPLE_TESTING (the algorithms' and the dock's), ``default`` the core function's."""
    return Options(("none", "None (PHE funnel limits)"), ("bh", "Benjamini–Hochberg false discovery rate"),
                   default=default)


class DeclaresParameters:
    """Factories for the parameters and outputs of a :class:`~.base.PhsoAlgorithm`."""

    #: Enum parameter → its options, as declared by :meth:`add_choice` (a new dict per instance).
    declared_options: dict[str, Options] = {}

    # --- inputs -----------------------------------------------------------------------------------------------

    def add_source(self, key: str, label: str, types=ANY_TABLE, optional: bool = False) -> None:
        """A feature source (a layer or a table without geometry, unless ``types`` asks for geometry)."""
        self.addParameter(QgsProcessingParameterFeatureSource(key, self.tr(label), list(types), optional=optional))

    def add_field(self, key: str, label: str, parent: str, numeric: bool = False, multiple: bool = False,
                  optional: bool = False, default: str | None = None) -> None:
        """A field (or, with ``multiple``, fields) of the source ``parent``."""
        kind = Qgis.ProcessingFieldParameterDataType.Numeric if numeric else Qgis.ProcessingFieldParameterDataType.Any
        self.addParameter(QgsProcessingParameterField(
            key, self.tr(label), defaultValue=default, parentLayerParameterName=parent, type=kind,
            allowMultiple=multiple, optional=optional))

    def add_layer_with_code(self, layer_key: str, code_key: str, layer_label: str, code_label: str,
                            types=ANY_TABLE, optional: bool = False) -> None:
        """An area layer and the field holding each area's code (id)."""
        self.add_source(layer_key, layer_label, types, optional)
        self.add_field(code_key, code_label, layer_key, optional=optional)

    def add_projected_crs(self, key: str, label: str) -> None:
        """An optional CRS, by default British National Grid (EPSG:27700)."""
        self.addParameter(QgsProcessingParameterCrs(key, self.tr(label), defaultValue=DEFAULT_PROJECTED_CRS,
                                                    optional=True))

    def add_choice(self, key: str, label: str, options: Options) -> None:
        """An enum parameter offering ``options``, read back with :meth:`choice`."""
        self.addParameter(QgsProcessingParameterEnum(
            key, self.tr(label), options=[self.tr(text) for text in options.labels()],
            defaultValue=options.default_index))
        self.declared_options = {**self.declared_options, key: options}

    def choice(self, parameters: dict, key: str, context) -> str:
        """The core value of the option chosen for the enum parameter ``key``."""
        return self.declared_options[key].value_at(self.parameterAsEnum(parameters, key, context))

    def add_number(self, key: str, label: str, default: float, minimum: float = 0.0, maximum: float | None = None,
                   integer: bool = False) -> None:
        kind = Qgis.ProcessingNumberParameterType.Integer if integer else Qgis.ProcessingNumberParameterType.Double
        bounds = {"minValue": minimum} if maximum is None else {"minValue": minimum, "maxValue": maximum}
        self.addParameter(QgsProcessingParameterNumber(key, self.tr(label), kind, defaultValue=default, **bounds))

    def add_text(self, key: str, label: str, default: str | None = None, optional: bool = False,
                 multiline: bool = False) -> None:
        """A string parameter (a ``default`` shown to readers is passed through ``tr`` by the caller)."""
        self.addParameter(QgsProcessingParameterString(key, self.tr(label), default, multiLine=multiline,
                                                       optional=optional))

    def add_flag(self, key: str, label: str, default: bool) -> None:
        self.addParameter(QgsProcessingParameterBoolean(key, self.tr(label), defaultValue=default))

    def add_multiple_testing(self, default: str) -> None:
        """MULTIPLE_TESTING of the representation algorithms; ``default`` is the core function's."""
        self.add_choice("MULTIPLE_TESTING", "Multiple-testing control", multiple_testing_options(default))

    def add_min_expected(self, default: float = 5.0) -> None:
        """MIN_EXPECTED of the representation algorithms: below it, a result that is not significant is "too few"."""
        self.add_number("MIN_EXPECTED", "Minimum expected count for a 'no difference' verdict", default)

    def chosen(self, parameters: dict, key: str, context) -> str | None:
        """The text (a field name, say) given for ``key``; None when none was."""
        return self.parameterAsString(parameters, key, context) or None

    def add_tier_style(self, parent: str, label_field: bool = True) -> None:
        """TIER_FIELD (default ``tier``), PALETTE (by name) and optionally LABEL_FIELD of the layer ``parent``.

        The tier field is optional so that callers may leave it out: QGIS rejects a missing value of a
        mandatory field parameter even when it has a default.
        """
        self.add_field("TIER_FIELD", "Tier field", parent, optional=True, default=DEFAULT_TIER_FIELD)
        self.add_palette()
        if label_field:
            self.add_field("LABEL_FIELD", "Label field (area name)", parent, optional=True)

    def add_palette(self) -> None:
        """PALETTE, by name (static strings, so that scripts may pass the name)."""
        self.addParameter(QgsProcessingParameterEnum(
            "PALETTE", self.tr("Palette"), options=PALETTE_NAMES, defaultValue=DEFAULT_PALETTE, usesStaticStrings=True))

    def with_inferred(self, parameters: dict, context) -> dict:
        """``parameters`` with what is inferred from the inputs: a tier field left out on a layer with no ``tier``
        but a ``change_tier`` (a result of the change algorithm) is ``change_tier``."""
        definition = self.parameterDefinition("TIER_FIELD")
        if definition is None or parameters.get("TIER_FIELD") not in (None, ""):
            return parameters
        parent = definition.parentLayerParameterName()
        source = self.parameterAsSource(parameters, parent, context) if parameters.get(parent) else None
        names = source.fields().names() if source is not None else []
        if DEFAULT_TIER_FIELD not in names and CHANGE_TIER_FIELD in names:
            return {**parameters, "TIER_FIELD": CHANGE_TIER_FIELD}
        return parameters

    def tier_style(self, parameters: dict, context) -> dict:
        """The chosen palette, tier field (``tier`` when none, ``change_tier`` on a layer of changes: see
        :meth:`with_inferred`) and label field, as the styling functions take them."""
        parameters = self.with_inferred(parameters, context)
        label = "LABEL_FIELD" if self.parameterDefinition("LABEL_FIELD") is not None else None
        return {"palette_name": self.parameterAsEnumString(parameters, "PALETTE", context),
                "tier_field": self.parameterAsString(parameters, "TIER_FIELD", context) or DEFAULT_TIER_FIELD,
                "label_field": (self.parameterAsString(parameters, label, context) or None) if label else None}

    # --- outputs ----------------------------------------------------------------------------------------------

    def add_sink(self, key: str, label: str, kind=Qgis.ProcessingSourceType.VectorAnyGeometry,
                 optional: bool = False, create_by_default: bool = True) -> None:
        """A layer output; an optional one may be left unwritten, and is not ticked with ``create_by_default``."""
        self.addParameter(QgsProcessingParameterFeatureSink(
            key, self.tr(label), kind, optional=optional, createByDefault=create_by_default))

    def add_file_output(self, key: str, label: str, file_filter: str, optional: bool = False) -> None:
        """A file output (e.g. ``"PDF document (*.pdf)"``); an optional one is written only when asked for."""
        self.addParameter(QgsProcessingParameterFileDestination(
            key, self.tr(label), self.tr(file_filter), optional=optional, createByDefault=not optional))

    def add_folder_output(self, key: str, label: str) -> None:
        """A folder output, written with :meth:`~.base.PhsoAlgorithm.parameterAsFolderOutput`."""
        self.addParameter(QgsProcessingParameterFolderDestination(key, self.tr(label)))

    def add_number_results(self, descriptions: dict[str, str]) -> None:
        """Number results: output name → English description."""
        for name, label in descriptions.items():
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(label)))

    def add_text_results(self, descriptions: dict[str, str]) -> None:
        """Text results (sentences, JSON): output name → English description."""
        for name, label in descriptions.items():
            self.addOutput(QgsProcessingOutputString(name, self.tr(label)))

    def add_tier_count_results(self, what: str) -> None:
        """One number result per tier (``TIER_OUTPUTS``), described as "``what``: <tier label>", and
        TIER_COUNTS: "``what`` per tier (JSON)", by tier label."""
        for tier, name in TIER_OUTPUTS.items():
            self.addOutput(QgsProcessingOutputNumber(name, self.tr("{0}: {1}").format(self.tr(what),
                                                                                       TIER_LABELS[tier])))
        self.addOutput(QgsProcessingOutputString("TIER_COUNTS", self.tr("{0} per tier (JSON)").format(self.tr(what))))

    def add_row_count_results(self) -> None:
        """ROWS_IN, ROWS_MATCHED, ROWS_UNMATCHED and UNMATCHED_BY_REASON (JSON) of the case algorithms."""
        self.add_number_results({"ROWS_IN": "Rows in", "ROWS_MATCHED": "Rows matched",
                                 "ROWS_UNMATCHED": "Rows unmatched"})
        self.add_text_results({"UNMATCHED_BY_REASON": "Unmatched rows by reason (JSON)"})

"""``phso_insight:preparedeprivation`` — the Index of Multiple Deprivation onto an LSOA layer, from File 7."""
from __future__ import annotations

from ...cancel import start_phase
from ...errors import InputError
from ...validation import listing
from ..base import PhsoAlgorithm
from ..io.clashes import overwritten_fields
from ..io.layers import column_values, merged_fields, result_fields, write_features
from ..io.parameter_checks import concerning

DEFAULT_PREFIX = "imd"
#: Field kinds of the added fields (after the prefix), in :data:`deprivation.prepare.FIELDS` order.
KINDS = {"decile": "int", "rank": "int", "score": "float", "population": "int", "estimated": "int", "change": "str"}


class PrepareDeprivationAlgorithm(PhsoAlgorithm):
    """Thin wrapper around :func:`deprivation.prepare.prepare_deprivation`."""

    ALG_ID = "preparedeprivation"
    GROUP_ID = "prepare"
    DISPLAY_NAME = "Prepare deprivation (IoD File 7)"

    INPUT = "INPUT"
    LSOA_LOOKUP = "LSOA_LOOKUP"
    AREAS = "AREAS"
    AREA_FIELD = "AREA_FIELD"
    FIELD_PREFIX = "FIELD_PREFIX"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        self.add_source(self.INPUT, "Indices of Deprivation File 7 (IoD2025 or IoD2019 CSV)")
        self.add_source(self.LSOA_LOOKUP, "LSOA (2011) to LSOA (2021) lookup (for IoD2019)", optional=True)
        self.add_layer_with_code(self.AREAS, self.AREA_FIELD, "Areas (2021 LSOAs)", "Areas: LSOA code field")
        self.add_text(self.FIELD_PREFIX, "Prefix of the added fields", DEFAULT_PREFIX)
        self.add_sink(self.OUTPUT, "Areas with deprivation")
        self.add_number_results({"N_AREAS": "Areas", "N_MATCHED": "Areas with a decile",
                                 "N_ESTIMATED": "Areas with an estimated decile (2011 LSOAs split or merged)",
                                 "N_MISSING": "Areas without a decile",
                                 "N_NOT_IN_AREAS": "File LSOAs not among the areas"})
        self.add_text_results({"EDITION": "Edition of the indices (IoD2025 or IoD2019)"})

    def execute(self, parameters, context, feedback):
        from ...deprivation.file7 import read_file7
        from ...deprivation.prepare import FIELDS, estimated_sentence, lsoa_codes, prepare_deprivation

        file7_source = self.required_source(parameters, self.INPUT, context)
        areas_source = self.required_source(parameters, self.AREAS, context)
        area_field = self.parameterAsString(parameters, self.AREA_FIELD, context)
        prefix = self.parameterAsString(parameters, self.FIELD_PREFIX, context) or DEFAULT_PREFIX
        names = [f"{prefix}_{name}" for name in FIELDS]
        clash = overwritten_fields(areas_source.fields().names(), names)
        if clash:
            raise InputError(self.tr("The area layer (AREAS) already has field(s) {0}: choose another FIELD_PREFIX.")
                             .format(", ".join(clash)))
        file7 = self.read_input(parameters, self.INPUT, context, feedback, file7_source, keep_features=False,
                                progress=(0, 25), what="File 7 table").frame
        lookup_source = self.parameterAsSource(parameters, self.LSOA_LOOKUP, context)
        lookup = None if lookup_source is None else self.read_input(
            parameters, self.LSOA_LOOKUP, context, feedback, lookup_source, keep_features=False, progress=(25, 15),
            what="LSOA lookup").frame
        areas = self.read_input(parameters, self.AREAS, context, feedback, areas_source, progress=(40, 10),
                                what="area layer")
        start_phase(feedback, self.tr("Putting the indices on the LSOAs…"))
        with concerning(self, self.AREA_FIELD):
            codes = lsoa_codes(areas.frame[area_field])
        with concerning(self, self.INPUT):
            source = read_file7(file7)
        with concerning(self, self.LSOA_LOOKUP):
            result = prepare_deprivation(source, codes, lookup, is_cancelled=feedback.isCanceled)
        feedback.setProgress(55)
        values = result.values[list(FIELDS)].set_axis(names, axis=1)
        fields, kept = merged_fields(areas_source.fields(), result_fields(
            values, {f"{prefix}_{name}": kind for name, kind in KINDS.items()}))
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, areas_source.wkbType(),
                                             areas_source.sourceCrs())
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT))
        write_features(sink, areas, kept, fields, column_values(values), feedback, progress=(55, 40))
        self._report(result, estimated_sentence(result), feedback)
        return {self.OUTPUT: dest_id, "N_AREAS": result.n_areas, "N_MATCHED": result.n_matched,
                "N_ESTIMATED": result.n_estimated, "N_MISSING": len(result.missing_in_file),
                "N_NOT_IN_AREAS": len(result.not_in_areas), "EDITION": result.edition.name}

    def _report(self, result, estimated: str, feedback) -> None:
        """The edition, the estimated areas and the LSOAs missing on either side, in the log."""
        feedback.pushInfo(self.tr("{0} (File 7, {1} LSOAs): {2} of {3} areas have a decile.").format(
            result.edition.name, result.edition.lsoa_vintage, result.n_matched, result.n_areas))
        if result.n_estimated:
            feedback.pushInfo(self.tr(estimated))
        if result.missing_in_file:
            feedback.reportError(self.tr("{0} area(s) are not in the deprivation file, so have no decile: {1}.")
                                 .format(len(result.missing_in_file), listing(result.missing_in_file)), False)
        if result.not_in_areas:
            feedback.pushInfo(self.tr("{0} LSOA(s) of the file are not among the areas: {1}.").format(
                len(result.not_in_areas), listing(result.not_in_areas)))
        if result.partial_parents:
            feedback.reportError(self.tr("{0} of them are 2021 LSOAs with a 2011 parent the file lacks (a decile of "
                                         "some parents only would pass for the whole): {1}.").format(
                len(result.partial_parents), listing(result.partial_parents)), False)
        if result.outside_lookup:
            feedback.reportError(self.tr("{0} 2011 LSOA(s) of the file are not in the LSOA lookup, so reach no 2021 "
                                         "LSOA: {1}.").format(len(result.outside_lookup),
                                                              listing(result.outside_lookup)), False)
        if result.hint:
            feedback.reportError(result.hint, False)

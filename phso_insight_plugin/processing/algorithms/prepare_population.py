"""``phso_insight:preparepopulation`` — a Census 2021 table as published → population by group: a long table for
``grouprepresentation`` and one field per group on an area layer for ``representation``."""
from __future__ import annotations

import json

from qgis.core import Qgis

from ...cancel import start_phase
from ...census import prepare_population
from ...census.checks import TotalsCheck, against_other_total, layer_codes
from ...census.prepare import PreparedPopulation
from ...errors import InputError
from ...groups.labels import read_mapping
from ...validation import numeric_column
from ..base import PhsoAlgorithm
from ..io.clashes import overwritten_fields
from ..io.layers import column_values, fields_for_frame, merged_fields, result_fields, write_features
from ..io.parameter_checks import concerning
from ..options import Options, core_default

LEVELS = Options(("broad", "Broad categories (e.g. the 5 ethnic groups of TS021)"),
                 ("detailed", "Detailed categories (e.g. the 19 ethnic groups of TS021, single years of age)"),
                 default=core_default(prepare_population, "level"))


class PreparePopulationAlgorithm(PhsoAlgorithm):
    """Thin wrapper around :func:`census.prepare_population`: read the table (and mapping and areas), write the
    long table and the area layer with one field per group."""

    ALG_ID = "preparepopulation"
    GROUP_ID = "prepare"
    DISPLAY_NAME = "Prepare population from Census 2021 tables"

    INPUT = "INPUT"
    LEVEL = "LEVEL"
    MAPPING = "MAPPING"
    MAPPING_FROM = "MAPPING_FROM"
    MAPPING_TO = "MAPPING_TO"
    DIMENSION = "DIMENSION"
    FIELD_PREFIX = "FIELD_PREFIX"
    STRATUM = "STRATUM"
    AREAS = "AREAS"
    AREA_FIELD = "AREA_FIELD"
    REQUIRE_TOTALS = "REQUIRE_TOTALS"
    TOTAL_FIELD = "TOTAL_FIELD"
    OUTPUT = "OUTPUT"
    OUTPUT_TABLE = "OUTPUT_TABLE"

    def initAlgorithm(self, config=None):
        self.add_source(self.INPUT, "Census 2021 table (nomis bulk CSV or ONS custom dataset)")
        self.add_choice(self.LEVEL, "Categories to use (never both levels)", LEVELS)
        self.add_source(self.MAPPING, "Grouping table: census category → group (optional)", optional=True)
        self.add_field(self.MAPPING_FROM, "Grouping: census category field", self.MAPPING, optional=True)
        self.add_field(self.MAPPING_TO, "Grouping: group field", self.MAPPING, optional=True)
        self.add_text(self.DIMENSION, "Dimension name in the long table (default from the table, e.g. age_band)",
                      optional=True)
        self.add_text(self.FIELD_PREFIX, "Prefix of the population fields (default from the table, e.g. pop_age)",
                      optional=True)
        self.add_text(self.STRATUM, "Table of two variables: the variable of the strata, e.g. Age (default: age)",
                      optional=True)
        self.add_layer_with_code(self.AREAS, self.AREA_FIELD, "Areas to join the population to (optional)",
                                 "Areas: code field", optional=True)
        self.add_flag(self.REQUIRE_TOTALS, "Refuse tables whose categories do not add up to their total", False)
        self.add_field(self.TOTAL_FIELD, "Areas: a total population field to compare with (optional)", self.AREAS,
                       optional=True)
        self.add_sink(self.OUTPUT, "Areas with population fields", optional=True)
        self.add_sink(self.OUTPUT_TABLE, "Population table (long)", Qgis.ProcessingSourceType.Vector, optional=True)
        self.add_number_results({"N_AREAS": "Areas", "N_GROUPS": "Groups",
                                 "N_STRATA": "Strata (tables of two variables; 0 otherwise)",
                                 "POPULATION_TOTAL": "People in all",
                                 "TOTALS_DIFFERING": "Areas whose categories differ from the published total",
                                 "LARGEST_TOTAL_DIFFERENCE": "Largest difference from the published total (people)",
                                 "AREAS_LEFT_OUT": "Areas of the table not in the area layer",
                                 "OTHER_TOTAL_DIFFERING": "Areas whose population differs from TOTAL_FIELD",
                                 "LARGEST_OTHER_TOTAL_DIFFERENCE": "Largest difference from TOTAL_FIELD (people)"})
        self.add_text_results({"GROUP_FIELDS": "Population fields (JSON: field → group)"})

    def execute(self, parameters, context, feedback):
        table = self.read_input(parameters, self.INPUT, context, feedback, keep_features=False, progress=(0, 30),
                                what="population table").frame
        mapping = self._mapping(parameters, context, feedback)
        areas_source, area_field, areas = self._areas(parameters, context, feedback)
        start_phase(feedback, self.tr("Preparing the population…"))
        prepared = self._prepared(parameters, context, feedback, table, mapping,
                                  None if areas is None else areas.frame[area_field])
        feedback.setProgress(60)
        outputs = self._write_table(parameters, context, feedback, prepared)
        if areas is not None:
            outputs.update(self._write_areas(parameters, context, feedback, prepared, areas_source, areas))
        self._log(prepared, feedback)
        other = self._other_total(parameters, context, feedback, prepared, areas, area_field)
        wide = prepared.wide
        strata = 0 if prepared.stratum is None else prepared.long[prepared.stratum].nunique()
        return {**outputs, "N_AREAS": len(wide), "N_GROUPS": wide.shape[1], "N_STRATA": strata,
                "POPULATION_TOTAL": int(wide.to_numpy().sum()),
                "TOTALS_DIFFERING": prepared.totals.differing, "LARGEST_TOTAL_DIFFERENCE": prepared.totals.largest,
                "AREAS_LEFT_OUT": prepared.areas_left_out, "GROUP_FIELDS": json.dumps(prepared.group_fields),
                "OTHER_TOTAL_DIFFERING": other.differing, "LARGEST_OTHER_TOTAL_DIFFERENCE": other.largest}

    def _other_total(self, parameters, context, feedback, prepared: PreparedPopulation, areas,
                     area_field: str | None) -> TotalsCheck:
        """The prepared population against the area layer's TOTAL_FIELD (another table's total), logged."""
        field = self.chosen(parameters, self.TOTAL_FIELD, context)
        if not field:
            return TotalsCheck(False)
        if areas is None:
            raise InputError(self.tr("Comparing with a total (TOTAL_FIELD) needs the area layer (AREAS)."))
        with concerning(self, self.TOTAL_FIELD):
            other = numeric_column(areas.frame, field, whole_numbers=True)
        check = against_other_total(prepared.wide, layer_codes(areas.frame[area_field]), other)
        if check.differing:
            feedback.pushWarning(self.tr(
                "In {0} of {1} area(s) the population prepared differs from {2} (each Census 2021 table is perturbed "
                "on its own); the largest difference is {3:+d} people ({2} minus the prepared), in {4}.").format(
                check.differing, len(other), field, check.largest, check.largest_area))
        else:
            feedback.pushInfo(self.tr("The population prepared equals {0} in every area.").format(field))
        return check

    def _mapping(self, parameters, context, feedback) -> dict[str, str] | None:
        source = self.parameterAsSource(parameters, self.MAPPING, context)
        if source is None:
            return None
        fields = [self.chosen(parameters, key, context) for key in (self.MAPPING_FROM, self.MAPPING_TO)]
        if not all(fields):
            raise InputError(self.tr("Choose the grouping table's category field (MAPPING_FROM) and group field "
                                     "(MAPPING_TO)."))
        frame = self.read_input(parameters, self.MAPPING, context, feedback, source, fields=fields,
                                keep_features=False, progress=(30, 5), what="grouping table").frame
        with concerning(self, self.MAPPING):
            return read_mapping(frame, *fields)

    def _areas(self, parameters, context, feedback):
        """(source, code field, table read) of the area layer; Nones without one."""
        source = self.parameterAsSource(parameters, self.AREAS, context)
        wanted = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        if source is None:
            if wanted:
                raise InputError(self.tr("Areas with population fields (OUTPUT) need an area layer (AREAS) and its "
                                         "code field (AREA_FIELD); leave OUTPUT out to write the long table only."))
            return None, None, None
        field = self.chosen(parameters, self.AREA_FIELD, context)
        if not field:
            raise InputError(self.tr("Choose the area layer's code field (AREA_FIELD)."))
        return source, field, self.read_input(parameters, self.AREAS, context, feedback, source, progress=(35, 15),
                                              what="area layer")

    def _prepared(self, parameters, context, feedback, table, mapping, codes) -> PreparedPopulation:
        try:
            return prepare_population(
                table, codes, level=self.choice(parameters, self.LEVEL, context), mapping=mapping,
                dimension=self.chosen(parameters, self.DIMENSION, context),
                field_prefix=self.chosen(parameters, self.FIELD_PREFIX, context),
                require_totals=self.parameterAsBoolean(parameters, self.REQUIRE_TOTALS, context),
                stratum=self.chosen(parameters, self.STRATUM, context), is_cancelled=feedback.isCanceled)
        except InputError as err:
            concerned = {"areas": self.AREA_FIELD, "mapping": self.MAPPING, "stratum": self.STRATUM}
            key = concerned.get(err.about, self.INPUT)
            with concerning(self, key):
                raise InputError(str(err)) from None

    def _write_table(self, parameters, context, feedback, prepared: PreparedPopulation) -> dict:
        if not self.parameterAsOutputLayer(parameters, self.OUTPUT_TABLE, context):
            return {}
        fields = fields_for_frame(prepared.long)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT_TABLE, context, fields, Qgis.WkbType.NoGeometry)
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT_TABLE))
        self.write_frame(sink, prepared.long, fields, feedback, progress=(60, 20))
        return {self.OUTPUT_TABLE: dest_id}

    def _write_areas(self, parameters, context, feedback, prepared: PreparedPopulation, source, areas) -> dict:
        if not self.parameterAsOutputLayer(parameters, self.OUTPUT, context):
            return {}
        clash = overwritten_fields(source.fields().names(), prepared.wide.columns)
        if clash:
            raise InputError(self.tr(
                "The area layer (AREAS) already has field(s) {0}, which the population fields would overwrite: "
                "choose another FIELD_PREFIX, or drop those fields first.").format(", ".join(clash)))
        added = result_fields(prepared.wide, {c: "int" for c in prepared.wide.columns})
        fields, kept = merged_fields(source.fields(), added)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, source.wkbType(),
                                             source.sourceCrs())
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT))
        write_features(sink, areas, kept, fields, column_values(prepared.wide), feedback, progress=(80, 20))
        return {self.OUTPUT: dest_id}

    def _log(self, prepared: PreparedPopulation, feedback) -> None:
        for note in prepared.notes:
            feedback.pushInfo(note)
        totals = prepared.totals
        if totals.differing:
            feedback.pushWarning(self.tr(
                "In {0} area(s) the categories do not add up to the published total (Census 2021 perturbs its "
                "cells); the largest difference is {1:+d} people, in {2}.").format(
                totals.differing, totals.largest, totals.largest_area))
        if prepared.areas_left_out:
            feedback.pushInfo(self.tr("{0} area(s) of the table are not in the area layer and were left out.").format(
                prepared.areas_left_out))
        feedback.pushInfo(self.tr("Population of {0} areas in {1} groups ({2}): {3} people.").format(
            len(prepared.wide), prepared.wide.shape[1], prepared.dimension, int(prepared.wide.to_numpy().sum())))
        if prepared.stratum:
            feedback.pushInfo(self.tr("The long table gives each group by {0} strata in its column '{1}': use it as "
                                      "POP_STRATUM_FIELD of Representation by group.").format(
                prepared.long[prepared.stratum].nunique(), prepared.stratum))

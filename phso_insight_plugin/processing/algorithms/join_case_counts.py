"""``phso_insight:joincasecounts`` — case counts per area (and per group) on an area layer."""
from __future__ import annotations

import json

from qgis.core import Qgis

from ...cancel import start_phase
from ...errors import InputError
from ..base import PhsoAlgorithm
from ..io.case_outputs import report_counts, write_unmatched
from ..io.clashes import overwritten_fields
from ..io.layers import column_values, merged_fields, result_fields, write_features

DEFAULT_PREFIX = "cases"



class JoinCaseCountsAlgorithm(PhsoAlgorithm):
    """Thin wrapper around :func:`cases.counts.count_cases`."""

    ALG_ID = "joincasecounts"
    GROUP_ID = "prepare"
    DISPLAY_NAME = "Join case counts to areas"

    INPUT = "INPUT"
    CASE_AREA_FIELD = "CASE_AREA_FIELD"
    COUNT_FIELD = "COUNT_FIELD"
    GROUP_FIELD = "GROUP_FIELD"
    AREAS = "AREAS"
    AREA_FIELD = "AREA_FIELD"
    FIELD_PREFIX = "FIELD_PREFIX"
    OUTPUT = "OUTPUT"
    UNMATCHED = "UNMATCHED"

    def initAlgorithm(self, config=None):
        self.add_source(self.INPUT, "Cases with an area code")
        self.add_field(self.CASE_AREA_FIELD, "Cases: area code field", self.INPUT)
        self.add_field(self.COUNT_FIELD, "Cases: count field (pre-aggregated rows)", self.INPUT, optional=True)
        self.add_field(self.GROUP_FIELD, "Cases: group field for a breakdown", self.INPUT, optional=True)
        self.add_layer_with_code(self.AREAS, self.AREA_FIELD, "Areas", "Areas: code field")
        self.add_text(self.FIELD_PREFIX, "Prefix of the count fields", DEFAULT_PREFIX)
        self.add_sink(self.OUTPUT, "Areas with case counts")
        self.add_sink(self.UNMATCHED, "Unmatched case rows", Qgis.ProcessingSourceType.Vector, optional=True)
        self.add_row_count_results()
        self.add_number_results({"CASES_IN": "Cases in", "CASES_MATCHED": "Cases counted",
                                 "CASES_UNMATCHED": "Cases not counted"})
        self.add_text_results({"GROUP_FIELDS": "Group count fields (JSON: field → value)"})

    def execute(self, parameters, context, feedback):
        from ...cases.counts import count_cases

        cases_source = self.required_source(parameters, self.INPUT, context)
        areas_source = self.required_source(parameters, self.AREAS, context)
        case_area = self.parameterAsString(parameters, self.CASE_AREA_FIELD, context)
        count_field = self.chosen(parameters, self.COUNT_FIELD, context)
        group_field = self.chosen(parameters, self.GROUP_FIELD, context)
        area_field = self.parameterAsString(parameters, self.AREA_FIELD, context)
        prefix = self.parameterAsString(parameters, self.FIELD_PREFIX, context) or DEFAULT_PREFIX

        wanted = list(dict.fromkeys(f for f in (case_area, count_field, group_field) if f))
        cases = self.read_input(parameters, self.INPUT, context, feedback, cases_source, keep_features=False,
                                progress=(0, 30), what="case table")
        missing = [f for f in wanted if f not in cases.frame.columns]
        if missing:
            raise InputError(self.tr("Field(s) {0} not found in the case table.").format(", ".join(missing)))
        areas = self.read_input(parameters, self.AREAS, context, feedback, areas_source, progress=(30, 20),
                                what="area layer")
        start_phase(feedback, self.tr("Counting cases…"))
        result = count_cases(cases.frame, case_area, areas.frame[area_field], count_col=count_field,
                             group_col=group_field, prefix=prefix, is_cancelled=feedback.isCanceled)
        feedback.setProgress(55)

        counts = result.counts[[result.total_field] + list(result.group_fields)]
        self._refuse_overwritten_area_fields(areas_source.fields().names(), list(counts.columns), prefix)
        added = result_fields(counts, {c: "int" for c in counts.columns})
        fields, kept = merged_fields(areas_source.fields(), added)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, areas_source.wkbType(),
                                             areas_source.sourceCrs())
        if sink is None:
            raise InputError(self.invalidSinkError(parameters, self.OUTPUT))
        write_features(sink, areas, kept, fields, column_values(counts), feedback, progress=(55, 40))
        outputs = {self.OUTPUT: dest_id}
        unmatched_id = write_unmatched(self, parameters, self.UNMATCHED, context, result.unmatched,
                                       cases_source.fields(), feedback)
        if unmatched_id is not None:
            outputs[self.UNMATCHED] = unmatched_id
        summary = result.summary
        outputs.update(report_counts(summary, feedback, result.hint))
        feedback.pushInfo(self.tr("Cases in: {0}; counted: {1}; not counted: {2}.").format(
            summary["cases_in"], summary["cases_matched"], summary["cases_unmatched"]))
        outputs.update({"CASES_IN": summary["cases_in"], "CASES_MATCHED": summary["cases_matched"],
                        "CASES_UNMATCHED": summary["cases_unmatched"],
                        "GROUP_FIELDS": json.dumps({k: v for k, v in result.group_fields.items()})})
        return outputs

    def _refuse_overwritten_area_fields(self, area_fields: list[str], count_fields: list[str], prefix: str) -> None:
        """The count fields may not replace fields of the area layer (e.g. its population by age)."""
        clash = overwritten_fields(area_fields, count_fields)
        if not clash:
            return
        suggestion = unused_prefix(area_fields)
        raise InputError(self.tr(
            "The area layer (AREAS) already has field(s) {0}, which the case counts named with the prefix {1!r} "
            "(FIELD_PREFIX) would overwrite: choose another FIELD_PREFIX, such as {2!r}.").format(
            ", ".join(clash), prefix, suggestion))


def unused_prefix(fields: list[str]) -> str:
    """The first of ``cases``, ``cases_2``, ``cases_3`` … that no field of ``fields`` equals or starts with
    (followed by ``_``): a prefix whose count fields would overwrite nothing."""
    taken = [name.lower() for name in fields]
    n = 1
    while any(name == candidate(n) or name.startswith(candidate(n) + "_") for name in taken):
        n += 1
    return candidate(n)


def candidate(n: int) -> str:
    return DEFAULT_PREFIX if n == 1 else f"{DEFAULT_PREFIX}_{n}"

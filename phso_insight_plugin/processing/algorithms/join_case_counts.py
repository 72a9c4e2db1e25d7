"""``phso_insight:joincasecounts`` — case counts per area (and per group) on an area layer."""
from __future__ import annotations

import json
from dataclasses import dataclass

from qgis.core import Qgis

from ...cancel import start_phase
from ...errors import InputError
from ..base import PhsoAlgorithm
from ..io.case_outputs import report_counts, write_unmatched
from ..io.clashes import overwritten_fields
from ..io.layers import column_values, merged_fields, result_fields, write_features

DEFAULT_PREFIX = "cases"


@dataclass(frozen=True)
class CaseLocation:
    """Where each case's area comes from: the ``field`` holding its area code (``lookup`` None), or the
    field holding its postcode, the ``lookup`` source and its [postcode, area code, termination date
    or None] fields; ``extra`` the count and group fields (None when not chosen)."""

    field: str
    lookup: object | None
    lookup_chosen: list | None
    extra: list

    @property
    def case_fields(self) -> list[str]:
        return list(dict.fromkeys(f for f in (self.field, *self.extra) if f))

    @property
    def lookup_fields(self) -> list[str]:
        return [f for f in self.lookup_chosen if f]

    def count(self, cases, lookup, area_codes, prefix: str, is_cancelled):
        """The :class:`~phso_insight_plugin.cases.counts.CountResult` of the cases."""
        from ...cases.counts import count_cases, count_cases_by_postcode

        count_field, group_field = self.extra
        if self.lookup is None:
            return count_cases(cases, self.field, area_codes, count_col=count_field, group_col=group_field,
                               prefix=prefix, is_cancelled=is_cancelled)
        lookup_postcode, lookup_area, terminated = self.lookup_chosen
        return count_cases_by_postcode(cases, self.field, lookup, lookup_postcode, lookup_area, area_codes,
                                       count_col=count_field, group_col=group_field, prefix=prefix,
                                       terminated_col=terminated, is_cancelled=is_cancelled)



class JoinCaseCountsAlgorithm(PhsoAlgorithm):
    """Thin wrapper around :func:`cases.counts.count_cases` (cases with an area code) and
    :func:`cases.counts.count_cases_by_postcode` (cases with a postcode, through a lookup)."""

    ALG_ID = "joincasecounts"
    GROUP_ID = "prepare"
    DISPLAY_NAME = "Join case counts to areas"

    INPUT = "INPUT"
    CASE_AREA_FIELD = "CASE_AREA_FIELD"
    POSTCODE_FIELD = "POSTCODE_FIELD"
    POSTCODE_LOOKUP = "POSTCODE_LOOKUP"
    LOOKUP_POSTCODE_FIELD = "LOOKUP_POSTCODE_FIELD"
    LOOKUP_AREA_FIELD = "LOOKUP_AREA_FIELD"
    LOOKUP_TERMINATED_FIELD = "LOOKUP_TERMINATED_FIELD"
    COUNT_FIELD = "COUNT_FIELD"
    GROUP_FIELD = "GROUP_FIELD"
    AREAS = "AREAS"
    AREA_FIELD = "AREA_FIELD"
    FIELD_PREFIX = "FIELD_PREFIX"
    OUTPUT = "OUTPUT"
    UNMATCHED = "UNMATCHED"

    def initAlgorithm(self, config=None):
        self.add_source(self.INPUT, "Cases with an area code or a postcode")
        self.add_field(self.CASE_AREA_FIELD, "Cases: area code field", self.INPUT, optional=True)
        self.add_field(self.POSTCODE_FIELD, "Cases: postcode field (instead of an area code)", self.INPUT,
                       optional=True)
        self.add_source(self.POSTCODE_LOOKUP, "Postcode lookup (e.g. ONSPD/NSPL extract)", optional=True)
        self.add_field(self.LOOKUP_POSTCODE_FIELD, "Lookup: postcode field (pcd7 or pcds)", self.POSTCODE_LOOKUP,
                       optional=True)
        self.add_field(self.LOOKUP_AREA_FIELD, "Lookup: area code field (codes of the areas)", self.POSTCODE_LOOKUP,
                       optional=True)
        self.add_field(self.LOOKUP_TERMINATED_FIELD, "Lookup: termination date field (e.g. doterm)",
                       self.POSTCODE_LOOKUP, optional=True)
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
        cases_source = self.required_source(parameters, self.INPUT, context)
        areas_source = self.required_source(parameters, self.AREAS, context)
        area_field = self.parameterAsString(parameters, self.AREA_FIELD, context)
        prefix = self.parameterAsString(parameters, self.FIELD_PREFIX, context) or DEFAULT_PREFIX
        located_by = self._case_location(parameters, context)
        cases = self.read_input(parameters, self.INPUT, context, feedback, cases_source, keep_features=False,
                                progress=(0, 20), what="case table")
        missing = [f for f in located_by.case_fields if f not in cases.frame.columns]
        if missing:
            raise InputError(self.tr("Field(s) {0} not found in the case table.").format(", ".join(missing)))
        lookup = None if located_by.lookup is None else self.read_input(
            parameters, self.POSTCODE_LOOKUP, context, feedback, located_by.lookup, fields=located_by.lookup_fields,
            keep_features=False, progress=(20, 20), what="postcode lookup").frame
        areas = self.read_input(parameters, self.AREAS, context, feedback, areas_source, progress=(40, 10),
                                what="area layer")
        start_phase(feedback, self.tr("Counting cases…"))
        result = located_by.count(cases.frame, lookup, areas.frame[area_field], prefix, feedback.isCanceled)
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

    def _case_location(self, parameters, context) -> CaseLocation:
        """How cases find their area: an area code field, or a postcode field and a lookup (not both)."""
        area = self.parameterAsString(parameters, self.CASE_AREA_FIELD, context)
        postcode = self.parameterAsString(parameters, self.POSTCODE_FIELD, context)
        lookup = self.parameterAsSource(parameters, self.POSTCODE_LOOKUP, context)
        chosen = [self.parameterAsString(parameters, key, context) for key in
                  (self.LOOKUP_POSTCODE_FIELD, self.LOOKUP_AREA_FIELD)] + [
                  self.chosen(parameters, self.LOOKUP_TERMINATED_FIELD, context)]
        extra = [self.chosen(parameters, key, context) for key in (self.COUNT_FIELD, self.GROUP_FIELD)]
        if area and (postcode or lookup is not None):
            raise InputError(self.tr("Give either the cases' area code field (CASE_AREA_FIELD) or their postcode "
                                     "field with a postcode lookup (POSTCODE_FIELD, POSTCODE_LOOKUP), not both."))
        if area:
            return CaseLocation(area, None, None, extra)
        if not postcode or lookup is None or not all(chosen[:2]):
            raise InputError(self.tr(
                "Choose the cases' area code field (CASE_AREA_FIELD), or count them by postcode: their postcode "
                "field (POSTCODE_FIELD), a postcode lookup (POSTCODE_LOOKUP), its postcode field "
                "(LOOKUP_POSTCODE_FIELD) and its field with the areas' codes (LOOKUP_AREA_FIELD)."))
        return CaseLocation(postcode, lookup, chosen, extra)

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

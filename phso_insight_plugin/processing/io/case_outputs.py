"""What the case algorithms share when they finish: the unmatched table and the rows-in/matched/unmatched report
(the results themselves are declared by :meth:`..parameters.DeclaresParameters.add_row_count_results`)."""
from __future__ import annotations

import json

from qgis.core import Qgis
from qgis.PyQt.QtCore import QCoreApplication

from ...errors import InputError
from .layers import fields_for_frame


def tr(text: str) -> str:
    return QCoreApplication.translate("case_outputs", text)


def report_counts(counts: dict, feedback, hint: str | None = None) -> dict:
    """Log rows in = matched + unmatched (by reason) and return the outputs dict."""
    if counts["rows_in"] != counts["rows_matched"] + counts["rows_unmatched"]:
        raise AssertionError(f"rows in {counts['rows_in']} != matched {counts['rows_matched']} + "
                             f"unmatched {counts['rows_unmatched']}")
    feedback.pushInfo(tr("Rows in: {0}; matched: {1}; unmatched: {2}.").format(
        counts["rows_in"], counts["rows_matched"], counts["rows_unmatched"]))
    for reason, n in counts["unmatched_by_reason"].items():
        if n:
            feedback.reportError(tr("Unmatched, {0}: {1} rows").format(reason, n), False)
    if hint:
        feedback.reportError(hint, False)
    return {"ROWS_IN": counts["rows_in"], "ROWS_MATCHED": counts["rows_matched"],
            "ROWS_UNMATCHED": counts["rows_unmatched"],
            "UNMATCHED_BY_REASON": json.dumps(counts["unmatched_by_reason"])}


def write_unmatched(algorithm, parameters, name: str, context, unmatched, like_fields, feedback=None):
    """Write the unmatched rows (all input columns + source_row + reason) as a table; None if not requested."""
    fields = fields_for_frame(unmatched, like_fields)
    sink, dest_id = algorithm.parameterAsSink(parameters, name, context, fields, Qgis.WkbType.NoGeometry)
    if sink is None:
        if parameters.get(name):
            raise InputError(algorithm.invalidSinkError(parameters, name))
        return None
    algorithm.write_frame(sink, unmatched, fields, feedback, progress=(95.0, 5.0))
    return dest_id

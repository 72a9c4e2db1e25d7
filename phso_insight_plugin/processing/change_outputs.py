"""The results (Processing outputs) of the change-over-time runs, declared and filled from their typed summary
(:class:`~phso_insight_plugin.results.change_summary.ChangeSummary`), as :mod:`.result_outputs` does for one
pooled period: units per change tier, the trend and persistence counts, periods, where the cases went, method."""
from __future__ import annotations

import json

from qgis.core import QgsProcessingOutputNumber

from ..results.change_summary import ChangeSummary
from ..results.change_tiers import CHANGE_TIER_KEYS, CHANGE_TIER_LABELS
from ..results.tiers import TIER_ORDER, TierCode

#: Output name of each change tier's count: N_SIG_INCREASED, N_INCREASED, N_NO_CHANGE, N_DECREASED,
#: N_SIG_DECREASED, N_TOO_FEW.
CHANGE_OUTPUTS: dict[TierCode, str] = {tier: f"N_{CHANGE_TIER_KEYS[tier].upper()}" for tier in TIER_ORDER}


def declare_change_outputs(algorithm, what: str = "Areas") -> None:
    """The results of ``phso_insight:representationchange`` (a :class:`~.base.PhsoAlgorithm`)."""
    for tier, name in CHANGE_OUTPUTS.items():
        algorithm.addOutput(QgsProcessingOutputNumber(name, algorithm.tr("{0}: {1}").format(
            algorithm.tr(what), CHANGE_TIER_LABELS[tier])))
    algorithm.add_number_results({"N_AREAS": "Number of areas", "CASES_IN": "Cases in",
                                  "CASES_COUNTED": "Cases counted in a period",
                                  "EXCLUDED_CASES": "Cases excluded (no date, area not found …)"})
    algorithm.add_text_results({
        "TIER_COUNTS": f"{what} per change tier (JSON)", "TREND_COUNTS": f"{what} per trend tier (JSON)",
        "PERSISTENCE_COUNTS": f"{what} by persistence (JSON)", "PERIODS": "Periods, in time order (JSON)",
        "COMPARED": "The two periods compared (JSON)", "CASES_BY_PERIOD": "Cases counted per period (JSON)",
        "EXCLUDED_BY_REASON": "Excluded cases by reason (JSON)", "METHOD": "Method"})


def change_outputs(summary: ChangeSummary) -> dict:
    """Result values of ``phso_insight:representationchange`` (the output layers aside)."""
    return {
        **{name: summary.change_tier_counts.get(tier, 0) for tier, name in CHANGE_OUTPUTS.items()},
        "N_AREAS": summary.n_units, "CASES_IN": summary.cases_in, "CASES_COUNTED": summary.counted_cases,
        "EXCLUDED_CASES": summary.excluded_cases,
        "TIER_COUNTS": json.dumps(summary.change_counts_by_label),
        "TREND_COUNTS": json.dumps(summary.trend_counts_by_label if summary.trend_tier_counts else {}),
        "PERSISTENCE_COUNTS": json.dumps(summary.persistence_counts), "PERIODS": json.dumps(list(summary.periods)),
        "COMPARED": json.dumps(list(summary.compared)),
        "CASES_BY_PERIOD": json.dumps(dict(zip(summary.periods, summary.cases_by_period))),
        "EXCLUDED_BY_REASON": json.dumps(summary.excluded_by_reason), "METHOD": summary.method}


def log_change(feedback, summary: ChangeSummary) -> None:
    """The periods, cases per period, exclusions (a warning), units per change and trend tier, and the method."""
    feedback.pushInfo(f"Periods: {', '.join(summary.periods)}; compared: {summary.compared[0]} → {summary.compared[1]}")
    feedback.pushInfo("Cases per period: " + "; ".join(
        f"{label}: {n:,.0f}" for label, n in zip(summary.periods, summary.cases_by_period)))
    if summary.exclusions:
        feedback.reportError(summary.exclusions, False)
    for label, n in summary.change_counts_by_label.items():
        feedback.pushInfo(f"{label}: {n}")
    for label, n in (summary.trend_counts_by_label if summary.trend_tier_counts else {}).items():
        feedback.pushInfo(f"Trend, {label}: {n}")
    feedback.pushInfo(summary.method)

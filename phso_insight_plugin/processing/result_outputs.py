"""The results (Processing outputs) of the analysis algorithms, declared and filled from the typed
summaries in one place: areas or cells per tier, totals, over-dispersion and the method sentence."""
from __future__ import annotations

import json

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
)

from ..results.summaries import GroupSummary, RepresentationSummary
from ..results.tiers import TIER_KEYS, TIER_LABELS, TIER_ORDER, TierCode

#: Output name of each tier's count: N_SIG_HIGH, N_HIGH, N_IN_LINE, N_LOW, N_SIG_LOW, N_TOO_FEW.
TIER_OUTPUTS: dict[TierCode, str] = {tier: f"N_{TIER_KEYS[tier].upper()}" for tier in TIER_ORDER}
GROUP_TOTALS = (("N_CELLS", "Cells compared (group × area)"), ("N_AREAS", "Areas compared"),
                ("TOTAL_CASES", "Cases in"), ("COMPARED_CASES", "Cases compared"),
                ("EXCLUDED_CASES", "Cases excluded (group not known …)"),
                ("NOT_COMPARED_CASES", "Cases not compared (label or area not in the population)"))


def _declare_tiers(algorithm: QgsProcessingAlgorithm, counted: str) -> None:
    """``N_…`` per tier ("Areas: Higher than expected (95%)") and ``TIER_COUNTS`` (JSON, by label)."""
    for tier, name in TIER_OUTPUTS.items():
        algorithm.addOutput(QgsProcessingOutputNumber(name, algorithm.tr("{0}: {1}").format(
            algorithm.tr(counted), TIER_LABELS[tier])))
    algorithm.addOutput(QgsProcessingOutputString("TIER_COUNTS", algorithm.tr("{0} per tier (JSON)").format(
        algorithm.tr(counted))))


def _tier_values(counts: dict[TierCode, int]) -> dict:
    values = {name: counts.get(tier, 0) for tier, name in TIER_OUTPUTS.items()}
    values["TIER_COUNTS"] = json.dumps({TIER_LABELS[tier]: counts.get(tier, 0) for tier in TIER_ORDER})
    return values


def declare_representation_outputs(algorithm: QgsProcessingAlgorithm) -> None:
    """The results of ``phso_insight:representation``."""
    _declare_tiers(algorithm, "Areas")
    for name, label in (("N_AREAS", "Number of areas"), ("OVERALL_RATE", "Overall rate (cases per person)"),
                        ("PHI", "Multiplicative overdispersion φ"), ("TAU2", "Additive overdispersion τ²")):
        algorithm.addOutput(QgsProcessingOutputNumber(name, algorithm.tr(label)))
    algorithm.addOutput(QgsProcessingOutputString("METHOD", algorithm.tr("Method")))


def representation_outputs(summary: RepresentationSummary) -> dict:
    """Result values of ``phso_insight:representation`` (the output layer aside)."""
    return {**_tier_values(summary.tier_counts), "N_AREAS": summary.n_areas, "OVERALL_RATE": summary.overall_rate,
            "PHI": summary.phi, "TAU2": summary.tau2, "METHOD": summary.method.text}


def declare_group_outputs(algorithm: QgsProcessingAlgorithm) -> None:
    """The results of ``phso_insight:grouprepresentation``."""
    _declare_tiers(algorithm, "Cells")
    for name, label in GROUP_TOTALS:
        algorithm.addOutput(QgsProcessingOutputNumber(name, algorithm.tr(label)))
    for name, label in (("EXCLUDED_BY_REASON", "Excluded cases by reason (JSON)"),
                        ("UNMATCHED", "Labels and areas not in the population (JSON)")):
        algorithm.addOutput(QgsProcessingOutputString(name, algorithm.tr(label)))
    algorithm.addOutput(QgsProcessingOutputString("METHOD", algorithm.tr("Method")))


def group_outputs(summary: GroupSummary) -> dict:
    """Result values of ``phso_insight:grouprepresentation`` (the output table aside)."""
    return {**_tier_values(summary.tier_counts), "N_CELLS": summary.n_cells, "N_AREAS": summary.n_areas,
            "TOTAL_CASES": summary.total_cases, "COMPARED_CASES": summary.compared_cases,
            "EXCLUDED_CASES": summary.excluded_cases, "NOT_COMPARED_CASES": summary.not_compared_cases,
            "EXCLUDED_BY_REASON": json.dumps(summary.excluded_by_reason),
            "UNMATCHED": json.dumps({"labels": summary.unmatched_groups, "areas": summary.unmatched_areas}),
            "METHOD": summary.method.text}


def log_tier_counts(feedback, counts: dict[TierCode, int]) -> None:
    """One log line per tier: "Higher than expected (95%): 12"."""
    for tier in TIER_ORDER:
        feedback.pushInfo(f"{TIER_LABELS[tier]}: {counts.get(tier, 0)}")

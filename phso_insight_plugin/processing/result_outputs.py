"""The results (Processing outputs) of the analysis algorithms, declared (with the factories of
:class:`.parameters.DeclaresParameters`) and filled from the typed summaries in one place: areas or
cells per tier, totals, over-dispersion and the method sentence."""
from __future__ import annotations

import json

from ..results.summaries import GroupSummary, RepresentationSummary
from ..results.tiers import TIER_LABELS, TIER_ORDER, TierCode, counts_by_label
from .parameters import TIER_OUTPUTS


def declare_representation_outputs(algorithm) -> None:
    """The results of ``phso_insight:representation`` (a :class:`~.base.PhsoAlgorithm`)."""
    algorithm.add_tier_count_results("Areas")
    algorithm.add_number_results({"N_AREAS": "Number of areas", "OVERALL_RATE": "Overall rate (cases per person)",
                                  "PHI": "Multiplicative overdispersion φ", "TAU2": "Additive overdispersion τ²"})
    algorithm.add_text_results({"METHOD": "Method"})


def representation_outputs(summary: RepresentationSummary) -> dict:
    """Result values of ``phso_insight:representation`` (the output layer aside)."""
    return {**_tier_values(summary.tier_counts), "N_AREAS": summary.n_areas, "OVERALL_RATE": summary.overall_rate,
            "PHI": summary.phi, "TAU2": summary.tau2, "METHOD": summary.method.text}


def declare_group_outputs(algorithm) -> None:
    """The results of ``phso_insight:grouprepresentation`` (a :class:`~.base.PhsoAlgorithm`)."""
    algorithm.add_tier_count_results("Cells")
    algorithm.add_number_results({
        "N_CELLS": "Cells compared (group × area)", "N_AREAS": "Areas compared", "TOTAL_CASES": "Cases in",
        "COMPARED_CASES": "Cases compared", "EXCLUDED_CASES": "Cases excluded (group not known …)",
        "NOT_COMPARED_CASES": "Cases not compared (label or area not in the population)"})
    algorithm.add_text_results({"EXCLUDED_BY_REASON": "Excluded cases by reason (JSON)",
                                "UNMATCHED": "Labels and areas not in the population (JSON)", "METHOD": "Method"})


def group_outputs(summary: GroupSummary) -> dict:
    """Result values of ``phso_insight:grouprepresentation`` (the output table aside)."""
    return {**_tier_values(summary.tier_counts), "N_CELLS": summary.n_cells, "N_AREAS": summary.n_areas,
            "TOTAL_CASES": summary.total_cases, "COMPARED_CASES": summary.compared_cases,
            "EXCLUDED_CASES": summary.excluded_cases, "NOT_COMPARED_CASES": summary.not_compared_cases,
            "EXCLUDED_BY_REASON": json.dumps(summary.excluded_by_reason),
            "UNMATCHED": json.dumps({"labels": summary.unmatched_groups, "areas": summary.unmatched_areas}),
            "METHOD": summary.method.text}


def _tier_values(counts: dict[TierCode, int]) -> dict:
    """``N_…`` per tier and ``TIER_COUNTS`` (JSON, by tier label), as declared by ``add_tier_count_results``."""
    values = {name: counts.get(tier, 0) for tier, name in TIER_OUTPUTS.items()}
    values["TIER_COUNTS"] = json.dumps(counts_by_label(counts))
    return values


def log_tier_counts(feedback, counts: dict[TierCode, int]) -> None:
    """One log line per tier: "Higher than expected (95%): 12"."""
    for tier in TIER_ORDER:
        feedback.pushInfo(f"{TIER_LABELS[tier]}: {counts.get(tier, 0)}")

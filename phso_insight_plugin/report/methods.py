"""The explanatory text of the report: tiers, "too few to say", methods and caveats, disclosure.

Written for readers who are not statisticians. Like the headlines, it describes differences
from what the population would suggest and never says why they arise.
"""
from __future__ import annotations

from ..results.disclosure import NHS_DISCLOSURE, disclosure_for
from ..results.formatting import cases_words, how_many
from ..results.run_metadata import RunMetadata
from ..results.tiers import TIER_LABELS, TIER_ORDER
from .results import AreaResults, GroupResults

TIER_MEANINGS: dict[int | None, str] = {
    2: "More cases than the population would suggest, passing the strict 99.8% test: very unlikely to be chance.",
    1: "More cases than the population would suggest, passing the 95% test but not the stricter 99.8% one.",
    0: "No significant difference from what the population would suggest.",
    -1: "Fewer cases than the population would suggest, passing the 95% test but not the stricter 99.8% one.",
    -2: "Fewer cases than the population would suggest, passing the strict 99.8% test: very unlikely to be chance.",
    None: "Too few cases expected to tell either way (see below).",
}

TOO_FEW_TO_SAY = [
    "An area or group is “too few to say” when so few cases are expected from its population that even a "
    "large difference could be chance. It is not significantly different from its population, but that does "
    "not show it is in line with it: the data cannot tell either way. Areas with no expected cases at all "
    "(no population) have no ratio and are counted here too.",
    "On the map these areas are light grey with a diagonal hatch, so they never read as a colour of the scale.",
]

GENERAL_METHODS = [
    "Expected cases. For an area, the expected number is how many cases it would have if people there raised "
    "cases at the same rate as everyone in the comparison (rate by age group when the comparison is "
    "standardised by age). For a group, it is the group's share of the population times the cases with a known "
    "group. The ratio is observed ÷ expected: 1.00 is exactly as expected, 1.43 is 43% more, 0.74 is 26% fewer.",
    "Intervals. Each ratio has 95% and 99.8% confidence intervals by the PHE/UKHSA method: exact Poisson "
    "limits when fewer than 10 cases are observed, Byar's approximation from 10 cases.",
    "Small numbers. Ratios built on few expected cases vary a lot by chance: a ratio of 2 from 4 expected cases "
    "is far less certain than the same ratio from 400. The funnel plots show this: their limits are wide on the "
    "left, where few cases are expected, and narrow on the right.",
    "Boundaries. Cases are first placed in small areas (LSOAs, e.g. by postcode). Where counts were then moved "
    "to other boundaries such as constituencies or ICBs, a small area crossed by a boundary shares its cases "
    "between the larger areas in proportion to where its population lives (population weighting), or goes "
    "wholly to the area holding most of its population (best fit). Such counts are estimates and need not be "
    "whole numbers.",
    "What these figures do not say. They show where, and for whom, case numbers differ from what the "
    "population would suggest. They do not say why; interpreting a difference needs further work.",
]


def tier_rows() -> list[list[str]]:
    """[tier label, plain meaning] for every tier, in tier order."""
    return [[TIER_LABELS[tier], TIER_MEANINGS[tier]] for tier in TIER_ORDER]


def _multiple_testing(title: str, n: int, noun: tuple[str, str], false_discovery_rate: bool) -> str:
    what = how_many(n, *noun)
    if false_discovery_rate:
        return (f"{title}: tiers use Benjamini–Hochberg false discovery rate control across the {what}. "
                "The ±1 tiers need q < 0.05 and the ±2 tiers q < 0.002, so that on average no more than about "
                "1 in 20 flagged results is a false alarm. The intervals shown are not adjusted.")
    return (f"{title}: no adjustment for multiple testing. With {what} each tested at the 95% level, about "
            f"{0.05 * n:,.0f} could be flagged by chance alone even if none truly differed; give more weight to "
            "the 99.8% tiers than to single 95% results.")


def _recorded(title: str, run: RunMetadata | None, kind: str, publication_safe: bool) -> list[str]:
    """The method sentence (without exact case counts when publication-safe) and provenance recorded with a
    layer, or a note that none was recorded."""
    if run is None:
        return [f"{title}: no method was recorded with this {kind} (it carries no PHSO Insight run metadata)."]
    return [f"{title}, as recorded with the {kind}: {run.method_for(publication_safe)}",
            f"{title} was produced by {run.provenance()}."]


def area_notes(results: AreaResults, publication_safe: bool) -> list[str]:
    """Method notes for one area layer: testing, apportioned counts, the recorded method sentence."""
    noun = (results.noun.singular, results.noun.plural)
    notes = [_multiple_testing(results.title, len(results.table), noun, results.uses_false_discovery_rate)]
    if results.benchmark.is_parent:
        benchmark = results.benchmark
        notes.append(f"{results.title}: each {results.noun.singular} is compared with the rates of {benchmark.against} "
                     f"rather than with the whole input, so a {results.noun.singular} of a {benchmark.noun} that runs "
                     f"high overall is judged against that higher rate.")
    if results.has_fractional_counts:
        notes.append(f"{results.title}: some case counts are not whole numbers, so they were apportioned from "
                     "smaller areas (see Boundaries).")
    return notes + _recorded(results.title, results.run, "layer", publication_safe)


def group_notes(results: GroupResults, publication_safe: bool) -> list[str]:
    """Method notes for one group table: testing, standardisation, cases left out."""
    disclosure = disclosure_for(publication_safe)
    notes = [_multiple_testing(results.title, len(results.table), ("comparison", "comparisons"),
                               results.uses_false_discovery_rate)]
    if results.standardised:
        notes.append(f"{results.title}: expected cases were standardised (e.g. by age) within each area, so a "
                     "group's age profile is allowed for; “times their share” is the unstandardised comparison.")
    if results.excluded_cases:
        notes.append(f"{results.title}: {cases_words(results.excluded_cases, disclosure)} with no recorded "
                     "group (e.g. “prefer not to say”) were left out of the shares.")
    if results.not_compared_cases:
        notes.append(f"{results.title}: {cases_words(results.not_compared_cases, disclosure)} had a group "
                     "or area not found in the population table and were not compared.")
    return notes + _recorded(results.title, results.run, "table", publication_safe)


def disclosure_statement(publication_safe: bool) -> str:
    """What was done to the counts, stated at the top of the report."""
    return NHS_DISCLOSURE.report_statement(publication_safe)

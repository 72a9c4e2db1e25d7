"""Pairing observed and population fields by stratum (pure Python; no QGIS).

Strata are chosen with two prefixes: ``cases_`` ↔ ``pop_`` pairs ``cases_0_15`` with
``pop_0_15`` because both end in the suffix ``0_15``. Matching by suffix (rather than
by position in two lists) cannot silently pair the wrong age bands.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class StrataPairs:
    """Observed ↔ population field pairs, plus the fields of either prefix left without a partner."""

    pairs: list[tuple[str, str]]
    unmatched_observed: list[str]
    unmatched_population: list[str]


def _suffixes(field_names: Sequence[str], prefix: str) -> dict[str, str]:
    """suffix → field name, for the fields starting with ``prefix`` (longer than it)."""
    return {name[len(prefix):]: name for name in field_names if name.startswith(prefix) and len(name) > len(prefix)}


def pair_by_suffix(field_names: Sequence[str], observed_prefix: str, population_prefix: str) -> StrataPairs:
    """Pair ``observed_prefix + s`` with ``population_prefix + s`` for every shared suffix ``s``.

    Pairs follow the order of the observed fields in ``field_names``. Empty or identical
    prefixes give no pairs (every field would pair with itself).
    """
    if not observed_prefix or not population_prefix or observed_prefix == population_prefix:
        return StrataPairs([], [], [])
    observed = _suffixes(field_names, observed_prefix)
    population = _suffixes(field_names, population_prefix)
    pairs = [(name, population[suffix]) for suffix, name in observed.items() if suffix in population]
    return StrataPairs(
        pairs=pairs,
        unmatched_observed=[name for suffix, name in observed.items() if suffix not in population],
        unmatched_population=[name for suffix, name in population.items() if suffix not in observed],
    )

"""The columns of the result tables, in order, with their types and meaning: the one list that the
statistics write, the Processing algorithms declare as fields, and the report and the dock read.

Kinds are ``"float"``, ``"int"`` (tier codes, nullable) and ``"str"``. Ratios and limits are
dimensionless (observed ÷ expected); counts are cases (fractional after apportionment); shares are
fractions 0–1.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["float", "int", "str"]


@dataclass(frozen=True)
class Column:
    """One result column: its field name, kind and what it holds."""

    name: str
    kind: Kind
    meaning: str


@dataclass(frozen=True)
class Columns:
    """An ordered set of result columns."""

    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    def kinds(self, names: Iterable[str] | None = None) -> dict[str, Kind]:
        """Column name → kind, for ``names`` (default: every column)."""
        by_name = {column.name: column.kind for column in self.columns}
        return {name: by_name[name] for name in (self.names if names is None else names)}

    def __contains__(self, name: object) -> bool:
        return name in self.names


RATIO = (
    Column("ratio", "float", "observed ÷ expected cases"),
    Column("lcl95", "float", "lower 95% confidence limit of the ratio"),
    Column("ucl95", "float", "upper 95% confidence limit of the ratio"),
    Column("lcl998", "float", "lower 99.8% confidence limit of the ratio"),
    Column("ucl998", "float", "upper 99.8% confidence limit of the ratio"),
    Column("ci_method", "str", "how the limits were computed: Exact (below 10 cases) or Byars"),
    Column("p_value", "float", "two-sided p-value of observed against expected"),
    Column("q_value", "float", "Benjamini–Hochberg q-value (NULL without false discovery rate control)"),
)
TIER = (
    Column("tier", "int", "tier code: 2, 1, 0, -1, -2, NULL = too few to say"),
    Column("tier_label", "str", "the tier in words"),
)

#: What ``phso_insight:representation`` adds to every area, in this order.
REPRESENTATION = Columns((
    Column("observed", "float", "cases observed"),
    Column("expected", "float", "cases expected from the population"),
    *RATIO,
    Column("z_score", "float", "z-score on the square-root scale (over-dispersion adjusted when chosen)"),
    *TIER,
    Column("flag", "str", "why no ratio was computed (expected is zero), else empty"),
))

#: Added by ``phso_insight:representation`` after :data:`REPRESENTATION`: which benchmark gave the expected
#: counts (see :mod:`.benchmark`).
BENCHMARK = Columns((
    Column("benchmark", "str", "whose rates gave the expected count: 'whole input', or 'parent: <field>' for "
                               "each area's parent named in that field"),
))

#: What the dock and the report need of a representation layer (besides a name field).
AREA_READ = ("observed", "expected", "ratio", "lcl95", "ucl95", "tier")

#: ``phso_insight:grouprepresentation``: one row per area and group. ``area`` is left out when the cases
#: have no area; ``crude_ratio`` follows ``ratio`` only when expected counts were standardised.
GROUP_REPRESENTATION = Columns((
    Column("area", "str", "the area compared within (absent without an area breakdown)"),
    Column("group", "str", "the group label, spelt as in the population table"),
    Column("cases", "float", "cases of the group (in the area)"),
    Column("case_share", "float", "share of the cases with a known group"),
    Column("case_share_lcl95", "float", "lower Wilson 95% limit of the case share"),
    Column("case_share_ucl95", "float", "upper Wilson 95% limit of the case share"),
    Column("population", "float", "people in the group"),
    Column("population_share", "float", "share of the population"),
    Column("expected", "float", "cases expected from the population share (standardised when chosen)"),
    RATIO[0],
    Column("crude_ratio", "float", "case share ÷ population share (only when standardised)"),
    *RATIO[1:],
    *TIER,
    Column("excluded_cases", "float", "cases of the area left out of the shares (group not known …)"),
    Column("note", "str", "why a row was not compared, else empty"),
))

#: What the report needs of a group representation table.
GROUP_READ = ("group", "cases", "case_share", "population_share", "expected", "ratio", "lcl95", "ucl95", "tier")


def group_columns(standardised: bool, by_area: bool) -> list[str]:
    """The group table's column names for a run with or without standardisation and an area breakdown."""
    return [name for name in GROUP_REPRESENTATION.names
            if (standardised or name != "crude_ratio") and (by_area or name != "area")]

"""Ranked tables of the areas and groups that differ significantly from their population.

Rows are ranked by tier (2, 1, -1, -2) then by ratio, highest first, so the table reads from
"most more than expected" to "most fewer than expected". Long tables keep their top and bottom
rows and say how many are not shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..results.disclosure import disclosure_for
from ..results.formatting import (
    count_text,
    expected_text,
    ratio_with_interval,
    share_text,
)
from ..results.geography import capitalised
from ..results.tiers import TIER_LABELS
from .results import AREA, NAME, AreaResults, GroupResults

#: Most rows a ranked table shows (half from the top, half from the bottom).
MAX_ROWS = 30


@dataclass(frozen=True)
class Table:
    """A table as text: header cells, rows of cells, and an optional note under it."""

    headers: list[str]
    rows: list[list[str]]
    note: str = ""
    numeric_columns: set[int] = field(default_factory=set)


def significant_ranked(table: pd.DataFrame, label: str) -> pd.DataFrame:
    """Rows with tier 2, 1, -1 or -2, ranked by tier then ratio (highest first), then ``label``."""
    tier = table["tier"]
    rows = table[tier.notna() & (tier != 0)].astype({"tier": "int64"})
    return rows.sort_values(["tier", "ratio", label], ascending=[False, False, True], kind="stable")


def capped(rows: pd.DataFrame, limit: int = MAX_ROWS) -> tuple[pd.DataFrame, int]:
    """The first and last ``limit / 2`` rows when there are more than ``limit``, and how many were left out."""
    if len(rows) <= limit:
        return rows, 0
    head = limit // 2
    return pd.concat([rows.iloc[:head], rows.iloc[len(rows) - (limit - head):]]), len(rows) - limit


def _left_out_note(left_out: int, total: int, what: str) -> str:
    if not left_out:
        return ""
    return (f"Showing the {MAX_ROWS // 2} highest and {MAX_ROWS - MAX_ROWS // 2} lowest of {total:,d} "
            f"significant {what}; {left_out:,d} in between are in the layer but not shown.")


def area_table(results: AreaResults, publication_safe: bool) -> Table:
    """Significant areas: name, cases, expected, ratio (95% interval), tier."""
    ranked = significant_ranked(results.table, NAME)
    shown, left_out = capped(ranked)
    rows = [[row[NAME], count_text(row["observed"], disclosure_for(publication_safe)), expected_text(row["expected"]),
             ratio_with_interval(row["ratio"], row["lcl95"], row["ucl95"]), results.benchmark.tier_label(row["tier"])]
            for _, row in shown.iterrows()]
    headers = [capitalised(results.noun.singular), "Cases", "Expected", "Ratio (95% interval)", "Tier"]
    return Table(headers, rows, _left_out_note(left_out, len(ranked), results.noun.plural), {1, 2, 3})


def group_table(results: GroupResults, publication_safe: bool) -> Table:
    """Significant groups: (area,) group, cases, share of cases, share of population, ratio (95% interval), tier."""
    ranked = significant_ranked(results.table, "group")
    shown, left_out = capped(ranked)
    rows = [[row["group"], count_text(row["cases"], disclosure_for(publication_safe)), share_text(row["case_share"]),
             share_text(row["population_share"]), ratio_with_interval(row["ratio"], row["lcl95"], row["ucl95"]),
             TIER_LABELS[row["tier"]]]
            for _, row in shown.iterrows()]
    headers = ["Group", "Cases", "Share of cases", "Share of population", "Ratio (95% interval)", "Tier"]
    numeric = {1, 2, 3, 4}
    if results.by_area:
        rows = [[area, *row] for area, row in zip(shown[AREA], rows)]
        headers, numeric = ["Area", *headers], {i + 1 for i in numeric}
    return Table(headers, rows, _left_out_note(left_out, len(ranked), "groups"), numeric)


def no_rows_note(plural: str) -> str:
    """The sentence shown instead of an empty table."""
    return f"No {plural} differ significantly from what their population would suggest."

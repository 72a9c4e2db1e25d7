"""Builders for the group-representation tests (pure pandas)."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from phso_insight_plugin.groups.case_groups import case_table
from phso_insight_plugin.groups.labels import DEFAULT_MISSING_VALUES, parse_missing_values
from phso_insight_plugin.groups.population import long_population
from phso_insight_plugin.groups.representation import GroupResult, group_representation


def one_row_per_case(counts: Mapping[str, int], area: str | None = None) -> pd.DataFrame:
    """A case table with ``counts[label]`` rows of each group label (and an area column)."""
    labels = [label for label, n in counts.items() for _ in range(n)]
    frame = pd.DataFrame({"group": labels})
    if area is not None:
        frame["area"] = area
    return frame


def population_table(rows: list[tuple]) -> pd.DataFrame:
    """Long population from (group, n) or (area, group, n) tuples."""
    columns = ["group", "n"] if len(rows[0]) == 2 else ["area", "group", "n"]
    return pd.DataFrame(rows, columns=columns)


def analyse(cases: pd.DataFrame, population: pd.DataFrame, *, per_area: bool = False, **options) -> GroupResult:
    """Group representation of a case table against a long population table, default missing values."""
    area = "area" if per_area else None
    table = case_table(cases["group"], areas=cases["area"] if per_area else None,
                       missing_keys=parse_missing_values(DEFAULT_MISSING_VALUES),
                       counts=cases["count"].to_numpy() if "count" in cases else None)
    return group_representation(table, long_population(population, "group", "n", area_col=area), **options)


def row(result: GroupResult, group: str, area: str | None = None) -> pd.Series:
    """The one output row of ``group`` (in ``area``)."""
    table = result.table
    selected = table[(table["group"] == group) & ((table["area"] == area) if area is not None else True)]
    assert len(selected) == 1, f"{len(selected)} rows for group {group!r} in area {area!r}"
    return selected.iloc[0]

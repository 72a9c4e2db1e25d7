"""Hand-made representation results with known tiers and ratios, for the report tests."""
from __future__ import annotations

import pandas as pd

from phso_insight_plugin.report.results import (
    AreaResults,
    GroupResults,
    area_results,
    group_results,
)
from phso_insight_plugin.results.geography import GEOGRAPHIES
from phso_insight_plugin.results.run_metadata import GROUP_REPRESENTATION, RunMetadata

CONSTITUENCIES = GEOGRAPHIES["PCON"]


def area_frame(rows: list[tuple]) -> pd.DataFrame:
    """A representation layer's attribute table from (name, observed, expected, tier) rows;
    ratio = observed / expected, 95% limits ratio ∓ 0.1 (hand-made, not computed)."""
    frame = pd.DataFrame(rows, columns=["PCON24NM", "observed", "expected", "tier"])
    frame["ratio"] = frame["observed"] / frame["expected"]
    frame["lcl95"], frame["ucl95"] = frame["ratio"] - 0.1, frame["ratio"] + 0.1
    frame["tier"] = frame["tier"].astype(object).where(frame["tier"].notna(), None)
    return frame


def constituencies(rows: list[tuple], title: str = "Constituencies", q_value: float | None = None) -> AreaResults:
    frame = area_frame(rows)
    frame["q_value"] = q_value
    return area_results(frame, title, "PCON24NM", CONSTITUENCIES)


#: Eight constituencies: two more than expected (one at 99.8%), two fewer (one at 99.8%),
#: two in line, two too few to say. Observed cases total 634.
EIGHT = [
    ("Brackenmoor", 146, 100.0, 2),
    ("Northfield Vale", 120, 100.0, 1),
    ("Westerleigh", 110, 100.0, 0),
    ("Ashby and Fenwick", 100, 100.0, 0),
    ("Easthaven", 80, 100.0, -1),
    ("Marsh End and Saltings", 70, 100.0, -2),
    ("Sampleton South", 3, 2.0, None),
    ("Sampleton Central", 5, 4.0, None),
]


def group_frame(rows: list[tuple], area: bool = False) -> pd.DataFrame:
    """A group representation table from (area, group, cases, case_share, population_share, tier) rows;
    ratio = case_share / population_share, expected = population_share × 1,000 cases."""
    frame = pd.DataFrame(rows, columns=["area", "group", "cases", "case_share", "population_share", "tier"])
    frame["ratio"] = frame["case_share"] / frame["population_share"]
    frame["expected"] = frame["population_share"] * 1000
    frame["lcl95"], frame["ucl95"] = frame["ratio"] * 0.9, frame["ratio"] * 1.1
    frame["tier_label"] = "(from the tier)"
    frame["excluded_cases"] = 0.0
    return frame if area else frame.drop(columns="area")


def groups(rows: list[tuple], title: str = "disability", area: bool = False, **columns) -> GroupResults:
    """A group table titled ``title``, its run recording ``title`` as what the groups are."""
    frame = group_frame(rows, area).assign(**columns)
    run = RunMetadata(GROUP_REPRESENTATION, "Case share of each group compared with its population share.",
                      multiple_testing="bh" if columns.get("q_value") else "none", subject=title)
    return group_results(frame, title, run)


DISABILITY = [("", "Yes", 290, 0.29, 0.18, 2), ("", "No", 710, 0.71, 0.82, -2)]

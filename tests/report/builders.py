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


def change_frame(rows: list[tuple], periods=("2023/24", "2024/25")) -> pd.DataFrame:
    """A change layer's attribute table from (name, observed_1, observed_2, ratio_1, ratio_2, change_tier, trend_tier)
    rows: ratio of ratios = ratio_2 / ratio_1 (NULL when ratio_1 is 0), 95% limits × 0.8 and × 1.25 (hand-made, not
    computed)."""
    frame = pd.DataFrame(rows, columns=["PCON24NM", "observed_1", "observed_2", "ratio_1", "ratio_2", "change_tier",
                                        "trend_tier"])
    frame["ratio_of_ratios"] = (frame["ratio_2"] / frame["ratio_1"]).where(frame["ratio_1"] > 0)
    frame["rr_lcl95"], frame["rr_ucl95"] = frame["ratio_of_ratios"] * 0.8, frame["ratio_of_ratios"] * 1.25
    frame["change_p"], frame["trend_z"], frame["change_flag"] = 0.01, 0.0, ""
    frame["period_1"], frame["period_2"] = periods
    for column in ("change_tier", "trend_tier"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def constituency_changes(rows: list[tuple], periods=("2021/22", "2022/23", "2023/24", "2024/25"),
                         title: str = "Constituencies: change from 2023/24 to 2024/25"):
    from phso_insight_plugin.report.change_results import change_results

    run = RunMetadata("phso_insight:representationchange", "Ratio of ratios; exact conditional binomial test.",
                      geography="PCON", periods=list(periods), compared=list(periods[-2:]))
    return change_results(change_frame(rows, tuple(periods[-2:])), title, "PCON24NM", CONSTITUENCIES, run)


def group_changes(rows: list[tuple], subject: str = "disability"):
    """A group change table from (group, observed_1, observed_2, ratio_1, ratio_2, change_tier, trend_tier) rows."""
    from phso_insight_plugin.report.change_results import GROUPS, change_results

    frame = change_frame(rows).rename(columns={"PCON24NM": "group"})
    run = RunMetadata(GROUP_REPRESENTATION, "Group shares per period; ratio of ratios.", subject=subject,
                      periods=["2021/22", "2022/23", "2023/24", "2024/25"], compared=["2023/24", "2024/25"])
    return change_results(frame, f"Groups by {subject}: change from 2023/24 to 2024/25", None, GROUPS, run)


#: Eight constituencies from 2023/24 to 2024/25: one significant rise (99.8%), one fall (95%), one too few to say;
#: trends: one rising, two falling.
EIGHT_CHANGES = [
    ("Easthaven", 143, 280, 0.96, 1.57, 2, 2),
    ("Brackenmoor", 300, 290, 1.30, 1.00, -1, -1),
    ("Westerleigh", 150, 170, 1.00, 0.95, 0, 0),
    ("Northfield Vale", 140, 160, 0.98, 0.97, 0, 0),
    ("Ashby and Fenwick", 150, 170, 1.01, 0.96, 0, 0),
    ("Sampleton Central", 160, 170, 1.05, 0.92, 0, -1),
    ("Sampleton South", 120, 130, 0.90, 0.84, 0, 0),
    ("Orchard Green", 3, 4, 0.50, 0.55, None, None),
]
DISABILITY_CHANGES = [("Yes", 434, 587, 2.15, 2.42, 0, 2), ("No", 768, 860, 0.77, 0.71, 0, -2)]

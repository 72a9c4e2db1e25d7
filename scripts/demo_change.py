"""The demo's change-over-time part (``make demo``): is the sample's outreach pilot found, and are disabled people's
cases catching up?

* Constituencies by financial year, age-standardised (``phso_insight:representationchange``): the change from
  2023/24 to 2024/25, the trend over four years, the change map; then before and after the pilot's start,
  2024-04-01 (periods split at a break date).
* Disability by financial year (``phso_insight:grouprepresentation`` with periods): the trend of the disabled
  group's share of cases against its population share.

Each step is one of the plugin's own algorithms; the lines printed are read back from their outputs and checked
against ``planted.json`` (the pilot's constituency and start date, the rising group).
"""
from __future__ import annotations

import json
from pathlib import Path

from scripts.demo import AGE_SUFFIXES, SAMPLE, run

POP_FIELDS = [f"pop_age_{s}" for s in AGE_SUFFIXES]
FINANCIAL_YEARS, BREAKS = 0, 3
DATA_DATE = "Synthetic sample, cases received April 2021 – March 2025"


def planted_change() -> dict:
    return json.loads((SAMPLE / "planted.json").read_text(encoding="utf-8"))["change_over_time"]


def constituency_change(cases: str, constituencies: str, out: Path, name: str, **periods) -> dict:
    """representationchange on the constituencies, age-standardised; the change layer and the by-period table."""
    return run("representationchange", {
        "CASES": cases, "CASE_AREA_FIELD": "pcon24cd", "DATE_FIELD": "received_date", "STRATUM_FIELD": "age_band",
        "AREAS": constituencies, "AREA_CODE_FIELD": "PCON24CD", "POPULATION_FIELDS": POP_FIELDS,
        "OUTPUT": str(out / f"{name}.gpkg"), "BY_PERIOD": str(out / f"{name}_by_period.csv"), **periods})


def area_line(result: dict, code: str, what: str) -> str:
    """ "  <what>: E14001903 Easthaven, 2023/24 → 2024/25: ratio of ratios 1.62 (95% 1.32–2.00), p = 1.9e-06 →
    Significantly increased (99.8%); trend: Significantly rising (99.8%)"."""
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(result["OUTPUT"], "change", "ogr")
    row = next(f for f in layer.getFeatures() if f["PCON24CD"] == code)
    line = (f"  {what}: {code} {row['PCON24NM']}, {row['period_1']} → {row['period_2']}: ratio of ratios "
            f"{row['ratio_of_ratios']:.2f} (95% {row['rr_lcl95']:.2f}–{row['rr_ucl95']:.2f}), p = {row['change_p']:.1e}"
            f" → {row['change_label']}")
    return line + (f"; trend: {row['trend_label']}" if row["trend_z"] is not None else "")


def group_change(cases: str, out: Path) -> dict:
    """grouprepresentation by disability with financial-year periods (the population prepared from TS038 by the
    demo's group step: ``population_disability.csv``)."""
    return run("grouprepresentation", {
        "CASES": cases, "GROUP_FIELD": "disability", "POPULATION": str(out / "population_disability.csv"),
        "POP_GROUP_FIELD": "group", "POP_COUNT_FIELD": "population",
        "MULTIPLE_TESTING": 1, "PERIODS": 1, "DATE_FIELD": "received_date",
        "OUTPUT": "TEMPORARY_OUTPUT", "CHANGE": str(out / "groups_disability_change.csv"),
        "BY_PERIOD": str(out / "groups_disability_by_period.csv")})


def group_line(result: dict, dimension: str, group: str) -> str:
    """ "  planted rising group: disability = Yes, share of cases 29%, 31%, 36%, 41% by year; trend z = 5.46 →
    Significantly rising (99.8%)"."""
    import pandas as pd

    by_period = pd.read_csv(result["BY_PERIOD"], dtype={"group": str})
    shares = by_period[by_period["group"] == group]["case_share"]
    row = pd.read_csv(result["CHANGE"], dtype={"group": str}).set_index("group").loc[group]
    listed = ", ".join(f"{share:.0%}" for share in shares)
    return (f"  planted rising group: {dimension} = {group}, share of cases {listed} by year; "
            f"trend z = {row['trend_z']:.2f} → {row['trend_label']}")


def change_over_time(cases: str, constituencies: str, out: Path) -> tuple[list[str], list[str]]:
    """Run the change analyses of the demo; the change layers for the report and the lines to print."""
    planted = planted_change()
    pilot = planted["pilot"]
    years = constituency_change(cases, constituencies, out, "constituency_change", PERIODS=FINANCIAL_YEARS)
    before_after = constituency_change(cases, constituencies, out, "constituency_change_pilot", PERIODS=BREAKS,
                                       BREAKS=pilot["start_date"])
    run("exportmap", {"INPUT": years["OUTPUT"], "TIER_FIELD": "change_tier", "DATA_DATE": DATA_DATE,
                      "OUTPUT_PNG": str(out / "constituency_change_map.png")})
    groups = group_change(cases, out)
    trend = planted["group_trend"]
    planted_pilot = f"planted pilot (×{pilot['rate_multiplier']:g} from {pilot['start_date']})"
    lines = ["\nChange over time (age-standardised; the planted pilot and rising group):",
             f"  constituencies per change tier, financial years: {years['TIER_COUNTS']}",
             area_line(years, pilot["code"], planted_pilot), area_line(before_after, pilot["code"], planted_pilot),
             group_line(groups, trend["dimension"], trend["group"])]
    return [years["OUTPUT"], groups["CHANGE"]], lines

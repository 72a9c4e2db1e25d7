"""The texts of the area briefings, from hand-made numbers: headline, figures, rank, groups, small areas, change,
file names — with counts made publication-safe."""
import numpy as np
import pandas as pd
import pytest

from phso_insight_plugin.report.briefing import (
    BriefingInputs,
    SmallAreas,
    briefing_table,
    disclosure_note,
    file_names,
    safe_name,
)
from phso_insight_plugin.report.briefing_text import change_sentence, ordinal
from phso_insight_plugin.report.results import area_results, group_results
from phso_insight_plugin.results.disclosure import NHS_DISCLOSURE
from phso_insight_plugin.results.geography import GEOGRAPHIES
from phso_insight_plugin.results.run_metadata import GROUP_REPRESENTATION, RunMetadata

CODES = ["E14001901", "E14001902", "E14001903", "E14001904"]
NAMES = ["Sampleton Central", "Northfield Vale", "Easthaven", "Marsh End"]


def areas(observed=(3, 1043, 80, 110), expected=(4.0, 767.0, 100.0, 100.0), tiers=(None, 2, -1, 0),
          benchmark="whole input"):
    frame = pd.DataFrame({"PCON24CD": CODES, "PCON24NM": NAMES, "observed": observed, "expected": expected,
                          "tier": list(tiers)})
    frame["tier"] = frame["tier"].astype(object).where(frame["tier"].notna(), None)
    frame["ratio"] = frame["observed"] / frame["expected"]
    frame["lcl95"], frame["ucl95"] = frame["ratio"] - 0.05, frame["ratio"] + 0.05
    run = RunMetadata("phso_insight:representation", "Crude expected counts from the study total.", geography="PCON",
                      code_field="PCON24CD", benchmark=benchmark,
                      benchmark_field="RGN22CD" if benchmark == "parent" else "")
    return area_results(frame, "constituencies", "PCON24NM", GEOGRAPHIES["PCON"], run)


def brief(**inputs):
    defaults = {"areas": areas(), "briefed": [0, 1, 2, 3], "disclosure": NHS_DISCLOSURE}
    return briefing_table(BriefingInputs(**{**defaults, **inputs}))


def test_the_headline_says_cases_times_expected_and_the_verdict_with_counts_rounded():
    pages = brief()
    assert pages["headline"][1] == ("Northfield Vale: 1,045 cases, 1.36 times what its population would suggest — "
                                    "significantly higher (99.8%).")
    assert pages["headline"][0] == ("Sampleton Central: fewer than 8 cases, 0.75 times what its population would "
                                    "suggest — too few cases to say whether it differs.")
    assert pages["headline"][3].endswith("1.10 times what its population would suggest — in line with its population.")


def test_without_disclosure_control_the_counts_are_exact():
    assert brief(disclosure=None)["headline"][1].startswith("Northfield Vale: 1,043 cases,")


def test_the_figures_give_cases_expected_ratio_tier_and_rank_among_all_areas():
    figures = brief(briefed=[1])["figures"][0].split("\n")
    assert figures == ["Cases: 1,045", "Expected from its population: 767.0",
                       "Ratio (95% interval): 1.36 (1.31 to 1.41)", "Tier: Significantly higher than expected (99.8%)",
                       "Ranks 1st of 4 constituencies by ratio (1st has the most cases for its population)."]
    assert brief(briefed=[0])["figures"][0].split("\n")[0] == "Cases: <8"


def test_the_rank_counts_every_area_even_when_only_one_is_briefed():
    assert "Ranks 3rd of 4 constituencies" in brief(briefed=[2])["figures"][0]
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 102, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "102nd", "111th"]


def test_the_other_benchmark_is_stated_beside_the_first():
    within = areas(expected=(4.5, 1000.0, 90.0, 80.0), tiers=(None, 0, 0, 1), benchmark="parent")
    figures = brief(briefed=[1], other=within)["figures"][0].split("\n")
    assert figures[-1] == ("Within its region: 1.04 times what its region's rates would suggest — in line with its "
                           "region.")
    figures = brief(areas=within, briefed=[3], other=areas())["figures"][0].split("\n")
    assert figures[1] == "Expected at its region's rates: 80.0"
    assert figures[-1] == ("Against the whole input: 1.10 times what its population would suggest — in line with its "
                           "population.")


def group_table(rows):
    frame = pd.DataFrame(rows, columns=["area", "group", "cases", "case_share", "population_share", "tier"])
    frame["ratio"] = frame["case_share"] / frame["population_share"]
    frame["expected"] = frame["cases"] / frame["ratio"]
    frame["lcl95"], frame["ucl95"] = frame["ratio"] * 0.9, frame["ratio"] * 1.1
    frame["tier_label"], frame["excluded_cases"] = "", 0.0
    return group_results(frame, "disability", RunMetadata(GROUP_REPRESENTATION, "m", subject="disability"))


DISABILITY = group_table([
    ("E14001902", "Yes", 430, 0.41, 0.19, 2), ("E14001902", "No", 615, 0.59, 0.81, -2),
    ("E14001903", "Yes", 20, 0.25, 0.20, 0), ("E14001903", "No", 60, 0.75, 0.80, 0)])


def test_groups_that_differ_within_the_area_are_listed_most_over_represented_first():
    pages = brief(groups=[DISABILITY])
    assert pages["groups"][1].split("\n") == [
        "• Disability “Yes”: 41% of cases but 19% of residents, 2.16 times the expected number — significantly higher "
        "than expected (99.8%).",
        "• Disability “No”: 59% of cases but only 81% of residents, 0.73 times the expected number — significantly "
        "lower than expected (99.8%)."]
    assert pages["groups"][2] == "No group differs significantly from its share of the population in this constituency."
    assert brief()["groups"][1] == ""


def test_long_lists_stop_after_the_line_limit():
    many = group_table([("E14001902", f"G{i}", 10, 0.1, 0.05, 2) for i in range(9)])
    lines = brief(groups=[many], max_lines=6)["groups"][1].split("\n")
    assert len(lines) == 7 and lines[-1] == "… and 3 more groups in the group tables."


def lsoa_results(tiers, benchmark="whole input"):
    frame = pd.DataFrame({"LSOA21CD": ["E01900003", "E01900010", "E01900011"],
                          "LSOA21NM": ["Brackenmoor 001C", "Brackenmoor 002D", "Brackenmoor 002E"],
                          "observed": [36, 11, 20], "expected": [19.6, 16.1, 20.0], "tier": tiers})
    frame["ratio"] = frame["observed"] / frame["expected"]
    frame["lcl95"] = frame["ucl95"] = frame["ratio"]
    run = RunMetadata("phso_insight:representation", "m", geography="LSOA", code_field="LSOA21CD",
                      benchmark=benchmark, benchmark_field="ICB23CD" if benchmark == "parent" else "")
    return area_results(frame, "lsoa", "LSOA21NM", GEOGRAPHIES["LSOA"], run)


def test_small_areas_that_differ_against_either_benchmark_are_gathered_by_verdict():
    small = SmallAreas(lsoa_results([2, 0, 2]), np.array([0, 1, 2]), np.array([1, 1, 1]),
                       lsoa_results([0, -1, 0], "parent"))
    assert brief(small_areas=small)["small_areas"][1].split("\n") == [
        "• Significantly higher than expected (99.8%); in line with its ICB: Brackenmoor 001C, Brackenmoor 002E.",
        "• In line with population; lower than its ICB (95%): Brackenmoor 002D."]


def test_a_long_verdict_list_names_the_first_few():
    small = SmallAreas(lsoa_results([1, 1, 1]), np.array([0, 1, 2]), np.array([1, 1, 1]))
    assert brief(small_areas=small, max_names=2)["small_areas"][1] == (
        "• Higher than expected (95%): Brackenmoor 001C, Brackenmoor 002D and 1 more.")


def test_the_list_of_verdicts_stops_after_the_line_limit():
    small = SmallAreas(lsoa_results([2, 1, -1]), np.array([0, 1, 2]), np.array([1, 1, 1]))
    assert brief(small_areas=small, max_lines=2)["small_areas"][1].split("\n")[-1] == (
        "… and 1 more verdict, 1 small area (LSOA).")


def test_an_area_whose_small_areas_are_all_in_line_says_so():
    small = SmallAreas(lsoa_results([0, 0, None]), np.array([0, 1, 2, 0]), np.array([2, 2, 2, 1]))
    assert brief(small_areas=small)["small_areas"][2] == "None of its 3 small areas (LSOAs) differs significantly."


def test_a_small_area_cut_by_a_boundary_is_listed_in_both_areas():
    small = SmallAreas(lsoa_results([2, 0, 0]), np.array([0, 0]), np.array([1, 2]))
    pages = brief(small_areas=small)
    assert pages["small_areas"][1] == pages["small_areas"][2] == (
        "• Significantly higher than expected (99.8%): Brackenmoor 001C.")


def test_the_change_since_the_previous_period_is_one_sentence_with_counts_rounded():
    row = pd.Series({"observed_1": 143, "observed_2": 283, "ratio_1": 0.96, "ratio_2": 1.58, "ratio_of_ratios": 1.64,
                     "rr_lcl95": 1.32, "rr_ucl95": 2.05, "change_tier": 2, "change_label": None})
    assert change_sentence(row, ("FY2023/24", "FY2024/25"), NHS_DISCLOSURE) == (
        "From FY2023/24 to FY2024/25: 145 → 285 cases; the ratio went from 0.96 to 1.58; 1.64 times its earlier level "
        "(95% interval 1.32 to 2.05) — significantly increased (99.8%).")
    change = pd.DataFrame({"code": ["E14001903"], "observed_1": [3], "observed_2": [9], "change_tier": [None],
                           "change_label": ["Too few to say"]})
    pages = brief(change=change, periods=("2023", "2024"))
    assert pages["change"][2] == "From 2023 to 2024: <8 → 10 cases — too few to say."
    assert pages["change"][1] == ""


@pytest.mark.parametrize(("name", "safe"), [
    ("Northfield Vale", "Northfield_Vale"), ("Ynys Môn", "Ynys_Mon"),
    ("Cities of London & Westminster", "Cities_of_London_Westminster"), ("St Albans/../etc", "St_Albans_etc"),
    ("   ", "area")])
def test_file_names_are_code_and_a_safe_form_of_the_name(name, safe):
    assert safe_name(name) == safe


def test_repeated_file_names_are_numbered():
    assert file_names(["E1", "e1", "E2"], ["A b", "a B", "C"]) == ["E1_A_b.pdf", "e1_a_B_2.pdf", "E2_C.pdf"]
    assert brief()["file"].tolist() == ["E14001901_Sampleton_Central.pdf", "E14001902_Northfield_Vale.pdf",
                                        "E14001903_Easthaven.pdf", "E14001904_Marsh_End.pdf"]


def test_the_disclosure_note_states_the_rule():
    assert disclosure_note(NHS_DISCLOSURE).startswith("Publication-safe: counts of 1 to 7 are shown as “<8”")
    assert disclosure_note(None).startswith("Not publication-safe")

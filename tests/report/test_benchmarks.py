"""The report with both benchmarks: the same small areas against the whole input and within their ICB."""
from dataclasses import replace

import pandas as pd

from phso_insight_plugin.report.benchmarks import benchmark_pairs, pair_sentence, pair_table
from phso_insight_plugin.report.document import ReportSettings, build_report
from phso_insight_plugin.report.headlines import area_headlines
from phso_insight_plugin.report.results import area_results
from phso_insight_plugin.results.geography import GEOGRAPHIES
from phso_insight_plugin.results.run_metadata import RunMetadata
from tests.report.html_reading import table_rows, visible_text

LSOAS = GEOGRAPHIES["LSOA"]
CODES = ["E01900003", "E01900010", "E01900200", "E01900201"]
NAMES = ["Brackenmoor 001C", "Brackenmoor 002D", "Sampleton 010A", "Sampleton 010B"]


def lsoas(observed, expected, tiers, benchmark="whole input"):
    frame = pd.DataFrame({"LSOA21CD": CODES, "LSOA21NM": NAMES, "ICB23CD": ["E54000901"] * 2 + ["E54000903"] * 2,
                          "observed": observed, "expected": expected, "tier": tiers})
    frame["ratio"] = frame["observed"] / frame["expected"]
    frame["lcl95"], frame["ucl95"] = frame["ratio"] * 0.8, frame["ratio"] * 1.2
    run = RunMetadata("phso_insight:representation", "method", geography="LSOA", code_field="LSOA21CD",
                      benchmark=benchmark, benchmark_field="ICB23CD" if benchmark == "parent" else "")
    return area_results(frame, "lsoa", "LSOA21NM", LSOAS, run)


WHOLE = lsoas([36, 11, 20, 1043], [19.6, 16.1, 20.0, 1000.0], [2, 0, 0, 0])
WITHIN = lsoas([36, 11, 20, 1043], [27.2, 22.2, 21.0, 1001.0], [0, -1, 0, 0], benchmark="parent")


def test_layers_of_one_geography_with_different_benchmarks_are_paired():
    pairs = benchmark_pairs([WITHIN, WHOLE])
    assert [(p.whole, p.parent) for p in pairs] == [(WHOLE, WITHIN)]
    assert pairs[0].title == "Small areas (LSOAs): against the whole input and within their ICB"
    assert (WHOLE.heading, WITHIN.heading) == ("Small areas (LSOAs)", "Small areas (LSOAs) within their ICB")


def test_the_sentence_names_the_areas_that_change_verdict_and_how():
    assert pair_sentence(benchmark_pairs([WHOLE, WITHIN])[0]) == (
        "Compared with their own ICB rather than the whole input, 2 of 4 small areas (LSOAs) change verdict: "
        "Brackenmoor 001C goes from significantly higher than expected (99.8%) to in line with its ICB; "
        "Brackenmoor 002D goes from in line with population to lower than its ICB (95%).")


def test_the_table_lists_both_ratios_and_tiers_with_counts_made_publication_safe():
    table = pair_table(benchmark_pairs([WHOLE, WITHIN])[0], publication_safe=True)
    assert table.headers[-2:] == ["Ratio within its ICB", "Tier within its ICB"]
    assert table.rows == [
        ["Brackenmoor 001C", "35", "1.84", "Significantly higher than expected (99.8%)", "1.32",
         "In line with its ICB"],
        ["Brackenmoor 002D", "10", "0.68", "In line with population", "0.50", "Lower than its ICB (95%)"]]


def test_headlines_of_a_parent_benchmarked_layer_speak_of_the_parent():
    sentences = area_headlines(WITHIN, publication_safe=True)
    assert ("Of 4 small areas (LSOAs), 1 has significantly fewer cases than the rates of its ICB would suggest: "
            "Brackenmoor 002D, with 0.50 times the expected number.") in sentences
    assert "The other 3 are in line with their ICB." in sentences


def test_the_report_shows_both_benchmarks_in_headlines_and_a_section_of_its_own():
    areas = [replace(r, title=r.heading) for r in (WHOLE, WITHIN)]
    html = build_report(areas, [], ReportSettings()).html
    text = visible_text(html)
    assert "Small areas (LSOAs): against the whole input and within their ICB" in text
    assert "Brackenmoor 002D goes from in line with population to lower than its ICB (95%)" in text
    assert ["Brackenmoor 002D", "10", "0.68", "In line with population", "0.50", "Lower than its ICB (95%)"] \
        in table_rows(html)
    assert "compared with the rates of its own ICB (field ICB23CD) rather than with the whole input" in text


def test_without_a_second_benchmark_there_is_no_pair():
    assert benchmark_pairs([WHOLE]) == [] and benchmark_pairs([WITHIN]) == []

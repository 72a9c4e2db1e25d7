"""insightreport with change layers: "What changed" on the sample finds the pilot constituency and the rising group,
in sentences that say what moved and never why."""
from __future__ import annotations

import pytest

from tests.report.html_reading import table_rows, visible_text
from tests.report.test_document import CAUSAL


@pytest.fixture(scope="module")
def change_report(financial_years, with_periods, tmp_path_factory) -> tuple[dict, str]:
    from qgis import processing

    html = tmp_path_factory.mktemp("change_report") / "report.html"
    result = processing.run("phso_insight:insightreport", {
        "CHANGE_LAYERS": [financial_years["OUTPUT"], with_periods["CHANGE"]], "INCLUDE_MAP": False,
        "OUTPUT_HTML": str(html)})
    return dict(result), html.read_text(encoding="utf-8")


def test_the_headlines_name_the_pilot_s_significant_rise(change_report):
    result, _ = change_report
    lines = result["HEADLINES"].splitlines()
    assert lines[0] == ("From 2023/24 to 2024/25, cases rose significantly against population in 1 of 8 "
                        "constituencies (at the stricter 99.8% level) and fell significantly in none.")
    assert lines[1].startswith("Easthaven: 145 cases in 2023/24 and 280 in 2024/25; its ratio to the expected number "
                               "went from 0.96 to 1.57, 1.63 times the earlier ratio (95% interval 1.33 to 2.01)")


def test_the_headlines_say_the_disabled_group_s_trend_is_rising(change_report):
    result, _ = change_report
    assert ("Over the 4 periods from 2021/22 to 2024/25, the trend (disability) is significantly rising in 1 group "
            "(“Yes”) and significantly falling in 1 group (“No”).") in result["HEADLINES"].splitlines()


def test_the_ranked_table_lists_only_the_pilot_and_no_sentence_claims_a_cause(change_report):
    _, html = change_report
    ranked = [row for row in table_rows(html) if row and row[0] == "Easthaven"]
    assert ranked == [["Easthaven", "145", "280", "0.96", "1.57", "1.63 (1.33 to 2.01)",
                       "Significantly increased (99.8%)", "Significantly rising (99.8%)"]]
    assert [m.group(0) for m in CAUSAL.finditer(visible_text(html))] == []

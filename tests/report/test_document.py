"""The HTML report: self-contained, publication-safe by default, explains itself, and never claims a cause."""
import base64
import re
from dataclasses import replace

import pytest

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.report.document import (
    MapImage,
    ReportSettings,
    area_funnel_png,
    build_report,
)
from tests.report.builders import (
    DISABILITY,
    DISABILITY_CHANGES,
    EIGHT,
    EIGHT_CHANGES,
    constituencies,
    constituency_changes,
    group_changes,
    groups,
)
from tests.report.html_reading import table_rows, visible_text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SMALL_AND_TWELVE = EIGHT[:6] + [("Tiny Marsh", 3, 0.4, 2), ("Twelve Oaks", 12, 5.0, 1)]


def report(areas=(), group_tables=(), tier_map=None, changes=(), **settings):
    return build_report(list(areas), list(group_tables), ReportSettings(**settings), tier_map, list(changes))


def row_of(html: str, name: str) -> list[str]:
    return next(row for row in table_rows(html) if row and row[0] == name)


def test_count_of_three_is_never_shown_and_twelve_is_shown_as_ten():
    html = report([constituencies(SMALL_AND_TWELVE)]).html
    assert row_of(html, "Tiny Marsh")[1] == "<8"
    assert row_of(html, "Twelve Oaks")[1] == "10"
    assert not any(cell == "3" or cell == "12" for row in table_rows(html) for cell in row)
    assert not re.search(r"\b(3|12) cases?\b", visible_text(html))


def test_without_publication_safe_mode_counts_are_exact_and_the_report_says_do_not_publish():
    html = report([constituencies(SMALL_AND_TWELVE)], publication_safe=False).html
    assert (row_of(html, "Tiny Marsh")[1], row_of(html, "Twelve Oaks")[1]) == ("3", "12")
    assert "Not publication-safe: counts are shown unrounded" in visible_text(html)


def test_the_publication_safe_mode_is_stated_at_the_top():
    text = visible_text(report([constituencies(EIGHT)], title="Summary").html)
    assert text.index("Publication-safe: counts of 1 to 7 are shown as “<8”") < text.index("Headline findings")


def test_html_refers_to_no_file_or_web_address_and_images_are_data_uris():
    tier_map = MapImage(PNG_SIGNATURE + b"map", "The map.")
    html = report([constituencies(EIGHT)], [groups(DISABILITY)], tier_map=tier_map,
                  data_sources="Source: Office for National Statistics").html
    sources = re.findall(r"""\b(?:src|href)\s*=\s*["']([^"']*)""", html, flags=re.IGNORECASE)
    assert len(sources) == 2 and all(s.startswith("data:image/png;base64,") for s in sources)
    assert not re.search(r"https?://|<script|<link|@import|url\(", html, flags=re.IGNORECASE)


def test_the_tier_map_is_embedded_as_given():
    tier_map = MapImage(PNG_SIGNATURE + b"map", "Constituencies coloured by tier.")
    html = report([constituencies(EIGHT)], tier_map=tier_map).html
    assert "data:image/png;base64," + base64.b64encode(tier_map.png).decode() in html
    assert "Constituencies coloured by tier." in visible_text(html)


def test_funnel_plot_is_a_png():
    assert area_funnel_png(constituencies(EIGHT), "PuOr").startswith(PNG_SIGNATURE)


def test_headlines_come_first_and_are_returned_per_layer():
    built = report([constituencies(EIGHT, title="PCON")], [groups(DISABILITY)])
    assert list(built.headlines) == ["PCON", "disability"]
    text = visible_text(built.html)
    assert text.index(built.headlines["PCON"][1]) < text.index("Funnel plot")


def test_too_few_to_say_and_every_tier_are_explained():
    text = visible_text(report([constituencies(EIGHT)]).html)
    assert "What “too few to say” means" in text and "the data cannot tell either way" in text
    for label in ("Significantly higher than expected (99.8%)", "In line with population", "Too few to say"):
        assert label in text


def test_multiple_testing_caveat_counts_the_expected_false_alarms_without_fdr():
    text = visible_text(report([constituencies(EIGHT * 25, title="PCON")]).html)
    assert ("PCON: no adjustment for multiple testing. With 200 constituencies each tested at the 95% level, about "
            "10 could be flagged by chance alone") in text


def test_benjamini_hochberg_is_described_when_q_values_are_filled():
    text = visible_text(report([constituencies(EIGHT, title="PCON", q_value=0.01)]).html)
    assert "PCON: tiers use Benjamini–Hochberg false discovery rate control across the 8 constituencies." in text


def test_methods_cover_small_numbers_boundaries_and_data_sources():
    text = visible_text(report([constituencies(EIGHT)], data_sources="ONS mid-2022 estimates\nPHSO case data",
                               data_date="March 2024").html)
    for words in ("Small numbers.", "Boundaries.", "exact Poisson", "Byar's", "ONS mid-2022 estimates",
                  "PHSO case data", "Date of the data: March 2024."):
        assert words in text


@pytest.mark.parametrize("safe, quoted", [
    (True, "Case shares; Poisson limits."),
    (False, "Case shares; 4 cases with labels not in the population table not compared; Poisson limits."),
])
def test_the_recorded_method_is_quoted_without_exact_case_counts_when_publication_safe(safe, quoted):
    table = groups(DISABILITY)
    run = replace(table.run, method="Case shares; 4 cases with labels not in the population table not compared; "
                                    "Poisson limits.", published_method="Case shares; Poisson limits.")
    text = visible_text(report(group_tables=[replace(table, run=run)], publication_safe=safe).html)
    assert f"disability, as recorded with the table: {quoted}" in text


def test_a_report_needs_at_least_one_layer():
    with pytest.raises(InputError, match="at least one representation layer .*, group representation table or change"):
        report()


CAUSAL = re.compile(
    r"\b(because|due to|caus\w*|lead(s|ing)? to|led to|result(s|ed|ing)? in|as a result|driven by|drives?|"
    r"owing to|attributable|explain(s|ed by)|thanks to|responsible for|consequen\w*|effect of|impact of|"
    r"therefore|hence|reason for)\b", re.IGNORECASE)


@pytest.mark.parametrize("safe", [True, False])
def test_no_generated_sentence_claims_a_cause(safe):
    areas = [constituencies(EIGHT, title="PCON"), constituencies(EIGHT[:2], title="two", q_value=0.01),
             constituencies([("Sampleton", 0, 18.6, -2), ("Westerleigh", 100.4, 100.0, 0)], title="zero")]
    group_tables = [
        groups(DISABILITY),
        groups([("E54000901", "65_plus", 120, 0.30, 0.20, 1), ("E54000901", "16_24", 280, 0.70, 0.80, -1)],
               title="age", area=True, excluded_cases=15.0, crude_ratio=[1.5, 0.875], q_value=0.001),
        groups([("", "Mixed", 0, 0.0, 0.05, -2), ("", "White", 1000, 1.0, 0.95, 0)], title="ethnicity"),
    ]
    changes = [constituency_changes(EIGHT_CHANGES), group_changes(DISABILITY_CHANGES),
               constituency_changes([("Orchard Green", 0, 12, 0.0, 1.2, 2, None)], periods=("before", "after"),
                                    title="zero before")]
    html = report(areas, group_tables, tier_map=MapImage(PNG_SIGNATURE, "Map."), changes=changes,
                  publication_safe=safe).html
    text = visible_text(html)
    assert [match.group(0) for match in CAUSAL.finditer(text)] == []
    assert "more cases than its population would suggest" in text
    assert "cases rose significantly against population in 1 of 8 constituencies" in text


def test_what_changed_ranks_the_significant_changes_after_the_headlines():
    html = report(changes=[constituency_changes(EIGHT_CHANGES), group_changes(DISABILITY_CHANGES)]).html
    text = visible_text(html)
    assert text.index("Headline findings") < text.index("What changed") < text.index("What the change tiers mean")
    assert row_of(html, "Easthaven")[:3] == ["Easthaven", "145", "280"]
    assert row_of(html, "Yes")[6:] == ["No clear change", "Significantly rising (99.8%)"]
    empty = report(changes=[group_changes([("Yes", 434, 440, 2.15, 2.16, 0, 0)])]).html
    assert "No groups changed significantly from 2023/24 to 2024/25, and none has a significant trend." in \
        visible_text(empty)
    assert "Constituencies: change from 2023/24 to 2024/25, as recorded with the layer: Ratio of ratios" in text


def test_a_report_of_change_layers_alone_has_no_area_sections():
    html = report(changes=[constituency_changes(EIGHT_CHANGES)]).html
    assert "Funnel plot" not in visible_text(html) and "What changed" in visible_text(html)

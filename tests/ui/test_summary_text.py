"""The summary tab's text."""
from phso_insight_plugin.ui.summary_text import summary_html


def test_summary_gives_areas_per_tier_cases_people_and_method():
    html = summary_html([2, 0, 0, None], [40.0, 20.0, 18.0, None], 3100.0, "Crude expected counts.")
    assert "Significantly higher than expected (99.8%)</td><td align='right'>1<" in html
    assert "In line with population</td><td align='right'>2<" in html
    assert "Too few to say</td><td align='right'>1<" in html
    assert "78 cases in 4 areas; 3,100 people." in html
    assert "Crude expected counts." in html


def test_summary_without_populations_does_not_mention_people():
    assert "people" not in summary_html([0], [5.0], None, "")

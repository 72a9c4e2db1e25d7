"""The insight summary report for leadership, and the funnel figure it shares with the dock (pure Python:
pandas, numpy, matplotlib; no QGIS imports).

``naming`` finds the field naming each area; ``results`` validates representation outputs (areas) and
group tables, with their run metadata, into :class:`AreaResults` and :class:`GroupResults`;
``headlines`` writes the plain-English findings from the numbers; ``tables`` ranks the significant
rows; ``funnel_figure`` draws the funnel plot (report PNG and dock canvas alike); ``methods`` explains
tiers, methods and caveats; ``markup`` holds the HTML helpers; ``document`` assembles the page. Numbers,
tiers, disclosure and geography names come from :mod:`phso_insight_plugin.results`. No generated
sentence claims a cause.
"""

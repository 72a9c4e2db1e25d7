"""The insight summary report for leadership (pure Python: pandas, numpy, matplotlib; no QGIS imports).

``numbers`` prints counts (disclosure-controlled in publication-safe mode), ratios and shares;
``naming`` finds the field naming each area and the noun for the areas ("constituencies");
``results`` validates representation outputs (areas) and group tables into :class:`AreaResults`
and :class:`GroupResults`; ``headlines`` writes the plain-English findings from the numbers;
``tables`` ranks the significant rows; ``funnel_plot`` draws the funnel plot; ``methods`` explains
tiers, methods and caveats; ``html`` holds the markup helpers; ``document`` assembles the page.
No generated sentence claims a cause.
"""

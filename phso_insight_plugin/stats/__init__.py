"""Population-level statistics (pure numpy/pandas/scipy, no QGIS imports).

intervals (Poisson exact/Byar's, Wilson), expected (crude and indirect
standardisation), significance (exact Poisson p, Benjamini-Hochberg, z-scores),
overdispersion (Spiegelhalter 2005), tiers, funnel (control limits) and
representation (the orchestrator). Results are written in the vocabulary of
:mod:`phso_insight_plugin.results` (columns, tier labels, summaries).
"""

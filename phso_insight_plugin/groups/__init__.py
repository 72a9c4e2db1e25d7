"""Representation of population groups among cases (pure pandas/numpy, no QGIS imports).

``labels`` reads group labels, missing values and label mappings; ``population``
builds population tables by area, stratum and group from long or wide tables;
``case_groups`` classifies each case (compared, or excluded and why);
``area_attribute`` takes a case's group from an attribute of its area (IMD decile
of its LSOA); ``representation`` compares case shares with population shares
through :func:`phso_insight_plugin.stats.representation.representation`.
"""

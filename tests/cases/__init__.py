"""Tests of the QGIS-free case preparation core (phso_insight_plugin.cases)."""

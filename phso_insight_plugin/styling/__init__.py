"""Tier map styling (QGIS-dependent, no Processing): palettes, renderer, labels, style files, print layouts."""

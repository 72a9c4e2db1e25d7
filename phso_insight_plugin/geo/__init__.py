"""Geometry engine for joining and apportioning (pure shapely 2/numpy, no QGIS imports)."""

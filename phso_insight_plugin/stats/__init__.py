"""Population-level statistics (pure numpy/pandas/scipy, no QGIS imports)."""

"""Case-data preparation: postcodes, area codes, counting (pure pandas, no QGIS imports)."""

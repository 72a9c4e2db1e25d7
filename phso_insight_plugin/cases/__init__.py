"""Case-data preparation: postcodes, area codes, counting (pure pandas/numpy, no QGIS imports).

``postcodes`` cleans postcodes and makes their join keys; ``assign`` puts case rows in areas by
postcode, area code or point location; ``counts`` counts cases per area and group; ``reasons``
says why a row is unmatched; ``vintage`` guesses why area codes did not match; ``field_names``
names the count fields. Only point location needs shapely, imported when it runs; the modules
import each other without cycles (both checked by ``tests/cases/test_imports.py``).
"""

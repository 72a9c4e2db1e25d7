"""Deprivation indices onto areas (pure pandas/numpy, no QGIS imports).

``file7`` recognises the MHCLG English Indices of Deprivation File 7 of IoD2025 (LSOA 2021) and IoD2019
(LSOA 2011) by its published headers; ``lsoa_change`` carries 2011-based values onto 2021 LSOAs through
the ONS LSOA (2011) to LSOA (2021) lookup; ``prepare`` puts the values on an area layer's LSOAs and
accounts for every LSOA missing on either side.
"""

"""Census 2021 tables as published (nomis bulk CSVs, ONS "Create a custom dataset" downloads) turned into the
population the analyses read: a long table (area, dimension, group, population) and one field per group
(pure pandas; no QGIS)."""
from .layouts import CensusTable, CrossTable, read_census_table
from .prepare import PreparedPopulation, prepare_population

__all__ = ["CensusTable", "CrossTable", "PreparedPopulation", "prepare_population", "read_census_table"]

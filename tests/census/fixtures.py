"""The census fixtures of ``tests/data/census`` read as a file's columns arrive from QGIS: text, as OGR reads CSV."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

CENSUS = Path(__file__).resolve().parents[1] / "data" / "census"
AGE6_LONDON = CENSUS / "custom_age6_lsoa_london.csv"
TS038_LONDON = CENSUS / "census2021-ts038-lsoa_london.csv"
TS007_HARTLEPOOL = CENSUS / "census2021-ts007-msoa_hartlepool_001.csv"


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def nomis(variable: str, columns: dict[str, list], codes=("E01000001", "E01000002")) -> pd.DataFrame:
    """A nomis bulk table of two areas: ``columns`` maps category (after ``<variable>: ``) → counts."""
    return pd.DataFrame({"date": ["2021"] * len(codes), "geography": [f"Area {c}" for c in codes],
                         "geography code": list(codes), **{f"{variable}: {k}": v for k, v in columns.items()}})

SAMPLE = Path(__file__).resolve().parents[2] / "phso_insight_plugin" / "resources" / "sample"
#: ONS custom dataset crossing Age (6 categories) and Ethnic group (6 categories), the sample's 300 LSOAs.
AGE_ETHNIC_SAMPLE = SAMPLE / "custom-lsoa-age6-ethnic6.csv"
#: nomis TS009 layout (sex by single year of age) of the sample's first 12 LSOAs (``sample_cross.py``).
TS009_SAMPLE = CENSUS / "census2021-ts009-lsoa_sample.csv"
#: {case-folded Ethnic group (6 categories) label: the sample's group}.
ETHNIC_GROUPS = {"asian, asian british or asian welsh": "Asian",
                 "black, black british, black welsh, caribbean or african": "Black",
                 "mixed or multiple ethnic groups": "Mixed", "white": "White", "other ethnic group": "Other"}

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

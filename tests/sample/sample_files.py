"""Reading the shipped sample (phso_insight_plugin/resources/sample) with pandas only, as an analyst would."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "phso_insight_plugin" / "resources" / "sample"
GPKG = SAMPLE / "sample.gpkg"


def read_csv(name: str) -> pd.DataFrame:
    """A CSV of the sample folder as text, blanks as empty strings (the folder README's advice)."""
    return pd.read_csv(SAMPLE / name, dtype=str, keep_default_na=False, encoding="utf-8")


def read_planted() -> dict:
    return json.loads((SAMPLE / "planted.json").read_text(encoding="utf-8"))


def located(cases: pd.DataFrame, postcodes: pd.DataFrame, column: str) -> pd.Series:
    """``column`` of the lookup row matching each case's postcode (upper case, spaces removed); NaN if none."""
    key = cases["postcode"].str.upper().str.replace(" ", "", regex=False)
    return key.map(dict(zip(postcodes["pcds"].str.replace(" ", "", regex=False), postcodes[column])))


def financial_year(received: pd.Series) -> np.ndarray:
    """Financial-year index of ISO dates, 0 = FY2021/22 (April–March)."""
    dates = pd.to_datetime(received, format="%Y-%m-%d")
    return (dates.dt.year - (dates.dt.month < 4) - 2021).to_numpy()

"""A typed postcode → the spellings to look up in a postcode table (pure pandas; no QGIS)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..cases.postcodes import normalise_postcodes


@dataclass(frozen=True)
class PostcodeQuery:
    """Outcome of reading what the user typed.

    ``status`` is "ok", "blank" or "malformed" (as :func:`normalise_postcodes`); for "ok",
    ``pcds`` is the display form and ``spellings`` every published form of it (pcds "N1 9GU",
    pcd7 "N1  9GU", pcd8 "N1   9GU", no spaces "N19GU"), so the lookup can match exactly.
    """

    status: str
    pcds: str = ""
    spellings: tuple[str, ...] = ()


def read_postcode(text: str) -> PostcodeQuery:
    """Normalise one typed postcode."""
    row = normalise_postcodes(pd.Series([text])).iloc[0]
    if row["status"] != "ok":
        return PostcodeQuery(str(row["status"]))
    pcds = str(row["pcds"])
    outward, inward = pcds.split(" ")
    spellings = (pcds, str(row["pcd7"]), outward.ljust(5) + inward, outward + inward)
    return PostcodeQuery("ok", pcds, tuple(dict.fromkeys(spellings)))

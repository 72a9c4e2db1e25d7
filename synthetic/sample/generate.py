"""Generate the sample region into a folder: ``sample.gpkg``, four CSV tables, three census tables as published
(two in the nomis layout, one ONS custom dataset: :mod:`.census_tables`), the deprivation file as MHCLG publishes
it (:mod:`.iod_file7`), ``planted.json``, ``README.md``.

Deterministic for a given seed and GEOS version: every random draw comes from one of the named streams
(config.STREAMS), no timestamps are written and files are rewritten from scratch.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..streams import named_streams
from ..writers import Layer, write_csv, write_gpkg
from .cases import case_model, draw_cases
from .census_tables import write_census_tables
from .change_summary import change_over_time
from .config import AGE_FIELDS, DEFAULT_SEED, DIS_FIELDS, ETH_FIELDS, SEX_FIELDS, STREAMS
from .constituencies import make_constituencies
from .iod_file7 import write_file7
from .messy import make_messy
from .planting import choose_planted
from .population import breakdown_columns, make_imd, make_population, population_by_age, population_long
from .postcodes import make_postcodes
from .readme import render_readme
from .region import make_icbs, make_lsoas, make_outline
from .regional import choose_regional, move_cases
from .regional_summary import regional_benchmark
from .summary import build_planted
from .timeline import choose_pilot, redate

POSTCODE_COLUMNS = ["pcd7", "pcds", "lsoa21cd", "pcon24cd", "icb23cd", "x", "y", "doterm"]
CASE_COLUMNS = ["case_id", "postcode", "age_band", "sex", "ethnicity", "disability", "case_type", "received_date"]
LSOA_FIELDS = ([("LSOA21CD", "str"), ("LSOA21NM", "str"), ("ICB23CD", "str"), ("imd_decile", "int"),
                ("pop_total", "int")] + [(f, "int") for f in AGE_FIELDS + SEX_FIELDS + ETH_FIELDS + DIS_FIELDS])
REGION_NAME = "Sampleton sample region (fictional)"


@dataclass(frozen=True)
class Sample:
    """Everything generated: the region outline, the area tables (with ``geometry``), the population
    array (LSOAs × STRATA_SHAPE), the postcode lookup, the cases and the planted.json content."""

    outline: object
    lsoa: pd.DataFrame
    pcon: pd.DataFrame
    icb: pd.DataFrame
    counts: np.ndarray
    postcodes: pd.DataFrame
    cases: pd.DataFrame
    planted: dict


def build(seed: int = DEFAULT_SEED, log: Callable[[str], None] = lambda _: None) -> Sample:
    """Generate the sample region in memory."""
    streams = named_streams(seed, STREAMS)
    outline = make_outline(streams["outline"])
    lsoas = make_lsoas(outline, streams)
    log(f"lsoa tessellation: {len(lsoas.polys)} polygons")
    imd = make_imd(lsoas.cent, streams["imd"])
    counts = make_population(lsoas.cent, imd, streams["population"])
    lsoa = pd.DataFrame({"LSOA21CD": lsoas.codes, "LSOA21NM": lsoas.names, "ICB23CD": lsoas.icb,
                         "imd_decile": imd, "pop_total": counts.reshape(len(lsoas.codes), -1).sum(1),
                         **breakdown_columns(counts), "geometry": list(lsoas.polys)})
    icb = make_icbs(lsoas)
    pcon = make_constituencies(outline, lsoas, lsoa["pop_total"].to_numpy().astype(float), streams)
    postcodes = make_postcodes(lsoa, pcon, streams["postcodes"])
    log(f"postcodes: {len(postcodes)}")
    cases, planted = plant_cases(seed, lsoa, counts, icb, pcon, postcodes, streams)
    log(f"cases: {len(cases)}")
    return Sample(outline, lsoa, pcon, icb, counts, postcodes, cases, planted)


def plant_cases(seed: int, lsoa: pd.DataFrame, counts: np.ndarray, icb: pd.DataFrame, pcon: pd.DataFrame,
                postcodes: pd.DataFrame, streams: dict[str, np.random.Generator]) -> tuple[pd.DataFrame, dict]:
    """The cases with every planted effect, and the planted.json content describing them.

    Four-year model (areas, groups, deprivation) → messiness → the regional pair's moved cases → the
    received dates from the time profiles (pilot, rising group)."""
    planted = choose_planted(lsoa, counts, pcon, streams["planted"])
    model = case_model(lsoa, counts, postcodes, planted.lsoa_mult, planted.pcon_mult)
    cases = make_messy(draw_cases(model, postcodes, planted.pcon_mult, streams["cases"]), postcodes,
                       streams["messy"])
    regional = choose_regional(lsoa, counts, postcodes, cases, planted)
    cases = move_cases(cases, postcodes, regional, streams["regional"])
    pilot = choose_pilot(cases, len(pcon), {planted.pcon, regional.pcon})
    cases = redate(cases, pilot, streams["dates"])
    summary = build_planted(seed, lsoa, counts, postcodes, pcon, cases, model, planted)
    disabled = float(lsoa["pop_disabled"].sum() / lsoa["pop_total"].sum())
    summary["change_over_time"] = change_over_time(cases, postcodes, pcon, pilot, disabled)
    summary["regional_benchmark"] = regional_benchmark(lsoa, counts, postcodes, cases, icb, regional)
    return cases, summary


def write(sample: Sample, out: Path) -> None:
    """Write every file of the sample folder ``out`` (created if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    write_gpkg(out / "sample.gpkg", gpkg_layers(sample))
    write_csv(out / "postcode_lookup.csv", sample.postcodes[POSTCODE_COLUMNS])
    write_csv(out / "cases.csv", sample.cases[CASE_COLUMNS])
    write_csv(out / "population_long.csv", population_long(sample.lsoa["LSOA21CD"].to_numpy(), sample.counts))
    write_csv(out / "population_by_age.csv", population_by_age(sample.lsoa["LSOA21CD"].to_numpy(), sample.counts))
    write_census_tables(sample.lsoa, sample.counts, out)
    write_file7(sample.lsoa, out)
    with open(out / "planted.json", "w", encoding="utf-8", newline="\n") as fh:
        json.dump(sample.planted, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    readme = render_readme(sample.planted, sample.lsoa, sample.pcon, sample.icb, sample.postcodes, sample.cases)
    (out / "README.md").write_text(readme, encoding="utf-8")


def gpkg_layers(sample: Sample) -> list[Layer]:
    """The layers of ``sample.gpkg``: four area layers, then the lookup and case tables."""
    region = pd.DataFrame({"name": [REGION_NAME]})
    return [
        Layer("lsoa", sample.lsoa, LSOA_FIELDS, list(sample.lsoa["geometry"]),
              "Synthetic LSOA-like areas with Census-like population"),
        Layer("constituency", sample.pcon, [("PCON24CD", "str"), ("PCON24NM", "str")],
              list(sample.pcon["geometry"]), "Synthetic constituencies, drawn independently of LSOAs"),
        Layer("icb", sample.icb, [("ICB23CD", "str"), ("ICB23NM", "str")], list(sample.icb["geometry"]),
              "Synthetic ICBs: unions of whole LSOAs"),
        Layer("region", region, [("name", "str")], [sample.outline], "Outline of the synthetic region"),
        Layer("postcode_lookup", sample.postcodes, [(c, "int" if c in ("x", "y") else "str") for c in POSTCODE_COLUMNS],
              None, "Synthetic NSPL-like postcode lookup"),
        Layer("cases", sample.cases, [(c, "date" if c == "received_date" else "str") for c in CASE_COLUMNS],
              None, "Synthetic complaint cases with planted effects"),
    ]


def generate(out: Path, seed: int = DEFAULT_SEED, verbose: bool = True) -> dict:
    """Generate and write the sample region into ``out``; returns the planted.json content."""
    def log(message: str) -> None:
        if verbose:
            print(message, file=sys.stderr)

    sample = build(seed, log)
    write(sample, Path(out))
    log(f"written to {out}")
    return sample.planted

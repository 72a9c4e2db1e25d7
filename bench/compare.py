"""Side-by-side comparisons: tobler in its own venv, and agreement between apportionment results."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

from .config import BENCH_DIR
from .stages import APPORTION_FIELDS, StageContext

TOBLER_PYTHON = Path(os.environ.get("PHSO_TOBLER_PYTHON", BENCH_DIR / ".venv-tobler" / "bin" / "python"))
TOBLER_STAGE = "tobler_pcon"


def run_tobler(ctx: StageContext, repetitions: int) -> dict:
    """tobler ``area_interpolate`` of APPORTION_FIELDS, LSOA → constituency, in a subprocess."""
    if not TOBLER_PYTHON.exists():
        return {"stage": TOBLER_STAGE, "skipped": f"{TOBLER_PYTHON} is missing (make bench creates it)"}
    ctx.clear(TOBLER_STAGE)
    command = [str(TOBLER_PYTHON), str(BENCH_DIR / "tobler_run.py"), "--source", ctx.data("lsoa"),
               "--target", ctx.data("pcon"), "--target-id", "pcon24cd", "--fields", ",".join(APPORTION_FIELDS),
               "--out", ctx.output(TOBLER_STAGE, "pcon.gpkg"), "--repetitions", str(repetitions)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"stage": TOBLER_STAGE, "error": done.stderr[-2000:]}
    record = json.loads(done.stdout.strip().splitlines()[-1])
    return {"stage": TOBLER_STAGE, "title": "Comparison: tobler area_interpolate (pyogrio read + write)",
            "target_s": None, "rows": ctx.inputs.manifest["sizes"]["lsoas"], **record}


def read_gpkg_table(path: str | Path) -> pd.DataFrame:
    """The attributes of the (only) layer of a GeoPackage, via SQLite (no QGIS or GDAL needed)."""
    with sqlite3.connect(str(path)) as connection:
        table = connection.execute("SELECT table_name FROM gpkg_contents LIMIT 1").fetchone()[0]
        return pd.read_sql(f'SELECT * FROM "{table}"', connection)


def max_relative_difference(a: pd.DataFrame, b: pd.DataFrame, key: str, fields: list[str]) -> dict:
    """Largest |a − b| / |b| over targets and fields (targets matched by ``key``), and of the grand totals."""
    merged = a.set_index(key)[fields].join(b.set_index(key)[fields], rsuffix="_b", how="outer")
    left = merged[fields].to_numpy(dtype=float)
    right = merged[[f"{name}_b" for name in fields]].to_numpy(dtype=float)
    if np.isnan(left).any() or np.isnan(right).any():
        return {"targets_missing": int(np.isnan(left).any(axis=1).sum() + np.isnan(right).any(axis=1).sum())}
    scale = np.maximum(np.abs(right), 1e-12)
    totals_left, totals_right = left.sum(axis=0), right.sum(axis=0)
    return {"max_rel_diff_per_target": float(np.max(np.abs(left - right) / scale)),
            "max_rel_diff_of_totals": float(np.max(np.abs(totals_left - totals_right) / np.abs(totals_right)))}


def agreement(ctx: StageContext, reference: str, others: list[str], ran: list[str]) -> dict:
    """Agreement of each of ``others``' constituency outputs with ``reference``'s (stages that ``ran`` only)."""
    if reference not in ran:
        return {}
    outputs = {name: ctx.folder(name) / "pcon.gpkg" for name in [reference, *others] if name in ran}
    base = read_gpkg_table(outputs[reference])
    return {f"{name} vs {reference}": max_relative_difference(read_gpkg_table(path), base, "pcon24cd",
                                                              APPORTION_FIELDS)
            for name, path in outputs.items() if name != reference and path.exists()}

"""Area-weighted interpolation with tobler, timed — runs ONLY in the benchmark venv (bench/.venv-tobler).

``python tobler_run.py --source lsoa.gpkg --target pcon.gpkg --target-id pcon24cd --fields a,b --out out.gpkg``
reads both layers with pyogrio, runs ``tobler.area_weighted.area_interpolate`` on the given
extensive fields, writes the target id and the fields to a GeoPackage, and prints one JSON
record (median and all wall times, split into read / interpolate / write; peak RSS).
Imports nothing from the plugin or QGIS: tobler is never a plugin dependency.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from pathlib import Path


def interpolate_once(args) -> dict:
    import geopandas
    from tobler.area_weighted import area_interpolate

    started, started_cpu = time.perf_counter(), time.process_time()
    source = geopandas.read_file(args.source, engine="pyogrio")
    target = geopandas.read_file(args.target, engine="pyogrio")
    read = time.perf_counter()
    result = area_interpolate(source, target, extensive_variables=args.fields)
    result.insert(0, args.target_id, target[args.target_id].to_numpy())
    interpolated = time.perf_counter()
    Path(args.out).unlink(missing_ok=True)
    result.to_file(args.out, engine="pyogrio")
    written = time.perf_counter()
    return {"total": written - started, "cpu": time.process_time() - started_cpu, "read": read - started,
            "interpolate": interpolated - read, "write": written - interpolated}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--target-id", required=True)
    parser.add_argument("--fields", type=lambda text: text.split(","), required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    runs = [interpolate_once(args) for _ in range(args.repetitions)]
    totals = [run["total"] for run in runs]
    import tobler

    print(json.dumps({
        "median_s": statistics.median(totals), "times_s": [round(t, 3) for t in totals],
        "cpu_median_s": round(statistics.median(run["cpu"] for run in runs), 3),
        "parts_median_s": {part: statistics.median(run[part] for run in runs) for part in ("read", "interpolate",
                                                                                             "write")},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_before": round(load, 2), "tobler_version": tobler.__version__, "memory_scope": "stage process"}))


if __name__ == "__main__":
    main()

"""``make bench``: England-scale benchmarks of every stage, through ``processing.run``.

Generates (or reuses) the synthetic inputs, runs each stage in a fresh QGIS process (median of
``--repetitions`` wall times; that process's peak RSS), runs tobler in its own venv and the QGIS
core chain for comparison, checks the issue's targets, then runs the plugin's stages at 1/4 and
1/2 of England for the scaling rows, prints the tables and writes ``bench/results/<sizes>.json``
and ``.csv`` (and ``-scaling.csv``). Run from the repository root: ``python -m bench.run [--sizes smoke]``.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from bench import report
from bench.compare import TOBLER_STAGE, agreement, run_tobler
from bench.config import CACHE_DIR, PRESETS, RESULTS_DIR, SCALING, Sizes
from bench.generate import generate
from bench.stages import COMPARISONS, STAGES, StageContext
from bench.worker import WORK, run_stage

REPO = Path(__file__).resolve().parent.parent
#: Medians of the stages before this round of work (same machine, QGIS 3.44), shown beside the new ones.
BEFORE = RESULTS_DIR / "before" / "england-3.44-765fe1c.json"


def stage_in_subprocess(ctx: StageContext, name: str, repetitions: int, profile: Path | None) -> dict:
    """Run ``bench.worker`` for one stage in a fresh Python process; its JSON record (or the error)."""
    command = [sys.executable, "-m", "bench.worker", "--data", str(ctx.inputs.folder), "--stage", name,
               "--repetitions", str(repetitions)] + (["--profile", str(profile)] if profile else [])
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")})
    if done.returncode != 0:
        return {"stage": name, "error": done.stderr[-3000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def versions() -> dict:
    """QGIS, the GEOS QGIS and shapely use, GDAL, Python and the numerical packages."""
    import numpy
    import pandas
    import shapely
    from osgeo import gdal
    from qgis.core import Qgis

    return {"QGIS": Qgis.version(), "GEOS (QGIS)": Qgis.geosVersion(), "GEOS (shapely)": shapely.geos_version_string,
            "GDAL": gdal.__version__, "Python": platform.python_version(), "numpy": numpy.__version__,
            "pandas": pandas.__version__, "shapely": shapely.__version__}


def environment() -> dict:
    """What the numbers were measured on."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return {"date": datetime.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "platform": platform.platform(), "commit": commit.stdout.strip(), "versions": versions()}


def run_stages(ctx: StageContext, names: list[str], repetitions: int, in_process: bool, profile: str | None,
               log) -> dict[str, dict]:
    """Each stage of ``names`` (in STAGES order) unless a stage it needs failed."""
    records: dict[str, dict] = {}
    for stage in STAGES:
        if stage.name not in names:
            continue
        failed = [need for need in stage.needs if {"error", "skipped"} & set(records.get(need, {}))]
        if failed:
            records[stage.name] = {"stage": stage.name, "skipped": f"needs {', '.join(failed)}"}
            continue
        log(f"running {stage.name} ({repetitions}×) …")
        if in_process:
            records[stage.name] = run_stage(ctx, stage.name, repetitions, separate_process=False)
        else:
            profile_path = RESULTS_DIR / f"profile_{stage.name}.txt" if profile == stage.name else None
            records[stage.name] = stage_in_subprocess(ctx, stage.name, repetitions, profile_path)
        if "error" in records[stage.name]:
            log(f"  {stage.name} FAILED:\n{records[stage.name]['error']}")
    return records


def earlier_medians(sizes: dict) -> dict:
    """Stage → median of the BEFORE run, when it measured the same sizes."""
    if not BEFORE.exists():
        return {}
    before = json.loads(BEFORE.read_text())
    if before.get("sizes") != sizes:
        return {}
    return {name: record["median_s"] for name, record in before["stages"].items() if "median_s" in record}


def run_benchmark(sizes: Sizes, repetitions: int = 3, stages: list[str] | None = None, tobler: bool = True,
                  in_process: bool = False, cache_root: Path = CACHE_DIR, profile: str | None = None,
                  scaling: dict[str, float] | None = None, log=print) -> dict:
    """Every stage (or ``stages``), the comparisons, the checks and (with ``scaling``: size name → share of
    England) the plugin's stages at the other sizes, as one report dict."""
    inputs = generate(sizes, cache_root, log=log)
    ctx = StageContext(inputs, inputs.folder / WORK)
    names = [stage.name for stage in STAGES if stages is None or stage.name in stages]
    records = run_stages(ctx, names, repetitions, in_process, profile, log)
    if tobler and (stages is None or TOBLER_STAGE in stages):
        log(f"running {TOBLER_STAGE} ({repetitions}×) …")
        records[TOBLER_STAGE] = run_tobler(ctx, repetitions)
    speed = report.ratios(records)
    before = earlier_medians(inputs.manifest["sizes"])
    result = {"sizes": inputs.manifest["sizes"], "inputs": inputs.manifest, "environment": environment(),
              "repetitions": repetitions, "stages": records, "ratios": speed, "before": before,
              "agreement": agreement(ctx, "apportion_area_pcon", ["qgis_chain_pcon", TOBLER_STAGE, "apportion_pcon"],
                                     ran=[name for name, record in records.items() if "median_s" in record]),
              "checks": report.checks(records, speed, before)}
    if scaling:
        by_size = {"england": (1.0, records)}
        for name, share in scaling.items():
            if share < 1.0:
                log(f"scaling: {name} ({share:g} × England)")
                smaller = generate(PRESETS[name], cache_root, log=log)
                small_ctx = StageContext(smaller, smaller.folder / WORK)
                by_size[name] = (share, run_stages(small_ctx, [n for n in names if n not in COMPARISONS],
                                                   repetitions, in_process, None, log))
        result["scaling"] = report.scaling(by_size)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", choices=sorted(PRESETS), default="england")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--stages", type=lambda text: text.split(","), help="comma-separated subset")
    parser.add_argument("--no-tobler", action="store_true")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 1/4 and 1/2 England rows")
    parser.add_argument("--profile", help="also profile this stage (cProfile) into bench/results/")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)
    scaling = SCALING if args.sizes == "england" and not args.no_scaling else None
    result = run_benchmark(PRESETS[args.sizes], args.repetitions, args.stages, not args.no_tobler,
                           profile=args.profile, scaling=scaling)
    print(report.format_table(result))
    name = "-".join([args.sizes] + (["partial"] if args.stages else []))
    for path in report.write(result, args.results, name):
        print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


if __name__ == "__main__":
    main()

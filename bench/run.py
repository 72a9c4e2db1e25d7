"""``make bench``: England-scale benchmarks of every stage, through ``processing.run``.

Generates (or reuses) the synthetic inputs, runs each stage in a fresh QGIS process (median of
``--repetitions`` wall times; that process's peak RSS), runs tobler in its own venv and the QGIS
core chain for comparison, checks the issue's targets, prints a table and writes
``bench/results/<sizes>.json`` and ``.csv``. Run from the repository root: ``python -m bench.run [--sizes smoke]``.
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
from bench.config import CACHE_DIR, PRESETS, RESULTS_DIR, Sizes
from bench.generate import generate
from bench.stages import STAGES, StageContext
from bench.worker import WORK, run_stage

REPO = Path(__file__).resolve().parent.parent


def stage_in_subprocess(ctx: StageContext, name: str, repetitions: int, profile: Path | None) -> dict:
    """Run ``bench.worker`` for one stage in a fresh Python process; its JSON record (or the error)."""
    command = [sys.executable, "-m", "bench.worker", "--data", str(ctx.inputs.folder), "--stage", name,
               "--repetitions", str(repetitions)] + (["--profile", str(profile)] if profile else [])
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")})
    if done.returncode != 0:
        return {"stage": name, "error": done.stderr[-3000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def environment() -> dict:
    """What the numbers were measured on."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return {"date": datetime.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform(),
            "commit": commit.stdout.strip()}


def run_benchmark(sizes: Sizes, repetitions: int = 3, stages: list[str] | None = None, tobler: bool = True,
                  in_process: bool = False, cache_root: Path = CACHE_DIR, profile: str | None = None,
                  log=print) -> dict:
    """Every stage (or ``stages``), the comparisons and the checks, as one report dict."""
    inputs = generate(sizes, cache_root, log=log)
    ctx = StageContext(inputs, inputs.folder / WORK)
    records: dict[str, dict] = {}
    for stage in STAGES:
        if stages is not None and stage.name not in stages:
            continue
        failed = [need for need in stage.needs if "error" in records.get(need, {})]
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
    if tobler and (stages is None or TOBLER_STAGE in stages):
        log(f"running {TOBLER_STAGE} ({repetitions}×) …")
        records[TOBLER_STAGE] = run_tobler(ctx, repetitions)
    speed = report.ratios(records)
    result = {"sizes": inputs.manifest["sizes"], "inputs": inputs.manifest, "environment": environment(),
              "repetitions": repetitions, "stages": records, "ratios": speed,
              "agreement": agreement(ctx, "apportion_area_pcon", ["qgis_chain_pcon", TOBLER_STAGE, "apportion_pcon"],
                                     ran=[name for name, record in records.items() if "median_s" in record]),
              "checks": report.checks(records, speed)}
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", choices=sorted(PRESETS), default="england")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--stages", type=lambda text: text.split(","), help="comma-separated subset")
    parser.add_argument("--no-tobler", action="store_true")
    parser.add_argument("--profile", help="also profile this stage (cProfile) into bench/results/")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)
    result = run_benchmark(PRESETS[args.sizes], args.repetitions, args.stages, not args.no_tobler,
                           profile=args.profile)
    print(report.format_table(result))
    name = "-".join([args.sizes] + (["partial"] if args.stages else []))
    for path in report.write(result, args.results, name):
        print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


if __name__ == "__main__":
    main()

"""Run one benchmark stage in this process: ``python -m bench.worker --data FOLDER --stage NAME``.

Starts QGIS (unless running already), runs the stage ``--repetitions`` times, and prints one JSON
record (timings, rows, memory, the stage's own summary) as the last line of standard output.
With ``--profile FILE`` the stage runs once more under cProfile and the statistics are written there.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
from pathlib import Path

from bench import qgis_session
from bench.generate import Inputs
from bench.measure import current_rss_mb, peak_rss_mb, repeat
from bench.stages import STAGES_BY_NAME, StageContext

WORK = "work"
PROFILE_LINES = 40


def context_for(data: Path) -> StageContext:
    manifest = json.loads((data / "manifest.json").read_text())
    return StageContext(Inputs(data, manifest), data / WORK)


def run_stage(ctx: StageContext, name: str, repetitions: int, separate_process: bool) -> dict:
    """Time stage ``name``; the record says how its peak memory was measured."""
    qgis_session.start()
    stage = STAGES_BY_NAME[name]
    baseline = current_rss_mb()
    timing, result = repeat(lambda: stage.run(ctx), lambda: ctx.clear(name), repetitions)
    return {"stage": name, "title": stage.title, "target_s": stage.target_s, **timing,
            **stage.summarise(ctx, result), "peak_rss_mb": round(peak_rss_mb(), 1),
            "baseline_rss_mb": round(baseline, 1),
            "memory_scope": "stage process" if separate_process else "whole process so far"}


def profile_stage(ctx: StageContext, name: str, out: Path) -> None:
    """One more run of ``name`` under cProfile; cumulative and own-time top lists written to ``out``."""
    stage = STAGES_BY_NAME[name]
    ctx.clear(name)
    profiler = cProfile.Profile()
    profiler.runcall(stage.run, ctx)
    with out.open("w") as stream:
        for order in ("cumulative", "tottime"):
            stream.write(f"=== {name}: top {PROFILE_LINES} by {order} ===\n")
            pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order).print_stats(PROFILE_LINES)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--stage", choices=sorted(STAGES_BY_NAME), required=True)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args(argv)
    ctx = context_for(args.data)
    record = run_stage(ctx, args.stage, args.repetitions, separate_process=True)
    if args.profile:
        profile_stage(ctx, args.stage, args.profile)
    print(json.dumps(record))


if __name__ == "__main__":
    main()

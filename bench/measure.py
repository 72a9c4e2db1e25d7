"""Wall time and memory of a repeated piece of work, measured honestly.

Peak memory is the process's peak resident set size (``getrusage(RUSAGE_SELF).ru_maxrss``). The
benchmark runs every stage in a fresh process, so that peak belongs to that stage (QGIS's own
baseline included, and reported separately); in in-process mode (the smoke test) it is the
whole process's peak so far and says so.
"""
from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable


def peak_rss_mb() -> float:
    """Peak RSS of this process so far, in MiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Current RSS of this process, in MiB (from /proc)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def repeat(work: Callable[[], dict], prepare: Callable[[], None], repetitions: int) -> tuple[list[float], dict]:
    """Run ``prepare`` (untimed) then ``work`` (timed) ``repetitions`` times.

    Returns the wall times in seconds and the last result of ``work``."""
    times, result = [], {}
    for _ in range(repetitions):
        prepare()
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return times, result


def timing_record(times: list[float]) -> dict:
    return {"median_s": statistics.median(times), "times_s": [round(t, 3) for t in times]}

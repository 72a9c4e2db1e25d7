"""Wall time and memory of a repeated piece of work, measured honestly.

Peak memory is the process's peak resident set size (``getrusage(RUSAGE_SELF).ru_maxrss``). The
benchmark runs every stage in a fresh process, so that peak belongs to that stage (QGIS's own
baseline included, and reported separately); in in-process mode (the smoke test) it is the
whole process's peak so far and says so.
"""
from __future__ import annotations

import os
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


def cpu_seconds() -> float:
    """User + system CPU time of this process (all threads) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def repeat(work: Callable[[], dict], prepare: Callable[[], None], repetitions: int) -> tuple[dict, dict]:
    """Run ``prepare`` (untimed) then ``work`` (timed) ``repetitions`` times.

    Returns the timing record (median and every wall time; median CPU time, which other load on
    the machine disturbs less; the 1-minute load average before the first run) and the last
    result of ``work``."""
    walls, cpus, result = [], [], {}
    load = os.getloadavg()[0]
    for _ in range(repetitions):
        prepare()
        started, started_cpu = time.perf_counter(), cpu_seconds()
        result = work()
        walls.append(time.perf_counter() - started)
        cpus.append(cpu_seconds() - started_cpu)
    return {"median_s": statistics.median(walls), "times_s": [round(t, 3) for t in walls],
            "cpu_median_s": round(statistics.median(cpus), 3), "load_before": round(load, 2)}, result

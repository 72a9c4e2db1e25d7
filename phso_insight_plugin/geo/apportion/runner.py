"""Progress, cancellation and worker threads of one apportionment run."""
from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

import numpy as np
import shapely

from .naming import FeatureNames
from .result import ApportionCancelled

#: Work on chunk ``(start, stop)`` of a range of items.
ChunkWork = Callable[[int, int], object]
#: Bounds of the chunks of a range: ``[(start, stop), …]``.
Bounds = list[tuple[int, int]]


class Runner:
    """What every stage needs to run: progress reports, cancel checks, the thread pool and names.

    Parameters
    ----------
    progress : callable(percent 0..100), optional
        Called at each stage boundary and after each chunk of work.
    is_cancelled : callable() -> bool, optional
        Polled before every progress report and between chunks; once it returns True,
        :class:`~.result.ApportionCancelled` is raised.
    threads : int
        Worker threads for the overlays (GEOS releases the GIL); 1 runs everything in the
        calling thread.
    names : FeatureNames, optional
        How messages name features (see :class:`~.naming.FeatureNames`).

    Call :meth:`close` when the run ends (the orchestrator does, in ``finally``).
    """

    def __init__(self, progress: Callable[[float], None] | None, is_cancelled: Callable[[], bool] | None,
                 threads: int, names: FeatureNames | None = None) -> None:
        self.names = names or FeatureNames()
        self._progress = progress
        self._is_cancelled = is_cancelled
        self.threads = max(1, int(threads or 1))
        self.pool = ThreadPoolExecutor(self.threads) if self.threads > 1 else None

    def close(self) -> None:
        """Shut the thread pool down (pending chunks are cancelled)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def check(self) -> None:
        """Raise :class:`~.result.ApportionCancelled` if the user cancelled."""
        if self._is_cancelled is not None and self._is_cancelled():
            raise ApportionCancelled("apportionment cancelled by the user")

    def report(self, percent: float) -> None:
        """Report progress (clipped to 0..100); every report is also a cancel checkpoint (checked first)."""
        self.check()
        if self._progress is not None:
            self._progress(float(min(100.0, max(0.0, percent))))

    def chunks(self, n: int, per_thread: int = 8, lo: int = 256, hi: int = 8192) -> Bounds:
        """``(start, stop)`` bounds splitting ``range(n)`` into about ``per_thread`` chunks per
        thread, each of ``lo`` to ``hi`` items."""
        size = min(hi, max(lo, math.ceil(n / (self.threads * per_thread))))
        return [(i, min(n, i + size)) for i in range(0, n, size)]

    def map(self, work: ChunkWork, n: int, percent: tuple[float, float]) -> list:
        """Apply ``work(start, stop)`` to chunks of ``range(n)`` on the pool; results in chunk order.

        Progress moves from ``percent[0]`` to ``percent[1]`` as chunks finish; cancelling
        cancels the chunks not yet started and waits for the running ones.
        """
        bounds = self.chunks(n)
        self.check()
        if not bounds:
            self.report(percent[1])
            return []
        if self.pool is None:
            return self._map_here(work, bounds, percent)
        return self._map_on_pool(work, bounds, percent)

    def _map_here(self, work: ChunkWork, bounds: Bounds, percent: tuple[float, float]) -> list:
        lo_pct, hi_pct = percent
        results = []
        for k, (start, stop) in enumerate(bounds):
            results.append(work(start, stop))
            self.report(lo_pct + (hi_pct - lo_pct) * (k + 1) / len(bounds))
            self.check()
        return results

    def _map_on_pool(self, work: ChunkWork, bounds: Bounds, percent: tuple[float, float]) -> list:
        lo_pct, hi_pct = percent
        results = [None] * len(bounds)
        futures = {self.pool.submit(work, start, stop): k for k, (start, stop) in enumerate(bounds)}
        pending = set(futures)
        n_done = 0
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    results[futures[future]] = future.result()
                    n_done += 1
                self.report(lo_pct + (hi_pct - lo_pct) * n_done / len(bounds))
                self.check()
        except BaseException:
            for future in pending:
                future.cancel()
            wait(pending)
            raise
        return results

    def query(self, tree: shapely.STRtree, geometries: np.ndarray, predicate: str) -> np.ndarray:
        """``tree.query(geometries, predicate)`` in chunks, checking cancellation between them.

        Runs in the calling thread only: GEOS prepared geometries must not be shared between
        threads. Returns int64 pairs (2, n): row 0 indexes ``geometries``, row 1 the tree.
        """
        found = []
        for start, stop in self.chunks(len(geometries), per_thread=4, lo=64, hi=4096):
            pairs = tree.query(geometries[start:stop], predicate=predicate)
            pairs[0] += start
            found.append(pairs)
            self.check()
        if not found:
            return np.empty((2, 0), dtype=np.int64)
        return np.concatenate(found, axis=1).astype(np.int64)

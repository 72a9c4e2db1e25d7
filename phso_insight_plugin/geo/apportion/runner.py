"""Progress, cancellation and worker threads of one apportionment run."""
from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as NotReady

import numpy as np
import shapely

from .naming import FeatureNames
from .result import ApportionCancelled

#: Work on chunk ``(start, stop)`` of a range of items.
ChunkWork = Callable[[int, int], object]
#: Bounds of the chunks of a range: ``[(start, stop), …]``.
Bounds = list[tuple[int, int]]
#: Progress from ``percent[0]`` to ``percent[1]`` over a piece of work; None reports none.
Percent = tuple[float, float] | None


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
        self.cancelled = False

    def close(self) -> None:
        """Shut the thread pool down (pending chunks are cancelled); after a cancel, without waiting for the
        work still running (it only reads, and ends on its own)."""
        if self.pool is not None:
            self.pool.shutdown(wait=not self.cancelled, cancel_futures=True)

    def check(self) -> None:
        """Raise :class:`~.result.ApportionCancelled` if the user cancelled."""
        if self._is_cancelled is not None and self._is_cancelled():
            self.cancelled = True
            raise ApportionCancelled("apportionment cancelled by the user")

    def report(self, percent: float) -> None:
        """Report progress (clipped to 0..100); every report is also a cancel checkpoint (checked first)."""
        self.check()
        if self._progress is not None:
            self._progress(float(min(100.0, max(0.0, percent))))

    def beside(self, function: Callable, *args) -> Future:
        """``function(*args)`` on the pool, beside the work that follows (at once, here, without a pool);
        its result from the future. It must only read what other work shares (no prepared geometry)."""
        if self.pool is not None:
            return self.pool.submit(function, *args)
        done: Future = Future()
        done.set_result(function(*args))
        return done

    def result(self, future: Future, poll_s: float = 0.1):
        """``future``'s result, checking for a cancel every ``poll_s`` seconds while it is not ready."""
        while True:
            try:
                return future.result(timeout=poll_s)
            except NotReady:
                self.check()

    def chunks(self, n: int, per_thread: int = 8, lo: int = 256, hi: int = 8192) -> Bounds:
        """``(start, stop)`` bounds splitting ``range(n)`` into about ``per_thread`` chunks per
        thread, each of ``lo`` to ``hi`` items."""
        size = min(hi, max(lo, math.ceil(n / (self.threads * per_thread))))
        return [(i, min(n, i + size)) for i in range(0, n, size)]

    def map(self, work: ChunkWork, n: int, percent: Percent, bounds: Bounds | None = None,
            parallel: bool = True) -> list:
        """Apply ``work(start, stop)`` to chunks of ``range(n)`` (``bounds``, by default :meth:`chunks`)
        on the pool (unless ``parallel`` is False); results in chunk order.

        Progress moves from ``percent[0]`` to ``percent[1]`` as chunks finish (None: no reports, only
        cancel checks); cancelling cancels the chunks not yet started and waits for the running ones.
        """
        bounds = self.chunks(n) if bounds is None else bounds
        self.check()
        if not bounds:
            self._advance(percent, 1.0)
            return []
        if self.pool is None or not parallel:
            return self._map_here(work, bounds, percent)
        return self._map_on_pool(work, bounds, percent)

    def _advance(self, percent: Percent, fraction: float) -> None:
        """Report ``fraction`` of the way through ``percent`` (just check for a cancel when None)."""
        if percent is None:
            self.check()
        else:
            self.report(percent[0] + (percent[1] - percent[0]) * fraction)

    def _map_here(self, work: ChunkWork, bounds: Bounds, percent: Percent) -> list:
        results = []
        for k, (start, stop) in enumerate(bounds):
            results.append(work(start, stop))
            self._advance(percent, (k + 1) / len(bounds))
        return results

    def _map_on_pool(self, work: ChunkWork, bounds: Bounds, percent: Percent) -> list:
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
                self._advance(percent, n_done / len(bounds))
        except BaseException:
            for future in pending:
                future.cancel()
            wait(pending)
            raise
        return results

    def query(self, tree: shapely.STRtree, geometries: np.ndarray, predicates: tuple[str, ...],
              percent: Percent = None) -> list[np.ndarray]:
        """``tree.query(geometries, predicate)`` for each of ``predicates``, in chunks of ``geometries`` on the
        pool; int64 pairs (2, n) per predicate, row 0 indexing ``geometries`` and row 1 the tree, in the
        order one query of all ``geometries`` gives. Progress and cancel checks as in :meth:`map`.

        A predicate query prepares each query geometry (GEOS builds a prepared geometry's indexes lazily,
        and must not build them from two threads at once), so the pool is used only when every query
        geometry is a distinct object: each is then prepared and used by one thread only.
        """
        def work(start: int, stop: int) -> list[np.ndarray]:
            found = []
            for predicate in predicates:
                pairs = tree.query(geometries[start:stop].copy(), predicate=predicate).astype(np.int64)
                pairs[0] += start
                found.append(pairs)
            return found

        present = [id(g) for g in geometries if g is not None]
        distinct = len(set(present)) == len(present)
        bounds = self.chunks(len(geometries), per_thread=8, lo=32, hi=4096)
        parts = self.map(work, len(geometries), percent, bounds, parallel=distinct)
        if not parts:
            return [np.empty((2, 0), dtype=np.int64) for _ in predicates]
        return [np.concatenate([part[k] for part in parts], axis=1) for k in range(len(predicates))]

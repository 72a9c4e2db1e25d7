"""Cancelling long core work: the check the cores call between chunks (pure Python/numpy; no QGIS).

Cores take ``is_cancelled``, a plain callable returning True once the user cancelled (the
Processing layer passes its feedback's ``isCanceled``), and raise :class:`~.errors.Cancelled`
at the next check. Work is split so that checks come well within a second on England-scale data.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import numpy as np

from .errors import Cancelled

#: What a core accepts to learn that the user cancelled; None never cancels.
IsCancelled = Callable[[], bool] | None
#: Rows per chunk of vectorised work between two checks (≈ 0.1–0.2 s for postcode parsing).
CHUNK_ROWS = 200_000
#: Seconds between checks while one indivisible call runs (see :func:`run_cancellable`).
POLL_SECONDS = 0.1


def check_cancelled(is_cancelled: IsCancelled) -> None:
    """Raise :class:`Cancelled` when ``is_cancelled`` says the user cancelled."""
    if is_cancelled is not None and is_cancelled():
        raise Cancelled()


def start_phase(feedback, text: str) -> None:
    """Begin a phase of a run: Cancelled if the user cancelled, else ``text`` becomes the progress text
    (``feedback`` is any object with ``isCanceled`` and ``setProgressText``, e.g. a Processing feedback)."""
    check_cancelled(feedback.isCanceled)
    feedback.setProgressText(text)


def checked(items: Iterable, is_cancelled: IsCancelled, every: int = 1000) -> Iterator:
    """``items`` one by one, checking ``is_cancelled`` before every ``every``-th item."""
    for i, item in enumerate(items):
        if i % every == 0:
            check_cancelled(is_cancelled)
        yield item


def map_chunks(function: Callable, values, is_cancelled: IsCancelled, size: int = CHUNK_ROWS):
    """``function(values)`` computed on consecutive row slices of ``values`` (a numpy array or pandas
    object), checking ``is_cancelled`` before each; the results (arrays, or tuples of arrays) are
    concatenated in order, so ``function`` must work row by row."""
    check_cancelled(is_cancelled)
    if len(values) <= size:
        return function(values)
    rows = values.iloc if hasattr(values, "iloc") else values
    parts = []
    for start in range(0, len(values), size):
        if start:
            check_cancelled(is_cancelled)
        parts.append(function(rows[start:start + size]))
    if isinstance(parts[0], tuple):
        return tuple(np.concatenate(column) for column in zip(*parts))
    return np.concatenate(parts)


def run_cancellable(function: Callable, is_cancelled: IsCancelled):
    """``function()`` for one long call that cannot be split (e.g. a single GEOS operation, which
    releases the GIL): it runs in a worker thread while ``is_cancelled`` is polled every
    :data:`POLL_SECONDS`. On cancel, Cancelled is raised at once; the worker finishes in the
    background and its result is dropped."""
    if is_cancelled is None:
        return function()
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(function)
    try:
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except FutureTimeout:
                check_cancelled(is_cancelled)
    finally:
        pool.shutdown(wait=False)

"""The apportionment runner's chunked, threaded predicate queries (geo.apportion.runner.Runner.query)."""
import numpy as np
import pytest
import shapely
from shapely import box

from phso_insight_plugin.geo.apportion.result import ApportionCancelled
from phso_insight_plugin.geo.apportion.runner import Runner


def squares(n: int) -> np.ndarray:
    xs, ys = np.meshgrid(np.arange(float(n)), np.arange(float(n)))
    return box(xs.ravel(), ys.ravel(), xs.ravel() + 1, ys.ravel() + 1)


@pytest.fixture
def layers():
    small = squares(40)  # 1,600 unit squares
    big = box(np.arange(0.0, 40, 2.5), 0, np.arange(2.5, 42.5, 2.5), 40)  # 16 strips, not aligned
    return small, big


def test_threaded_queries_give_the_pairs_of_one_query_in_the_same_order(layers):
    small, big = layers
    tree = shapely.STRtree(small)
    expected = [tree.query(big, predicate=p) for p in ("intersects", "contains_properly")]
    run = Runner(None, None, threads=2)
    try:
        found = run.query(tree, big, ("intersects", "contains_properly"))
    finally:
        run.close()
    for got, want in zip(found, expected):
        assert got.dtype == np.int64
        np.testing.assert_array_equal(got, want)


def test_queries_of_geometries_listed_twice_run_in_one_thread_and_agree(layers):
    small, big = layers
    repeated = np.concatenate([big, big])  # the same objects twice: never prepared by two threads
    tree = shapely.STRtree(small)
    run = Runner(None, None, threads=2)
    try:
        [found] = run.query(tree, repeated, ("intersects",))
    finally:
        run.close()
    np.testing.assert_array_equal(found, tree.query(repeated, predicate="intersects"))


def test_queries_report_progress_through_their_range_and_stop_on_cancel(layers):
    small, big = layers
    seen = []
    run = Runner(seen.append, None, threads=2)
    try:
        run.query(shapely.STRtree(small), big, ("intersects",), (10.0, 20.0))
    finally:
        run.close()
    assert seen and min(seen) >= 10.0 and seen[-1] == 20.0
    cancelled = Runner(None, lambda: True, threads=2)
    with pytest.raises(ApportionCancelled):
        cancelled.query(shapely.STRtree(small), big, ("intersects",))
    cancelled.close()


def test_work_beside_is_waited_for_with_cancel_checks_and_not_after_a_cancel():
    import threading
    import time

    release = threading.Event()
    polls = []
    run = Runner(None, lambda: polls.append(1) or len(polls) > 3, threads=2)
    slow = run.beside(lambda: release.wait(5) and "done")
    started = time.perf_counter()
    with pytest.raises(ApportionCancelled):
        run.result(slow, poll_s=0.01)
    run.close()  # does not wait for the work still running
    assert time.perf_counter() - started < 1 and not slow.done() and len(polls) == 4
    release.set()
    assert slow.result(timeout=5) == "done"
    alone = Runner(None, None, threads=1)
    assert alone.result(alone.beside(lambda a, b: a + b, 2, 3)) == 5  # without a pool: at once, here
    alone.close()

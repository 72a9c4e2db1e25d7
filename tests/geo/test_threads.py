"""Shapely functions spread over threads (geo.threads.in_threads)."""
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely

from phso_insight_plugin.geo.threads import in_threads


def squares(n: int) -> np.ndarray:
    xs = np.arange(float(n))
    return shapely.box(xs, 0, xs + 1, 1)


def test_the_result_is_that_of_one_call_in_order():
    boxes = squares(12_000)
    boxes[::7] = shapely.from_wkt("POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))")  # bow ties: invalid
    np.testing.assert_array_equal(in_threads(shapely.is_valid, boxes), shapely.is_valid(boxes))
    wkb = shapely.to_wkb(boxes)
    assert shapely.equals_exact(in_threads(shapely.from_wkb, wkb), boxes, tolerance=0).all()


def test_other_threads_may_work_on_the_same_array_meanwhile():
    boxes = squares(20_000)
    with ThreadPoolExecutor(3) as pool:  # each call marks its array read-only while it works
        runs = [pool.submit(in_threads, shapely.is_valid, boxes) for _ in range(4)]
        runs.append(pool.submit(shapely.area, boxes))
        assert all(run.result().all() for run in runs)
    assert boxes.flags.writeable

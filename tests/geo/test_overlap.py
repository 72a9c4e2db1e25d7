"""Which small areas lie in which larger areas: wholly, or with at least a tenth of their area."""
import numpy as np
import shapely

from phso_insight_plugin.geo.overlap import overlapping_pairs


def box(x0, y0, x1, y1):
    return shapely.box(x0, y0, x1, y1)


WHOLES = np.array([box(0, 0, 100, 100), box(100, 0, 200, 100)])


def test_a_part_inside_one_whole_is_in_that_whole_only():
    part, whole = overlapping_pairs(np.array([box(10, 10, 20, 20), box(150, 10, 160, 20)]), WHOLES)
    assert (part.tolist(), whole.tolist()) == ([0, 1], [0, 1])


def test_a_part_cut_by_a_boundary_is_in_both_wholes_holding_at_least_a_tenth_of_it():
    cut_in_half, mostly_left = box(90, 0, 110, 10), box(0, 50, 105, 60)  # 50/50; 100/105 and 5/105
    part, whole = overlapping_pairs(np.array([cut_in_half, mostly_left]), WHOLES)
    assert list(zip(part.tolist(), whole.tolist())) == [(0, 0), (0, 1), (1, 0)]


def test_the_share_needed_can_be_chosen():
    part, whole = overlapping_pairs(np.array([box(0, 50, 105, 60)]), WHOLES, min_share=0.01)
    assert whole.tolist() == [0, 1]


def test_parts_outside_every_whole_or_without_geometry_are_in_nothing():
    part, _ = overlapping_pairs(np.array([box(300, 0, 310, 10), None], dtype=object), WHOLES)
    assert part.size == 0
    assert overlapping_pairs(np.array([], dtype=object), WHOLES)[0].size == 0

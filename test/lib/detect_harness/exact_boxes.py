"""Inputs for the differential tests of the fixed-point strategies
(iou_fixed_point_torchvision.py, nms_fixed_point_torchvision.py).

Their integer path takes boxes whose corners are "exact": integers of
magnitude at most BOUND (include/detect/Conversion/Utils/FixedPoint.h). The
tests feed such boxes, then the same boxes with some coordinates replaced by
values that are not exact, which must take the float formula.
"""

import numpy as np

F32 = np.float32
BOUND = 1024

# Not exact: fractions, just out of range, large, non-finite, -0 (exact:
# the integer 0), a fraction of a large number, and an integer f32 cannot
# tell from its neighbours.
INEXACT = np.array([0.5, -0.5, BOUND + 1, -BOUND - 1, 1e6, -1e6, 1e30, np.nan, np.inf, -np.inf, -0.0,
                    F32(100.25), F32(2.0 ** 24 + 2)], dtype=F32)


def sprinkle_inexact(rng, boxes, rate):
    """A copy of `boxes` in which each value is replaced, with probability
    `rate`, by one of INEXACT."""
    b = boxes.copy()
    mask = rng.random(b.shape) < rate
    b[mask] = rng.choice(INEXACT, size=mask.sum())
    return b

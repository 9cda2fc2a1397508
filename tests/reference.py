"""Independent references for the tests, written without nnlib.

The library's own gradient checker (nnlib.gradcheck) is under test too, so the
layer and network tests compare against this plain loop instead.
"""

from collections.abc import Callable

import numpy as np


def central_differences(
    energy: Callable[[], float], array: np.ndarray, h: float = 1e-6
) -> np.ndarray:
    """dE/d(array) by central differences, nudging each entry of ``array`` in place.

    ``energy()`` must read ``array`` (a live parameter or input); every entry is
    restored after its two evaluations.
    """
    numeric = np.zeros_like(array)
    for idx in np.ndindex(array.shape):
        old = array[idx]
        array[idx] = old + h
        up = energy()
        array[idx] = old - h
        down = energy()
        array[idx] = old
        numeric[idx] = (up - down) / (2 * h)
    return numeric

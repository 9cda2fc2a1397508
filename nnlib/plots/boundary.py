r"""Decision boundaries: colour the plane by what a classifier predicts (Chapter 3).

The classifier's output $\hat y(x) \in [0, 1]$ is evaluated on a grid and
shown as a raster image (class 0 orange, class 1 blue, white where
$\hat y = 0.5$). The boundary is where the colour flips. :class:`BoundaryView`
draws the image once and replaces its pixels in place
(:meth:`BoundaryView.update`), so slider panels never rebuild the axes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap

from .._checks import as_float_array, as_positive_int
from .style import PALETTE

__all__ = [
    "CLASS_COLORS",
    "BOUNDARY_CMAP",
    "BoundaryView",
    "grid_points",
    "plot_decision_boundary",
]

CLASS_COLORS = (PALETTE["orange"], PALETTE["blue"])
"""Colours of class 0 and class 1."""

BOUNDARY_CMAP = LinearSegmentedColormap.from_list(
    "nnlib_boundary", ["#f5c46b", "#ffffff", "#6aa6d6"]
)
"""Light orange (0) through white (0.5) to light blue (1)."""

Predictor = Callable[[np.ndarray], np.ndarray]


def grid_points(
    xlim: Sequence[float], ylim: Sequence[float], resolution: int = 120
) -> tuple[np.ndarray, tuple[int, int]]:
    """The centres of a ``resolution`` x ``resolution`` pixel grid, batch-first.

    Returns
    -------
    points : numpy.ndarray, shape (resolution**2, 2)
        Row-major from the bottom-left pixel (``imshow(origin="lower")`` order).
    shape : (int, int)
        ``(resolution, resolution)``, to reshape predictions into an image.
    """
    res = as_positive_int(resolution, "resolution")
    (x0, x1), (y0, y1) = _limits(xlim, "xlim"), _limits(ylim, "ylim")
    xs = x0 + (np.arange(res) + 0.5) * (x1 - x0) / res
    ys = y0 + (np.arange(res) + 0.5) * (y1 - y0) / res
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()]), (res, res)


def _limits(lim: Sequence[float], name: str) -> tuple[float, float]:
    arr = as_float_array(lim, name, shape=(2,))
    if not arr[0] < arr[1]:
        raise ValueError(
            f"{name} must be (low, high) with low < high; got {tuple(arr)}"
        )
    return float(arr[0]), float(arr[1])


class BoundaryView:
    r"""Data points over the raster of a classifier's output, updated in place.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    X : array_like, shape (n_samples, 2)
        The points to show.
    y : array_like, shape (n_samples,) or (n_samples, 1)
        Their classes, 0 or 1.
    xlim, ylim : (float, float), optional
        The plane shown; by default the data's range plus a margin.
    resolution : int, default 120
        Pixels per side.

    Attributes
    ----------
    image : matplotlib.image.AxesImage
        The raster; :meth:`update` replaces its data.
    markers : list of matplotlib.collections.PathCollection
        The points of class 0, then of class 1.
    """

    def __init__(
        self,
        ax: Axes,
        X: object,
        y: object,
        *,
        xlim: Sequence[float] | None = None,
        ylim: Sequence[float] | None = None,
        resolution: int = 120,
    ) -> None:
        self.X = as_float_array(X, "X", ndim=2)
        if self.X.shape[1] != 2:
            raise ValueError(
                f"X must have shape (n_samples, 2); got shape {self.X.shape}"
            )
        self.y = as_float_array(y, "y").reshape(-1)
        if self.y.shape[0] != self.X.shape[0]:
            raise ValueError(
                f"y must hold one label per row of X ({self.X.shape[0]}); "
                f"got {self.y.shape[0]}"
            )
        margin = 0.15 * max(float(np.ptp(self.X)), 1.0)
        if xlim is None:
            xlim = (self.X[:, 0].min() - margin, self.X[:, 0].max() + margin)
        if ylim is None:
            ylim = (self.X[:, 1].min() - margin, self.X[:, 1].max() + margin)
        self.points, self.shape = grid_points(xlim, ylim, resolution)
        self.xlim, self.ylim = _limits(xlim, "xlim"), _limits(ylim, "ylim")
        self.ax = ax
        self.image = ax.imshow(
            np.full(self.shape, 0.5),
            origin="lower",
            cmap=BOUNDARY_CMAP,
            vmin=0.0,
            vmax=1.0,
            extent=(*self.xlim, *self.ylim),
            aspect="auto",
            interpolation="nearest",
            zorder=0,
        )
        self.markers = []
        for label, marker in ((0, "o"), (1, "s")):
            mask = self.y == label
            markers = ax.scatter(
                self.X[mask, 0],
                self.X[mask, 1],
                c=CLASS_COLORS[label],
                marker=marker,
                s=50 if len(self.y) <= 20 else 18,
                edgecolors="black",
                linewidths=0.6,
                zorder=3,
                label=f"class {label}",
            )
            self.markers.append(markers)
        ax.set_xlim(*self.xlim)
        ax.set_ylim(*self.ylim)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.grid(False)

    def blit_artists(self) -> list[Artist]:
        """The artists to mark animated when a slider panel blits this view.

        The raster :meth:`update` redraws, and what is drawn above it: the
        data points and the axes' frame (its spines overlap the raster's
        edge pixels).
        """
        return [self.image, *self.markers, *self.ax.spines.values()]

    def update(self, predict: Predictor) -> float:
        """Redraw the raster for ``predict`` and return its accuracy on the points.

        Parameters
        ----------
        predict : callable
            ``predict(X)`` with ``X`` of shape ``(n, 2)`` returns values in
            [0, 1] of shape ``(n,)`` or ``(n, 1)``; above 0.5 means class 1.

        Returns
        -------
        float
            The share of points on their own class's side.
        """
        values = np.asarray(predict(self.points), dtype=float).reshape(self.shape)
        # Clip so an output a hair outside [0, 1] cannot change the colours.
        self.image.set_data(np.clip(values, 0.0, 1.0))
        guess = np.asarray(predict(self.X), dtype=float).reshape(-1) > 0.5
        return float(np.mean(guess == (self.y > 0.5)))


def plot_decision_boundary(
    ax: Axes, predict: Predictor, X: object, y: object, **kwargs: object
) -> BoundaryView:
    """Show ``predict``'s classes over the plane with the points ``(X, y)`` on top.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    predict : callable
        See :meth:`BoundaryView.update` (e.g. ``net.predict``).
    X : array_like, shape (n_samples, 2)
    y : array_like, shape (n_samples,) or (n_samples, 1)
    **kwargs
        ``xlim``, ``ylim``, ``resolution`` for :class:`BoundaryView`.

    Returns
    -------
    BoundaryView
        Its ``accuracy`` attribute holds the share of points classified right.
    """
    view = BoundaryView(ax, X, y, **kwargs)  # type: ignore[arg-type]
    view.accuracy = view.update(predict)
    return view

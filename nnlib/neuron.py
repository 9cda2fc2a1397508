r"""One artificial neuron, $\hat y = f(x \cdot w + b)$ (Chapter 1).

The bias $b$ is the weight of an extra input that is always 1, so a neuron
with inputs $x_0, x_1, x_2$ computes
$\hat y = f(x_0 w_0 + x_1 w_1 + x_2 w_2 + 1 \cdot b)$.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import as_finite_float, as_float_array
from .activations import Activation, get_activation

__all__ = ["Neuron", "NeuronSteps"]


@dataclass(frozen=True)
class NeuronSteps:
    r"""The three steps of one neuron on one sample, kept for display.

    Attributes
    ----------
    inputs : numpy.ndarray, shape (n_inputs,)
        $x_i$.
    weights : numpy.ndarray, shape (n_inputs,)
        $w_i$.
    products : numpy.ndarray, shape (n_inputs,)
        Step 1: $x_i w_i$.
    weighted_sum : float
        Step 2a: $\sum_i x_i w_i$.
    bias : float
        $b$.
    z : float
        Step 2b: the pre-activation $z = \sum_i x_i w_i + b$.
    activation : str
        The name of $f$.
    output : float
        Step 3: $\hat y = f(z)$.
    """

    inputs: np.ndarray
    weights: np.ndarray
    products: np.ndarray
    weighted_sum: float
    bias: float
    z: float
    activation: str
    output: float

    def __str__(self) -> str:
        def factor(v: float) -> str:  # negative factors in brackets: 0.5×(-1.2)
            return f"({v:g})" if v < 0 else f"{v:g}"

        terms = " + ".join(
            f"{factor(x)}×{factor(w)}"
            for x, w in zip(self.inputs, self.weights, strict=True)
        )
        sign = "-" if self.bias < 0 else "+"
        return (
            f"step 1  products      {np.array2string(self.products, precision=4)}\n"
            f"step 2  z = {terms} {sign} {abs(self.bias):g} = {self.z:.4g}\n"
            f"step 3  ŷ = {self.activation}(z) = {self.output:.4g}"
        )


class Neuron:
    r"""An artificial neuron, $\hat y = f(x \cdot w + b)$.

    Parameters
    ----------
    weights : array_like, shape (n_inputs,)
        One weight per input: how much that input counts.
    bias : float, default 0.0
        The weight of a constant input 1.
    activation : str or Activation, default "sigmoid"
        The function $f$ (see :mod:`nnlib.activations`).

    Examples
    --------
    The meal-cost neuron: counts of burgers, fries and sodas in, prices as
    weights, identity activation, the bill out.

    >>> meal = Neuron([5.0, 2.5, 1.5], bias=0.0, activation="identity")
    >>> meal([2, 1, 3])
    17.0
    """

    def __init__(
        self,
        weights: object,
        bias: float = 0.0,
        activation: str | Activation = "sigmoid",
    ) -> None:
        self.weights = as_float_array(weights, "weights", ndim=1)
        if self.weights.size == 0:
            raise ValueError(
                "weights must hold at least one weight; got an empty array"
            )
        self.bias = as_finite_float(bias, "bias")
        self.activation = get_activation(activation)

    @property
    def n_inputs(self) -> int:
        """The number of inputs, ``len(weights)``."""
        return self.weights.size

    def _reject(self, x: object) -> np.ndarray:
        arr = np.asarray(x)
        raise ValueError(
            f"x must have {self.n_inputs} input(s) in its last axis (shape "
            f"({self.n_inputs},) for one sample or (n_samples, {self.n_inputs}) "
            f"for a batch); got shape {arr.shape}"
        )

    def pre_activation(self, x: object) -> np.ndarray | float:
        r"""The weighted sum plus bias, $z = x \cdot w + b$.

        Parameters
        ----------
        x : array_like, shape (n_inputs,) or (n_samples, n_inputs)
            One sample or a batch (samples in rows).

        Returns
        -------
        float or numpy.ndarray of shape (n_samples,)
        """
        x_arr = as_float_array(x, "x", ndim=(1, 2))
        if x_arr.shape[-1] != self.n_inputs:
            self._reject(x_arr)
        z = x_arr @ self.weights + self.bias
        return float(z) if np.ndim(z) == 0 else z

    def __call__(self, x: object) -> np.ndarray | float:
        r"""The output $\hat y = f(x \cdot w + b)$ for one sample or a batch.

        Parameters
        ----------
        x : array_like, shape (n_inputs,) or (n_samples, n_inputs)

        Returns
        -------
        float for one sample, or numpy.ndarray of shape (n_samples,)
        """
        z = np.asarray(self.pre_activation(x))
        y = self.activation.forward(z)
        return float(y) if y.ndim == 0 else y

    def steps(self, x: object) -> NeuronSteps:
        """Compute one sample's output step by step, keeping every step.

        Parameters
        ----------
        x : array_like, shape (n_inputs,)
            One sample (for a batch, call the neuron itself).

        Returns
        -------
        NeuronSteps
            Step 1 the products $x_i w_i$, step 2 $z = \\sum_i x_i w_i + b$,
            step 3 $\\hat y = f(z)$; ``steps(x).output == neuron(x)``.
        """
        x_arr = as_float_array(x, "x", ndim=1)
        if x_arr.shape[0] != self.n_inputs:
            self._reject(x_arr)
        products = x_arr * self.weights
        # The same dot product as pre_activation, so steps(x).z == pre_activation(x)
        # to the last bit (a separate products.sum() could round differently).
        weighted_sum = float(x_arr @ self.weights)
        z = weighted_sum + self.bias
        y = float(self.activation.forward(np.asarray(z)))
        return NeuronSteps(
            inputs=x_arr,
            weights=self.weights.copy(),
            products=products,
            weighted_sum=weighted_sum,
            bias=self.bias,
            z=z,
            activation=self.activation.name,
            output=y,
        )

    def __repr__(self) -> str:
        w = np.array2string(self.weights, precision=3, separator=", ")
        name = self.activation.name
        return f"Neuron(weights={w}, bias={self.bias:g}, activation={name!r})"

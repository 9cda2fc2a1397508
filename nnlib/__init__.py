"""nnlib: a small numpy library for seeing neural networks work.

The modules follow the book's chapters:

- :mod:`nnlib.activations` -- activation functions and their derivatives (Ch. 1-2)
- :mod:`nnlib.neuron` -- one artificial neuron, step by step (Ch. 1)
- :mod:`nnlib.layers`, :mod:`nnlib.network` -- dense layers and the MLP (Ch. 2-3)
- :mod:`nnlib.recurrent` -- a minimal recurrent cell with a hidden state (Ch. 3)
- :mod:`nnlib.datasets` -- seeded toy data: XOR, two moons, circles, a noisy curve (Ch. 2-3)
- :mod:`nnlib.losses`, :mod:`nnlib.gradcheck` -- losses with gradients, numerical checks (Ch. 4)
- :mod:`nnlib.linear` -- the line ŷ = m x + b, its error and gradient (Ch. 4-5)
- :mod:`nnlib.descent`, :mod:`nnlib.training` -- gradient descent and training an MLP (Ch. 5-6)
- :mod:`nnlib.plots` -- the book's figures
- :mod:`nnlib.widgets` -- slider panels that update figures in place
- :mod:`nnlib.panels` -- the panels each chapter shows
"""

from .activations import ACTIVATIONS, Activation, get_activation
from .descent import DescentResult, gradient_descent
from .gradcheck import check_network_gradients, numerical_gradient
from .layers import Dense
from .losses import binary_cross_entropy, mse
from .network import MLP
from .neuron import Neuron, NeuronSteps
from .recurrent import RecurrentCell
from .training import TrainingResult, train

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "Dense",
    "MLP",
    "Neuron",
    "NeuronSteps",
    "get_activation",
    "DescentResult",
    "TrainingResult",
    "binary_cross_entropy",
    "check_network_gradients",
    "gradient_descent",
    "mse",
    "numerical_gradient",
    "train",
    "RecurrentCell",
]

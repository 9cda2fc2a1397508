"""nnlib: a small numpy library for seeing neural networks work.

The modules follow the book's chapters:

- :mod:`nnlib.activations` -- activation functions and their derivatives (Ch. 1-2)
- :mod:`nnlib.neuron` -- one artificial neuron, step by step (Ch. 1)
- :mod:`nnlib.layers`, :mod:`nnlib.network` -- dense layers and the MLP (Ch. 3)
- :mod:`nnlib.plots` -- the book's figures
- :mod:`nnlib.widgets` -- slider panels that update figures in place
- :mod:`nnlib.panels` -- the panels each chapter shows
"""

from .activations import ACTIVATIONS, Activation, get_activation
from .layers import Dense
from .network import MLP
from .neuron import Neuron, NeuronSteps

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS", "Activation", "Dense", "MLP", "Neuron", "NeuronSteps", "get_activation",
]

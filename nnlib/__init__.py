"""nnlib: a small numpy library for learning how a neural network learns.

Read it in this order: ``activations`` (sigmoid and friends, each with its
derivative), ``losses`` (the mean squared error), ``gradients`` (the numerical
gradient by central differences), ``network`` (forward pass, loss, numerical
gradient and backpropagation), ``training`` (gradient descent and its record)
and ``examples`` (the worked example). These import only numpy.

Their arguments are checked once, at the door, by ``checks``. ``nnlib.fast``
trains the same way, vectorised, for sliders and sweeps (``nnlib.fast_classifier``
does it for lesson 6's classifier); the course's plots and widgets live in
``nnlib.course``. None of these is loaded here.
"""

from .activations import identity, identity_grad, relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad
from .examples import worked_example
from .gradients import derivative, numerical_gradient
from .losses import mse, mse_grad
from .network import Network
from .training import History, gradient_descent

__version__ = "0.1.0"

__all__ = [
    "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad", "identity", "identity_grad",
    "mse", "mse_grad", "numerical_gradient", "derivative",
    "Network", "worked_example", "gradient_descent", "History",
]

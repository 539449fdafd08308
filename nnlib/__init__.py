"""nnlib: a small numpy library for learning how a neural network learns.

Forward propagation, the mean squared error, the numerical gradient by
central differences, backpropagation to check it, and gradient descent that
keeps a record of every step. The maths modules import only numpy;
plotting (``nnlib.course.plots``) and widgets (``nnlib.course.widgets``) are imported
on demand.
"""

from .activations import (
    identity, identity_grad, relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad,
)
from .examples import worked_example
from .gradients import derivative, numerical_gradient, numerical_gradient_batched
from .course.i18n import course_language
from .losses import mse, mse_grad
from .network import Network
from .training import History, Sweep, gradient_descent, learning_rate_sweep

__version__ = "0.1.0"

__all__ = [
    "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
    "identity", "identity_grad", "mse", "mse_grad",
    "numerical_gradient", "numerical_gradient_batched", "derivative",
    "Network", "worked_example", "gradient_descent", "learning_rate_sweep",
    "History", "Sweep", "course_language",
]

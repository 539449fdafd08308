"""The worked example of the course: a 2-2-2 sigmoid network and one sample."""

import numpy as np

from .network import Network


def worked_example():
    """The course's example: a 2-2-2 sigmoid ``Network``, input ``x`` (2,) and target ``t`` (2,).

    New arrays on every call, so training one copy never changes the next.
    """
    net = Network({"W1": [[0.1, 0.2], [0.3, 0.1]], "b1": [0.1, 0.2],
                   "W2": [[0.4, 0.5], [0.1, 0.3]], "b2": [0.3, 0.4]}, activations="sigmoid")
    return net, np.array([0.5, 0.8]), np.array([0.2, 0.1])

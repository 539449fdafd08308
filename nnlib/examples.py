"""The worked example of the course: a 2-2-2 sigmoid network and one sample."""

import numpy as np

from .network import Network


def worked_example():
    """The course's example network, input and target, as fresh copies.

    Returns
    -------
    net : Network
        Sizes (2, 2, 2), sigmoid in both layers, with
        W1 = [[0.1, 0.2], [0.3, 0.1]], b1 = [0.1, 0.2],
        W2 = [[0.4, 0.5], [0.1, 0.3]], b2 = [0.3, 0.4].
    x : ndarray of shape (2,)
        The input [0.5, 0.8].
    t : ndarray of shape (2,)
        The target [0.2, 0.1].

    Every call builds new arrays, so training one copy never changes the next.
    """
    net = Network({"W1": [[0.1, 0.2], [0.3, 0.1]], "b1": [0.1, 0.2],
                   "W2": [[0.4, 0.5], [0.1, 0.3]], "b2": [0.3, 0.4]}, activations="sigmoid")
    return net, np.array([0.5, 0.8]), np.array([0.2, 0.1])

"""The vectorised training engine: ``fast.gradient_descent`` and ``fast.learning_rate_sweep``.

TEMPORARY STAND-IN (branch ``lessons``): the lessons already import
``from nnlib import fast``; the engine itself lands with branch ``core``,
whose ``nnlib/fast.py`` replaces this file entirely when merged.
"""

from .training import gradient_descent, learning_rate_sweep

__all__ = ["gradient_descent", "learning_rate_sweep"]

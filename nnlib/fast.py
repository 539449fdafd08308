from .training import History, Sweep, gradient_descent, learning_rate_sweep

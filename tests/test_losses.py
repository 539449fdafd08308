import numpy as np
import pytest

import nnlib


def test_mse_is_mean_of_squares():
    assert nnlib.mse([0.5, 0.8], [0.2, 0.1]) == pytest.approx((0.3**2 + 0.7**2) / 2, rel=1e-15)


def test_mse_is_half_sum_times_two_over_n():
    y, t = np.array([0.1, 0.4, 0.9]), np.array([0.0, 0.5, 1.0])
    half_sum = 0.5 * np.sum((y - t) ** 2)  # the textbook's mean_squared_error
    assert nnlib.mse(y, t) == pytest.approx(half_sum * 2 / y.size, rel=1e-15)


def test_mse_grad_matches_numerical_gradient():
    y, t = np.array([0.3, -0.2, 0.7]), np.array([0.1, 0.1, 0.1])
    numeric = nnlib.numerical_gradient(lambda v: nnlib.mse(v, t), y.copy())
    np.testing.assert_allclose(nnlib.mse_grad(y, t), numeric, rtol=1e-8)


def test_mse_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        nnlib.mse([1.0, 2.0], [1.0, 2.0, 3.0])

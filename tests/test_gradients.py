import numpy as np
import pytest

import nnlib
from nnlib.gradients import numerical_gradient_batched


def test_gradient_of_quadratic_any_shape():
    x = np.arange(12.0).reshape(2, 3, 2) / 7
    grad = nnlib.numerical_gradient(lambda v: np.sum(v**2), x)
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-9, atol=1e-12)
    assert grad.dtype == np.float64 and grad.shape == x.shape


def test_closure_sees_the_nudged_array_and_x_is_restored_bitwise():
    x = np.array([0.1, 0.2, 0.3]) / 3  # values with long binary expansions
    before = x.copy()
    grad = nnlib.numerical_gradient(lambda _: np.sum(np.sin(x)), x)  # ignores its argument
    np.testing.assert_allclose(grad, np.cos(before), rtol=1e-8)
    assert x.tobytes() == before.tobytes()


def test_integer_array_is_refused_with_fix():
    x = np.array([1, 2])
    with pytest.raises(TypeError, match=r"int.*astype\(np.float64\)"):
        nnlib.numerical_gradient(lambda v: np.sum(v**2), x)
    np.testing.assert_array_equal(x, [1, 2])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.bool_, np.complex128])
def test_other_dtypes_are_refused(dtype):
    with pytest.raises(TypeError, match="dtype"):
        nnlib.numerical_gradient(lambda v: 0.0, np.zeros(2, dtype=dtype))


def test_list_is_refused():
    with pytest.raises(TypeError, match="numpy array"):
        nnlib.numerical_gradient(lambda v: 0.0, [1.0, 2.0])


@pytest.mark.parametrize("h", [0.0, -1e-4, np.inf, np.nan])
def test_bad_h(h):
    with pytest.raises(ValueError, match="h must be a positive finite"):
        nnlib.numerical_gradient(lambda v: 0.0, np.zeros(2), h=h)


def test_every_element_restored_when_f_raises():
    x = np.array([[0.1, 0.7], [1 / 3, 2 / 3]])
    before = x.copy()
    calls = []

    def f(v):
        calls.append(1)
        if len(calls) == 6:  # fails in the middle of the third element
            raise RuntimeError("boom")
        return float(np.sum(v))

    with pytest.raises(RuntimeError, match="boom"):
        nnlib.numerical_gradient(f, x)
    assert x.tobytes() == before.tobytes()


def test_non_scalar_f_is_refused():
    with pytest.raises(ValueError, match="single number"):
        nnlib.numerical_gradient(lambda v: v * 2, np.zeros(2))


def test_derivative_central_beats_forward():
    x = 0.7
    exact = np.cos(x)
    central = abs(nnlib.derivative(np.sin, x, 1e-3) - exact)
    forward = abs(nnlib.derivative(np.sin, x, 1e-3, method="forward") - exact)
    assert central < forward / 100
    with pytest.raises(ValueError, match="method"):
        nnlib.derivative(np.sin, x, method="backward")


def test_batched_equals_readable_bit_for_bit():
    rng = np.random.default_rng(3)
    params = {"a": rng.standard_normal((2, 3)), "b": rng.standard_normal(4)}
    before = {k: v.copy() for k, v in params.items()}

    def f(p):
        return np.sum(np.tanh(p["a"]) ** 3) + np.prod(np.cos(p["b"]))

    def f_many(stacked):
        return (np.tanh(stacked["a"]) ** 3).sum(axis=(1, 2)) + np.cos(stacked["b"]).prod(axis=1)

    fast = numerical_gradient_batched(f_many, params)
    for name in params:
        slow = nnlib.numerical_gradient(lambda _: f(params), params[name])
        np.testing.assert_allclose(fast[name], slow, rtol=1e-10, atol=1e-12)
        assert params[name].tobytes() == before[name].tobytes()


def test_batched_refuses_lists_and_integers():
    with pytest.raises(TypeError, match="numpy array"):
        numerical_gradient_batched(lambda s: np.zeros(2), {"a": [1.0]})
    with pytest.raises(TypeError, match="astype"):
        numerical_gradient_batched(lambda s: np.zeros(2), {"a": np.array([1])})


def test_batched_checks_return_shape():
    with pytest.raises(ValueError, match="shape"):
        numerical_gradient_batched(lambda s: np.zeros(3), {"a": np.zeros(2)})

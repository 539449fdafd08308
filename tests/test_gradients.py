import numpy as np
import pytest

import nnlib


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
    with pytest.raises(TypeError, match="one number"):
        nnlib.numerical_gradient(lambda v: v * 2, np.zeros(2))


def test_derivative_central_beats_forward():
    x = 0.7
    exact = np.cos(x)
    central = abs(nnlib.derivative(np.sin, x, 1e-3) - exact)
    forward = abs(nnlib.derivative(np.sin, x, 1e-3, method="forward") - exact)
    assert central < forward / 100
    with pytest.raises(ValueError, match="method"):
        nnlib.derivative(np.sin, x, method="backward")




def test_h_too_small_for_x_is_refused():
    x = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match="too small"):
        nnlib.numerical_gradient(lambda v: np.sum(v**2), x, h=1e-17)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_f_returning_a_string_is_refused():
    with pytest.raises(TypeError, match="one number"):
        nnlib.numerical_gradient(lambda v: "0.5", np.zeros(2))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_f_returning_nan_or_inf_is_a_clear_error(bad):
    x = np.array([0.5, 0.25])
    with pytest.raises(ValueError, match=r"f\(x \+ h\) is (nan|inf)"):
        nnlib.numerical_gradient(lambda v: bad, x)
    np.testing.assert_array_equal(x, [0.5, 0.25])


def test_f_that_writes_into_x_leaves_x_as_it_was():
    x = np.array([0.1, 0.2, 0.3])
    before = x.copy()

    def f(v):
        v[2] = 99.0  # a careless loss function
        return float(np.sum(v))

    nnlib.numerical_gradient(f, x)
    assert x.tobytes() == before.tobytes()


def test_a_view_with_gaps_is_refused_not_silently_copied():
    W = np.arange(6.0).reshape(2, 3)
    with pytest.raises(ValueError, match=r"x is a view with gaps.*x.copy\(\)"):
        nnlib.numerical_gradient(lambda v: np.sum(v**2), W[:, :2])
    with pytest.raises(ValueError, match="view with gaps"):
        nnlib.numerical_gradient(lambda v: np.sum(v**2), W.T)
    np.testing.assert_allclose(nnlib.numerical_gradient(lambda v: np.sum(v**2), W[:, :2].copy()),
                               2 * W[:, :2], rtol=1e-9)

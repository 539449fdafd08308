import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnlib


def test_worked_example_forward_values():
    net, x, t = nnlib.worked_example()
    v = net.forward(x)
    assert list(v) == ["a1", "z1", "a2", "y"]
    np.testing.assert_allclose(v["a1"], [0.5 * 0.1 + 0.8 * 0.3 + 0.1, 0.5 * 0.2 + 0.8 * 0.1 + 0.2], rtol=1e-15)
    np.testing.assert_allclose(v["z1"], 1 / (1 + np.exp(-v["a1"])), rtol=1e-15)
    np.testing.assert_allclose(v["a2"], v["z1"] @ net.params["W2"] + net.params["b2"], rtol=1e-15)
    np.testing.assert_array_equal(net.predict(x), v["y"])
    assert net.loss(x, t) == pytest.approx(np.mean((v["y"] - t) ** 2), rel=1e-15)


def test_worked_example_is_fresh_each_call():
    net, x, t = nnlib.worked_example()
    net.params["W1"][0, 0] = 99.0
    x[0] = 99.0
    net2, x2, _ = nnlib.worked_example()
    assert net2.params["W1"][0, 0] == 0.1 and x2[0] == 0.5


def test_batch_equals_rows():
    net = nnlib.Network.random((3, 4, 2), ["tanh", "sigmoid"], seed=1)
    X = np.random.default_rng(0).standard_normal((5, 3))
    batch = net.predict(X)
    assert batch.shape == (5, 2)
    for i in range(5):
        np.testing.assert_allclose(batch[i], net.predict(X[i]), rtol=1e-14)


def test_gradient_steps_0_match_seed(reference):
    net, x, t = nnlib.worked_example()
    grads = net.numerical_gradient(x, t)
    for name, expected in reference["gradients_step0"].items():
        # printed to 8 significant digits: half a unit in the 8th place
        np.testing.assert_allclose(grads[name], expected, rtol=0, atol=5e-9)


def test_numerical_gradient_leaves_params_untouched():
    net, x, t = nnlib.worked_example()
    before = {k: v.tobytes() for k, v in net.params.items()}
    net.numerical_gradient(x, t)
    net.gradient(x, t)
    assert {k: v.tobytes() for k, v in net.params.items()} == before


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    acts=st.lists(st.sampled_from(["sigmoid", "tanh", "identity"]), min_size=3, max_size=3),
    batch=st.integers(0, 3),
    seed=st.integers(0, 2**16),
)
def test_backprop_agrees_with_numerical_gradient(sizes, acts, batch, seed):
    """Two independent computations of the same gradient, to 1e-7 relative.

    h = 1e-5 here, not the course's 1e-4: central differences err by about
    h**2 * f'''(x) / 6, and random tanh networks have third derivatives
    large enough to push that past 1e-7 at h = 1e-4 (seen: 2.4e-7 relative).
    """
    n_layers = len(sizes) - 1
    net = nnlib.Network.random(sizes, acts[:n_layers], seed=seed)
    rng = np.random.default_rng(seed + 1)
    x = rng.standard_normal(sizes[0]) if batch == 0 else rng.standard_normal((batch, sizes[0]))
    t = rng.standard_normal(net.predict(x).shape)
    analytic = net.gradient(x, t)
    numeric = net.numerical_gradient(x, t, h=1e-5)
    for name in net.params:
        scale = max(np.max(np.abs(analytic[name])), 1e-3)
        np.testing.assert_allclose(numeric[name], analytic[name], rtol=1e-7, atol=1e-7 * scale)


def test_relu_network_gradient_agrees_away_from_kinks():
    net = nnlib.Network.random((3, 5, 2), ["relu", "identity"], seed=7)
    x, t = np.array([0.3, -0.8, 1.1]), np.array([0.5, -0.5])
    a1 = net.forward(x)["a1"]
    assert np.min(np.abs(a1)) > 1e-3  # no unit sits on its kink
    np.testing.assert_allclose(net.numerical_gradient(x, t)["W1"], net.gradient(x, t)["W1"], rtol=1e-7, atol=1e-10)


def test_network_copies_the_callers_arrays():
    W1 = np.array([[0.1, 0.2], [0.3, 0.1]])
    net = nnlib.Network({"W1": W1, "b1": [0.0, 0.0]})
    net.params["W1"][0, 0] = 5.0
    assert W1[0, 0] == 0.1


@pytest.mark.parametrize(
    "x, t, message",
    [
        ([0.5, 0.8, 0.1], [0.2, 0.1], r"x has shape \(3,\).*2 inputs"),
        ([0.5, 0.8], [0.2], r"t has shape \(1,\)"),
        ([[0.5, 0.8]], [0.2, 0.1], r"t has shape \(2,\)"),
        ([np.nan, 0.8], [0.2, 0.1], "x contains NaN"),
        ([0.5, 0.8], [np.inf, 0.1], "t contains NaN or infinity"),
        (["a", "b"], [0.2, 0.1], "x must be an array of numbers"),
    ],
)
def test_bad_inputs_are_named(x, t, message):
    net, _, _ = nnlib.worked_example()
    with pytest.raises((ValueError, TypeError), match=message):
        net.loss(x, t)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"W1": [[1.0]], "b1": [0.0], "W3": [[1.0]], "b3": [0.0]}, "named W1, b1, W2"),
        ({"W1": [[1.0, 2.0]], "b1": [0.0]}, r"b1 has shape \(1,\)"),
        ({"W1": [1.0], "b1": [0.0]}, "W1 must be 2-D"),
        ({"W1": [[1.0]], "b1": [0.0], "W2": [[1.0], [2.0]], "b2": [0.0]}, "layer 1 has 1 outputs"),
        ({"W1": [[np.nan]], "b1": [0.0]}, "W1 contains NaN"),
    ],
)
def test_bad_params_are_named(params, message):
    with pytest.raises((ValueError, TypeError), match=message):
        nnlib.Network(params)


def test_bad_activation_count():
    with pytest.raises(ValueError, match="2 names for 1 layers"):
        nnlib.Network({"W1": [[1.0]], "b1": [0.0]}, ["relu", "relu"])


@pytest.mark.parametrize("sizes", [(2.7, 3.2, 1), (2, "3", 1), (2,), "21", (2, True, 1)])
def test_random_refuses_sizes_that_are_not_whole_numbers(sizes):
    with pytest.raises(TypeError, match="sizes must list at least two whole numbers"):
        nnlib.Network.random(sizes)


def test_zero_width_layers_are_refused_by_both_constructors():
    with pytest.raises(ValueError, match="W1 must be 2-D"):
        nnlib.Network({"W1": np.zeros((2, 0)), "b1": np.zeros(0)})
    with pytest.raises(ValueError, match="W1 must be 2-D"):
        nnlib.Network.random((2, 0, 1))


@pytest.mark.parametrize("activations", [None, 3, {"sigmoid"}])
def test_activations_that_are_not_names_are_named(activations):
    with pytest.raises(TypeError, match="activations must be a name or a list of names"):
        nnlib.Network({"W1": [[1.0]], "b1": [0.0]}, activations)


def test_forward_is_the_textbook_two_lines_per_layer():
    net, x, t = nnlib.worked_example()
    W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
    sigmoid = lambda a: 1 / (1 + np.exp(-a))
    y = sigmoid(np.dot(sigmoid(np.dot(x, W1) + b1), W2) + b2)
    np.testing.assert_allclose(net.predict(x), y, rtol=1e-15, atol=0)
    assert net.loss(x, t) == pytest.approx(np.mean((y - t) ** 2), rel=1e-14)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(sizes=[2, -1, 2]), ValueError, r"sizes must be at least 1 each, got \[2, -1, 2\]"),
    (dict(sizes=[2, 3], seed=-1), ValueError, "seed must be at least 0, got -1"),
    (dict(sizes=[2, 3], seed="a"), TypeError, "seed must be a whole number, got 'a'"),
    (dict(sizes=[2, 3], seed=1.5), TypeError, "seed must be a whole number"),
])
def test_random_names_a_bad_size_or_seed(kwargs, error, message):
    with pytest.raises(error, match=message):
        nnlib.Network.random(**kwargs)


@pytest.mark.parametrize("x, message", [(None, "x must be an array of numbers, got None"),
                                        ({"a": 1}, "x must be an array of numbers")])
def test_an_input_that_is_not_numbers_is_named(x, message):
    net, _, t = nnlib.worked_example()
    for call in (lambda: net.predict(x), lambda: net.loss(x, t), lambda: net.gradient(x, t)):
        with pytest.raises(TypeError, match=message):
            call()

"""derivations.lambdify: proved formulas as NumPy code, equal to the hand-written backprop."""
import numpy as np
import pytest
import sympy as sp

from derivations import lambdify
from derivations.lambdify import UnprovedFormula, activation_prime, generated_code, output_error, symbolic_backward
from numeric import ACTIVATIONS, LOSSES, Network, NumericError

OUTPUTS = ["identity", "sigmoid", "tanh", "relu", "softmax"]
HIDDEN = ["relu", "sigmoid", "tanh", "identity"]


def _data(n_in: int, n_out: int, m: int, loss: str, seed: int = 0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_in, m))
    if loss == "cce":
        Y = np.eye(n_out)[:, rng.integers(0, n_out, m)]
    elif loss == "bce":
        Y = (rng.random((n_out, m)) > 0.5).astype(float)
    else:
        Y = rng.random((n_out, m))
    return X.astype(dtype), Y.astype(dtype)


def _net(output: str, loss: str, hidden=("tanh", "relu"), seed: int = 0, dtype=np.float64) -> Network:
    return Network([3, 5, 4, 3], [*hidden, output], loss=loss, seed=seed, dtype=dtype)


def _assert_same_gradients(net: Network, X, Y, rtol: float = 1e-12) -> None:
    dW, db = symbolic_backward(net)(X, Y)
    rW, rb = net.backward(X, Y)
    for name, got, want in zip(["dW"] * net.L + ["db"] * net.L, dW + db, rW + rb):
        np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * np.abs(want).max(), err_msg=name)


@pytest.fixture
def fresh_proofs():
    """Forget every cached proof and generated function, before and after the test."""
    caches = [lambdify.activation_derivative, lambdify.loss_gradient, lambdify._prove_elementwise_bp1,
              lambdify._prove_collapse, lambdify._prove_softmax_vjp, lambdify.prove_layer_formulas,
              lambdify._generate]
    for cache in caches:
        cache.cache_clear()
    yield
    for cache in caches:
        cache.cache_clear()


# --- symbolic = backprop, every output activation with every loss ---
@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("output", OUTPUTS)
def test_symbolic_backward_equals_backprop(output, loss):
    net = _net(output, loss, seed=1)
    _assert_same_gradients(net, *_data(3, 3, 7, loss, seed=2))


@pytest.mark.parametrize("hidden", HIDDEN)
def test_symbolic_backward_equals_backprop_for_each_hidden_activation(hidden):
    net = _net("softmax", "cce", hidden=(hidden, hidden), seed=3)
    _assert_same_gradients(net, *_data(3, 3, 9, "cce", seed=4))


def test_symbolic_backward_equals_backprop_for_one_layer():
    net = Network([4, 2], ["sigmoid"], loss="bce", seed=5)
    _assert_same_gradients(net, *_data(4, 2, 6, "bce", seed=6))


def test_symbolic_backward_equals_backprop_for_four_layers():
    net = Network([6, 8, 7, 5, 4], "relu", loss="cce", seed=7)
    _assert_same_gradients(net, *_data(6, 4, 11, "cce", seed=8))


def test_symbolic_backward_for_a_single_example():
    net = _net("sigmoid", "mse", seed=9)
    _assert_same_gradients(net, *_data(3, 3, 1, "mse", seed=10))


def test_symbolic_backward_follows_parameter_updates():
    net = _net("softmax", "cce", seed=11)
    backward = symbolic_backward(net)
    X, Y = _data(3, 3, 5, "cce", seed=12)
    net.W[0] -= 0.5 * backward(X, Y)[0][0]
    np.testing.assert_allclose(backward(X, Y)[0][0], net.backward(X, Y)[0][0], rtol=1e-12, atol=1e-15)


def test_symbolic_backward_casts_float64_input_to_a_float32_network():
    net = _net("softmax", "cce", dtype=np.float32)
    dW, db = symbolic_backward(net)(*_data(3, 3, 5, "cce"))
    assert {g.dtype for g in dW + db} == {np.dtype(np.float32)}


# --- dtype: float32 stays float32 ---
@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("output", OUTPUTS)
def test_float32_network_gets_float32_gradients(output, loss):
    net = _net(output, loss, hidden=("relu", "sigmoid"), dtype=np.float32)
    dW, db = symbolic_backward(net)(*_data(3, 3, 5, loss, dtype=np.float32))
    assert {g.dtype for g in dW + db} == {np.dtype(np.float32)}


def test_float32_gradients_agree_with_float64():
    net = _net("softmax", "cce", seed=13)
    X, Y = _data(3, 3, 8, "cce", seed=14)
    dW64, _ = symbolic_backward(net)(X, Y)
    dW32, _ = symbolic_backward(net.astype(np.float32))(X.astype(np.float32), Y.astype(np.float32))
    np.testing.assert_allclose(dW32[0], dW64[0], rtol=1e-4, atol=1e-6)


def test_relu_derivative_is_not_an_integer_select():
    code = generated_code(_net("softmax", "cce", hidden=("relu", "relu")))
    assert "greater(z1, 0)" in code and "select" not in code


# --- the generated code: vectorised, once per architecture ---
def test_generated_code_uses_matmuls():
    assert "multiply_into((W2.T).dot(delta2), dact1)" in generated_code(_net("softmax", "cce"))


def test_generated_code_adds_the_bias_into_the_product():
    assert "z1 = add_into((W1).dot(X), b1)" in generated_code(_net("softmax", "cce"))


def test_into_writes_into_its_first_operand():
    from derivations.lambdify import _into

    fresh = np.ones((200, 300))
    assert _into(np.add)(fresh, np.ones((200, 1))) is fresh


def test_into_of_a_wider_dtype_is_a_new_array():
    from derivations.lambdify import _into

    fresh = np.ones((200, 300), dtype=np.float32)
    assert _into(np.add)(fresh, np.full((200, 1), 1e-10)).dtype == np.float64


def test_into_of_a_mask_writes_into_the_product():
    from derivations.lambdify import _into

    fresh = np.ones((200, 300))
    assert _into(np.multiply)(fresh, fresh > 0) is fresh


def test_into_of_a_small_array_is_a_new_array():
    from derivations.lambdify import _into

    fresh = np.ones((2, 3))
    assert _into(np.add)(fresh, np.ones((2, 1))) is not fresh


def test_generated_code_sums_delta_over_columns_for_bp3():
    assert "(delta1).sum(axis=1, keepdims=True)" in generated_code(_net("softmax", "cce"))


def test_generated_code_does_not_depend_on_layer_widths():
    small = Network([3, 5, 2], "relu", loss="cce")
    large = Network([784, 128, 10], "relu", loss="cce")
    assert generated_code(small) == generated_code(large)


def test_generated_code_uses_the_collapse_for_softmax_and_cce():
    assert "delta2 = (-Y + a2)/m" in generated_code(Network([3, 5, 2], "relu", loss="cce"))


def test_generated_code_uses_the_stable_sigmoid():
    net = Network([3, 5, 1], "relu", loss="bce")
    assert "a2 = sigma(z2)" in generated_code(net)


def test_wrong_input_shape_is_rejected():
    net = _net("softmax", "cce")
    X, Y = _data(3, 3, 4, "cce")
    with pytest.raises(NumericError, match="expected X"):
        symbolic_backward(net)(X.T, Y)


# --- the proved pieces one at a time ---
@pytest.mark.parametrize("name", HIDDEN)
def test_activation_prime_equals_numeric_derivative(name):
    z = np.linspace(-4, 4, 81) + 0.01  # avoids the kink exactly
    np.testing.assert_allclose(activation_prime(name)(z), ACTIVATIONS[name].df(z), rtol=1e-12, atol=1e-15)


def test_relu_prime_at_the_kink_is_zero():
    assert activation_prime("relu")(np.array([0.0])).tolist() == [0.0]


def test_activation_prime_keeps_float32():
    assert activation_prime("tanh")(np.zeros(3, dtype=np.float32)).dtype == np.float32


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("output", OUTPUTS)
def test_output_error_equals_loss_delta(output, loss):
    rng = np.random.default_rng(15)
    Z = rng.standard_normal((3, 6))
    act = Network([2, 3], [output], loss=loss).activations[-1]
    A, Y = act.f(Z), _data(1, 3, 6, loss, seed=16)[1]
    want = LOSSES[loss].delta(Z, A, Y, act)
    np.testing.assert_allclose(output_error(loss, output)(Z, A, Y), want, rtol=1e-12, atol=1e-12 * np.abs(want).max())


def test_sigmoid_derivative_is_a_times_one_minus_a():
    a = sp.Symbol("a", real=True)
    assert lambdify.activation_derivative("sigmoid") == a * (1 - a)


def test_bce_gradient_floors_its_denominator():
    grad = output_error("bce", "identity")(np.array([[2.0]]), np.array([[1.0]]), np.array([[0.0]]))
    assert np.isfinite(grad).all()


# --- refusing what is not proved ---
def test_a_wrong_activation_derivative_is_refused(monkeypatch, fresh_proofs):
    z, a = lambdify.z, lambdify.a
    monkeypatch.setitem(lambdify._ACTIVATIONS, "sigmoid", (lambdify.sigma(z), a * (1 + a)))
    with pytest.raises(UnprovedFormula, match="refuted"):
        lambdify.activation_derivative("sigmoid")


def test_a_wrong_loss_gradient_is_refused(monkeypatch, fresh_proofs):
    a, y = lambdify.a, lambdify.y
    monkeypatch.setitem(lambdify._LOSSES, "mse", ((a - y) ** 2 / 2, 2 * (a - y), ()))
    with pytest.raises(UnprovedFormula, match="d/da mse"):
        lambdify.loss_gradient("mse")


def test_no_code_is_generated_when_a_proof_fails(monkeypatch, fresh_proofs):
    z, a = lambdify.z, lambdify.a
    monkeypatch.setitem(lambdify._ACTIVATIONS, "tanh", (sp.tanh(z), 1 + a**2))
    with pytest.raises(UnprovedFormula):
        symbolic_backward(_net("softmax", "cce", hidden=("tanh", "tanh")))


def test_an_undecided_verdict_is_refused(monkeypatch, fresh_proofs):
    from derivations.verdict import Verdict

    monkeypatch.setattr(lambdify, "verify_claim", lambda *args, **kw: Verdict("undecided", "none"))
    with pytest.raises(UnprovedFormula, match="undecided"):
        lambdify.prove_layer_formulas()


def test_unknown_activation_is_rejected():
    with pytest.raises(lambdify.GradproofError, match="no proved derivative"):
        lambdify.activation_derivative("swish")


# --- the emitted BP1-BP4, proved for symbolic widths and batch: a wrong one is refused ---
def test_bp3_as_a_mean_over_examples_is_refused(monkeypatch, fresh_proofs):
    monkeypatch.setattr(lambdify, "bp3", lambda delta: delta * sp.OneMatrix(delta.shape[1], 1) / delta.shape[1])
    with pytest.raises(UnprovedFormula, match="BP3"):
        lambdify.prove_layer_formulas()


def test_bp4_with_a_doubled_gradient_is_refused(monkeypatch, fresh_proofs):
    monkeypatch.setattr(lambdify, "bp4", lambda delta, A: 2 * delta * A.T)
    with pytest.raises(UnprovedFormula, match="BP4"):
        lambdify.prove_layer_formulas()


def test_bp2_without_sigma_prime_is_refused(monkeypatch, fresh_proofs):
    monkeypatch.setattr(lambdify, "bp2", lambda W, delta, dact: W.T * delta)
    with pytest.raises(UnprovedFormula, match="BP2"):
        lambdify.prove_layer_formulas()


def test_bp1_without_the_mean_is_refused(monkeypatch, fresh_proofs):
    without_mean = lambdify.ell_1(lambdify._A, lambdify._Y) * lambdify.phi_prime(lambdify._Z)
    monkeypatch.setattr(lambdify, "ELEMENTWISE_BP1", without_mean)
    with pytest.raises(UnprovedFormula, match="BP1"):
        lambdify._prove_elementwise_bp1()


def test_softmax_vjp_without_the_correction_is_refused(monkeypatch, fresh_proofs):
    monkeypatch.setattr(lambdify, "softmax_vjp", lambda A, g: sp.HadamardProduct(A, g))
    with pytest.raises(UnprovedFormula, match="softmax"):
        lambdify._prove_softmax_vjp()


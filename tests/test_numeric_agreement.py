"""Symbolic = backprop = finite differences: every checked derivation agrees, and wrong input is caught.

A wrong formula in the catalog (monkeypatched into ``catalog.get``) and every wrong backward pass of
``numeric.mutants`` must fail the agreement, naming the comparison and the quantity that broke.
"""
import dataclasses

import numpy as np
import pytest
import sympy as sp

from derivations import catalog, lambdify
from derivations.catalog import backprop, calculus, costs, elementwise, logistic, neuron, softmax
from derivations.catalog.generic import phi
from derivations.functions import relu_prime

phi_prime = phi.partial(1)
from numeric import agreement
from numeric.agreement import (
    BACKPROP, EXACT_RTOL, FD_RTOL, FINITE_DIFFERENCE, SYMBOLIC, NumericAgreement, check_derivation,
    checked_ids, formula, gradcheck_network, indexed, relative_errors, to_json,
)
from numeric.agreement.generated import ARCHITECTURES, _check_generated_step
from numeric.agreement.results import _Tally
from numeric.mutants import MUTANTS

SYM_BP, SYM_FD = f"{SYMBOLIC} vs {BACKPROP}", f"{SYMBOLIC} vs {FINITE_DIFFERENCE}"
#: Checked ids whose derivation describes a network: Network.backward (or a mutant) takes part.
NETWORK_IDS = ["bce-sigmoid", "mse-weights", "mse-bias", "two-layer", "backprop-equations", "neuron", "layer",
               "neuron-activation"]
#: Ids compared with the backprop code's pieces: SIGMOID.df (BP2's sigma'), softmax_jacobian and CCE.delta (BP1).
PART_IDS = ["sigmoid-derivative", "softmax-cce"]

_built: dict = {}


def built(derivation_id: str):
    """The catalog's derivation, built once for this module (building the catalog takes a while)."""
    if not _built:
        _built.update({d.id: d for d in catalog.all_derivations()})
    return _built[derivation_id]


def catalog_ids() -> list[str]:
    built("gradient")
    return list(_built)


def check(derivation_id: str, **options) -> NumericAgreement:
    return check_derivation(derivation_id, derivation=built(derivation_id), **options)


@pytest.fixture(scope="module")
def agreements() -> dict[str, NumericAgreement]:
    return {i: check(i) for i in checked_ids()}


# --- every checked derivation agrees ---
@pytest.mark.parametrize("derivation_id", checked_ids())
def test_checked_derivation_passes(agreements, derivation_id):
    agreement = agreements[derivation_id]
    assert agreement.passed, agreement.summary()


@pytest.mark.parametrize("derivation_id", checked_ids())
def test_checked_derivation_is_inside_the_tolerances_with_room(agreements, derivation_id):
    for comparison in agreements[derivation_id].details.values():
        assert comparison.max_rel_error < comparison.tolerance / 5, comparison.summary()


@pytest.mark.parametrize("derivation_id", checked_ids())
def test_symbolic_is_compared_with_finite_differences(agreements, derivation_id):
    assert agreements[derivation_id].compared[0] == SYMBOLIC
    assert FINITE_DIFFERENCE in agreements[derivation_id].compared


@pytest.mark.parametrize("derivation_id", NETWORK_IDS + PART_IDS)
def test_network_derivations_are_compared_with_backprop(agreements, derivation_id):
    agreement = agreements[derivation_id]
    assert agreement.compared == [SYMBOLIC, BACKPROP, FINITE_DIFFERENCE]
    assert agreement.details[SYM_BP].max_rel_error <= EXACT_RTOL


@pytest.mark.parametrize("derivation_id", checked_ids())
def test_several_points_are_evaluated(agreements, derivation_id):
    assert agreements[derivation_id].points >= 4


def test_every_checked_id_is_in_the_catalog():
    assert set(checked_ids()) <= set(catalog_ids())


def test_registered_ids_cover_the_gradient_derivations():
    assert {"gradient", "jacobian", "chain-rule-scalar", "chain-rule-jacobian", "sigmoid-derivative",
            "bce-sigmoid", "elementwise-jacobian", "hadamard", "sum", "mse-weights", "mse-bias", "two-layer",
            "softmax-cce", "backprop-equations"} <= set(checked_ids())



def test_derivation_without_a_gradient_gives_none():
    assert check_derivation("no-gradient-here") is None


def test_unchecked_catalog_ids_give_none():
    for derivation_id in set(catalog_ids()) - set(checked_ids()):
        assert check(derivation_id) is None


def test_same_seed_same_result():
    assert to_json(check("bce-sigmoid", seed=3)) == to_json(check("bce-sigmoid", seed=3))


@pytest.mark.parametrize("seed", [1, 2])
def test_other_seeds_pass_too(seed):
    assert [i for i in checked_ids() if not check(i, seed=seed).passed] == []


def test_derivation_is_looked_up_in_the_catalog_when_not_passed():
    assert to_json(check_derivation("jacobian")) == to_json(check("jacobian"))


def test_a_compiled_formula_is_reused_only_for_the_same_expression():
    x = sp.Symbol("x")
    assert formula(x**2, ("x",)) is formula(x**2, ("x",))
    assert formula(x**3, ("x",))(2.0) == 8.0


# --- the JSON block ---
def test_to_json_has_exactly_the_documented_keys(agreements):
    assert set(to_json(agreements["gradient"])) == {"max_rel_error", "points", "compared", "passed"}


def test_to_json_types(agreements):
    block = to_json(agreements["bce-sigmoid"])
    assert (type(block["max_rel_error"]), type(block["points"]), type(block["passed"])) == (float, int, bool)
    assert block["compared"] == ["symbolic", "backprop", "finite-difference"]


# --- the pieces ---
def test_relative_errors_zero_against_zero_is_zero():
    assert relative_errors(np.zeros(3), np.zeros(3)).tolist() == [0, 0, 0]


def test_relative_errors_nan_is_infinite():
    assert relative_errors(np.array([1.0, np.nan]), np.array([1.0, 1.0]))[1] == np.inf


def test_relative_errors_zero_against_nonzero_is_one():
    assert relative_errors(np.array([0.0, 1.0]), np.array([1.0, 1.0]))[0] == 1.0


def test_formula_unfolds_sigma():
    assert formula(logistic.sigmoid_derivative().steps[-1].rhs, ("z",))(0.0) == 0.25


def test_formula_of_a_matrix_broadcasts_constant_entries():
    J = formula(calculus.jacobian().steps[-1].rhs, ("x", "y"))(np.zeros(5), np.zeros(5))
    assert J.shape == (2, 2, 5) and np.all(J[1, 0] == -13)


def test_formula_evaluates_kronecker_delta_on_index_arrays():
    i, j = sp.symbols("i j", integer=True)
    v = sp.IndexedBase("v")
    rows, cols = np.arange(1, 4)[:, None], np.arange(1, 4)[None, :]
    assert np.array_equal(formula(sp.KroneckerDelta(i, j) * v[i], ("v", "i", "j"))(indexed([1.0, 2, 3]), rows, cols),
                          np.diag([1.0, 2, 3]))


def test_indexed_reads_one_based_and_zero_is_nan():
    x = indexed(np.array([5.0, 6.0]))
    assert np.isnan(x[0]) and x[1] == 5.0


# --- a wrong formula in the catalog is caught ---
x, y = calculus.x, calculus.y


def _mutated(derivation_id: str, change, *, label: str | None = None):
    """The derivation with the rhs of its last step changed, or of the step with this label or reason."""
    d = built(derivation_id)
    index = len(d.steps) - 1 if label is None else [
        k for k, step in enumerate(d.steps) if label in (step.label, step.reason)][0]
    steps = list(d.steps)
    steps[index] = dataclasses.replace(steps[index], rhs=change(steps[index].rhs))
    return dataclasses.replace(d, steps=tuple(steps))


MUTATIONS = {
    "gradient, factor 2 dropped": ("gradient", lambda r: r.applyfunc(lambda e: e / 2 if e.has(x) else e), None),
    "gradient, sign of -sin(y) flipped": ("gradient", lambda r: r.applyfunc(lambda e: -e if e.has(sp.sin) else e), None),
    "jacobian, transposed": ("jacobian", lambda r: r.T, None),
    "jacobian, e^y for -13": ("jacobian", lambda r: r.subs(-13, 13), None),
    "chain-rule-scalar, inner derivative 2x dropped": ("chain-rule-scalar", lambda r: sp.cos(x**2), None),
    "chain-rule-jacobian, transposed": ("chain-rule-jacobian", lambda r: r.T, None),
    "sigmoid-derivative, sign flipped": ("sigmoid-derivative", lambda r: -r, None),
    "sigmoid-derivative, factor (1 - sigma) dropped": (
        "sigmoid-derivative", lambda r: r.subs(1 - logistic.sigma(logistic.z), 1), None),
    "bce-sigmoid, x_j dropped from dJ/dw_j": ("bce-sigmoid", lambda r: r / logistic.x[logistic.j], "dJ/dw_j"),
    "bce-sigmoid, dJ/db sign flipped": ("bce-sigmoid", lambda r: -r, "dJ/db"),
    "bce-sigmoid, n = 3 gradient transposed": ("bce-sigmoid", lambda r: r.T, "grad_w J (n = 3)"),
    "bce-sigmoid, n = 3 gradient with y - a": ("bce-sigmoid", lambda r: -r, "grad_w J (n = 3)"),
    "elementwise-jacobian, d(v / w)/dw sign flipped (any n)": (
        "elementwise-jacobian", lambda r: sp.ImmutableMatrix([[r[0], -r[1]]]), "/, any n"),
    "elementwise-jacobian, d(v * w)/dv = diag(v) (n = 3)": (
        "elementwise-jacobian", lambda r: r.subs(_w_to_v(r)), "v * w, n = 3: the Jacobian w.r.t. v is diagonal"),
    "hadamard, d(v o w)/dv_j = v_i delta_ij (any n)": (
        "hadamard", lambda r: r.subs(elementwise.w, elementwise.v), "any n: d(v_i w_i)/dv_j = w_i delta_ij"),
    "hadamard, d(v o w)/dw = diag(w) (n = 5)": ("hadamard", lambda r: r.subs(_v_to_w(r)), None),
    "sum, d sum(v)/dv_j = 2 (any n)": ("sum", lambda r: 2 * r, "exactly one term, i = j, is 1 (any n)"),
    "sum, d sum(x v)/dx = x (any n)": ("sum", lambda r: elementwise.x, "and w.r.t. the scalar x: the sum of v (any n)"),
    "sum, d sum(x v)/dv = 1^T (n = 3)": ("sum", lambda r: r.subs(elementwise.x, 1), None),
    "mse-weights, the 1/m dropped (any n)": ("mse-weights", lambda r: r * costs.m,
                                             "one example: dC/dV dV/da da/dw_j, and a = z wherever ReLU'(z) = 1, so -V = e"),
    "mse-weights, every example counted as active (worked pair)": (
        "mse-weights", lambda r: r.replace(relu_prime, lambda z: sp.Integer(1)), None),
    "mse-bias, e = y - z (any n)": ("mse-bias", lambda r: -r, "one example: V/m times -ReLU'(z) is e/m when active"),
    "softmax-cce, Jacobian diag(a) + a a^T (n = 3)": (
        "softmax-cce", lambda r: 2 * sp.diag(*r.diagonal()) - r, "n = 3: the softmax Jacobian is diag(a) - a a^T"),
    "softmax-cce, dJ/dz_j = y_j - a_j (any n)": ("softmax-cce", lambda r: -r, "dJ/dz_j"),
    "softmax-cce, dJ/dz_j = a_j - y_j claimed for any real y": (
        "softmax-cce", lambda r: r.subs(softmax.SUM_Y, 1), "any n, any real y: dJ/dz_j = a_j sum_i y_i - y_j"),
    "two-layer, ReLU' dropped from dC/dW1 (scalar chain)": (
        "two-layer", lambda r: r.replace(relu_prime, lambda z: sp.Integer(1)),
        "dC/dW1 = dZ1/dW1 dA1/dZ1 dZ2/dA1 dA2/dZ2 dC/dA2, proved on each side of the kink"),
    "two-layer, dC/dW2 transposed (matrix form)": (
        "two-layer", lambda r: r.T, "matrix form, 3-2-1: dC/dW2 = delta2 A1^T with delta2 = (2A2 - 2Y) sigma'(Z2)"),
    "backprop-equations, BP1 with y - a (sign flipped)": ("backprop-equations", lambda r: -r, "BP1"),
    "backprop-equations, BP2 without phi'(z^1)": (
        "backprop-equations", lambda r: r.replace(phi_prime, lambda u: sp.Integer(1)),
        "BP2"),
    "backprop-equations, 2-3-2 dC/dW^1 = x delta^1^T (transposed)": (
        "backprop-equations", lambda r: r.T, "2-3-2 net, BP4: dC/dW^1 = delta^1 x^T, a 3 x 2 matrix"),
    "backprop-equations, any widths dC/dw^1_jk = delta^1_j x_j": (
        "backprop-equations", lambda r: r.subs(backprop.x[backprop.k], backprop.x[backprop.j]),
        "any widths, BP4: dC/dw^1_jk = delta^1_j x_k"),
    "neuron, dz/dw_k = w_k (any n)": (
        "neuron", lambda r: neuron.w[neuron.k], "only the term i = k depends on w_k (any n)"),
    "neuron, dz/dx_k = x_k (any n)": (
        "neuron", lambda r: neuron.x[neuron.k], "only the term i = k depends on x_k (any n)"),
    "neuron, dz/db = 0 (any n)": ("neuron", lambda r: sp.Integer(0), "the sum does not depend on b (any n)"),
    "layer, dz_i/dw_jk = delta_ij x_j (any m, n)": (
        "layer", lambda r: r.subs(neuron.x[neuron.k], neuron.x[neuron.j]),
        "w_jk feeds node j only, from input k (any m, n)"),
    "layer, dz_i/dx_k = w_ki (transposed)": (
        "layer", lambda r: neuron.w[neuron.k, neuron.i], "dz_i/dx_k = w_ik (any m, n)"),
    "layer, dz_i/db_j = 1 (any m)": ("layer", lambda r: sp.Integer(1), "dz_i/db_j = delta_ij (any m)"),
    "neuron-activation, ReLU' dropped from da/dw_k (any n)": (
        "neuron-activation", lambda r: r.replace(relu_prime, lambda z: sp.Integer(1)),
        "da/dw_k = ReLU'(z) x_k (any n)"),
    "neuron-activation, da/db = 1 (any n)": (
        "neuron-activation", lambda r: sp.Integer(1), "da/db = da/dz dz/db = da/dz (any n)"),
}


def _renamed(r, old: str, new: str):
    return {s: sp.Symbol(s.name.replace(old, new), real=True) for s in r.free_symbols if s.name.startswith(old)}


def _w_to_v(r):
    return _renamed(r, "w_", "v_")


def _v_to_w(r):
    return _renamed(r, "v_", "w_")


#: Which comparisons must fail and which quantity they must name, per mutation.
EXPECTED = {
    "elementwise-jacobian, d(v / w)/dw sign flipped (any n)": ({SYM_FD}, "d(v / w)/dw"),
    "hadamard, d(v o w)/dv_j = v_i delta_ij (any n)": ({SYM_FD}, "d(v o w)/dv"),
    "sum, d sum(v)/dv_j = 2 (any n)": ({SYM_FD}, "d sum(v)/dv"),
    "sum, d sum(x v)/dx = x (any n)": ({SYM_FD}, "d sum(x v)/dx"),
    "mse-weights, the 1/m dropped (any n)": ({SYM_BP, SYM_FD}, "W1"),
    "mse-weights, every example counted as active (worked pair)": ({SYM_BP, SYM_FD}, "W1"),
    "mse-bias, e = y - z (any n)": ({SYM_BP, SYM_FD}, "b1"),
    "softmax-cce, Jacobian diag(a) + a a^T (n = 3)": ({SYM_BP, SYM_FD}, "da/dz"),
    "softmax-cce, dJ/dz_j = y_j - a_j (any n)": ({SYM_BP, SYM_FD}, "dJ/dz_j"),
    "softmax-cce, dJ/dz_j = a_j - y_j claimed for any real y": ({SYM_FD}, "dJ/dz_j (any real y)"),
    "two-layer, ReLU' dropped from dC/dW1 (scalar chain)": ({SYM_BP, SYM_FD}, "W1"),
    "two-layer, dC/dW2 transposed (matrix form)": ({SYM_BP, SYM_FD}, "W2"),
    "backprop-equations, BP1 with y - a (sign flipped)": ({SYM_BP, SYM_FD}, "BP1"),
    "backprop-equations, BP2 without phi'(z^1)": ({SYM_FD}, "BP2"),
    "backprop-equations, 2-3-2 dC/dW^1 = x delta^1^T (transposed)": ({SYM_BP, SYM_FD}, "W1"),
    "backprop-equations, any widths dC/dw^1_jk = delta^1_j x_j": ({SYM_BP, SYM_FD}, "W1"),
    "bce-sigmoid, x_j dropped from dJ/dw_j": ({SYM_BP, SYM_FD}, "W1"),
    "bce-sigmoid, dJ/db sign flipped": ({SYM_BP, SYM_FD}, "b1"),
    "bce-sigmoid, n = 3 gradient transposed": ({SYM_BP, SYM_FD}, "W1"),
    "bce-sigmoid, n = 3 gradient with y - a": ({SYM_BP, SYM_FD}, "W1"),
    "sigmoid-derivative, sign flipped": ({SYM_BP, SYM_FD}, None),
    "neuron, dz/dw_k = w_k (any n)": ({SYM_BP, SYM_FD}, "W1"),
    "neuron, dz/dx_k = x_k (any n)": ({SYM_BP, SYM_FD}, "b1"),
    "neuron, dz/db = 0 (any n)": ({SYM_BP, SYM_FD}, "b1"),
    "layer, dz_i/dw_jk = delta_ij x_j (any m, n)": ({SYM_BP, SYM_FD}, "W1"),
    "layer, dz_i/dx_k = w_ki (transposed)": ({SYM_BP, SYM_FD}, "b1"),
    "layer, dz_i/db_j = 1 (any m)": ({SYM_BP, SYM_FD}, "b1"),
    "neuron-activation, ReLU' dropped from da/dw_k (any n)": ({SYM_BP, SYM_FD}, "W1"),
    "neuron-activation, da/db = 1 (any n)": ({SYM_BP, SYM_FD}, "b1"),
    "sigmoid-derivative, factor (1 - sigma) dropped": ({SYM_BP, SYM_FD}, None),
}


_mutation_results: dict[str, NumericAgreement] = {}


def with_mutation(name: str) -> NumericAgreement:
    """check_derivation with the mutated derivation returned by a monkeypatched catalog.get (once per name)."""
    if name not in _mutation_results:
        derivation_id, change, label = MUTATIONS[name]
        wrong = _mutated(derivation_id, change, label=label)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(catalog, "get", lambda i: wrong if i == derivation_id else built(i))
            _mutation_results[name] = check_derivation(derivation_id)
    return _mutation_results[name]


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutated_formula_fails(name):
    assert not with_mutation(name).passed


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutated_formula_names_the_failing_comparison(name):
    agreement = with_mutation(name)
    expected, _ = EXPECTED.get(name, ({SYM_FD}, None))
    assert {c.name for c in agreement.failures} == expected


@pytest.mark.parametrize("name", sorted(n for n, (_, quantity) in EXPECTED.items() if quantity))
def test_mutated_formula_names_the_failing_parameter(name):
    _, quantity = EXPECTED[name]
    assert all(c.failing == (quantity,) for c in with_mutation(name).failures)


def test_mutated_formula_summary_says_disagree_and_where():
    text = with_mutation("bce-sigmoid, dJ/db sign flipped").summary()
    assert "DISAGREE" in text and "b1" in text


def test_unmutated_lookup_through_the_fixture_passes(monkeypatch):
    monkeypatch.setattr(catalog, "get", built)
    assert check_derivation("gradient").passed


# --- every wrong backward pass is caught by the backprop comparison, naming the parameter ---
#: Which mutants each network derivation's check kills. The others are equivalent there: one layer
#: has no BP2 and no layer above; mse-weights compares W1 only; the two-layer net has a ReLU hidden
#: layer, where sigma'(a) = sigma'(z), and W2 of shape 1 x 1 or 1 x 2 (W^T = W for 1 x 1, and
#: W for W^T does not fit 1 x 2). neuron, layer and neuron-activation check one layer, and dz/dx one
#: identity layer below (identity' = 1 whether at z or a): only layer's 3 x 3 pair lets W for W^T and
#: the layer above's delta type-check.
BP1_BP3 = {"no_mean", "sign_flipped", "bias_first_example", "bias_mean"}
KILLS = {
    "bce-sigmoid": BP1_BP3,
    "mse-weights": {"no_mean", "sign_flipped"},
    "mse-bias": BP1_BP3,
    "two-layer": BP1_BP3 | {"no_sigma_prime", "delta_wrong_layer"},
    "backprop-equations": set(MUTANTS),
    "neuron": BP1_BP3,
    "layer": BP1_BP3 | {"W_not_transposed", "delta_wrong_layer"},
    "neuron-activation": BP1_BP3,
}
MUTANT_CASES = [(name, i) for i, names in KILLS.items() for name in sorted(names)]
_mutant_results: dict[tuple[str, str], NumericAgreement] = {}


def with_mutant(name: str, derivation_id: str) -> NumericAgreement:
    """The agreement of ``derivation_id`` with the mutant's backward pass for the backprop side."""
    if (name, derivation_id) not in _mutant_results:
        _mutant_results[name, derivation_id] = check(derivation_id, backward=MUTANTS[name].backward)
    return _mutant_results[name, derivation_id]


@pytest.mark.parametrize("derivation_id", sorted(KILLS))
def test_mutants_killed_are_exactly_those_that_change_the_gradients(derivation_id):
    assert {name for name in MUTANTS if not with_mutant(name, derivation_id).passed} == KILLS[derivation_id]


@pytest.mark.parametrize("name,derivation_id", MUTANT_CASES)
def test_mutant_fails_the_backprop_comparison_only(name, derivation_id):
    agreement = with_mutant(name, derivation_id)
    assert [c.name for c in agreement.failures] == [SYM_BP], agreement.summary()


@pytest.mark.parametrize("name,derivation_id", MUTANT_CASES)
def test_mutant_failure_names_a_parameter(name, derivation_id):
    agreement = with_mutant(name, derivation_id)
    failing = agreement.details[SYM_BP].failing
    assert failing and all(p[0] in "Wb" and p[1:].isdigit() for p in failing)
    assert agreement.details[SYM_BP].worst.split("[")[0] in failing


@pytest.mark.parametrize("name,derivation_id", [(n, i) for n, i in MUTANT_CASES if n.startswith("bias_")])
def test_bias_mutants_fail_only_biases(name, derivation_id):
    assert all(p.startswith("b") for p in with_mutant(name, derivation_id).details[SYM_BP].failing)


@pytest.mark.parametrize("derivation_id", NETWORK_IDS)
def test_backward_defaults_to_network_backward(derivation_id):
    explicit = check(derivation_id, backward=lambda net, X, Y: net.backward(X, Y))
    assert to_json(explicit) == to_json(check(derivation_id))


def test_every_mutant_is_killed_by_backprop_equations():
    assert KILLS["backprop-equations"] == set(MUTANTS) and len(MUTANTS) == 8


# --- gradcheck_network, the library side of `gradproof gradcheck` ---
@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("loss", ["mse", "bce", "cce", "sq"])
def test_gradcheck_network_passes(activation, loss):
    results = gradcheck_network([4, 5, 3], activation, loss, seed=0)
    assert list(results) == ["W1", "b1", "W2", "b2"]
    assert all(r.passed for r in results.values()), [str(r) for r in results.values()]


def test_gradcheck_network_names_the_mutated_parameter():
    results = gradcheck_network([3, 4, 4, 2], "sigmoid", "mse", seed=0,
                                backward=MUTANTS["bias_first_example"].backward)
    assert {name for name, r in results.items() if not r.passed} == {"b1", "b2", "b3"}


def test_gradcheck_network_is_seeded():
    a = gradcheck_network([2, 3, 1], "tanh", "bce", seed=5)
    b = gradcheck_network([2, 3, 1], "tanh", "bce", seed=5)
    assert [r.max_rel_error for r in a.values()] == [r.max_rel_error for r in b.values()]


# --- the trainer's generated step (derivations.lambdify) = backprop = finite differences ---
def generated_step(backward=None) -> NumericAgreement:
    """The generated-step check on its own, with ``backward`` as the backprop side."""
    tally = _Tally()
    _check_generated_step(built("backprop-equations"), np.random.default_rng(0), tally, backward)
    return tally.result("backprop-equations")


def _doubled_W1(symbolic_backward):
    """A wrong generated step: dC/dW1 twice what the proved formulas give."""
    def wrong(net):
        right = symbolic_backward(net)
        return lambda X, Y: ([2 * right(X, Y)[0][0], *right(X, Y)[0][1:]], right(X, Y)[1])
    return wrong


def test_generated_step_agrees_with_backprop():
    assert generated_step().details[SYM_BP].passed


def test_generated_step_agrees_with_finite_differences():
    assert generated_step().details[SYM_FD].passed


def test_generated_step_covers_every_output_error_the_generator_emits():
    outputs = {(activations[-1], loss) for _, activations, loss in ARCHITECTURES}
    assert {("softmax", "cce"), ("sigmoid", "bce"), ("softmax", "mse")} <= outputs and len(outputs) >= 5


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_generated_step_check_kills_a_wrong_backprop(name):
    agreement = generated_step(MUTANTS[name].backward)
    assert [c.name for c in agreement.failures] == [SYM_BP], agreement.summary()


def test_a_wrong_generated_step_fails_against_backprop_and_finite_differences(monkeypatch):
    monkeypatch.setattr(lambdify, "symbolic_backward", _doubled_W1(lambdify.symbolic_backward))
    assert {c.name for c in generated_step().failures} == {SYM_BP, SYM_FD}


def test_a_wrong_generated_step_names_the_parameter(monkeypatch):
    monkeypatch.setattr(lambdify, "symbolic_backward", _doubled_W1(lambdify.symbolic_backward))
    assert generated_step().details[SYM_BP].failing == ("W1",)


def test_backprop_equations_block_runs_the_generated_step(monkeypatch):
    monkeypatch.setattr(lambdify, "symbolic_backward", _doubled_W1(lambdify.symbolic_backward))
    assert not check("backprop-equations").passed

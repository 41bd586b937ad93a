"""Helpers for vectors in two forms: explicit entries, index notation with stated ranges, a sound normaliser."""
import sympy as sp

from derivations.indexed import Jacobian, inside, matrix, normalise, off_diagonal, same, vector

i, k, p, q = sp.symbols("i k p q", integer=True)
j, n, m = sp.symbols("j n m", integer=True, positive=True)
v, x, y = (sp.IndexedBase(name, real=True) for name in "vxy")
W1, W2, b1, b2 = (sp.IndexedBase(name, real=True) for name in ("W1", "W2", "b1", "b2"))


def _two_layers():
    z2 = sp.Sum(W2[i, j] * (sp.Sum(W1[j, k] * x[k], (k, 1, n)) + b1[j]), (j, 1, m)) + b2[i]
    one = sp.Sum(sp.Sum(W2[i, j] * W1[j, k], (j, 1, m)) * x[k], (k, 1, n)) + sp.Sum(W2[i, p] * b1[p], (p, 1, m)) + b2[i]
    return z2, one


# ---------------------------------------------------------------- concrete sizes
def test_vector_is_a_column_of_real_symbols():
    assert vector("v", 3) == sp.Matrix(sp.symbols("v_1:4", real=True))


def test_matrix_entry_names_row_then_column():
    assert matrix("w", 2, 3)[1, 2] == sp.Symbol("w_23", real=True)


def test_jacobian_shape_is_outputs_by_inputs():
    assert Jacobian(vector("v", 2), vector("w", 5), "w").shape == (2, 5)


def test_jacobian_doit_leaves_derivatives_to_the_proof():
    a, c = vector("a", 2), vector("c", 2)
    assert Jacobian([a[0] * c[1]], a, "a").doit() == sp.Matrix([[sp.Derivative(a[0] * c[1], a[0]),
                                                                 sp.Derivative(a[0] * c[1], a[1])]])


def test_jacobian_name_is_no_free_symbol():
    assert sp.Symbol("a") not in Jacobian(vector("a", 2), vector("a", 2), "a").free_symbols


def test_jacobian_string_parses_to_the_same_matrix():
    a = vector("a", 2)
    J = Jacobian([a[0] ** 2 * a[1]], a, "a")
    assert sp.sympify(sp.sstr(J), locals={"a_1": a[0], "a_2": a[1]}) == J.doit().doit()


def test_jacobian_pretty_names_the_variable_once():
    assert "∂a" in sp.pretty(Jacobian(vector("a", 2), vector("a", 2), "a"))


# ---------------------------------------------------------------- index ranges
def test_inside_turns_the_range_condition_into_true():
    d = sp.diff(sp.Sum(v[i], (i, 1, n)), v[j]).doit()
    for old, new in inside(j, n):
        d = d.subs(old, new)
    assert d == 1


def test_without_inside_the_range_condition_stays():
    assert sp.diff(sp.Sum(v[i], (i, 1, n)), v[j]).doit().has(sp.Piecewise)


def test_off_diagonal_above_makes_delta_vanish():
    above, _ = off_diagonal(i, j)
    assert sp.KroneckerDelta(i, j).subs(dict(above)) == 0


def test_off_diagonal_below_makes_delta_vanish():
    _, below = off_diagonal(i, j)
    assert sp.KroneckerDelta(i, j).subs(dict(below)) == 0


# ---------------------------------------------------------------- the normaliser
def test_normalise_renames_bound_variables():
    assert same(sp.Sum(y[k], (k, 1, n)), sp.Sum(y[p], (p, 1, n)))


def test_normalise_exchanges_rectangular_sums():
    f = W2[i, j] * W1[j, k] * x[k]
    assert same(sp.Sum(f, (k, 1, n), (j, 1, m)), sp.Sum(f, (j, 1, m), (k, 1, n)))


def test_normalise_merges_a_product_of_sums():
    assert same(sp.Sum(y[k], (k, 1, n)) * sp.Sum(x[p], (p, 1, n)), sp.Sum(sp.Sum(x[q] * y[k], (k, 1, n)), (q, 1, n)))


def test_normalise_splits_a_sum_of_terms():
    assert same(sp.Sum(2 * x[k] + 3, (k, 1, n)), 2 * sp.Sum(x[p], (p, 1, n)) + 3 * sp.Sum(1, (p, 1, n)))


def test_normalise_proves_two_linear_layers_collapse_for_any_size():
    z2, one = _two_layers()
    assert same(z2, one)


def test_normalise_does_not_prove_the_wrong_product_order():
    z2, _ = _two_layers()
    wrong = sp.Sum(sp.Sum(W1[i, j] * W2[j, k], (j, 1, m)) * x[k], (k, 1, n)) + sp.Sum(W2[i, p] * b1[p], (p, 1, m)) + b2[i]
    assert not same(z2, wrong)


def test_normalise_keeps_dependent_limits_in_order():
    lower = sp.Sum(sp.Sum(x[j] * y[k], (k, 1, j)), (j, 1, n))
    upper = sp.Sum(sp.Sum(x[j] * y[k], (k, j, n)), (j, 1, n))
    assert not same(lower, upper)


def test_normalise_keeps_a_free_index_apart_from_a_bound_one():
    assert k in normalise(k * sp.Sum(x[k], (k, 1, n))).free_symbols


def test_normalise_is_an_equivalence_at_a_concrete_size():
    z2, _ = _two_layers()
    sizes = {n: 3, m: 2}
    assert sp.expand(normalise(z2).subs(sizes).doit() - z2.subs(sizes).doit()) == 0

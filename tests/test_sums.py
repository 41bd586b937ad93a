"""The summation guard: no closed-form attempt for an unknown sequence, every other sum as before."""
import sympy as sp
from sympy.concrete import summations

from derivations import sums

i, j, n = sp.symbols("i j n", integer=True, positive=True)
x = sp.Symbol("x", real=True)
w, v = sp.IndexedBase("w"), sp.IndexedBase("v")
f = sp.Function("f")


def test_guard_is_installed_on_this_sympy():
    assert getattr(summations.eval_sum_symbolic, "original", None) is not None


def test_install_twice_wraps_once():
    sums.install()
    assert not hasattr(summations.eval_sum_symbolic.original, "original")


def test_unknown_sequence_has_no_closed_form():
    assert sums.has_no_closed_form(x * w[i] * v[i], i)


def test_undefined_function_of_the_index_has_no_closed_form():
    assert sums.has_no_closed_form(f(i) * i, i)


def test_sequence_at_two_indices_is_still_tried():
    assert not sums.has_no_closed_form(w[i + 1] - w[i], i)


def test_sequence_of_another_index_is_still_tried():
    assert not sums.has_no_closed_form(w[j] * i, i)


def test_term_without_sequences_is_still_tried():
    assert not sums.has_no_closed_form(i**2, i)


def test_unknown_sequence_never_reaches_sympy(monkeypatch):
    calls = []
    original = summations.eval_sum_symbolic.original
    monkeypatch.setattr(summations.eval_sum_symbolic, "original", lambda *a: calls.append(a) or original(*a))
    sp.Sum(w[i] * v[i], (i, 1, n)).doit()
    assert calls == []


def test_unknown_sequence_sum_stays_unevaluated():
    assert sp.Sum(w[i] * v[i], (i, 1, n)).doit() == sp.Sum(w[i] * v[i], (i, 1, n))


def test_kronecker_delta_still_sums_out():
    assert sp.Sum(w[i] * sp.KroneckerDelta(i, j), (i, 1, n)).doit().subs(n, j + 2) == w[j]


def test_telescoping_sequence_still_sums():
    assert sp.Sum(w[i + 1] - w[i], (i, 1, n)).doit() == w[n + 1] - w[1]


def test_polynomial_sum_still_has_its_closed_form():
    assert sp.Sum(i, (i, 1, n)).doit() == sp.expand(n * (n + 1) / 2)


def test_definite_long_sum_is_still_summed_term_by_term():
    assert sp.Sum(w[i], (i, 1, 120)).doit() == sp.Add(*[w[k] for k in range(1, 121)])


def test_sequence_at_indices_no_shift_can_match_has_no_closed_form():
    assert sums.has_no_closed_form(w[i, j] * w[i, n], i)


def test_sequence_shifted_in_one_place_is_still_tried():
    assert not sums.has_no_closed_form(w[i, j] - w[i + 2, j], i)


def test_generic_function_of_the_index_has_no_closed_form():
    from derivations.catalog.generic import phi

    assert sums.has_no_closed_form(phi(w[i]) * phi(x), i)


def test_sympy_function_of_the_index_is_still_tried():
    assert not sums.has_no_closed_form(sp.exp(i) * x, i)

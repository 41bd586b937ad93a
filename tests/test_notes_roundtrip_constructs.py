"""The notes checker's constructs for the round trip (what ``show --markdown`` writes), one verdict each.

Each expected verdict comes from SymPy on its own (``_holds``: the claim for concrete instances of the
arbitrary functions and for points of the side condition), never from gradproof's output. Every
construct has a mutant, a wrong claim in the same notation, which must not be proved.
"""
from __future__ import annotations

import sympy as sp
import pytest

from derivations.notes import check_paths

x, y, b, w, alpha = sp.symbols("x y b w alpha", real=True)
u1, u2 = sp.symbols("u_1 u_2", real=True)
# Concrete stand-ins for "any differentiable C, phi": a claim about every C is false if it fails for one.
C_INSTANCE = sp.Lambda((u1, u2), u1**2 * u2 + sp.sin(u1 * u2))
PHI_INSTANCE = sp.Lambda(u1, sp.exp(u1) + u1**3)


def _holds(lhs, rhs) -> bool:
    return sp.simplify(lhs - rhs) == 0


def _d1(f, a, b_):
    return sp.diff(f(u1, u2), u1).subs({u1: a, u2: b_})


def _d2(f, a, b_):
    return sp.diff(f(u1, u2), u2).subs({u1: a, u2: b_})


DECLARED = r"""<!-- gradproof: function C \varphi -->
<!-- gradproof: independent -->

$$ \frac{\partial}{\partial x} C(\varphi(x), y) = \partial_{1} C(\varphi(x), y) \varphi'(x) $$

$$ \frac{\partial}{\partial x} C(\varphi(x), y) = \partial_{2} C(\varphi(x), y) \varphi'(x) $$

$$ \frac{d}{d x} \varphi(x) = \varphi'(x) $$

$$ \frac{d}{d x} \varphi(x) = 1 $$

$$ \frac{d}{d x} y^{3} = 0 $$

$$ \frac{d}{d x} y^{3} = 3 y^{2} $$

$$ h(\alpha) := C(1 - 2 \alpha, \alpha) $$

$$ h'(0) = -2 \partial_{1} C(1, 0) + \partial_{2} C(1, 0) $$

$$ h'(0) = -2 \partial_{1} C(1, 0) $$

$$ v := x^{2} $$

$$ \frac{d}{d v} x = 0 $$
"""

PLAIN = r"""
$$ \frac{d}{d x} y^{3} = 0 $$

$$ \frac{\partial}{\partial v_{j}} \sum_{i=1}^{n} v_{i} = 1 \quad \text{for } 1 \le j \le n $$

$$ \frac{\partial}{\partial v_{j}} \sum_{i=1}^{n} v_{i} = 1 $$

$$ \frac{\partial}{\partial v_{j}} v_{i} w_{i} = 0 \quad \text{for } j > i $$

$$ \frac{\partial}{\partial v_{j}} v_{i} w_{i} = w_{i} \quad \text{for } j > i $$

$$ y_{1} + y_{2} = 1 \quad \text{for } y_{2} = 1 - y_{1} $$

$$ y_{1} + y_{2} = 2 \quad \text{for } y_{2} = 1 - y_{1} $$

$$ \operatorname{ReLU}(b + w) = b + w \quad \text{for } b > - w $$

$$ \operatorname{ReLU}(b + w) = 0 \quad \text{for } b > - w $$

$$ a_{j} \sum_{i=1}^{n} y_{i} - y_{j} = a_{j} - y_{j} \quad \text{for } \sum_{i=1}^{n} y_{i} = 1 $$

$$ a_{j} \sum_{i=1}^{n} y_{i} - y_{j} = 2 a_{j} - y_{j} \quad \text{for } \sum_{i=1}^{n} y_{i} = 1 $$

$$ \operatorname{ReLU}(b + w_{k}) = 0 \quad \text{for } b < - w_{k}, \; 1 \le k \le n $$

$$ \operatorname{ReLU}(b + w_{k}) = 0 \quad \text{for } b < 0, \; 1 \le k \le n $$

$$ \sum_{i=1}^{n} \mathbb{1}[i = j] = 1 \quad \text{for } 1 \le j \le n $$

$$ \sum_{i=1}^{n} \mathbb{1}[i = j] = 2 \quad \text{for } 1 \le j \le n $$

$$ \left\lfloor \frac{1000000}{120} \right\rfloor = 8333 $$

$$ \left\lceil \frac{1000000}{120} \right\rceil = 8333 $$

$$ \sum_{q=1}^{n_{2}} 1 = n_{2} $$

$$ \frac{d}{d b^{2}_{1}} w = 0 $$

$$ \partial_{1} D(x, y) = 0 $$

$$ \operatorname{ReLU}(b + w) = 0 \quad \text{for } w > 0, \; b > -w $$

$$ y + x = 2 \quad \text{for } x > 0, \; x < 1 $$
"""


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("constructs")
    out = {}
    for name, text in (("declared", DECLARED), ("plain", PLAIN)):
        path = folder / f"{name}.md"
        path.write_text(text)
        links = check_paths([str(path)], timeout=30.0, jobs=2).files[0].links
        out[name] = [link.verdict for link in links]
    return out


def _expected(true: bool) -> str:
    return "proved" if true else "refuted"


# ---------------------------------------------------------------- declared arbitrary functions

def test_partial_of_declared_function_chain_rule(verdicts):
    f = PHI_INSTANCE
    truth = _holds(sp.diff(C_INSTANCE(f(x), y), x), _d1(C_INSTANCE, f(x), y) * sp.diff(f(x), x))
    assert verdicts["declared"][0] == _expected(truth)


def test_partial_of_declared_function_wrong_argument_mutant(verdicts):
    f = PHI_INSTANCE
    truth = _holds(sp.diff(C_INSTANCE(f(x), y), x), _d2(C_INSTANCE, f(x), y) * sp.diff(f(x), x))
    assert verdicts["declared"][1] == _expected(truth)


def test_prime_of_declared_function(verdicts):
    assert verdicts["declared"][2] == _expected(_holds(sp.diff(PHI_INSTANCE(x), x), sp.diff(PHI_INSTANCE(x), x)))


def test_prime_of_declared_function_mutant(verdicts):
    assert verdicts["declared"][3] == _expected(_holds(sp.diff(PHI_INSTANCE(x), x), 1))


def test_independent_declaration_derivative_of_other_variable(verdicts):
    assert verdicts["declared"][4] == _expected(_holds(sp.diff(y**3, x), 0))


def test_independent_declaration_mutant(verdicts):
    assert verdicts["declared"][5] == _expected(_holds(sp.diff(y**3, x), 3 * y**2))


def test_prime_at_a_point_of_helper(verdicts):
    h = C_INSTANCE(1 - 2 * alpha, alpha)
    truth = _holds(sp.diff(h, alpha).subs(alpha, 0), -2 * _d1(C_INSTANCE, 1, 0) + _d2(C_INSTANCE, 1, 0))
    assert verdicts["declared"][6] == _expected(truth)


def test_prime_at_a_point_of_helper_mutant(verdicts):
    h = C_INSTANCE(1 - 2 * alpha, alpha)
    truth = _holds(sp.diff(h, alpha).subs(alpha, 0), -2 * _d1(C_INSTANCE, 1, 0))
    assert verdicts["declared"][7] == _expected(truth)


def test_independent_declaration_not_for_defined_names(verdicts):
    assert verdicts["declared"][8] == "undecided"  # v := x^2 is no independent variable: x depends on v


# ---------------------------------------------------------------- side conditions between names

def test_undeclared_independence_is_undecided(verdicts):
    assert verdicts["plain"][0] == "undecided"  # y might depend on x: the checker does not guess


def test_index_range_condition(verdicts):
    j, n = 2, 5  # a point of 1 <= j <= n; the identity d/dv_j sum v_i = 1 holds at every such point
    v = sp.symbols(f"v_1:{n + 1}")
    assert verdicts["plain"][1] == _expected(_holds(sp.diff(sum(v), v[j - 1]), 1))


def test_index_range_missing_is_assumed_and_said(verdicts):
    """No range stated: j is assumed to lie in the range of the sum over v (README, "Notation"),
    where d/dv_j sum v_i = 1 holds; the assumption is listed with the verdict."""
    assert verdicts["plain"][2] == "proved"


def test_integer_ordering_condition(verdicts):
    v3, v2, w2 = sp.symbols("v_3 v_2 w_2")  # j = 3 > i = 2
    assert verdicts["plain"][3] == _expected(_holds(sp.diff(v2 * w2, v3), 0))


def test_integer_ordering_condition_mutant(verdicts):
    v3, v2, w2 = sp.symbols("v_3 v_2 w_2")
    assert verdicts["plain"][4] == _expected(_holds(sp.diff(v2 * w2, v3), w2))


def test_constraint_condition(verdicts):
    y1 = sp.Symbol("y_1")
    assert verdicts["plain"][5] == _expected(_holds(y1 + (1 - y1), 1))


def test_constraint_condition_mutant(verdicts):
    y1 = sp.Symbol("y_1")
    assert verdicts["plain"][6] == _expected(_holds(y1 + (1 - y1), 2))


def test_bound_by_an_expression(verdicts):
    t = sp.Symbol("t", positive=True)  # b = -w + t
    assert verdicts["plain"][7] == _expected(_holds(sp.Max(0, -w + t + w), -w + t + w))


def test_bound_by_an_expression_mutant(verdicts):
    t = sp.Symbol("t", positive=True)
    assert verdicts["plain"][8] == _expected(_holds(sp.Max(0, -w + t + w), 0))


def test_constraint_on_a_sum_proves(verdicts):
    a, yj = sp.symbols("a y")
    assert verdicts["plain"][9] == _expected(_holds(a * 1 - yj, a - yj))


def test_constraint_on_a_sum_never_refutes(verdicts):
    assert verdicts["plain"][10] == "undecided"  # a point found after replacing the sum need not satisfy it


def test_two_clauses_both_kept(verdicts):
    t = sp.Symbol("t", positive=True)  # b = -w_k - t
    assert verdicts["plain"][11] == _expected(_holds(sp.Max(0, -t), 0))


def test_two_clauses_wrong_first_clause_refuted(verdicts):
    assert verdicts["plain"][12] == _expected(_holds(sp.Max(0, sp.Rational(-1, 2) + 2), 0))  # b=-1/2, w_k=2


def test_equality_indicator_on_integers_sums(verdicts):
    n, j = 4, 3
    assert verdicts["plain"][13] == _expected(_holds(sum(sp.KroneckerDelta(i, j) for i in range(1, n + 1)), 1))


def test_equality_indicator_mutant(verdicts):
    n, j = 4, 3
    assert verdicts["plain"][14] == _expected(_holds(sum(sp.KroneckerDelta(i, j) for i in range(1, n + 1)), 2))


# ---------------------------------------------------------------- other constructs

def test_floor(verdicts):
    assert verdicts["plain"][15] == _expected(_holds(sp.floor(sp.Rational(1000000, 120)), 8333))


def test_ceiling_mutant(verdicts):
    assert verdicts["plain"][16] == _expected(_holds(sp.ceiling(sp.Rational(1000000, 120)), 8333))


def test_count_with_digits_as_sum_limit(verdicts):
    n2 = sp.Symbol("n_2", integer=True, positive=True)
    q = sp.Symbol("q", integer=True)
    assert verdicts["plain"][17] == _expected(_holds(sp.summation(1, (q, 1, n2)), n2))


def test_power_then_subscript_in_derivative_refused(verdicts):
    assert verdicts["plain"][18] == "unparsed"  # d b^{2}_{1}: a power or a layer? never C/b_1^2


def test_partial_of_undeclared_function_refused(verdicts):
    assert verdicts["plain"][19] == "unparsed"


def test_second_clause_rewritten_after_the_first(verdicts):
    t_w, t_b = sp.symbols("t_w t_b", positive=True)  # w = t_w, b = -t_w + t_b: b + w = t_b > 0
    assert verdicts["plain"][20] == _expected(_holds(sp.Max(0, t_b), 0))


def test_two_clauses_on_one_name_never_refute(verdicts):
    assert verdicts["plain"][21] == "undecided"  # x < 1 after x = t_x would be lost: not used, no refutation

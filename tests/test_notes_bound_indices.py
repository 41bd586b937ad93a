"""A sum's own index is not the free index of the same name (issue 12).

Notes reuse letters: ``C = \\frac{1}{m}\\sum_{j=1}^{m} \\frac{1}{2}(a_j - y_j)^2`` and then
``\\frac{dC}{da_j}``. The j of the derivative is one entry; the j under the sum is bound. Reading
them as one name differentiates every term (the sum of all a_k - y_k), a wrong refutation of a true
line. The same holds for a family's entries (a_k from a_j := sum_k ...) and function calls.
Counts per layer (``\\sum_{j=1}^{n_{L}}``) are positive integers, one per layer.

Expected verdicts are elementary (the derivative of one square), confirmed by SymPy for m = 3 in
``test_oracle_*`` without gradproof; every false line is a mutant of a true one.
"""
import pytest
import sympy as sp

from tests.conftest import link_on

NOTES = r"""# Mean squared error, indices reused

$$C = \frac{1}{m}\sum_{j=1}^{m} \frac{1}{2}(a_j - y_j)^2$$

$$\frac{\partial C}{\partial a_j} = \frac{1}{m}(a_j - y_j)$$

$$\frac{\partial C}{\partial a_j} = \frac{1}{m}\sum_{k=1}^{m}(a_k - y_k)$$

# Per layer

$$E = \frac{1}{n_{L}}\sum \limits_{j=1}^{n_{L}} \frac{1}{2}(a_{j}^{L} - y_{j})^{2}$$

$$\frac{dE}{da_{j}^{L}} = \frac{1}{n_{L}}(a_{j}^{L} - y_{j})$$

$$\frac{dE}{da_{j}^{L}} = (a_{j}^{L} - y_{j})$$

# A family whose entries hold a sum

$$s_j = \sum_{k=1}^{n} w_{jk} x_k$$

$$\frac{\partial s_k}{\partial w_{kj}} = x_j$$

$$\frac{\partial s_k}{\partial w_{kj}} = 2 x_j$$
"""

CASES = [
    (r"$$\frac{\partial C}{\partial a_j} = \frac{1}{m}(a_j - y_j)$$", "proved"),
    (r"$$\frac{\partial C}{\partial a_j} = \frac{1}{m}\sum_{k=1}^{m}(a_k - y_k)$$", "refuted"),
    (r"$$\frac{dE}{da_{j}^{L}} = \frac{1}{n_{L}}(a_{j}^{L} - y_{j})$$", "proved"),
    (r"$$\frac{dE}{da_{j}^{L}} = (a_{j}^{L} - y_{j})$$", "refuted"),
    (r"$$\frac{\partial s_k}{\partial w_{kj}} = x_j$$", "proved"),
    (r"$$\frac{\partial s_k}{\partial w_{kj}} = 2 x_j$$", "refuted"),
]


def test_oracle_mean_squared_error_entry():
    a, y = sp.symbols("a1:4", real=True), sp.symbols("y1:4", real=True)
    cost = sp.Rational(1, 3) * sum(sp.Rational(1, 2) * (a[k] - y[k])**2 for k in range(3))
    assert sp.simplify(sp.diff(cost, a[1]) - (a[1] - y[1]) / 3) == 0


def test_oracle_sum_of_every_term_differs():
    a, y = sp.symbols("a1:4", real=True), sp.symbols("y1:4", real=True)
    cost = sp.Rational(1, 3) * sum(sp.Rational(1, 2) * (a[k] - y[k])**2 for k in range(3))
    wrong = sum(a[k] - y[k] for k in range(3)) / 3
    assert (sp.diff(cost, a[0]) - wrong).subs({a[1]: 1, a[0]: 0, a[2]: 0, y[0]: 0, y[1]: 0, y[2]: 0}) != 0


def test_oracle_weight_entry():
    w = sp.Matrix(3, 3, lambda j, k: sp.Symbol(f"w{j}{k}", real=True))
    x = sp.symbols("x0:3", real=True)
    s = [sum(w[j, k] * x[k] for k in range(3)) for j in range(3)]
    assert [sp.diff(s[2], w[2, 0]), sp.diff(s[2], w[2, 2])] == [x[0], x[2]]


@pytest.mark.parametrize("line, expected", CASES, ids=[c[0][2:45] for c in CASES])
def test_bound_index_is_not_the_free_one(checked, line, expected):
    assert link_on(checked(NOTES), NOTES, line).verdict == expected

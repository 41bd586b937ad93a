"""A name restated under a later heading in terms that no longer show an intermediate (issue 12).

Notes define a loss through an output, E = (p - t)^2 with p = tanh(u), u = v x + c, then "write the
loss out" under a new heading, E = (tanh(v x + c) - t)^2, and go on differentiating E by p. The
restatement is exactly the earlier E, so dE/dp is the earlier statement's: 2(p - t) (SymPy: the
derivative of (p - t)^2 in p). A restatement that is another quantity (a penalty v^2 added) gives
no such reading, and a false dE/dp is never refuted through the earlier statement (the later line
may have meant a new quantity): it stays undecided.

Also the prover's bound-variable check: sum_k x_k - sum_j x_j is 0 by renaming (alpha-conversion),
while sum_{j<=m} sum_{k<=n} a_jk - sum_{j<=m} sum_{k<=n} a_kj is not.
"""
import sympy as sp

from derivations.indexed import bound_renamed
from tests.conftest import link_on

RESTATED = r"""# The loss through the output

$$E = (p - t)^2$$

$$p = \tanh(u)$$

$$u = v x + c$$

# The loss written out

$$E = (\tanh(v x + c) - t)^2$$

$$\frac{\partial E}{\partial p} = 2(p - t)$$

$$\frac{\partial E}{\partial p} = p - t$$

$$\frac{\partial E}{\partial c} = 2(p - t)(1 - p^2)$$
"""

ANOTHER_QUANTITY = r"""# The loss through the output

$$E = (p - t)^2$$

$$p = \tanh(u)$$

$$u = v x + c$$

# A penalised loss

$$E = (\tanh(v x + c) - t)^2 + v^2$$

$$\frac{\partial E}{\partial p} = 2(p - t)$$
"""


def test_a_restated_name_is_differentiated_through_its_earlier_statement(checked):
    link = link_on(checked(RESTATED), RESTATED, r"$$\frac{\partial E}{\partial p} = 2(p - t)$$")
    assert link.verdict == "proved"
    assert "line 3" in link.message or any("line 3" in a for a in link.assumptions)


def test_a_wrong_derivative_through_the_earlier_statement_is_never_refuted(checked):
    link = link_on(checked(RESTATED), RESTATED, r"$$\frac{\partial E}{\partial p} = p - t$$")
    assert link.verdict == "undecided"
    assert "restated" in link.message


def test_the_restatement_itself_still_gives_the_total_derivative(checked):
    link = link_on(checked(RESTATED), RESTATED, r"$$\frac{\partial E}{\partial c} = 2(p - t)(1 - p^2)$$")
    assert link.verdict == "proved"


def test_a_restatement_that_is_another_quantity_gives_no_reading(checked):
    text = ANOTHER_QUANTITY
    link = link_on(checked(text), text, r"$$\frac{\partial E}{\partial p} = 2(p - t)$$")
    assert link.verdict == "undecided"
    assert "does not depend on p" in link.message


def test_sums_that_differ_only_in_their_bound_names_are_one_sum():
    k, j, n = sp.symbols("k j n", integer=True)
    x = sp.IndexedBase("x")
    assert bound_renamed(sp.Sum(x[k], (k, 1, n)) - sp.Sum(x[j], (j, 1, n))) == 0


def test_nested_sums_in_another_order_of_their_indices_stay_apart():
    k, j, m, n = sp.symbols("k j m n", integer=True)
    a = sp.IndexedBase("a")
    rows = sp.Sum(sp.Sum(a[j, k], (k, 1, n)), (j, 1, m))
    transposed = sp.Sum(sp.Sum(a[k, j], (k, 1, n)), (j, 1, m))
    assert bound_renamed(rows - transposed) != 0
    assert bound_renamed(rows - sp.Sum(sp.Sum(a[k, j], (j, 1, n)), (k, 1, m))) == 0

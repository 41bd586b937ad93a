"""Quotients of finite sums (issue 12): a softmax cross-entropy derivative written through its
sums, where lhs - rhs is 0 only once each sum is one quantity and the quotient is cancelled.

The mathematics: with q_k = e^{u_k} / sum_m e^{u_m} and C = -sum_k t_k ln q_k,
dC/du_r = q_r sum_k t_k - t_r (sum_k t_k need not be 1), and dq_k/du_r = q_k (delta_kr - q_r).
The mutants flip a sign or drop the factor sum_k t_k (true only when it is 1, which the notes do
not state): at t = (1, 1), u = (0, 0) the mutant q_r - t_r gives -1/2 against 1/2 - 1 + 1/2 = 0.

The family q_k := ... has its own index k, and the link sums over a bound k: a case or a range
put on one must never rewrite the other (before this, the case k = r turned sum_k t_k delta_kr
into sum_k t_k and refuted the true gradient).
"""
import sympy as sp

from derivations.indexed import sums_as_symbols
from derivations.prove import verify_claim
from tests.conftest import link_on

NOTES = r"""# A cross-entropy gradient through its sums

$$q_k = \frac{e^{u_k}}{\sum_m e^{u_m}}$$

$$C = -\sum_k t_k \ln q_k$$

$$\frac{\partial C}{\partial u_r} = -\sum_k t_k \frac{1}{q_k} \frac{\partial q_k}{\partial u_r}$$

$$\frac{\partial C}{\partial u_r} = q_r \sum_k t_k - t_r$$

$$\frac{\partial C}{\partial u_r} = t_r \sum_k t_k - q_r$$

$$\frac{\partial C}{\partial u_r} = q_r - t_r$$
"""


def test_chain_through_the_sums_is_proved(checked):
    link = link_on(checked(NOTES), NOTES, r"$$\frac{\partial C}{\partial u_r} = -\sum_k t_k \frac{1}{q_k} "
                                        r"\frac{\partial q_k}{\partial u_r}$$")
    assert link.verdict == "proved"


def test_result_with_the_total_is_proved(checked):
    link = link_on(checked(NOTES), NOTES, r"$$\frac{\partial C}{\partial u_r} = q_r \sum_k t_k - t_r$$")
    assert link.verdict == "proved"


def test_swapped_result_is_refuted(checked):
    link = link_on(checked(NOTES), NOTES, r"$$\frac{\partial C}{\partial u_r} = t_r \sum_k t_k - q_r$$")
    assert link.verdict == "refuted"


def test_result_that_needs_an_unstated_total_is_refuted(checked):
    link = link_on(checked(NOTES), NOTES, r"$$\frac{\partial C}{\partial u_r} = q_r - t_r$$")
    assert link.verdict == "refuted"  # nothing says sum_k t_k = 1


def test_separable_double_sum_is_a_product_of_sums():
    k, l, n = sp.symbols("k l n", integer=True)
    u, t = sp.IndexedBase("u"), sp.IndexedBase("t")
    double = sp.Sum(sp.exp(u[k]) * t[l], (k, 1, n), (l, 1, n))
    single = sp.Sum(sp.exp(u[k]), (k, 1, n)) * sp.Sum(t[l], (l, 1, n))
    assert sums_as_symbols(double - single) == 0


def test_quotient_of_sums_is_proved_exactly():
    k, n, r = sp.symbols("k n r", integer=True)
    u, t = sp.IndexedBase("u"), sp.IndexedBase("t")
    total, mass = sp.Sum(sp.exp(u[k]), (k, 1, n)), sp.Sum(t[k], (k, 1, n))
    lhs = sp.exp(u[r]) * mass / total - sp.exp(u[r]) * sp.Sum(sp.exp(u[k]) * t[k], (k, 1, n)) / total ** 2
    assert verify_claim(lhs, 0).verdict != "proved"  # sum_k e^{u_k} t_k is not (sum e^u)(sum t)
    right = sp.exp(u[r]) * mass / total - sp.exp(u[r]) * total * mass / total ** 2
    assert verify_claim(right, 0).verdict == "proved"


CAPTURE = r"""# A family index that is also a bound index

$$q_k = \frac{e^{u_k}}{\sum_m e^{u_m}}$$

$$C = -\sum_k t_k \ln q_k$$

$$\frac{\partial C}{\partial u_r} = q_r \sum_k t_k - t_r$$
"""


def test_bound_index_named_like_a_family_index_is_not_captured(checked):
    link = link_on(checked(CAPTURE), CAPTURE, r"$$\frac{\partial C}{\partial u_r} = q_r \sum_k t_k - t_r$$")
    assert link.verdict == "proved"

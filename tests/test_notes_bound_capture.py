"""A sum's index never escapes its sum: neither captured by a free index of the same name when a
definition is unfolded inside another, nor carried out of the sum by SymPy's piecewise_fold.

The notes: h_i = relu(sum_k v_{ki} x_k), y_j = sum_i w_{ij} h_i, p_k = e^{y_k} / sum_q e^{y_q}.
For k != j, d ln(p_k) / d y_j = -e^{y_j} / sum_q e^{y_q} (the softmax's cross term): true, so it
must never be refuted (before, the bound k of h_i's sum was captured by p_k's free k, and a ReLU
inside the sum over i was folded out of that sum: both refuted this true line). The mutant with
the sign flipped is false wherever e^{y_j} > 0, that is everywhere: never proved (a refutation
needs a case split over the ReLU's kinks that the time limit may not allow).
"""
import sympy as sp

from derivations.functions import expand_defined, relu
from tests.conftest import link_on

NOTES = r"""# Two layers and a softmax

$$ h_i = relu(\sum_{k=1}^{n} v_{ki} x_k) $$

$$ y_j = \sum_{i=1}^{H} w_{ij} h_i $$

$$ p_k = \frac{e^{y_k}}{\sum_{q=1}^{K} e^{y_q}} $$

Now take $k \ne j$.

$$ \frac{\partial \ln(p_k)}{\partial y_j} = - \frac{e^{y_j}}{\sum_{q=1}^{K} e^{y_q}} $$

$$ \frac{\partial \ln(p_k)}{\partial y_j} = \frac{e^{y_j}}{\sum_{q=1}^{K} e^{y_q}} $$
"""


def test_true_cross_term_is_never_refuted(checked):
    link = link_on(checked(NOTES), NOTES,
                   r"$$ \frac{\partial \ln(p_k)}{\partial y_j} = - \frac{e^{y_j}}{\sum_{q=1}^{K} e^{y_q}} $$")
    assert link.verdict != "refuted"


def test_flipped_cross_term_is_not_proved(checked):
    link = link_on(checked(NOTES), NOTES,
                   r"$$ \frac{\partial \ln(p_k)}{\partial y_j} = \frac{e^{y_j}}{\sum_{q=1}^{K} e^{y_q}} $$")
    assert link.verdict != "proved"


def _escaped(expr: sp.Basic, bound: frozenset = frozenset()) -> list:
    """Conditions of Piecewise that hold an index bound by a sum that does not enclose them."""
    if isinstance(expr, (sp.Sum, sp.Product)):
        bound = bound | {lim[0] for lim in expr.limits}
    found = []
    if isinstance(expr, sp.Piecewise):
        found += [c for _, c in expr.args if isinstance(c, sp.Basic) and c.free_symbols & _ALL - bound]
    for a in expr.args:
        found += _escaped(a, bound)
    return found


i, r, q, n, H, K = sp.symbols("i r q n H K", integer=True)
_ALL = {i, r, q}


def test_piecewise_stays_inside_the_sum_of_its_index():
    w, v, x = sp.IndexedBase("w"), sp.IndexedBase("v"), sp.IndexedBase("x")
    inner = sp.Sum(relu(sp.Sum(v[r, i] * x[r], (r, 1, n))) * w[i, q], (i, 1, H))
    assert _escaped(expand_defined(sp.Sum(sp.exp(inner), (q, 1, K)))) == []

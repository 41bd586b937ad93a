"""A bold vector written out entry by entry: ``\\mathbf{s} = [s_1, s_2, s_3]^T`` (listed_entries.py).

Bold names are names of their own, so ``\\mathbf{s}_k`` and ``s_k`` are unrelated until the notes say
otherwise; the written-out list says it: entry k of the bold vector is s_k. Without the list the
same lines stay undecided, and a plain ``\\theta`` without a subscript is never taken for the bold one.

By hand (SymPy agrees below): d/ds_j sum_{k=1}^{n} s_k^2 = 2 s_j, so "= s_j" is false at s_j = 1.
For y_i = e^{z_i} / sum_k e^{z_k}: dy_i/dz_i = y_i (1 - y_i), never y_i alone (false at every point,
y_i < 1), and d log(y_j)/dz_i = (1/y_j) dy_j/dz_i.
"""
import pytest
import sympy as sp

from conftest import verdict_on


LISTED = r"""# Scores

$$ \mathbf{s} = [s_1, s_2, s_3]^T $$

$$ \frac{\partial}{\partial s_j} \sum_{k=1}^{n} \mathbf{s}_k^2 = 2 s_j $$

$$ \frac{\partial}{\partial s_j} \sum_{k=1}^{n} \mathbf{s}_k^2 = s_j $$
"""

UNLISTED = r"""# Scores

$$ \frac{\partial}{\partial s_j} \sum_{k=1}^{n} \mathbf{s}_k^2 = 2 s_j $$

$$ \frac{\partial}{\partial s_j} \sum_{k=1}^{n} \mathbf{s}_k^2 = s_j $$
"""

PLAIN_TOO = r"""# Scores

The scores are $\mathbf{\theta} = [\theta_1, \theta_2, \theta_3]^T$, and a step size $\theta = 4$ elsewhere.

$$ \frac{\partial}{\partial \theta} \sum_{k=1}^{n} \mathbf{\theta}_k^2 = 2 \theta $$

$$ \mathbf{\theta}_2 + \theta = \theta_2 + 4 $$
"""

SOFTMAX = r"""# Classes

$$ \mathbf{z} = [z_1, z_2, z_3]^T $$

$$ z_k = v_k q + c_k $$

$$ \hat{y}_i = \mathrm{softmax}(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{k=1}^{n} e^{z_k}} $$

$$ \frac{\partial \hat{y}_i}{\partial z_i} = \hat{y}_i (1 - \hat{y}_i) $$

$$ \frac{\partial \hat{y}_i}{\partial z_i} = \hat{y}_i $$

$$ \sum_{j=1}^{n} t_j \frac{\partial \log(\hat{y}_j)}{\partial z_i} = \sum_{j=1}^{n} \frac{t_j}{\hat{y}_j} \frac{\partial \hat{y}_j}{\partial z_i} $$

$$ \sum_{j=1}^{n} t_j \frac{\partial \log(\hat{y}_j)}{\partial z_i} = \sum_{j=1}^{n} t_j \frac{\partial \hat{y}_j}{\partial z_i} $$
"""


def test_sympy_agrees_by_hand():
    s1, s2, s3 = sp.symbols("s1:4", real=True)
    assert sp.diff(s1**2 + s2**2 + s3**2, s2) == 2 * s2
    z = sp.symbols("z1:4", real=True)
    y = [sp.exp(zk) / sum(sp.exp(w) for w in z) for zk in z]
    assert sp.simplify(sp.diff(y[0], z[0]) - y[0] * (1 - y[0])) == 0
    assert sp.simplify(sp.diff(sp.log(y[1]), z[0]) - sp.diff(y[1], z[0]) / y[1]) == 0
    at = {z[0]: 0, z[1]: 0, z[2]: 0}
    assert sp.diff(y[0], z[0]).subs(at) != y[0].subs(at)
    assert sp.diff(sp.log(y[1]), z[0]).subs(at) != sp.diff(y[1], z[0]).subs(at)


@pytest.fixture(scope="module")
def listed(checked):
    return checked(LISTED)


def test_a_listed_bold_entry_is_the_plain_entry(listed):
    assert verdict_on(listed, 5) == "proved"


def test_a_wrong_gradient_through_a_listed_entry_is_refuted(listed):
    """The mutant: the factor 2 dropped."""
    assert verdict_on(listed, 7) == "refuted"


def test_the_list_is_a_statement_not_an_unparsed_link(listed):
    assert not [link for link in listed.links if link.line == 3]
    assert any(item.line == 3 and "entries of" in item.reason for item in listed.skipped_items)


def test_without_the_list_bold_and_plain_entries_stay_apart(checked):
    """The notes never say \\mathbf{s}_k is s_k: neither the true nor the false line gets a verdict."""
    result = checked(UNLISTED)
    assert (verdict_on(result, 3), verdict_on(result, 5)) == ("undecided", "undecided")


def test_plain_theta_is_not_the_bold_vector(checked):
    """theta = 4 beside the listed bold theta: a derivative by plain theta rests on reading theta as the
    bold vector (the gradient, true) or as the scalar (0, false); the readings differ."""
    assert verdict_on(checked(PLAIN_TOO), 5) == "undecided"


def test_a_listed_entry_beside_a_plain_scalar_of_the_same_letter(checked):
    assert verdict_on(checked(PLAIN_TOO), 7) == "proved"


@pytest.fixture(scope="module")
def softmax(checked):
    return checked(SOFTMAX)


def test_softmax_of_a_listed_vector_has_its_derivative(softmax):
    assert verdict_on(softmax, 9) == "proved"


def test_softmax_derivative_without_its_factor_is_refuted(softmax):
    assert verdict_on(softmax, 11) == "refuted"


def test_softmax_on_another_entry_of_a_defined_family(softmax):
    """\\hat{y}_j is softmax(z)_j, z_j being defined too: the entry head binds j, then z_j unfolds."""
    assert verdict_on(softmax, 13) == "proved"


def test_log_derivative_without_its_quotient_is_not_proved(softmax):
    """The mutant: 1/y_j dropped (false at z = 0, t = (1, 0, 0))."""
    assert verdict_on(softmax, 15) != "proved"

"""Differentiating by one entry of a defined family (q_i, with q_k := 2 r_k - h for every k).

The other entries the expression holds (q_j inside a sum over j, or q_3) may be that very entry,
so they stay variables while differentiating; expanding them first through the family's definition
would drop their dependence on q_i (the sum would look constant) and prove a false gradient.

By hand (SymPy agrees, tests below): d/dq_i (q_i sum_{j=1}^n q_j) = sum_j q_j + q_i, since the sum
holds q_i once; the version without "+ q_i" is false whenever q_i != 0. d/dq_i sum_j q_j^2 = 2 q_i.
d/dq_i (q_i q_3) = q_3 + [i = 3] q_i, so "= q_3" alone is false at i = 3 and must not be proved.
"""
import pytest
import sympy as sp

from conftest import verdict_on


NOTES = r"""# A family of entries

$$ q_k = 2 r_k - h $$

$$ \frac{\partial}{\partial q_i} \left( q_i \sum_{j=1}^{n} q_j \right) = \sum_{j=1}^{n} q_j + q_i $$

$$ \frac{\partial}{\partial q_i} \left( q_i \sum_{j=1}^{n} q_j \right) = \sum_{j=1}^{n} q_j $$

$$ \frac{\partial}{\partial q_i} \sum_{j=1}^{n} q_j^2 = 2 q_i $$

$$ \frac{\partial}{\partial q_i} \left( q_i q_3 \right) = q_3 $$

# A recurrence

$$ s_t := \tanh(u\, s_{t-1} + x_t) $$

$$ \frac{\partial s_t}{\partial s_{t-1}} = u\,(1 - s_t^2) $$

$$ \frac{\partial s_t}{\partial s_{t-1}} = 1 - s_t^2 $$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def test_sympy_agrees_on_the_gradient_by_hand():
    q = sp.IndexedBase("q")
    i = sp.Symbol("i", integer=True)
    terms = [q[1], q[2], q[3]]  # n = 3, i = 2
    f = q[2] * sum(terms)
    assert sp.simplify(sp.diff(f, q[2]) - (sum(terms) + q[2])) == 0
    assert sp.diff(q[3] * q[3], q[3]) != q[3]  # at i = 3 the last line fails
    assert i.is_integer


def test_entries_of_the_same_family_stay_variables(notes):
    assert verdict_on(notes, 5) == "proved"


def test_gradient_missing_the_entry_itself_is_not_proved(notes):
    """The mutant: false whenever q_i != 0 (it was proved when the sum was expanded first)."""
    assert verdict_on(notes, 7) == "refuted"


def test_sum_of_squares_by_one_entry(notes):
    assert verdict_on(notes, 9) == "proved"


def test_an_entry_one_step_back_is_another_entry(notes):
    """s_{t-1} is never s_t: s_t is expanded and differentiated (tanh' = 1 - tanh^2)."""
    assert verdict_on(notes, 17) == "proved"


def test_recurrence_derivative_missing_its_weight_is_refuted(notes):
    """The mutant: drops the factor u."""
    assert verdict_on(notes, 19) == "refuted"


def test_a_numbered_entry_may_be_the_variable(notes):
    """q_3 is q_i when i = 3: never proved (i is not stated unequal to 3)."""
    assert verdict_on(notes, 11) != "proved"


def test_the_familys_own_index_is_not_a_case_of_the_link(notes):
    """k in q_k := 2 r_k - h names every entry; it is no free index of the link, so the link is
    not split into the cases k = i, k < i and k > i (three times the work, and k in the message)."""
    found, = [link for link in notes.links if link.line == 9]
    assert "k = i" not in found.message and "i < k" not in found.message

"""``x_1`` and ``x_j`` in one file: x_1 is entry 1 of the family x (issue 12's subscript rule), so a
derivative by x_j reaches x_2 at j = 2 and a derivative by x_1 reaches every x_k of a sum.

By hand (SymPy agrees, first test): d x_2 / d x_j = [j = 2]; d/dx_1 sum_{k=1}^n x_k^2 = 2 x_1 for
n >= 1; d/dx_j (x_1 + x_j) = 1 + [j = 1]; d/dx_j (x_1 x_j) = x_1 + [j = 1] x_j, which is not x_1 at j = 1.
"""
import pytest
import sympy as sp

from conftest import verdict_on


NOTES = r"""# Entries written with digits

$$ \frac{\partial x_2}{\partial x_j} = 0 $$

$$ \frac{\partial}{\partial x_j} \left( x_1 x_j \right) = x_1 $$

$$ \frac{\partial}{\partial x_j} \left( x_1 + x_j \right) = 1 + 1_{j=1} $$

$$ \frac{\partial}{\partial x_1} \sum_{k=1}^{n} x_k^2 = 2 x_1 $$

$$ \frac{\partial}{\partial x_1} \sum_{k=1}^{n} x_k^2 = 2 x_2 $$

$$ \frac{\partial}{\partial x_j} \left( x_{12} + x_j \right) = 1 $$

$$ \frac{\partial}{\partial x_j} \left( x_1 x_j \right) = x_1 + 1_{j=1} x_1 $$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def test_sympy_agrees_by_hand():
    x = sp.IndexedBase("x")
    j, k = sp.symbols("j k", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    assert sp.diff(x[2], x[j]) == sp.KroneckerDelta(2, j)
    assert sp.diff(sp.Sum(x[k] ** 2, (k, 1, n)), x[1]).doit() == 2 * x[1]
    assert sp.diff(x[1] * x[j], x[j]).subs(j, 1) != x[1]


def test_another_numbered_entry_is_refuted_at_its_index(notes):
    """The mutant of "= [j = 2]": at j = 2 the derivative is 1."""
    assert verdict_on(notes, 3) == "refuted"


def test_product_with_an_entry_is_refuted(notes):
    """Read as unrelated names it would be proved; at j = 1 it is 2 x_1 = x_1, false whatever
    value x_1 (entry 1 of x) takes but 0: refuted (every_value.py)."""
    assert verdict_on(notes, 5) == "refuted"


def test_the_refutation_shows_x_1_as_entry_1(notes):
    """The point shown gives x_1 the value of x[1]: one entry, one value."""
    found, = [link for link in notes.links if link.line == 5]
    assert found.counterexample["x_1"] == found.counterexample["x[1]"]


def test_true_product_with_an_entry_is_not_refuted(notes):
    """x_1 + [j = 1] x_1 is the derivative read with x_1 as entry 1: never refuted."""
    assert verdict_on(notes, 15) != "refuted"


def test_sum_with_its_indicator(notes):
    assert verdict_on(notes, 7) == "proved"


def test_derivative_by_a_numbered_entry_reaches_the_sum(notes):
    assert verdict_on(notes, 9) == "proved"


def test_wrong_entry_is_not_proved(notes):
    assert verdict_on(notes, 11) != "proved"


def test_digits_that_do_not_match_the_indices_stay_undecided(notes):
    """x_12 beside x_j: entry 12, or a name of its own? Either reading, no verdict."""
    assert verdict_on(notes, 13) == "undecided"


def test_the_message_calls_x_1_an_entry(notes):
    """x_1 beside x_j is one family now: the doubt names it an entry, not a different name."""
    found, = [link for link in notes.links if link.line == 15]
    assert "entry of the family" in found.message

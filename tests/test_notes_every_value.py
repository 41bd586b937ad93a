"""A refutation that holds whatever value a look-alike name takes (verify/every_value.py).

By hand (the first test has SymPy agree): a squared norm is >= 0 under every reading of a bold
name (a number of its own, the plain name's number, or the vector of the plain name's entries),
while a sum of entries is -n at entries -1: the claim fails whatever the bold name is. A sum of
squares of the entries equals the squared norm when the bold name is the vector of those entries,
so that version depends on the reading: undecided. V^2 + 1 >= 1 > 0 >= -v^2 for real V and v;
V^2 = v^2 holds when V is v. V^2 + V + 1 >= 3/4 > 0 >= -v^2 too (plain names are numbers, so V
and v are one number or two: false either way). A bold p in an odd power is no number when p is
the vector of the p_i: no reading-free refutation, undecided.
"""
import pytest
import sympy as sp

from conftest import verdict_on


NOTES = r"""# Norms beside their entries

$$ \|\mathbf{q}\|^2 = \sum_{i=1}^{n} q_i $$

$$ \|\mathbf{q}\|^2 = \sum_{i=1}^{n} q_i^2 $$

$$ \|\mathbf{g}\|_2^2 = \sum_{r=1}^{m} \sum_{c=1}^{k} g_{rc} $$

$$ V^2 + 1 = -v^2 $$

$$ V^2 = v^2 $$

$$ V^2 + V + 1 = -v^2 $$

$$ \mathbf{p}^2 + \mathbf{p} + 1 = -\sum_{i=1}^{n} p_i^2 $$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def test_sympy_agrees_by_hand():
    t, c = sp.symbols("t c", real=True)
    q = sp.symbols("q1:4", real=True)
    # the vector reading: the squared norm of (-1, -1, -1) is 3, the sum of its entries -3
    assert sum(x ** 2 for x in q).subs({x: -1 for x in q}) == 3
    assert sum(q).subs({x: -1 for x in q}) == -3
    # a separate scalar: t^2 = -3 has no real root
    assert sp.Poly(t ** 2 + 3, t).count_roots() == 0
    # V^2 + 1 + v^2 > 0 and V^2 + V + 1 + v^2 > 0 for all reals
    assert sp.Poly(t ** 2 + 1 + c ** 2, t).discriminant() < 0
    assert sp.Poly(t ** 2 + t + 1 + c ** 2, t).discriminant() < 0


def test_norm_squared_against_a_sum_of_entries_is_refuted(notes):
    assert verdict_on(notes, 3) == "refuted"


def test_norm_squared_against_the_sum_of_squares_stays_undecided(notes):
    """True when q is the vector of the q_i, false when it is a name of its own."""
    assert verdict_on(notes, 5) == "undecided"


def test_two_index_entries_are_refuted(notes):
    assert verdict_on(notes, 7) == "refuted"


def test_case_look_alikes_refuted_when_no_value_fits(notes):
    assert verdict_on(notes, 9) == "refuted"


def test_case_look_alikes_stay_undecided_when_one_reading_holds(notes):
    assert verdict_on(notes, 11) == "undecided"


def test_plain_look_alikes_with_an_odd_power_are_refuted(notes):
    """v is let free (it appears squared): whatever v is, also V's value, the sides differ."""
    assert verdict_on(notes, 13) == "refuted"


def test_an_odd_power_of_a_bold_look_alike_is_not_refuted(notes):
    """Conservative: an odd power of a possible vector is no number under that reading."""
    assert verdict_on(notes, 15) == "undecided"


def test_the_refutation_says_the_reading_does_not_matter(notes):
    found, = [link for link in notes.links if link.line == 3]
    assert any("whatever value" in a for a in found.assumptions)

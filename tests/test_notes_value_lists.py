"""A clause listing an index's values, ``,\\forall i = 1, 2, 3``: the link is claimed for each value.
It was read as ``i = 1`` (and two stray numbers), so a line true only at i = 1 was proved. The list
is not substituted; a proof must hold for every i, and no refutation rests on values outside it.

By hand: d/dx x^i = i x^{i-1} for every i; x^{i-1} alone is right only at i = 1 (i = 2: 2x against x).
"""
import pytest
import sympy as sp

from conftest import verdict_on


NOTES = r"""# Every listed value

$$ \frac{d}{dx} x^{i} = x^{i-1} ,\forall i = 1, 2, 3 $$

$$ \frac{d}{dx} x^{i} = i x^{i-1} ,\forall i = 1, 2, 3 $$

$$ \frac{d}{dx} x^{i} = x^{i-1} ,\forall i = 1 $$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def test_sympy_agrees_by_hand():
    x = sp.Symbol("x", positive=True)
    assert sp.diff(x ** 2, x) != x ** 1
    assert sp.diff(x ** 1, x) == x ** 0


def test_true_only_at_the_first_value_is_not_proved(notes):
    """The mutant: wrong at i = 2 and i = 3."""
    assert verdict_on(notes, 3) != "proved"


def test_true_for_every_value_is_proved(notes):
    assert verdict_on(notes, 5) == "proved"


def test_a_single_value_is_still_a_condition(notes):
    assert verdict_on(notes, 7) == "proved"

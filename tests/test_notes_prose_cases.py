"""A case heading written alone in the prose, ``$i = j$`` or ``$i \\neq j$``, before a case's
derivation: it is the case the display right below it is stated for, never ``i := j`` and never a
claim. Which later lines it covers the notes do not say, so elsewhere in the section a link holding
both indices is never refuted; a proof holds whatever the case, and a link holding only i is
refuted as usual.

By hand (softmax a_i = e^{z_i} / sum_k e^{z_k}, SymPy agrees in the first test): da_i/dz_i =
a_i (1 - a_i); for i != j, da_i/dz_j = -a_i a_j, which is false at i = j; a_i (1 + a_i) is false.
"""
import pytest
import sympy as sp

from conftest import verdict_on


NOTES = r"""# Two cases

The entries are $a_i = \frac{e^{z_i}}{\sum_{k=1}^{n} e^{z_k}}$.

$i = j$

$$ \frac{\partial a_i}{\partial z_i} = a_i (1 - a_i) $$

$$ \frac{\partial a_i}{\partial z_i} = a_i (1 + a_i) $$

$i \neq j$

$$ \frac{\partial a_i}{\partial z_j} = -a_i a_j $$

$$ \frac{\partial a_i}{\partial z_j} = a_i a_j $$

$i \neq j$

$$ \frac{\partial a_i}{\partial z_j} = a_i a_j $$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def test_sympy_agrees_by_hand():
    z1, z2 = sp.symbols("z1 z2", real=True)
    total = sp.exp(z1) + sp.exp(z2)
    a1, a2 = sp.exp(z1) / total, sp.exp(z2) / total
    assert sp.simplify(sp.diff(a1, z1) - a1 * (1 - a1)) == 0
    assert sp.simplify(sp.diff(a1, z2) + a1 * a2) == 0
    assert sp.simplify(sp.diff(a1, z1) + a1 * a1) != 0  # the i != j formula fails at i = j


def test_heading_is_neither_a_claim_nor_a_definition(notes):
    assert [link.line for link in notes.links] == [7, 9, 13, 15, 19]


def test_diagonal_entry_is_proved_with_i_unchanged(notes):
    """With i := j read from the heading, this true line was refuted."""
    assert verdict_on(notes, 7) == "proved"


def test_wrong_diagonal_entry_is_refuted(notes):
    """The mutant: only i occurs, so no case can rescue it."""
    assert verdict_on(notes, 9) == "refuted"


def test_off_diagonal_entry_is_proved_under_its_heading(notes):
    """False at i = j, which the heading $i \\neq j$ right above it excludes."""
    assert verdict_on(notes, 13) == "proved"


def test_a_later_display_is_not_refuted(notes):
    """Whether the heading still holds two displays below, the notes do not say."""
    assert verdict_on(notes, 15) == "undecided"


def test_wrong_sign_right_below_its_heading_is_refuted(notes):
    """The mutant: for i != j the entry is -a_i a_j, and a_i a_j != 0."""
    assert verdict_on(notes, 19) == "refuted"

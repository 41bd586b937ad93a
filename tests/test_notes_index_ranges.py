"""A free index lies in the range the notes imply, even when the sum is inside a definition
(issue 11, mechanism 7). By hand: d/dx_j (1/m) sum_i x_i = 1/m for 1 <= j <= m; it is 0 for j
outside, which the notes never mean, so j = 0 must never refute the line."""
import pytest

from conftest import verdict_on


NOTES = r"""# The mean of a batch

$$ \bar{x} := \frac{1}{m} \sum_{i=1}^{m} x_i $$

$$ \frac{\partial \bar{x}}{\partial x_j} = \frac{1}{m} $$

$$ \frac{\partial \bar{x}}{\partial x_j} = \frac{2}{m} $$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def test_index_of_a_sum_inside_a_definition_is_in_its_range(notes):
    assert verdict_on(notes, 5) == "proved"


def test_the_range_is_an_assumption(notes):
    assert "1 <= j <= m" in [a for link in notes.links if link.line == 5 for a in link.assumptions]


def test_a_wrong_factor_is_refuted_inside_the_range(notes):
    """At j = 1 = m: 1 on the left, 2 on the right."""
    assert verdict_on(notes, 7) == "refuted"

"""``\\sum_{i=1}^{n} -[a_i + b_i]``: a minus right after a sum's limits negates each term (it was
"nothing to add up after \\sum"). The body is still the one term that follows.

By hand: sum_i -(a_i + b_i) = -sum_i (a_i + b_i); sum_i -a_i b_i = -sum_i a_i b_i, not +sum_i a_i b_i
(n = 1, a_1 = b_1 = 1: -1 against 1).
"""
import pytest

from conftest import verdict_on


NOTES = r"""# Negated terms

$$ \sum_{i=1}^{n} -[a_i + b_i] = -\sum_{i=1}^{n} (a_i + b_i) $$

$$ \sum_{i=1}^{n} -a_i b_i = \sum_{i=1}^{n} a_i b_i $$

$$ \sum_{i=1}^{n} -a_i b_i = -\sum_{i=1}^{n} a_i b_i $$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def test_negated_bracket_is_the_sum_of_negated_terms(notes):
    assert verdict_on(notes, 3) == "proved"


def test_sign_dropped_is_refuted(notes):
    """The mutant: the minus lost."""
    assert verdict_on(notes, 5) == "refuted"


def test_negated_product_term(notes):
    assert verdict_on(notes, 7) == "proved"

"""Definitions of every entry at once (issue 11, mechanism 4): a family a_j := sigma(z_j) and a
recurrence s_t := tanh(u s_{t-1} + x_t).

By hand: d/dz_j (a_k + z_j) = [k = j] sigma'(z_j) + 1, which is 1 only when k != j, so "= 1" is
false (k = j); ds_t/du = (1 - s_t^2)(s_{t-1} + u ds_{t-1}/du), so the truncated (1 - s_t^2) s_{t-1}
is not an identity and must never be proved.
"""
import pytest

from conftest import verdict_on


NOTES = r"""# A recurrence

$$ s_t := \tanh(u s_{t-1} + x_t) $$

$$ \frac{\partial s_t}{\partial u} = (1 - s_t^2) s_{t-1} $$

$$ \frac{\partial s_t}{\partial x_t} = 1 - s_t^2 $$

# A family

$$ a_j := \sigma(z_j) $$

$$ \frac{\partial}{\partial z_j} (a_k + z_j) = 1 $$

$$ \frac{\partial a_k}{\partial z_k} = a_k (1 - a_k) $$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def test_truncated_recurrence_gradient_is_never_proved(notes):
    assert verdict_on(notes, 5) == "undecided"


def test_recurrence_entry_not_differentiated_as_a_constant(notes):
    """True (s_{t-1} does not depend on x_t), but only by unfolding the recurrence, which
    gradproof does not do: undecided, never a guess."""
    assert verdict_on(notes, 7) == "undecided"


def test_family_entry_with_another_index_is_unfolded(notes):
    """At k = j the left side is sigma'(z_j) + 1."""
    assert verdict_on(notes, 13) == "refuted"


def test_family_entry_derivative(notes):
    assert verdict_on(notes, 15) == "proved"

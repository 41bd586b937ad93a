"""``\\text{Let } 2 s = m`` (an expression named on the right) inside a display of several rows (an
aside, a worked example) names it for that display only. Elsewhere the name may still mean it, or
something else: a proof that holds for every value of the name stands, no refutation treats it as
free, and where the file gives it another definition too (``t = 0`` in a later example) the
readings differ and there is no verdict.

A name on the left (``\\text{Let } m = 2s``) is the file's, as before.

By hand: with m = 2s, m + m = 4s and not 3s (s = 1: 4 against 3); m - m = 0 for every m;
m + 1 = 2s + 1 only when m = 2s. ln 1 = 0, so "ln 1 = t" is true with t = 0 and false with
t = ln q (q = 2).
"""
import pytest

from conftest import verdict_on


NOTES = r"""# An aside

$$
\begin{align*}
\text{Let } 2 s &= m \\
m + m &= 4 s \\
m + m &= 3 s
\end{align*}
$$

$$ m + 1 = 2 s + 1 $$

$$ m - m = 0 $$

# A worked example

$$
\begin{align*}
\text{Let } \ln q &= t \\
e^t &= q
\end{align*}
$$

$$
\begin{align*}
\ln 1 &= t \\
t &= 0
\end{align*}
$$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def test_let_defines_inside_its_display(notes):
    assert verdict_on(notes, 6) == "proved"


def test_wrong_row_inside_its_display_is_refuted(notes):
    """The mutant: 4s, not 3s."""
    assert verdict_on(notes, 7) == "refuted"


def test_outside_its_display_no_refutation_treats_it_as_free(notes):
    assert verdict_on(notes, 11) == "undecided"


def test_a_proof_for_every_value_stands(notes):
    assert verdict_on(notes, 13) == "proved"


def test_reverse_let_inside_its_display(notes):
    assert verdict_on(notes, 20) == "proved"


def test_two_meanings_give_no_verdict(notes):
    """t := ln q (the aside) refutes it, t = 0 (this example) proves it."""
    assert verdict_on(notes, 26) == "undecided"

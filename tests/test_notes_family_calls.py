"""A function defined on the entries of one family, called on another family (issue 12).

``softmax(v)_a = e^{v_a} / sum_{b=1}^{n} e^{v_b}`` is written for a vector v of n entries. For a
family u that the notes sum over 1..K, ``softmax(u)_c`` is e^{u_c} / sum_{r=1}^{K} e^{u_r}: the
mathematics of the first link below is that identity (proved); its mutant adds 1 to the
denominator (at K = 1, u_1 = 0: 1/1 against 1/2, refuted). ``d log softmax(u)_c / d u_c`` is
1 - softmax(u)_c (proved); the mutant 1 + softmax(u)_c is refuted (at K = 1: left 0, right 2). A family
summed over two different ranges in the notes (g over 1..K and 1..M) has no stated length: the call
stays unknown, undecided. A family never summed (h, even where its
two entries are written out) likewise: its length is not stated.
"""
from tests.conftest import link_on

NOTES = r"""# Soft

Here $softmax(v)_a = \frac{e^{v_a}}{\sum_{b=1}^{n} e^{v_b}}$ for any vector v.

$$ q_c = softmax(u)_c $$

$$ S = \sum_{r=1}^{K} e^{u_r} $$

$$ q_c = \frac{e^{u_c}}{\sum_{r=1}^{K} e^{u_r}} $$

$$ 2 softmax(u)_c = \frac{2 e^{u_c}}{\sum_{r=1}^{K} e^{u_r} + 1} $$

$$ \frac{\partial \log(q_c)}{\partial u_c} = 1 - softmax(u)_c $$

$$ \frac{\partial \log(q_c)}{\partial u_c} = 1 + softmax(u)_c $$

$$ A = \sum_{r=1}^{K} g_r + \sum_{r=1}^{M} g_r $$

$$ softmax(g)_c = \frac{e^{g_c}}{\sum_{r=1}^{K} e^{g_r}} $$

$$ 2 softmax(h)_c = \frac{2 e^{h_c}}{e^{h_1} + e^{h_2}} $$
"""


def test_call_on_another_family_takes_its_stated_length(checked):
    link = link_on(checked(NOTES), NOTES, r"$$ q_c = \frac{e^{u_c}}{\sum_{r=1}^{K} e^{u_r}} $$")
    assert link.verdict == "proved"


def test_wrong_denominator_is_refuted(checked):
    link = link_on(checked(NOTES), NOTES, r"$$ 2 softmax(u)_c = \frac{2 e^{u_c}}{\sum_{r=1}^{K} e^{u_r} + 1} $$")
    assert link.verdict == "refuted"


def test_derivative_through_the_call_is_proved(checked):
    link = link_on(checked(NOTES), NOTES, r"$$ \frac{\partial \log(q_c)}{\partial u_c} = 1 - softmax(u)_c $$")
    assert link.verdict == "proved"


def test_wrong_derivative_through_the_call_is_refuted(checked):
    link = link_on(checked(NOTES), NOTES, r"$$ \frac{\partial \log(q_c)}{\partial u_c} = 1 + softmax(u)_c $$")
    assert link.verdict == "refuted"


def test_two_stated_ranges_leave_the_call_unknown(checked):
    link = link_on(checked(NOTES), NOTES, r"$$ softmax(g)_c = \frac{e^{g_c}}{\sum_{r=1}^{K} e^{g_r}} $$")
    assert link.verdict == "undecided" and "1..K" in link.message and "1..M" in link.message


def test_family_never_summed_leaves_the_call_unknown(checked):
    link = link_on(checked(NOTES), NOTES, r"$$ 2 softmax(h)_c = \frac{2 e^{h_c}}{e^{h_1} + e^{h_2}} $$")
    assert link.verdict == "undecided" and "softmax(h[c]) is not known" in link.message

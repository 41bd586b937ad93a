"""A softmax written on one entry, ``softmax(v_m) = e^{v_m} / sum_l e^{v_l}`` (issue 12), and an
inequality of two indices stated in the prose (``when $r \\ne m$``).

The mathematics: with S_m = e^{v_m} / sum_l e^{v_l}, dS_m/dv_m = S_m (1 - S_m) and, for r != m,
dS_m/dv_r = -S_m S_r. At r = m the second is false (S(1-S) against -S^2), so without the prose
it is refuted, and with it proved in the halves r < m and r > m. Mutants: dS_m/dv_m = 1 - S_m
(at v = (0, 0): 1/4 against 1/2) and dS_m/dv_r = S_m S_r (1/4 against -1/4). softmax of anything
but an entry of v is not what the notes define: it stays undecided.
"""
from tests.conftest import link_on

NOTES = r"""# Softmax by entries

$$softmax(v_m) = \frac{e^{v_m}}{\sum_{l=1}^{L} e^{v_l}}$$

Write $softmax(v_m) = S_m$.

$$\frac{\partial S_m}{\partial v_m} = S_m(1 - S_m)$$

$$\frac{\partial S_m}{\partial v_m} = 1 - S_m$$

$$\frac{\partial S_m}{\partial v_r} = -S_m S_r$$

$$\frac{\partial softmax(v_m)}{\partial v_m} = softmax(v_m) - softmax(v_m)^2$$

$$softmax(w_m) = S_m$$

$$\frac{\partial \log(softmax(w_m))}{\partial w_k} = 0, \quad k \neq m$$

## Other entries

Now the case $r \ne m$.

$$\frac{\partial S_m}{\partial v_r} = -S_m S_r$$

$$\frac{\partial S_m}{\partial v_r} = S_m S_r$$
"""


def test_own_entry_derivative_is_proved(checked):
    link = link_on(checked(NOTES), NOTES, r"$$\frac{\partial S_m}{\partial v_m} = S_m(1 - S_m)$$")
    assert link.verdict == "proved"


def test_wrong_own_entry_derivative_is_refuted(checked):
    link = link_on(checked(NOTES), NOTES, r"$$\frac{\partial S_m}{\partial v_m} = 1 - S_m$$")
    assert link.verdict == "refuted"


def test_call_itself_is_unfolded(checked):
    link = link_on(checked(NOTES), NOTES,
                   r"$$\frac{\partial softmax(v_m)}{\partial v_m} = softmax(v_m) - softmax(v_m)^2$$")
    assert link.verdict == "proved"


def test_other_entry_without_a_stated_inequality_is_refuted_at_equal_indices(checked):
    result = checked(NOTES)
    first = NOTES.splitlines().index(r"$$\frac{\partial S_m}{\partial v_r} = -S_m S_r$$") + 1
    link, = [x for x in result.links if x.line == first]
    assert link.verdict == "refuted"  # at r = m: S(1 - S) against -S^2


def test_softmax_of_another_family_is_not_read_through_the_definition(checked):
    link = link_on(checked(NOTES), NOTES, r"$$softmax(w_m) = S_m$$")
    assert link.verdict == "undecided"


def test_softmax_of_another_family_is_no_function_of_one_entry(checked):
    # read as the notes' softmax, the derivative is -softmax(w_k) at k != m: never proved as 0
    link = link_on(checked(NOTES), NOTES, r"$$\frac{\partial \log(softmax(w_m))}{\partial w_k} = 0, \quad k \neq m$$")
    assert link.verdict == "undecided"


def test_other_entry_under_prose_inequality_is_proved(checked):
    result = checked(NOTES)
    lines = NOTES.splitlines()
    last = len(lines) - lines[::-1].index(r"$$\frac{\partial S_m}{\partial v_r} = -S_m S_r$$")
    link, = [x for x in result.links if x.line == last]
    assert link.verdict == "proved" and "r \\ne m" in " ".join(link.assumptions)


def test_wrong_other_entry_under_prose_inequality_is_refuted(checked):
    link = link_on(checked(NOTES), NOTES, r"$$\frac{\partial S_m}{\partial v_r} = S_m S_r$$")
    assert link.verdict == "refuted"

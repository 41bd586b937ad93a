"""Conditions written in the prose around the mathematics (issue 12).

``If $w x + b > 0$:`` alone on its line is the condition of the display right below it: there
relu(w x + b) = w x + b, so d relu(w x + b)/dw = x (proved) and the mutant 0 is false (at any
point with w x + b > 0 and x != 0, refuted); below ``If $w x + b < 0$:`` the derivative is 0
(proved). The condition is read as b > -w x (b = -w x + t, t > 0), the set the sentence states.
Solved for an entry (``c_j``) whose family a sum elsewhere could hold, it may prove but never
refute: the mutant there stays undecided.

``$H(s) = 1$ if $s > 0$`` states H only in a case: it is no definition (H is not the constant 1),
so d relu(s)/ds = H(s) is not refuted at s < 0 (undecided: H is not defined), while the mutant
d relu(s)/ds = 1 is still refuted (at s < 0 the left side is 0). ``$c = 1$ if ..., $c = 0$
otherwise`` defines c neither way: c + 1 = 2 is not proved.
"""
from tests.conftest import link_on

HEADINGS = r"""# Relu by cases

Let $u = relu(w x + b)$.

If $w x + b > 0$:
$$ \frac{\partial u}{\partial w} = x $$

If $w x + b > 0$:
$$ \frac{\partial u}{\partial w} = 0 $$

If $w x + b < 0$:
$$ \frac{\partial u}{\partial w} = 0 $$

Si $\sum_{k=1}^{n} v_{k} y_{k} + c_j > 0$ :
$$ \frac{\partial relu(\sum_{k=1}^{n} v_{k} y_{k} + c_j)}{\partial c_j} = 1 $$

Si $\sum_{k=1}^{n} v_{k} y_{k} + c_j > 0$ :
$$ \frac{\partial relu(\sum_{k=1}^{n} v_{k} y_{k} + c_j)}{\partial c_j} = 2 $$
"""

CASES = r"""# A step function

Here $H(s) = 1$ if $s > 0$, and $0$ if $s < 0$.

$$ \frac{d \, relu(s)}{ds} = H(s) $$

$$ \frac{d \, relu(s)}{ds} = 1 $$

Take $c = 1$ if $s > 0$, and $c = 0$ otherwise.

$$ c + 1 = 2 $$
"""


def test_heading_condition_proves_the_display_below(checked):
    link = link_on(checked(HEADINGS), HEADINGS, r"$$ \frac{\partial u}{\partial w} = x $$")
    assert link.verdict == "proved"


def test_heading_condition_refutes_a_wrong_display(checked):
    text = HEADINGS.splitlines()
    line = [k for k, t in enumerate(text, 1) if t == r"$$ \frac{\partial u}{\partial w} = 0 $$"][0]
    found, = [x for x in checked(HEADINGS).links if x.line == line]
    assert found.verdict == "refuted"


def test_other_heading_proves_its_own_case(checked):
    text = HEADINGS.splitlines()
    line = [k for k, t in enumerate(text, 1) if t == r"$$ \frac{\partial u}{\partial w} = 0 $$"][1]
    found, = [x for x in checked(HEADINGS).links if x.line == line]
    assert found.verdict == "proved"


def test_entry_condition_proves(checked):
    link = link_on(checked(HEADINGS), HEADINGS,
                   r"$$ \frac{\partial relu(\sum_{k=1}^{n} v_{k} y_{k} + c_j)}{\partial c_j} = 1 $$")
    assert link.verdict == "proved"


def test_entry_condition_never_refutes(checked):
    link = link_on(checked(HEADINGS), HEADINGS,
                   r"$$ \frac{\partial relu(\sum_{k=1}^{n} v_{k} y_{k} + c_j)}{\partial c_j} = 2 $$")
    assert link.verdict == "undecided"


def test_case_statement_is_no_definition(checked):
    link = link_on(checked(CASES), CASES, r"$$ \frac{d \, relu(s)}{ds} = H(s) $$")
    assert link.verdict == "undecided"


def test_wrong_derivative_beside_a_case_statement_is_refuted(checked):
    link = link_on(checked(CASES), CASES, r"$$ \frac{d \, relu(s)}{ds} = 1 $$")
    assert link.verdict == "refuted"


def test_otherwise_is_no_definition(checked):
    link = link_on(checked(CASES), CASES, r"$$ c + 1 = 2 $$")
    assert link.verdict != "proved"

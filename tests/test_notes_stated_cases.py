"""A side given only in stated cases (issue 12): ``t u = \\begin{cases} u, & t=1 \\\\ 0, & t=0 \\end{cases}``
says nothing for other t, so it is proved by proving each case exactly (t u at t = 1 is u; at
t = 0 it is 0). A wrong case is refuted inside that case: at t = 0, t u = 0 against 1.
"""
import sympy as sp

from derivations.prove import verify_claim
from tests.conftest import link_on

NOTES = r"""# A label that switches a term on and off

$$t u = \begin{cases} u, & t=1\\ 0, & t=0 \end{cases}$$

$$t u = \begin{cases} u, & t=1\\ 1, & t=0 \end{cases}$$

$$e^{t u} = \begin{cases} e^{u}, & t=1\\ 1, & t=0 \end{cases}$$
"""


def test_each_stated_case_proved_is_a_proof(checked):
    line = r"$$t u = \begin{cases} u, & t=1\\ 0, & t=0 \end{cases}$$"
    assert link_on(checked(NOTES), NOTES, line).verdict == "proved"


def test_exponential_in_each_stated_case_is_proved(checked):
    line = r"$$e^{t u} = \begin{cases} e^{u}, & t=1\\ 1, & t=0 \end{cases}$$"
    assert link_on(checked(NOTES), NOTES, line).verdict == "proved"


def test_wrong_stated_case_is_refuted(checked):
    line = r"$$t u = \begin{cases} u, & t=1\\ 1, & t=0 \end{cases}$$"
    assert link_on(checked(NOTES), NOTES, line).verdict == "refuted"


def test_cases_of_two_variables_are_not_a_stated_split():
    t, s, u = sp.symbols("t s u", real=True)
    cases = sp.Piecewise((u, sp.Eq(t, 1)), (0, sp.Eq(s, 0)))
    assert verify_claim(t * u, cases).verdict != "proved"  # at t = 2, s = 0: 2u against 0

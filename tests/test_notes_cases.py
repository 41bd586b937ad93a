"""Case headings after an equation: ``\\quad i = j`` and ``\\quad i \\neq j`` (issue 12).

Softmax notes state its Jacobian in two lines, one per case. ``i = j`` there is the case, never a
definition that renames one index for the rest of the file; ``i \\neq j`` is verified in its two
halves (i < j and i > j), both inside the sum's range. Expected verdicts come from the quotient
rule, d p_j / d s_i = p_j (delta_ij - p_i), which ``test_oracle_*`` confirms with SymPy for three
classes without gradproof; each false line is a mutant of a true one.
"""
import pytest
import sympy as sp

from tests.conftest import link_on

NOTES = r"""# Softmax, case by case

$$p_j = \frac{e^{s_j}}{\sum_{c} e^{s_c}}$$

$$ \frac{\partial p_j}{\partial s_i} = p_i(1 - p_i), \quad i = j $$

$$ \frac{\partial p_j}{\partial s_i} = -p_i p_j,\quad i \neq j $$

$$ \frac{\partial p_j}{\partial s_i} = -p_j p_i, \quad j \neq i. $$

$$ \frac{\partial p_j}{\partial s_i} = p_i p_j,\quad i \neq j $$

$$ \frac{\partial p_j}{\partial s_i} = p_i(1 + p_i), \quad i = j $$

$$ \frac{\partial p_j}{\partial s_i} = -p_i p_j $$

# Both cases in one line

$$ \frac{\partial p_j}{\partial s_i} = p_j(\delta_{ij} - p_i) $$

$$ \frac{\partial p_j}{\partial s_i} = p_j(\delta_{ij} + p_i) $$

$$ \frac{\partial p_j}{\partial s_i} = p_i(1_{i=j} - p_j) $$
"""

HEADINGS = r"""# Case headings before each row

$$ q_i = \frac{e^{u_i}}{\sum_{k=1}^{n} e^{u_k}} $$

$$
\text{if} \;\; i = j: \frac{dq_i}{du_j} = q_i(1-q_i) \\
\text{if} \;\; i \ne j: \frac{dq_i}{du_j} = -q_i q_j
$$

$$
\text{if} \;\; i = j: \frac{dq_i}{du_j} = q_i(1+q_i) \\
\text{if} \;\; i \ne j: \frac{dq_i}{du_j} = q_i q_j
$$
"""

DEFINED = r"""# A delta of the notes' own

$$ \delta_{ij} = w_{ij} x_j $$

$$ \frac{\partial \delta_{ij}}{\partial w_{ij}} = x_j $$
"""

LINES = NOTES.splitlines()
SAME = r"$$ \frac{\partial p_j}{\partial s_i} = p_i(1 - p_i), \quad i = j $$"
APART = r"$$ \frac{\partial p_j}{\partial s_i} = -p_i p_j,\quad i \neq j $$"
APART_DOT = r"$$ \frac{\partial p_j}{\partial s_i} = -p_j p_i, \quad j \neq i. $$"
APART_SIGN = r"$$ \frac{\partial p_j}{\partial s_i} = p_i p_j,\quad i \neq j $$"
SAME_SIGN = r"$$ \frac{\partial p_j}{\partial s_i} = p_i(1 + p_i), \quad i = j $$"
NO_CASE = r"$$ \frac{\partial p_j}{\partial s_i} = -p_i p_j $$"
KRONECKER = r"$$ \frac{\partial p_j}{\partial s_i} = p_j(\delta_{ij} - p_i) $$"
KRONECKER_SIGN = r"$$ \frac{\partial p_j}{\partial s_i} = p_j(\delta_{ij} + p_i) $$"
INDICATOR = r"$$ \frac{\partial p_j}{\partial s_i} = p_i(1_{i=j} - p_j) $$"


def _softmax_jacobian_entry(i: int, j: int):
    s = sp.symbols("s1:4", real=True)
    p = [sp.exp(x) / sum(sp.exp(y) for y in s) for x in s]
    return sp.simplify(sp.diff(p[j], s[i]) - (p[j] * ((1 if i == j else 0) - p[i]))), p


def test_oracle_softmax_jacobian_every_pair():
    assert all(_softmax_jacobian_entry(i, j)[0] == 0 for i in range(3) for j in range(3))


def test_oracle_sign_mutant_is_false_off_the_diagonal():
    s = sp.symbols("s1:4", real=True)
    p = [sp.exp(x) / sum(sp.exp(y) for y in s) for x in s]
    value = (sp.diff(p[2], s[0]) - p[0] * p[2]).subs({s[0]: 0, s[1]: 0, s[2]: 0})
    assert value == sp.Rational(-2, 9)


def test_case_i_equals_j_is_proved(checked):
    assert link_on(checked(NOTES), NOTES, SAME).verdict == "proved"


def test_case_i_equals_j_is_a_condition_not_a_definition(checked):
    assert all(d.name not in ("i", "j") for d in checked(NOTES).definitions)


def test_case_i_neq_j_is_proved_in_both_halves(checked):
    link = link_on(checked(NOTES), NOTES, APART)
    assert (link.verdict, "each case" in link.message) == ("proved", True)


def test_case_j_neq_i_with_a_full_stop_is_proved(checked):
    assert link_on(checked(NOTES), NOTES, APART_DOT).verdict == "proved"


def test_sign_mutant_off_the_diagonal_is_refuted(checked):
    assert link_on(checked(NOTES), NOTES, APART_SIGN).verdict == "refuted"


def test_sign_mutant_counterexample_keeps_the_indices_apart(checked):
    point = link_on(checked(NOTES), NOTES, APART_SIGN).counterexample
    assert point["i"] != point["j"]


def test_mutant_on_the_diagonal_is_refuted(checked):
    assert link_on(checked(NOTES), NOTES, SAME_SIGN).verdict == "refuted"


def test_off_diagonal_formula_without_its_case_is_refuted_on_the_diagonal(checked):
    link = link_on(checked(NOTES), NOTES, NO_CASE)
    assert (link.verdict, link.counterexample["i"] == link.counterexample["j"]) == ("refuted", True)


def test_kronecker_delta_formula_is_proved_in_every_case(checked):
    assert link_on(checked(NOTES), NOTES, KRONECKER).verdict == "proved"


def test_kronecker_delta_sign_mutant_is_refuted(checked):
    assert link_on(checked(NOTES), NOTES, KRONECKER_SIGN).verdict == "refuted"


def test_indicator_of_equal_indices_is_kronecker_delta(checked):
    assert link_on(checked(NOTES), NOTES, INDICATOR).verdict == "proved"


def test_a_delta_the_notes_define_is_their_name(checked):
    line = r"$$ \frac{\partial \delta_{ij}}{\partial w_{ij}} = x_j $$"
    assert link_on(checked(DEFINED, "defined.md"), DEFINED, line).verdict == "proved"


@pytest.mark.parametrize("line, expected", [(6, "proved"), (7, "proved"), (11, "refuted"), (12, "refuted")])
def test_case_heading_before_its_row(checked, line, expected):
    found = [link.verdict for link in checked(HEADINGS, "headings.md").links if link.line == line]
    assert found == [expected]

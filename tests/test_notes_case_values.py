"""An equation inside a cases value (issue 12): ``\\begin{cases} \\sigma(-u), & t = 0 ... \\end{cases}``
with ``\\sigma(-u) = 1 - \\sigma(u)`` written in the value. The row's equation is a link of its own
under the row's condition; the case's value is its first side. And a Greek name that the file only
ever writes with a bracket after it (``\\kappa(u)``, ``\\kappa(-u)``) may be a function: ``\\kappa(-u)`` is
read both ways, never only as the product kappa * (-u).

The mathematics: sigma(-u) = 1 - sigma(u) and -sigma(-u) = sigma(u) - 1 are identities; sigma(-u) =
sigma(u) is false (at u = 1: 0.269 against 0.731). ln(1 + e^{-u}) = kappa(-u) holds for
kappa(v) = ln(1 + e^v) and fails for kappa a number (the product reading): the readings differ.
"""
from tests.conftest import link_on

NOTES = r"""# Cases with equations in them

$$
Q = \begin{cases}
\sigma(u), & t=1\\
\sigma(-u) = 1-\sigma(u), & t=0
\end{cases}
$$

$$
R = \begin{cases}
-\sigma(-u) = \sigma(u)-1, & t=1\\
\sigma(-u) = \sigma(u), & t=0
\end{cases}
$$

$$
Q = \begin{cases}
\frac{e^u}{1 + e^u}, & t=1\\
\frac{1}{1 + e^u}, & t=0
\end{cases}
$$

$$
S = \begin{cases}
c = 4, & t=1\\
0, & t=0
\end{cases}
$$

$$c = 5$$
"""

GREEK = r"""# A Greek name used only as a function

$$\kappa(u) \kappa(2u) = 1$$

$$\ln(1 + e^{-u}) = \kappa(-u)$$

$$\theta = 3$$

$$\theta(1 - \theta) = -6$$
"""


def test_equation_in_a_case_value_is_proved(checked):
    link = link_on(checked(NOTES), NOTES, r"\sigma(-u) = 1-\sigma(u), & t=0")
    assert link.verdict == "proved"


def test_second_equation_in_a_case_value_is_proved(checked):
    link = link_on(checked(NOTES), NOTES, r"-\sigma(-u) = \sigma(u)-1, & t=1\\")
    assert link.verdict == "proved"


def test_wrong_equation_in_a_case_value_is_refuted(checked):
    link = link_on(checked(NOTES), NOTES, r"\sigma(-u) = \sigma(u), & t=0")
    assert link.verdict == "refuted"


def test_case_value_is_the_first_side(checked):
    result = checked(NOTES)
    line = NOTES.splitlines().index(r"Q = \begin{cases}", 10) + 1
    link, = [x for x in result.links if x.line == line]
    assert link.verdict == "proved"  # Q restated with sigma written out, case by case


def test_equation_in_a_case_value_defines_nothing(checked):
    result = checked(NOTES)
    line = NOTES.splitlines().index(r"c = 4, & t=1\\") + 1
    assert any(item.line == line and "cases value" in item.reason for item in result.skipped_items)


def test_greek_name_only_applied_is_read_both_ways(checked):
    link = link_on(checked(GREEK, "greek.md"), GREEK, r"$$\ln(1 + e^{-u}) = \kappa(-u)$$")
    assert link.verdict == "undecided" and "2 ways" in link.message


def test_greek_name_used_alone_stays_a_product(checked):
    link = link_on(checked(GREEK, "greek.md"), GREEK, r"$$\theta(1 - \theta) = -6$$")
    assert link.verdict == "proved"

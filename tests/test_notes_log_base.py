"""The base of log when the notes state it (issue 12): ``log(p) = \\frac{ln(p)}{ln(10)}`` in the
file fixes log to base 10 for the whole file; without such a statement a file that writes both
log and ln keeps both readings (test_notes_notation.py).

The mathematics: d/dp log10(p) = 1/(p ln 10), so d/dp log(p) = 1/p is false under base 10
(at p = 1: 1/ln 10 = 0.434 against 1) and true under the natural logarithm.
"""
from tests.conftest import link_on

STATED = r"""# Decimal logarithms

Here $log(p) = \frac{ln(p)}{ln(10)}$ throughout.

$$\frac{d}{dp}\log(p) = \frac{1}{p \ln(10)}$$

$$\frac{d}{dq}\log(q) = \frac{1}{q}$$
"""

OTHER_ARGUMENT = r"""# Not a statement about log

Here $log(p) = \frac{ln(s)}{ln(10)}$ for one number s.

$$\frac{d}{dp}\log(p) = \frac{1}{p}$$
"""

OTHER_BASE = r"""# Base two is not base ten

Here $log(p) = \frac{ln(p)}{ln(2)}$.

$$\frac{d}{dp}\log(p) = \frac{1}{p}$$
"""


def test_stated_base_ten_proves_its_derivative(checked):
    link = link_on(checked(STATED), STATED, r"$$\frac{d}{dp}\log(p) = \frac{1}{p \ln(10)}$$")
    assert link.verdict == "proved"


def test_stated_base_ten_refutes_the_natural_derivative(checked):
    link = link_on(checked(STATED), STATED, r"$$\frac{d}{dq}\log(q) = \frac{1}{q}$$")
    assert link.verdict == "refuted"


def test_statement_about_another_argument_fixes_nothing(checked):
    text = OTHER_ARGUMENT
    link = link_on(checked(text), text, r"$$\frac{d}{dp}\log(p) = \frac{1}{p}$$")
    assert link.verdict == "undecided" and "read 2 ways" in link.message


def test_statement_of_another_base_fixes_nothing(checked):
    text = OTHER_BASE
    link = link_on(checked(text), text, r"$$\frac{d}{dp}\log(p) = \frac{1}{p}$$")
    assert link.verdict == "undecided" and "read 2 ways" in link.message

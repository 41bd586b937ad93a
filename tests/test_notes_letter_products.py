"""Two letters in a superscript (issue 12): ``e^{tu}`` is ambiguous (the power t u, or a name tu)
unless the file itself writes ``tu`` alone as a side, where it is the product t u: then e^{tu} is
e^{t u} in the whole file.

The mathematics: e^{t u} is e^u at t = 1 and 1 at t = 0; 2 e^{t u} against e^u at t = 1 is false
(at u = 0: 2 against 1).
"""
from tests.conftest import link_on

PRODUCT = r"""# A switch in an exponent

$$r = tu$$

$$e^{tu} = \begin{cases} e^{u}, & t=1\\ 1, & t=0 \end{cases}$$

$$e^{ut} = \begin{cases} e^{-u}, & t=1\\ 1, & t=0 \end{cases}$$

$$2e^{tu} = \begin{cases} e^{u}, & t=1\\ 2, & t=0 \end{cases}$$
"""

ALONE = r"""# No product written out

$$e^{tu} = \begin{cases} e^{u}, & t=1\\ 1, & t=0 \end{cases}$$
"""


def test_letters_written_as_a_product_are_a_power_in_a_superscript(checked):
    line = r"$$e^{tu} = \begin{cases} e^{u}, & t=1\\ 1, & t=0 \end{cases}$$"
    assert link_on(checked(PRODUCT), PRODUCT, line).verdict == "proved"


def test_other_order_of_the_letters_stays_ambiguous(checked):
    line = r"$$e^{ut} = \begin{cases} e^{-u}, & t=1\\ 1, & t=0 \end{cases}$$"
    link = link_on(checked(PRODUCT), PRODUCT, line)
    assert link.verdict == "unparsed" and "ambiguous" in link.message


def test_letters_never_written_as_a_product_stay_ambiguous(checked):
    line = r"$$e^{tu} = \begin{cases} e^{u}, & t=1\\ 1, & t=0 \end{cases}$$"
    link = link_on(checked(ALONE, "alone.md"), ALONE, line)
    assert link.verdict == "unparsed" and "ambiguous" in link.message


def test_wrong_case_with_the_product_is_refuted(checked):
    line = r"$$2e^{tu} = \begin{cases} e^{u}, & t=1\\ 2, & t=0 \end{cases}$$"
    assert link_on(checked(PRODUCT), PRODUCT, line).verdict == "refuted"

"""A function named last in a chain (issue 12): ``\\ln(1 + e^{u}) = \\rho(u)`` with rho a function the
file defines nowhere else names ln(1 + e^u) rho(u); ``\\rho(-u)`` is then that function at -u.

The mathematics: rho(-u) = ln(1 + e^{-u}); ln(1 + e^{u}) = rho(-u) is false (at u = 1: 1.313
against 0.313). A name written last in two chains is named by neither: the lines stay claims
about an unknown function, undecided.
"""
from tests.conftest import link_on

NOTES = r"""# Softplus by another name

$$\ln(1+e^{u}) = \rho(u)$$

$$\ln(1+e^{-u}) = \rho(-u)$$

$$\ln(1+e^{u}) = \rho(-u)$$
"""

TWICE = r"""# Named twice

$$\ln(1+e^{u}) = \kappa(u)$$

$$\ln(2+e^{u}) = \kappa(u)$$

$$\ln(1+e^{-u}) = \kappa(-u)$$
"""


def test_named_function_at_another_argument_is_proved(checked):
    assert link_on(checked(NOTES), NOTES, r"$$\ln(1+e^{-u}) = \rho(-u)$$").verdict == "proved"


def test_named_function_at_a_wrong_argument_is_refuted(checked):
    assert link_on(checked(NOTES), NOTES, r"$$\ln(1+e^{u}) = \rho(-u)$$").verdict == "refuted"


def test_function_written_last_twice_is_not_named(checked):
    link = link_on(checked(TWICE, "twice.md"), TWICE, r"$$\ln(1+e^{-u}) = \kappa(-u)$$")
    assert link.verdict == "undecided"


LAYER_OUTPUT = r"""# The output of the last layer

$$2 h = a^{(L)} = f(z^{(L)})$$

$$\frac{d}{dz} f(z) = 0$$
"""


def test_a_head_last_after_a_name_is_no_definition(checked):
    # a = f(z) holds no z: it does not define f as the constant a (then d f(z)/dz = 0 would follow)
    result = checked(LAYER_OUTPUT)
    assert not any(d.name.startswith("f(") for d in result.definitions)  # the definitions links used

"""Plain-text habits of real notes (issue 12): a period between two names as a product
(``W_1.a_0``), the identity written ``I`` on the right of a Jacobian, and the derivative of a
function the notes never define at a point the notes do define.

Expected verdicts are elementary: for s = W a + b, ds/db = 1 (the identity, one unit), ds/da = W
(not 1: at W = 2 they differ), ds/dW = a; for a = g(s) with g never defined, da/ds = dg(s)/ds
whatever g is, while da/ds = g(s) fails for g = exp shifted (g(u) = e^u + 1 at u = 0: 1 against 2).
"""
from tests.conftest import link_on

DOT = r"""# Forward pass written with periods

$s = W_1.a_0 + b_1$

$$\frac{\partial s}{\partial b_1} = 1$$

$$\frac{\partial s}{\partial a_0} = W_1$$

$$\frac{\partial s}{\partial a_0} = 1$$

$$p = q . r + 2.5$$

$$u = 3.x$$
"""

IDENTITY = r"""# Jacobians of one layer

$h = V.x + c$

$$\frac{\partial h}{\partial c} = I$$

$$\frac{\partial h}{\partial x} = I$$
"""

IDENTITY_NAMED = r"""# I is a current here

$$P = I V$$

$$\frac{\partial P}{\partial V} = I$$

$$\frac{\partial V}{\partial V} = I$$
"""

AT_POINT = r"""# A layer whose activation is never given

$s = W.x + b$

$a = g(s)$

$$\frac{\partial a}{\partial s} = \frac{\partial g(s)}{\partial s}$$

$$\frac{\partial a}{\partial s} = g(s)$$
"""


def test_a_period_between_two_names_is_a_product(checked):
    assert link_on(checked(DOT), DOT, r"$$\frac{\partial s}{\partial a_0} = W_1$$").verdict == "proved"


def test_the_product_read_from_a_period_still_refutes_a_wrong_derivative(checked):
    assert link_on(checked(DOT), DOT, r"$$\frac{\partial s}{\partial a_0} = 1$$").verdict == "refuted"


def test_a_period_with_spaces_or_after_a_number_is_not_a_product(checked):
    result = checked(DOT)
    assert not any(link.line == 13 and link.verdict == "proved" for link in result.links)
    assert not any(d.name == "p" for d in result.definitions)
    assert not any(d.name == "u" for d in result.definitions)


def test_i_written_only_as_a_whole_side_is_the_identity(checked):
    link = link_on(checked(IDENTITY), IDENTITY, r"$$\frac{\partial h}{\partial c} = I$$")
    assert link.verdict == "proved"
    assert any("identity" in a for a in link.assumptions)


def test_a_derivative_that_is_not_the_identity_is_not_proved_through_i(checked):
    link = link_on(checked(IDENTITY), IDENTITY, r"$$\frac{\partial h}{\partial x} = I$$")
    assert link.verdict == "undecided"


def test_i_used_as_a_name_elsewhere_is_never_the_identity(checked):
    text = IDENTITY_NAMED
    assert link_on(checked(text), text, r"$$\frac{\partial V}{\partial V} = I$$").verdict != "proved"


def test_the_derivative_of_an_undefined_function_at_a_defined_point(checked):
    text = AT_POINT
    assert link_on(checked(text), text, r"$$\frac{\partial a}{\partial s} = \frac{\partial g(s)}{\partial s}$$"
                   ).verdict == "proved"


def test_a_wrong_derivative_of_an_undefined_function_is_not_proved(checked):
    text = AT_POINT
    assert link_on(checked(text), text, r"$$\frac{\partial a}{\partial s} = g(s)$$").verdict != "proved"


SIGMA_WORD = r"""# The sigmoid, its name typed without a backslash

$$\sigma(z) = \frac{1}{1 + e^{-z}}$$

$$\frac{d\, sigma(x)}{dx} = \sigma(x) \cdot (1 - \sigma(x))$$

$$\frac{d}{dx} sigma(x) = sigma(x)^2$$
"""

SIGMA_OWN = r"""# A function the notes call sigma themselves

$$\sigma(z) = \frac{1}{1 + e^{-z}}$$

$$sigma(x) := x^2$$

$$\frac{d}{dx} sigma(x) = 2x$$
"""


def test_sigma_typed_as_a_word_is_the_sigmoid(checked):
    text = SIGMA_WORD
    assert link_on(checked(text), text, r"$$\frac{d\, sigma(x)}{dx} = \sigma(x) \cdot (1 - \sigma(x))$$"
                   ).verdict == "proved"


def test_a_wrong_derivative_of_sigma_typed_as_a_word_is_refuted(checked):
    # d/dx sigma(x) = sigma(x)(1 - sigma(x)): at x = 1/2, 0.235004 against sigma(1/2)^2 = 0.387456
    text = SIGMA_WORD
    assert link_on(checked(text), text, r"$$\frac{d}{dx} sigma(x) = sigma(x)^2$$").verdict == "refuted"


def test_a_file_that_defines_its_own_sigma_word_keeps_it(checked):
    text = SIGMA_OWN
    assert link_on(checked(text), text, r"$$\frac{d}{dx} sigma(x) = 2x$$").verdict != "refuted"

"""Functions the notes never define (issue 12): a loss written through a model h_{W,b}(x) that no
line defines, and the derivative of an outer function q that no line defines.

The mathematics: J = (h(x) - y)^2 / 2 depends on W only through h, so dJ/dW is (h - y) dh/dW,
which is (h - y) x for a linear h = W x + b and 0 for a constant h: the notes do not say which, so
both lines stay undecided, and the message names h (not "J does not depend on W"). dq(s)/ds = 1
holds for q(s) = s and fails for q(s) = 2s: undecided, quickly (an undefined function has no value
at any point, so a counterexample search cannot use it). d/ds s^3 = 3 s^2, not 3 s (at s = 1/2:
3/4 against 3/2), and d/ds (s^2) + dq/ds = dq/ds + 2s holds for every q.
"""
import sympy as sp

from tests.conftest import link_on

MODEL = r"""# A model function the notes never define

$$J(W, b; x, y) = \frac{1}{2}(h_{W,b}(x) - y)^2$$

$$\frac{\partial}{\partial W} J(W, b; x, y) = (h_{W,b}(x) - y) x$$

$$\frac{\partial}{\partial W} J(W, b; x, y) = 0$$
"""

OUTER = r"""# An outer function left unknown

$$v = q(s)$$

$$\frac{\partial q(s)}{\partial s} = 1$$

$$\frac{d}{ds} s^2 + \frac{\partial q(s)}{\partial s} = \frac{\partial q(s)}{\partial s} + 2 s$$

$$\frac{d}{ds} s^3 = 3 s$$
"""


def test_oracle():
    s, W, x, b, y = sp.symbols("s W x b y")
    J = lambda h: (h - y) ** 2 / 2  # noqa: E731
    assert sp.expand(sp.diff(J(W * x + b), W) - (W * x + b - y) * x) == 0
    assert sp.diff(J(b), W) == 0 and sp.diff(J(W * x + b), W) != 0
    assert sp.diff(s, s) == 1 and sp.diff(2 * s, s) == 2
    assert sp.diff(s**3, s).subs(s, sp.Rational(1, 2)) == sp.Rational(3, 4)


def test_derivative_through_an_undefined_model_is_undecided(checked):
    link = link_on(checked(MODEL), MODEL, r"$$\frac{\partial}{\partial W} J(W, b; x, y) = (h_{W,b}(x) - y) x$$")
    assert link.verdict == "undecided"


def test_message_names_the_undefined_function(checked):
    link = link_on(checked(MODEL), MODEL, r"$$\frac{\partial}{\partial W} J(W, b; x, y) = (h_{W,b}(x) - y) x$$")
    assert "holds h_{W,b}, which is not defined" in link.message and "would be 0" not in link.message


def test_mutant_zero_derivative_is_not_proved(checked):
    link = link_on(checked(MODEL), MODEL, r"$$\frac{\partial}{\partial W} J(W, b; x, y) = 0$$")
    assert link.verdict == "undecided"


def test_undefined_outer_derivative_is_undecided(checked):
    link = link_on(checked(OUTER), OUTER, r"$$\frac{\partial q(s)}{\partial s} = 1$$")
    assert link.verdict == "undecided"


def test_undefined_outer_derivative_gives_up_quickly(checked):
    link = link_on(checked(OUTER), OUTER, r"$$\frac{\partial q(s)}{\partial s} = 1$$")
    assert link.seconds < 5  # the limit is 10 s; numeric differentiation of q used to spend it all


def test_undefined_outer_derivative_message_names_it(checked):
    link = link_on(checked(OUTER), OUTER, r"$$\frac{\partial q(s)}{\partial s} = 1$$")
    assert "q is a function with no definition in force here" in link.message


def test_identity_for_every_outer_function_is_proved(checked):
    line = r"$$\frac{d}{ds} s^2 + \frac{\partial q(s)}{\partial s} = \frac{\partial q(s)}{\partial s} + 2 s$$"
    assert link_on(checked(OUTER), OUTER, line).verdict == "proved"


def test_false_line_beside_it_is_still_refuted(checked):
    link = link_on(checked(OUTER), OUTER, r"$$\frac{d}{ds} s^3 = 3 s$$")
    assert link.verdict == "refuted"

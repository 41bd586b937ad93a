"""A chain that names each step with a function (issue 12): ``E = h_1(u) = u^2`` defines E as
h_1(u) and the function h_1 by u^2, so later lines may differentiate h_1.

Expected verdicts: h_1(u) = u^2 has derivative 2u; h_2(t) = 3t + 1 has derivative 3, not 3t
(3 against 3/2 at t = 1/2); E = (3t + 1)^2 gives dE/dt = 6(3t + 1) = h_1'(u) h_2'(t); a function
defined before the chain is not redefined by it, so v + 1 = v + 2 stays a false claim.
"""
import sympy as sp

from tests.conftest import link_on

CHAIN = r"""# Steps named by functions

$$E = h_1(u) = u^2$$

$$u = h_2(t) = 3t + 1$$

$$\frac{\partial h_1(u)}{\partial u} = 2u$$

$$\frac{\partial h_2(t)}{\partial t} = 3t$$

$$\frac{dE}{dt} = \frac{\partial h_1(u)}{\partial u}\frac{\partial h_2(t)}{\partial t}$$

$$h_3(v) = v + 1$$

$$F = h_3(v) = v + 2$$
"""


def test_oracle():
    t = sp.Symbol("t", real=True)
    u = 3 * t + 1
    assert sp.diff(u ** 2, t) == 2 * u * 3 and (sp.diff(u, t) - 3 * t).subs(t, sp.Rational(1, 2)) != 0


def test_middle_head_is_a_function(checked):
    assert link_on(checked(CHAIN), CHAIN, r"$$\frac{\partial h_1(u)}{\partial u} = 2u$$").verdict == "proved"


def test_mutant_middle_head_derivative_is_refuted(checked):
    assert link_on(checked(CHAIN), CHAIN, r"$$\frac{\partial h_2(t)}{\partial t} = 3t$$").verdict == "refuted"


def test_chain_rule_through_named_steps(checked):
    line = r"$$\frac{dE}{dt} = \frac{\partial h_1(u)}{\partial u}\frac{\partial h_2(t)}{\partial t}$$"
    assert link_on(checked(CHAIN), CHAIN, line).verdict == "proved"


def test_a_defined_function_is_not_redefined_by_a_chain(checked):
    assert link_on(checked(CHAIN), CHAIN, r"$$F = h_3(v) = v + 2$$").verdict == "refuted"

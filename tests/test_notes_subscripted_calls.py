"""A function called with a subscript is a function of that whole name, never the function without it.

After g(x) := x^2, ``g_{a,b}(x)`` may be g with a label or another function g_{a,b}: reading it
as g (dropping the subscript) proved ``2 g_{a,b}(x) = 2 x^2``, which holds only under that guess, and
``h_W(x) - h_V(x) = 0`` (two hypotheses with different parameters) was proved as h(x) - h(x) = 0. As a
function of its own name, g_{a,b} has no definition, so neither line is decided; the call without
a subscript is untouched (g(3) = 9 by the definition: 3^2 = 9, and g(3) = 6 is false).
"""
from tests.conftest import link_on

NOTES = r"""# A labelled function

$$g(x) := x^2$$

$$2 g_{a,b}(x) = 2 x^2$$

$$g(3) = 9$$

$$g(3) = 6$$

$$h_W(x) - h_V(x) = 0$$
"""


def test_a_subscripted_call_is_not_the_plain_function(checked):
    assert link_on(checked(NOTES), NOTES, "$$2 g_{a,b}(x) = 2 x^2$$").verdict == "undecided"


def test_the_message_names_the_whole_function(checked):
    assert "g_{a,b} is a function with no definition" in link_on(checked(NOTES), NOTES, "$$2 g_{a,b}(x) = 2 x^2$$").message


def test_two_subscripts_are_two_functions(checked):
    assert link_on(checked(NOTES), NOTES, "$$h_W(x) - h_V(x) = 0$$").verdict == "undecided"


def test_the_plain_call_is_still_proved(checked):
    assert link_on(checked(NOTES), NOTES, "$$g(3) = 9$$").verdict == "proved"


def test_the_plain_call_is_still_refuted_when_false(checked):
    assert link_on(checked(NOTES), NOTES, "$$g(3) = 6$$").verdict == "refuted"


HEADED = r"""# A function named with a subscript

$$h_{W}(x) := W x^2$$

$$h_{W}(3) = 9 W$$

$$h_{W}(3) = 6 W$$

$$h_{V}(3) = 9 W$$
"""


def test_a_subscripted_head_defines_that_function(checked):
    # h_W(3) = W 3^2 = 9 W
    assert link_on(checked(HEADED), HEADED, "$$h_{W}(3) = 9 W$$").verdict == "proved"


def test_a_subscripted_head_refutes_a_wrong_value(checked):
    # 9 W differs from 6 W wherever W is not 0
    assert link_on(checked(HEADED), HEADED, "$$h_{W}(3) = 6 W$$").verdict == "refuted"


def test_a_subscripted_head_does_not_define_another_subscript(checked):
    assert link_on(checked(HEADED), HEADED, "$$h_{V}(3) = 9 W$$").verdict == "undecided"

"""A function called with a subscript is not read as the function without it.

After g(x) := x^2, ``g_{a,b}(x)`` may be g with a label or another function g_{a,b}: reading it
as g (dropping the subscript) proved ``g_{a,b}(x) = x^2``, which holds only under that guess. It
is unparsed with a message that names the function; the call without a subscript is untouched
(g(3) = 9 by the definition: 3^2 = 9, and g(3) = 6 is false).
"""
from tests.conftest import link_on

NOTES = r"""# A labelled function

$$g(x) := x^2$$

$$g_{a,b}(x) = x^2$$

$$g(3) = 9$$

$$g(3) = 6$$
"""


def test_a_subscripted_call_is_not_read_as_the_plain_function(checked):
    link = link_on(checked(NOTES), NOTES, "$$g_{a,b}(x) = x^2$$")
    assert link.verdict == "unparsed" and "subscript on the function g" in link.message


def test_the_plain_call_is_still_proved(checked):
    assert link_on(checked(NOTES), NOTES, "$$g(3) = 9$$").verdict == "proved"


def test_the_plain_call_is_still_refuted_when_false(checked):
    assert link_on(checked(NOTES), NOTES, "$$g(3) = 6$$").verdict == "refuted"


def test_the_fix_says_what_to_write(checked):
    link = link_on(checked(NOTES), NOTES, "$$g_{a,b}(x) = x^2$$")
    from derivations.notes.report.hints import fix
    assert "write g(...) without the subscript" in fix(link)

"""Layered-network notes (issue 12): a definition written for a generic layer l serves the layers
a link writes (L, l+1), a derivative the definitions never fix is an unknown that a substitution
step does not need, ``||v||`` is a norm, and ``\\bigodot`` is the entrywise product.

Expected verdicts come from the mathematics (test_oracle below): with a = tanh(z),
E = (a - t)^2 / 2, dE/dz = (a - t)(1 - a^2), which is not a - t when a is not 0 or +-1; a step that
replaces g^{l+1} by the derivative it names holds whatever that derivative is; the sum over j of
an unknown entry u_j is not n u_j (u_1 = 1, u_2 = 0, n = 2: 1 against 2 u_j).
"""
import sympy as sp

from tests.conftest import link_on

GENERIC = r"""# One layer, written once
<!-- gradproof: layer l -->
$$z^l = W^l a^{l-1} + b^l$$

$$a^l = \tanh(z^l)$$

$$E = \frac{1}{2}(a^L - t)^2$$

$$\frac{\partial E}{\partial z^L} = \frac{\partial E}{\partial a^L}\frac{\partial a^L}{\partial z^L}$$

$$\frac{\partial E}{\partial z^L} = (a^L - t)(1 - (a^L)^2)$$

$$\frac{\partial E}{\partial z^L} = \frac{\partial E}{\partial a^L}$$
"""

NO_LAYER_WRITTEN = r"""# The same letter, never differentiated by

$$a^l = \tanh(z^l)$$

$$a^L = \tanh(z^L)$$
"""

SUBSTITUTION = r"""# The error of a layer

$$z^l = W^l a^{l-1} + b^l$$

Write $g^l := \frac{\partial E}{\partial z^l}$ for the error of layer l.

$$\frac{\partial E}{\partial z^{l+1}}\frac{\partial z^{l+1}}{\partial a^l} = g^{l+1}\frac{\partial z^{l+1}}{\partial a^l}$$

$$\frac{\partial E}{\partial z^{l+1}}\frac{\partial z^{l+1}}{\partial a^l} = 2 g^{l+1}\frac{\partial z^{l+1}}{\partial a^l}$$

$$\frac{\partial E}{\partial z^{l+1}}\frac{\partial z^{l+1}}{\partial a^l} = g^{l}\frac{\partial z^{l+1}}{\partial a^l}$$

$$\frac{\partial E}{\partial a^{l}} = g^{l+1}\frac{\partial z^{l+1}}{\partial a^l}$$
"""

ENTRIES = r"""# Unknown entries under a sum

Write $u_j := \frac{\partial E}{\partial s_j}$.

$$\sum_{j=1}^{n} \frac{\partial E}{\partial s_j} v_j = \sum_{j=1}^{n} u_j v_j$$

$$\sum_{j=1}^{n} \frac{\partial E}{\partial s_j} = n u_j$$

$$\frac{v_j}{\frac{\partial E}{\partial s_j}} = \frac{v_j}{u_j}$$
"""

MULTILINE = r"""# A chain written over several lines

$$ \frac{d}{dx} (x^2 + 1)^3 =
   3(x^2 + 1)^2
   \frac{d}{dx}(x^2 + 1) =
   6x(x^2 + 1)^2
$$

$$ \frac{d}{dx} (x^2 + 1)^2 =
   2(x^2 + 1)
   \frac{d}{dx}(x^2 + 1) =
   2x(x^2 + 1)
$$

$$ u = x^2 + 1
   \frac{du}{dx} = 2x $$
"""

NESTED = r"""# A derivative of an unknown derivative

Write $g := \frac{\partial E}{\partial z}$.

$$\frac{\partial}{\partial x}(g x) = g$$
"""

BELOW = r"""# A lower layer cannot depend on a higher one
<!-- gradproof: layer l -->
$$z^l = W^l a^{l-1} + b^l$$

$$a^l = \tanh(z^l)$$

$$\frac{\partial z^l}{\partial b^l} = 1$$

$$\frac{\partial z^l}{\partial b^l} = 0$$

$$\frac{\partial z^l}{\partial b^{l-1}} = 0$$
"""

NUMBERED = r"""# A numbered layer defined apart

$$z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}$$

$$a^{[l]} = \tanh(z^{[l]})$$

$$a^{[0]} = x$$

$$\frac{\partial z^{[l]}}{\partial b^{[l]}} = 1$$
"""

BRACKETED = r"""# The same, without the numbered layer

$$z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}$$

$$a^{[l]} = \tanh(z^{[l]})$$

$$\frac{\partial z^{[l]}}{\partial b^{[l]}} = 1$$
"""

NORMS = r"""# Bars for the norm

$$E = \frac{1}{2}||p - t||^2$$

$$\frac{\partial E}{\partial p} = p - t$$

$$\frac{\partial E}{\partial p} = 2(p - t)$$

$$||u||_2 = |u|$$

$$|u||v| = |u|\,|v|$$

$$g \bigodot 1 = g$$

$$g \bigodot 2 = g$$
"""


def test_oracle():
    z, t, u1, u2 = sp.symbols("z t u1 u2", real=True)
    a = sp.tanh(z)
    e = (a - t) ** 2 / 2
    assert sp.simplify(sp.diff(e, z) - (a - t) * (1 - a ** 2)) == 0
    assert (sp.diff(e, z) - (a - t)).subs({z: 1, t: 0}) != 0
    assert (u1 + u2) - 2 * u1 != 0 and ((u1 + u2) - 2 * u1).subs({u1: 1, u2: 0}) != 0


def test_generic_layer_serves_the_output_layer(checked):
    assert link_on(checked(GENERIC), GENERIC, r"$$\frac{\partial E}{\partial z^L} = \frac{\partial E}{\partial a^L}"
                   r"\frac{\partial a^L}{\partial z^L}$$").verdict == "proved"


def test_generic_layer_closed_form(checked):
    assert link_on(checked(GENERIC), GENERIC,
                   r"$$\frac{\partial E}{\partial z^L} = (a^L - t)(1 - (a^L)^2)$$").verdict == "proved"


def test_generic_layer_names_the_definition(checked):
    found = link_on(checked(GENERIC), GENERIC, r"$$\frac{\partial E}{\partial z^L} = (a^L - t)(1 - (a^L)^2)$$")
    assert any("a^{L} read from a^l (line 5)" in a for a in found.assumptions)


def test_mutant_dropped_factor_is_not_refuted_on_a_generic_layer(checked):
    found = link_on(checked(GENERIC), GENERIC, r"$$\frac{\partial E}{\partial z^L} = \frac{\partial E}{\partial a^L}$$")
    assert found.verdict == "undecided"


def test_ambiguous_layer_letter_stays_undecided(checked):
    found = link_on(checked(NO_LAYER_WRITTEN), NO_LAYER_WRITTEN, r"$$a^L = \tanh(z^L)$$")
    assert found.verdict == "undecided"


def test_substitution_of_an_unknown_derivative_is_proved(checked):
    found = link_on(checked(SUBSTITUTION), SUBSTITUTION, r"$$\frac{\partial E}{\partial z^{l+1}}\frac{\partial "
                    r"z^{l+1}}{\partial a^l} = g^{l+1}\frac{\partial z^{l+1}}{\partial a^l}$$")
    assert found.verdict == "proved" and "whatever the value of dE/dz^{l+1}" in found.message


def test_mutant_factor_two_is_not_refuted(checked):
    found = link_on(checked(SUBSTITUTION), SUBSTITUTION, r"$$\frac{\partial E}{\partial z^{l+1}}\frac{\partial "
                    r"z^{l+1}}{\partial a^l} = 2 g^{l+1}\frac{\partial z^{l+1}}{\partial a^l}$$")
    assert found.verdict == "undecided"


def test_mutant_wrong_layer_is_not_proved(checked):
    found = link_on(checked(SUBSTITUTION), SUBSTITUTION, r"$$\frac{\partial E}{\partial z^{l+1}}\frac{\partial "
                    r"z^{l+1}}{\partial a^l} = g^{l}\frac{\partial z^{l+1}}{\partial a^l}$$")
    assert found.verdict == "undecided"


def test_chain_rule_through_an_unknown_cost_is_not_proved(checked):
    found = link_on(checked(SUBSTITUTION), SUBSTITUTION,
                    r"$$\frac{\partial E}{\partial a^{l}} = g^{l+1}\frac{\partial z^{l+1}}{\partial a^l}$$")
    assert found.verdict == "undecided"


def test_unknown_entries_keep_their_index(checked):
    found = link_on(checked(ENTRIES), ENTRIES,
                    r"$$\sum_{j=1}^{n} \frac{\partial E}{\partial s_j} v_j = \sum_{j=1}^{n} u_j v_j$$")
    assert found.verdict == "proved"


def test_mutant_sum_of_unknown_entries_is_not_n_times_one(checked):
    found = link_on(checked(ENTRIES), ENTRIES, r"$$\sum_{j=1}^{n} \frac{\partial E}{\partial s_j} = n u_j$$")
    assert found.verdict == "undecided"


def test_unknown_under_a_division_is_not_cancelled(checked):
    found = link_on(checked(ENTRIES), ENTRIES, r"$$\frac{v_j}{\frac{\partial E}{\partial s_j}} = \frac{v_j}{u_j}$$")
    assert found.verdict == "undecided"


def test_double_bars_are_a_norm(checked):
    assert link_on(checked(NORMS), NORMS, r"$$\frac{\partial E}{\partial p} = p - t$$").verdict == "proved"


def test_mutant_norm_derivative_is_refuted(checked):
    assert link_on(checked(NORMS), NORMS, r"$$\frac{\partial E}{\partial p} = 2(p - t)$$").verdict == "refuted"


def test_euclidean_norm_of_a_number(checked):
    assert link_on(checked(NORMS), NORMS, r"$$||u||_2 = |u|$$").verdict == "proved"


def test_adjacent_absolute_values_stay_a_product(checked):
    assert link_on(checked(NORMS), NORMS, r"$$|u||v| = |u|\,|v|$$").verdict == "proved"


def test_bigodot_is_entrywise(checked):
    assert link_on(checked(NORMS), NORMS, r"$$g \bigodot 1 = g$$").verdict == "proved"


def test_mutant_bigodot_is_refuted(checked):
    assert link_on(checked(NORMS), NORMS, r"$$g \bigodot 2 = g$$").verdict == "refuted"


def test_side_over_several_lines_is_one_product(checked):
    found = checked(MULTILINE)
    assert [k.verdict for k in found.links if k.line in (4, 6)] == ["proved", "proved"]


def test_mutant_side_over_several_lines_is_refuted(checked):
    found = checked(MULTILINE)
    assert [k.verdict for k in found.links if k.line == 12] == ["refuted"]


def test_two_equations_on_two_lines_stay_two(checked):
    found = checked(MULTILINE)
    assert [k.verdict for k in found.links if k.line in (15, 16)] == ["proved"]


def test_unknown_inside_a_derivative_is_not_a_constant(checked):
    # E = x z^2 gives g = 2 x z and d/dx (g x) = 4 x z, not g: the unknown g may vary with x
    assert link_on(checked(NESTED), NESTED, r"$$\frac{\partial}{\partial x}(g x) = g$$").verdict == "undecided"


def test_lower_layer_is_independent_of_a_higher_bias(checked):
    assert link_on(checked(BELOW), BELOW, r"$$\frac{\partial z^l}{\partial b^l} = 1$$").verdict == "proved"


def test_mutant_lower_layer_derivative_is_not_proved(checked):
    assert link_on(checked(BELOW), BELOW, r"$$\frac{\partial z^l}{\partial b^l} = 0$$").verdict != "proved"


def test_lower_bias_reaches_through_the_unfolded_layer(checked):
    # a^{l-1} = tanh(W^{l-1} a^{l-2} + b^{l-1}) does depend on b^{l-1}: never 0 by default
    assert link_on(checked(BELOW), BELOW, r"$$\frac{\partial z^l}{\partial b^{l-1}} = 0$$").verdict == "undecided"


def test_a_numbered_layer_definition_stops_the_layer_argument(checked):
    line = r"$$\frac{\partial z^{[l]}}{\partial b^{[l]}} = 1$$"
    assert link_on(checked(NUMBERED), NUMBERED, line).verdict == "undecided"


def test_bracketed_generic_layer_is_proved(checked):
    line = r"$$\frac{\partial z^{[l]}}{\partial b^{[l]}} = 1$$"
    assert link_on(checked(BRACKETED), BRACKETED, line).verdict == "proved"


# A count written with the layer letter (s_l, the size of layer l) belongs to the layer too: at
# layer l the generic z^{(l+1)} sums over the s_{l-1} units of layer l-1. Written with s_l, the
# line is false whenever s_l != s_{l-1} (with every W = a = 1 and b = 0 its sides are s_{l-1}
# and s_l), so it must not be proved; nothing is refuted through a generic layer.
COUNTS = r"""# Units per layer

$$z^{(l+1)}_i = \sum_{j=1}^{s_l} W^{(l)}_{ij} a^{(l)}_j + b^{(l+1)}_i$$

$$3 z^{(l)}_i = 3\sum_{j=1}^{s_l} W^{(l-1)}_{ij} a^{(l-1)}_j + 3 b^{(l)}_i$$

$$3 z^{(l)}_i = 3\sum_{j=1}^{s_{l-1}} W^{(l-1)}_{ij} a^{(l-1)}_j + 3 b^{(l)}_i$$
"""


def test_a_layer_count_follows_the_layer(checked):
    line = r"$$3 z^{(l)}_i = 3\sum_{j=1}^{s_{l-1}} W^{(l-1)}_{ij} a^{(l-1)}_j + 3 b^{(l)}_i$$"
    assert link_on(checked(COUNTS), COUNTS, line).verdict == "proved"


def test_the_count_of_the_wrong_layer_is_not_proved(checked):
    line = r"$$3 z^{(l)}_i = 3\sum_{j=1}^{s_l} W^{(l-1)}_{ij} a^{(l-1)}_j + 3 b^{(l)}_i$$"
    assert link_on(checked(COUNTS), COUNTS, line).verdict == "undecided"

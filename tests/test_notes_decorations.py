"""Decorations around the math in LaTeX lecture notes (issue 12), and a derivative by one entry
of a family the notes define.

Expected verdicts: d/dx x^3 = 3x^2 (3/4 at x = 1/2, not 3/2); d/do_h of sum_j w_{jl} o_j is w_{hl}
for 1 <= h <= n, so the sum over l gives sum_l delta_l w_{hl}, not sum_l delta_l w_{lh} (n = 2,
delta = (1, 0), w_{12} = 1, w_{21} = 0, h = 1 gives 0 against 1 ... the test only needs "not
proved"); d/dx x^2 = 2x, and 2x = -2x only at 0; with C = (1/2) sum_k (a_k - t_k)^2, dC/da_j =
a_j - t_j whatever a_k's own definition is, while a recurrence s_t = tanh(u s_{t-1} + x_t) makes
d/ds_t of sum_t s_t a total derivative the notes do not spell out.
"""
import sympy as sp

from tests.conftest import link_on

OPERATOR = r"""# An operator applied with a dot

$$\frac{d}{dx} \cdot x^3 = 3x^2$$

$$\frac{d}{dx} \cdot x^3 = 3x$$
"""

UNDERLINE = r"""# Next-layer quantities underlined

$$\sum_{l=1}^{n} \underline{\delta}_l \cdot \frac{\partial}{\partial o_h} \sum_{j=1}^{n} \underline{w}_{jl} \cdot o_j = \sum_{l=1}^{n} \underline{\delta}_l \underline{w}_{hl}$$

$$\sum_{l=1}^{n} \underline{\delta}_l \cdot \frac{\partial}{\partial o_h} \sum_{j=1}^{n} \underline{w}_{jl} \cdot o_j = \sum_{l=1}^{n} \underline{\delta}_l \underline{w}_{lh}$$

$$\underline{x + y} = y + x$$
"""

FRAMED = r"""# Results framed in color

$$\frac{d}{dx} x^2 = \text{\textcolor{green}{\framebox{$ 2x $}}}$$

$$\frac{d}{dx} x^2 = \text{\textcolor{green}{\framebox{$ 3x $}}}$$

$$\frac{d}{dx} (-x^2) = \textcolor{blue}{-} 2x$$

$$\frac{d}{dx} x^2 = \textcolor{blue}{-} 2x$$
"""

ENTRIES = r"""# A cost over the entries of a family

$$a_k = \sigma(z_k)$$

$$C = \frac{1}{2}\sum_{k=1}^{n} (a_k - t_k)^2$$

$$\frac{\partial C}{\partial a_j} = a_j - t_j$$

$$\frac{\partial C}{\partial a_j} = 2(a_j - t_j)$$
"""

RECURRENT = r"""# A recurrence

$$s_t = \tanh(u s_{t-1} + x_t)$$

$$L = \sum_{t=1}^{n} s_t$$

$$\frac{\partial L}{\partial s_k} = 1$$
"""


def test_oracle():
    x, a, t = sp.symbols("x a t", real=True)
    assert sp.diff(x ** 3, x) == 3 * x ** 2 and (3 * x ** 2 - 3 * x).subs(x, sp.Rational(1, 2)) != 0
    assert sp.diff(-x ** 2, x) == -2 * x and (2 * x + 2 * x).subs(x, sp.Rational(1, 2)) != 0
    assert sp.diff((a - t) ** 2 / 2, a) == a - t


def test_operator_with_a_dot_applies(checked):
    assert link_on(checked(OPERATOR), OPERATOR, r"$$\frac{d}{dx} \cdot x^3 = 3x^2$$").verdict == "proved"


def test_mutant_operator_with_a_dot_is_refuted(checked):
    assert link_on(checked(OPERATOR), OPERATOR, r"$$\frac{d}{dx} \cdot x^3 = 3x$$").verdict == "refuted"


def test_underlined_letters_are_names(checked):
    line = UNDERLINE.splitlines()[2]
    assert link_on(checked(UNDERLINE), UNDERLINE, line).verdict == "proved"


def test_mutant_underlined_transposed_index_is_not_proved(checked):
    line = UNDERLINE.splitlines()[4]
    assert link_on(checked(UNDERLINE), UNDERLINE, line).verdict != "proved"


def test_underline_around_an_expression_is_emphasis(checked):
    assert link_on(checked(UNDERLINE), UNDERLINE, r"$$\underline{x + y} = y + x$$").verdict == "proved"


def test_framed_math_in_text_is_read(checked):
    line = r"$$\frac{d}{dx} x^2 = \text{\textcolor{green}{\framebox{$ 2x $}}}$$"
    assert link_on(checked(FRAMED), FRAMED, line).verdict == "proved"


def test_mutant_framed_math_is_refuted(checked):
    line = r"$$\frac{d}{dx} x^2 = \text{\textcolor{green}{\framebox{$ 3x $}}}$$"
    assert link_on(checked(FRAMED), FRAMED, line).verdict == "refuted"


def test_colored_sign_is_the_sign(checked):
    line = r"$$\frac{d}{dx} (-x^2) = \textcolor{blue}{-} 2x$$"
    assert link_on(checked(FRAMED), FRAMED, line).verdict == "proved"


def test_mutant_colored_sign_is_refuted(checked):
    line = r"$$\frac{d}{dx} x^2 = \textcolor{blue}{-} 2x$$"
    assert link_on(checked(FRAMED), FRAMED, line).verdict == "refuted"


def test_derivative_by_an_entry_holds_the_family(checked):
    assert link_on(checked(ENTRIES), ENTRIES, r"$$\frac{\partial C}{\partial a_j} = a_j - t_j$$").verdict == "proved"


def test_mutant_derivative_by_an_entry_is_refuted(checked):
    assert link_on(checked(ENTRIES), ENTRIES,
                   r"$$\frac{\partial C}{\partial a_j} = 2(a_j - t_j)$$").verdict == "refuted"


def test_recurrence_entry_is_not_held(checked):
    assert link_on(checked(RECURRENT), RECURRENT, r"$$\frac{\partial L}{\partial s_k} = 1$$").verdict == "undecided"


BRACED = r"""# Braces around a letter before its scripts

$$y = \sum_{k=1}^{n} x_k^2$$

$$\frac{\partial y}{\partial {x}_j} = 2 {x}_j$$

$$\frac{\partial y}{\partial {x}_j} = 2 {x}_j^2$$

$$\frac{a}{b}^2 = \frac{a^2}{b^2}$$
"""


def test_braced_letter_with_a_subscript_is_the_entry(checked):
    assert link_on(checked(BRACED), BRACED, r"$$\frac{\partial y}{\partial {x}_j} = 2 {x}_j$$").verdict == "proved"


def test_mutant_braced_letter_is_refuted(checked):
    assert link_on(checked(BRACED), BRACED, r"$$\frac{\partial y}{\partial {x}_j} = 2 {x}_j^2$$").verdict == "refuted"


def test_a_commands_argument_keeps_its_braces(checked):
    assert link_on(checked(BRACED), BRACED, r"$$\frac{a}{b}^2 = \frac{a^2}{b^2}$$").verdict == "proved"

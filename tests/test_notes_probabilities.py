"""Probability notation and softmax entries (issue 12): ``P(c \\mid t)`` is a named quantity whose
value the notes give, never a division or a call; ``P(c = r \\mid u) = q_r = ...`` at the start of a
displayed chain is a label for q_r; ``\\text{softmax}(u)_r`` is entry r of softmax(u), and
``\\text{softmax}(u)_r = \\frac{e^{u_r}}{\\sum_l e^{u_l}}`` in that chain defines it.

The mathematics: with q_r = e^{u_r} / S, S = sum_l e^{u_l}, dq_r/du_r = (e^{u_r} S - e^{2 u_r}) / S^2
= q_r (1 - q_r); the same fraction over S instead of S^2 is false (at u = (0, 0): 1/2 against 1/4).
1/(1 + e^{-t}) = sigma(t) and e^{-t}/(1 + e^{-t}) = 1 - sigma(t); sigma(t) at c = 0 is false
(at t = 1: 0.269 against 0.731).
"""
from tests.conftest import link_on

SOFTMAX = r"""# Class probabilities

$$q = \sigma(t)$$

$$P(c = r \mid u) = q_r = \text{softmax}(u)_r = \frac{e^{u_r}}{\sum_{l=1}^{L} e^{u_l}}$$

$$\frac{dq_r}{du_s} = \frac{e^{u_r}\sum_{l=1}^{L}e^{u_l} - e^{u_r}e^{u_s}}{(\sum_{l=1}^{L}e^{u_l})^2}, \quad r = s$$

$$\frac{dq_r}{du_s} = \frac{e^{u_r}\sum_{l=1}^{L}e^{u_l} - e^{u_r}e^{u_s}}{\sum_{l=1}^{L}e^{u_l}}, \quad r = s$$

$$\frac{dq_r}{du_r} = q_r(1 - q_r)$$

$$\frac{dq_r}{du_r} = \text{softmax}(u)_r - \text{softmax}(u)_r^2$$
"""

TWO_CLASSES = r"""# Two classes

$$P(c \mid t) = \begin{cases} \frac{1}{1+e^{-t}}, & c=1 \\ \frac{e^{-t}}{1+e^{-t}}, & c=0 \end{cases}$$

$$P(c \mid t) = \begin{cases} \sigma(t), & c=1 \\ 1 - \sigma(t), & c=0 \end{cases}$$

$$P(c \mid t) = \begin{cases} \sigma(t), & c=1 \\ \sigma(t), & c=0 \end{cases}$$

$$\log P(c \mid t) = t$$
"""


def _softmax(checked, line):
    return link_on(checked(SOFTMAX), SOFTMAX, line)


def _two(checked, line):
    return link_on(checked(TWO_CLASSES, "two.md"), TWO_CLASSES, line)


def test_quotient_rule_on_a_labelled_softmax_entry_is_proved(checked):
    line = (r"$$\frac{dq_r}{du_s} = \frac{e^{u_r}\sum_{l=1}^{L}e^{u_l} - e^{u_r}e^{u_s}}"
            r"{(\sum_{l=1}^{L}e^{u_l})^2}, \quad r = s$$")
    assert _softmax(checked, line).verdict == "proved"


def test_quotient_rule_without_the_square_is_refuted(checked):
    line = (r"$$\frac{dq_r}{du_s} = \frac{e^{u_r}\sum_{l=1}^{L}e^{u_l} - e^{u_r}e^{u_s}}"
            r"{\sum_{l=1}^{L}e^{u_l}}, \quad r = s$$")
    assert _softmax(checked, line).verdict == "refuted"


def test_entry_beside_a_scalar_of_the_same_letter_is_defined(checked):
    assert _softmax(checked, r"$$\frac{dq_r}{du_r} = q_r(1 - q_r)$$").verdict == "proved"


def test_softmax_entry_written_with_a_subscript_is_unfolded(checked):
    line = r"$$\frac{dq_r}{du_r} = \text{softmax}(u)_r - \text{softmax}(u)_r^2$$"
    assert _softmax(checked, line).verdict == "proved"


def test_probability_restated_case_by_case_is_proved(checked):
    line = r"$$P(c \mid t) = \begin{cases} \sigma(t), & c=1 \\ 1 - \sigma(t), & c=0 \end{cases}$$"
    assert _two(checked, line).verdict == "proved"


def test_probability_with_a_wrong_case_is_not_proved(checked):
    line = r"$$P(c \mid t) = \begin{cases} \sigma(t), & c=1 \\ \sigma(t), & c=0 \end{cases}$$"
    link = _two(checked, line)  # false at c = 0, but it may define P anew: undecided, saying so
    assert link.verdict == "undecided" and "defined at line 3" in link.message


def test_probability_inside_an_expression_is_not_read(checked):
    link = _two(checked, r"$$\log P(c \mid t) = t$$")
    assert link.verdict == "unparsed" and "probability inside an expression" in link.message

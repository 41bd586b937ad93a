"""Notation met in real notes (issue 12): log beside ln, \\mathbb for bold, \\boxed equations,
one inline equation per line, and MathJax's ``$ x $`` in notebooks.

Expected verdicts are elementary: d/dp ln p = 1/p, while d/dp log10 p = 1/(p ln 10) (so a file
that writes both ``\\log`` and ``\\ln`` and never says which log it means cannot have ``\\log``
proved either way; test_notes_log_base.py has files that say it); d/dw_j of w^T x is
x_j; d/dx x^3 = 3x^2 and d/dx x^3 = 3x is false at x = 2 (12 against 6).
"""
import json

import pytest
import sympy as sp

from derivations.notes import check_paths
from tests.conftest import link_on

BOTH_LOGS = r"""# A course that writes log and ln and never says which log it means

$$\log(p) = 2\ln(\sqrt{p})$$

$$\frac{d}{dp}\ln(p) = \frac{1}{p}$$

$$\frac{d}{dp}\log(p) = \frac{1}{p}$$
"""

ONLY_LOG = r"""# Natural logarithms throughout

$$\frac{d}{dp}\log(p) = \frac{1}{p}$$
"""

BOLD = r"""# Blackboard letters for vectors

$$z = \mathbb{w}^T \mathbb{x} + b$$

$$\frac{\partial z}{\partial \mathbb{w}_j} = \mathbb{x}_j$$

$$\frac{\partial z}{\partial \mathbb{w}_j} = \mathbb{w}_j$$
"""

BOXED = r"""# A boxed result

$$\boxed{\frac{d}{dx} x^3 = 3x^2 = x^2 + 2x^2}$$

$$\boxed{\frac{d}{dx} x^3 = 3x}$$
"""

ONE_PER_LINE = r"""# Equations written inline, one per line

$\frac{d}{dx} x^3 = 3x^2$<br>
- $\frac{d}{dx} x^3 = 3x$
故 $\frac{d}{dx} e^{x} = e^{x}$

In a sentence, $\frac{d}{dx} x^2 = 2x$ is read for definitions only.
"""


def test_oracle_derivatives():
    p, x = sp.symbols("p x", positive=True)
    assert [sp.diff(sp.log(p), p), sp.diff(sp.log(p, 10), p), sp.diff(x**3, x).subs(x, 2)] == \
        [1 / p, 1 / (p * sp.log(10)), 12]


def test_log_beside_ln_is_read_both_ways(checked):
    line = r"$$\log(p) = 2\ln(\sqrt{p})$$"
    assert link_on(checked(BOTH_LOGS), BOTH_LOGS, line).verdict == "undecided"


def test_log_beside_ln_names_both_readings(checked):
    line = r"$$\frac{d}{dp}\log(p) = \frac{1}{p}$$"
    assert "base 10" in link_on(checked(BOTH_LOGS), BOTH_LOGS, line).message


def test_ln_beside_log_is_still_proved(checked):
    line = r"$$\frac{d}{dp}\ln(p) = \frac{1}{p}$$"
    assert link_on(checked(BOTH_LOGS), BOTH_LOGS, line).verdict == "proved"


def test_log_alone_is_natural(checked):
    line = r"$$\frac{d}{dp}\log(p) = \frac{1}{p}$$"
    assert link_on(checked(ONLY_LOG, "only.md"), ONLY_LOG, line).verdict == "proved"


def test_blackboard_lowercase_is_bold(checked):
    line = r"$$\frac{\partial z}{\partial \mathbb{w}_j} = \mathbb{x}_j$$"
    assert link_on(checked(BOLD, "bold.md"), BOLD, line).verdict == "proved"


def test_blackboard_bold_mutant_is_refuted(checked):
    line = r"$$\frac{\partial z}{\partial \mathbb{w}_j} = \mathbb{w}_j$$"
    assert link_on(checked(BOLD, "bold.md"), BOLD, line).verdict == "refuted"


def test_blackboard_capital_is_still_a_set(checked):
    text = "$$\\mathbb{R} = x$$\n"
    assert checked(text, "set.md").links[0].verdict == "unparsed"


def test_boxed_chain_gives_both_links(checked):
    assert [link.verdict for link in checked(BOXED, "boxed.md").links if link.line == 3] == ["proved", "proved"]


def test_boxed_mutant_is_refuted(checked):
    assert link_on(checked(BOXED, "boxed.md"), BOXED, r"$$\boxed{\frac{d}{dx} x^3 = 3x}$$").verdict == "refuted"


@pytest.mark.parametrize("line, expected", [
    (r"$\frac{d}{dx} x^3 = 3x^2$<br>", "proved"),
    (r"- $\frac{d}{dx} x^3 = 3x$", "refuted"),
    (r"故 $\frac{d}{dx} e^{x} = e^{x}$", "proved"),
])
def test_inline_equation_alone_on_its_line_is_checked(checked, line, expected):
    assert link_on(checked(ONE_PER_LINE, "lines.md"), ONE_PER_LINE, line).verdict == expected


def test_inline_equation_in_a_sentence_is_not_checked(checked):
    assert not [link for link in checked(ONE_PER_LINE, "lines.md").links if link.line == 7]


def _notebook(tmp_path, source: str):
    cell = {"cell_type": "markdown", "metadata": {}, "source": [source]}
    path = tmp_path / "spaces.ipynb"
    path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
                    encoding="utf-8")
    return check_paths([str(path)], timeout=10).files[0]


def test_notebook_reads_dollars_with_spaces_inside(tmp_path):
    result = _notebook(tmp_path, "$ \\frac{d}{dx} x^3 = 3x $\n")
    assert [link.verdict for link in result.links] == ["refuted"]


ENTRIES = r"""# Entries of names in brackets, counts named by words

$$E = \frac{1}{2}\sum_{q=1}^{n_{out}} ((a^{(3)})_q - y_q)^2$$

$$\frac{\partial E}{\partial (a^{(3)})_j} = (a^{(3)})_j - y_j$$

$$\frac{\partial E}{\partial (a^{(3)})_j} = (a^{(3)})_j + y_j$$
"""


def test_entry_of_a_bracketed_name_is_proved(checked):
    line = r"$$\frac{\partial E}{\partial (a^{(3)})_j} = (a^{(3)})_j - y_j$$"
    assert link_on(checked(ENTRIES, "entries.md"), ENTRIES, line).verdict == "proved"


def test_entry_of_a_bracketed_name_mutant_is_refuted(checked):
    line = r"$$\frac{\partial E}{\partial (a^{(3)})_j} = (a^{(3)})_j + y_j$$"
    assert link_on(checked(ENTRIES, "entries.md"), ENTRIES, line).verdict == "refuted"


def test_a_call_with_a_subscript_is_not_an_entry(checked):
    text = "$$f(x) = x^2$$\n\n$$g = f(x)_j$$\n\n$$f(x)_j = 1$$\n"
    assert [link.verdict for link in checked(text, "call.md").links] == ["unparsed", "unparsed"]


LAYER_MARKS = r"""# Layer marks in parentheses

$$J = \frac{1}{2}\sum_{i=1}^{s_{(l+1)}} (a_i^{(n_l)} - y_i)^2$$

$$\frac{\partial J}{\partial a_i^{(n_l)}} = a_i^{(n_l)} - y_i$$

$$\frac{\partial J}{\partial a_i^{(n_l)}} = a_i^{(n_l)}$$
"""


def test_parenthesised_layer_mark_in_a_derivative_is_proved(checked):
    line = r"$$\frac{\partial J}{\partial a_i^{(n_l)}} = a_i^{(n_l)} - y_i$$"
    assert link_on(checked(LAYER_MARKS, "marks.md"), LAYER_MARKS, line).verdict == "proved"


def test_parenthesised_layer_mark_mutant_is_refuted(checked):
    line = r"$$\frac{\partial J}{\partial a_i^{(n_l)}} = a_i^{(n_l)}$$"
    assert link_on(checked(LAYER_MARKS, "marks.md"), LAYER_MARKS, line).verdict == "refuted"


def test_function_word_with_square_brackets_is_a_call(checked):
    text = "$$\\frac{d}{dx} relu\\bigg[2x + 1\\bigg] = 2 \\quad \\text{for } x > 0$$\n\n" \
           "$$\\frac{d}{dx} \\tanh[x] = 1 + \\tanh^2(x)$$\n"
    assert [link.verdict for link in checked(text, "brackets.md").links] == ["proved", "refuted"]


INNER = r"""# Inner products in angle brackets

$$z = \langle w, x \rangle + b$$

$$\frac{\partial z}{\partial w_j} = x_j$$

$$\frac{\partial z}{\partial w_j} = w_j$$
"""


def test_angle_brackets_are_an_inner_product(checked):
    assert [link.verdict for link in checked(INNER, "inner.md").links] == ["proved", "refuted"]


def test_angle_brackets_around_a_matrix_are_refused(checked):
    assert [link.verdict for link in checked("$$\\langle W, x \\rangle = 1$$\n", "angle.md").links] == ["unparsed"]


def test_an_upper_limit_with_a_two_letter_subscript_is_a_count(checked):
    text = "$$E = \\sum_{k=1}^{n_{in}} w_k x_k$$\n\n$$\\frac{\\partial E}{\\partial w_j} = x_j$$\n\n" \
           "$$\\frac{\\partial E}{\\partial w_j} = w_j$$\n"
    assert [link.verdict for link in checked(text, "nin.md").links] == ["proved", "refuted"]

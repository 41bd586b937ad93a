"""Entries written as a bracketed name with a subscript, ``(x^{(1)})_k``, after a scripted weight
or a sized bracket, and the subscript word ``in`` on a layer size (issue 12).

``z_j = \\sum_{k=1}^{n} w_{kj}^{(1)}(x^{(1)})_k + b_j`` is the weighted sum of the entries of
x^{(1)}: dz_j/d(x^{(1)})_i = w_{ij}^{(1)} (proved), and the mutant 2 w_{ij}^{(1)} is refuted (at
any nonzero weight). ``\\bigg[ a + 1 \\bigg] (y)_i`` is the product
(a + 1) y_i: its derivative in a is y_i (proved); the mutant (a + 1) y_i is refuted. A letter
that is a function (f) before the bracket keeps its call, so the line is never proved.

In a file that writes n_{hidden} and n_{out}, n_{in} is the input layer's size (a count), not
the entry (i, n) of a family n: d/dy_j sum_{k=1}^{n_{in}} v_k y_k = v_j for 1 <= j <= n_{in}
(proved); the mutant y_j is refuted.
"""
from tests.conftest import link_on

WEIGHTS = r"""# Weighted sums

$$ z_j = \sum_{k=1}^{n} w_{kj}^{(1)}(x^{(1)})_{k} + b_j $$

$$ \frac{\partial z_j}{\partial (x^{(1)})_i} = w_{ij}^{(1)} $$

$$ \frac{\partial z_j}{\partial (x^{(1)})_i} = 2 w_{ij}^{(1)} $$

$$ \frac{\partial}{\partial a} \bigg[ a + 1 \bigg] (y)_{i} = y_i $$

$$ \frac{\partial}{\partial a} \bigg[ a + 1 \bigg] (y)_{i} = (a + 1) y_i $$

$$ \frac{\partial}{\partial y_i} f_{k}(y)_{i} = f_k $$
"""

SIZES = r"""# Layer sizes

The layers have $n_{in}$, $n_{hidden}$ and $n_{out}$ units.

$$ \frac{\partial}{\partial y_j} \sum_{k=1}^{n_{in}} v_k y_k = v_j $$

$$ \frac{\partial}{\partial y_j} \sum_{k=1}^{n_{in}} v_k y_k = y_j $$
"""


def test_entry_after_scripted_weight_is_proved(checked):
    link = link_on(checked(WEIGHTS), WEIGHTS, r"$$ \frac{\partial z_j}{\partial (x^{(1)})_i} = w_{ij}^{(1)} $$")
    assert link.verdict == "proved"


def test_swapped_weight_is_refuted(checked):
    link = link_on(checked(WEIGHTS), WEIGHTS, r"$$ \frac{\partial z_j}{\partial (x^{(1)})_i} = 2 w_{ij}^{(1)} $$")
    assert link.verdict == "refuted"


def test_entry_after_sized_bracket_is_a_product(checked):
    link = link_on(checked(WEIGHTS), WEIGHTS, r"$$ \frac{\partial}{\partial a} \bigg[ a + 1 \bigg] (y)_{i} = y_i $$")
    assert link.verdict == "proved"


def test_wrong_product_derivative_is_refuted(checked):
    link = link_on(checked(WEIGHTS), WEIGHTS,
                   r"$$ \frac{\partial}{\partial a} \bigg[ a + 1 \bigg] (y)_{i} = (a + 1) y_i $$")
    assert link.verdict == "refuted"


def test_function_letter_keeps_its_call(checked):
    link = link_on(checked(WEIGHTS), WEIGHTS, r"$$ \frac{\partial}{\partial y_i} f_{k}(y)_{i} = f_k $$")
    assert link.verdict != "proved"


def test_in_is_a_layer_size_word(checked):
    link = link_on(checked(SIZES), SIZES, r"$$ \frac{\partial}{\partial y_j} \sum_{k=1}^{n_{in}} v_k y_k = v_j $$")
    assert link.verdict == "proved" and "n_{in}" in " ".join(link.assumptions)


def test_wrong_sum_derivative_is_refuted(checked):
    link = link_on(checked(SIZES), SIZES, r"$$ \frac{\partial}{\partial y_j} \sum_{k=1}^{n_{in}} v_k y_k = y_j $$")
    assert link.verdict == "refuted"


def test_in_without_word_names_stays_two_indices(checked):
    text = SIZES.replace("$n_{in}$, $n_{hidden}$ and $n_{out}$", "some")
    link = link_on(checked(text), text, r"$$ \frac{\partial}{\partial y_j} \sum_{k=1}^{n_{in}} v_k y_k = v_j $$")
    assert "n_{in}" not in " ".join(link.assumptions)

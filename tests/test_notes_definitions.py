"""Definitions as people write them: explicit, implicit, inline, out of order, redefined, cyclic.

Each notes text is checked once (module fixtures) and each test asserts one verdict or fact.
"""
from pathlib import Path

import pytest

from derivations.notes import check_paths
from derivations.notes.plan.definitions import plan_file
from derivations.notes.find.scan import scan_file


def check_text(tmp_path_factory, text, name="notes.md"):
    path = tmp_path_factory.mktemp("notes") / name
    path.write_text(text, encoding="utf-8")
    return check_paths([str(path)], timeout=5).files[0]


def at(result, line):
    """The verdicts of the links whose right side starts on ``line``."""
    return [link.verdict for link in result.links if link.line == line]


def message(result, line):
    return " ".join(link.message for link in result.links if link.line == line)


LOGISTIC = r"""
$$ a := \sigma(z) $$

$$ J := -\left(y \log a + (1-y)\log(1-a)\right) $$

$$ \frac{\partial J}{\partial a} = \frac{a-y}{a(1-a)} $$

$$ \frac{\partial J}{\partial z} = a - y $$

$$ \frac{\partial J}{\partial z} = \frac{\partial J}{\partial a}\frac{\partial a}{\partial z} $$

where $z = w x + b$ is the logit, and

$$ \frac{\partial J}{\partial w} = (a - y) x $$

$$ w := w - \alpha \frac{\partial J}{\partial w} $$

$$ w^{new} = w^{old} - \alpha \frac{\partial J}{\partial w} $$

$$ x_{t+1} = x_t - \eta g $$
"""


@pytest.fixture(scope="module")
def logistic(tmp_path_factory):
    return check_text(tmp_path_factory, LOGISTIC)


def test_derivative_holds_the_defined_variable(logistic):
    assert at(logistic, 6) == ["proved"]


def test_derivative_through_a_definition(logistic):
    assert at(logistic, 8) == ["proved"]


def test_chain_rule_line_is_a_claim(logistic):
    assert at(logistic, 10) == ["proved"]


def test_inline_definition_is_used(logistic):
    assert at(logistic, 14) == ["proved"]


def test_update_rule_is_skipped_and_counted(logistic):
    assert logistic.skipped["update_rule"] == 1


def test_update_rule_is_listed_with_its_line(logistic):
    assert [(s.line, s.kind) for s in logistic.skipped_items if s.kind == "update_rule"] == [(16, "update_rule")]


def test_marked_names_are_defined_not_updates(logistic):
    """w^{new} and x_{t+1} do not appear literally on their right sides: they are definitions."""
    plan = plan_file(scan_file(Path(logistic.file)))
    assert sorted(d.name for d in plan.definitions if d.name in ("w^{new}", "x_{t+1}")) == ["w^{new}", "x_{t+1}"]


def test_update_rules_make_no_links(logistic):
    assert [link.line for link in logistic.links] == [6, 8, 10, 14]


def test_definitions_relied_on_are_listed(logistic):
    assert [(d.name, d.line) for d in logistic.definitions] == [("a", 2), ("J", 4), ("z", 12)]


def test_definition_expression_as_written(logistic):
    assert logistic.definitions[0].expr == r"\sigma(z)"


OUT_OF_ORDER = r"""
$$C = (A_2 - Y)^2$$

$$\frac{dC}{dZ_2} = 2(A_2 - Y) A_2 (1 - A_2)$$

$$A_2 = \text{sigmoid}(Z_2)$$

$$Z_2 = W_2 A_1 + B_2$$

$$\hat{y} = g(w x + b) = \frac{1}{1+e^{-(w x + b)}}$$

$$\frac{dz}{dx} = \frac{dz}{dy} \frac{dy}{dx}$$

$$\frac{dC}{dw_2} = 2(A_2 - Y) A_2 (1 - A_2) A_1$$

$$ p = q + 1 $$

$$ q = 2 p $$

$$ p + q = 3 $$

$$ v = u^2 $$

$$ v = u \cdot u $$

$$ v = u^3 $$
"""


@pytest.fixture(scope="module")
def out_of_order(tmp_path_factory):
    return check_text(tmp_path_factory, OUT_OF_ORDER)


def test_claim_before_its_definitions(out_of_order):
    assert at(out_of_order, 4) == ["proved"]


def test_implicit_definitions_make_no_links(out_of_order):
    assert [d.name for d in out_of_order.definitions][:3] == ["C", "A_2", "Z_2"]


def test_implicit_definition_then_one_link(out_of_order):
    assert at(out_of_order, 10) == ["undecided"]


def test_the_checked_link_of_an_implicit_definition(out_of_order):
    assert [link.lhs for link in out_of_order.links if link.line == 10] == ["g(w x + b)"]


def test_chain_rule_of_undefined_names(out_of_order):
    assert "z is not defined" in message(out_of_order, 12)


def test_misspelt_variable_is_undecided_with_a_hint(out_of_order):
    assert "W_2" in message(out_of_order, 14)


def test_cycle_is_reported_with_its_lines(out_of_order):
    assert "cycle" in message(out_of_order, 20) and "line 16" in message(out_of_order, 20)


def test_cycle_is_unparsed(out_of_order):
    assert at(out_of_order, 20) == ["unparsed"]


def test_restating_a_definition_is_checked(out_of_order):
    assert at(out_of_order, 24) == ["proved"]


def test_conflicting_restatement_is_undecided(out_of_order):
    assert at(out_of_order, 26) == ["undecided"]


def test_conflicting_restatement_says_where(out_of_order):
    assert "v is defined at line 22" in message(out_of_order, 26)


SECTIONS = r"""
# Part one

$$ f = x^2 $$

$$ \frac{df}{dx} = 2x $$

# Part two

$$ f = x^3 $$

$$ \frac{df}{dx} = 3x^2 $$

$$ f := x^4 $$

$$ \frac{df}{dx} = 4x^3 $$

$$ \sigma(z) = \frac{1}{1+e^{-z}} $$

$$ \sigma(z) = \frac{1}{1-e^{-z}} $$

$$ h(s, t) := s^2 t $$

$$ \frac{\partial h}{\partial s} = 2 s t $$

$$ h(2, t) = 4t $$

$$ e = y - a $$

$$ \frac{\partial e}{\partial a} = -1 $$
"""


@pytest.fixture(scope="module")
def sections(tmp_path_factory):
    return check_text(tmp_path_factory, SECTIONS)


def test_first_section_uses_its_definition(sections):
    assert at(sections, 6) == ["proved"]


def test_new_section_redefines(sections):
    assert at(sections, 12) == ["proved"]


def test_colon_equals_redefines_in_the_same_section(sections):
    assert at(sections, 16) == ["proved"]


def test_builtin_sigma_is_a_claim(sections):
    """The file defines a name e (line 28), so e^{-z} is Euler's number or that name: the claim
    is proved under the first reading and refuted under the second, hence undecided."""
    assert [r["verdict"] for link in sections.links if link.line == 18 for r in link.readings] == [
        "proved", "refuted"]


def test_wrong_sigmoid_is_refuted(sections):
    assert at(sections, 20) == ["refuted"]


def test_function_head_derivative(sections):
    assert at(sections, 24) == ["proved"]


def test_function_head_call(sections):
    assert at(sections, 26) == ["proved"]


def test_defined_e_is_a_name(sections):
    assert at(sections, 30) == ["proved"]


def test_layer_declaration_makes_names(tmp_path_factory):
    text = "<!-- gradproof: layer L -->\n$$ z^{L} = w^{L} a + b^{L} $$\n$$ \\frac{\\partial z^{L}}{\\partial w^{L}} = a $$\n"
    assert at(check_text(tmp_path_factory, text), 3) == ["proved"]


def test_definition_in_a_notebook_cell(tmp_path_factory):
    import json
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["$$ z = w x $$\n"]},
             {"cell_type": "markdown", "metadata": {}, "source": ["Then\n", "$$ \\frac{dz}{dw} = x $$\n"]}]
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    link, = check_text(tmp_path_factory, text, "n.ipynb").links
    assert (link.cell, link.line, link.verdict) == (2, 2, "proved")


def test_plan_without_verification(tmp_path):
    path = tmp_path / "n.md"
    path.write_text("$$ a := 1 $$\n$$ a + 1 = 2 $$\n")
    assert [link.rhs for link in plan_file(scan_file(path)).links] == ["2"]


# ---------------------------------------------------------------- a name given on the right
REVERSE = r"""Write $\mathrm{softmax}(z)_i$ for the output; in short $e^{z_i} / \sum_{k=1}^{n} e^{z_k} = S_i$.

$$ \frac{e^{z_i}}{\sum_{k=1}^{n} e^{z_k}} \cdot \frac{\sum_{k=1}^{n} e^{z_k} - e^{z_i}}{\sum_{k=1}^{n} e^{z_k}} = S_i (1 - S_i) $$

$$ \frac{e^{z_i}}{\sum_{k=1}^{n} e^{z_k}} = 2 S_i $$
"""


@pytest.fixture(scope="module")
def reverse(tmp_path_factory):
    return check_text(tmp_path_factory, REVERSE)


def test_a_new_name_on_the_right_is_defined(reverse):
    """S_i is the softmax: the product is S_i (1 - S_i) by algebra."""
    assert at(reverse, 3) == ["proved"]


def test_a_name_defined_on_the_right_still_refutes_a_wrong_line(reverse):
    """S_i = 2 S_i only where S_i = 0, and softmax is never 0."""
    assert at(reverse, 5) == ["refuted"]


def test_a_used_name_on_the_right_is_a_claim(tmp_path_factory):
    """v_j appears before: '... = v_j' is a claim about it, never its definition."""
    result = check_text(tmp_path_factory, "$$ v_j + 1 = w $$\n\n$$ \\frac{d}{dx} x v_j = v_j $$\n")
    assert at(result, 3) == ["proved"]


LAYERS = r"""# The last layer

$$ a_{j}^{L} = \sigma(z_{j}^{L}) $$

$$ \sigma(z_j^L)(1 - \sigma(z_j^L)) = a_j^L (1 - a_j^L) $$
"""


def test_layer_definition_under_the_layer_reading(tmp_path_factory):
    """As layers: a_j^L := sigma(z_j^L), so the line holds. As powers, a_j^L = sigma(...) is a
    claim and a_j is free: the readings disagree, so the line is undecided, never refuted."""
    result = check_text(tmp_path_factory, LAYERS)
    assert [r["verdict"] for link in result.links if link.line == 5 for r in link.readings][1] == "proved"


def test_layer_definition_is_never_refuted(tmp_path_factory):
    result = check_text(tmp_path_factory, LAYERS)
    assert at(result, 5) != ["refuted"]

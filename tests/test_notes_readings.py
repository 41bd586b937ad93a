"""Ambiguous notation (issue 11, mechanism 6): a verdict stands only where every reading gives it.

The expected verdicts are worked out by hand for each reading of the closed table
(``vocab.READINGS``): sigma^{-1} as the logit or as 1/sigma; S(H) as a call or a product; a^{L} as a
power or a name; e^{...} as Euler's number or the name e the notes define.
"""
import pytest
import sympy as sp

from conftest import link_on
from derivations.notes import check_paths
from derivations.notes.read.parse import parse_expression
from derivations.notes.verify.readings import MAX_READINGS, assignments
from derivations.notes.read.vocab import Names

NOTES = r"""# Inverse or reciprocal

$$ \sigma(\sigma^{-1}(p)) = p $$

$$ \sigma^{-1}(p) \sigma(p) = 1 $$

$$ \sigma^{-1}(p) = 2 + p $$

# Call or product

$$ 2 S(H) = S(H) + S(H) $$

$$ H \cdot S = S(H) $$

$$ a := \sigma(z) $$

$$ a(1 - a) = a - a^2 $$

# A layer or a power

$$ b^{L} \cdot b^{L} = b^{2L} $$

$$ b^{L} b = b^{L} + 1 $$

# A name e

$$ e = y - \hat{y} $$

$$ e^{2} = (y - \hat{y})^2 $$

$$ e^{0} = 1 $$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def link_at(result, text: str):
    return link_on(result, NOTES, text)


def readings(result, text: str) -> list[tuple[str, str]]:
    return [(r["reading"], r["verdict"]) for r in link_at(result, text).readings]


def test_inverse_reading_proves_and_reciprocal_refutes(notes):
    """sigma(logit p) = p, but sigma(1/sigma(1/2)) != 1/2."""
    assert link_at(notes, r"$$ \sigma(\sigma^{-1}(p)) = p $$").verdict == "undecided"


def test_inverse_readings_are_listed(notes):
    assert readings(notes, r"$$ \sigma(\sigma^{-1}(p)) = p $$") == [
        (r"\sigma^{-1} as the inverse function", "proved"), (r"\sigma^{-1} as the reciprocal 1/\sigma", "refuted")]


def test_reciprocal_reading_alone_is_not_enough(notes):
    """(1/sigma(p)) sigma(p) = 1, but logit(1/2) sigma(1/2) = 0."""
    assert link_at(notes, r"$$ \sigma^{-1}(p) \sigma(p) = 1 $$").verdict == "undecided"


def test_false_under_both_readings_is_refuted(notes):
    """At p = 1/2: logit = 0 and 1/sigma = 1 + e^{-1/2}, neither is 5/2."""
    assert link_at(notes, r"$$ \sigma^{-1}(p) = 2 + p $$").verdict == "refuted"


def test_true_under_both_readings_is_proved(notes):
    assert link_at(notes, r"$$ 2 S(H) = S(H) + S(H) $$").verdict == "proved"


def test_product_reading_alone_is_not_enough(notes):
    """H S = S H as a product; as a call S(H) is unknown."""
    assert link_at(notes, r"$$ H \cdot S = S(H) $$").verdict == "undecided"


def test_defined_value_is_never_called(notes):
    assert (link_at(notes, r"$$ a(1 - a) = a - a^2 $$").verdict,
            link_at(notes, r"$$ a(1 - a) = a - a^2 $$").readings) == ("proved", ())


def test_layer_reading_blocks_a_power_proof(notes):
    """b^L b^L = b^{2L} as powers; with b^{L} a name x, x^2 != b^{2L}."""
    assert link_at(notes, r"$$ b^{L} \cdot b^{L} = b^{2L} $$").verdict == "undecided"


def test_false_as_power_and_as_layer(notes):
    """b^L b = b^{L+1} != b^L + 1 (b = 2, L = 1); as a name x: 2x != x + 1 (x = 2)."""
    assert link_at(notes, r"$$ b^{L} b = b^{L} + 1 $$").verdict == "refuted"


def test_e_as_a_defined_name_or_euler(notes):
    assert readings(notes, r"$$ e^{2} = (y - \hat{y})^2 $$") == [
        ("e as Euler's number", "refuted"), ("e as the name the notes define", "proved")]


def test_e_true_under_both_readings(notes):
    assert link_at(notes, r"$$ e^{0} = 1 $$").verdict == "proved"


def test_parse_inverse_default_reading():
    assert parse_expression(r"\sin^{-1}(x)") == sp.asin(sp.Symbol("x", real=True))


def test_parse_reciprocal_reading():
    names = Names(choices={("inverse", "sin"): "reciprocal"})
    assert parse_expression(r"\sin^{-1}(x)", names) == 1 / sp.sin(sp.Symbol("x", real=True))


def test_parse_records_the_ambiguity():
    names = Names()
    parse_expression("S(H)", names)
    assert names.met == {("call", "S"): ("call", "product")}


def test_readings_are_capped():
    keys = frozenset({("call", "A"), ("call", "B"), ("call", "C"), ("call", "D")})
    assert (len(assignments(frozenset(list(keys)[:3]))), assignments(keys)) == (MAX_READINGS, None)


def test_more_readings_than_the_cap_leave_the_link_undecided(tmp_path):
    """Four independent call-or-product constructs give 16 readings: over the cap of 8."""
    path = tmp_path / "cap.md"
    path.write_text("$$ A(x) + B(x) + C(x) + D(x) = 4 A(x) $$\n", encoding="utf-8")
    link, = check_paths([str(path)], timeout=10).files[0].links
    assert (link.verdict, "more than 8 readings" in link.message) == ("undecided", True)


AFFINE = r"""$$ f(x) := 2x + 1 $$

$$ f^{-1}(x) = 2x - 1 $$

$$ f(f^{-1}(x)) = x $$
"""


@pytest.fixture(scope="module")
def affine(tmp_path_factory):
    path = tmp_path_factory.mktemp("affine") / "notes.md"
    path.write_text(AFFINE, encoding="utf-8")
    return {link.line: link for link in check_paths([str(path)], timeout=10).files[0].links}


def test_inverse_of_a_defined_affine_function_and_its_reciprocal_both_refute(affine):
    """f^{-1}(x) = (x - 1)/2 and 1/(2x + 1) both differ from 2x - 1 at x = 0."""
    assert affine[3].verdict == "refuted"


def test_inverse_of_a_defined_affine_function_is_computed(affine):
    assert [r["verdict"] for r in affine[5].readings] == ["proved", "refuted"]


def test_a_derivative_by_a_layer_name_declares_the_layer(tmp_path):
    """An order of differentiation is a number, so in \\partial a^{L} the L is a layer: the file's
    a^{L} is then one name, and dC/da^L of (a^L - y)^2 / 2 is a^L - y."""
    path = tmp_path / "layer.md"
    path.write_text("$$ C := \\frac{1}{2}(a^{L} - y)^2 $$\n\n$$ \\frac{\\partial C}{\\partial a^{L}} = a^{L} - y $$\n")
    link, = check_paths([str(path)], timeout=10).files[0].links
    assert (link.verdict, link.readings) == ("proved", ())


def test_a_derivative_by_a_layer_name_still_refutes(tmp_path):
    """a^L + y differs from a^L - y wherever y is not 0."""
    path = tmp_path / "layer.md"
    path.write_text("$$ C := \\frac{1}{2}(a^{L} - y)^2 $$\n\n$$ \\frac{\\partial C}{\\partial a^{L}} = a^{L} + y $$\n")
    link, = check_paths([str(path)], timeout=10).files[0].links
    assert link.verdict == "refuted"

"""Digits right after a letter (c1, w2): a name with a subscript or a product; both are checked."""
import pytest

NOTES = """# Weights written without underscores

$$c1 + c2 = 3 c1$$

$$w1 + w2 = w2 + w1$$

$$w1 + w2 = 2 w1$$

$$(x1)^2 = x1 x1$$

$$\\log(y2) = \\ln(y2)$$
"""


@pytest.fixture(scope="module")
def links(checked):
    return {link.line: link for link in checked(NOTES).links}


def test_a_claim_true_as_a_product_but_false_for_names_is_undecided(links):
    # c_1 + c_2 = 3 c_1 fails at c_1 = 0, c_2 = 1; c*1 + c*2 = 3c holds: the readings differ
    assert links[3].verdict == "undecided" and "digits after a letter" in links[3].message


def test_a_claim_true_under_both_readings_is_proved(links):
    assert links[5].verdict == "proved"


def test_a_claim_false_under_both_readings_is_refuted(links):
    # names: w_1 + w_2 = 2 w_1 fails at w_1 = 0, w_2 = 1; product: 3w = 2w fails at w = 1
    assert links[7].verdict == "refuted"


def test_a_power_of_such_a_name_is_proved(links):
    assert links[9].verdict == "proved"


@pytest.mark.parametrize("text, split", [("c1", True), ("log2", False), ("x_i2", False), ("c 1", False),
                                                 ("x_{i1}", False), ("w^{l1}", False), ("{c1}", True)])
def test_only_a_lone_letter_takes_the_digits(text, split):
    from derivations.notes.read.scripts import digits_after_letters
    from derivations.notes.read.tokens import tokenize
    from derivations.notes.read.vocab import Names

    names = Names(choices={("digits",): "name"})
    values = [t.value for t in digits_after_letters(tokenize(text), names)]
    assert (values != [t.value for t in tokenize(text)]) == split


def test_the_fix_says_how_to_write_it(links):
    from derivations.notes.report.hints import fix
    assert "write a name's number as a subscript (c_1)" in fix(links[3])

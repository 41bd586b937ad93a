"""Errata: every claim of the notes as written is refuted, every correction is proved."""
import pytest
import sympy as sp

from derivations.catalog import errata
from derivations.catalog.errata import ERRATA, NOT_ERRATA, check_errata
from derivations.prove import verify_claim

IDS = [f"{e.source.split('_')[0]} {e.source.split(', ')[1]}: {e.quote[:30]}" for e in ERRATA]
NOTES = ("000_5b3326d1c78d59c1.txt", "001_1350167788b7a5e9.txt", "002_7e18bd16d66f5e30.txt",
         "003_855887773bede445.txt", "004_d835b9d6349844af.txt")


@pytest.fixture(scope="module")
def rows():
    return check_errata()


@pytest.mark.parametrize("erratum", ERRATA, ids=IDS)
def test_claim_as_written_is_refuted(erratum):
    assert verify_claim(erratum.claim_lhs, erratum.claim_rhs, erratum.reparametrise).verdict == "refuted"


@pytest.mark.parametrize("erratum", ERRATA, ids=IDS)
def test_correction_is_proved(erratum):
    assert verify_claim(erratum.correction_lhs, erratum.correction_rhs, erratum.reparametrise).verdict == "proved"


@pytest.mark.parametrize("erratum", ERRATA, ids=IDS)
def test_source_names_a_note_and_a_section(erratum):
    note, section = erratum.source.split(", ", 1)
    assert note in NOTES and section


@pytest.mark.parametrize("erratum", ERRATA, ids=IDS)
def test_claim_and_correction_differ(erratum):
    assert (erratum.claim_lhs, erratum.claim_rhs) != (erratum.correction_lhs, erratum.correction_rhs)


def test_check_errata_rows_have_the_json_keys(rows):
    keys = {"source", "quote", "claim", "claim_verdict", "counterexample", "correction", "correction_verdict"}
    assert all(keys <= set(row) for row in rows)


def test_check_errata_refutes_every_claim_with_a_counterexample(rows):
    assert all(row["claim_verdict"] == "refuted" and row["counterexample"] for row in rows)


def test_check_errata_proves_every_correction(rows):
    assert [row["correction_verdict"] for row in rows] == ["proved"] * len(ERRATA)


def _parses(text):
    # an Eq, or a truth value where SymPy evaluates both sides at once (ceiling of a number)
    return isinstance(sp.parse_expr(text, evaluate=False), (sp.Eq, sp.logic.boolalg.BooleanAtom))


def test_claims_are_sympy_parsable_equations(rows):
    assert all(row["claim"].startswith("Eq(") and _parses(row["claim"]) for row in rows)


def test_corrections_are_sympy_parsable_equations(rows):
    assert all(row["correction"].startswith("Eq(") and _parses(row["correction"]) for row in rows)


def test_matrices_print_on_one_line(rows):
    assert all("\n" not in row["claim"] + row["correction"] for row in rows)


def test_gradient_counterexample_distinguishes_sin_x_from_sin_y(rows):
    ce = rows[0]["counterexample"]
    x, y = sp.Rational(ce["x"]), sp.Rational(ce["y"])
    assert sp.sin(x) != sp.sin(y)


def test_square_erratum_counterexample_is_off_by_one(rows):
    row = next(r for r in rows if "4x^2" in r["quote"])
    assert row["counterexample"]["rhs"] - row["counterexample"]["lhs"] == 1


def test_batch_count_erratum_says_8334():
    erratum = next(e for e in ERRATA if "8,333" in e.quote)
    assert erratum.correction_rhs == 8334


def test_judged_ocr_candidates_are_not_listed():
    listed = {e.quote for e in ERRATA}
    assert all(quote not in listed for _, quote, _ in NOT_ERRATA)


def test_every_judged_ocr_candidate_says_why():
    assert all(why for _, _, why in NOT_ERRATA)


# ---------------------------------------------------------------- the five errata of issue 13

def _erratum(source_end, quote_part):
    return next(e for e in ERRATA if e.source.endswith(source_end) and quote_part in e.quote)


def _claim(erratum):
    return verify_claim(erratum.claim_lhs, erratum.claim_rhs, erratum.reparametrise)


def _correction(erratum):
    return verify_claim(erratum.correction_lhs, erratum.correction_rhs, erratum.reparametrise)


def test_relu_condition_outside_the_sum_fails_where_one_example_is_off():
    method = _claim(_erratum("3.4-3.5", "cases")).method
    assert "u_1 > 0 and u_2 < 0" in method


def test_relu_condition_per_example_is_proved_in_all_four_patterns():
    """Four on/off patterns of the two examples; the five others touch a kink, where the
    derivative of ReLU does not exist (excluded)."""
    assert "4 of 9 regions" in _correction(_erratum("3.4-3.5", "cases")).method


def test_bias_update_with_one_error_is_refuted():
    assert _claim(_erratum("update rule", "b^{new}")).verdict == "refuted"


def test_weight_update_already_sums_the_errors():
    xs, ys = sp.symbols("x_1 x_2", real=True), sp.symbols("y_1 y_2", real=True)
    w, b, alpha = errata.w, errata.b, errata.alpha
    a = [errata.sigma(w * xs[r] + b) for r in range(2)]
    J = sum(-(ys[r] * sp.log(a[r]) + (1 - ys[r]) * sp.log(1 - a[r])) for r in range(2))
    summed = w - alpha * ((a[0] - ys[0]) * xs[0] + (a[1] - ys[1]) * xs[1])
    assert verify_claim(w - alpha * sp.Derivative(J, w), summed).verdict == "proved"


def test_j_as_the_total_node_count_fails_at_node_one():
    assert _claim(_erratum("2.3", "total node")).counterexample["entry"].startswith("(0,")


def test_moving_all_weights_at_once_gives_the_sum_of_the_rows():
    erratum = _erratum("3.5", "approximate")
    xs = sp.Matrix(2, 2, lambda r, c: sp.Symbol(f"x_{r + 1}{c + 1}", real=True))
    w1, w2 = sp.symbols("w_1 w_2", real=True)
    ys = sp.symbols("y_1 y_2", real=True)
    e = [xs[r, 0] * w1 + xs[r, 1] * w2 + errata.b - ys[r] for r in range(2)]
    both_rows = (e[0] * (xs[0, 0] + xs[0, 1]) + e[1] * (xs[1, 0] + xs[1, 1])) / 2
    assert verify_claim(erratum.claim_rhs, both_rows).verdict == "proved"


def test_squish_counterexample_clamps_relu_to_one():
    assert _claim(_erratum("A (activation function)", "squishes")).counterexample["lhs"] == 1.0


# ---------------------------------------------------------------- doubtful entries, decided

def _judged(quote_part):
    return [why for _, quote, why in NOT_ERRATA if quote_part in quote]


def test_bce_half_is_judged_a_lost_mean():
    assert "mean over examples" in _judged(r"-\frac{1}{2}")[0]


def test_bce_half_is_no_longer_an_erratum():
    assert not [e for e in ERRATA if r"-\frac{1}{2}" in e.quote]


def test_sigma_of_x_is_judged_the_functions_own_argument():
    assert "own argument" in _judged(r"\sigma(x)")[0]


def test_sigmoid_prime_label_is_judged_a_label():
    assert "a label, not an equation" in _judged(r"\underbrace{(1 - \sigma(Z_2))}_{\text{sigmoid prime}}")[0]


def test_swapped_labels_are_judged_labels():
    assert "labels, not equations" in _judged(r"\underbrace{\sigma(Z_2)}_{\text{sigmoid prime}}")[0]


def test_no_erratum_reads_a_label_as_an_equation():
    assert not [e for e in ERRATA if "underbrace" in e.quote]


# ---------------------------------------------------------------- written forms decided for issue 13
# Each is judged OCR (NOT_ERRATA); read literally each is false, and the meant claim is proved.

def test_sigmoid_as_linear_function_is_judged_against_the_page():
    why = _judged(r"\Rightarrow linear function")[0]
    assert "not a claim that the sigmoid is linear" in why and "linear-composition" in why


def test_sigmoid_of_2x_plus_1_read_as_linear_is_refuted():
    x = errata.x
    assert verify_claim(sp.Derivative(errata.sigma(2 * x + 1), x, 2), 0).verdict == "refuted"


def test_cos_g2_entry_is_judged_ocr():
    assert "OCR" in _judged(r"\cos(g_2)")[0]


def test_cos_g2_entry_read_literally_is_refuted():
    x, y = errata.x, sp.Symbol("y", positive=True)
    F = sp.Matrix([sp.sin(x**2 + y), sp.log(y**3)])
    assert verify_claim(sp.Derivative(F[0], y), sp.cos(y**3)).verdict == "refuted"


def test_one_condition_for_both_relu_cases_is_judged_repetition():
    assert "OCR repetition" in _judged(r"\leq 0\\ -(y-(w^{T}x+b))x^{T} & \text{if } x^{T}w+b \leq 0")[0]


def test_delta_with_dC_dz_factor_is_judged_repetition_drift():
    assert "drift" in _judged(r"\delta_{j} = \frac{\partial C}{\partial a_{j}} \cdot \frac{\partial C}{\partial z_{j}^{L}}")[0]


def test_delta_with_dC_dz_factor_read_literally_is_refuted():
    from derivations.catalog.generic import cost, phi
    C1, zj = cost("C_node", 1), sp.Symbol("z_j", real=True)
    dC_dz = sp.Derivative(C1(phi(zj)), zj)
    assert verify_claim(dC_dz, C1.partial(1)(phi(zj)) * dC_dz).verdict == "refuted"


def test_garbled_log_line_is_judged_ocr():
    assert "OCR" in _judged(r"\frac{\log a}{\frac{1}{a}}")[0]


def test_garbled_log_line_read_literally_is_refuted():
    a, y, t = sp.Symbol("a", real=True), errata.y, sp.Symbol("t", positive=True)
    written = (sp.log(a) / (1 / a), (1 / a) * (1 / a) + (1 - y) * (-1 / (1 - a)))
    assert verify_claim(*written, ((a, 1 / (1 + t)),)).verdict == "refuted"


def test_split_fraction_is_judged_a_difference():
    assert "the difference" in _judged(r"\cdot \frac{-1}{(1+e^{-z})^2}")[0]


def test_split_fraction_as_product_is_refuted_and_as_difference_proved():
    z = errata.z
    u = 1 + sp.exp(-z)
    slope = sp.Derivative(1 / u, z)
    assert (verify_claim(slope, (1 / u) * (-1 / u**2)).verdict, verify_claim(slope, 1 / u - 1 / u**2).verdict) == \
        ("refuted", "proved")

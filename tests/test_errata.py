"""Errata: every claim of the notes as written is refuted, every correction is proved."""
import pytest
import sympy as sp

from derivations import errata
from derivations.errata import ERRATA, NOT_ERRATA, check_errata
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


def test_bce_half_is_checked_on_a_in_zero_one():
    erratum = next(e for e in ERRATA if e.source.endswith("dJ/da"))
    assert erratum.reparametrise == ((errata.a, 1 / (1 + errata.t)),)

"""Side conditions, premises, prose words and numbers given as examples (issue 11, mechanisms 2-4).

Every expected verdict here is established by hand: the identity is true (or false) on the stated
domain by elementary algebra, and each false line names the point that breaks it. Each test asserts
one verdict or fact. The mutants (false lines under the same clauses) show the clauses never turn a
false line into a proved one.
"""
import pytest

from derivations.notes import check_paths, to_json
from derivations.notes.verify.check import CheckResult

NOTES = r"""# Conditions

$$ \log(p q) = \log p + \log q \quad \text{for } p, q > 0 $$

$$ \log(p + q) = \log p + \log q \quad \text{for } p, q > 0 $$

$$ \log(p q) = \log p + \log q \quad p > 0, q > 0 $$

$$ \log(p q) = \log p + \log q \quad \text{for positive } p \text{ and } q $$

$$ \sqrt{p^2} = p \quad \text{unless } p < 0 $$

$$ \frac{p}{|p|} = 1 \quad (p > 0) $$

$$ \frac{p}{|p|} = -1 \quad (p > 0) $$

# Premises

$$ \log(t_1) = \log(1 - t_2) \quad \text{since } t_1 + t_2 = 1 $$

$$ t_1 t_2 = t_1 - t_1^2 \quad (\because t_1 + t_2 = 1) $$

$$ t_1 t_2 = t_1 + t_1^2 \quad \text{since } t_1 + t_2 = 1 $$

$$ y_1 + y_2 = 1 + y_3 \quad \text{since } y_1 y_2 = 1 $$

# One-hot targets

The targets are one-hot, so $t_1 + t_2 + t_3 = 1$.

$$ t_1 a + t_2 a + t_3 a = a $$

# Prose words

$$ \text{Let } s = 3 $$

$$ \frac{d}{dx} s x = 3 $$

$$ \text{Hence } \tanh(-u) = -\tanh(u) $$

$$ \text{Hence } \tanh(-u) = \tanh(u) $$

# Numbers are examples

$$ \frac{d}{du} u^2 = 3u $$

At $u = 3$ the unit is active, and indeed

$$ u^2 = 3u $$

# Another section

$$ u^2 = 9 $$

# Definitions

$$ v_{\text{next}} := v - \eta g $$

$$ v_{\text{next}} + \eta g = v $$

$$ w := w - \eta g $$

$$ 4! = 25 $$

$$ \log(e^u) = 3u $$

$$ e^{\log x} = x \quad \text{for } x > 0 $$

# Part one

$$ f = x^2 $$

# Part two

$$ f = x^3 $$

$$ \frac{df}{dx} = 3x^2 $$

# Cases written as rows

$$ \begin{aligned} \frac{d}{dx} |x| &= 1 \quad \text{if } x > 0 \\ &= -1 \quad \text{if } x < 0 \end{aligned} $$

$$ \begin{aligned} \frac{d}{dx} |x| &= 1 \quad \text{if } x > 0 \\ &= 1 \quad \text{if } x < 0 \end{aligned} $$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def line_of(text: str) -> int:
    return NOTES.splitlines().index(text) + 1


def verdicts(result, text: str) -> list[str]:
    return [link.verdict for link in result.links if link.line == line_of(text)]


def assumptions(result, text: str) -> list[str]:
    return [a for link in result.links if link.line == line_of(text) for a in link.assumptions]


# ---------------------------------------------------------------- conditions (mechanism 2)
def test_condition_shared_by_two_names_is_proved(notes):
    assert verdicts(notes, r"$$ \log(p q) = \log p + \log q \quad \text{for } p, q > 0 $$") == ["proved"]


def test_condition_shared_by_two_names_keeps_both(notes):
    assert assumptions(notes, r"$$ \log(p q) = \log p + \log q \quad \text{for } p, q > 0 $$") == [
        r"\text{for } p, q > 0"]


def test_condition_does_not_prove_a_false_line(notes):
    """log(1/2 + 1/2) = 0, but log(1/2) + log(1/2) = -2 log 2."""
    assert verdicts(notes, r"$$ \log(p + q) = \log p + \log q \quad \text{for } p, q > 0 $$") == ["refuted"]


def test_two_comma_conditions(notes):
    assert assumptions(notes, r"$$ \log(p q) = \log p + \log q \quad p > 0, q > 0 $$") == ["p > 0", "q > 0"]


def test_condition_in_words(notes):
    line = r"$$ \log(p q) = \log p + \log q \quad \text{for positive } p \text{ and } q $$"
    assert verdicts(notes, line) == ["proved"]


def test_unless_negates_the_condition(notes):
    """sqrt(p^2) = |p| = p exactly when p >= 0, the boundary p = 0 included."""
    assert verdicts(notes, r"$$ \sqrt{p^2} = p \quad \text{unless } p < 0 $$") == ["proved"]


def test_parenthesised_condition_is_not_a_factor(notes):
    assert verdicts(notes, r"$$ \frac{p}{|p|} = 1 \quad (p > 0) $$") == ["proved"]


def test_parenthesised_condition_mutant(notes):
    assert verdicts(notes, r"$$ \frac{p}{|p|} = -1 \quad (p > 0) $$") == ["refuted"]


# ---------------------------------------------------------------- premises (mechanism 2)
def test_premise_after_since_is_used(notes):
    assert verdicts(notes, r"$$ \log(t_1) = \log(1 - t_2) \quad \text{since } t_1 + t_2 = 1 $$") == ["proved"]


def test_premise_after_because(notes):
    """t_2 = 1 - t_1 gives t_1 t_2 = t_1 - t_1^2; the premise, checked as a link of its own, is an
    assumption (not true for every t_1, t_2): undecided, never refuted."""
    assert sorted(verdicts(notes, r"$$ t_1 t_2 = t_1 - t_1^2 \quad (\because t_1 + t_2 = 1) $$")) == ["proved", "undecided"]


def test_premise_mutant_is_refuted_inside_the_premise(notes):
    """At t_1 = 1/2 (so t_2 = 1/2): 1/4 on the left, 3/4 on the right."""
    assert verdicts(notes, r"$$ t_1 t_2 = t_1 + t_1^2 \quad \text{since } t_1 + t_2 = 1 $$") == ["refuted"]


def test_premise_not_usable_blocks_refutation(notes):
    """y_1 y_2 = 1 is not linear: it cannot be substituted, so no counterexample may stand."""
    assert verdicts(notes, r"$$ y_1 + y_2 = 1 + y_3 \quad \text{since } y_1 y_2 = 1 $$") == ["undecided"]


def test_prose_relation_is_a_premise_of_its_section(notes):
    assert verdicts(notes, r"$$ t_1 a + t_2 a + t_3 a = a $$") == ["proved"]


def test_prose_relation_is_listed_as_a_premise(notes):
    kinds = [s.kind for s in notes.skipped_items if s.line == line_of(
        "The targets are one-hot, so $t_1 + t_2 + t_3 = 1$.")]
    assert kinds == ["premise"]


# ---------------------------------------------------------------- words inside \text{}
def test_let_is_prose_and_defines(notes):
    r"""\text{Let } s = 3 defines s; d/dx (s x) = s = 3."""
    assert verdicts(notes, r"$$ \frac{d}{dx} s x = 3 $$") == ["proved"]


def test_hence_is_not_a_factor(notes):
    assert verdicts(notes, r"$$ \text{Hence } \tanh(-u) = -\tanh(u) $$") == ["proved"]


def test_hence_mutant(notes):
    """tanh is odd: tanh(-1/2) = -tanh(1/2) != tanh(1/2)."""
    assert verdicts(notes, r"$$ \text{Hence } \tanh(-u) = \tanh(u) $$") == ["refuted"]


def test_prose_word_is_an_assumption(notes):
    assert assumptions(notes, r"$$ \text{Hence } \tanh(-u) = -\tanh(u) $$") == [
        "'Hence' read as prose, not as a factor"]


# ---------------------------------------------------------------- numbers are examples (mechanism 3)
def test_number_in_later_prose_is_not_in_force_before(notes):
    """d/du u^2 = 2u differs from 3u at u = 1; u = 3 is only stated further down."""
    assert verdicts(notes, r"$$ \frac{d}{du} u^2 = 3u $$") == ["refuted"]


def test_number_in_prose_is_in_force_after(notes):
    """At u = 3: 9 = 9."""
    assert verdicts(notes, r"$$ u^2 = 3u $$") == ["proved"]


def test_number_in_prose_stays_in_its_section(notes):
    """In another section u is free again: u^2 = 9 fails at u = 1."""
    assert verdicts(notes, r"$$ u^2 = 9 $$") == ["refuted"]


# ---------------------------------------------------------------- definitions (mechanism 4)
def test_marked_name_with_its_letter_on_the_right_is_defined(notes):
    assert verdicts(notes, r"$$ v_{\text{next}} + \eta g = v $$") == ["proved"]


def test_true_update_rule_is_listed(notes):
    assert [s.kind for s in notes.skipped_items if s.line == line_of(r"$$ w := w - \eta g $$")] == ["update_rule"]


def test_numeric_equation_is_a_claim(notes):
    """4! = 24."""
    assert verdicts(notes, r"$$ 4! = 25 $$") == ["refuted"]


def test_folded_left_side_is_a_claim_not_a_definition(notes):
    r"""\log(e^u) = u, not 3u (u = 1)."""
    assert verdicts(notes, r"$$ \log(e^u) = 3u $$") == ["refuted"]


def test_folded_identity_is_checked_not_dropped(notes):
    assert verdicts(notes, r"$$ e^{\log x} = x \quad \text{for } x > 0 $$") == ["proved"]


def test_restatement_under_a_new_heading_is_checked(notes):
    """f = x^3 after f = x^2: not an equality (x = 2), so the line is a redefinition or a mistake."""
    assert verdicts(notes, r"$$ f = x^3 $$") == ["undecided"]


def test_restatement_then_replaces_the_definition(notes):
    assert verdicts(notes, r"$$ \frac{df}{dx} = 3x^2 $$") == ["proved"]


def test_json_carries_assumptions_and_readings(notes):
    link = to_json(CheckResult((notes,)))["files"][0]["links"][0]
    assert (link["assumptions"], link["readings"]) == ([r"\text{for } p, q > 0"], [])


# ---------------------------------------------------------------- rows with clauses of their own
CASES = r"$$ \begin{aligned} \frac{d}{dx} |x| &= 1 \quad \text{if } x > 0 \\ &= -1 \quad \text{if } x < 0 \end{aligned} $$"
CASES_MUTANT = r"$$ \begin{aligned} \frac{d}{dx} |x| &= 1 \quad \text{if } x > 0 \\ &= 1 \quad \text{if } x < 0 \end{aligned} $$"


def test_rows_with_their_own_conditions_are_cases(notes):
    """|x|' = 1 for x > 0 and -1 for x < 0: each row against the first side, never 1 = -1."""
    assert verdicts(notes, CASES) == ["proved", "proved"]


def test_each_case_keeps_its_own_condition(notes):
    assert [link.assumptions for link in notes.links if link.line == line_of(CASES)] == [
        (r"\text{if } x > 0",), (r"\text{if } x < 0",)]


def test_a_wrong_case_is_refuted(notes):
    """For x < 0, |x|' = -1, not 1."""
    assert verdicts(notes, CASES_MUTANT) == ["proved", "refuted"]


def test_a_definition_further_down_never_reaches_an_earlier_section(tmp_path):
    """g is defined only in the second section; the first section's line has no g: undecided."""
    path = tmp_path / "forward.md"
    path.write_text("# One\n\n$$ \\frac{dg}{dx} = 2x $$\n\n# Two\n\n$$ g := x^2 $$\n", encoding="utf-8")
    link, = check_paths([str(path)], timeout=10).files[0].links
    assert link.verdict == "undecided"


def test_a_definition_further_down_serves_its_own_section(tmp_path):
    path = tmp_path / "forward.md"
    path.write_text("# One\n\n$$ \\frac{dg}{dx} = 2x $$\n\n$$ g := x^2 $$\n", encoding="utf-8")
    link, = check_paths([str(path)], timeout=10).files[0].links
    assert link.verdict == "proved"


def test_justification_in_words_is_a_comment_that_blocks_nothing(tmp_path):
    """(sin x^2)' = 2x cos x^2, so 2 cos x^2 is wrong at x = 1/2; "by the chain rule" is a comment."""
    path = tmp_path / "by.md"
    path.write_text("$$ \\frac{d}{dx} \\sin(x^2) = 2\\cos(x^2) \\quad \\text{by the chain rule} $$\n", encoding="utf-8")
    link, = check_paths([str(path)], timeout=10).files[0].links
    assert (link.verdict, link.assumptions) == ("refuted", (r"\text{by the chain rule} read as a comment",))


def test_a_definition_is_listed_as_an_equation_with_no_verdict(notes):
    line = line_of(r"$$ v_{\text{next}} := v - \eta g $$")
    assert [s.kind for s in notes.skipped_items if s.line == line] == ["definition"]


def test_every_equals_sign_gets_a_verdict_or_a_listed_reason(notes):
    """Each line of the notes holding '=' in display math has a link or a listed skip."""
    listed = {link.line for link in notes.links} | {s.line for s in notes.skipped_items}
    lines = [k for k, text in enumerate(NOTES.splitlines(), start=1) if text.startswith("$$") and "=" in text]
    assert [k for k in lines if k not in listed] == []


def test_a_condition_on_an_index_keeps_it_whole(checked):
    """x_j + 1 = x_j is false; with j > 0 an index, the counterexample puts j at a whole number."""
    link, = checked("$$ x_j + 1 = x_j \\quad \\text{for } j > 0 $$\n").links
    assert (link.verdict, link.counterexample["j"]) == ("refuted", "1")

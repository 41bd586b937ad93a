"""Names that are matrices (issue 11, mechanism 5): products keep their order.

Expected verdicts by hand: for 2 x 2 matrices AB != BA in general (A = [[0, 1], [0, 0]],
B = [[0, 0], [1, 0]] give AB = diag(1, 0) and BA = diag(0, 1)), (AB)^T = B^T A^T always, and
A(B + C) = AB + AC always.
"""
import pytest

from conftest import link_on
from derivations.notes import check_paths
from derivations.notes.read.declarations import declared_size, is_bold_capital

NOTES = r"""# Declared matrices

Let $A \in \mathbb{R}^{2 \times 2}$ and $B \in \mathbb{R}^{2 \times 2}$, and $x$ a number.

$$ A(Bx) = (BA)x $$

$$ A(Bx) = (AB)x $$

$$ (AB)^T = B^T A^T $$

$$ (AB)^T = A^T B^T $$

# Bold capitals

$$ \mathbf{W}\mathbf{V} = \mathbf{V}\mathbf{W} $$

$$ \mathbf{W}(\mathbf{V} + \mathbf{U}) = \mathbf{W}\mathbf{V} + \mathbf{W}\mathbf{U} $$

$$ (\mathbf{W}\mathbf{V})^T = \mathbf{V}^T \mathbf{W}^T $$

$$ \frac{\partial}{\partial \mathbf{W}} \mathbf{W}\mathbf{V} = \mathbf{V} $$

# Plain names

$$ W_2 A_1 = A_1 W_2 $$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def link_at(result, text: str):
    return link_on(result, NOTES, text)


def test_declared_matrices_do_not_commute(notes):
    assert link_at(notes, r"$$ A(Bx) = (BA)x $$").verdict == "refuted"


def test_associativity_is_proved_in_order(notes):
    assert link_at(notes, r"$$ A(Bx) = (AB)x $$").verdict == "proved"


def test_transpose_of_a_product_at_the_declared_size(notes):
    assert link_at(notes, r"$$ (AB)^T = B^T A^T $$").verdict == "proved"


def test_transpose_in_the_wrong_order_is_refuted(notes):
    assert link_at(notes, r"$$ (AB)^T = A^T B^T $$").verdict == "refuted"


def test_bold_capitals_do_not_commute(notes):
    assert link_at(notes, r"$$ \mathbf{W}\mathbf{V} = \mathbf{V}\mathbf{W} $$").verdict == "refuted"


def test_distributivity_keeps_the_order(notes):
    line = r"$$ \mathbf{W}(\mathbf{V} + \mathbf{U}) = \mathbf{W}\mathbf{V} + \mathbf{W}\mathbf{U} $$"
    assert link_at(notes, line).verdict == "proved"


def test_size_not_declared_is_not_proved_for_every_size(notes):
    """True for every size, but checked only at 2 x 2: undecided, never proved on a sample size."""
    line = r"$$ (\mathbf{W}\mathbf{V})^T = \mathbf{V}^T \mathbf{W}^T $$"
    assert link_at(notes, line).verdict == "undecided"


def test_no_derivative_with_respect_to_a_matrix(notes):
    line = r"$$ \frac{\partial}{\partial \mathbf{W}} \mathbf{W}\mathbf{V} = \mathbf{V} $$"
    assert link_at(notes, line).verdict == "undecided"


def test_plain_names_are_numbers_and_said_so(notes):
    assert link_at(notes, r"$$ W_2 A_1 = A_1 W_2 $$").assumptions == (
        r"A_1, W_2 read as numbers; declare a matrix with \in \mathbb{R}^{m \times n}",)


def test_matrix_reading_is_an_assumption(notes):
    assert link_at(notes, r"$$ A(Bx) = (AB)x $$").assumptions == ("A, B read as matrices (declared)",)


def test_declared_size():
    assert declared_size(r"\mathbb{R}^{2 \times 3}") == (2, 3)


def test_vector_space_is_not_a_matrix_declaration():
    assert declared_size(r"\mathbb{R}^{n \times 1}") is None


def test_bold_lowercase_is_not_a_matrix():
    assert (is_bold_capital(r"\mathbf{W}"), is_bold_capital(r"\mathbf{x}")) == (True, False)


# ---------------------------------------------------------------- vectors: u^T v is a dot product
VECTORS = r"""Let $u, v \in \mathbb{R}^{n}$.

$$ u^T v = v^T u $$

$$ (u^T v)^2 = u^T u \, v^T v $$

$$ \frac{\partial}{\partial u_j} u^T v = v_j $$

$$ \theta^T x = \sum_{i=1}^{n} \theta_i x_i $$
"""


@pytest.fixture(scope="module")
def vectors(tmp_path_factory):
    path = tmp_path_factory.mktemp("vectors") / "notes.md"
    path.write_text(VECTORS, encoding="utf-8")
    return {link.line: link.verdict for link in check_paths([str(path)], timeout=10).files[0].links}


def test_dot_product_commutes(vectors):
    assert vectors[3] == "proved"


def test_cauchy_schwarz_is_not_an_equality(vectors):
    """n = 2, u = (1, 0), v = (0, 1): 0 on the left, 1 on the right."""
    assert vectors[5] == "refuted"


def test_gradient_of_a_dot_product(vectors):
    assert vectors[7] == "proved"


def test_dot_product_is_the_index_sum(vectors):
    assert vectors[9] == "proved"

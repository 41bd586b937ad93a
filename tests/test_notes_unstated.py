"""What the notes rely on without a checkable statement (issue 12): a refutation must not blame it.

- A premise given in the prose *after* the link, in the same section ("since y is one-hot,
  $\\sum_j y_j = 1$"), is a premise like one given before it.
- ``p_i (\\sum_k y_k) - y_i = p_i - y_i`` is true exactly when the targets sum to 1; with nothing
  stated it is undecided, naming the premise, never refuted. Another factor is still refuted.
- A name an unreadable line of the file may define (``\\sigma(\\mathbf{z})_i = ...`` not read) is
  not a free variable to refute with.
Expected verdicts are algebra: the difference of the two sides is p_i (sum_k y_k - 1).
"""
import sympy as sp

from tests.conftest import link_on

AFTER = r"""# Cross-entropy through softmax

$$ p_i\left(\sum_{k=1}^{n} y_k\right) - y_i = p_i - y_i $$

Here $\sum_{k=1}^{n} y_k = 1$, because the targets are one-hot.
"""

UNSTATED = r"""# The same step, no premise

$$ p_i\left(\sum_k y_k\right) - y_i = p_i - y_i $$

$$ p_i\left(\sum_k y_k\right) - y_i = 2 p_i - y_i $$
"""

UNREAD = r"""# A definition the reader cannot read

$$\sigma(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}$$

$$ 2\sigma_i + \sigma_j = \sigma_j + 2\sigma_i $$

$$ \sigma_i \sigma_j = \sigma_j $$
"""


def test_oracle_difference_is_the_total_minus_one():
    p, y1, y2 = sp.symbols("p y1 y2", real=True)
    assert sp.expand(p * (y1 + y2) - y1 - (p - y1)) == sp.expand(p * (y1 + y2 - 1))


def test_premise_after_the_link_proves_it(checked):
    line = r"$$ p_i\left(\sum_{k=1}^{n} y_k\right) - y_i = p_i - y_i $$"
    assert link_on(checked(AFTER, "after.md"), AFTER, line).verdict == "proved"


def test_unstated_total_is_undecided(checked):
    line = r"$$ p_i\left(\sum_k y_k\right) - y_i = p_i - y_i $$"
    assert link_on(checked(UNSTATED, "unstated.md"), UNSTATED, line).verdict == "undecided"


def test_unstated_total_names_the_premise(checked):
    line = r"$$ p_i\left(\sum_k y_k\right) - y_i = p_i - y_i $$"
    assert "= 1" in link_on(checked(UNSTATED, "unstated.md"), UNSTATED, line).message


def test_wrong_factor_is_still_refuted(checked):
    line = r"$$ p_i\left(\sum_k y_k\right) - y_i = 2 p_i - y_i $$"
    assert link_on(checked(UNSTATED, "unstated.md"), UNSTATED, line).verdict == "refuted"


def test_identity_in_a_name_defined_on_an_unread_line_is_proved(checked):
    line = r"$$ 2\sigma_i + \sigma_j = \sigma_j + 2\sigma_i $$"
    assert link_on(checked(UNREAD, "unread.md"), UNREAD, line).verdict == "proved"


def test_name_defined_on_an_unread_line_is_not_refuted(checked):
    line = r"$$ \sigma_i \sigma_j = \sigma_j $$"
    link = link_on(checked(UNREAD, "unread.md"), UNREAD, line)
    assert (link.verdict, "line 3" in link.message) == ("undecided", True)


BECAUSE = r"""# A definition given after because

$$
\begin{aligned}
J(w, b) &= \sum_{i=1}^{N} (z_i - y_i)^2 \quad (\because z_i = w x_i + b) \\
\dfrac{\partial J}{\partial w} &= \sum_{i=1}^{N} 2(z_i - y_i) x_i \\
\dfrac{\partial J}{\partial w} &= \sum_{i=1}^{N} 2(z_i - y_i)
\end{aligned}
$$
"""


def test_because_names_a_definition_that_a_derivative_uses(checked):
    verdicts = [link.verdict for link in checked(BECAUSE, "because.md").links]
    assert verdicts == ["proved", "refuted"]


SUM_NAME = r"""# A sum given a name in the prose

(define $\sum_K = \displaystyle\sum_{j=1}^{K}\exp(\theta_j)$, in this case K = 3)

$$\hat{y}_i = \frac{\exp(\theta_i)}{\sum_K}$$

$$\frac{\partial \hat{y}_i}{\partial \theta_i} = \frac{\exp(\theta_i)\sum_K - \exp(\theta_i)\exp(\theta_i)}{(\sum_K)^2}$$

$$\frac{\partial \hat{y}_i}{\partial \theta_i} = \frac{\exp(\theta_i)\sum_K - \exp(\theta_i)\exp(\theta_i)}{\sum_K}$$
"""


def test_a_sum_named_in_prose_is_a_definition(checked):
    line = r"$$\frac{\partial \hat{y}_i}{\partial \theta_i} = \frac{\exp(\theta_i)\sum_K - \exp(\theta_i)\exp(\theta_i)}{(\sum_K)^2}$$"
    assert link_on(checked(SUM_NAME, "sumname.md"), SUM_NAME, line).verdict == "proved"


def test_a_sum_named_in_prose_mutant_is_refuted(checked):
    line = r"$$\frac{\partial \hat{y}_i}{\partial \theta_i} = \frac{\exp(\theta_i)\sum_K - \exp(\theta_i)\exp(\theta_i)}{\sum_K}$$"
    assert link_on(checked(SUM_NAME, "sumname.md"), SUM_NAME, line).verdict == "refuted"


BECAUSE_FACTS = r"""# Facts and assumptions after because

$$
\begin{aligned}
\ln(0.5) &= 0 - \ln(2)\quad(\because \ln(1) = 0) \\
t_1 t_2 &= t_1 - t_1^2 \quad (\because t_1 + t_2 = 1)
\end{aligned}
$$
"""


def _premise_link(result, lhs: str):
    found, = [link for link in result.links if link.lhs.strip() == lhs]
    return found


def test_a_fact_after_because_is_proved(checked):
    assert _premise_link(checked(BECAUSE_FACTS, "facts.md"), r"\ln(1)").verdict == "proved"


def test_an_assumption_after_because_is_never_refuted(checked):
    link = _premise_link(checked(BECAUSE_FACTS, "facts.md"), "t_1 + t_2")
    assert (link.verdict, "premise" in link.message) == ("undecided", True)


def test_the_link_resting_on_the_assumption_is_proved(checked):
    assert _premise_link(checked(BECAUSE_FACTS, "facts.md"), "t_1 t_2").verdict == "proved"

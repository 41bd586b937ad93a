"""Index inequalities stated in the prose (issue 12): ``when $k \\ne r$`` holds for the later links
of the section that use k and r, until the prose says otherwise (``$k = r$``, ``$\\forall k$``).

The mathematics: with q_k = e^{u_k} / sum_l e^{u_l}, dq_k/du_r = -q_k q_r for k != r, and
q_k (1 - q_k) at k = r, where -q_k q_r = -q_k^2 is false (at u = (0, 0): 1/4 against -1/4).
So the same line is proved right below the prose inequality. Further down, where the section also
has case headings over k and r, whether the inequality still holds the notes do not say: both
readings are checked (a counterexample with k != r refutes under both), and once a ``$k = r$`` or
``$\forall k$`` ends it, the case headings only forbid a refutation.
"""
from tests.conftest import link_on

NOTES = r"""# Entries of a softmax

$$q_k = \frac{e^{u_k}}{\sum_{l=1}^{L} e^{u_l}}$$

## Off the diagonal

When $k \ne r$:

$$\frac{\partial q_k}{\partial u_r} = -q_k q_r$$

$$\frac{\partial q_k}{\partial u_r} = q_k q_r$$

$$\frac{\partial q_k}{\partial u_r} = -q_k \, q_r$$

Then, $\forall k$:

$$\frac{\partial q_k}{\partial u_r} = -q_r q_k$$

## On the diagonal

When $k \ne r$ the entries differ; in the case $k = r$:

$$\frac{\partial q_k}{\partial u_r} = - q_k q_r$$

## No prose

$$\frac{\partial q_k}{\partial u_r} = -q_k \cdot q_r$$
"""


def _link(checked, line: str):
    return link_on(checked(NOTES), NOTES, line)


def test_inequality_in_the_prose_holds_for_the_next_link(checked):
    link = _link(checked, r"$$\frac{\partial q_k}{\partial u_r} = -q_k q_r$$")
    assert link.verdict == "proved" and "k \\ne r" in " ".join(link.assumptions)


def test_wrong_link_under_the_inequality_is_refuted(checked):
    assert _link(checked, r"$$\frac{\partial q_k}{\partial u_r} = q_k q_r$$").verdict == "refuted"


def test_further_down_both_scopes_are_read(checked):
    # true for k != r, false at k = r: whether the prose still holds here the notes do not say
    link = _link(checked, r"$$\frac{\partial q_k}{\partial u_r} = -q_k \, q_r$$")
    assert link.verdict == "undecided" and [r["verdict"] for r in link.readings] == ["proved", "refuted"]


def test_forall_ends_the_inequality(checked):
    # false at k = r; the section's case headings leave open which case the line is for
    link = _link(checked, r"$$\frac{\partial q_k}{\partial u_r} = -q_r q_k$$")
    assert link.verdict == "undecided" and "a case heading" in link.message


def test_equality_after_it_ends_the_inequality(checked):
    link = _link(checked, r"$$\frac{\partial q_k}{\partial u_r} = - q_k q_r$$")
    assert link.verdict == "undecided" and "a case heading" in link.message


def test_inequality_does_not_cross_sections(checked):
    assert _link(checked, r"$$\frac{\partial q_k}{\partial u_r} = -q_k \cdot q_r$$").verdict == "refuted"

"""A chain step whose two sides are written alike (issue 12): notes restate a side to carry a chain
on to the next line (``= -\\sum_j ... \\\\ = -\\sum_j ...``). Such a link is x = x, true whatever
each name means, and is proved before anything is unfolded (unfolding a softmax through its
derivative took seconds, and under load the time limit).

The mathematics: with p_k the softmax of z and any targets t, -sum_k t_k/p_k dp_k/dz_j differs from
-sum_k t_j/p_k dp_k/dz_j as soon as two targets differ (checked below with SymPy for n = 2); 0/0 is
no number, so 0/0 = 0/0 is no identity.
"""
import sympy as sp

from tests.conftest import link_on

CHAIN = r"""# A chain carried on

$$p_k = \frac{e^{z_k}}{\sum_{m=1}^{n} e^{z_m}}$$

$$\frac{\partial L}{\partial z_j} = -\sum_{k=1}^{n} \frac{t_k}{p_k} \frac{\partial p_k}{\partial z_j} = -\sum_{k=1}^{n} \frac{t_k}{p_k} \frac{\partial p_k}{\partial z_j}$$

$$\frac{\partial L}{\partial z_j} = -\sum_{k=1}^{n} \frac{t_k}{p_k} \frac{\partial p_k}{\partial z_j} = -\sum_{k=1}^{n} \frac{t_j}{p_k} \frac{\partial p_k}{\partial z_j}$$

$$\frac{0}{0} = \frac{0}{0}$$

$$c1 u + 2 = c1 u + 2$$

$$U_3 B_1 = B_1 U_3$$
"""

ALIKE = r"$$\frac{\partial L}{\partial z_j} = -\sum_{k=1}^{n} \frac{t_k}{p_k} \frac{\partial p_k}{\partial z_j} = -\sum_{k=1}^{n} \frac{t_k}{p_k} \frac{\partial p_k}{\partial z_j}$$"
CHANGED = r"$$\frac{\partial L}{\partial z_j} = -\sum_{k=1}^{n} \frac{t_k}{p_k} \frac{\partial p_k}{\partial z_j} = -\sum_{k=1}^{n} \frac{t_j}{p_k} \frac{\partial p_k}{\partial z_j}$$"


def _second(result, line_text: str):
    """The second link on the line (the step from one written side to the next)."""
    line = CHAIN.splitlines().index(line_text) + 1
    return [link for link in result.links if link.line == line][1]


def test_oracle_changed_target_differs():
    z1, z2, t1, t2 = sp.symbols("z1 z2 t1 t2", real=True)
    p = [sp.exp(z1) / (sp.exp(z1) + sp.exp(z2)), sp.exp(z2) / (sp.exp(z1) + sp.exp(z2))]
    left = -sum(t / pk * sp.diff(pk, z1) for t, pk in zip((t1, t2), p))
    right = -sum(t1 / pk * sp.diff(pk, z1) for pk in p)
    point = {z1: 0, z2: 1, t1: 1, t2: 0}
    assert abs(sp.N((left - right).subs(point), 50)) > 0.1


def test_sides_written_alike_are_proved(checked):
    assert _second(checked(CHAIN), ALIKE).verdict == "proved"


def test_sides_written_alike_say_so(checked):
    assert "written alike" in _second(checked(CHAIN), ALIKE).message


def test_mutant_changed_target_is_not_proved(checked):
    assert _second(checked(CHAIN), CHANGED).verdict != "proved"


def test_undefined_number_is_no_identity(checked):
    link = link_on(checked(CHAIN), CHAIN, r"$$\frac{0}{0} = \frac{0}{0}$$")
    assert link.verdict != "proved"


def test_alike_under_every_reading(checked):
    link = link_on(checked(CHAIN), CHAIN, r"$$c1 u + 2 = c1 u + 2$$")
    assert link.verdict == "proved" and "2 readings" in link.message


def test_capitals_in_another_order_are_not_alike(checked):
    """U_3 B_1 = B_1 U_3 holds for numbers only (not for matrices): the usual path says so."""
    link = link_on(checked(CHAIN), CHAIN, r"$$U_3 B_1 = B_1 U_3$$")
    assert "written alike" not in link.message and any("read as numbers" in a for a in link.assumptions)

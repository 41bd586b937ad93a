"""A function head whose argument is one example's entry: ``\\text{Let } g(u_i) = ...`` defines g
for example i (its other per-example names, s_i and t_i, go with the same i). ``dg/ds_i`` is the
derivative of that value; g(u_i) inside a sum over i is the same value; g(u_j) is not read (the
definition says nothing about which s and t go with example j), so it stays undecided.

By hand (SymPy agrees, first test): g = ln(1 + e^{-s}) + (1 - t) s has dg/ds = 1 - e^{-s}/(1 + e^{-s})
- t = sigma(s) - t, and with s = c u + d, d/dc g = (sigma(s) - t) u.
"""
import pytest
import sympy as sp

from conftest import verdict_on


NOTES = r"""# One example

$$
\begin{align*}
\text{Let } g(u_i) &= \ln(1 + e^{-s_i}) + (1 - t_i)s_i \\
\dfrac{dg}{ds_i} &= -\frac{e^{-s_i}}{1 + e^{-s_i}} + 1 - t_i \\
&= \sigma(s_i) - t_i \\
\dfrac{dg}{ds_i} &= \sigma(s_i) + t_i
\end{align*}
$$

$$
\frac{d}{dc} g(u_i) = \dfrac{dg}{ds_i} \cdot \dfrac{ds_i}{dc} \quad \because s_i = c\,u_i + d
$$

$$
\frac{d}{dc} g(u_i) = \dfrac{dg}{ds_i}
$$

$$
\frac{d}{dc} \sum_{i=1}^{m} g(u_i) = \sum_{i=1}^{m} (\sigma(s_i) - t_i) u_i
$$

$$
\frac{d}{dc} g(u_j) = (\sigma(s_j) - t_j) u_j
$$
"""


@pytest.fixture(scope="module")
def notes(checked):
    return checked(NOTES)


def test_sympy_agrees_by_hand():
    s, t, c, d, u = sp.symbols("s t c d u", real=True)
    g = sp.log(1 + sp.exp(-s)) + (1 - t) * s
    assert sp.simplify(sp.diff(g, s) - (1 / (1 + sp.exp(-s)) - t)) == 0
    assert sp.simplify(sp.diff(g.subs(s, c * u + d), c) - (1 / (1 + sp.exp(-(c * u + d))) - t) * u) == 0


def test_let_head_defines_g_and_bare_g_is_its_value(notes):
    assert verdict_on(notes, 6) == "proved"


def test_derivative_of_the_value_simplified(notes):
    assert verdict_on(notes, 7) == "proved"


def test_wrong_sign_is_refuted(notes):
    """The mutant: sigma(s) + t differs from sigma(s) - t wherever t != 0."""
    assert verdict_on(notes, 8) == "refuted"


def test_chain_rule_through_the_example_pre_activation(notes):
    assert verdict_on(notes, 13) == "proved"


def test_chain_rule_missing_a_factor_is_refuted(notes):
    """The mutant: drops ds_i/dc = u_i."""
    assert verdict_on(notes, 17) == "refuted"


def test_call_inside_a_sum_over_the_examples(notes):
    assert verdict_on(notes, 21) == "proved"


def test_another_example_is_not_read(notes):
    """g(u_j): whether s_j and t_j go with it is not stated; never a verdict."""
    assert verdict_on(notes, 25) == "undecided"


PARAMETER = r"""# A parameter that is also a name

$$ u = 3 $$

$$ f(u) = u^2 + 1 $$

$$ f(2) = 5 $$

$$ f(2) = 10 $$
"""


def test_a_parameter_is_not_expanded_through_a_name_of_the_file(checked):
    """f(2) = 2^2 + 1 = 5; reading the parameter u as the file's u = 3 refuted it (left 10)."""
    assert verdict_on(checked(PARAMETER), 7) == "proved"


def test_the_value_through_the_files_u_is_refuted(checked):
    """The mutant: 10 is f(3), not f(2)."""
    assert verdict_on(checked(PARAMETER), 9) == "refuted"

"""The parser against ../shared/notes/latex-constructs.md: one row, one meaning, one assertion.

Expected values are built directly with SymPy, never by parsing. Rows that other parsers misread
(the prime of sigma', W^T, log as base 10, a(1-a) as a call, lowercased names, dropped input)
come first.
"""
import pytest
import sympy as sp

from derivations.functions import relu, relu_prime, sigma
from derivations.notes.read.markers import Diff, PrimeAt, Tr
from derivations.notes.read.parse import ParseError, parse_expression as P
from derivations.notes.read.vocab import IdxBase, Names


def R(name):
    return sp.Symbol(name, real=True)


def entry(name, *indices):
    return sp.IndexedBase(IdxBase(name, real=True))[indices]


a, y, z, x, w, b, m, W = map(R, "a y z x w b m W".split())
i, j, k = (sp.Symbol(n, integer=True) for n in "ijk")
n = sp.Symbol("n", integer=True, positive=True)


def refused(text, names=None):
    with pytest.raises(ParseError) as info:
        P(text, names)
    return info.value


# ---------------------------------------------------------------- what other parsers misread
def test_sigma_prime_is_the_derivative_not_sigma():
    assert P(r"\sigma'(z)") == sp.diff(1 / (1 + sp.exp(-z)), z)


def test_sigma_prime_is_never_dropped():
    assert P(r"\sigma'(z)") != sigma(z)


def test_transpose_is_kept():
    assert P("W^T x") == Tr(W) * x


def test_transpose_is_not_dropped():
    assert P("W^T x") != W * x


def test_log_is_natural():
    assert P(r"\log(a)") == sp.log(a)


def test_a_of_one_minus_a_is_a_product():
    assert P("a(1-a)") == a * (1 - a)


def test_e_is_eulers_number():
    assert P("e^{x}") == sp.exp(x)


def test_layer_superscript_is_not_a_square():
    assert P("W^{[2]}") == R("W^{[2]}")


def test_names_keep_their_case():
    assert P("A_2") != P("a_2")


def test_trailing_input_is_kept():
    assert P(r"\frac{1}{n}\sum_{i=1}^{n} x_i") == sp.Sum(entry("x", i), (i, 1, n)) / n


def test_unknown_command_is_refused():
    assert "unknown command" in refused(r"\foo{x}").reason


def test_cases_is_not_a_number():
    assert isinstance(P(r"\begin{cases} 0 & z \le 0 \\ 1 & z > 0 \end{cases}"), sp.Piecewise)


def test_summand_depends_on_the_index():
    assert P(r"\sum_{i=1}^{n} w_i x_i") == sp.Sum(entry("w", i) * entry("x", i), (i, 1, n))


# ---------------------------------------------------------------- must read, with this meaning
def test_fraction_with_product_denominator():
    assert P(r"\frac{a-y}{a(1-a)}") == (a - y) / (a * (1 - a))


def test_declared_function_is_called():
    names = Names(heads={"a": ("t",)})
    assert P("a(1-x)", names) == sp.Function("a", real=True)(1 - x)


def test_sigma_is_the_sigmoid():
    assert P(r"\sigma(z)") == sigma(z)


def test_sigma_prime_superscript():
    assert P(r"\sigma^{\prime}(z)") == P(r"\sigma'(z)")


def test_prime_of_undefined_function_is_kept():
    assert isinstance(P("f'(x)"), PrimeAt)


def test_e_in_sigmoid():
    assert P(r"\frac{1}{1+e^{-z}}") == 1 / (1 + sp.exp(-z))


def test_mathrm_e():
    assert P(r"\mathrm{e}^{x}") == sp.exp(x)


def test_exp_command():
    assert P(r"\exp(x)") == sp.exp(x)


def test_e_minus_one_token():
    assert P("e^-x") == sp.exp(-x)


@pytest.mark.parametrize("text", [r"\ln(a)", r"\ln a", r"\log a", "log(a)"])
def test_logarithm_spellings(text):
    assert P(text) == sp.log(a)


def test_log_base_two():
    assert P(r"\log_2 x") == sp.log(x) / sp.log(2)


@pytest.mark.parametrize("text", [r"\sqrt{x}", r"\sqrt x"])
def test_square_root(text):
    assert P(text) == sp.sqrt(x)


@pytest.mark.parametrize("text, expected", [(r"\sin(x^2)", sp.sin(x ** 2)), (r"\cos x", sp.cos(x)),
                                            (r"\tanh(z)", sp.tanh(z)), ("sin(x)", sp.sin(x)),
                                            ("exp(x)", sp.exp(x))])
def test_elementary_functions(text, expected):
    assert P(text) == expected


def test_power_of_tanh():
    assert P(r"\tanh^2(z)") == sp.tanh(z) ** 2


def test_power_of_sine_without_parentheses():
    assert P(r"\sin^2 x") == sp.sin(x) ** 2


def test_juxtaposition_with_function():
    assert P(r"2x\cos(x^2)") == 2 * x * sp.cos(x ** 2)


def test_juxtaposed_letters():
    assert P("xy") == x * R("y")


@pytest.mark.parametrize("text", [r"x \cdot w", r"x \times w", "x * w"])
def test_multiplication_signs(text):
    assert P(text) == x * w


def test_braced_and_plain_subscript_are_one_name():
    assert P("w_1") == P("w_{1}")


def test_two_digit_subscript():
    assert P("w_{10}") == R("w_10")


def test_letter_subscripts_index_an_entry():
    assert P("w_{jk}") == entry("w", j, k)


def test_greek_with_subscript():
    assert P(r"\delta_1") == R(r"\delta_1")


def test_declared_layer_superscript():
    assert P("z^{L}_j", Names(layers={"L"})) == entry("z^{L}", j)


@pytest.mark.parametrize("text, plain", [(r"\hat{y}", "y"), (r"\hat y", "y"), (r"\bar{x}", "x"),
                                         (r"\tilde{w}", "w"), (r"\mathbf{x}", "x"), (r"\vec{v}", "v"),
                                         (r"\boldsymbol{\theta}", r"\theta")])
def test_decorated_names_are_their_own(text, plain):
    assert P(text) != P(plain)


def test_bold_spellings_are_one_name():
    assert P(r"\boldsymbol{x}") == P(r"\mathbf{x}")


def test_hat_with_and_without_braces():
    assert P(r"\hat y") == P(r"\hat{y}")


@pytest.mark.parametrize("text", ["a^{[1]}", "a^{(L)}"])
def test_layer_indexed_names(text):
    assert isinstance(P(text), sp.Symbol)


def test_letter_superscript_is_a_power():
    assert P("a^{L}") == a ** R("L")


def test_number_superscript_is_a_power():
    assert P("a^2") == a ** 2


@pytest.mark.parametrize("text", ["W^T", "W^{T}", r"W^\top", r"W^{\intercal}"])
def test_transpose_spellings(text):
    assert P(text) == Tr(W)


def test_transpose_of_transpose():
    assert P("(W^T)^T") == W


def test_left_right_grouping():
    assert P(r"\left( x+1 \right)^2") == (x + 1) ** 2


@pytest.mark.parametrize("text", [r"\big( x \big)", r"\Big[ x \Big]"])
def test_sized_brackets(text):
    assert P(text) == x


@pytest.mark.parametrize("text", [r"\max(0, z)", r"\operatorname{ReLU}(z)", r"\mathrm{ReLU}(z)",
                                  r"\text{ReLU}(z)"])
def test_relu_spellings(text):
    assert P(text) == relu(z)


def test_relu_prime_has_the_kink_convention():
    assert P(r"\text{ReLU}'(z)") == relu_prime(z)


@pytest.mark.parametrize("text", ["(z > 0)", "[z > 0]", r"\mathbb{1}[z > 0]", r"\mathbb{1}_{z>0}",
                                  r"1_{\{z>0\}}"])
def test_indicator_spellings(text):
    assert P(text) == sp.Piecewise((1, z > 0), (0, True))


def test_sigmoid_word():
    assert P(r"\text{sigmoid}(z)") == sigma(z)


def test_softmax_is_a_named_function():
    assert P(r"\operatorname{softmax}(z)").func.__name__ == "softmax"


def test_unknown_text_function_is_undefined():
    assert P(r"\text{Act}(z)") == sp.Function("Act", real=True)(z)


def test_sum_without_start_starts_at_one():
    assert P(r"\sum_j x_j") == sp.Sum(entry("x", j), (j, 1, n))


def test_sum_with_limits_command():
    assert P(r"\sum\limits_{j}^{n} x_j") == sp.Sum(entry("x", j), (j, 1, n))


@pytest.mark.parametrize("text", [r"\sum_{j \neq i} x_j", r"\sum_{j!=i} x_j"])
def test_sum_skipping_an_index(text):
    assert P(text) == sp.Sum(entry("x", j), (j, 1, n)) - entry("x", i)


def test_mean_squared_error_whole():
    expected = sp.Sum((entry(r"\hat{y}", i) - entry("y", i)) ** 2, (i, 1, sp.Symbol("m", integer=True,
                                                                                    positive=True)))
    assert P(r"\frac{1}{m}\sum_{i=1}^{m} (\hat{y}_i - y_i)^2") == expected / sp.Symbol("m", integer=True, positive=True)


def test_bmatrix_column():
    assert P(r"\begin{bmatrix} 2x \\ -\sin(y) \end{bmatrix}") == sp.ImmutableMatrix([2 * x, -sp.sin(y)])


@pytest.mark.parametrize("env", ["pmatrix", "matrix"])
def test_other_matrix_environments(env):
    assert P(rf"\begin{{{env}}} 1 & 2 \end{{{env}}}") == sp.ImmutableMatrix([[1, 2]])


def test_matrix_product_and_broadcast():
    text = r"\begin{bmatrix} 5 & 2 \\ 3 & 6 \end{bmatrix}\begin{bmatrix} 10 \\ 20 \end{bmatrix} + 6"
    assert P(text) == sp.ImmutableMatrix([96, 156])


@pytest.mark.parametrize("op", [r"\odot", r"\circ"])
def test_hadamard_product(op):
    text = rf"\begin{{bmatrix}} 1 \\ 2 \end{{bmatrix}} {op} \begin{{bmatrix}} 3 \\ 4 \end{{bmatrix}}"
    assert P(text) == sp.ImmutableMatrix([3, 8])


def test_cases_is_piecewise():
    expected = sp.Piecewise((0, z <= 0), (1, z > 0))
    assert P(r"\begin{cases} 0 & z \le 0 \\ 1 & z > 0 \end{cases}") == expected


def test_derivative_operator():
    assert P(r"\frac{d}{dx}\sin(x^2)") == Diff(sp.sin(x ** 2), x, 1)


def test_partial_operator():
    assert P(r"\frac{\partial}{\partial y}\ln(y^3)") == Diff(sp.log(y ** 3), y, 1)


def test_second_derivative():
    assert P(r"\frac{\partial^2 f}{\partial x^2}") == Diff(R("f"), x, 2)


@pytest.mark.parametrize("text", [r"\frac{\partial J}{\partial a}", r"\frac{dJ}{da}", "dJ/da",
                                  r"\partial J / \partial a"])
def test_derivative_of_a_name(text):
    assert P(text) == Diff(R("J"), a, 1)


def test_derivative_with_subscript_variable():
    assert P(r"\frac{\partial J}{\partial w_1}") == Diff(R("J"), R("w_1"), 1)


def test_product_of_two_derivatives():
    assert P(r"\frac{\partial J}{\partial a}\frac{\partial a}{\partial z}") == Diff(R("J"), a, 1) * Diff(a, z, 1)


def test_nabla_of_a_function_is_the_column_of_partials():
    f = sp.Function("f", real=True)(x, y)
    assert P(r"\nabla f(x, y)") == sp.ImmutableMatrix([Diff(f, x, 1), Diff(f, y, 1)])


def test_nabla_with_respect_to_a_name():
    assert P(r"\nabla_{w} J") == Diff(R("J"), w, 1)


@pytest.mark.parametrize("text", [r"\underbrace{x}_{\text{input}}", r"\overbrace{x}^{\text{in}}",
                                  r"\boxed{x}", r"\cancel{x}", r"\color{red}{x}", r"\textcolor{red}{x}"])
def test_annotations_are_ignored(text):
    assert P(text) == x


@pytest.mark.parametrize("text", [r"\dfrac{1}{2}", r"\tfrac{1}{2}", r"\cfrac{1}{2}", r"\frac12", r"{1 \over 2}"])
def test_fraction_spellings(text):
    assert P(text) == sp.Rational(1, 2)


@pytest.mark.parametrize("text", [r"x \quad", r"x \qquad", r"\, x", r"x \;", r"x \!", "x ~", r"x \tag{3}",
                                  r"x \label{eq}", r"x \nonumber", "x.", "x,"])
def test_layout_is_ignored(text):
    assert P(text) == x


def test_decimals_are_exact():
    assert P(r"0.5 \cdot 2") == 1


def test_decimal_is_one_tenth():
    assert P("0.1") == sp.Rational(1, 10)


@pytest.mark.parametrize("text", [r"\|w\|^2", r"\lVert w \rVert^2"])
def test_squared_norm_of_a_name(text):
    assert P(text) == w ** 2


def test_norm_of_a_vector():
    assert P(r"\left\| \begin{bmatrix} 3 \\ 4 \end{bmatrix} \right\|") == 5


# ---------------------------------------------------------------- must refuse
@pytest.mark.parametrize("text, words", [
    (r"\frac{1}{2", "never closed"), ("x + ", "missing"), (r"\cdots", "ellipsis"), (r"x + \dots", "ellipsis"),
    ("for all x", "word"), (r"\text{hello world}", "prose"), ("W'", "prime"),
    ("x^23", "write ^{23}"), ("a^{ij}", "ambiguous"), (r"\int x", "integrals"),
    ("2 3", "two numbers"), (r"\pm x", "two claims"), (r"[1, 2]", "list"),
])
def test_refused_with_a_reason(text, words):
    assert words in refused(text).reason


def test_refusal_has_the_column():
    assert refused(r"x + \foo{y}").pos == 4


# ---------------------------------------------------------------- hostile
@pytest.mark.parametrize("text", [r"\text{__import__('os').system('ls')}", "__import__('os').system('ls')",
                                  r"\operatorname{__import__}(x)"])
def test_python_code_is_never_run(text):
    refused(text)


@pytest.mark.parametrize("text, words", [
    (r"\frac{1}{0}", "division by zero"), ("2^{2^{2^{2^{2^{100}}}}}", "tower"),
    ("10^{10^{10}}", "too large"), ("9^9^9^9^9", "double superscript"), ("100000000!", "too large"),
    ("(" * 3000 + "x" + ")" * 3000, "nesting"), (r"\sum_i " * 2000 + "x_i", "nesting"),
])
def test_hostile_numbers_are_refused(text, words):
    assert words in refused(text).reason


def test_many_signs_are_read_without_recursion():
    assert P("-" * 3000 + "x") == x


def test_huge_sum_is_left_unevaluated():
    assert isinstance(P(r"\sum_{i=1}^{10^{12}} i^2"), sp.Sum)


def test_binomial_coefficient():
    assert P(r"\binom{5}{2}") == 10


def test_named_partial_over_a_number_is_a_fraction_not_a_derivative():
    names = Names(arbitrary={"J"})
    assert P(r"\frac{\partial_{1} J(w, 1)}{3}", names) == P(r"\partial_{1} J(w, 1)", names) / 3


def test_derivative_variable_in_braces():
    assert P(r"\frac{\partial}{\partial{x}} x^2") == P(r"\frac{\partial}{\partial x} x^2")


def test_semicolon_separates_arguments_of_a_call():
    assert P("f(w, b; x, y)") == P("f(w, b, x, y)")


def test_derivative_of_order_ten():
    """d^10/dx^10 x^10 is a derivative of order 10 (whose value is 10! = 3628800), never 1/x^10."""
    assert P(r"\frac{d^{10}}{dx^{10}} x^{10}") == Diff(P("x^{10}"), P("x"), 10)


def test_derivative_with_a_letter_order_is_refused_not_read_as_a_fraction():
    assert "never read as a variable" in refused(r"\frac{d^{n}}{dx^{n}} x^{n}").reason


def test_over_as_a_derivative():
    assert P(r"{\partial (w^2) \over \partial w}") == P(r"\frac{\partial (w^2)}{\partial w}")


def test_over_as_a_derivative_operator():
    assert P(r"{\partial \over \partial w} w^3") == P(r"\frac{\partial}{\partial w} w^3")


def test_over_as_a_plain_fraction():
    assert P(r"{a \over b}") == P(r"\frac{a}{b}")


def test_written_out_sum_with_dots():
    total = P(r"x_1 + x_2 + \dots + x_n")
    k = total.limits[0][0]
    assert (total.function, str(total.limits[0][1:])) == (P("x_i").base[k], "(1, n)")


def test_written_out_sum_of_products_with_dots():
    total = P(r"w_1 x_1 + \dots + w_n x_n")
    k = total.limits[0][0]
    assert total.function == P("w_i").base[k] * P("x_i").base[k]


def test_dots_between_unrelated_terms_are_refused():
    assert "one pattern" in refused(r"x_1 + \dots + y_n").reason

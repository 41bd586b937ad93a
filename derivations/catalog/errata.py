"""The notes' genuine mathematical mistakes: each claim as written, refuted, and its correction, proved.

An erratum is the author's own mistake, judged from the notes' context; OCR noise, notation and
labels are not (see NOT_ERRATA for the candidates judged so, and why). Each claim is encoded as the
notes write it, and the correction as the mathematics requires; ``check_errata`` runs both through
the same verification core as the derivations. Where the notes' claim is prose, its mathematical
content is encoded (a clamp to [0, 1] for "squishes between 0 and 1").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter

from .calculus import jacobian_of
from .costs import worked_pair
from ..functions import relu, relu_prime, sigma
from .generic import matrix, vector
from ..prove import verify_claim
from ..step import Substitution, _as_sympy

N000, N001, N002, N003, N004 = ("000_5b3326d1c78d59c1.txt", "001_1350167788b7a5e9.txt", "002_7e18bd16d66f5e30.txt",
                                "003_855887773bede445.txt", "004_d835b9d6349844af.txt")


@dataclass(frozen=True)
class Erratum:
    """A mistake of the notes: ``claim_lhs = claim_rhs`` as written, ``correction_lhs = correction_rhs``."""

    source: str
    quote: str
    claim_lhs: Any
    claim_rhs: Any
    correction_lhs: Any
    correction_rhs: Any
    explanation: str
    reparametrise: tuple[Substitution, ...] = ()


x, y, z, w, b, alpha = sp.symbols("x y z w b alpha", real=True)
n = sp.Symbol("n", integer=True, positive=True)  # the batch size (N in the notes; N parses as sympy.N)
i = sp.Symbol("i", integer=True)


def _gradient() -> Erratum:
    f = x**2 + sp.cos(y)
    grad = jacobian_of(sp.Matrix([f]), [x, y]).T
    return Erratum(f"{N001}, 1.5.1", r"\nabla F(x,y) = [2x, -\sin(x)]", grad, sp.Matrix([2 * x, -sp.sin(x)]),
                   grad, sp.Matrix([2 * x, -sp.sin(y)]), "wrong variable: d cos(y)/dy = -sin(y), not -sin(x)")


def _same_input_for_every_example() -> Erratum:
    """001 3.5 treats x^T as shared by all examples; each example i has its own x_i."""
    xs = sp.Matrix(2, 2, lambda r, c: sp.Symbol(f"x_{r + 1}{c + 1}", real=True))  # row i: example i
    w, b, ys = sp.Matrix(sp.symbols("w_1 w_2", real=True)), sp.Symbol("b", real=True), sp.symbols("y_1 y_2", real=True)
    e = [(xs[r, :] * w)[0] + b - ys[r] for r in range(2)]  # both examples active: a_i = z_i
    C = sum(er**2 for er in e) / 4
    grad = jacobian_of(sp.Matrix([C]), list(w)).T
    return Erratum(f"{N001}, 3.5", r"For each training example, X^T is the same but there is a different error, e_i:"
                   r" \frac{1}{m} [e_1 x_1 + e_2 x_1 + \dots e_m x_1; e_1 x_2 + e_2 x_2 + \dots]",
                   grad, (e[0] + e[1]) * xs[0, :].T / 2, grad, (e[0] * xs[0, :].T + e[1] * xs[1, :].T) / 2,
                   "each example has its own input: row j of dC/dw is 1/m sum_i e_i x_ij, not (1/m sum_i e_i) x_j"
                   " (shown for m = 2 active examples, n = 2 inputs)")


def _batch_count() -> Erratum:
    batches = sp.ceiling(sp.Mul(10**6, sp.Pow(120, -1, evaluate=False), evaluate=False), evaluate=False)
    return Erratum(f"{N001}, 3.8", "1,000,000 training examples ... batches of size 120. Then we would get 8,333"
                   " batches (with the last one being partially full)", batches, 8333, batches, 8334,
                   "8,333 full batches hold 999,960 examples; the 40 left over make an 8,334th, partial batch")


def _hidden_layer() -> Erratum:
    W = sp.Matrix(3, 3, lambda r, c: sp.Symbol(f"w_{r + 1}{c + 1}", real=True))
    Xv, B = sp.Matrix(sp.symbols("x_1:4", real=True)), sp.Matrix(sp.symbols("b_1:4", real=True))
    neurons = sp.Matrix([(W[r, :] * Xv)[0] + B[r] for r in range(3)])  # z_j = w_j . x + b_j
    return Erratum(f"{N002}, hidden layer", r"Z_1 = W_{\text{hidden}} \times B_{\text{hidden}}", neurons,
                   sp.MatMul(W, B, evaluate=False), neurons, sp.MatAdd(sp.MatMul(W, Xv, evaluate=False), B, evaluate=False),
                   "the weights multiply the input, and the bias is added: Z1 = W_hidden X + B_hidden (as in the"
                   " note's own Z1 = W1 X + B1)")


def _sigmoid_inner_minus() -> Erratum:
    u = 1 + sp.exp(-z)
    lhs = sp.Derivative(1 / u, z)
    return Erratum(f"{N004}, da/dz", r"\frac{\partial}{\partial z}\left(\frac{1}{1+e^{-z}}\right) \Rightarrow"
                   r" \frac{-1}{(1+e^{-z})^2} (e^{-z})", lhs, sp.Mul(-1 / u**2, sp.exp(-z), evaluate=False),
                   lhs, sp.Mul(-1 / u**2, -sp.exp(-z), evaluate=False),
                   "chain rule: d e^-z/dz = -e^-z; the inner minus is dropped (the next line silently restores the sign)")


def _square() -> Erratum:
    return Erratum(f"{N004}, non-linearity", r"(2x+1)^2 \Rightarrow 4x^2 + 4x + 2", (2 * x + 1) ** 2, 4 * x**2 + 4 * x + 2,
                   (2 * x + 1) ** 2, 4 * x**2 + 4 * x + 1, "wrong arithmetic: the constant term is 1^2 = 1")


def _batch_sum() -> Erratum:
    return Erratum(f"{N004}, update rule", r"w^{new} = w^{old} - \alpha \sum_{i=0}^N \frac{\partial J}{\partial w}",
                   sp.Sum(1, (i, 0, n)), n, sp.Sum(1, (i, 1, n)), n,
                   "off by one: i = 0..N adds N + 1 gradients for a batch of N examples; sum over i = 1..N"
                   " (or 0..N-1). Shown as the number of terms, with n = N")


def _sigmoid_sign() -> Erratum:
    return Erratum(f"{N004}, non-linearity", r"Z = 2x+1 \rightarrow \frac{1}{1+e^{(2x+1)}}", sigma(2 * x + 1),
                   1 / (1 + sp.exp(2 * x + 1)), sigma(2 * x + 1), 1 / (1 + sp.exp(-(2 * x + 1))),
                   "the sigmoid of Z is 1/(1 + e^-Z): the minus in the exponent is missing (the curve drawn is"
                   " sigma(-Z), still non-linear, so the note's point stands)")


def _outer_product_order() -> Erratum:
    row, column = sp.ImmutableMatrix([[0, 1, 2, 3]]), sp.ImmutableMatrix([10, 20, 30, 40])
    table = sp.ImmutableMatrix(4, 4, lambda r, c: (10 * (r + 1)) * c)  # the notes' table, row x_i times [0 1 2 3]
    return Erratum(f"{N002}, outer product", r"[0\ 1\ 2\ 3]_{(1 \times 4)} [10; 20; 30; 40]_{(4 \times 1)}"
                   r" = the 4 x 4 table", sp.MatMul(row, column, evaluate=False), table,
                   sp.MatMul(column, row, evaluate=False), table,
                   "wrong order: (1 x 4)(4 x 1) is the 1 x 1 dot product 200; the 4 x 4 outer-product table is"
                   " (4 x 1)(1 x 4)")


def _relu_condition_outside_the_sum() -> Erratum:
    """001 3.4 writes one on/off condition for the whole sum over examples; each example has its own."""
    data, w12, C, active, pre = worked_pair()
    ys = sp.symbols("y_1 y_2", real=True)
    zs = [(data[r, :] * w12)[0] + b for r in range(2)]
    gradient = sp.ImmutableMatrix([sp.Derivative(C, wk) for wk in w12])
    every_example = ((zs[0] - ys[0]) * data[0, :].T + (zs[1] - ys[1]) * data[1, :].T) / 2
    return Erratum(f"{N001}, 3.4-3.5", r"\frac{\partial \mathcal{L}}{\partial \omega} = \frac{1}{m} \begin{cases} 0 & "
                   r"\text{if } x^{T}w + b \leq 0 \\ \sum_{i} (w^{T}x + b - y)x^{T} & \text{if } x^{T}w + b \geq 0 \end{cases}",
                   gradient, relu_prime(zs[0]) * every_example, gradient, (active[0] * data[0, :].T + active[1] * data[1, :].T) / 2,
                   "the condition differs from example to example: the sum is over ReLU'(z_i) e_i x_i, each example"
                   " switched on or off by its own z_i (shown for the worked pair x_1 = (1, 2), x_2 = (3, -1), one"
                   " condition, example 1's, standing for both)", reparametrise=pre)


def _bias_update_without_the_sum() -> Erratum:
    """004 sums the examples' gradients in the weight update but not in the bias update."""
    xs, ys = sp.symbols("x_1 x_2", real=True), sp.symbols("y_1 y_2", real=True)
    a_ = [sigma(w * xs[r] + b) for r in range(2)]
    J = sum(-(ys[r] * sp.log(a_[r]) + (1 - ys[r]) * sp.log(1 - a_[r])) for r in range(2))
    update = b - alpha * sp.Derivative(J, b)
    return Erratum(f"{N004}, update rule", r"w^{new} = w^{old} - \alpha \sum_{i=0}^N \frac{\partial J}{\partial w}"
                   r" ... b^{new} = b^{old} - \alpha \frac{\partial J}{\partial b}, \frac{\partial J}{\partial b} = \text{error} \cdot 1",
                   update, b - alpha * (a_[0] - ys[0]), update, b - alpha * ((a_[0] - ys[0]) + (a_[1] - ys[1])),
                   "the bias descends the same batch cost sum_i J_i as the weights, so its update sums the examples'"
                   " errors too: b - alpha sum_i (a_i - y_i) (shown for a batch of 2; one example's error alone is the"
                   " gradient of another cost)")


def _j_is_a_node() -> Erratum:
    """000 2.3: "j is total node in layer i"; j indexes one node of layer i (001 2.2: j = node in layer l)."""
    W, a_prev, bias = matrix("w", 2, 3), vector("a", 3), vector("b", 2)  # layer i: 2 nodes, layer i - 1: 3
    z_ = W * a_prev + bias
    inputs = sp.ImmutableMatrix(2, 3, lambda r, c: a_prev[c])
    return Erratum(f"{N000}, 2.3", r"w^{i}_{jk} \text{ where } j \text{ is total node in layer } i",
                   sp.ImmutableMatrix(2, 3, lambda r, c: sp.Derivative(z_[r], W[1, c])), inputs,
                   sp.ImmutableMatrix(2, 3, lambda r, c: sp.Derivative(z_[r], W[r, c])), inputs,
                   "j indexes a node: w_jk joins node k of layer i - 1 to node j of layer i, dz_j/dw_jk = a_k. Read"
                   " as the total (2 nodes here), w_2k would be every node's weights, yet z_1 does not depend on them")


def _each_row_is_exact() -> Erratum:
    """001 3.5: a row of dC/dw is "an approximate derivative ... w.r.t. all weights"; it is exact, for one weight."""
    xs = sp.Matrix(2, 2, lambda r, c: sp.Symbol(f"x_{r + 1}{c + 1}", real=True))  # row i: example i
    ws, ys, s = sp.Matrix(sp.symbols("w_1 w_2", real=True)), sp.symbols("y_1 y_2", real=True), sp.Symbol("s", real=True)
    C = lambda v: sum(((xs[r, :] * v)[0] + b - ys[r]) ** 2 for r in range(2)) / 4  # noqa: E731  (both active)
    e = [(xs[r, :] * ws)[0] + b - ys[r] for r in range(2)]
    row = (e[0] * xs[0, 0] + e[1] * xs[1, 0]) / 2
    return Erratum(f"{N001}, 3.5", "Each row is an approximate derivative of the cost w.r.t. all weights averaged"
                   " (in) over all training example", row,
                   sp.Subs(sp.Derivative(C(ws + s * sp.Matrix([1, 1])), s), s, 0), row, sp.Derivative(C(ws), ws[0]),
                   "row j, 1/m sum_i e_i x_ij, is exactly dC/dw_j, the derivative w.r.t. the one weight w_j (averaged"
                   " over the examples); moving all weights at once gives the sum of the rows (m = 2 active examples)")


def _squish() -> Erratum:
    """003: the activation "squishes" into (0, 1); ReLU, the activation of 001's worked layer, does not."""
    return Erratum(f"{N003}, A (activation function)", "A (activation function) squishes the results of the weights and"
                   " inputs so that the result is a value ranging between 0 and 1",
                   sp.Min(1, sp.Max(0, relu(z))), relu(z), sp.Max(0, relu(z)), relu(z),
                   "clamping to [0, 1] changes ReLU's output (ReLU(2) = 2; 001's worked layer outputs 96 and 156):"
                   " ReLU maps into [0, infinity), only its lower bound holds; the sigmoid does map into (0, 1)"
                   " (derivation activation-range)")


ERRATA: tuple[Erratum, ...] = (
    _gradient(),
    _same_input_for_every_example(),
    _batch_count(),
    _hidden_layer(),
    _sigmoid_inner_minus(),
    _square(),
    _batch_sum(),
    _sigmoid_sign(),
    _outer_product_order(),
    _relu_condition_outside_the_sum(),
    _bias_update_without_the_sum(),
    _j_is_a_node(),
    _each_row_is_exact(),
    _squish(),
)

# Candidates judged to be OCR artefacts, notation, labels or wording, not mathematical mistakes of the author.
NOT_ERRATA: tuple[tuple[str, str, str], ...] = (
    (f"{N001}, 1.5.4", "dF/dg = [[cos(g_1), 0], [0, g_2]]",
     "OCR: the (2, 2) entry of three different matrices reads g_2 (dF/dg, dg/d(x, y) and the product, where"
     " 1/g_2, 3y^2 and 3/y belong); no single slip of the author gives all three"),
    (f"{N001}, 3.4", r"\frac{1}{2m} \sum (Y - a^L) = \frac{1}{2m} \sum V^2",
     "OCR: the square is lost on the left only; the same cost is written with the square in 3.6"),
    (f"{N001}, 3.4", r"-\frac{\partial a^L}{\partial w} = \frac{\partial a}{\partial w}",
     "OCR: the next line carries the minus (dc/dv - da/dw) and the result (w^T x + b - y) x^T has the right sign"),
    (f"{N001}, 3.3-3.6", r"\text{if } w^T x + b \le 0 \text{ ... if } w^T x + b \ge 0",
     "OCR of > as >=: the derivative of ReLU is written with z <= 0 / z > 0 where it is defined"),
    (f"{N004}, dJ/dw", r"\frac{(0-y)}{a(1-a)} \times \frac{(a)(1-a)}{a(1-a)} \times x",
     "OCR: (0 - y) is (a - y) from equation (1), and the repeated a(1 - a) is the cancellation stroke;"
     " the next line gives (a - y) x"),
    (f"{N004}, dJ/da", r"\frac{\partial J}{\partial a} = -(y \log(a) + (1-y)\log(1-a))",
     "OCR: the d/da operator is lost; the next line applies it, -(y d log(a)/da + ...)"),
    (f"{N002}, dC/dB2, dC/dW1", r"\underbrace{(2A_2 - 2Y)}_{\text{delta}}",
     "wording: the same factor is called 'cost derivative' elsewhere in the note; no formula is wrong"),
    (f"{N004}, J", r"\underline{J} = -\frac{1}{2} \left(y_i \log(a_i) + (1-y_i) \log(1-a_i) \right)",
     "a mean over examples, -1/m sum_i (...), with the sum and m lost: the summand carries the example index i,"
     " and the next line, \\frac{\\partial J}{\\partial a} = -(y \\log(a) + (1-y)\\log(1-a)), differentiates one"
     " example's loss, with neither the factor nor the index; (a - y)/(a(1 - a)) is right for it (bce-sigmoid)"),
    (f"{N002}, dC/dW2", r"(A_1) \left(\underbrace{\sigma(x)}_{\text{sigmoid}} \right)"
     r" \left(\underbrace{(1 - \sigma(x))}_{\text{sigmoid prime}} \right)",
     "notation: x is the sigmoid's own argument, written under the label 'sigmoid' as the function sigma(x), not the"
     " network input, which the note writes X (Z_1 = W_1 X + B_1); the next chain, dC/dB_2, writes the same factors"
     " at Z_2: \\sigma(Z_2)(1 - \\sigma(Z_2))"),
    (f"{N002}, dC/dW2, dC/dB2, dC/dW1", r"\underbrace{(1 - \sigma(Z_2))}_{\text{sigmoid prime}}",
     "a label, not an equation: it marks the factor that, times sigma(Z_2) (labelled 'sigmoid'), makes sigmoid prime;"
     " every formula of the chain is right (two-layer proves them), like the 'delta' label below"),
    (f"{N002}, dC/dB1", r"\underbrace{\sigma(Z_2)}_{\text{sigmoid prime}} \underbrace{(1 - \sigma(Z_2))}_{\text{sigmoid}}",
     "labels, not equations: swapped against the three chains above, but the product sigma(Z_2)(1 - sigma(Z_2)) they"
     " mark together is sigmoid prime and the chain dC/dB1 is right (two-layer proves it)"),
    # The written forms decided for issue 13: each reads wrong as written, each is OCR, and the meant claim is proved.
    (f"{N004}, non-linearity", r"\frac{1}{1+e^{(2x+1)}} \Rightarrow linear function",
     "not a claim that the sigmoid is linear: the page argues the opposite, marking Z = 2x + 1 linear and listing"
     " x^2, x^3, x^4 and (2x + 1)^2 as not (002: the activation introduces non-linearity); the words stand in plain"
     " text apart from the formula, a note beside it whose reading (of Z, or with its 'non' lost) the OCR does not"
     " keep. Read as written, sigma(2x + 1) linear, it is false: linear-composition proves sigma'' = 4 sigma"
     " (1 - sigma)(1 - 2 sigma) != 0, and that only linear layers compose into a linear function"),
    (f"{N001}, 1.5.4", r"\frac{\partial F}{\partial x} = \begin{bmatrix} 2x & \cos(g_1) & \cos(g_2) \\ 0 & g_2"
     r" \end{bmatrix}",
     "OCR: the first row has three entries in a two-column matrix ('2x & cos(g_1)' is the one entry 2x cos(g_1)), and"
     " the same line writes that row in x as 2x cos(x^2 + y), cos(x^2 + y): the (1, 2) entry is cos(g_1) = cos(x^2 + y),"
     " as chain-rule-jacobian proves; no slip of the author gives cos(g_2) beside cos(x^2 + y)"),
    (f"{N001}, 3.4", r"\begin{cases} \delta^{T} & \text{if } x^{T}w+b \leq 0\\ -(y-(w^{T}x+b))x^{T} & \text{if }"
     r" x^{T}w+b \leq 0 \end{cases}",
     "OCR repetition (the line before, L505, repeats one term 40 times): one handwritten line read over and over;"
     " copies with one condition for both cases (<= 0 on L511 and L519-L525, >= 0 on L507 and L509) alternate with copies of the"
     " same line written <= 0 / >= 0 (L513-L517), and the result on L527 has <= 0 / >= 0; the cases as meant are"
     " neuron-activation's ReLU' split and mse-weights (the >= overlap itself: see 3.3-3.6 above)"),
    (f"{N001}, 4.2.1", r"\delta_{j} = \frac{\partial C}{\partial a_{j}} \cdot \frac{\partial C}{\partial z_{j}^{L}}",
     "OCR repetition drift: one handwritten line read 27 times (L645-L697); the first 8 copies have the factor"
     " \\frac{\\partial a_j^L}{\\partial z_j^L}, the next 18 \\frac{\\partial C}{\\partial z_j^L}, the last one"
     " \\frac{\\partial C}{\\partial z_j} first as well, a drift no author writes; the page defines delta_j ="
     " dC/dz_j and writes the vector form grad_a C o sigma'(z^L) with da/dz. Read as written, dC/da_j dC/dz_j, it is"
     " false; the meant chain is BP1 (backprop-equations) and node-error"),
    (f"{N004}, dJ/da", r"\frac{\log a}{\frac{1}{a}} = \frac{1}{a} \left(\frac{1}{a} \right) + (1-y)"
     r" \left(\frac{-1}{1-a} \right)",
     "OCR: the line above, -(y d log(a)/da + (1 - y) d log(1 - a)/da), with each derivative replaced by its value:"
     " d log(a)/da with its value 1/a beside it reads as the fraction log a/(1/a), y reads as 1/a, and the leading"
     " minus is lost; the next line, -y/a + (1 - y)/(1 - a), is right (bce-sigmoid steps 1-2)"),
    (f"{N004}, da/dz", r"\frac{\cancel{1+e^{-z}}}{(1+e^{-z})^2} \cdot \frac{-1}{(1+e^{-z})^2} \Rightarrow"
     r" \left(\frac{1}{1+e^{-z}} \right) \cdot \frac{-1}{(1+e^{-z})^2}",
     "OCR: (1 + e^-z - 1)/(1 + e^-z)^2 split into two fractions written side by side, the second carrying its minus"
     " in its numerator, and joined by the OCR with a dot: the difference 1/(1 + e^-z) - 1/(1 + e^-z)^2 is meant, as"
     " the next line factors it, (1/(1 + e^-z))(1 - 1/(1 + e^-z)); read as a product it is false (sigmoid-derivative"
     " steps 4-6 prove the difference)"),
)


class _OneLine(StrPrinter):
    """SymPy's str, with matrices on one line as ``Matrix([[...], ...])``."""

    def _print_MatrixBase(self, expr):
        return f"Matrix({self._print(expr.tolist())})"

    _print_ImmutableDenseMatrix = _print_MutableDenseMatrix = _print_MatrixBase


def _equation(lhs: Any, rhs: Any) -> str:
    """``Eq(lhs, rhs)`` as a SymPy-parsable string."""
    printer = _OneLine()
    return f"Eq({printer.doprint(_as_sympy(lhs))}, {printer.doprint(_as_sympy(rhs))})"


class ErrataRows(list):
    """``check_errata``'s rows: a list of dicts, shown typeset in Jupyter."""

    def _repr_html_(self) -> str:
        from ..html.steps import errata_fragment

        return errata_fragment(self, ERRATA)


def check_errata(timeout: float | None = None, errata: tuple[Erratum, ...] | list[Erratum] = ERRATA) -> ErrataRows:
    """Verify each erratum (all by default): the claim as written (expected refuted) and the correction
    (expected proved)."""
    rows = ErrataRows()
    for erratum in errata:
        claim = verify_claim(erratum.claim_lhs, erratum.claim_rhs, erratum.reparametrise, timeout)
        fix = verify_claim(erratum.correction_lhs, erratum.correction_rhs, erratum.reparametrise, timeout)
        rows.append({"source": erratum.source, "quote": erratum.quote,
                     "claim": _equation(erratum.claim_lhs, erratum.claim_rhs), "claim_verdict": claim.verdict,
                     "counterexample": claim.counterexample,
                     "correction": _equation(erratum.correction_lhs, erratum.correction_rhs),
                     "correction_verdict": fix.verdict, "explanation": erratum.explanation})
    return rows

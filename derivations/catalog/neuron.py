"""Forward propagation and the derivative of one neuron (001, 2.1-2.3 and 3.3; 002; 004).

The neuron z = w.x + b, the layer z = W x + b with w_jk indexing, the notes' worked numbers as exact
arithmetic, a ReLU neuron's derivatives through h = w o x, s = sum(h), z = s + b, and why two linear
layers collapse into one. Index notation proves each identity for any size; explicit entries prove
it for concrete sizes, including non-square layers.
"""
from __future__ import annotations

import sympy as sp

from ..functions import KINK_CONVENTION, relu, relu_prime, sigma
from .generic import RELU, RELU_PRIME, SIGMA
from ..indexed import Jacobian, inside, matrix, off_diagonal, vector
from ..step import Derivation, Step, chain

SOURCE = "001_1350167788b7a5e9.txt"
i, p = sp.symbols("i p", integer=True)
j, k, n, m = sp.symbols("j k n m", integer=True, positive=True)
b, s, z, q = sp.Symbol("b", real=True), sp.Symbol("s", real=True), sp.Symbol("z", real=True), sp.Symbol("q", positive=True)
w, x, bias = (sp.IndexedBase(name, real=True) for name in ("w", "x", "b"))
delta = sp.KroneckerDelta(i, j)
dot = sp.Sum(w[i] * x[i], (i, 1, n))  # w.x for a symbolic length n
RANGE = "1 <= k <= n: n = k + d_n and k = 1 + d_k with d_k, d_n >= 0"


def _M(*rows) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(rows)


def _unevaluated(op, *args):  # kept as written, for display; the proof evaluates it
    return op(*args, evaluate=False)


def neuron() -> Derivation:
    z_n = dot + b
    w3, x3 = vector("w", 3), vector("x", 3)
    gradients = [(vector("w", c), vector("x", c)) for c in (2, 3, 5)]
    return Derivation(
        id="neuron",
        title="The neuron z = w.x + b = sum_i w_i x_i + b, a vector-to-scalar junction: dz/dw = x^T",
        source=f"{SOURCE}, 2.1; 000_5b3326d1c78d59c1.txt, 2.1",
        definitions=((z, z_n),),
        domain=(RANGE,),
        steps=(
            Step(_unevaluated(sp.MatMul, w3.T, x3), _M([sum(a * c for a, c in zip(w3, x3))]),
                 "the dot product w^T x is the sum of w_i x_i (n = 3)", quote="This can also be done by a dot product"),
            Step(sp.Derivative(z_n, w[k]), x[k], "only the term i = k depends on w_k (any n)", assume=inside(k, n)),
            Step(sp.Derivative(z_n, x[k]), w[k], "only the term i = k depends on x_k (any n)", assume=inside(k, n)),
            Step(sp.Derivative(z_n, b), 1, "the sum does not depend on b (any n)"),
            *(Step(Jacobian([(wc.T * xc)[0] + b], wc, "w"), xc.T, f"n = {wc.shape[0]}: dz/dw = x^T, a row",
                   quote="A node is a Vector-to-Scalar Junction" if wc.shape[0] == 2 else None) for wc, xc in gradients),
            Step(Jacobian([(w3.T * x3)[0] + b], x3, "x"), w3.T, "n = 3: dz/dx = w^T, a row"),
        ),
    )


def _layer_jacobians(rows: int, cols: int) -> list[Step]:
    """dz/dx = W, dz/db = I and dz/dW = kron(I, x^T) for an explicit rows x cols layer."""
    Wc, xc, bc = matrix("w", rows, cols), vector("x", cols), vector("b", rows)
    zc = Wc * xc + bc
    shape = f"W {rows}x{cols}"
    return [
        Step(Jacobian(zc, xc, "x"), Wc, f"{shape}: dz/dx = W"),
        Step(Jacobian(zc, bc, "b"), sp.eye(rows), f"{shape}: dz/db = I"),
        Step(Jacobian(zc, list(Wc), "W"), sp.kronecker_product(sp.eye(rows), xc.T),
             f"{shape}, columns w_11, w_12, ... row by row: dz_i/dw_jk = delta_ij x_k, so kron(I, x^T)"),
    ]


def layer() -> Derivation:
    z_i = sp.Sum(w[i, p] * x[p], (p, 1, n)) + bias[i]
    above, below = off_diagonal(i, j)
    W2, a2 = _M([5, 2], [3, 6]), _M(10, 20)
    flat, x4 = sp.ImmutableMatrix(3, 4, sp.symbols("w_1:13", real=True)), vector("x", 4)
    row, column = _M([10, 20, 30, 40]), _M(0, 1, 2, 3)
    terms = [_unevaluated(sp.Mul, a, c) for a, c in zip(row, column)]
    return Derivation(
        id="layer",
        title="A layer z = W x + b, W of shape (nodes in layer l, nodes in layer l-1): dz_i/dw_jk = delta_ij x_k",
        source=f"{SOURCE}, 2.2-2.3; 002_7e18bd16d66f5e30.txt",
        definitions=((sp.Symbol("z_i"), z_i), RELU),
        domain=(RANGE, "i, j index the m nodes of layer l; off the diagonal j = i + 1 + d or i = j + 1 + d"),
        steps=(
            Step(sp.Derivative(z_i, w[j, k]), delta * x[k], "w_jk feeds node j only, from input k (any m, n)",
                 quote="Weights Notation: l = Layer w is going into, j = Node in layer l, K = Node in layer l-1",
                 assume=inside(k, n)),
            Step(sp.Derivative(z_i, w[i, k]), x[k], "j = i: dz_i/dw_ik = x_k", assume=inside(k, n)),
            Step(sp.Derivative(z_i, w[j, k]), 0, "j = i + 1 + d: another row of W, 0", assume=above),
            Step(sp.Derivative(z_i, w[j, k]), 0, "i = j + 1 + d: another row of W, 0", assume=below),
            Step(sp.Derivative(z_i, x[k]), w[i, k], "dz_i/dx_k = w_ik (any m, n)", assume=inside(k, n)),
            Step(sp.Derivative(z_i, bias[j]), delta, "dz_i/db_j = delta_ij (any m)"),
            Step(_unevaluated(sp.MatMul, W2, a2), _M(90, 150), "the worked 2x2 layer: 5*10 + 2*20, 3*10 + 6*20",
                 quote=r"[5 2; 3 6][10; 20] = [90; 150]  (OCR: [5 z \\ 36])"),
            Step(_unevaluated(sp.MatAdd, _M(90, 150), 6 * sp.ones(2, 1)), _M(96, 156),
                 "the scalar bias b = 6 is broadcast to every node", quote=r"[90; 150] + 6 = [96; 156]"),
            Step(_M(relu(96), relu(156)), _M(96, 156), "ReLU keeps positive entries",
                 quote=r"a = \sigma(z) = \sigma([96; 156]) = [96; 156]"),
            Step(_unevaluated(sp.MatMul, flat, x4), _M(*[sum(flat[r, c] * x4[c] for c in range(4)) for r in range(3)]),
                 "3 hidden units, 4 inputs: W (3 x 4) times x (4 x 1) is z (3 x 1)",
                 quote=r"x_1 w_1 + x_2 w_2 + x_3 w_3 + x_4 w_4; x_1 w_5 + ...; x_1 w_9 + ... [3 x 4] (hidden size, input size)"),
            *chain(_unevaluated(sp.Add, *terms), [
                (_unevaluated(sp.Add, 0, 20, 60, 120), "multiply entry by entry", r"0 + 20 + 60 + 120"),
                (_unevaluated(sp.Add, 80, 120), "add the first three", r"80 + 120"),
                (sp.Integer(200), "the dot product [10, 20, 30, 40].[0, 1, 2, 3]", r"200"),
            ]),
            Step(_unevaluated(sp.MatMul, row, column), _M(200), "as matrices, (1 x 4)(4 x 1) is 1 x 1",
                 quote=r"[10, 20, 30, 40]_{(1,4)} [0; 1; 2; 3] \leftarrow [4,1]"),
            Step(_unevaluated(sp.MatMul, row.T, column.T), _M(*[[a * c for c in column] for a in row]),
                 "the outer product: (4 x 1)(1 x 4) is the 4 x 4 table of products",
                 quote="10: 0 10 20 30; 20: 0 20 40 60; 30: 0 30 60 90; 40: 0 40 80 120"),
            *_layer_jacobians(3, 4),
            *_layer_jacobians(2, 5),
        ),
    )


def neuron_activation() -> Derivation:
    z_n = dot + b
    x3, w3, h3 = vector("x", 3), vector("w", 3), vector("h", 3)
    ones = sp.ImmutableMatrix(sp.ones(1, 3))
    positive, negative = ((b, q - dot), *inside(k, n)), ((b, -q - dot), *inside(k, n))
    sizes = [(vector("w", c), vector("x", c), (vector("w", c).T * vector("x", c))[0] + b) for c in (2, 3, 5)]
    return Derivation(
        id="neuron-activation",
        title="A ReLU neuron a = ReLU(sum(w o x) + b): da/dw = da/dz x^T, da/db = da/dz",
        source=f"{SOURCE}, 3.3",
        definitions=((sp.Symbol("h"), "w o x"), (s, "sum(h)"), (z, s + b), (sp.Symbol("a"), relu(z)), RELU, RELU_PRIME),
        domain=(RANGE, "z > 0: b = q - w.x, z < 0: b = -q - w.x, with q > 0"),
        convention=KINK_CONVENTION,
        steps=(
            Step(_unevaluated(sp.MatMul, w3.T, x3), _unevaluated(sp.MatMul, ones, sp.HadamardProduct(w3, x3)),
                 "w^T x = sum(w o x) = 1^T (w o x) (n = 3)", quote=r"a = \sigma(W^T x + b) = \sigma(Sum(W \otimes X) + b)"),
            Step(Jacobian(sp.HadamardProduct(w3, x3).doit(), w3, "w"), sp.diag(*x3), "dh/dw = diag(x) (n = 3)",
                 quote=r"\frac{\partial H}{\partial \omega} = \frac{\partial}{\partial \omega}(w \otimes x) = diag(x_1, \dots, x_n)"),
            Step(sp.Derivative(w[i] * x[i], w[j]), x[i] * delta, "dh_i/dw_j = x_i delta_ij (any n)"),
            Step(Jacobian([sum(h3)], h3, "h"), ones, "ds/dh = 1^T (n = 3)",
                 quote=r"\frac{\partial S}{\partial H} = \frac{\partial}{\partial H} Sum(X \otimes W) = 1^T"),
            Step(_unevaluated(sp.MatMul, ones, sp.diag(*x3)), x3.T, "1^T diag(x) = x^T (n = 3)",
                 quote=r"note: 1^T \cdot diag(X_1 \dots X_n) = X^T"),
            Step(sp.Sum(x[i] * sp.KroneckerDelta(i, k), (i, 1, n)), x[k], "1^T diag(x) = x^T: entry k (any n)",
                 assume=inside(k, n)),
            Step(sp.Derivative(s + b, s), 1, "dz/ds = 1", quote=r"\frac{\partial Z}{\partial S} = \frac{\partial}{\partial S}(S(H) + b) = 1"),
            *chain(Jacobian([(w3.T * x3)[0] + b], w3, "w"), [
                (_unevaluated(sp.MatMul, ones, sp.diag(*x3)), "chain rule dz/ds ds/dh dh/dw = 1 1^T diag(x) (n = 3)"),
                (x3.T, "so dz/dw = x^T", r"\frac{\partial a}{\partial w} = \frac{\partial a}{\partial z} \cdot 1 \cdot x^T"),
            ]),
            Step(sp.Derivative(relu(z), z), relu_prime(z), "ReLU' is 1 for z > 0 and 0 for z < 0 (0 at z = 0 by convention)",
                 quote=r"\frac{\partial a}{\partial z} = 0 if z \leq 0, 1 if z > 0"),
            Step(sp.Derivative(relu(z_n), w[k]), relu_prime(z_n) * x[k], "da/dw_k = ReLU'(z) x_k (any n)",
                 quote=r"\frac{\partial a}{\partial w} = \frac{\partial a}{\partial z} x^T", assume=inside(k, n)),
            Step(sp.Derivative(relu(z_n), w[k]), x[k], "where z > 0: x_k", assume=positive,
                 quote=r"x^T if w^T x + b \geq 0  (the other case has \leq 0: they overlap at z = 0)"),
            Step(sp.Derivative(relu(z_n), w[k]), 0, "where z < 0: 0", assume=negative, quote=r"0^T if w^T x + b \leq 0"),
            Step(sp.Derivative(relu(z_n), b), relu_prime(z_n), "da/db = da/dz dz/db = da/dz (any n)",
                 quote=r"\frac{\partial a}{\partial b} = \frac{\partial a}{\partial z} \cdot 1 = \frac{\partial a}{\partial z}"),
            *(Step(Jacobian([relu(zc)], wc, "w"), _unevaluated(sp.MatMul, _M([relu_prime(zc)]), xc.T),
                   f"n = {wc.shape[0]}: da/dw = da/dz x^T (1 x 1 times 1 x {wc.shape[0]}), a row") for wc, xc, zc in sizes),
            Step(Jacobian([relu(sizes[1][2])], [b], "b"), _M([relu_prime(sizes[1][2])]), "n = 3: da/db = ReLU'(z)"),
        ),
    )


def _collapse(hidden: int, inputs: int, outputs: int) -> Step:
    """W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2) for explicit shapes."""
    W1, W2 = matrix("u", hidden, inputs), matrix("v", outputs, hidden)
    xc, b1, b2 = vector("x", inputs), vector("c", hidden), vector("d", outputs)
    M, A = sp.MatMul, sp.MatAdd
    return Step(_unevaluated(A, _unevaluated(M, W2, _unevaluated(A, _unevaluated(M, W1, xc), b1)), b2),
                _unevaluated(A, _unevaluated(M, W2 * W1, xc), W2 * b1 + b2), f"{inputs} inputs, {hidden} hidden, {outputs} outputs: one linear layer, entrywise")


def linear_composition() -> Derivation:
    W1, W2, b1, b2 = (sp.IndexedBase(name, real=True) for name in ("W1", "W2", "b1", "b2"))
    inner = sp.Sum(W1[j, k] * x[k], (k, 1, n))
    z2 = sp.Sum(W2[i, j] * (inner + b1[j]), (j, 1, m)) + b2[i]
    bias2 = sp.Sum(W2[i, j] * b1[j], (j, 1, m)) + b2[i]
    X, a = sp.Symbol("x", real=True), sp.symbols("a_1 a_2 c_1 c_2", real=True)
    u = 2 * X + 1
    r, gap = sp.Symbol("r", integer=True, positive=True), sp.Symbol("t", integer=True, nonnegative=True)  # r = 2 + t
    return Derivation(
        id="linear-composition",
        title="Two linear layers collapse into one: W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)",
        source="004_d835b9d6349844af.txt, end (why a non-linearity is needed)",
        definitions=((sp.Symbol("z2_i"), z2), SIGMA),
        domain=("i: outputs, j: the m hidden nodes, k and p: the n inputs; 1 <= p <= n as n = p + d_n, p = 1 + d_p",
                "x real; a power r >= 2 as r = 2 + t with t >= 0 an integer"),
        steps=(
            Step(z2, sp.Sum(W2[i, j] * inner, (j, 1, m)) + bias2, "distribute W2 over W1 x + b1 (any sizes)"),
            Step(z2, sp.Sum(sp.Sum(W2[i, j] * W1[j, k], (j, 1, m)) * x[k], (k, 1, n)) + bias2,
                 "exchange the two finite sums: z2_i = sum_k (W2 W1)_ik x_k + (W2 b1 + b2)_i, one linear layer "
                 "(any sizes)"),
            Step(sp.Derivative(z2, x[p]), sp.Sum(W2[i, j] * W1[j, p], (j, 1, m)),
                 "its Jacobian is W2 W1: dz2_i/dx_p = sum_j W2_ij W1_jp (any sizes)", assume=inside(p, n)),
            Step(sp.Derivative(z2, x[p], x[k]), 0, "no second derivatives: z2 is affine in x, with Jacobian W2 W1 and "
                 "constant W2 b1 + b2, as is the layer (W2 W1) x + (W2 b1 + b2) (derivation layer, dz_i/dx_k = w_ik)"),
            _collapse(3, 2, 2),
            _collapse(2, 3, 1),
            Step(a[1] * (a[0] * X + a[2]) + a[3], (a[1] * a[0]) * X + (a[1] * a[2] + a[3]),
                 "the 1 x 1 case: a composition of linear maps of x is linear"),
            Step(sp.Derivative(u, X, 2), 0, "Z = 2x + 1 is linear: no curvature", quote=r"Z = 2x+1 \rightarrow linear"),
            Step(sp.Derivative(u**2, X, 2), 8, "its square is not: curvature 8", quote=r"x^r \rightarrow x^2, x^3, x^4"),
            Step(sp.Derivative(X**3, X, 2), 6 * X, "x^3: the second derivative 6x is not identically 0",
                 quote=r"\underline{x^3}"),
            Step(sp.Derivative(X**4, X, 2), 12 * X**2, "x^4: 12 x^2, not identically 0", quote=r"x^4"),
            Step(sp.Derivative(X**r, X, 2), r * (r - 1) * X**(r - 2), "any power r >= 2 (r = 2 + t): the second"
                 " derivative is r(r - 1) x^(r - 2)", quote=r"x^r", assume=((r, 2 + gap),)),
            Step(r * (r - 1), (gap + 2) * (gap + 1), "its value at x = 1, r(r - 1) = (t + 2)(t + 1), is > 0 (t >= 0):"
                 " no x^r with r >= 2 is linear", assume=((r, 2 + gap),),
                 quote=r"x^r \rightarrow \underline{x^2}, \underline{x^3}, x^4"),
            Step(sp.Derivative(sigma(u), X, 2), 4 * sigma(u) * (1 - sigma(u)) * (1 - 2 * sigma(u)),
                 "nor is the sigmoid of it: sigma'' = 4 sigma (1 - sigma)(1 - 2 sigma), not identically 0",
                 quote=r"\frac{1}{1+e^{(2x+1)}}  (as written; the sigmoid of 2x + 1 is 1/(1 + e^{-(2x+1)}))"),
            Step(u**2, 4 * X**2 + 4 * X + 1, "(2x + 1)^2 = 4x^2 + 2(2x)(1) + 1^2",
                 quote=r"(2x+1)^2 \Rightarrow 4x^2 + 4x + 2  (see errata: the constant is 1)"),
        ),
    )


DERIVATIONS = (neuron, layer, neuron_activation, linear_composition)

"""Whole layers: the chain through a layer and what it costs (001 after 3.8, 000 3.9), the error of
a node (001 4.1), and the nudge passed back to the previous layer (003).

The activation phi and the costs are generic (see generic.py), so each proof covers every choice.
The chain is proved at concrete sizes (a 2-3-2 network); its cost is counted for symbolic widths
n_1, n_2, n_3, where a count is a finite sum of ones and the proof evaluates it.
"""
from __future__ import annotations

import sympy as sp

from ..functions import sigma
from .generic import PHI, SIGMA, cost, named_function, d, generic, grad, in_order, matrix, phi, phi_prime, shown, vector
from ..step import Derivation, Step

OUTLINE, NOTES, INTUITION = "000_5b3326d1c78d59c1.txt", "001_1350167788b7a5e9.txt", "003_855887773bede445.txt"
n1, n2, n3 = sp.symbols("n_1 n_2 n_3", integer=True, positive=True)
r, j, k = sp.symbols("r j k", integer=True, positive=True)
L2 = cost("L", 2)


def _network():
    """a^1 (2 entries) -> a^2 = phi(W^2 a^1 + b^2) (3) -> a^3 = phi(W^3 a^2 + b^3) (2) -> L(a^3)."""
    a1, W2, b2, W3, b3 = vector("a^1", 2), matrix("w^2", 3, 2), vector("b^2", 3), matrix("w^3", 2, 3), vector("b^3", 2)
    z2 = W2 * a1 + b2
    z3 = W3 * z2.applyfunc(phi) + b3
    return a1, W2, W3, z2, z3


def _entries(*ranges) -> sp.Sum:
    """The number of entries of an array indexed by ``ranges``: a sum of ones."""
    return sp.Sum(1, *ranges)


def layer_chain() -> Derivation:
    a1, W2, W3, z2, z3 = _network()
    a3 = z3.applyfunc(phi)
    weights = list(W2)  # w^2_11, w^2_12, w^2_21, ...: the 6 weights of layer 2, row by row
    dL_da3 = sp.ImmutableMatrix([[L2.partial(1)(*a3), L2.partial(2)(*a3)]])
    da3_da2 = sp.ImmutableMatrix(2, 3, lambda q, c: phi_prime(z3[q]) * W3[q, c])
    da2_dw2 = sp.ImmutableMatrix(3, 6, lambda q, c: phi_prime(z2[q]) * a1[c % 2] if c // 2 == q else 0)
    delta3 = grad(L2, a3).multiply_elementwise(z3.applyfunc(phi_prime))
    delta2 = (W3.T * delta3).multiply_elementwise(z2.applyfunc(phi_prime))
    full = _entries((r, 1, n3)) + _entries((r, 1, n3), (j, 1, n2)) + _entries((r, 1, n2), (j, 1, n2), (k, 1, n1))
    kept = _entries((r, 1, n3)) + _entries((r, 1, n2)) + _entries((j, 1, n2), (k, 1, n1))
    return Derivation(
        id="layer-chain",
        title="The chain through a whole layer, dL/dw^2 = dL/da^3 da^3/da^2 da^2/dw^2, and why backprop avoids it",
        source=f"{NOTES}, after 3.8 (dL/dw_2 = dL/da^3 da^3/da^2 da^2/dw_2); {OUTLINE}, 3.9",
        definitions=(("z^l", "W^l a^(l-1) + b^l"), ("a^l", "phi(z^l)"), ("L", "L(a^3), any cost"),
                     ("delta^l", "dL/dz^l: delta^3 = grad L o phi'(z^3), delta^2 = ((W^3)^T delta^3) o phi'(z^2)"),
                     *PHI, named_function("L", "")[1]),
        domain=("phi and L generic, with named derivatives phi', d_k L",
                "steps 1-3: widths n_1 = 2, n_2 = 3, n_3 = 2, the weights w^2 listed row by row;"
                " steps 4-8: any widths n_1, n_2, n_3 >= 1"),
        steps=(
            Step(sp.ImmutableMatrix([[sp.Derivative(L2(*a3), wv) for wv in weights]]),
                 sp.MatMul(dL_da3, da3_da2, da2_dw2, evaluate=False),
                 "2-3-2: the product of the three full Jacobians (1 x 2)(2 x 3)(3 x 6) is the gradient",
                 quote=r"\frac{\partial \mathcal{L}}{\partial \omega_{2}} = \frac{\partial \mathcal{L}}{\partial \alpha^{3}}"
                       r" \frac{\partial \alpha^{3}}{\partial \alpha^{2}} \frac{\partial \alpha^{2}}{\partial \omega_{2}}"),
            Step(sp.ImmutableMatrix(3, 6, lambda q, c: sp.Derivative(phi(z2[q]), weights[c])), da2_dw2,
                 "da^2/dw^2 is 3 x 6 but mostly zero: a^2_r depends on w^2_jk only when r = j"),
            Step(d(L2(*a3), W2), delta2 * a1.T,
                 "what backprop computes instead: dL/dW^2 = delta^2 (a^1)^T, no Jacobian formed",
                 quote="This is quite difficult to calculate every thing ... Back propagation"),
            Step(_entries((r, 1, n3), (j, 1, n2)), n2 * n3, "any widths: da^3/da^2 has n_3 n_2 entries"),
            Step(_entries((r, 1, n2), (j, 1, n2), (k, 1, n1)), n1 * n2**2,
                 "da^2/dw^2 has n_2 rows and n_2 n_1 columns, one per weight: n_1 n_2^2 entries"),
            Step(_entries((r, 1, n2), (j, 1, n2), (k, 1, n1)) - _entries((j, 1, n2), (k, 1, n1)), n1 * n2 * (n2 - 1),
                 "all but the n_2 n_1 entries with r = j are zero: n_1 n_2 (n_2 - 1) stored zeros"),
            Step(_entries((r, 1, n2), (j, 1, n2), (k, 1, n1)) / _entries((j, 1, n2), (k, 1, n1)), n2,
                 "da^2/dw^2 alone holds n_2 times as many entries as the gradient dL/dW^2 it helps produce"),
            Step(full - kept, n2 * (n3 - 1) + n1 * n2 * (n2 - 1),
                 "the three full Jacobians hold n_3 + n_3 n_2 + n_1 n_2^2 entries; backprop keeps delta^3, delta^2"
                 " and dL/dW^2, n_3 + n_2 + n_1 n_2: never fewer, a sum of nonnegative terms"),
        ),
    )


C3 = cost("C", 3)
Delta = sp.Symbol("Delta", real=True)
NODE = r"We want to examine how the cost changes when we add a [\Delta] ... to the z ... Z_2 + \Delta"


def _nudged(f, zs, node: int):
    """d/dDelta f(..., z_node + Delta, ...) at Delta = 0."""
    moved = [zv + Delta if q == node else zv for q, zv in enumerate(zs)]
    return sp.Subs(sp.Derivative(f(*moved), Delta), Delta, 0)


def node_error() -> Derivation:
    zs, ys = sp.symbols("z_1:4", real=True), sp.symbols("y_1:3", real=True)
    on_a = lambda *u: C3(*[phi(q) for q in u])  # noqa: E731  (C as a function of z, through a = phi(z))
    mse = lambda *u: ((sigma(u[0]) - ys[0]) ** 2 + (sigma(u[1]) - ys[1]) ** 2) / 2  # noqa: E731
    return Derivation(
        id="node-error",
        title="The error of a node: adding Delta to z_j changes C at the rate delta_j = dC/dz_j",
        source=f"{NOTES}, 4.1 (the error of a node)",
        definitions=(("delta_j", "dC/dz_j"), ("a_j", "phi(z_j)"), *PHI, *named_function("C", "any differentiable cost"), SIGMA),
        domain=("C and phi generic, with named partials d_k C and phi'; z_j, y_j, Delta real",),
        steps=(
            Step(_nudged(C3, zs, 1), C3.partial(2)(*zs), "the rate of change of C as z_2 moves by Delta, at Delta = 0,"
                 " is dC/dz_2 = delta_2", quote=NODE),
            Step(_nudged(on_a, zs, 1), C3.partial(2)(*[phi(q) for q in zs]) * phi_prime(zs[1]),
                 "through the activation: delta_2 = dC/da_2 phi'(z_2)",
                 quote=r"a'_{z} = \sigma(W x + b + \Delta)"),
            Step(_nudged(C3, [phi(q) for q in zs], 1), C3.partial(2)(*[phi(q) for q in zs]),
                 "adding Delta after the activation instead gives dC/da_2: it lacks the factor phi'(z_2)",
                 quote="We would actually be adding the value to the z (before it goes through the activation function"),
            Step(_nudged(mse, zs[:2], 1), (sigma(zs[1]) - ys[1]) * sigma(zs[1]) * (1 - sigma(zs[1])),
                 "for C = 1/2 sum (sigma(z_j) - y_j)^2: delta_2 = (a_2 - y_2) sigma(z_2)(1 - sigma(z_2))",
                 quote=r"S_{j} = \frac{\partial c}{\partial z_{j}^{l}}"),
        ),
    )


# ---------------------------------------------------------------- the nudge to the previous layer

_u = sp.symbols("u_1:3")
ell = generic("ell_nudge", 2, sp.Lambda(_u, (_u[0] - _u[1]) ** 2 + _u[0] ** 3 / 7), "ℓ", r"\ell")
q, s = sp.symbols("q s", integer=True, positive=True)
m0, m1 = sp.symbols("m_0 m_1", integer=True, positive=True)  # widths of layers L-1 and L
dk, d0 = sp.symbols("d_k d_0", integer=True, nonnegative=True)
w, a, b, y = (sp.IndexedBase(name, real=True) for name in ("w", "a", "b", "y"))
IN_RANGE = ((m0, k + d0), (k, 1 + dk))  # 1 <= k <= m_0
C2 = cost("C", 2)  # the cost of the 3 -> 2 layer, any function of a^L


def z(node: sp.Expr) -> sp.Expr:
    """z^L_node = sum_s w_node,s a_s + b_node, a = a^(L-1) of m_0 entries."""
    return sp.Sum(w[node, s] * a[s], (s, 1, m0)) + b[node]


def nudges() -> Derivation:
    C = sp.Sum(ell(phi(z(q)), y[q]), (q, 1, m1))
    delta = ell.partial(1)(phi(z(q)), y[q]) * phi_prime(z(q))
    aL1, W, bL = vector("a^1", 3), matrix("w^2", 2, 3), vector("b^2", 2)
    zL = W * aL1 + bL
    deltaL = grad(C2, zL.applyfunc(phi)).multiply_elementwise(zL.applyfunc(phi_prime))
    return Derivation(
        id="nudges",
        title="The nudges passed back: dC/da^(L-1) = (W^L)^T delta^L",
        source=f"{INTUITION}, backpropagation intuition and process",
        definitions=(("z^L", "W^L a^(L-1) + b^L"), ("delta^L_q", "dC/dz^L_q = dC/da^L_q phi'(z^L_q)"),
                     ("C", "sum_q ell(a^L_q, y_q) for symbolic widths; C(a^L) for the 3 -> 2 layer"),
                     *PHI, named_function("C", "")[1], named_function("ell", "")[1]),
        domain=("phi, ell, C generic, with named derivatives",
                "symbolic widths m_0 (layer L-1), m_1 (layer L); 1 <= k <= m_0: m_0 = k + d_0, k = 1 + d_k, d >= 0"),
        steps=(
            Step(sp.Derivative(z(j), a[k]), w[j, k], "one neuron's nudge to a^(L-1)_k is scaled by its weight w_jk",
                 quote="Note the actual influence the previous neuron has depends on the weight", assume=IN_RANGE),
            Step(sp.Derivative(shown("C", C), a[k]), sp.Sum(w[q, k] * delta, (q, 1, m1)),
                 "any widths: dC/da^(L-1)_k = sum_q w_qk delta_q, the desires of every neuron of layer L added",
                 quote="In a full network, the desires of every other neuron is added as well", assume=IN_RANGE),
            Step(d(C2(*zL.applyfunc(phi)), aL1), W.T * deltaL,
                 "a 3 -> 2 layer in matrix form: dC/da^(L-1) = (W^L)^T delta^L",
                 quote="This gives a list of nudges that you want to happen to that layer and so on"),
        ),
    )


# ---------------------------------------------------------------- the bias as an extra unit (003)

BIAS = ("B (bias) ... is added before squishing with an activation function and can be thought of as an"
        " additional neuron added to each layer")


def _augmented(rows: int, cols: int) -> tuple[sp.Matrix, sp.Matrix, sp.Matrix, sp.Matrix, sp.Matrix]:
    """W, a, b of a rows x cols layer, and [W | b], [a; 1]: the bias as the weight of a unit fixed at 1."""
    W, a_, b_ = matrix("w", rows, cols), vector("a", cols), vector("b", rows)
    return W, a_, b_, W.row_join(b_), a_.col_join(sp.Matrix([1]))


def bias_unit() -> Derivation:
    W, a_, b_, Wb, a1 = _augmented(2, 3)
    zs = [shown(f"z_{q + 1}", e) for q, e in enumerate(Wb * a1)]  # = (W a + b)_q, shown by name
    delta = sp.Matrix([shown(f"delta_{q + 1}", C2.partial(q + 1)(*zs)) for q in range(2)])
    W32, a32, b32, Wb32, a132 = _augmented(3, 2)
    n, unit = sp.Symbol("n", integer=True, positive=True), sp.Symbol("p", integer=True, positive=True)
    extra = ((unit, n + 1),)  # unit p = n + 1, the extra one
    nodes = [sp.Sum(w[q, k] * a[k], (k, 1, n + 1)) for q in (j, 1, 2)]  # node q: n inputs and the extra unit
    return Derivation(
        id="bias-unit",
        title="The bias is the weight of an extra unit whose activation is 1: W a + b = [W | b][a; 1], dC/db_j = delta_j 1",
        source=f"{INTUITION}, B (bias) (L7)",
        definitions=(("z", "W a + b = [W | b][a; 1], z_j its entries"),
                     ("[W | b], [a; 1]", "W with b as an extra column, a with an extra entry 1"),
                     ("z_j (any n)", "sum_(k=1)^(n + 1) w_jk a_k, unit p = n + 1 the extra one: w_jp = b_j, a_p = 1"),
                     ("delta_j", "dC/dz_j"), named_function("C", "any cost of the layer's output")[0],
                     named_function("C", "")[1]),
        domain=("C generic, with named partials d_k C", "steps 1, 5, 6: 3 inputs and 2 nodes; step 2: 2 inputs, 3 nodes;"
                " steps 3-4: any number n of inputs, the extra unit p = n + 1"),
        steps=(
            Step(sp.MatAdd(sp.MatMul(W, a_, evaluate=False), b_, evaluate=False), sp.MatMul(Wb, a1, evaluate=False),
                 "3 inputs, 2 nodes: adding b is multiplying by b a fourth unit whose activation is 1", quote=BIAS),
            Step(sp.MatAdd(sp.MatMul(W32, a32, evaluate=False), b32, evaluate=False),
                 sp.MatMul(Wb32, a132, evaluate=False), "2 inputs, 3 nodes: the same, with a third unit",
                 quote="This is usually handeled through matrix algebra"),
            Step(sp.Derivative(nodes[0], w[j, unit]), a[unit],
                 "any n: the extra unit p = n + 1 feeds node j through w_jp = b_j, times its activation a_p = 1",
                 assume=extra),
            Step(sp.Derivative(C2(*nodes[1:]), w[1, unit]), C2.partial(1)(*nodes[1:]) * a[unit],
                 "any n, two nodes: dC/dw_1p = delta_1 a_p, BP4 at the extra unit; with a_p = 1, dC/db_1 = delta_1",
                 assume=extra),
            Step(d(C2(*zs), Wb), delta * a1.T,
                 "BP4 on the augmented layer: dC/dw_jk = delta_j a_k for all four units; the last column, the"
                 " bias's, is delta_j times the extra unit's activation 1"),
            Step(d(C2(*zs), b_), sp.Matrix([in_order(delta[q], 1) for q in range(2)]),
                 "so dC/db_j = delta_j 1 = delta_j (BP3): the bias gradient is BP4 at the unit fixed at 1",
                 quote="can be thought of as an additional neuron added to each layer"),
        ),
    )


DERIVATIONS = (layer_chain, node_error, nudges, bias_unit)

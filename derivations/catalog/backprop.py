"""Backpropagation (001 4.1-4.2, 003) and the two-layer network of 002, proved against the network.

The four equations are proved for a generic activation phi and a generic cost (see generic.py), so
one proof covers sigmoid, tanh, ReLU away from its kink, MSE and cross-entropy. One network, 2-3-2,
in three forms: each layer on its own (the cost above it is any function of z^(l+1), so the step
holds at a layer of a network of any depth), the whole network differentiated directly, and the
same depth-2 network with symbolic widths in index notation.
"""
from __future__ import annotations

import sympy as sp

from ..functions import KINK_CONVENTION, relu, relu_prime, sigma
from .generic import (PHI, RELU, RELU_PRIME, SIGMA, SumInOrder, cost, d, generic, grad, in_order, matrix, named_function,
                      phi, phi_prime, shown, vector)
from ..step import Derivation, Step

SOURCE = "001_1350167788b7a5e9.txt"
TWO_LAYER = "002_7e18bd16d66f5e30.txt"
_u = sp.symbols("u_1:3")


# ---------------------------------------------------------------- the four equations, any depth

def _named(name: str, column: sp.Matrix) -> sp.Matrix:
    """Each entry shown as name_j (e.g. z^3_1), so a step reads like the notes."""
    return sp.Matrix([shown(f"{name}_{j + 1}", e) for j, e in enumerate(column)])


C2, C3 = cost("C", 2), cost("C", 3)
# One network throughout (issue 13): x in R^2 -> z^1, a^1 in R^3 -> z^2, a^2 in R^2.
X_IN, W1_NET, B1_NET = vector("x", 2), matrix("w^1", 3, 2), vector("b^1", 3)
A1_NET, W2_NET, B2_NET = vector("a^1", 3), matrix("w^2", 2, 3), vector("b^2", 2)


def _local_equations() -> list[Step]:
    """BP1-BP4 at each layer of the 2-3-2 network, the cost above a layer a generic function.

    Whatever the layers above compute, C depends on z^l only through z^{l+1} = W^{l+1} phi(z^l) +
    b^{l+1}; a generic C(z^{l+1}) therefore covers every depth. Layer 2's input a^1 is a vector of
    its own here; the composed steps below put a^1 = phi(z^1).
    """
    z2, z1 = vector("z^2", 2), vector("z^1", 3)
    z2_of_z1 = _named("z^2", W2_NET * z1.applyfunc(phi) + B2_NET)
    z2_of_a1 = _named("z^2", W2_NET * A1_NET + B2_NET)
    z1_of_x = _named("z^1", W1_NET * X_IN + B1_NET)
    return [
        Step(d(C2(*z2.applyfunc(phi)), z2), grad(C2, z2.applyfunc(phi)).multiply_elementwise(z2.applyfunc(phi_prime)),
             "BP1 (output layer 2): delta^2_j = dC/dz^2_j = dC/da^2_j phi'(z^2_j), since z^2_j reaches C only through a^2_j",
             quote=r"\delta_j = \frac{\partial C}{\partial a_j} \cdot \frac{\partial a_j^L}{\partial z_j^L};"
                   r" S^L = \nabla_{a^L} C \odot \sigma'(Z^L)", label="BP1"),
        Step(d(C2(*z2_of_z1), z1), (W2_NET.T * grad(C2, z2_of_z1)).multiply_elementwise(z1.applyfunc(phi_prime)),
             "BP2 (layer 1, W^2 of shape 2 x 3): delta^1 = ((W^2)^T delta^2) o phi'(z^1), C any function of z^2",
             label="BP2"),
        Step(d(C2(*z2_of_a1), B2_NET), grad(C2, z2_of_a1), "BP3 (layer 2): dC/db^2_j = dC/dz^2_j = delta^2_j",
             quote=r"S_{j} = \frac{\partial c}{\partial z_{j}^{l}}  (4.1, the error of a node)", label="BP3"),
        Step(d(C2(*z2_of_a1), W2_NET), grad(C2, z2_of_a1) * A1_NET.T,
             "BP4 (layer 2): dC/dw^2_jk = delta^2_j a^1_k, the outer product delta^2 (a^1)^T", label="BP4"),
        Step(d(C3(*z1_of_x), B1_NET), grad(C3, z1_of_x), "BP3 (layer 1): dC/db^1_j = dC/dz^1_j = delta^1_j",
             label="BP3"),
        Step(d(C3(*z1_of_x), W1_NET), grad(C3, z1_of_x) * X_IN.T,
             "BP4 (layer 1, W^1 of shape 3 x 2): dC/dw^1_jk = delta^1_j x_k, the outer product delta^1 x^T", label="BP4"),
    ]


def _network_equations() -> list[Step]:
    """BP1-BP4 composed and checked against the direct derivative of a whole 2-3-2 network."""
    x, W1, b1, W2, b2 = X_IN, W1_NET, B1_NET, W2_NET, B2_NET
    z1 = W1 * x + b1
    a1 = z1.applyfunc(phi)
    z2 = W2 * a1 + b2
    a2 = z2.applyfunc(phi)
    C = shown("C", C2(*a2))
    delta2 = grad(C2, a2).multiply_elementwise(z2.applyfunc(phi_prime))
    delta1 = (W2.T * delta2).multiply_elementwise(z1.applyfunc(phi_prime))
    d2, d1, a1s = _named("delta^2", delta2), _named("delta^1", delta1), _named("a^1", a1)
    return [
        Step(d(C, b2), d2, "2-3-2 net, BP1 + BP3: dC/db^2 = delta^2 = grad_a C o phi'(z^2)"),
        Step(d(C, W2), d2 * a1s.T, "2-3-2 net, BP4: dC/dW^2 = delta^2 (a^1)^T, a 2 x 3 matrix"),
        Step(d(C, b1), d1, "2-3-2 net, BP2 + BP3: dC/db^1 = delta^1 = ((W^2)^T delta^2) o phi'(z^1)"),
        Step(d(C, W1), d1 * x.T, "2-3-2 net, BP4: dC/dW^1 = delta^1 x^T, a 3 x 2 matrix"),
    ]


# ---------------------------------------------------------------- symbolic widths (index notation)

ell = generic("ell", 2, sp.Lambda(_u[:2], (_u[0] - _u[1]) ** 2 + _u[0] ** 3 / 7), "ℓ", r"\ell")
j, k = sp.symbols("j k", integer=True, positive=True)
_p, _q, _r = sp.symbols("p q r", integer=True, positive=True)
n0, n1, n2 = sp.symbols("n_0 n_1 n_2", integer=True, positive=True)
dj, dk, d0, d1 = sp.symbols("d_j d_k d_0 d_1", integer=True, nonnegative=True)
RANGE = {j: ((n1, j + d1), (j, 1 + dj)), k: ((n0, k + d0), (k, 1 + dk))}  # 1 <= j <= n_1, 1 <= k <= n_0
x, y, b1, b2 = (sp.IndexedBase(s, real=True) for s in ("x", "y", "b^1", "b^2"))
W1, W2 = sp.IndexedBase("w^1", real=True), sp.IndexedBase("w^2", real=True)


def z1(s: sp.Expr) -> sp.Expr:
    """z^1_s = sum_r w^1_sr x_r + b^1_s."""
    return sp.Sum(W1[s, _r] * x[_r], (_r, 1, n0)) + b1[s]


def z2(s: sp.Expr) -> sp.Expr:
    """z^2_s = sum_p w^2_sp phi(z^1_p) + b^2_s."""
    return sp.Sum(W2[s, _p] * phi(z1(_p)), (_p, 1, n1)) + b2[s]


def delta2(s: sp.Expr) -> sp.Expr:
    """BP1 for the separable cost: delta^2_s = ell'(a^2_s, y_s) phi'(z^2_s)."""
    return ell.partial(1)(phi(z2(s)), y[s]) * phi_prime(z2(s))


C_indexed = sp.Sum(ell(phi(z2(_q)), y[_q]), (_q, 1, n2))


def _indexed_equations() -> list[Step]:
    """BP1-BP4 for a network of depth 2 with symbolic widths n_0-n_1-n_2 and cost sum_q ell(a^2_q, y_q).

    The cost is a sum of per-output losses (MSE and cross-entropy are); the widths are symbols, so
    this is the dimension-free statement. Depth stays fixed: induction on L is beyond SymPy.
    """
    delta1 = sp.Sum(W2[_q, j] * delta2(_q), (_q, 1, n2)) * phi_prime(z1(j))
    C, d1j = shown("C", C_indexed), shown("delta^1_j", delta1, "δ¹ⱼ")
    return [
        Step(sp.Derivative(C, b1[j]), d1j,
             "any widths, BP1-BP3: dC/db^1_j = delta^1_j = (sum_q w^2_qj delta^2_q) phi'(z^1_j),"
             " with delta^2_q = ell'(a^2_q, y_q) phi'(z^2_q)", assume=RANGE[j]),
        Step(sp.Derivative(C, W1[j, k]), d1j * x[k], "any widths, BP4: dC/dw^1_jk = delta^1_j x_k",
             assume=RANGE[j] + RANGE[k], label="BP4"),
    ]


def backprop_equations() -> Derivation:
    return Derivation(
        id="backprop-equations",
        title="The four equations of backpropagation: delta = dC/dz, BP1-BP4",
        source=f"{SOURCE}, 4.1-4.2; 003_855887773bede445.txt, backpropagation",
        definitions=(("z^l", "W^l a^(l-1) + b^l"), ("a^l", "phi(z^l), a^0 = x"), ("delta^l_j", "dC/dz^l_j"),
                     ("C", "C(a^L), or sum_q ell(a^2_q, y_q) for symbolic widths"), *PHI, named_function("C", "")[1]),
        domain=("phi, C, ell: generic differentiable functions with named derivatives phi', d_k C, d_1 ell",
                "one network throughout: x (2 inputs) -> z^1, a^1 (3 hidden) -> z^2, a^2 (2 outputs);"
                " steps 1-6: each layer on its own, C any function of the layer above, so they hold at every"
                " layer of a network of any depth; steps 7-10: the whole network composed;"
                " steps 11-12: the same network with symbolic widths n_0, n_1, n_2 (here 2, 3, 2)",
                "1 <= j <= n_1, 1 <= k <= n_0: n_1 = j + d_1, j = 1 + d_j, n_0 = k + d_0, k = 1 + d_k, all d >= 0"),
        steps=(*_local_equations(), *_network_equations(), *_indexed_equations()),
    )


# ---------------------------------------------------------------- the two-layer network of 002

def _two_layer_scalar() -> list[Step]:
    """002's chains for one input, one hidden unit, one output, as the notes write them.

    First each local derivative as a step of its own (a local variable such as A2 in dC/dA2 is a
    plain symbol there), then each chain: the product of the local derivatives in the notes' order
    (kept in that order by ``in_order``), then the collapse into delta2 = dC/dZ2 and delta1 = dC/dZ1.
    """
    X, Y, W1, B1, W2, B2 = sp.symbols("X Y W_1 B_1 W_2 B_2", real=True)
    a2, z2, a1, z1 = sp.symbols("A_2 Z_2 A_1 Z_1", real=True)  # the local variables, one layer at a time
    Z1 = shown("Z_1", W1 * X + B1)
    A1 = shown("A_1", relu(Z1))
    Z2 = shown("Z_2", W2 * A1 + B2)
    A2 = shown("A_2", sigma(Z2))
    C = shown("C", (A2 - Y) ** 2)
    sigmoid_prime, cost_derivative = in_order(sigma(Z2), 1 - sigma(Z2)), SumInOrder(2 * A2, -2 * Y)
    delta2 = shown("delta_2", in_order(sigmoid_prime, cost_derivative), "δ₂")
    delta1 = shown("delta_1", in_order(relu_prime(Z1), W2, delta2), "δ₁")
    return [
        # the local derivatives, in the order the chains use them
        Step(sp.Derivative((a2 - Y) ** 2, a2), SumInOrder(2 * a2, -2 * Y), "dC/dA2: the cost derivative",
             quote=r"\underbrace{(2A_2 - 2Y)}_{\text{cost derivative}}"),
        Step(sp.Derivative(sigma(z2), z2), in_order(sigma(z2), 1 - sigma(z2)),
             "dA2/dZ2: sigmoid prime is the product sigma (1 - sigma)",
             quote=r"\underbrace{\sigma(Z_2)}_{\text{sigmoid}} \underbrace{(1 - \sigma(Z_2))}_{\text{sigmoid prime}}"
                   " (the label belongs to the product; see errata)"),
        Step(sp.Derivative(Z2, W2), A1, "dZ2/dW2 = A1: Z2 = W2 A1 + B2 is linear in W2"),
        Step(sp.Derivative(Z2, B2), 1, "dZ2/dB2 = 1"),
        Step(sp.Derivative(W2 * a1 + B2, a1), W2, "dZ2/dA1 = W2"),
        Step(sp.Derivative(relu(z1), z1), relu_prime(z1), "dA1/dZ1 = ReLU'(Z1) = (Z1 > 0), the ReLU indicator",
             quote=r"\underbrace{(Z_1 > 0)}"),
        Step(sp.Derivative(Z1, W1), X, "dZ1/dW1 = X: Z1 = W1 X + B1 is linear in W1"),
        Step(sp.Derivative(Z1, B1), 1, "dZ1/dB1 = 1"),
        # the chains: the local derivatives multiplied in the notes' order
        Step(sp.Derivative(C, W2), in_order(A1, sigmoid_prime, cost_derivative), "dC/dW2 = dZ2/dW2 dA2/dZ2 dC/dA2",
             quote=r"(A_1) (\sigma(x)) ((1 - \sigma(x))) (2A_2 - 2Y)  (sigma(Z_2), not sigma(x); see errata)"),
        Step(sp.Derivative(C, B2), in_order(1, sigmoid_prime, cost_derivative), "dC/dB2 = dZ2/dB2 dA2/dZ2 dC/dA2",
             quote=r"(1) \times \sigma(Z_2)(1 - \sigma(Z_2))(2A_2 - 2Y)"),
        Step(sp.Derivative(C, W1), in_order(X, relu_prime(Z1), W2, sigmoid_prime, cost_derivative),
             "dC/dW1 = dZ1/dW1 dA1/dZ1 dZ2/dA1 dA2/dZ2 dC/dA2, proved on each side of the kink",
             quote=r"(X) (Z_1 > 0) \cdot W_2 \cdot \sigma(Z_2)(1 - \sigma(Z_2)) \cdot (2A_2 - 2Y)"),
        Step(sp.Derivative(C, B1), in_order(1, relu_prime(Z1), W2, sigmoid_prime, cost_derivative),
             "dC/dB1 = dZ1/dB1 dA1/dZ1 dZ2/dA1 dA2/dZ2 dC/dA2",
             quote=r"(1) (Z_1 > 0) \cdot W_2 \cdot \sigma(Z_2)(1 - \sigma(Z_2)) \cdot (2A_2 - 2Y)"
                   "  (the labels sigmoid / sigmoid prime are swapped here; see errata)"),
        # the collapse: the common tail of the chains is the error of a node, delta = dC/dZ
        Step(sp.Derivative(SumInOrder(sigma(z2), -Y) ** 2, z2), in_order(sigma(z2), 1 - sigma(z2), SumInOrder(2 * sigma(z2), -2 * Y)),
             "collapse: delta2 = dC/dZ2 = dA2/dZ2 dC/dA2 (A2 = sigma(Z2)), the tail of every chain",
             quote=r"\underbrace{(2A_2 - 2Y)}_{\text{delta}}"),
        Step(sp.Derivative(C, W2), in_order(A1, delta2), "collapse: dC/dW2 = A1 delta2"),
        Step(sp.Derivative(C, B2), delta2, "collapse: dC/dB2 = delta2"),
        Step(sp.Derivative(C, W1), in_order(X, delta1), "collapse: dC/dW1 = X delta1, delta1 = ReLU'(Z1) W2 delta2"),
        Step(sp.Derivative(C, B1), delta1, "collapse: dC/dB1 = delta1"),
    ]


def _two_layer_matrix() -> list[Step]:
    """The same network with 3 inputs, 2 hidden units, 1 output: W1 is (hidden size, input size).

    In matrix form the scalar chain's factors reorder: dC/dW1 = ((W2^T delta2) o (Z1 > 0)) X^T.
    """
    X, B1, B2 = vector("x", 3), vector("b^1", 2), vector("b^2", 1)
    W1, W2, Y = matrix("w^1", 2, 3), matrix("w^2", 1, 2), sp.Symbol("y", real=True)
    Z1 = _named("z^1", W1 * X + B1)
    A1 = _named("a^1", Z1.applyfunc(relu))
    Z2 = shown("z^2", (W2 * A1 + B2)[0])
    A2 = shown("a^2", sigma(Z2))
    C = shown("C", (A2 - Y) ** 2)
    delta2 = sp.Matrix([shown("delta^2", (2 * A2 - 2 * Y) * sigma(Z2) * (1 - sigma(Z2)))])
    delta1 = (W2.T * delta2).multiply_elementwise(Z1.applyfunc(relu_prime))
    return [
        Step(d(C, W2), delta2 * A1.T, "matrix form, 3-2-1: dC/dW2 = delta2 A1^T with delta2 = (2A2 - 2Y) sigma'(Z2)"),
        Step(d(C, B1), delta1, "matrix form: dC/dB1 = (W2^T delta2) o (Z1 > 0), four sign regions of Z1"),
        Step(d(C, W1), delta1 * X.T, "matrix form: dC/dW1 = ((W2^T delta2) o (Z1 > 0)) X^T, of shape (hidden, input)",
             quote=r"(\text{hidden size}, \text{input size})"),
    ]


def two_layer() -> Derivation:
    return Derivation(
        id="two-layer",
        title="Two-layer network (ReLU hidden, sigmoid output, C = (A2 - Y)^2): dC/dW2, dC/dB2, dC/dW1, dC/dB1",
        source=f"{TWO_LAYER}, chain rule",
        definitions=(("Z1", "W1 X + B1"), ("A1", "ReLU(Z1)"), ("Z2", "W2 A1 + B2"), ("A2", "sigma(Z2)"),
                     ("C", "(A2 - Y)^2"), ("delta2", "dC/dZ2 = sigma(Z2)(1 - sigma(Z2))(2 A2 - 2Y)"),
                     ("delta1", "dC/dZ1 = ReLU'(Z1) W2 delta2"),
                     SIGMA, RELU, RELU_PRIME, ("z^1, a^1, z^2, a^2", "Z1, A1, Z2, A2 of the 3-2-1 network (matrix form)")),
        domain=("all symbols real; every ReLU kink Z1 = 0 is split into Z1 > 0 and Z1 < 0, each proved",),
        convention=KINK_CONVENTION,
        steps=(*_two_layer_scalar(), *_two_layer_matrix()),
    )


DERIVATIONS = (backprop_equations, two_layer)

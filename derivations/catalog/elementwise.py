"""Derivatives of a neuron's vector operations (001, 3.2): element-wise ops, Hadamard, scalar expansion, sum.

Every identity twice: in index notation for a symbolic length n (v[i], KroneckerDelta, Sum, with
index ranges reparametrised), and entrywise for concrete lengths (Jacobian of explicit vectors).
"""
from __future__ import annotations

import sympy as sp

from ..indexed import Jacobian, inside, off_diagonal, vector
from ..step import Derivation, Step

SOURCE = "001_1350167788b7a5e9.txt"
i = sp.Symbol("i", integer=True)
j, n = sp.symbols("j n", integer=True, positive=True)
x = sp.Symbol("x", real=True)
v, w = sp.IndexedBase("v", real=True), sp.IndexedBase("w", real=True)
delta = sp.KroneckerDelta(i, j)
f = sp.Function("f")  # any binary element-wise operation
OPS = (  # (symbol, operation, d/da, d/db) for a op b
    ("+", lambda a, b: a + b, lambda a, b: 1, lambda a, b: 1),
    ("-", lambda a, b: a - b, lambda a, b: 1, lambda a, b: -1),
    ("*", lambda a, b: a * b, lambda a, b: b, lambda a, b: a),
    ("/", lambda a, b: a / b, lambda a, b: 1 / b, lambda a, b: -a / b**2),
)
RANGE = "1 <= j <= n: n = j + d_n and j = 1 + d_j with d_j, d_n >= 0"


def _diag(entries) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(sp.diag(*entries))


def _op_steps(symbol, op, d_a, d_b) -> list[Step]:
    """d(v op w)_i/dv_j and /dw_j for any n, then both Jacobians for n = 3."""
    F = op(v[i], w[i])
    v3, w3 = vector("v", 3), vector("w", 3)
    F3 = [op(a, b) for a, b in zip(v3, w3)]
    return [
        Step(sp.ImmutableMatrix([[sp.Derivative(F, v[j]), sp.Derivative(F, w[j])]]),
             sp.ImmutableMatrix([[delta * d_a(v[i], w[i]), delta * d_b(v[i], w[i])]]),
             f"v {symbol} w, any n: (d/dv_j, d/dw_j) of entry i vanish unless i = j", label=f"{symbol}, any n"),
        Step(Jacobian(F3, v3, "v"), _diag(d_a(a, b) for a, b in zip(v3, w3)),
             f"v {symbol} w, n = 3: the Jacobian w.r.t. v is diagonal"),
        Step(Jacobian(F3, w3, "w"), _diag(d_b(a, b) for a, b in zip(v3, w3)),
             f"v {symbol} w, n = 3: the Jacobian w.r.t. w is diagonal"),
    ]


def elementwise_jacobian() -> Derivation:
    F = f(v[i], w[i])
    above, below = off_diagonal(i, j)
    v2, w2, v5, w5 = vector("v", 2), vector("w", 2), vector("v", 5), vector("w", 5)
    return Derivation(
        id="elementwise-jacobian",
        title="The Jacobian of a binary element-wise operation is diagonal (+, -, *, / w.r.t. each operand; < is 0)",
        source=f"{SOURCE}, 3.2.1",
        definitions=((sp.Symbol("F_i"), F), ("[v_i < w_i]", "1 if v_i < w_i, 0 otherwise: the comparison '<'")),
        domain=("f is any differentiable binary operation applied entry by entry: F_i = f(v_i, w_i)",
                "i, j are indices of the same symbolic length n; off the diagonal j = i + 1 + d or i = j + 1 + d"),
        steps=(
            Step(sp.Derivative(F, v[j]), delta * sp.Derivative(F, v[i]),
                 "F_i depends on v_i only, so dF_i/dv_j = 0 unless i = j (any op, any n)",
                 quote=r"\frac{\partial}{\partial v_j}(f_i(\vec v) \circ g_i(\vec w)) = 0 where i \neq j"),
            Step(sp.Derivative(F, v[j]), 0, "above the diagonal (j = i + 1 + d): 0", assume=above),
            Step(sp.Derivative(F, v[j]), 0, "below the diagonal (i = j + 1 + d): 0", assume=below),
            Step(sp.Derivative(F, w[j]), delta * sp.Derivative(F, w[i]), "the same w.r.t. w",
                 quote=r"\frac{\partial F}{\partial \vec w} = diag(\frac{\partial}{\partial w_1} v_1 \circ w_1, "
                       r"\dots, \frac{\partial}{\partial w_n} v_n \circ w_n)"),
            Step(Jacobian([f(a, b) for a, b in zip(v2, w2)], v2, "v"),
                 _diag(sp.Derivative(f(a, b), a) for a, b in zip(v2, w2)), "any op, n = 2: diagonal",
                 quote=r"\frac{\partial F}{\partial V} = diag(\frac{\partial}{\partial V_1} V_1 \circ W_1, "
                       r"\dots, \frac{\partial}{\partial V_n} V_n \circ W_n)"),
            Step(Jacobian([f(a, b) for a, b in zip(v5, w5)], w5, "w"),
                 _diag(sp.Derivative(f(a, b), b) for a, b in zip(v5, w5)), "any op, n = 5: diagonal",
                 quote="So for all elementwise functions, the jacobian will be diagonal."),
            *(step for op in OPS for step in _op_steps(*op)),
            *_comparison_steps(),
        ),
    )


def _less_than(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """[a < b]: 1 where a < b, else 0, the binary output of the comparison '<'."""
    return sp.Piecewise((1, a < b), (0, True))


def _comparison_steps() -> list[Step]:
    """v < w, the one op of 3.2.1's list that is not differentiable: flat away from ties, no derivative at one."""
    v3, w3 = vector("v", 3), vector("w", 3)
    F3 = [_less_than(a, b) for a, b in zip(v3, w3)]
    return [
        Step(sp.Derivative(_less_than(v3[0], w3[0]), v3[0]), 0,
             "v < w: F_i = [v_i < w_i] is 0 or 1, constant on each side of the tie v_i = w_i, where it jumps and has"
             " no derivative", quote="can even be a comparison (e.g. '<') where a vector of binary elements is outputted"),
        Step(Jacobian(F3, v3, "v"), sp.zeros(3, 3), "v < w, n = 3: the Jacobian w.r.t. v is the zero matrix (diagonal"
             " too), wherever no v_i = w_i"),
        Step(Jacobian(F3, w3, "w"), sp.zeros(3, 3), "and w.r.t. w: no gradient flows through a comparison"),
    ]


def hadamard() -> Derivation:
    above, below = off_diagonal(i, j)
    sizes = [(vector("v", k), vector("w", k)) for k in (2, 3, 5)]
    v3, w3 = sizes[1]
    return Derivation(
        id="hadamard",
        title="Derivative of a Hadamard product: d(v o w)/dv = diag(w), d(v o w)/dw = diag(v)",
        source=f"{SOURCE}, 3.2.2",
        definitions=((sp.Symbol("h_i"), v[i] * w[i]),),
        domain=("i, j are indices of the same symbolic length n; off the diagonal j = i + 1 + d or i = j + 1 + d",),
        steps=(
            Step(sp.HadamardProduct(v3, w3), sp.Matrix([a * b for a, b in zip(v3, w3)]),
                 "the Hadamard product multiplies entry by entry (n = 3)",
                 quote=r"[f_1(v) \otimes g_1(w), \dots] = [V_1 \otimes W_1, \dots] = \vec V \otimes \vec w"),
            Step(sp.Derivative(v[i] * w[i], v[j]), w[i] * delta, "any n: d(v_i w_i)/dv_j = w_i delta_ij"),
            Step(sp.Derivative(v[i] * w[i], v[i]), w[i], "on the diagonal (j = i): w_i",
                 quote=r"\frac{\partial F_n}{\partial V_n}(V_n \otimes W_n) = W_n"),
            Step(sp.Derivative(v[i] * w[i], v[j]), 0, "above the diagonal (j = i + 1 + d): 0", assume=above),
            Step(sp.Derivative(v[i] * w[i], v[j]), 0, "below the diagonal (i = j + 1 + d): 0", assume=below),
            Step(sp.Derivative(v[i] * w[i], w[j]), v[i] * delta, "any n: d(v_i w_i)/dw_j = v_i delta_ij"),
            *(Step(Jacobian(sp.HadamardProduct(a, b).doit(), a, "v"), _diag(b),
                   f"n = {a.shape[0]}: d(v o w)/dv = diag(w)",
                   quote=r"\frac{\partial F}{\partial V} = diag(\omega_1, \dots, \omega_n)" if a.shape[0] == 2 else None)
              for a, b in sizes),
            *(Step(Jacobian(sp.HadamardProduct(a, b).doit(), b, "w"), _diag(a),
                   f"n = {a.shape[0]}: d(v o w)/dw = diag(v)") for a, b in sizes),
        ),
    )


def _expansion_steps(symbol, op, d_v, d_x, sizes) -> list[Step]:
    """v op x1 for a scalar x: any n in index notation, then the Jacobians for concrete n."""
    F = op(v[i], x)
    steps = [Step(sp.ImmutableMatrix([[sp.Derivative(F, v[j]), sp.Derivative(F, x)]]),
                  sp.ImmutableMatrix([[delta * d_v(v[i], x), d_x(v[i], x)]]),
                  f"v {symbol} x1, any n: d/dv_j is diagonal, d/dx is entry i of a column",
                  label=f"{symbol}, any n")]
    for k in sizes:
        vk = vector("v", k)
        Fk = [op(a, x) for a in vk]
        steps += [Step(Jacobian(Fk, vk, "v"), _diag(d_v(a, x) for a in vk), f"v {symbol} x1, n = {k}: w.r.t. v"),
                  Step(Jacobian(Fk, [x], "x"), sp.Matrix([d_x(a, x) for a in vk]),
                       f"v {symbol} x1, n = {k}: w.r.t. the scalar x, a column")]
    return steps


def scalar_expansion() -> Derivation:
    v3, ones = vector("v", 3), sp.ImmutableMatrix(sp.ones(3, 1))
    add, sub, mul = OPS[0], OPS[1], OPS[2]
    return Derivation(
        id="scalar-expansion",
        title="Derivative of a scalar expansion v op x1: w.r.t. v and w.r.t. the scalar x (*, +, -)",
        source=f"{SOURCE}, 3.2.3",
        definitions=(("g(x)", "1 x, the ones vector times the scalar x"), ("F_i", "v_i op x")),
        steps=(
            Step(2 * v3, sp.HadamardProduct(2 * ones, v3), "a scalar times a vector is the broadcast scalar o v",
                 quote=r"2 \cdot [V_1, \dots, V_n] = [2, \dots, 2][V_1, \dots, V_n] = [2V_1, \dots, 2V_n]"),
            Step(Jacobian(ones * x, [x], "x"), ones, "g(x) = 1 x broadcasts x: dg/dx is the ones column (n = 3)",
                 quote=r"g(x) = \vec 1 x (The act of multiplying x by the ones vector is an act of broadcasting)"),
            *_expansion_steps(*add[:2], lambda a, b: 1, lambda a, b: 1, (3,)),
            *_expansion_steps(*sub[:2], lambda a, b: 1, lambda a, b: -1, (3,)),
            *_expansion_steps(*mul[:2], lambda a, b: b, lambda a, b: a, (2, 5)),
        ),
    )


def vector_sum() -> Derivation:
    s = sp.Sum(v[i], (i, 1, n))
    sx = sp.Sum(x * v[i], (i, 1, n))
    rows = [(k, vector("v", k)) for k in (2, 3, 5)]
    v3 = rows[1][1]
    return Derivation(
        id="sum",
        title="Derivative of a sum: d sum(v)/dv = 1^T (a row), and d sum(x v)/dv = x 1^T, d sum(x v)/dx = sum(v)",
        source=f"{SOURCE}, 3.2.4",
        definitions=((sp.Symbol("s"), s),),
        reparametrise=inside(j, n),
        domain=(RANGE,),
        steps=(
            Step(sp.Derivative(s, v[j]), sp.Sum(sp.Derivative(v[i], v[j]), (i, 1, n)),
                 "the derivative of a finite sum is the sum of the derivatives",
                 quote="The derivative of a sum is equivalent to the sum of a derivative"),
            Step(sp.Sum(sp.Derivative(v[i], v[j]), (i, 1, n)), sp.Sum(delta, (i, 1, n)), "dv_i/dv_j = delta_ij"),
            Step(sp.Sum(delta, (i, 1, n)), 1, "exactly one term, i = j, is 1 (any n)",
                 quote="The derivative of V, for every Summation, will be 0 everywhere except on the element, "
                       "V_i, being derived where it would be 1"),
            *(Step(Jacobian([sum(vk)], vk, "v"), sp.ones(1, k), f"n = {k}: a row of ones, 1^T (1 x {k})",
                   quote="So = [1 1 1 1]" if k == 2 else None) for k, vk in rows),
            Step(sp.Derivative(sx, v[j]), x, "g(v) = x v: every entry of the gradient is x (any n)",
                 quote="If instead g(v) = 2.v, then  (read: g(v) = x v, x a scalar)"),
            Step(sp.Derivative(sx, x), s, "and w.r.t. the scalar x: the sum of v (any n)"),
            Step(Jacobian([sum(2 * v3)], v3, "v"), 2 * sp.ones(1, 3), "the instance x = 2, n = 3: 2 1^T"),
            Step(Jacobian([sum(x * v3)], [x], "x"), sp.Matrix([[sum(v3)]]), "n = 3: d sum(x v)/dx = v_1 + v_2 + v_3"),
            Step(Jacobian([sum(x * v3)], v3, "v"), x * sp.ones(1, 3), "n = 3: d sum(x v)/dv = x 1^T, a row"),
        ),
    )


DERIVATIONS = (elementwise_jacobian, hadamard, scalar_expansion, vector_sum)

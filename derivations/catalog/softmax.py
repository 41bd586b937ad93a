"""Softmax with categorical cross-entropy, the multiclass output of 004.

Two identities: the softmax Jacobian da_i/dz_j = a_i (delta_ij - a_j), i.e. diag(a) - a a^T, and
dJ/dz = a - y for J = -sum_i y_i log a_i. The second needs sum_i y_i = 1 (one-hot labels, or any
probability vector): without it the gradient is a sum(y) - y. The side condition is always
substituted explicitly (y_n = 1 - the others, or sum y -> 1), never assumed silently.
"""
from __future__ import annotations

import sympy as sp

from .generic import SumInOrder, in_order, shown
from ..indexed import off_diagonal
from ..step import Derivation, Step

SOURCE = "004_d835b9d6349844af.txt"
QUOTE = r"\text{Act}(z) = \text{Softmax}(z) \text{ (Multiclass)}, J \to \text{Categorical cross entropy loss}"


def _classes(size: int) -> tuple[sp.Matrix, sp.Matrix, sp.Matrix]:
    """Scores z, labels y and the softmax a of ``size`` classes; a_r is shown by name, so the steps
    read diag(a) - a a^T rather than ratios of exponentials."""
    scores = sp.Matrix(sp.symbols(f"z_1:{size + 1}", real=True))
    labels = sp.Matrix(sp.symbols(f"y_1:{size + 1}", real=True))
    total = sum(sp.exp(zr) for zr in scores)
    probabilities = sp.Matrix([shown(f"a_{r + 1}", sp.exp(zr) / total) for r, zr in enumerate(scores)])
    return scores, labels, probabilities


def _gradient(labels: sp.Matrix, probabilities: sp.Matrix, scores: sp.Matrix) -> sp.ImmutableMatrix:
    """dJ/dz for J = -sum_r y_r log(a_r), one unevaluated derivative per score."""
    loss = -sum(yr * sp.log(ar) for yr, ar in zip(labels, probabilities))
    return sp.ImmutableMatrix([sp.Derivative(loss, zr) for zr in scores])


def _concrete_steps() -> list[Step]:
    steps = []
    for size in (2, 3, 4):
        scores, _, probs = _classes(size)
        jacobian = sp.ImmutableMatrix(size, size, lambda r, c: sp.Derivative(probs[r], scores[c]))
        steps.append(Step(jacobian, sp.diag(*probs) - probs * probs.T, f"n = {size}: the softmax Jacobian is diag(a) - a a^T"))
    for size in (2, 3, 4):
        scores, labels, probs = _classes(size)
        steps.append(Step(_gradient(labels, probs, scores), probs - labels,
                          f"n = {size}, given sum y = 1 (substituted: y_{size} = 1 - the others): dJ/dz = a - y",
                          assume=((labels[-1], 1 - sum(labels[:-1])),)))
    scores, _, probs = _classes(3)
    one_hot = sp.Matrix([0, 1, 0])
    steps.append(Step(_gradient(one_hot, probs, scores), probs - one_hot,
                      "one-hot label y = (0, 1, 0): dJ/dz = a - y; only the true class's entry a_2 - 1 is negative",
                      quote=QUOTE))
    return steps


i, j, k = sp.symbols("i j k", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)
dj, dn = sp.symbols("d_j d_n", integer=True, nonnegative=True)
z, y = sp.IndexedBase("z", real=True), sp.IndexedBase("y", real=True)
IN_RANGE = ((n, j + dn), (j, 1 + dj))
SUM_Y = sp.Sum(y[i], (i, 1, n))


def a(s: sp.Expr) -> sp.Expr:
    """The softmax a_s = exp(z_s) / sum_k exp(z_k) of n classes, n symbolic."""
    return sp.exp(z[s]) / sp.Sum(sp.exp(z[k]), (k, 1, n))


J = -sp.Sum(y[i] * sp.log(a(i)), (i, 1, n))


def _quotient(numerator: sp.Expr, total: sp.Expr) -> sp.Expr:
    """numerator / total^2, kept as the quotient rule writes it."""
    return sp.Mul(numerator, sp.Pow(total, -2), evaluate=False)


def _quotient_rule_steps(a_i: sp.Expr, a_j: sp.Expr) -> list[Step]:
    """da_i/dz_j by the quotient rule on e^(z_i) / S, S = sum_k e^(z_k): the cases i = j and i != j.

    dS/dz_j = e^(z_j) always; d e^(z_i)/dz_j is e^(z_j) if i = j and 0 otherwise. i != j is split in
    its two halves, i < j and i > j, each substituting i so that j keeps its range; delta_ij is 0 in each.
    """
    S, e_i, e_j = shown("S", sp.Sum(sp.exp(z[k]), (k, 1, n))), sp.exp(z[i]), sp.exp(z[j])
    same = _quotient(SumInOrder(in_order(e_j, S), -in_order(e_j, e_j)), S)  # (e^z_j)' S - e^z_j S'
    other = _quotient(SumInOrder(in_order(0, S), -in_order(e_i, e_j)), S)  # (e^z_i)' S - e^z_i S', i != j
    # i != j in two halves, each substituting i (j keeps its range 1 <= j <= n): i > j and i < j
    below = off_diagonal(i, j)[1]  # i = j + 1 + d
    gap = below[0][1] - j - 1
    above = ((i, j - 1 - gap),)  # i = j - 1 - d
    return [
        Step(sp.Derivative(a_j, z[j]), same, "quotient rule, case i = j: d e^z_j/dz_j = e^z_j and dS/dz_j = e^z_j",
             quote=QUOTE, assume=IN_RANGE),
        Step(same, in_order(a_j, 1 - a_j), "split the fraction: e^z_j/S - (e^z_j/S)^2 = a_j - a_j^2", assume=IN_RANGE),
        Step(sp.Derivative(a_i, z[j]), other, "quotient rule, case i != j (here i < j): d e^z_i/dz_j = 0",
             assume=above + IN_RANGE),
        Step(sp.Derivative(a_i, z[j]), other, "quotient rule, case i != j (here i > j): d e^z_i/dz_j = 0",
             assume=below + IN_RANGE),
        Step(other, -a_i * a_j, "split the fraction: -(e^z_i/S)(e^z_j/S) = -a_i a_j"),
    ]


def _indexed_steps() -> list[Step]:
    """The same identities for a symbolic number of classes n, in index notation."""
    a_i, a_j = shown("a_i", a(i)), shown("a_j", a(j))
    jacobian = a_i * (sp.KroneckerDelta(i, j) - a_j)
    chained = -sp.Sum(sp.Mul(y[i] / a_i, jacobian, evaluate=False), (i, 1, n))
    picked = -sp.Sum(y[i] * (sp.KroneckerDelta(i, j) - a_j), (i, 1, n))
    return [
        *_quotient_rule_steps(a_i, a_j),
        Step(sp.Derivative(a_i, z[j]), jacobian,
             "any n: da_i/dz_j = a_i (delta_ij - a_j), the two cases in one (delta_ij = 1 if i = j, else 0)",
             assume=IN_RANGE),
        Step(sp.Derivative(shown("J", J), z[j]), chained,
             "chain rule: dJ/dz_j = sum_i dJ/da_i da_i/dz_j, with dJ/da_i = -y_i/a_i", quote=QUOTE, assume=IN_RANGE),
        Step(chained, picked, "a_i cancels"),
        Step(picked, a_j * SUM_Y - y[j], "delta_ij keeps only i = j: sum_i y_i delta_ij = y_j", assume=IN_RANGE),
        Step(sp.Derivative(shown("J", J), z[j]), a_j * SUM_Y - y[j],
             "any n, any real y: dJ/dz_j = a_j sum_i y_i - y_j", assume=IN_RANGE),
        Step(a_j * SUM_Y - y[j], a_j - y[j], "any n, given sum_i y_i = 1 (substituted): dJ/dz_j = a_j - y_j",
             assume=((SUM_Y, 1),), label="dJ/dz_j"),
    ]


def softmax_cce() -> Derivation:
    return Derivation(
        id="softmax-cce",
        title="Softmax with categorical cross-entropy: Jacobian diag(a) - a a^T and dJ/dz = a - y",
        source=f"{SOURCE}, Softmax(z), multiclass, categorical cross entropy",
        definitions=(("a_i", "exp(z_i) / S"), ("S", "sum_k exp(z_k)"), ("J", "-sum_i y_i log(a_i)"),
                     ("delta_ij", "1 if i = j, 0 if i != j (the Kronecker delta)")),
        domain=("z and y real; dJ/dz = a - y needs sum_i y_i = 1, substituted in the step that uses it",
                "1 <= j <= n for symbolic n: n = j + d_n and j = 1 + d_j with d_j, d_n >= 0"),
        steps=(*_concrete_steps(), *_indexed_steps()),
    )


DERIVATIONS = (softmax_cce,)

"""Logistic regression of the notes (004, 003): the sigmoid's derivative and BCE through a sigmoid."""
from __future__ import annotations

import sympy as sp

from ..functions import sigma
from .generic import SIGMA, SumInOrder, in_order
from ..step import Derivation, Step, chain

SOURCE = "004_d835b9d6349844af.txt"
z, b, y = sp.symbols("z b y", real=True)
a = sp.Symbol("a", real=True)
t = sp.Symbol("t", positive=True)
i = sp.Symbol("i", integer=True)
j, n = sp.symbols("j n", integer=True, positive=True)
dj, dn = sp.symbols("d_j d_n", integer=True, nonnegative=True)
w, x = sp.IndexedBase("w", real=True), sp.IndexedBase("x", real=True)


def _unevaluated(*terms: sp.Expr) -> sp.Expr:
    return sp.Add(*terms, evaluate=False)


def sigmoid_derivative() -> Derivation:
    u = 1 + sp.exp(-z)
    return Derivation(
        id="sigmoid-derivative",
        title="Derivative of the sigmoid: d/dz 1/(1 + e^-z) = sigma(z)(1 - sigma(z))",
        source=f"{SOURCE}, da/dz",
        definitions=((sigma(z), 1 / u),),
        steps=(
            *chain(sp.Derivative(1 / u, z), [
                (sp.Mul(-1 / u**2, -sp.exp(-z), evaluate=False), "power rule d(u^-1) = -u^-2 du, and d e^-z/dz = -e^-z (chain rule)",
                 r"\frac{-1}{(1+e^{-z})^2}(e^{-z})  (the notes drop the inner minus; see errata)"),
                (sp.exp(-z) / u**2, "the two minus signs cancel"),
                (_unevaluated(1, sp.exp(-z), -1) / u**2, "add and subtract 1 in the numerator",
                 r"\frac{1 \times e^{-z} +1 -1}{(1+e^{-z})(1+e^{-z})}"),
                (sp.Mul(u, 1 / u**2, evaluate=False) - 1 / u**2, "split the fraction",
                 r"\frac{1+e^{-z}-1}{(1+e^{-z})^2}"),
                (1 / u - (1 / u) ** 2, "cancel one factor 1 + e^-z"),
                (sp.Mul(1 / u, 1 - 1 / u, evaluate=False), "factor out 1/(1 + e^-z)",
                 r"\left(\frac{1}{1+e^{-z}}\right)\left(1-\frac{1}{1+e^{-z}}\right)"),
                (sigma(z) * (1 - sigma(z)), "definition of sigma", r"a(1-a)"),
            ]),
            Step(sp.Derivative(sigma(z), z), sigma(z) * (1 - sigma(z)), "the result: sigma' = sigma (1 - sigma)",
                 quote=r"\boxed{\frac{\partial a}{\partial z} = a(1-a)}"),
        ),
    )


def _bce(p: sp.Expr) -> sp.Expr:
    return -(y * sp.log(p) + (1 - y) * sp.log(1 - p))


def bce_sigmoid() -> Derivation:
    z_n = sp.Sum(w[i] * x[i], (i, 1, n)) + b  # z = w . x + b for a vector of symbolic length n
    a_n = sigma(z_n)
    w3, x3 = sp.Matrix(sp.symbols("w_1:4", real=True)), sp.Matrix(sp.symbols("x_1:4", real=True))
    a_3 = sigma((w3.T * x3)[0] + b)
    return Derivation(
        id="bce-sigmoid",
        title="Binary cross-entropy through a sigmoid neuron: dJ/dw = (a - y) x, dJ/db = a - y",
        source=f"{SOURCE}, dJ/da, da/dz, dJ/dw; 003_855887773bede445.txt, logistic regression",
        definitions=((sp.Symbol("J"), _bce(a)), (a, sigma(sp.Symbol("z"))), (sp.Symbol("z"), z_n), SIGMA),
        reparametrise=((a, 1 / (1 + t)), (n, j + dn), (j, 1 + dj)),
        domain=("a = sigma(z) in (0, 1): a = 1/(1 + t) with t > 0",
                "1 <= j <= n: n = j + d_n and j = 1 + d_j with d_j, d_n >= 0",
                "y is a real label (0 or 1 in practice; the identities hold for every real y)"),
        steps=(
            *chain(sp.Derivative(_bce(a), a), [
                (-_unevaluated(y * (1 / a), sp.Mul(1 - y, -1 / (1 - a), evaluate=False)), "linearity; d log(a) = 1/a, d log(1 - a) = -1/(1 - a)"),
                (-y / a + (1 - y) / (1 - a), "distribute the minus sign", r"-\frac{y}{a} + (1-y)\frac{1}{(1-a)}"),
                (((1 - a) * (-y) + (1 - y) * a) / (a * (1 - a)), "common denominator a(1 - a)",
                 r"\frac{(1-a)(-y) + (1-y)a}{a(1-a)}"),
                (_unevaluated(-y, y * a, a, -y * a) / (a * (1 - a)), "expand the numerator",
                 r"\frac{-y + ya + a - ya}{a(1-a)}"),
                ((a - y) / (a * (1 - a)), "ya cancels: equation (1)", r"\frac{a-y}{a(1-a)}"),
            ]),
            Step(sp.Derivative(sigma(z), z), sigma(z) * (1 - sigma(z)),
                 "sigmoid identity (derivation sigmoid-derivative): equation (2)", quote=r"a(1-a)"),
            Step(sp.Derivative(z_n, w[j]), x[j], "only the i = j term of the sum depends on w_j: equation (3)",
                 quote=r"\frac{\partial (xw + b)}{\partial w} = x"),
            Step(sp.Derivative(z_n, b), 1, "the sum does not depend on b", quote=r"\frac{\partial z}{\partial b} = 1"),
            # in the notes' order, unevaluated: SymPy would cancel a(1 - a) at once, leaving a - y = a - y
            Step(in_order((a - y) / (a * (1 - a)), a * (1 - a)), a - y,
                 "chain rule (1)(2): dJ/dz = dJ/da da/dz, a(1 - a) cancels",
                 quote=r"\underbrace{(a-y)}_{\frac{\partial J}{\partial z}}"),
            Step(sp.Derivative(_bce(sigma(z)), z), SumInOrder(sigma(z), -y),
                 "J through the sigmoid, differentiated directly: dJ/dz = a - y, the error",
                 quote=r"\text{error} = \text{pred} - \text{actual}"),
            Step(in_order((a - y) / (a * (1 - a)), a * (1 - a), x[j]), (a - y) * x[j],
                 "chain rule (1)(2)(3): a(1 - a) cancels, dJ/dw_j = dJ/dz x_j",
                 quote=r"\frac{\partial J}{\partial w} = (a-y) \times x"),
            Step(sp.Derivative(_bce(a_n), w[j]), (a_n - y) * x[j],
                 "the whole composition differentiated directly, for any length n", label="dJ/dw_j"),
            Step(sp.Derivative(_bce(a_n), b), a_n - y, "the whole composition differentiated directly",
                 quote=r"\frac{\partial J}{\partial b} = \text{error} \cdot 1", label="dJ/db"),
            Step(sp.ImmutableMatrix([sp.Derivative(_bce(a_3), wk) for wk in w3]), (a_3 - y) * x3,
                 "the same for a concrete length n = 3, entrywise", label="grad_w J (n = 3)"),
        ),
    )


DERIVATIONS = (sigmoid_derivative, bce_sigmoid)

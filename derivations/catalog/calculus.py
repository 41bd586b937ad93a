"""Matrix calculus review of the notes (001, 1.5): gradient, Jacobian, scalar and Jacobian chain rules."""
from __future__ import annotations

import sympy as sp

from ..step import Derivation, Step, chain

SOURCE = "001_1350167788b7a5e9.txt"
x, y = sp.symbols("x y", real=True)


def jacobian_of(F: sp.Matrix, variables: list[sp.Symbol]) -> sp.ImmutableMatrix:
    """The Jacobian with every entry an unevaluated Derivative, so the proof does the differentiating."""
    return sp.ImmutableMatrix([[sp.Derivative(f, v) for v in variables] for f in F])


def gradient() -> Derivation:
    f = x**2 + sp.cos(y)
    return Derivation(
        id="gradient",
        title="Gradient of f(x, y) = x^2 + cos(y)",
        source=f"{SOURCE}, 1.5.1",
        definitions=((sp.Symbol("f"), f),),
        steps=(
            Step(sp.Derivative(f, x), 2 * x, "power rule; cos(y) does not depend on x"),
            Step(sp.Derivative(f, y), -sp.sin(y), "d cos(y)/dy = -sin(y); x^2 does not depend on y"),
            Step(jacobian_of(sp.Matrix([f]), [x, y]).T, sp.Matrix([2 * x, -sp.sin(y)]),
                 "the gradient stacks the partial derivatives",
                 quote=r"\nabla F(x,y) = [2x, -\sin(x)]  (the notes write sin(x); see errata)"),
        ),
    )


def jacobian() -> Derivation:
    f1, f2 = 2 * x + y**3, sp.exp(y) - 13 * x
    return Derivation(
        id="jacobian",
        title="Jacobian of F(x, y) = [2x + y^3, e^y - 13x]",
        source=f"{SOURCE}, 1.5.2",
        definitions=((sp.Symbol("f_1"), f1), (sp.Symbol("f_2"), f2)),
        steps=(
            Step(sp.Derivative(f1, x), 2, "linearity; y^3 does not depend on x"),
            Step(sp.Derivative(f1, y), 3 * y**2, "power rule"),
            Step(sp.Derivative(f2, x), -13, "linearity; e^y does not depend on x"),
            Step(sp.Derivative(f2, y), sp.exp(y), "d e^y/dy = e^y"),
            Step(jacobian_of(sp.Matrix([f1, f2]), [x, y]), sp.Matrix([[2, 3 * y**2], [-13, sp.exp(y)]]),
                 "row i of the Jacobian is the transposed gradient of f_i"),
        ),
    )


def chain_rule_scalar() -> Derivation:
    g = sp.Symbol("g", real=True)
    return Derivation(
        id="chain-rule-scalar",
        title="Scalar chain rule: d/dx sin(x^2) through g = x^2",
        source=f"{SOURCE}, 1.5.3",
        definitions=((sp.Symbol("f"), sp.sin(g)), (g, x**2)),
        steps=(
            Step(sp.Derivative(sp.sin(g), g), sp.cos(g), "d sin(g)/dg = cos(g)"),
            Step(sp.Derivative(x**2, x), 2 * x, "power rule"),
            Step(sp.Derivative(sp.sin(x**2), x), sp.Mul(sp.cos(x**2), 2 * x, evaluate=False),
                 "chain rule: df/dx = df/dg dg/dx = cos(g) 2x with g = x^2", quote=r"\cos(g) \cdot 2x = 2x\cos(x^2)"),
        ),
    )


def chain_rule_jacobian() -> Derivation:
    yp = sp.Symbol("y", positive=True)  # ln(y^3) is real only for y > 0
    g1, g2 = sp.symbols("g_1 g_2", positive=True)
    F_of_g = sp.Matrix([sp.sin(g1), sp.log(g2)])
    g_of_xy = sp.Matrix([x**2 + yp, yp**3])
    dF_dg = sp.ImmutableMatrix([[sp.cos(x**2 + yp), 0], [0, 1 / yp**3]])
    dg_dxy = sp.ImmutableMatrix([[2 * x, 1], [0, 3 * yp**2]])
    direct = sp.Matrix([[2 * x * sp.cos(x**2 + yp), sp.cos(x**2 + yp)], [0, 3 / yp]])
    return Derivation(
        id="chain-rule-jacobian",
        title="Jacobian chain rule: F = [sin(x^2 + y), ln(y^3)] through g = [x^2 + y, y^3]",
        source=f"{SOURCE}, 1.5.4",
        definitions=((sp.Symbol("g"), g_of_xy), (sp.Symbol("F"), F_of_g)),
        domain=("y > 0, so that ln(y^3) is real",),
        steps=(
            Step(jacobian_of(F_of_g, [g1, g2]), sp.Matrix([[sp.cos(g1), 0], [0, 1 / g2]]),
                 "each F_i depends on g_i only: a diagonal Jacobian; d ln(g_2)/dg_2 = 1/g_2",
                 quote=r"\frac{\partial F}{\partial g} = [[\cos(g_1), 0], [0, g_2]]  (OCR: the (2, 2) entries of this page are garbled; 1/g_2 is meant)"),
            Step(jacobian_of(g_of_xy, [x, yp]), dg_dxy, "partial derivatives of g_1 = x^2 + y and g_2 = y^3"),
            *chain(jacobian_of(F_of_g.subs({g1: x**2 + yp, g2: yp**3}), [x, yp]), [
                (sp.MatMul(dF_dg, dg_dxy, evaluate=False),
                 "Jacobian chain rule: dF/d(x,y) = dF/dg evaluated at g(x, y), times dg/d(x,y)"),
                (direct, "multiply out; 3y^2/y^3 = 3/y"),
            ]),
        ),
    )


DERIVATIONS = (gradient, jacobian, chain_rule_scalar, chain_rule_jacobian)

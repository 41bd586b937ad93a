"""Claims of the notes about activations: the vanishing gradient (000 2.1), sigmoid as a two-class
softmax (004), and the range of sigma against ReLU (003, with 001's worked ReLU layer).

Inequalities are stated as identities whose other side is manifestly signed: 1/4 - sigma'(z) is
a square, so sigma'(z) <= 1/4. The sign itself is checked by SymPy's assumptions in the tests
(on sigma(z) = 1/(1 + t), t = e^-z > 0), never by evaluating at points.
"""
from __future__ import annotations

import sympy as sp

from ..functions import KINK_CONVENTION, relu, relu_prime, sigma
from .generic import RELU, SIGMA
from ..step import Derivation, Step

OUTLINE, NOTES, INTUITION, LOGISTIC = ("000_5b3326d1c78d59c1.txt", "001_1350167788b7a5e9.txt",
                                      "003_855887773bede445.txt", "004_d835b9d6349844af.txt")
z, y = sp.symbols("z y", real=True)
zs = sp.symbols("z_1:4", real=True)
ps = sp.symbols("p_1:4", positive=True)
p = sp.Symbol("p", positive=True)
HALF, QUARTER = sp.Rational(1, 2), sp.Rational(1, 4)
VANISHING = 'ReLU (Rectifier Linear Unit) + ? solves the "vanishing gradient problem" which makes it better than sigmoid'


def sigma_prime(u: sp.Expr) -> sp.Expr:
    """sigma'(u) as an unevaluated derivative at u (the proof differentiates the definition)."""
    return sp.Derivative(sigma(u), u)


def _telescoped(count: int) -> sp.Expr:
    """4^-L - prod_k sigma'(z_k) as a sum of nonnegative terms, for L = ``count``.

    c^L - d_1...d_L = sum_k (c - d_k) d_1...d_(k-1) c^(L-k) with c = 1/4, d_k = sigma'(z_k), and
    c - d_k = (sigma(z_k) - 1/2)^2 >= 0: every term is a square times positive factors.
    """
    terms = []
    for k in range(count):
        before = sp.Mul(*[sigma(zs[r]) * (1 - sigma(zs[r])) for r in range(k)])
        terms.append((sigma(zs[k]) - HALF) ** 2 * before * QUARTER ** (count - 1 - k))
    return sp.Add(*terms)


def vanishing_gradient() -> Derivation:
    return Derivation(
        id="vanishing-gradient",
        title="Vanishing gradient: sigma' <= 1/4 (equality only at 0), so L sigmoid layers scale it by <= 4^-L; ReLU' = 1",
        source=f"{OUTLINE}, 2.1 (ReLU and the vanishing gradient problem)",
        definitions=((sigma(z), 1 / (1 + sp.exp(-z))), RELU, ("ReLU'(z)", "1 if z > 0, 0 if z < 0")),
        domain=("z, z_k real; p, p_k > 0 (the active side of a ReLU)",
                "sigma(z) = 1/(1 + t) with t = e^-z > 0 is in (0, 1), so sigma(1 - sigma) > 0 (used for the signs)"),
        convention=KINK_CONVENTION,
        steps=(
            Step(QUARTER - sigma_prime(z), (sigma(z) - HALF) ** 2,
                 "1/4 - sigma'(z) is a square, so sigma'(z) <= 1/4 for every z", quote=VANISHING),
            Step(QUARTER**3 - sigma_prime(zs[0]) * sigma_prime(zs[1]) * sigma_prime(zs[2]), _telescoped(3),
                 "L = 3 layers: 4^-3 - sigma'(z_1) sigma'(z_2) sigma'(z_3) telescopes into squares times positive"
                 " factors, so the chain is <= 4^-3 (the same telescoping gives 4^-L for every concrete L)"),
            Step(sigma(z) - HALF, (sp.exp(z) - 1) / (2 * (sp.exp(z) + 1)),
                 "the square vanishes only where e^z = 1, i.e. z = 0: sigma'(z) = 1/4 only at z = 0"),
            Step(sp.Subs(sigma_prime(z), z, 0), QUARTER, "and there it is attained: sigma'(0) = 1/4"),
            Step(sp.Derivative(relu(p), p), 1, "ReLU on the active side z = p > 0: ReLU'(z) = 1"),
            Step(relu_prime(ps[0]) * relu_prime(ps[1]) * relu_prime(ps[2]), 1,
                 "three active ReLU layers: the product of the derivatives is exactly 1, not <= 4^-3"),
            Step(sp.Subs(sp.Derivative(relu(z), z), z, -p), 0,
                 "on the inactive side z = -p < 0 ReLU' is exactly 0: no decay, but an inactive unit passes nothing"),
        ),
    )


def sigmoid_softmax() -> Derivation:
    z1, z2 = zs[0], zs[1]
    total = sp.exp(z1) + sp.exp(z2)
    a1, a2 = sp.exp(z1) / total, sp.exp(z2) / total
    return Derivation(
        id="sigmoid-softmax",
        title="Sigmoid = two-class softmax: softmax(z_1, z_2)_1 = sigma(z_1 - z_2)",
        source=f"{LOGISTIC}, Act(z) = Sigmoid(z) = Softmax(z)",
        definitions=(("a_r", "exp(z_r) / (exp(z_1) + exp(z_2))"), ("J", "-y log(a_1) - (1 - y) log(a_2)"), SIGMA),
        domain=("z_1, z_2, y real; the two labels are y and 1 - y (they sum to 1)",),
        steps=(
            Step(a1, sigma(z1 - z2), "divide by e^z_1: the first class's softmax is the sigmoid of z_1 - z_2",
                 quote=r"\text{Act}(z) = \text{Sigmoid}(z) \\ \cong \text{Softmax}(z)"),
            Step(a2, 1 - sigma(z1 - z2), "the second class gets the rest, 1 - sigma(z_1 - z_2)"),
            Step(sp.exp(z) / (sp.exp(z) + 1), sigma(z),
                 "logistic regression is the two-class softmax with the second score fixed at z_2 = 0"),
            Step(sp.Derivative(-y * sp.log(a1) - (1 - y) * sp.log(a2), z1), sigma(z1 - z2) - y,
                 "two-class cross-entropy: dJ/dz_1 = sigma(z_1 - z_2) - y, the binary a - y of bce-sigmoid",
                 quote=r"J \to \text{Categorical cross entropy loss}"),
        ),
    )


def activation_range() -> Derivation:
    W, a_in = sp.ImmutableMatrix([[5, 2], [3, 6]]), sp.ImmutableMatrix([10, 20])
    return Derivation(
        id="activation-range",
        title="sigma maps into (0, 1); ReLU does not: 001's worked ReLU layer outputs 96 and 156",
        source=f"{NOTES}, 2.3 (output of a layer); {INTUITION}, A (activation function)",
        definitions=(("z", "W a + b, W = [[5, 2], [3, 6]], a = [10, 20], b = 6"), ("a", "ReLU(z)"), RELU, SIGMA),
        domain=("z real; p > 0", "the bias b = 6 is broadcast to every node (scalar expansion)"),
        steps=(
            Step(sp.MatMul(W, a_in, evaluate=False), sp.Matrix([90, 150]), "5(10) + 2(20) = 90, 3(10) + 6(20) = 150",
                 quote=r"\begin{bmatrix} 5 & z \\ 36 \end{bmatrix} \begin{bmatrix} 10 \\ 20 \end{bmatrix} = "
                       r"\begin{bmatrix} 90 \\ 150 \end{bmatrix}  (OCR: the matrix is [[5, 2], [3, 6]])"),
            Step(sp.MatAdd(sp.ImmutableMatrix([90, 150]), sp.ImmutableMatrix([6, 6]), evaluate=False),
                 sp.Matrix([96, 156]), "add the bias b = 6 to each node",
                 quote=r"b=6 ... \begin{bmatrix} 96 \\ 156 \end{bmatrix}"),
            Step(sp.Matrix([relu(96), relu(156)]), sp.Matrix([96, 156]),
                 "ReLU leaves positive values unchanged: the layer outputs 96 and 156, far outside (0, 1)",
                 quote=r"\sigma = ReLU ... a = \sigma(\begin{bmatrix} 96 \\ 156 \end{bmatrix}) = "
                       r"\begin{bmatrix} 96 \\ 156 \end{bmatrix}"),
            Step(sigma(z), sp.exp(z) / (sp.exp(z) + 1), "sigma(z) = e^z/(e^z + 1), a ratio of positive numbers: sigma > 0"),
            Step(1 - sigma(z), sp.exp(-z) / (1 + sp.exp(-z)), "1 - sigma(z) > 0 likewise: sigma(z) < 1",
                 quote="A (activation function) squishes the results ... a value ranging between 0 and 1"),
            Step(relu(1 + p) - 1, p, "ReLU(1 + p) - 1 = p > 0 for every p > 0: ReLU exceeds 1, and every bound"),
        ),
    )


DERIVATIONS = (vanishing_gradient, sigmoid_softmax, activation_range)

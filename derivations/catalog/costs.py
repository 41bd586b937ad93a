"""The MSE cost of a ReLU neuron (001 3.4-3.6) and gradient descent (001 3.7-3.8, 004).

C = 1/(2m) sum_i (y_i - a_i)^2 with a_i = ReLU(w.x_i + b). Its gradient is built the way the notes
build it (dC/dV, dV/da, da/dw): for one example and any input length n; for any number m of
examples (each example's error V_i a generic function); and on a worked pair of examples in every
pattern of active and inactive examples. Only active examples (z_i > 0) contribute, with the error
term e_i = w.x_i + b - y_i.
"""
from __future__ import annotations

import sympy as sp

from ..functions import KINK_CONVENTION, relu, relu_prime
from .generic import RELU, RELU_PRIME, SumInOrder, cost, named_function, shown
from ..step import Derivation, Step

SOURCE = "001_1350167788b7a5e9.txt"
i, j, k = sp.symbols("i j k", integer=True, positive=True)
n, m, N = sp.symbols("n m N", integer=True, positive=True)
dj, dn = sp.symbols("d_j d_n", integer=True, nonnegative=True)
w, x = sp.IndexedBase("w", real=True), sp.IndexedBase("x", real=True)
b, y, V, a, z, wv = sp.symbols("b y V a z w", real=True)
IN_RANGE = ((n, j + dn), (j, 1 + dj))
RANGE_WORDS = "1 <= j <= n: n = j + d_n and j = 1 + d_j with d_j, d_n >= 0"

z_one = sp.Sum(w[k] * x[k], (k, 1, n)) + b  # one example, any input length n
C_one = (y - relu(z_one)) ** 2 / (2 * m)  # its share of C = 1/(2m) sum_i V_i^2


V_example = cost("V", 2)  # V(theta, i) = y_i - a_i(theta): example i's error, any function


def any_m(theta: sp.Symbol) -> Step:
    """The notes' chain for any number m of examples: dC/dtheta = 1/m sum_i V_i dV_i/dtheta."""
    C = sp.Sum(V_example(theta, i) ** 2, (i, 1, m)) / (2 * m)
    return Step(sp.Derivative(C, theta), sp.Sum(V_example(theta, i) * V_example.partial(1)(theta, i), (i, 1, m)) / m,
                f"any m: C = 1/(2m) sum_i V_i^2 gives dC/d{theta} = 1/(2m) sum_i 2 V_i dV_i/d{theta}"
                + (" (w is any one weight w_j)" if theta != b else ""),
                quote=rf"\frac{{1}}{{2m}} \sum_{{i=1}}^{{m}} 2v \frac{{\partial v}}{{\partial {theta}}}")


def worked_pair():
    """Two examples x_1 = (1, 2), x_2 = (3, -1) with symbolic w, b, y: the cost and its parts.

    The pre-activations u_1 = z_1, u_2 = z_2 replace b and w_1 (an invertible linear change of
    variables), so each example's kink is one coordinate and both are split independently.
    """
    data, w12, y12 = sp.Matrix([[1, 2], [3, -1]]), sp.Matrix(sp.symbols("w_1 w_2", real=True)), sp.symbols("y_1 y_2", real=True)
    u1, u2 = sp.symbols("u_1 u_2", real=True)
    zs = [(data[r, :] * w12)[0] + b for r in range(2)]
    C = sum((y12[r] - relu(zs[r])) ** 2 for r in range(2)) / 4
    active = [relu_prime(zs[r]) * (zs[r] - y12[r]) for r in range(2)]  # relu'(z_i) e_i
    pre = ((b, u1 - w12[0] - 2 * w12[1]), (w12[0], (u2 - u1 + 3 * w12[1]) / 2))
    return data, w12, C, active, pre


def mse_weights() -> Derivation:
    data, w12, C, active, pre = worked_pair()
    gradient = sp.ImmutableMatrix([sp.Derivative(C, wk) for wk in w12])
    return Derivation(
        id="mse-weights",
        title="MSE of a ReLU neuron: dC/dw = 1/m sum over active examples of e_i x_i^T",
        source=f"{SOURCE}, 3.4-3.5",
        definitions=((sp.Symbol("C"), sp.Symbol("1/(2m) sum_i (y_i - a_i)^2")), (a, relu(z)), (z, z_one),
                     (V, y - a), (sp.Symbol("e_i"), sp.Symbol("w.x_i + b - y_i")), RELU, RELU_PRIME,
                     named_function("V", "the residual y - a, named so its derivative is seen")[1]),
        domain=(RANGE_WORDS, "worked pair: u_1 = z_1 and u_2 = z_2 replace b and w_1 (linear, invertible)"),
        convention=KINK_CONVENTION,
        steps=(
            Step(sp.Derivative(V**2 / (2 * m), V), V / m, "dC/dV for one example's term V^2/(2m)",
                 quote=r"\frac{\partial c}{\partial w} = \frac{\partial c}{\partial v} \frac{\partial v}{\partial w}"),
            Step(sp.Derivative(y - a, a), -1, "dV/da = -1: y does not depend on the weights",
                 quote=r"\frac{\partial V}{\partial \omega} = \frac{\partial}{\partial \omega}(0 - a^L) = -\frac{\partial a^L}{\partial \omega}"),
            Step(sp.Derivative(relu(z_one), w[j]), relu_prime(z_one) * x[j], "da/dw_j = ReLU'(z) x_j (section 3.3)",
                 quote=r"\frac{\partial a}{\partial w} = \frac{\partial a}{\partial z} x^T", assume=IN_RANGE),
            Step(sp.Derivative(C_one, w[j]), relu_prime(z_one) * (z_one - y) * x[j] / m,
                 "one example: dC/dV dV/da da/dw_j, and a = z wherever ReLU'(z) = 1, so -V = e",
                 quote=r"\sum (w^T x + b - y) x^T \text{ if } x^T w + b > 0", assume=IN_RANGE),
            any_m(wv),
            Step((y - relu(z_one)) * sp.Derivative(y - relu(z_one), w[j]), relu_prime(z_one) * (z_one - y) * x[j],
                 "so each summand V_i dV_i/dw_j is ReLU'(z_i) e_i x_ij: inactive examples add 0, active ones -V_i = e_i",
                 quote=r"\frac{\partial c}{\partial \vec{w}} = \frac{1}{m} \sum_{i=1}^{m} e_i \vec{x}^T", assume=IN_RANGE),
            Step(gradient, (active[0] * data[0, :].T + active[1] * data[1, :].T) / 2,
                 "worked pair, all four patterns of active examples: each example brings its own x_i",
                 quote=r"\frac{1}{m} [e_1 x_1 + e_2 x_1 + \dots] (x^T is not the same for every example; see errata)",
                 assume=pre),
        ),
    )


def mse_bias() -> Derivation:
    _, _, C, active, pre = worked_pair()
    return Derivation(
        id="mse-bias",
        title="MSE of a ReLU neuron: dC/db = 1/m sum over active examples of e_i",
        source=f"{SOURCE}, 3.6",
        definitions=((sp.Symbol("C"), sp.Symbol("1/(2m) sum_i (y_i - a_i)^2")), (a, relu(z)), (z, z_one), (V, y - a), RELU, RELU_PRIME,
                     named_function("V", "the residual y - a, named so its derivative is seen")[1]),
        domain=("worked pair: u_1 = z_1 and u_2 = z_2 replace b and w_1 (linear, invertible)",),
        convention=KINK_CONVENTION,
        steps=(
            Step(sp.Derivative(relu(z_one), b), relu_prime(z_one), "da/db = ReLU'(z) dz/db = ReLU'(z)",
                 quote=r"\frac{\partial a^L}{\partial b} = \{0 \text{ if } w^T x + b \le 0;\ 1 \text{ if } w^T x + b > 0\}"),
            Step(sp.Derivative(y - relu(z_one), b), -relu_prime(z_one), "dV/db = dV/da da/db = -ReLU'(z)",
                 quote=r"\frac{\partial v}{\partial b} = -1 \cdot \{0, 1\}"),
            Step(sp.Derivative(C_one, b), relu_prime(z_one) * (z_one - y) / m, "one example: V/m times -ReLU'(z) is e/m when active",
                 quote=r"\frac{1}{2m} \sum_{i=1}^{m} 2v \frac{\partial v}{\partial b}"),
            any_m(b),
            Step(sp.Derivative(C, b), (active[0] + active[1]) / 2,
                 "worked pair: dC/db = 1/m sum over active examples of e_i", assume=pre),
        ),
    )


# ---------------------------------------------------------------- smaller for correct outputs


def cost_correct() -> Derivation:
    """003: the cost is smaller for correct outputs; 002's C = (A2 - Y)^2 per output, and 004's BCE."""
    a1, a2 = sp.symbols("a_1 a_2", real=True)
    p, t = sp.symbols("p t", positive=True)
    e = sp.Symbol("e", nonnegative=True)
    sq = lambda u: (u - y) ** 2  # noqa: E731
    bce = -y * sp.log(a) - (1 - y) * sp.log(1 - a)
    unit = (a, 1 / (1 + t))  # a in (0, 1)
    return Derivation(
        id="cost-correct",
        title="The cost is smaller for correct outputs: (a - y)^2 is 0 exactly at a = y and grows with the distance",
        source="003_855887773bede445.txt, gradient descent intuition (L16); 002_7e18bd16d66f5e30.txt, C = (A2 - Y)^2"
               " (L3, L40); 004_d835b9d6349844af.txt, J",
        definitions=((sp.Symbol("C"), sq(a)), (sp.Symbol("J"), bce)),
        domain=("a, y real: an output and its target (002's C = (A_2 - Y)^2, entry by entry); p, t > 0, e >= 0",
                "the BCE's a in (0, 1): a = 1/(1 + t) with t > 0"),
        steps=(
            Step(sq(a), 0, "a correct output, a = y, costs nothing", quote="this cost is smaller for correct outputs",
                 assume=((a, y),)),
            Step(sq(a), p**2, "an output above its target, a = y + p (p > 0), costs p^2 > 0", assume=((a, y + p),),
                 quote=r"C = (A_2 - Y)^2"),
            Step(sq(a), p**2, "below it, a = y - p, costs p^2 > 0 as well: C = 0 only at a = y", assume=((a, y - p),),
                 quote="and larger for incorrect ones"),
            Step(SumInOrder(sq(a2), -sq(a1)), t * (2 * e + t),
                 "farther costs more: with a_1 = y + e (e >= 0) and a_2 = a_1 + t (t > 0), C(a_2) - C(a_1) = t(2e + t) > 0",
                 quote="C is the Loss function which measures how far the network's prediction is from the target",
                 assume=((a2, a1 + t), (a1, y + e))),
            Step(SumInOrder(sq(a2), -sq(a1)), t * (2 * e + t), "the same below the target: a_1 = y - e, a_2 = a_1 - t",
                 assume=((a2, a1 - t), (a1, y - e)), quote="how far the network's prediction is from the target"),
            Step(sp.Derivative(bce, a), -1 / a, "004's cross-entropy with label y = 1: dJ/da = -1/a < 0 on (0, 1),"
                 " so J falls as a rises to the correct 1", assume=((y, 1), unit),
                 quote=r"J = -\frac{1}{2} \left(y_i \log(a_i) + (1-y_i) \log(1-a_i) \right)"),
            Step(sp.Derivative(bce, a), 1 / (1 - a), "with label y = 0: dJ/da = 1/(1 - a) > 0, so J falls as a"
                 " drops to the correct 0", assume=((y, 0), unit), quote=r"(1-y_i) \log(1-a_i)"),
        ),
    )


# ---------------------------------------------------------------- gradient descent

C_theta = cost("C", 2)
J_example = cost("J", 2)  # J(w, i): the loss of example i, any function


def _steepest_descent() -> list[Step]:
    """-grad C is the direction of steepest descent, for any cost C of two parameters."""
    t1, t2, g1, g2, u1, u2, alpha = sp.symbols("theta_1 theta_2 g_1 g_2 u_1 u_2 alpha", real=True)
    grad = [C_theta.partial(1)(t1, t2), C_theta.partial(2)(t1, t2)]
    along = lambda v1, v2: sp.Subs(sp.Derivative(C_theta(t1 - alpha * v1, t2 - alpha * v2), alpha), alpha, 0)  # noqa: E731
    norm = sp.sqrt(g1**2 + g2**2)
    return [
        Step(along(g1, g2), -(g1 * grad[0] + g2 * grad[1]),
             "moving theta by -alpha g changes C at rate -g . grad C (chain rule at alpha = 0)"),
        Step(along(*grad), -(grad[0] ** 2 + grad[1] ** 2),
             "along g = grad C the rate is -|grad C|^2 < 0: the cost decreases",
             quote=r"take the negative of the gradient (-\nabla C) as this will tell us how to most quickly decrease the cost"),
        Step((g1**2 + g2**2) * (u1**2 + u2**2) - (g1 * u1 + g2 * u2) ** 2, (g1 * u2 - g2 * u1) ** 2,
             "Lagrange's identity: so |g . u| <= |g| |u|, with equality only for u parallel to g"),
        Step(g1 * (-g1 / norm) + g2 * (-g2 / norm), -norm,
             "the unit direction u = -g/|g| reaches the bound -|g|: no unit direction descends faster",
             quote=r"the gradient of a function points in the direction of steepest ascent"),
    ]


QUADRATIC = "C(theta) = c + beta^T theta + theta^T H theta / 2, H = [[h_11, h_12], [h_12, h_22]], g = beta + H theta"


def _quadratic_step() -> Step:
    """For a quadratic cost the first-order expansion is exact up to one alpha^2 term."""
    t, beta = sp.Matrix(sp.symbols("theta_1 theta_2", real=True)), sp.Matrix(sp.symbols("beta_1 beta_2", real=True))
    h11, h12, h22, c, alpha = sp.symbols("h_11 h_12 h_22 c alpha", real=True)
    H = sp.Matrix([[h11, h12], [h12, h22]])
    C = lambda v: c + (beta.T * v)[0] + (v.T * H * v)[0] / 2  # noqa: E731
    g = sp.Matrix([shown(f"g_{r + 1}", e) for r, e in enumerate(beta + H * t)])  # grad C at theta
    moved = shown("C(theta - alpha g)", C(t - alpha * g), "C(θ - α⋅g)")
    return Step(moved, shown("C(theta)", C(t), "C(θ)") - alpha * (g.T * g)[0] + alpha**2 / 2 * (g.T * H * g)[0],
                "quadratic C: one step theta - alpha g with g = grad C changes C by -alpha |g|^2 + alpha^2/2 g^T H g")


def gradient_descent() -> Derivation:
    examples, size = 10**6, 120
    ratio = sp.Mul(examples, sp.Pow(size, -1, evaluate=False), evaluate=False)
    return Derivation(
        id="gradient-descent",
        title="Gradient descent: -grad C is the steepest descent; the update rule; mini-batch arithmetic",
        source=f"{SOURCE}, 3.7-3.8; 004_d835b9d6349844af.txt, w_new = w_old - alpha sum dJ/dw",
        definitions=((sp.Symbol("theta_new"), sp.Symbol("theta - alpha grad C")), ("quadratic", QUADRATIC),
                     *named_function("C", "any differentiable cost"), *named_function("J", "any differentiable loss"),
                     ("g", "grad C, the gradient")),
        domain=("C and J: generic differentiable functions with named partial derivatives d_k C, d_1 J",),
        steps=(
            *_steepest_descent(),
            _quadratic_step(),
            Step(sp.Derivative(sp.Sum(J_example(wv, i), (i, 1, N)), wv), sp.Sum(J_example.partial(1)(wv, i), (i, 1, N)),
                 "a batch of N examples: the gradient of sum_i J_i is the sum of the N gradients",
                 quote=r"w^{new} = w^{old} - \alpha \sum_{i=0}^N \frac{\partial J}{\partial w}  (N terms are i = 1..N; see errata)"),
            Step(sp.floor(ratio, evaluate=False), 8333, "10^6 examples in batches of 120: 8,333 full batches",
                 quote="1,000,000 training examples ... batches of size 120"),
            Step(sp.Add(examples, sp.Mul(-8333, size, evaluate=False), evaluate=False), 40,
                 "they hold 999,960 examples; 40 are left over"),
            Step(sp.ceiling(ratio, evaluate=False), 8334, "so 8,334 batches in all, the last one holding 40",
                 quote="8,333 batches (with the last one being partially full)  (8,334; see errata)"),
        ),
    )


DERIVATIONS = (mse_weights, mse_bias, cost_correct, gradient_descent)

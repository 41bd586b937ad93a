"""Gradient descent and SGD (001 3.8, 003): when a step lowers the cost, and why mini-batches work.

A step is an equality, so "the cost decreases" is stated as an identity whose right side is
manifestly signed (a negated sum of squares times positive factors), and the range of the learning
rate is a reparametrisation: 0 < alpha < 2/lambda is alpha = 2/(lambda (1 + t)) with t > 0. The
sign of each such side is checked by SymPy's assumptions in the tests, never by numbers. The
quadratic C(w) = lambda w^2 / 2 is the cost near any minimum with curvature lambda; near a
minimum the conclusion is local, here it is exact.
"""
from __future__ import annotations

from itertools import combinations

import sympy as sp

from .costs import J_example
from .generic import SumInOrder, in_order, named_function
from ..step import Derivation, Step

SOURCE = "001_1350167788b7a5e9.txt"
INTUITION = "003_855887773bede445.txt"
w, alpha, w1, w2 = sp.symbols("w alpha w_1 w_2", real=True)
lam, t = sp.symbols("lambda t", positive=True)
s = sp.Symbol("s", nonnegative=True)

INSIDE = 2 / (lam * (1 + t))  # 0 < alpha < 2/lambda, exactly, as t ranges over t > 0
BEYOND = 2 * (1 + t) / lam  # alpha > 2/lambda
OVERSHOOT = "If the learning rate is too big, it could overshoot the minima and thus it may not converge"
TOO_SMALL = 'If the lowrning rate is two small, it could get "stuck" and not converge to the optimal point as it moves too slowly'
SHRINK = "These steps naturally decrease as a minima is approached"
k_it, j_it = sp.symbols("k j", integer=True)  # the iteration, and a step before it
dk_it = sp.Symbol("d_k", integer=True, nonnegative=True)  # k >= 0 as k = d_k
w0 = sp.Symbol("w_0", real=True)  # the start
FACTOR = SumInOrder(1, -alpha * lam)  # 1 - alpha lambda, as written: one step multiplies w by it


def C(u: sp.Expr) -> sp.Expr:
    """The one-weight quadratic cost lambda u^2 / 2 (minimum 0 at u = 0)."""
    return lam * u**2 / 2


def C2(u1: sp.Expr, u2: sp.Expr) -> sp.Expr:
    """Two weights, diagonal curvature: lambda_1 = lambda/(1 + s) <= lambda_2 = lambda, s >= 0."""
    return (lam / (1 + s) * u1**2 + lam * u2**2) / 2


def _moved(alpha_value: sp.Expr) -> sp.Expr:
    """C after one step w - alpha C'(w), minus C before it, at a given learning rate.

    The rate stays a visible factor (unevaluated), so alpha = 2/lambda reads as such and the step
    is not folded to 0 = 0 while it is built.
    """
    return C(w - sp.Mul(alpha_value, lam * w, evaluate=False)) - C(w)


def _moved2(alpha_value: sp.Expr, u1: sp.Expr = w1) -> sp.Expr:
    l1 = lam / (1 + s)
    return (C2(u1 - sp.Mul(alpha_value, l1 * u1, evaluate=False), w2 - sp.Mul(alpha_value, lam * w2, evaluate=False))
            - C2(u1, w2))


def step_size() -> Derivation:
    return Derivation(
        id="step-size",
        title="Gradient descent on a quadratic: a step lowers the cost exactly when 0 < alpha < 2/lambda; the steps"
              " shrink, and a small rate moves slowly",
        source=f"{SOURCE}, 3.8 (the learning rate); {INTUITION}, gradient descent intuition",
        definitions=(("C(w)", "lambda w^2 / 2"), ("C(w_1, w_2)", "(lambda_1 w_1^2 + lambda_2 w_2^2) / 2"),
                     ("step", "w -> w - alpha dC/dw"), ("w_k", "the weight after k steps from w_0")),
        domain=("lambda > 0 (the curvature); w, w_1, w_2, alpha real",
                "0 < alpha < 2/lambda: alpha = 2/(lambda (1 + t)) with t > 0; alpha > 2/lambda: alpha = 2(1 + t)/lambda;"
                " alpha < 0: alpha = -t",
                "two weights: lambda_1 = lambda/(1 + s) <= lambda_2 = lambda with s >= 0 (lambda is the largest)",
                "iterations: k >= 0 an integer, k = d_k with d_k >= 0; 0 < alpha < 1/lambda: alpha = 1/(lambda (1 + t))"),
        steps=(
            Step(sp.Derivative(C(w), w), lam * w, "the gradient of lambda w^2 / 2 is lambda w"),
            Step(_moved(alpha), -sp.Mul(alpha * lam**2 * w**2 / 2, 2 - alpha * lam),
                 "one step w - alpha lambda w changes C by -(alpha lambda^2 w^2 / 2)(2 - alpha lambda)",
                 quote="Gradient descent is an iterative process ... lower the cost by adjusting the weights"),
            Step(_moved(INSIDE), -2 * lam * t * w**2 / (1 + t) ** 2,
                 "0 < alpha < 2/lambda (alpha = 2/(lambda(1 + t)), t > 0): the change is <= 0, < 0 unless w = 0",
                 quote="if the slope of the function at the given point is decreasing, a step is then taken in that"
                       " direction"),
            Step(_moved(2 / lam), 0, "alpha = 2/lambda: the step jumps from w to -w; the cost never decreases"),
            Step(_moved(-t), t * lam**2 * w**2 * (2 + t * lam) / 2,
                 "alpha < 0 (alpha = -t): the step climbs; the change is >= 0"),
            Step(_moved(BEYOND), 2 * lam * t * (1 + t) * w**2,
                 "alpha > 2/lambda (alpha = 2(1 + t)/lambda): it overshoots, the change is >= 0 and grows with t",
                 quote=OVERSHOOT),
            Step(_moved2(alpha), -sp.Add(sp.Mul(alpha * lam**2 * w1**2 / (2 * (1 + s) ** 2), 2 - alpha * lam / (1 + s)),
                                         sp.Mul(alpha * lam**2 * w2**2 / 2, 2 - alpha * lam)),
                 "two weights, diagonal curvature: each coordinate changes as in one dimension"),
            Step(_moved2(INSIDE), -2 * lam * (t * w2**2 / (1 + t) ** 2 + (s + t + s * t) * w1**2 / ((1 + s) ** 3 * (1 + t) ** 2)),
                 "0 < alpha < 2/lambda_max (alpha = 2/(lambda(1 + t))): both terms <= 0, so the cost decreases"),
            Step(_moved2(BEYOND, 0), 2 * lam * t * (1 + t) * w2**2,
                 "alpha > 2/lambda_max: along the steepest axis (w_1 = 0) the cost grows, so the bound is exact",
                 quote=OVERSHOOT),
            *_iterates(),
        ),
    )


def _iterates() -> list[Step]:
    """The iterates w_k = (1 - alpha lambda)^k w_0: the steps shrink, and a small rate moves slowly."""
    w_k = lambda q: FACTOR**q * w0  # noqa: E731
    k_range = ((k_it, dk_it),)  # k >= 0
    slow = ((k_it, dk_it), (alpha, 1 / (lam * (1 + t))))  # k >= 0, 0 < alpha < 1/lambda
    return [
        Step(w_k(k_it) - alpha * sp.Subs(sp.Derivative(C(w), w), w, w_k(k_it)), w_k(k_it + 1),
             "from w_k = (1 - alpha lambda)^k w_0 one step gives (1 - alpha lambda)^(k+1) w_0: by induction from"
             " w_0, the iterate after k steps, for every k >= 0", assume=k_range,
             quote="Gradient descent is an iterative process. It takes many iterations to lower the cost"),
        Step(w_k(k_it + 1) - w_k(k_it), -alpha * lam * w_k(k_it),
             "step k moves w by -alpha lambda w_k: proportional to the distance w_k from the minimum",
             assume=k_range, quote='The learning rate plays a critical role in determining how big the "steps" of'
                                   ' adjusting the weights and biases are'),
        Step(w_k(k_it + 2) - w_k(k_it + 1), in_order(FACTOR, w_k(k_it + 1) - w_k(k_it)),
             "each step is (1 - alpha lambda) times the one before", assume=k_range,
             quote="These steps naturally decrease"),
        Step(1 - FACTOR**2, 4 * t / (1 + t) ** 2,
             "0 < alpha < 2/lambda (alpha = 2/(lambda(1 + t))): 1 - (1 - alpha lambda)^2 > 0, so |1 - alpha lambda| < 1"
             " and the steps shrink geometrically as the minimum is approached", quote=SHRINK, assume=((alpha, INSIDE),)),
        Step(k_it * alpha * lam - (1 - FACTOR**k_it), alpha * lam * sp.Sum(1 - FACTOR**j_it, (j_it, 0, k_it - 1)),
             "0 < alpha < 1/lambda: 0 < 1 - alpha lambda < 1, so every term is >= 0 and k steps cover at most the"
             " fraction k alpha lambda of the way to the minimum: halfway takes at least 1/(2 alpha lambda) steps",
             quote=TOO_SMALL, assume=slow),
        Step(_moved(alpha) / alpha, -(lam**2) * w**2 * (1 - alpha * lam / 2),
             "a small rate gains little: one step lowers C by alpha lambda^2 w^2 (1 - alpha lambda/2), O(alpha)",
             quote="as it moves too slowly"),
    ]


# ---------------------------------------------------------------- two minima (003)

def local_minima() -> Derivation:
    """003: "random initialization can influence the local minima this lands on", on a cost with two minima."""
    rate, v, u = sp.Symbol("alpha", positive=True), sp.Symbol("v", positive=True), sp.Symbol("u", real=True)
    cost = (w**2 - 1) ** 2 / 4
    slope = sp.Derivative(cost, w)
    moved = w - rate * slope
    factor = SumInOrder(1, -rate * (w**2 - 1))  # 1 - alpha (w^2 - 1), as written
    return Derivation(
        id="local-minima",
        title="Two minima: where gradient descent lands depends on where it starts",
        source=f"{INTUITION}, gradient descent intuition (L17-18)",
        definitions=(("C(w)", "(w^2 - 1)^2 / 4, a cost with two minima"), ("step", "w -> w - alpha dC/dw")),
        domain=("w real; alpha > 0 (the learning rate); t, v > 0",
                "alpha (w^2 - 1) < 1 as alpha = (1 - t)/(w^2 - 1) with t > 0 (w^2 != 1);"
                " -1 < w < 1 as w = (1 - v)/(1 + v) with v > 0"),
        steps=(
            Step(slope, w * (w**2 - 1), "the slope w(w^2 - 1) vanishes at w = -1, 0 and 1",
                 quote="often the cost function can be very complex with multiple minima"),
            Step(cost, (w - 1) ** 2 * (w + 1) ** 2 / 4, "a square: C >= 0, and C = 0 exactly at w = 1 and w = -1,"
                 " two minima", quote="with multiple minima"),
            Step(sp.Derivative(cost, w, 2), 2, "the curvature at w = 1 is 2 > 0", assume=((w, 1),)),
            Step(sp.Derivative(cost, w, 2), 2, "and at w = -1", assume=((w, -1),)),
            Step(sp.Derivative(cost, w, 2), -1, "at w = 0 it is -1: a maximum, C(0) = 1/4, separates the two basins",
                 assume=((w, 0),)),
            Step(moved, in_order(w, factor), "one step multiplies w by 1 - alpha(w^2 - 1)",
                 quote="a step is then taken in that direction"),
            Step(moved, t * w, "whenever alpha(w^2 - 1) < 1 (= 1 - t, t > 0) the factor is t > 0: w keeps its sign,"
                 " so descent never crosses 0 and stays on the side where it started",
                 quote="Note random initialization can influence the local minima this lands on",
                 assume=((rate, (1 - t) / (w**2 - 1)),)),
            Step(factor, 1 + 4 * rate * v / (1 + v) ** 2,
                 "started between the minima (-1 < w < 1), that holds for every rate alpha > 0",
                 assume=((w, (1 - v) / (1 + v)),)),
            Step(-w - rate * sp.Subs(sp.Derivative((u**2 - 1) ** 2 / 4, u), u, -w), -moved,
                 "C is even, so its step is odd: from -w_0 descent takes the mirror path -w_k, to the other minimum",
                 quote="the local minima this lands on"),
        ),
    )


# ---------------------------------------------------------------- mini-batches

m, k = sp.symbols("m k", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
dm = sp.Symbol("d_m", integer=True, nonnegative=True)


def _expected_batch_gradient(examples: int, size: int) -> Step:
    """The average, over every batch of ``size`` of ``examples`` examples, of the batch gradient."""
    batches = list(combinations(range(1, examples + 1), size))
    means = [sp.Derivative(sp.Add(*[J_example(w, e) for e in batch]) / size, w) for batch in batches]
    expectation = sp.Mul(sp.Rational(1, len(batches)), sp.Add(*means, evaluate=False), evaluate=False)
    full = sp.Add(*[J_example.partial(1)(w, e) for e in range(1, examples + 1)]) / examples
    return Step(expectation, full,
                f"m = {examples}, batches of {size}: the mean over all {len(batches)} equally likely batches of the"
                f" batch gradient is the full gradient (1/{examples}) sum_i dJ_i/dw",
                quote="Batch Stochastic gradient descent: ... updated iteratively with a subset of observations,"
                      " called minibatches")


def mini_batch() -> Derivation:
    return Derivation(
        id="mini-batch",
        title="SGD: a uniformly drawn mini-batch gradient is an unbiased estimate of the full gradient, at k/m of"
              " the cost",
        source=f"{SOURCE}, 3.8 (SGD, mini-batches); {INTUITION}, stochastic gradient descent",
        definitions=(("C(w)", "(1/m) sum_i J(w, i), the full cost"),
                     ("g_B", "(1/|B|) sum_(i in B) dJ(w, i)/dw, the gradient of a batch B"),
                     *named_function("J", "J(w, i), the loss of example i")),
        domain=("J(w, i): the loss of example i, a generic differentiable function with named partial d_1 J",
                "every batch of size k is drawn with the same probability 1/C(m, k); 1 <= k <= m: m = k + d_m, d_m >= 0"),
        steps=(
            Step(sp.Sum(sp.Derivative(J_example(w, i), w) / m, (i, 1, m)),
                 sp.Derivative(sp.Sum(J_example(w, i), (i, 1, m)) / m, w),
                 "any m, batches of one (plain SGD): each example drawn with probability 1/m, so the expected"
                 " gradient is the full gradient",
                 quote="calculate the gradient using just a small part of the observations instead of all"),
            Step(sp.binomial(m - 1, k - 1) / (k * sp.binomial(m, k)), 1 / m,
                 "any m and k: each example lies in C(m - 1, k - 1) of the C(m, k) batches, each gradient weighted"
                 " 1/k, so E[g_B] = (1/m) sum_i dJ_i/dw", assume=((m, k + dm),)),
            _expected_batch_gradient(3, 2),
            _expected_batch_gradient(4, 2),
            _expected_batch_gradient(4, 3),
            *_computation(),
        ),
    )


def _computation() -> list[Step]:
    """What an update costs, counted in per-example gradients (sums of ones, as layer-chain counts entries)."""
    full, batch = sp.Sum(1, (i, 1, m)), sp.Sum(1, (i, 1, k))
    return [
        Step(full, m, "a full gradient step computes one gradient per example: m of them", quote="instead of all"),
        Step(batch, k, "a mini-batch step computes k of them, one per example of the batch",
             quote="calculate the gradient using just a small part of the observations"),
        Step(1 - batch / full, dm / (k + dm),
             "so an update costs the fraction k/m of a full step: 1 - k/m = d_m/m >= 0, > 0 whenever k < m (one pass"
             " over the data still costs m gradients, but makes m/k updates instead of one)", assume=((m, k + dm),),
             quote="Can beduce computation time"),
        Step(sp.Sum(1, (i, 1, 120)) / sp.Sum(1, (i, 1, 10**6)), sp.Rational(3, 25000),
             "the notes' batches of 120 of 1,000,000 examples: each update costs 3/25,000 of a full gradient step",
             quote="1,000,000 training examples, n, and we take batches of size 120"),
    ]


DERIVATIONS = (step_size, local_minima, mini_batch)

"""Gradient checking by central differences, with a report that names the worst entry.

The comparison, for each entry i of x (all in float64):

- step: h_i = eps * max(1, |x_i|) with eps = cbrt(machine epsilon) ~ 6.1e-6 by default, which
  balances the O(h^2) truncation error of a central difference against its O(eps/h) round-off;
- numeric: n_i = (f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i);
- round-off floor: noise_i = 32 * machine_eps * max|f(x +- h_i e_i)| / (2 h_i), the difference a
  central difference cannot resolve (16 ulps of error in each evaluation of f);
- relative error: r_i = |a_i - n_i| / max(|a_i|, |n_i|, floor_i), floor_i = max(atol, noise_i / rtol);
- an entry passes when r_i <= rtol (default 1e-5; atol default 1e-8).

Equivalently an entry fails only when |a_i - n_i| > max(rtol * max(|a_i|, |n_i|), rtol * atol,
noise_i). So a tiny true gradient (a saturated sigmoid: 1e-300 against a numeric 0, or a numeric
value that is pure round-off) passes, while a wrong gradient larger than the round-off of f still
fails. Entries with both values under the floor are counted in ``below_floor``: agreement there
proves little, and the report says so rather than hiding it.

Kinks, without a hint (a black-box f). At a kink the central difference averages two one-sided
slopes and agrees with neither, so each entry is also differenced one-sidedly, with second-order
stencils at two steps, h and h/2:

    R_h = (-3 f(x) + 4 f(x + h) - f(x + 2h)) / 2h,   L_h = (3 f(x) - 4 f(x - h) + f(x - 2h)) / 2h.

Where f is smooth, R and L agree to O(h^2) at both steps. At a kink they differ by the jump in
slope, and the gap stays as h halves. Within T = max(rtol * the largest of them, the round-off of
the stencils), an entry is:

- *smooth* when R and L agree at both steps: compared with the central difference, as above;
- *at a kink* when each side is stable (R_h = R_h/2, L_h = L_h/2, and the central differences at h
  and 2h agree) but the sides differ: it passes when the analytic value equals one of the two
  one-sided slopes (reported as "at a kink: matches the left derivative"), and fails otherwise,
  the report naming both slopes;
- *near a kink* when only one side is stable (the kink lies inside the other side's stencil, so the
  derivative at x is the stable side's): compared with that side's slope;
- *excluded* when neither side is stable (kinks on both sides within 2h): nothing is claimed.

This costs six evaluations of f per entry instead of two. A wrong gradient is still caught at a
kink unless it happens to equal the slope on one side of it.

Kinks, with a hint. ``kink=`` gives the pre-activations (or a mask) instead: where a ReLU's
pre-activation changes sign inside the stencil [x - h e_i, x + h e_i], or is exactly 0 at its centre
or an end, the entry is *excluded* and listed in ``excluded`` (two evaluations per entry). Only sign
changes seen at the three stencil points are detected; a pre-activation that crosses 0 and returns
within one step is not. ``check_network`` passes this hint for its ReLU layers.

What this module does not do: it does not choose where to check (callers pass x), and it does
not check float32 code directly (``check_network`` checks a float64 copy).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from numeric.activations import NumericError
from numeric.network import Network

Array = np.ndarray
Index = tuple[int, ...]
KinkFn = Callable[[Array], "Array | Sequence[Array]"]
Progress = Callable[[int, int], None]  # (entries done, entries in all)

MACHINE_EPS = float(np.finfo(np.float64).eps)
DEFAULT_EPS = float(np.cbrt(MACHINE_EPS))  # ~6.06e-6
DEFAULT_RTOL = 1e-5
DEFAULT_ATOL = 1e-8
NOISE_ULPS = 32.0
N_WORST = 5


@dataclass(frozen=True)
class Kink:
    """An entry whose one-sided slopes differ: ``where`` is "at" (x on the kink) or "near" (a kink
    inside one side's stencil); ``side`` is the slope the analytic value was compared with."""

    where: str
    side: str
    left: float
    right: float

    def as_dict(self) -> dict:
        return {"where": self.where, "side": self.side, "left": _finite(self.left), "right": _finite(self.right)}

    def describe(self, matched: bool) -> str:
        if self.where == "near":
            return f"near a kink: compared with the {self.side} derivative"
        if matched:
            return f"at a kink: matches the {self.side} derivative"
        return f"at a kink: matches neither the left derivative {self.left:.6g} nor the right {self.right:.6g}"


@dataclass(frozen=True)
class Entry:
    """One compared entry: its index, the two values, and their relative error."""

    index: Index
    analytic: float
    numeric: float
    rel_error: float
    kink: Kink | None = None
    matched: bool = True  # within the tolerance (set by the check that made the entry)

    def as_dict(self) -> dict:
        """``{"index": [...], "analytic", "numeric", "rel_error", "kink"}``; a value that is not
        finite is None, and so is ``kink`` away from kinks."""
        return {"index": list(self.index), "analytic": _finite(self.analytic), "numeric": _finite(self.numeric),
                "rel_error": _finite(self.rel_error), "kink": self.kink.as_dict() if self.kink else None}

    def describe(self) -> str:
        """analytic and numeric values, and at a kink what they were compared with."""
        text = f"analytic {self.analytic:.6g}, numeric {self.numeric:.6g}"
        return text + (f" ({self.kink.describe(self.matched)})" if self.kink else "")


@dataclass(frozen=True)
class GradcheckResult:
    """The verdict of a check, with enough detail to see *what* failed and by how much.

    ``passed`` is true when at least one entry was compared and every compared entry has
    rel_error <= rtol; when every entry was excluded nothing was verified, so ``passed`` is false
    and ``verdict`` is "undecided". ``worst`` holds up to five entries, largest rel_error first. ``excluded``
    lists the indices skipped because their stencil crossed a kink; ``below_floor`` counts compared
    entries whose values were both under the round-off floor.
    """

    passed: bool
    max_rel_error: float
    worst: list[Entry]
    excluded: list[Index]
    checked: int
    below_floor: int
    rtol: float
    atol: float
    eps: float
    name: str = ""
    rel_errors: Array = field(default_factory=lambda: np.zeros(0), repr=False, compare=False)
    at_kinks: list[Entry] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """"passed", "failed", or "undecided" when every entry was excluded at a kink."""
        if self.checked == 0:
            return "undecided"
        return "passed" if self.passed else "failed"

    def summary(self) -> str:
        """One line: the verdict, the largest relative error, and the worst entry if it failed."""
        label = f"{self.name}: " if self.name else ""
        if self.checked == 0:
            return f"{label}undecided: all {len(self.excluded)} entries excluded at kinks"
        verdict = "passed" if self.passed else "FAILED"
        text = (f"{label}{verdict}, max rel error {self.max_rel_error:.2e} (rtol {self.rtol:.0e}) "
                f"over {self.checked} entries")
        if self.at_kinks:
            text += f", {len(self.at_kinks)} at or near kinks"
        if self.excluded:
            text += f", {len(self.excluded)} excluded at kinks"
        if not self.passed:
            w = self.worst[0]
            text += f"; worst {self.name}{list(w.index)}: {w.describe()}"
        return text

    def __str__(self) -> str:
        return self.summary()

    def as_dict(self, worst: int = 3) -> dict:
        """The JSON of one parameter in ``gradproof gradcheck --json``: strict (no NaN or inf)."""
        return {"passed": self.passed, "verdict": self.verdict, "max_rel_error": _finite(self.max_rel_error),
                "checked": self.checked, "excluded": len(self.excluded), "at_kinks": len(self.at_kinks),
                "below_floor": self.below_floor,
                "rtol": self.rtol, "worst": [e.as_dict() for e in self.worst[:worst]]}


def _finite(value: float) -> float | None:
    """None for NaN and infinities, which strict JSON cannot hold."""
    return float(value) if np.isfinite(value) else None


def gradcheck(
    f: Callable[[Array], float],
    grad_f: Callable[[Array], Array],
    x: Array,
    *,
    eps: float | None = None,
    rtol: float = DEFAULT_RTOL,
    atol: float = DEFAULT_ATOL,
    kink: KinkFn | None = None,
    name: str = "",
    progress: Progress | None = None,
) -> GradcheckResult:
    """Compare ``grad_f(x)`` with finite differences of the scalar function ``f`` at ``x``.

    ``x`` may have any shape; ``grad_f(x)`` must have the same shape. ``eps`` is the relative step
    (h_i = eps * max(1, |x_i|)). Without ``kink``, kinks are found from one-sided differences (see
    the module docstring); ``kink(x)`` instead returns either a boolean array shaped like ``x``
    (True = exclude that entry) or the pre-activation arrays whose sign changes are kinks.
    Defaults suit float64: rtol 1e-5, atol (the floor of the relative error's denominator) 1e-8,
    raised per entry to the round-off of f; the exact rule is in the module docstring.
    ``progress(done, total)`` is called after each entry is differenced.
    """
    x = np.array(x, dtype=np.float64)
    analytic = np.asarray(grad_f(x.copy()), dtype=np.float64)
    if analytic.shape != x.shape:
        raise NumericError(f"{name or 'gradient'}: analytic gradient has shape {analytic.shape}, x has {x.shape}")
    return _check(_scalar(f), analytic, x, eps, kink, rtol=rtol, atol=atol, name=name, progress=progress)


def jacobian_check(
    F: Callable[[Array], Array],
    jac_F: Callable[[Array], Array],
    x: Array,
    *,
    eps: float | None = None,
    rtol: float = DEFAULT_RTOL,
    atol: float = DEFAULT_ATOL,
    kink: KinkFn | None = None,
    name: str = "",
    progress: Progress | None = None,
) -> GradcheckResult:
    """Compare the Jacobian ``jac_F(x)`` of ``F: R^n -> R^m`` with finite differences.

    ``jac_F(x)`` has shape ``F(x).shape + x.shape`` (entry [j, i] = dF_j/dx_i); entry indices in
    the report follow that layout. With ``kink``, an excluded input index excludes its whole
    column; without, each entry [j, i] is classified on its own. ``excluded`` lists input
    indices. Tolerances as in :func:`gradcheck`.
    """
    x = np.array(x, dtype=np.float64)
    out_shape = np.shape(F(x.copy()))
    analytic = np.asarray(jac_F(x.copy()), dtype=np.float64)
    if analytic.shape != out_shape + x.shape:
        raise NumericError(f"{name or 'Jacobian'}: has shape {analytic.shape}, expected {out_shape + x.shape}")
    return _check(F, analytic, x, eps, kink, rtol=rtol, atol=atol, name=name, progress=progress)


def _check(F: Callable[[Array], Array], analytic: Array, x: Array, eps: float | None, kink: KinkFn | None, *,
           rtol: float, atol: float, name: str, progress: Progress | None) -> GradcheckResult:
    if kink is not None:
        numeric, noise, excluded = _differences(F, x, eps, kink, progress)
        return _compare(analytic, numeric, noise, excluded, rtol=rtol, atol=atol, eps=eps, name=name)
    d = _one_sided(F, x, eps, rtol, atol, progress)
    return _compare(analytic, d.numeric, d.noise, d.unresolved, rtol=rtol, atol=atol, eps=eps, name=name, sides=d,
                    x_ndim=x.ndim)


def check_network(
    net: Network,
    X: Array,
    Y: Array,
    *,
    backward: Callable[[Network, Array, Array], tuple[list[Array], list[Array]]] | None = None,
    eps: float | None = None,
    rtol: float = DEFAULT_RTOL,
    atol: float = DEFAULT_ATOL,
    kinks: bool = True,
    progress: Progress | None = None,
) -> dict[str, GradcheckResult]:
    """Check backprop's gradient of every parameter of ``net`` on the batch (X, Y).

    Returns one result per parameter, keyed ``"W1", "b1", "W2", ...``. ``backward(net, X, Y)``
    defaults to ``net.backward``; pass another (e.g. a mutant) to check it instead. The check
    runs on a float64 copy of ``net``, which is left untouched. With ``kinks`` (the default),
    entries whose stencil moves any ReLU layer's pre-activation across 0 are excluded; without,
    the network is a black box and kinks are detected from one-sided differences (module
    docstring). ``progress(done, total)`` is called as entries are differenced, counting over
    every parameter.
    """
    net = net.astype(np.float64)
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    dW, db = backward(net, X, Y) if backward else net.backward(X, Y)
    grads = {name: g for i, (gW, gb) in enumerate(zip(dW, db), start=1)
             for name, g in ((f"W{i}", gW), (f"b{i}", gb))}
    results, params = {}, net.named_params()
    total, done = sum(p.size for p in params.values()), 0
    for name, p in params.items():
        step = None if progress is None else (lambda k, _, before=done: progress(before + k, total))
        results[name] = _check_parameter(net, p, np.asarray(grads[name]), X, Y, kinks,
                                         eps=eps, rtol=rtol, atol=atol, name=name, progress=step)
        done += p.size
    return results


def _check_parameter(net: Network, p: Array, grad: Array, X: Array, Y: Array, kinks: bool,
                     **options) -> GradcheckResult:
    """Gradcheck one parameter array of ``net`` in place, restoring its values afterwards."""
    original = p.copy()

    def at(value: Array) -> Network:
        p[...] = value
        return net

    relu_layers = [i for i, act in enumerate(net.activations) if act.name == "relu"]

    def preactivations(value: Array) -> list[Array]:
        z, _ = at(value).forward(X)
        return [z[i] for i in relu_layers]

    try:
        return gradcheck(lambda value: at(value).loss(X, Y), lambda _: grad, original,
                         kink=preactivations if kinks and relu_layers else None, **options)
    finally:
        p[...] = original


# --- the two halves of a check: central differences, then the comparison ---
def _scalar(f: Callable[[Array], float]) -> Callable[[Array], Array]:
    """Wrap f so a non-scalar result is reported as a usage error, not a confusing shape clash."""
    def wrapped(x: Array) -> Array:
        value = np.asarray(f(x), dtype=np.float64)
        if value.shape != ():
            raise NumericError(f"gradcheck needs a scalar function; got shape {value.shape} (use jacobian_check)")
        return value
    return wrapped


def _differences(F: Callable[[Array], Array], x: Array, eps: float | None,
                 kink: KinkFn | None, progress: Progress | None = None) -> tuple[Array, Array, Array]:
    """Central differences of F for each entry of x, their round-off floors, and the kink mask."""
    out_shape = np.shape(F(x.copy()))
    numeric = np.zeros(out_shape + x.shape)
    noise = np.zeros(out_shape + x.shape)
    crosses = _kink_test(kink, x)
    excluded = np.zeros(x.shape, dtype=bool)
    h = (DEFAULT_EPS if eps is None else eps) * np.maximum(1.0, np.abs(x))
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h[i]
        xm[i] -= h[i]
        step = xp[i] - xm[i]  # the step actually taken, after rounding x +- h
        fp, fm = np.asarray(F(xp), dtype=np.float64), np.asarray(F(xm), dtype=np.float64)
        numeric[(...,) + i] = (fp - fm) / step
        noise[(...,) + i] = NOISE_ULPS * MACHINE_EPS * np.maximum(np.abs(fp), np.abs(fm)) / step
        excluded[i] = crosses(i, xp, xm)
        if progress is not None:
            progress(int(np.ravel_multi_index(i, x.shape)) + 1 if x.shape else 1, x.size)
    return numeric, noise, excluded


SMOOTH, AT_KINK, NEAR_KINK = 0, 1, 2
OFFSETS = (-2.0, -1.0, -0.5, 0.5, 1.0, 2.0)  # in steps h: the stencils of C_h, C_2h, R_h, R_h/2, L_h, L_h/2


@dataclass
class _Sided:
    """Differences of every entry [j, i] (F's output j, x's entry i), classified (module docstring).

    ``numeric`` is the central difference where smooth and the stable side's slope near a kink
    (at a kink the side is chosen by the comparison); ``noise`` the round-off of whichever is used.
    """

    numeric: Array
    noise: Array
    state: Array
    left: Array
    right: Array
    unresolved: Array
    near_right: Array  # near a kink, the right side is the clean one


def _one_sided(F: Callable[[Array], Array], x: Array, eps: float | None, rtol: float, atol: float,
               progress: Progress | None) -> _Sided:
    f0 = np.asarray(F(x.copy()), dtype=np.float64)
    h = (DEFAULT_EPS if eps is None else eps) * np.maximum(1.0, np.abs(x))
    est = {key: np.zeros(f0.shape + x.shape) for key in ("C1", "C2", "R1", "R2", "L1", "L2", "noise_c", "delta")}
    for n, i in enumerate(np.ndindex(x.shape), start=1):
        f, shifted = {}, {}
        for t in OFFSETS:
            moved = x.copy()
            moved[i] += t * h[i]
            shifted[t], f[t] = moved[i], np.asarray(F(moved), dtype=np.float64)
        at, hi = (...,) + i, h[i]
        step = shifted[1.0] - shifted[-1.0]  # the step actually taken, after rounding x +- h
        est["C1"][at] = (f[1.0] - f[-1.0]) / step
        est["C2"][at] = (f[2.0] - f[-2.0]) / (4 * hi)
        est["R1"][at] = (-3 * f0 + 4 * f[1.0] - f[2.0]) / (2 * hi)
        est["R2"][at] = (-3 * f0 + 4 * f[0.5] - f[1.0]) / hi
        est["L1"][at] = (3 * f0 - 4 * f[-1.0] + f[-2.0]) / (2 * hi)
        est["L2"][at] = (3 * f0 - 4 * f[-0.5] + f[-1.0]) / hi
        est["noise_c"][at] = NOISE_ULPS * MACHINE_EPS * np.maximum(np.abs(f[1.0]), np.abs(f[-1.0])) / step
        biggest = np.max(np.abs(np.stack([f0, *f.values()])), axis=0)
        est["delta"][at] = NOISE_ULPS * MACHINE_EPS * biggest / hi  # per unit step
        if progress is not None:
            progress(n, x.size)
    return _classify(est, rtol, atol)


def _classify(e: dict[str, Array], rtol: float, atol: float) -> _Sided:
    """Smooth, at a kink, near one, or unresolved, entry by entry (module docstring)."""
    noise_sided = 12 * e["delta"]  # bounds the round-off of R_h - R_h/2 (4 + 8 ulp-weighted terms)
    scale = np.max(np.abs(np.stack([e["R1"], e["R2"], e["L1"], e["L2"]])), axis=0)
    T = np.maximum(np.maximum(rtol * scale, rtol * atol), noise_sided)
    with np.errstate(invalid="ignore"):
        right_ok, left_ok = np.abs(e["R1"] - e["R2"]) <= T, np.abs(e["L1"] - e["L2"]) <= T
        smooth = (np.abs(e["R2"] - e["L2"]) <= T) & (np.abs(e["R1"] - e["L1"]) <= T)
        central_ok = np.abs(e["C1"] - e["C2"]) <= T
    finite = np.all(np.isfinite(np.stack([e[k] for k in ("C1", "C2", "R1", "R2", "L1", "L2")])), axis=0)
    smooth |= ~finite  # a NaN or inf goes to the central comparison, where it fails
    at = ~smooth & right_ok & left_ok & central_ok
    near_right, near_left = ~smooth & right_ok & ~left_ok, ~smooth & left_ok & ~right_ok
    numeric = np.where(smooth, e["C1"], np.where(near_right, e["R2"], np.where(near_left, e["L2"], np.nan)))
    state = np.where(smooth, SMOOTH, np.where(at, AT_KINK, NEAR_KINK))
    return _Sided(numeric, np.where(smooth, e["noise_c"], noise_sided), state, e["L2"], e["R2"],
                  ~(smooth | at | near_right | near_left), near_right)


def _kink_test(kink: KinkFn | None, x: Array) -> Callable[[Index, Array, Array], bool]:
    """A test (index, x_plus, x_minus) -> does this stencil cross a kink?"""
    if kink is None:
        return lambda i, xp, xm: False
    at_x = kink(x.copy())
    if isinstance(at_x, np.ndarray) and at_x.dtype == bool:
        if at_x.shape != x.shape:
            raise NumericError(f"kink mask has shape {at_x.shape}, x has {x.shape}")
        return lambda i, xp, xm: bool(at_x[i])
    signs = _signs(at_x)
    return lambda i, xp, xm: bool(np.any(_signs(kink(xp)) != signs) or np.any(_signs(kink(xm)) != signs))


def _signs(preactivations: Array | Sequence[Array]) -> Array:
    """The signs (-1, 0, 1) of all pre-activations, flattened into one vector."""
    if isinstance(preactivations, np.ndarray):
        preactivations = [preactivations]
    return np.concatenate([np.sign(np.asarray(z, dtype=np.float64)).ravel() for z in preactivations])


def _relative(analytic: Array, numeric: Array, floor: Array) -> Array:
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    with np.errstate(invalid="ignore"):
        rel = np.abs(analytic - numeric) / scale
    return np.where(np.isnan(rel), np.inf, rel)  # a NaN anywhere is a failure, never a pass


def _compare(analytic: Array, numeric: Array, noise: Array, excluded: Array, *, rtol: float,
             atol: float, eps: float | None, name: str, sides: _Sided | None = None,
             x_ndim: int | None = None) -> GradcheckResult:
    """Relative errors entry by entry (see the module docstring) and the verdict.

    ``excluded`` is shaped like x (an excluded input excludes its column) or like the Jacobian.
    With ``sides``, an entry at a kink is compared with whichever one-sided slope is nearer."""
    floor = np.maximum(atol, noise / rtol)
    right_side = np.zeros(analytic.shape, dtype=bool)
    if sides is not None:
        right_side = _relative(analytic, sides.right, floor) < _relative(analytic, sides.left, floor)
        numeric = np.where(sides.state == AT_KINK, np.where(right_side, sides.right, sides.left), numeric)
        right_side = np.where(sides.state == NEAR_KINK, sides.near_right, right_side)
    keep = np.broadcast_to(~excluded, analytic.shape)
    rel = _relative(analytic, numeric, floor)

    def entry(index: Index) -> Entry:
        kink = None
        if sides is not None and sides.state[index] != SMOOTH:
            kink = Kink("at" if sides.state[index] == AT_KINK else "near", "right" if right_side[index] else "left",
                        float(sides.left[index]), float(sides.right[index]))
        return Entry(index, float(analytic[index]), float(numeric[index]), float(rel[index]), kink,
                     bool(rel[index] <= rtol))

    order = [idx for idx in np.argsort(-rel, axis=None, kind="stable") if keep.flat[idx]]
    worst = [entry(_unravel(idx, analytic.shape)) for idx in order[:N_WORST]]
    kinked = [] if sides is None else [entry(tuple(int(k) for k in row))
                                       for row in np.argwhere(keep & (sides.state != SMOOTH))]
    checked = int(keep.sum())
    max_rel = float(rel[keep].max()) if checked else 0.0
    below = int(np.sum(keep & (np.maximum(np.abs(analytic), np.abs(numeric)) < floor)))
    x_ndim = excluded.ndim if x_ndim is None else x_ndim
    inputs = excluded.reshape((-1,) + excluded.shape[excluded.ndim - x_ndim:]).any(axis=0)
    return GradcheckResult(
        passed=checked > 0 and max_rel <= rtol, max_rel_error=max_rel, worst=worst,
        excluded=[tuple(int(k) for k in row) for row in np.argwhere(inputs)],
        checked=checked, below_floor=below, rtol=rtol, atol=atol,
        eps=DEFAULT_EPS if eps is None else eps, name=name, rel_errors=np.where(keep, rel, np.nan),
        at_kinks=kinked)


def _unravel(flat_index: int, shape: tuple[int, ...]) -> Index:
    return tuple(int(k) for k in np.unravel_index(flat_index, shape))

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

Kinks. Where a ReLU's pre-activation z changes sign inside the stencil [x - h e_i, x + h e_i], or
is exactly 0 at its centre or an end, the central difference averages two one-sided slopes and
disagrees with any convention for relu'(0). Such entries are *excluded*, not compared, and listed
in ``excluded``. Only sign changes seen at the three stencil points are detected; a pre-activation
that crosses 0 and returns within one step is not.

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

MACHINE_EPS = float(np.finfo(np.float64).eps)
DEFAULT_EPS = float(np.cbrt(MACHINE_EPS))  # ~6.06e-6
DEFAULT_RTOL = 1e-5
DEFAULT_ATOL = 1e-8
NOISE_ULPS = 32.0
N_WORST = 5


@dataclass(frozen=True)
class Entry:
    """One compared entry: its index, the two values, and their relative error."""

    index: Index
    analytic: float
    numeric: float
    rel_error: float

    def as_dict(self) -> dict:
        """``{"index": [...], "analytic", "numeric", "rel_error"}``; a value that is not finite is None."""
        return {"index": list(self.index), "analytic": _finite(self.analytic), "numeric": _finite(self.numeric),
                "rel_error": _finite(self.rel_error)}


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
        if self.excluded:
            text += f", {len(self.excluded)} excluded at kinks"
        if not self.passed:
            w = self.worst[0]
            text += f"; worst {self.name}{list(w.index)}: analytic {w.analytic:.6g}, numeric {w.numeric:.6g}"
        return text

    def __str__(self) -> str:
        return self.summary()

    def as_dict(self, worst: int = 3) -> dict:
        """The JSON of one parameter in ``gradproof gradcheck --json``: strict (no NaN or inf)."""
        return {"passed": self.passed, "verdict": self.verdict, "max_rel_error": _finite(self.max_rel_error),
                "checked": self.checked, "excluded": len(self.excluded), "below_floor": self.below_floor,
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
) -> GradcheckResult:
    """Compare ``grad_f(x)`` with central differences of the scalar function ``f`` at ``x``.

    ``x`` may have any shape; ``grad_f(x)`` must have the same shape. ``eps`` is the relative step
    (h_i = eps * max(1, |x_i|)). ``kink(x)`` returns either a boolean array shaped like ``x``
    (True = exclude that entry) or the pre-activation arrays whose sign changes are kinks.
    Defaults suit float64: rtol 1e-5, atol (the floor of the relative error's denominator) 1e-8,
    raised per entry to the round-off of f; the exact rule is in the module docstring.
    """
    x = np.array(x, dtype=np.float64)
    analytic = np.asarray(grad_f(x.copy()), dtype=np.float64)
    if analytic.shape != x.shape:
        raise NumericError(f"{name or 'gradient'}: analytic gradient has shape {analytic.shape}, x has {x.shape}")
    numeric, noise, excluded = _differences(_scalar(f), x, eps, kink)
    return _compare(analytic, numeric, noise, excluded, rtol=rtol, atol=atol, eps=eps, name=name)


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
) -> GradcheckResult:
    """Compare the Jacobian ``jac_F(x)`` of ``F: R^n -> R^m`` with central differences.

    ``jac_F(x)`` has shape ``F(x).shape + x.shape`` (entry [j, i] = dF_j/dx_i); entry indices in
    the report follow that layout. An excluded input index excludes its whole column, and
    ``excluded`` lists those column indices. Tolerances as in :func:`gradcheck`.
    """
    x = np.array(x, dtype=np.float64)
    out_shape = np.shape(F(x.copy()))
    analytic = np.asarray(jac_F(x.copy()), dtype=np.float64)
    if analytic.shape != out_shape + x.shape:
        raise NumericError(f"{name or 'Jacobian'}: has shape {analytic.shape}, expected {out_shape + x.shape}")
    numeric, noise, excluded = _differences(F, x, eps, kink)
    return _compare(analytic, numeric, noise, excluded, rtol=rtol, atol=atol, eps=eps, name=name)


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
) -> dict[str, GradcheckResult]:
    """Check backprop's gradient of every parameter of ``net`` on the batch (X, Y).

    Returns one result per parameter, keyed ``"W1", "b1", "W2", ...``. ``backward(net, X, Y)``
    defaults to ``net.backward``; pass another (e.g. a mutant) to check it instead. The check
    runs on a float64 copy of ``net``, which is left untouched. With ``kinks`` (the default),
    entries whose stencil moves any ReLU layer's pre-activation across 0 are excluded.
    """
    net = net.astype(np.float64)
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    dW, db = backward(net, X, Y) if backward else net.backward(X, Y)
    grads = {name: g for i, (gW, gb) in enumerate(zip(dW, db), start=1)
             for name, g in ((f"W{i}", gW), (f"b{i}", gb))}
    results = {}
    for name, p in net.named_params().items():
        results[name] = _check_parameter(net, p, np.asarray(grads[name]), X, Y, kinks,
                                         eps=eps, rtol=rtol, atol=atol, name=name)
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
                 kink: KinkFn | None) -> tuple[Array, Array, Array]:
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
    return numeric, noise, excluded


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


def _compare(analytic: Array, numeric: Array, noise: Array, excluded: Array, *, rtol: float,
             atol: float, eps: float | None, name: str) -> GradcheckResult:
    """Relative errors entry by entry (see the module docstring) and the verdict."""
    keep = np.broadcast_to(~excluded, analytic.shape)  # an excluded input excludes its column
    floor = np.maximum(atol, noise / rtol)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    with np.errstate(invalid="ignore"):
        rel = np.abs(analytic - numeric) / scale
    rel = np.where(np.isnan(rel), np.inf, rel)  # a NaN anywhere is a failure, never a pass
    order = [idx for idx in np.argsort(-rel, axis=None, kind="stable") if keep.flat[idx]]
    worst = [_entry(analytic, numeric, rel, idx) for idx in order[:N_WORST]]
    checked = int(keep.sum())
    max_rel = float(rel[keep].max()) if checked else 0.0
    below = int(np.sum(keep & (np.maximum(np.abs(analytic), np.abs(numeric)) < floor)))
    return GradcheckResult(
        passed=checked > 0 and max_rel <= rtol, max_rel_error=max_rel, worst=worst,
        excluded=[tuple(int(k) for k in row) for row in np.argwhere(excluded)],
        checked=checked, below_floor=below, rtol=rtol, atol=atol,
        eps=DEFAULT_EPS if eps is None else eps, name=name, rel_errors=np.where(keep, rel, np.nan))


def _entry(analytic: Array, numeric: Array, rel: Array, flat_index: int) -> Entry:
    index = tuple(int(k) for k in np.unravel_index(flat_index, analytic.shape))
    return Entry(index, float(analytic[index]), float(numeric[index]), float(rel[index]))

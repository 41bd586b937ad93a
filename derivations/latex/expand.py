"""Give a link its meaning through the definitions, then verify it (this runs in the worker).

Derivatives follow the issue's rule: to differentiate f with respect to v, expand f through every
definition except v's own (v stays a variable even where v is defined), differentiate, and only
then expand v and the rest. A derivative of f with respect to a v that f does not contain is not
silently 0: it is undecided, because in notes it nearly always means a name was misspelt (case,
bold) or a dependence was left out of the definitions. A refutation that hinges on two names that
differ only by case or by bold/vector marks (``W_2`` and ``w_2``, ``x`` and ``\\vec{x}``) is
reported as undecided for the same reason.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from sympy.core.function import AppliedUndef

from ..functions import unfold
from ..prove import StepTimeout, time_limit, verify_claim
from ..verdict import PROVED, REFUTED, UNDECIDED
from .markers import Diff, PrimeAt, Tr
from .vocab import IdxBase

UNPARSED = "unparsed"


class DefinitionCycle(Exception):
    """Definitions that depend on each other in a circle; ``names`` lists them in order."""


class Undetermined(Exception):
    """The link has no definite meaning (an undefined dependence); the message says why."""


@dataclass
class LinkTask:
    """What the worker needs for one link: both sides, the definitions, the domain, the budget."""

    lhs: sp.Basic
    rhs: sp.Basic
    definitions: list  # of definitions.Definition, only those the link can reach
    domain: tuple = ()
    domain_understood: bool = True
    timeout: float = 3.0
    restates: str | None = None  # "F is defined at line 30": the link may be a redefinition
    lookalikes: str | None = None  # "v is not defined, but V is (line 568)"


class Resolver:
    """Expands names and function calls through definitions and carries out derivatives."""

    def __init__(self, definitions: list) -> None:
        self.defs = {d.key: d for d in definitions}
        self.used: set[int] = set()
        self._order = {d.key: k for k, d in enumerate(definitions)}

    def full(self, expr: sp.Basic) -> sp.Basic:
        return self.sub(expr, frozenset(), ())

    def sub(self, e: sp.Basic, keep: frozenset, stack: tuple) -> sp.Basic:
        if isinstance(e, sp.MatrixBase):
            return sp.ImmutableMatrix(e.applyfunc(lambda x: self.sub(x, keep, stack)))
        if isinstance(e, (sp.Symbol, sp.Indexed)):
            return self._value(e, keep, stack) if e in self.defs and e not in keep else e
        if isinstance(e, Diff):
            return self._derivative(e, keep, stack)
        if isinstance(e, PrimeAt):
            return self._prime(e, keep, stack)
        if isinstance(e, AppliedUndef) and ("fn", e.func.__name__) in self.defs:
            args = [self.sub(a, keep, stack) for a in e.args]
            body = self._value(("fn", e.func.__name__), keep, stack)
            params = self.defs[("fn", e.func.__name__)].params
            if len(params) != len(args):
                raise Undetermined(f"{e.func.__name__} takes {len(params)} argument"
                                   f"{'s' if len(params) != 1 else ''}, not {len(args)}")
            return self.sub(body.xreplace(dict(zip(params, args))), keep, stack)
        if not e.args or isinstance(e, sp.Indexed):
            return e
        return e.func(*[self.sub(a, keep, stack) for a in e.args])

    def _value(self, key, keep: frozenset, stack: tuple) -> sp.Basic:
        if key in stack:
            names = [self.defs[k] for k in stack[stack.index(key):]] + [self.defs[key]]
            raise DefinitionCycle(" -> ".join(f"{d.name} (line {d.line})" for d in names))
        self.used.add(self._order[key])
        return self.sub(self.defs[key].expr, keep, stack + (key,))

    def _derivative(self, e: Diff, keep: frozenset, stack: tuple) -> sp.Basic:
        f, v, n = e.args
        expanded = unfold(self.sub(f, keep | {v}, stack))  # sigma has no derivative rule of its own
        if not expanded.has(v) and not _constant(expanded):
            raise Undetermined(_independent(f, v, expanded, self.defs))
        return self.sub(sp.diff(expanded, v, int(n)), keep, stack)

    def _prime(self, e: PrimeAt, keep: frozenset, stack: tuple) -> sp.Basic:
        body, t, point, n = e.args
        expanded = unfold(self.sub(body, keep | {t}, stack))
        derivative = sp.diff(expanded, t, int(n)).xreplace({t: point})
        return self.sub(derivative, keep, stack)


def _constant(x: sp.Basic) -> bool:
    if isinstance(x, sp.MatrixBase):
        return all(_constant(e) for e in x)
    return x.is_number is True


def _independent(f: sp.Basic, v: sp.Basic, expanded: sp.Basic, defs: dict) -> str:
    if isinstance(f, (sp.Symbol, sp.Indexed)) and f not in defs:
        return f"{f} is not defined, so how it depends on {v} is unknown"
    similar = sorted({str(s) for s in _names(expanded) if similar_name(s, v) and s != v})
    hint = f" (it has {', '.join(similar)}: names are case-sensitive, and bold or vector names " \
           f"differ from plain ones)" if similar else ""
    return f"{f} does not depend on {v} as the notes define it{hint}; the derivative would be 0"


def _names(x: sp.Basic) -> set:
    if isinstance(x, sp.MatrixBase):
        return set().union(*[_names(e) for e in x]) if len(x) else set()
    return {s for s in x.free_symbols | x.atoms(sp.Indexed)
            if not getattr(s, "is_integer", False) and not isinstance(s, IdxBase)}


def name_root(x: sp.Basic) -> str:
    """A name without case, bold or vector marks: how look-alike names are found."""
    name = str(x.base.label) if isinstance(x, sp.Indexed) else str(x)
    for mark in (r"\mathbf{", r"\vec{", r"\boldsymbol{"):
        if name.startswith(mark):
            name = name[len(mark):].replace("}", "", 1)
    return name.lower()


def similar_name(a: sp.Basic, b: sp.Basic) -> bool:
    """Two different names that a reader may take for one: ``v`` and ``V``, ``x`` and
    ``\\vec{x}``, ``a_i`` and ``a^{(2)}_i``. Two entries of one indexed name are not."""
    if a == b or (isinstance(a, sp.Indexed) and isinstance(b, sp.Indexed) and a.base == b.base):
        return False
    return name_root(a) == name_root(b) or _unmarked(a) == _label(b) or _unmarked(b) == _label(a)


def _label(x: sp.Basic) -> str:
    return str(x.base.label) if isinstance(x, sp.Indexed) else str(x)


def _unmarked(x: sp.Basic) -> str:
    """The name without its layer or example mark: a^{(2)} -> a, W^{[1]}_1 -> W_1."""
    return re.sub(r"\^\{[\[(][^{}]*[\])]\}", "", _label(x))


def _ambiguous_names(lhs: sp.Basic, rhs: sp.Basic) -> list[str]:
    found = sorted(_names(lhs) | _names(rhs), key=str)
    pairs = {tuple(sorted((str(a), str(b)))) for a in found for b in found if similar_name(a, b)}
    pairs = {p for p in pairs if not (p[0].startswith(p[1] + "[") or p[1].startswith(p[0] + "["))}
    return [f"{a} and {b}" for a, b in sorted(pairs)]


def _abs_to_piecewise(x: sp.Basic) -> sp.Basic:
    """|u| as a Piecewise, so that the case split sees the kink at u = 0 (u real)."""
    return x.replace(lambda e: isinstance(e, sp.Abs) and e.args[0].is_real,
                     lambda e: sp.Piecewise((e.args[0], e.args[0] > 0), (-e.args[0], True)))


# ---------------------------------------------------------------- one link, in the worker
def run_link(task: LinkTask) -> dict:
    """The verdict of one link as a plain dict (it crosses a process boundary)."""
    start = time.perf_counter()
    resolver = Resolver(task.definitions)
    try:
        with time_limit(task.timeout):
            lhs, rhs = resolver.full(task.lhs), resolver.full(task.rhs)
            if lhs.has(Tr) or rhs.has(Tr):
                lhs, rhs = lhs.doit(), rhs.doit()
            lhs, rhs = _abs_to_piecewise(lhs), _abs_to_piecewise(rhs)
        remaining = max(task.timeout - (time.perf_counter() - start), 0.05)
        verdict = verify_claim(lhs, rhs, task.domain, timeout=remaining)
        outcome = _outcome(verdict, lhs, rhs, task)
        if outcome["verdict"] == REFUTED and outcome.get("counterexample"):
            _add_defined_values(outcome["counterexample"], resolver, task, lhs, rhs)
            outcome["message"] = "refuted: " + _counterexample_words(outcome["counterexample"])
    except StepTimeout:
        outcome = {"verdict": UNDECIDED, "message": f"no proof within {task.timeout:g} s"}
    except DefinitionCycle as e:
        outcome = {"verdict": UNPARSED, "message": f"the definitions form a cycle: {e}"}
    except Undetermined as e:
        outcome = {"verdict": UNDECIDED, "message": str(e)}
    except RecursionError:
        outcome = {"verdict": UNDECIDED, "message": "the expression is nested too deeply for SymPy"}
    except MemoryError:
        outcome = {"verdict": UNDECIDED, "message": "SymPy ran out of memory"}
    except (TypeError, ValueError, AttributeError, NotImplementedError, sp.ShapeError) as e:
        outcome = {"verdict": UNDECIDED, "message": f"SymPy could not work with this link ({type(e).__name__}: "
                                                    f"{str(e)[:120]})"}
    outcome.setdefault("counterexample", None)
    outcome.setdefault("excluded", ())
    outcome.setdefault("method", "")
    outcome["used"] = sorted(resolver.used)
    outcome["seconds"] = time.perf_counter() - start
    return outcome


def _outcome(verdict, lhs: sp.Basic, rhs: sp.Basic, task: LinkTask) -> dict:
    out = {"verdict": verdict.verdict, "method": verdict.method, "excluded": verdict.excluded,
           "counterexample": verdict.counterexample}
    if verdict.verdict == PROVED:
        out["message"] = f"proved ({verdict.method})" + (
            f"; except where {', '.join(verdict.excluded)}" if verdict.excluded else "")
    elif verdict.verdict == REFUTED:
        why = _doubt(lhs, rhs, task)
        if why:
            words = _counterexample_words(verdict.counterexample or {})
            return {"verdict": UNDECIDED, "message": f"{why} (as written it fails: {words})",
                    "method": verdict.method}
        out["message"] = "refuted: " + _counterexample_words(verdict.counterexample or {})
    elif lhs.has(Tr) or rhs.has(Tr):
        out["message"] = ("a transpose of a name (W^T) stays symbolic: names are numbers here and their "
                          "shapes are unknown, so this link cannot be decided")
    else:
        out["message"] = verdict.evidence or "no proof and no counterexample found"
    return out


def _add_defined_values(found: dict, resolver: Resolver, task: LinkTask, lhs, rhs) -> None:
    """Also show, at the counterexample, the value of each defined name the link used (a, z, ...)."""
    leaves = {str(s): s for s in _names(lhs) | _names(rhs)}
    point = {}
    for name, value in found.items():
        if name in leaves and isinstance(value, str) and value.lstrip("-").replace("/", "").isdigit():
            fraction = Fraction(value)
            point[leaves[name]] = sp.Rational(fraction.numerator, fraction.denominator)
    try:
        with time_limit(1.0):
            for k in sorted(resolver.used):
                d = task.definitions[k]
                if isinstance(d.key, tuple) or d.name in found:
                    continue
                value = unfold(resolver.full(d.key)).subs(point).evalf(15)
                if value.is_number and value.is_real:
                    found[d.name] = float(value)
    except (StepTimeout, TypeError, ValueError, AttributeError):
        pass  # the values are a courtesy; the verdict stands without them


def _doubt(lhs: sp.Basic, rhs: sp.Basic, task: LinkTask) -> str | None:
    """Why a refutation would misread the notes, or None when it stands."""
    defined = {d.key for d in task.definitions}
    used = set().union(*[_names(d.expr) for d in task.definitions]) if task.definitions else set()
    for side, other in ((task.rhs, task.lhs), (task.lhs, task.rhs)):
        bare = _bare_names(side) - defined - used  # a fresh name, used nowhere else
        if bare and not bare & _names(other):
            listed = ", ".join(sorted(map(str, bare)))
            return (f"{listed} {'is' if len(bare) == 1 else 'are'} not defined: this line names the "
                    f"other side rather than claiming an equality (write {listed.split(',')[0]} := ... "
                    f"to define it)")
    if task.restates:
        return (f"{task.restates}; this line either defines it anew (start a new section or write "
                f":=) or claims an equality that does not hold")
    ambiguous = _ambiguous_names(lhs, rhs)
    if ambiguous:
        return (f"{'; '.join(ambiguous)} are different names here (names are case-sensitive; "
                f"bold, vector and layer-marked names differ from plain ones)")
    if task.lookalikes:
        return f"{task.lookalikes} (names are case-sensitive)"
    if not task.domain_understood:
        return "the side condition was not understood, and the counterexample may lie outside it"
    return None


def _bare_names(x: sp.Basic) -> set:
    entries = list(x) if isinstance(x, sp.MatrixBase) else [x]
    if all(isinstance(e, (sp.Symbol, sp.Indexed)) and not e.is_integer for e in entries):
        return set(entries)
    return set()


def _counterexample_words(c: dict) -> str:
    values = ", ".join(f"{k} = {v}" for k, v in c.items() if k not in ("lhs", "rhs", "entry"))
    entry = f" in entry {c['entry']}" if "entry" in c else ""
    if "lhs_shape" in c:
        return f"the sides have different shapes ({c['lhs_shape']} and {c['rhs_shape']})"
    return f"at {values or 'every point'} the left side is {c.get('lhs')} and the right side is {c.get('rhs')}{entry}"

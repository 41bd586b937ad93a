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

import time
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from ..functions import unfold
from ..prove import StepTimeout, time_limit, verify_claim
from ..verdict import REFUTED, UNDECIDED
from .arbitrary import instance_words
from .indices import index_domain, write_out
from .lookalike import names as _names, similar_name
from .markers import Diff, PrimeAt, Tr
from .outcome import add_defined_values, counterexample_words, outcome as verdict_outcome

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
    independent: bool = False  # the file declares its undefined names independent variables


class Resolver:
    """Expands names and function calls through definitions and carries out derivatives."""

    def __init__(self, definitions: list, independent: bool = False) -> None:
        self.independent = independent
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
        expanded = write_out(unfold(self.sub(f, keep | {v}, stack)))  # sigma has no rule of its own
        if not _depends(expanded, v) and not _constant(expanded) and not (self.independent and v not in self.defs):
            raise Undetermined(_independent(f, v, expanded, self.defs))
        return self.sub(sp.diff(expanded, v, int(n)), keep, stack)

    def _prime(self, e: PrimeAt, keep: frozenset, stack: tuple) -> sp.Basic:
        body, t, point, n = e.args
        expanded = unfold(self.sub(body, keep | {t}, stack))
        derivative = sp.diff(expanded, t, int(n)).xreplace({t: point})
        return self.sub(derivative, keep, stack)


def _depends(x: sp.Basic, v: sp.Basic) -> bool:
    """x mentions v; for an entry w[j], any entry w[i] counts (a sum over i may contain j)."""
    if x.has(v):
        return True
    return isinstance(v, sp.Indexed) and any(e.base == v.base for e in x.atoms(sp.Indexed))


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


def _abs_to_piecewise(x: sp.Basic) -> sp.Basic:
    """|u| as a Piecewise, so that the case split sees the kink at u = 0 (u real)."""
    return x.replace(lambda e: isinstance(e, sp.Abs) and e.args[0].is_real,
                     lambda e: sp.Piecewise((e.args[0], e.args[0] > 0), (-e.args[0], True)))


# ---------------------------------------------------------------- one link, in the worker
def run_link(task: LinkTask) -> dict:
    """The verdict of one link as a plain dict (it crosses a process boundary)."""
    start = time.perf_counter()
    resolver = Resolver(task.definitions, task.independent)
    try:
        with time_limit(task.timeout):
            lhs, rhs = resolver.full(task.lhs), resolver.full(task.rhs)
            if lhs.has(Tr) or rhs.has(Tr):
                lhs, rhs = lhs.doit(), rhs.doit()
            lhs, rhs = write_out(_abs_to_piecewise(lhs)), write_out(_abs_to_piecewise(rhs))
            ranges, words, loose = index_domain(lhs, rhs)
        remaining = max(task.timeout - (time.perf_counter() - start), 0.05)
        verdict = verify_claim(lhs, rhs, task.domain + ranges, timeout=remaining)
        outcome = verdict_outcome(verdict, lhs, rhs, task, loose)
        if words and outcome["verdict"] != UNDECIDED:
            outcome["message"] += f"; assuming {words}"
        if outcome["verdict"] == REFUTED and outcome.get("counterexample"):
            add_defined_values(outcome["counterexample"], resolver, task, lhs, rhs)
            outcome["message"] = ("refuted: " + counterexample_words(outcome["counterexample"])
                                  + instance_words(lhs, rhs))
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



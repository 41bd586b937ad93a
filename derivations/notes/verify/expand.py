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

from ...functions import kinks, sigma, unfold
from ...prove import StepTimeout, time_limit, verify_claim
from ...verdict import PROVED, REFUTED, UNDECIDED
from ..read.arbitrary import instance_words
from .entries import MismatchedEntry, numbered_entries, same_entry_may_be_kept
from .indices import index_domain, rename_bound, sharing_pair, write_out
from .lookalike import names as _names, similar_name
from ..read.markers import Diff, PrimeAt, Tr
from .matrices import judge, matrix_names, scalar_names
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
    sizes: dict = None  # declared matrices: name -> (rows, columns)
    independent: bool = False  # the file declares its undefined names independent variables
    distinct: tuple = ()  # pairs of indices stated unequal ("i \\neq j"): verified in two halves
    unread: str | None = None  # "sigma may be defined at line 4, which was not read"

    def __post_init__(self) -> None:
        self.sizes = dict(self.sizes or {})


class Resolver:
    """Expands names and function calls through definitions and carries out derivatives."""

    def __init__(self, definitions: list, independent: bool = False) -> None:
        self.independent = independent
        self.defs = {d.key: d for d in definitions}
        self.used: set[int] = set()
        self._order = {d.key: k for k, d in enumerate(definitions)}
        self.families = {d.key.base: d for d in definitions if is_family(d.key)}
        self.opaque: set[sp.Indexed] = set()  # entries of a family that could not be unfolded

    def full(self, expr: sp.Basic) -> sp.Basic:
        return self.sub(expr, frozenset(), ())

    def sub(self, e: sp.Basic, keep: frozenset, stack: tuple) -> sp.Basic:
        if isinstance(e, sp.MatrixBase):
            return sp.ImmutableMatrix(e.applyfunc(lambda x: self.sub(x, keep, stack)))
        if isinstance(e, sp.Indexed) and e not in keep and same_entry_may_be_kept(e, keep):
            return e  # d/du_i of sum_j u_j: u_j may be u_i, so it stays a variable too
        if isinstance(e, sp.Indexed) and e not in self.defs and e not in keep and e.base in self.families:
            return self._entry(e, keep, stack)
        if isinstance(e, (sp.Symbol, sp.Indexed)):
            return self._value(e, keep, stack) if e in self.defs and e not in keep else e
        if isinstance(e, Diff):
            return self._derivative(e, keep, stack)
        if isinstance(e, PrimeAt):
            return self._prime(e, keep, stack)
        if isinstance(e, AppliedUndef) and ("fn", e.func.__name__) in self.defs:
            args = [self.sub(a, keep, stack) for a in e.args]
            params = self.defs[("fn", e.func.__name__)].params
            body = self._value(("fn", e.func.__name__), keep | set(params), stack)  # f(u) := u^2 + 1: u is
            # its parameter here, even where the notes also give a name u a value
            if len(params) != len(args):
                raise Undetermined(f"{e.func.__name__} takes {len(params)} argument"
                                   f"{'s' if len(params) != 1 else ''}, not {len(args)}")
            if any(isinstance(x, sp.Indexed) for x in params) and tuple(e.args) != tuple(params):
                head = f"{e.func.__name__}({', '.join(map(str, params))})"
                raise Undetermined(f"{e.func.__name__} is defined as {head}, for one example; {e} is "
                                   f"not read (the definition's other per-example names may not follow)")
            free = set().union(*[a.free_symbols for a in args]) if args else set()
            return self.sub(rename_bound(body, free).xreplace(dict(zip(params, args))), keep, stack)
        if isinstance(e, AppliedUndef) and e.func.__name__.endswith("^{-1}") and len(e.args) == 1 \
                and ("fn", e.func.__name__[:-5]) in self.defs:
            return self._inverse(e, keep, stack)
        if not e.args or isinstance(e, sp.Indexed):
            return e
        return e.func(*[self.sub(a, keep, stack) for a in e.args])

    def _inverse(self, e: sp.Basic, keep: frozenset, stack: tuple) -> sp.Basic:
        """f^{-1}(y) for a defined f(x) linear in x (f(x) := 2x + 1 gives (y - 1)/2); any other f
        has no inverse gradproof can write, and the call stays opaque."""
        key = ("fn", e.func.__name__[:-5])
        params = self.defs[key].params
        body = self._value(key, keep | set(params), stack)
        if len(params) != 1 or not body.is_polynomial(params[0]) or sp.degree(body, params[0]) != 1:
            return e.func(*[self.sub(a, keep, stack) for a in e.args])
        slope = sp.diff(body, params[0])
        if not slope.is_number or slope == 0:
            return e.func(*[self.sub(a, keep, stack) for a in e.args])
        y = self.sub(e.args[0], keep, stack)
        return (y - body.subs(params[0], 0)) / slope

    def _value(self, key, keep: frozenset, stack: tuple) -> sp.Basic:
        if key in stack:
            names = [self.defs[k] for k in stack[stack.index(key):]] + [self.defs[key]]
            raise DefinitionCycle(" -> ".join(f"{d.name} (line {d.line})" for d in names))
        self.used.add(self._order[key])
        return self.sub(self.defs[key].expr, keep, stack + (key,))

    def _entry(self, e: sp.Indexed, keep: frozenset, stack: tuple) -> sp.Basic:
        """a_k from the family a_j := sigma(z_j); an entry of a recurrence (s_{t-1} from
        s_t := tanh(u s_{t-1} + x_t)) stays opaque, and no derivative may treat it as a constant."""
        d = self.families[e.base]
        if len(d.key.indices) != len(e.indices) or recurrent(d) or e in stack:
            self.opaque.add(e)
            return e
        self.used.add(self._order[d.key])
        free = set().union(*[sp.sympify(i).free_symbols for i in e.indices])
        value = rename_bound(d.expr, free).xreplace(dict(zip(d.key.indices, e.indices)))
        return self.sub(value, keep, stack + (e,))

    def _derivative(self, e: Diff, keep: frozenset, stack: tuple) -> sp.Basic:
        f, v, n = e.args
        if v.is_commutative is False:
            raise Undetermined(f"a derivative with respect to the matrix {v} is not checked (SymPy "
                               f"differentiates products of matrices without regard to their order)")
        expanded = write_out(unfold(self.sub(f, keep | {v}, stack)))  # sigma has no rule of its own
        try:
            expanded, v, swapped = numbered_entries(expanded, v)
        except MismatchedEntry as e:
            raise Undetermined(str(e)) from None
        expanded = rename_bound(expanded, v.free_symbols)  # d/da_j of sum_j ...: j is not the bound j
        unknown = sorted(str(x) for x in expanded.atoms(sp.Indexed) if x in self.opaque and x != v)
        if unknown:
            raise Undetermined(f"{', '.join(unknown)} {'is an entry' if len(unknown) == 1 else 'are entries'} of "
                               f"a recurrence or family that is not unfolded, so how it depends on {v} is unknown")
        if not _depends(expanded, v) and not _constant(expanded) and not (self.independent and v not in self.defs):
            raise Undetermined(_independent(f, v, expanded, self.defs))
        derivative = _differentiate(expanded, v, int(n), self.defs)
        if swapped:  # x[3] named x_3 again, once the deltas are summed
            derivative = write_out(derivative.replace(lambda x: isinstance(x, sp.Sum) and x.has(sp.KroneckerDelta),
                                                      lambda x: x.doit()))
        return self.sub(derivative, keep, stack)

    def _prime(self, e: PrimeAt, keep: frozenset, stack: tuple) -> sp.Basic:
        body, t, point, n = e.args
        if n == 0:  # an evaluation bar: a derivative left at its kink stays visible to the core
            inner = self.sub(body, keep | {t}, stack)
            if inner.has(sp.Derivative, sp.Subs):  # Subs(d/du f(u), u, t): t is only the point
                return inner.xreplace({t: point})
            return self.sub(unfold(inner).xreplace({t: point}), keep, stack)
        expanded = unfold(self.sub(body, keep | {t}, stack))
        if _kinked(expanded, t):  # f'(point) may sit on a kink: the core decides, diff would pick a value
            return self.sub(sp.Subs(sp.Derivative(expanded, (t, int(n))), t, point), keep, stack)
        derivative = sp.diff(expanded, t, int(n)).xreplace({t: point})
        return self.sub(derivative, keep, stack)


def _without_own_index(d) -> sp.Basic:
    """A family's definition as context for the link's index ranges, its own index k (of theta_k :=
    sum_i w_ik x_i + b_k) made anonymous: k is no free index of the link, to be split into cases."""
    if not is_family(d.key):
        return d.expr
    own = {i: sp.Dummy(str(i)) for i in d.key.indices if isinstance(i, sp.Symbol)}
    return d.expr.xreplace(own)


def is_family(key: object) -> bool:
    """A definition of every entry at once: a_j := sigma(z_j), s_t := tanh(u s_{t-1} + x_t)."""
    return isinstance(key, sp.Indexed) and not all(i.is_Integer for i in key.indices)


def recurrent(d) -> bool:
    """The family's definition uses other entries of itself (a recurrence)."""
    return any(x.base == d.key.base for x in d.expr.atoms(sp.Indexed))


def _kinked(f: sp.Basic, v: sp.Basic) -> bool:
    """f has a kink that moves with v (ReLU, |.|, an indicator): its derivative may not exist there."""
    return any(_depends(g, v) for g, _ in kinks(f))


def _differentiate(f: sp.Basic, v: sp.Basic, n: int, defs: dict) -> sp.Basic:
    """d^n f / dv^n, left unevaluated when f is kinked in v, so the core sees where it does not exist."""
    if isinstance(f, sp.MatrixBase):
        return sp.ImmutableMatrix(f.applyfunc(lambda e: _differentiate(e, v, n, defs)))
    if not _kinked(f, v):
        return sp.diff(f, v, n)
    if isinstance(v, sp.Symbol):  # v is then expanded through its definition at the point
        d = sp.Dummy(str(v), **v.assumptions0)
        return sp.Subs(sp.Derivative(f.xreplace({v: d}), (d, n)), d, v)
    return sp.diff(f, v, n) if v in defs else sp.Derivative(f, (v, n))  # an entry w_j, itself a variable


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


def _bare_sigma(task: LinkTask) -> tuple[tuple, str | None]:
    """``\\frac{d\\sigma}{dz} = \\sigma(1 - \\sigma)``: a bare sigma differentiated by z is the
    sigmoid of z, throughout the link, unless the notes define a name sigma."""
    bare = sp.Symbol(r"\sigma", real=True)
    variables = {e.args[1] for side in (task.lhs, task.rhs) for e in side.atoms(Diff) if e.args[0] == bare}
    if len(variables) != 1 or any(d.key == bare for d in task.definitions):
        return (task.lhs, task.rhs), None
    v = variables.pop()
    # sigma(1 - sigma) with a bare sigma inside: a product, the way the notes write sigma'
    products = {c: bare * c.args[0] for side in (task.lhs, task.rhs) for c in side.atoms(sigma) if c.args[0].has(bare)}
    sides = tuple(x.xreplace(products).xreplace({bare: sigma(v)}) for x in (task.lhs, task.rhs))
    return sides, (f"\\sigma without an argument read as \\sigma({v}), the variable it is differentiated by"
                   + ("; \\sigma(...) around a bare \\sigma read as a product" if products else ""))


def _matrix_outcome(lhs, rhs, task: LinkTask, ranges: tuple, timeout: float, loose: bool) -> dict:
    """A claim about matrices (matrices.py): proved in order, refuted with concrete matrices."""
    outcome = _matrix_verdict(lhs, rhs, task, ranges, timeout, loose)
    names = ", ".join(map(str, matrix_names(lhs, rhs)))
    declared = [n for n in map(str, matrix_names(lhs, rhs)) if n in task.sizes]
    outcome["assumptions"] = [f"{names} read as matrices ({'declared' if declared else 'bold capitals'})"]
    return outcome


def _matrix_verdict(lhs, rhs, task: LinkTask, ranges: tuple, timeout: float, loose: bool) -> dict:
    found, why, sides = judge(lhs, rhs, task.sizes, task.domain + ranges, timeout)
    names = ", ".join(map(str, matrix_names(lhs, rhs)))
    if found == REFUTED and sides is not None:
        outcome = verdict_outcome(why, *sides, task, loose)
        if outcome["verdict"] == REFUTED:
            outcome["message"] = f"refuted with {names} as matrices: " + counterexample_words(
                outcome.get("counterexample") or {})
        return outcome
    if found == REFUTED:
        return {"verdict": REFUTED, "message": f"refuted: {why}", "method": "matrix shapes"}
    if found == PROVED:
        return {"verdict": PROVED, "message": f"proved ({why})", "method": why}
    return {"verdict": UNDECIDED, "message": why}


# ---------------------------------------------------------------- one link, in the worker
def _by_cases(lhs, rhs, task: LinkTask, context: tuple, start: float) -> tuple[dict, str]:
    """The verdict within the index ranges, case by case: under ``i \\neq j`` in its halves (i < j,
    i > j); two free indices of one sum (softmax's i and j) in i = j, i < j and i > j. Proved when
    every case is, refuted when one is (its counterexample lies in that case)."""
    same = {old: new for old, new in task.domain if isinstance(old, sp.Symbol) and old.is_integer}
    ranged = [x.xreplace(same) for x in (lhs, rhs, *context)]  # "i = j": one index, one range
    pair = task.distinct[0] if task.distinct else None
    cases = [(pair, None), (pair[::-1], None)] if pair else [(None, None)]
    plain = None if pair else index_domain(*ranged[:2], tuple(ranged[2:]))
    if plain and plain[2]:
        twin = sharing_pair(*ranged[:2], tuple(ranged[2:]))
        cases = [(None, twin), (twin, None), (twin[::-1], None)] if twin else cases
    results = []
    for order, merge in cases:
        sides = [x.xreplace({merge[1]: merge[0]}) for x in ranged] if merge else ranged
        known = plain if order is None and merge is None else None  # the ranges without a case: once
        ranges, words, loose = known or index_domain(*sides[:2], tuple(sides[2:]), order)
        words = f"{merge[1]} = {merge[0]}" + (f", {words}" if words else "") if merge else words
        loose = loose or len(task.distinct) > 1  # a second "k \\neq l" is not split: no refutation
        remaining = max(task.timeout - (time.perf_counter() - start), 0.05)
        here = (lhs.xreplace({merge[1]: merge[0]}), rhs.xreplace({merge[1]: merge[0]})) if merge else (lhs, rhs)
        if matrix_names(*here):
            outcome = _matrix_outcome(*here, task, ranges, remaining, loose)
        else:
            verdict = verify_claim(*here, task.domain + ranges, timeout=remaining)
            outcome = verdict_outcome(verdict, *here, task, loose)
        if outcome["verdict"] == REFUTED and (total := _unstated_total(*here, task.domain + ranges, start, task)):
            return {"verdict": UNDECIDED, "message": f"true when {total} = 1 (one-hot targets, or a "
                    f"distribution), which the notes do not state here: state it (${total} = 1$) to have "
                    f"it proved", "counterexample": None}, words
        if outcome["verdict"] == REFUTED:
            point = outcome.get("counterexample")
            if merge and point and str(merge[0]) in point:
                point[str(merge[1])] = point[str(merge[0])]  # the case j = i: j's value is i's
            return outcome, words
        results.append((words, outcome))
    undecided = [(w, o) for w, o in results if o["verdict"] != PROVED]
    if undecided:
        return undecided[0][1], undecided[0][0]
    words = "; ".join(w for w, _ in results if w)
    outcome = dict(results[0][1])
    if len(results) > 1:
        outcome["message"] = f"{outcome['message']} in each case ({'; '.join(w for w, _ in results)})"
        outcome["method"] = f"{outcome.get('method', '')}, in each case".lstrip(", ")
    elif words:
        outcome["message"] += f"; assuming {words}"
    return outcome, words


def _unstated_total(lhs, rhs, substitutions: tuple, start: float, task: LinkTask) -> str | None:
    """A refuted link that a total of one family (sum_k y_k) equal to 1 would prove: the notes use
    that targets sum to 1 without saying so. Refuting it would blame a step the author meant."""
    if isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase):
        return None
    totals = [s for s in (lhs - rhs).atoms(sp.Sum) if isinstance(s.function, sp.Indexed)
              and s.function.indices == (s.limits[0][0],)]
    for total in totals:
        remaining = task.timeout - (time.perf_counter() - start)
        if remaining < 0.1:
            return None
        verdict = verify_claim(lhs.xreplace({total: 1}), rhs.xreplace({total: 1}), substitutions,
                               timeout=min(remaining, 1.0))
        if verdict.verdict == PROVED:
            k = total.limits[0][0]
            return f"\\sum_{{{k}}} {total.function.base}_{{{k}}}"
    return None


def run_link(task: LinkTask) -> dict:
    """The verdict of one link as a plain dict (it crosses a process boundary)."""
    start = time.perf_counter()
    resolver = Resolver(task.definitions, task.independent)
    try:
        with time_limit(task.timeout):
            written, sigma_note = _bare_sigma(task)
            lhs, rhs = (resolver.full(x) for x in written)
            if lhs.has(Tr) or rhs.has(Tr):
                lhs, rhs = lhs.doit(), rhs.doit()
            lhs, rhs = write_out(_abs_to_piecewise(lhs)), write_out(_abs_to_piecewise(rhs))
        context = (task.lhs, task.rhs, *[_without_own_index(d) for d in task.definitions])
        outcome, words = _by_cases(lhs, rhs, task, context, start)
        if words:
            outcome.setdefault("assumptions", []).append(words)
        if sigma_note:
            outcome.setdefault("assumptions", []).append(sigma_note)
        scalars = scalar_names(lhs, rhs)
        if scalars:
            outcome.setdefault("assumptions", []).append(
                f"{', '.join(scalars)} read as numbers; declare a matrix with \\in \\mathbb{{R}}^{{m \\times n}}")
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



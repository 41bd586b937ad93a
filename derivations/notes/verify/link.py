"""One link, in the worker: expand both sides (expand.py), verify them case by case within the
index ranges, and turn the result into the report's verdict. A link whose derivatives the
definitions do not fix is tried once more with those derivatives left unknown (opaque.py).
"""
from __future__ import annotations

import time
from dataclasses import replace

import sympy as sp
from sympy.core.function import AppliedUndef

from ...functions import sigma
from ...prove import StepTimeout, time_limit, verify_claim
from ...verdict import PROVED, REFUTED, UNDECIDED
from ..read.arbitrary import instance_words
from ..read.markers import Diff, Tr
from .expand import UNPARSED, DefinitionCycle, LinkTask, Resolver, Undetermined, without_own_index
from .indices import index_domain, rename_bound, sharing_pair, write_out
from .matrices import judge, matrix_names, scalar_names
from .identity import WORDS as IDENTITY_WORDS, identity_side
from .opaque import polynomial_in, unknown_words, unsettled
from .outcome import add_defined_values, counterexample_words, outcome as verdict_outcome


#: What SymPy raises on input it cannot handle (not a bug of gradproof's): the link is undecided,
#: and its message names the error.
SYMPY_FAILURES = (TypeError, ValueError, AttributeError, NotImplementedError, sp.ShapeError)


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
    lhs, rhs = _rebound(lhs, rhs, context)
    same = {old: new for old, new in task.domain if isinstance(old, sp.Symbol) and old.is_integer}
    ranged = [_merged(x, same) for x in (lhs, rhs, *context)]  # "i = j": one index, one range
    pair = task.distinct[0] if task.distinct else None
    cases = [(pair, None), (pair[::-1], None)] if pair else [(None, None)]
    plain = None if pair else index_domain(*ranged[:2], tuple(ranged[2:]))
    if plain and plain[2]:
        twin = sharing_pair(*ranged[:2], tuple(ranged[2:]))
        cases = [(None, twin), (twin, None), (twin[::-1], None)] if twin else cases
    results = []
    for order, merge in cases:
        sides = [_merged(x, {merge[1]: merge[0]}) for x in ranged] if merge else ranged
        known = plain if order is None and merge is None else None  # the ranges without a case: once
        ranges, words, loose = known or index_domain(*sides[:2], tuple(sides[2:]), order)
        words = f"{merge[1]} = {merge[0]}" + (f", {words}" if words else "") if merge else words
        loose = loose or len(task.distinct) > 1  # a second "k \\neq l" is not split: no refutation
        remaining = max(task.timeout - (time.perf_counter() - start), 0.05)
        here = (_merged(lhs, {merge[1]: merge[0]}), _merged(rhs, {merge[1]: merge[0]})) if merge else (lhs, rhs)
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


def _merged(x: sp.Basic, same: dict) -> sp.Basic:
    """``x`` in the case ``old = new``: a sum bound by ``new`` (or ``old``) is renamed apart first,
    so that the case k = r of sum_k t_k delta_kr stays sum_k t_k delta_kk' with k' = r, never a
    sum of delta_kk = 1 (the bound k captured the free r)."""
    if not same:
        return x
    clash = set(same) | {v for v in same.values() if isinstance(v, sp.Symbol)}
    return rename_bound(x, clash).xreplace(same)


def _rebound(lhs, rhs, context: tuple) -> tuple:
    """A family a_k := ... makes k a free index of the context, so the index ranges give k a value: a
    sum's own k must not take it. Such bound indices are renamed, the same way on both sides (so
    that \\sum_k A_k - \\sum_k B_k still compares term by term)."""
    free = set().union(*[c.free_symbols for c in context if isinstance(c, sp.Basic)])
    bound = {lim[0] for side in (lhs, rhs) if isinstance(side, sp.Basic)
             for s in side.atoms(sp.Sum, sp.Product) for lim in s.limits} & free
    if not bound:
        return lhs, rhs
    fresh = {v: sp.Symbol(f"{v}__bound", **v.assumptions0) for v in bound}

    def rename(x: sp.Basic) -> sp.Basic:
        if isinstance(x, sp.MatrixBase):
            return sp.ImmutableMatrix(x.applyfunc(rename))
        return x.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)) and any(
            lim[0] in fresh for lim in e.limits), lambda e: e.xreplace(
            {lim[0]: fresh[lim[0]] for lim in e.limits if lim[0] in fresh}))
    return rename(lhs), rename(rhs)


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


def _at_layers(outcome: dict, resolver: Resolver, task: LinkTask) -> dict:
    """Say which names were read through a generic layer's definition; no refutation rests on
    them (notes may mean a generic layer for the hidden layers only)."""
    by_key = {d.key: d for d in task.definitions}
    words = "; ".join(sorted(f"{name} read from {by_key[key].name} (line {by_key[key].line})"
                             for name, key in resolver.instances.items()))
    if resolver.truncated:
        left = ", ".join(sorted(map(str, resolver.truncated)))
        words = (words + "; " if words else "") + f"{left} left a name (a layer the link does not write)"
    if outcome["verdict"] == REFUTED:
        found = counterexample_words(outcome.get("counterexample") or {})
        return {"verdict": UNDECIDED, "message": f"no refutation rests on a generic layer's definition "
                f"({words}): the notes may mean it for some layers only, and a name left unfolded is not "
                f"free (as written it fails: {found})", "counterexample": None}
    outcome.setdefault("assumptions", []).append(words)
    return outcome


def _unknowns_in(x: sp.Basic) -> set:
    """The heads of the unknowns (opaque.py) in x: a link whose sides differ in them is not tried."""
    return {f.func for f in x.atoms(AppliedUndef) if str(f.func).startswith("\\partial")}


def _for_every_value(task: LinkTask, start: float) -> dict | None:
    """Proved with each derivative the definitions do not fix left unknown (opaque.py), or None."""
    unknowns: dict = {}
    resolver = Resolver(task.definitions, task.independent, unknowns, task.earlier, task.family_ranges)
    resolver.layers.in_link(task.lhs, task.rhs)
    if task.timeout - (time.perf_counter() - start) < 0.1:
        return None
    try:
        with time_limit(max(task.timeout - (time.perf_counter() - start), 0.05)):
            written, _ = _bare_sigma(task)
            lhs, rhs = (write_out(_abs_to_piecewise(resolver.full(x))) for x in written)
            if not unknowns or _unknowns_in(lhs) != _unknowns_in(rhs) or matrix_names(lhs, rhs) \
                    or lhs.has(Tr) or rhs.has(Tr) or not polynomial_in(unknowns, lhs, rhs):
                return None
            context = (task.lhs, task.rhs, *[without_own_index(d) for d in task.definitions])
            outcome, words = _by_cases(lhs, rhs, task, context, start)  # the index ranges, as usual
    except (StepTimeout, DefinitionCycle, Undetermined, RecursionError, *SYMPY_FAILURES):
        return None  # no proof this way: the link keeps the verdict it had (undecided)
    if outcome["verdict"] != PROVED:
        return None  # never refuted: the unknowns' true values might make the link true
    unknown_list = unknown_words(unknowns)
    proved = {"verdict": PROVED, "method": f"{outcome.get('method', '')}, for every value of {unknown_list}",
            "message": f"{outcome['message']}, whatever the value of {unknown_list}, which the notes' "
                       f"definitions do not fix", "used": sorted(resolver.used),
            "assumptions": [words] if words else []}
    proved = _at_layers(proved, resolver, task) if resolver.instances or resolver.truncated else proved
    return _through_earlier(proved, resolver)


def _through_earlier(outcome: dict, resolver: Resolver) -> dict:
    """Name each derivative taken through a restated name's earlier statement (restated.py); no
    refutation rests on one (the later line may have meant a new quantity)."""
    if not resolver.through_earlier:
        return outcome
    words = "; ".join(dict.fromkeys(resolver.through_earlier))
    if outcome["verdict"] == REFUTED:
        found = counterexample_words(outcome.get("counterexample") or {})
        return {"verdict": UNDECIDED, "message": f"no refutation rests on a restated name's earlier statement "
                f"({words}): the later line may define a new quantity (as written it fails: {found})",
                "counterexample": None}
    outcome.setdefault("assumptions", []).append(words)
    return outcome


def run_link(task: LinkTask) -> dict:
    """The verdict of one link as a plain dict (it crosses a process boundary); a link whose side is
    a bare I the notes never define is tried once more with I as the identity (identity.py)."""
    start = time.perf_counter()
    outcome = _run_link(task)
    side = identity_side(task.lhs, task.rhs) if task.identity else None
    remaining = task.timeout - (time.perf_counter() - start)
    if side is None or outcome["verdict"] in (PROVED, UNPARSED) or remaining < 0.1:
        return outcome
    again = _run_link(replace(task, identity=False, timeout=remaining, **{side: sp.Integer(1)}))
    if again["verdict"] != PROVED:
        return outcome
    again.setdefault("assumptions", []).append(IDENTITY_WORDS)
    again["message"] += "; I read as the identity"
    again["seconds"] = time.perf_counter() - start
    return again


def _written_alike(task: LinkTask) -> dict | None:
    """Both sides read as the very same expression (``= -\\sum_j ... `` restated to carry a chain on):
    equal whatever each name means or is defined to be, so proved before any unfolding, which on a
    softmax or a deep layer can take seconds. Matrices, and capitals read as numbers (SymPy orders
    their products, so W A and A W look alike), are left to the usual path, which says so."""
    lhs, rhs = task.lhs, task.rhs
    if not isinstance(lhs, sp.Expr) or lhs != rhs or lhs.is_commutative is False or matrix_names(lhs, rhs) \
            or lhs.has(sp.MatrixSymbol, sp.nan, sp.zoo, sp.oo, -sp.oo) or scalar_names(lhs, rhs):
        return None  # 0/0 = 0/0 is no identity; W_2 A_1 = A_1 W_2 is alike only as numbers (said so below)
    return {"verdict": PROVED, "message": "proved (structural: both sides are written alike)",
            "method": "structural", "counterexample": None, "excluded": (), "used": [], "seconds": 0.0}


def _run_link(task: LinkTask) -> dict:
    start = time.perf_counter()
    alike = _written_alike(task)
    if alike is not None:
        return alike
    resolver = Resolver(task.definitions, task.independent, earlier=task.earlier,
                        family_ranges=task.family_ranges)
    resolver.layers.in_link(task.lhs, task.rhs)
    try:
        with time_limit(task.timeout):
            written, sigma_note = _bare_sigma(task)
            lhs, rhs = (resolver.full(x) for x in written)
            if lhs.has(Tr) or rhs.has(Tr):
                lhs, rhs = lhs.doit(), rhs.doit()
            lhs, rhs = write_out(_abs_to_piecewise(lhs)), write_out(_abs_to_piecewise(rhs))
        context = (task.lhs, task.rhs, *[without_own_index(d) for d in task.definitions])
        outcome, words = _by_cases(lhs, rhs, task, context, start)
        if words:
            outcome.setdefault("assumptions", []).append(words)
        if sigma_note:
            outcome.setdefault("assumptions", []).append(sigma_note)
        scalars = scalar_names(lhs, rhs)
        if scalars:
            outcome.setdefault("assumptions", []).append(
                f"{', '.join(scalars)} read as numbers; declare a matrix with \\in \\mathbb{{R}}^{{m \\times n}}")
        if resolver.instances or resolver.truncated:
            outcome = _at_layers(outcome, resolver, task)
        outcome = _through_earlier(outcome, resolver)
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
        if unsettled(str(e)):
            outcome = _for_every_value(task, start) or outcome
    except RecursionError:
        outcome = {"verdict": UNDECIDED, "message": "the expression is nested too deeply for SymPy"}
    except MemoryError:
        outcome = {"verdict": UNDECIDED, "message": "SymPy ran out of memory"}
    except SYMPY_FAILURES as e:
        outcome = {"verdict": UNDECIDED, "message": f"SymPy could not work with this link ({type(e).__name__}: "
                                                    f"{str(e)[:120]})"}
    if resolver.unbound:  # softmax(w_k) kept as an unknown function of w_k alone: it would lose its
        # dependence on the other entries, so neither a proof nor a refutation may rest on it
        outcome = {"verdict": UNDECIDED, "message": "; ".join(dict.fromkeys(resolver.unbound))
                   + ("" if outcome["verdict"] != UNDECIDED else f"; {outcome['message']}")}
    outcome.setdefault("counterexample", None)
    outcome.setdefault("excluded", ())
    outcome.setdefault("method", "")
    outcome["used"] = sorted(set(resolver.used) | set(outcome.get("used", ())))
    outcome["seconds"] = time.perf_counter() - start
    return outcome



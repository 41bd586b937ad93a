"""A derivation as notes that ``gradproof check`` reads back: what ``to_markdown`` writes.

``plan`` gathers, for one derivation, the generic functions to declare, the ``:=`` definitions of the
names its steps show, and each step's claim with its domain as a side condition (the
reparametrisations written back as ``1 \\le j \\le n``, ``j > i``, ``0 < a < 1``, ``y_2 = 1 - y_1``). A
change of variables (no restriction) and anything the printer cannot write faithfully are said in words
under the step; no step is dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from .export import ExportPrinter, PrimeAt, latex, shown_name, shown_names
from .catalog.generic import Generic

GE, LE = r"\ge", r"\le"
HELPERS = ("h", "g", r"\psi")  # names the reader calls by convention; the first one unused is taken


# ---------------------------------------------------------------- domains as side conditions

def signs(symbols: set) -> list[str]:
    """The sign a symbol carries as an assumption (p positive), as a side condition (p > 0): the
    reader takes an unconditioned name as any real number."""
    out = []
    for x in sorted((x for x in symbols if isinstance(x, sp.Symbol) and not x.is_integer), key=str):
        word = ">" if x.is_positive else "<" if x.is_negative else GE if x.is_nonnegative else \
            LE if x.is_nonpositive else None
        if word:
            out.append(f"{latex(x)} {word} 0")
    return out


def conditions(subs, step_symbols: set) -> tuple[list[str], list[str]]:
    """The side conditions that ``subs`` (a derivation's reparametrisations) state, in LaTeX.

    ``x -> c + d`` with d a nonnegative (positive) gap is ``x >= c`` (``x > c``); ``a -> 1/(1 + t)``
    is ``0 < a < 1``; ``n -> j + d_n`` and ``j -> 1 + d_j`` together are ``1 <= j <= n``; ``y -> e``
    with no gap is the constraint ``y = e``. A substitution by new real variables (a change of
    variables, no domain) is returned in the second list, in words, for the reader.
    """
    clauses, notes, done = [], [], set()
    subs = list(subs)
    for k, (x, e) in enumerate(subs):
        x, e = sp.sympify(x), sp.sympify(e)
        if k in done or not (x.free_symbols | e.free_symbols) & step_symbols:
            continue
        fresh = {s for s in e.free_symbols if isinstance(s, sp.Symbol) and s not in step_symbols}
        gaps = [s for s in fresh if s.is_nonnegative or s.is_positive]
        if fresh - set(gaps):
            notes.append(f"{latex(x)} \\to {latex(e)}")
            continue
        if not gaps:
            clauses.append(f"{latex(x)} = {latex(e)}")
            continue
        gap = gaps[0]
        if len(gaps) == 1 and sp.simplify(e - 1 / (1 + gap)) == 0 and gap.is_positive:
            clauses.append(f"0 < {latex(x)} < 1")
            continue
        sign = sp.expand(e).coeff(gap)
        rest = sp.expand(e - sign * gap)
        if len(gaps) != 1 or rest.has(gap) or sign not in (1, -1):
            notes.append(f"{latex(x)} \\to {latex(e)}")
            continue
        inner = next((m for m in range(k + 1, len(subs)) if subs[m][0] == rest and m not in done), None)
        if inner is not None and gap.is_nonnegative and sign == 1:  # n -> j + d_n, j -> low + d_j
            low = sp.expand(subs[inner][1] - sum(s for s in subs[inner][1].free_symbols if s not in step_symbols))
            done.add(inner)
            clauses.append(f"{latex(low)} \\le {latex(rest)} \\le {latex(x)}")
            continue
        if gap.is_positive:
            clauses.append(f"{latex(x)} {'>' if sign == 1 else '<'} {latex(rest)}")
        elif x.is_integer and sign == 1:
            clauses.append(_integer_clause(x, rest))
        else:
            clauses.append(f"{latex(x)} {GE if sign == 1 else LE} {latex(rest)}")
    return clauses, notes


def _integer_clause(x, rest) -> str:
    """``x >= r + 1`` for integers is written ``x > r``."""
    below = sp.expand(rest - 1)
    return f"{latex(x)} > {latex(below)}" if below.free_symbols else f"{latex(x)} \\ge {latex(rest)}"


# ---------------------------------------------------------------- a derivation as notes

@dataclass(frozen=True)
class ExportedStep:
    claim: str                         # "lhs = rhs" with its side condition, or the claim as printed
    reason: str
    quote: str | None
    definitions: tuple[str, ...] = ()  # "name := expr" lines this step needs that differ from the file's
    note: str = ""                     # what the claim cannot carry (a change of variables), in words


@dataclass(frozen=True)
class ExportPlan:
    functions: tuple[str, ...]         # generic functions, declared for the reader
    definitions: tuple[str, ...]       # "name := expr" lines in force for every step
    steps: tuple[ExportedStep, ...]


def plan(d) -> ExportPlan:
    """What ``to_markdown`` writes for ``d``: declarations, definitions, and each step's claim."""
    sides = [e for s in d.steps for e in (s.lhs, s.rhs)]
    generics = _generic_roots(sides + [type(a).definition() for a in shown_names(sides)])
    meanings: dict[str, set] = {}
    for a in _reachable(sides):
        meanings.setdefault(shown_name(a), set()).add(type(a).written())
    plain = {str(x) for s in d.steps for e in (s.lhs, s.rhs) for x in e.atoms(sp.Symbol)}
    # One meaning per name in the file: a shown name that is also a plain variable somewhere (z^3_1
    # free in one step, defined in another) or that names a function is written out instead.
    inline = {name for name in meanings if "(" in name or name in generics or name in plain}
    # A name with one meaning is defined once; one with several (a_1 for n = 2, 3, 4), or that
    # leads to one with several, is defined before each step that needs it.
    several = {name for name, m in meanings.items() if name not in inline and len(m) > 1}
    while True:
        more = {name for name, m in meanings.items() if name not in inline | several
                and any(shown_name(b) in several for w in m for b in _reachable([w]))}
        if not more:
            break
        several |= more
    single = {name: next(iter(m)) for name, m in meanings.items() if name not in inline | several}
    definitions = [_definition(name, value, inline) for name, value in single.items()]
    definitions += _given_definitions(d)
    steps = []
    for s in d.steps:
        lhs, rhs = (_inline(e, inline) for e in (s.lhs, s.rhs))
        local = [_definition(shown_name(a), type(a).written(), inline)
                 for a in _reachable([s.lhs, s.rhs]) if shown_name(a) in several]
        lhs, rhs, helpers = _evaluation_bars(lhs, rhs, {str(x) for x in _symbols([lhs, rhs])} | set(generics))
        symbols = _symbols([s.lhs, s.rhs])
        clauses, notes = conditions([*d.reparametrise, *s.assume], symbols)
        substituted = {sp.sympify(x) for x, _ in [*d.reparametrise, *s.assume]}
        clauses += signs(_symbols([lhs, rhs]) - substituted)
        claim = f"{latex(lhs)} = {latex(rhs)}"
        if clauses:
            claim += r" \quad \text{for } " + r", \; ".join(clauses)
        note = f"proved after the change of variables ${', '.join(notes)}$ (no restriction)" if notes else ""
        unread = _unreadable(lhs) + _unreadable(rhs)
        if unread:  # listed, never dropped: the claim stays, with why the checker cannot read it back
            note = "; ".join([*([note] if note else []), f"not exported faithfully: {', '.join(unread)}"])
        steps.append(ExportedStep(claim, s.reason, s.quote, tuple(local + helpers), note=note))
    return ExportPlan(tuple(generics), tuple(definitions), tuple(steps))


def _evaluation_bars(lhs, rhs, taken: set):
    """``d/dt E |_{t=p}`` becomes ``h'(p)`` with ``h(t) := E`` (the reader's prime at a point)."""
    bars = sorted((b for e in (lhs, rhs) for b in e.atoms(sp.Subs)
                   if isinstance(b.expr, sp.Derivative) and len(b.variables) == 1
                   and b.expr.variable_count == ((b.variables[0], 1),)), key=sp.default_sort_key)
    free = [h for h in HELPERS if h not in taken and h.lstrip("\\") not in taken]
    helpers, replace = [], {}
    for bar, name in zip(bars, free):
        t = bar.variables[0]
        helpers.append(f"{name}({latex(t)}) := {latex(bar.expr.expr)}")
        replace[bar] = PrimeAt(sp.core.symbol.Str(name), bar.point[0])
    return lhs.xreplace(replace), rhs.xreplace(replace), helpers


def _unreadable(expr) -> list[str]:
    """What ``ExportPrinter`` writes only as SymPy prints it (the checker refuses it, it never guesses)."""
    found = []
    if expr.has(sp.Subs):
        found.append("an evaluation bar that is not a first derivative at a point")
    if expr.has(sp.MatrixSymbol):
        found.append("a matrix symbol without entries")
    return found


def _inline(expr, names: set):
    """``expr`` with the shown names in ``names`` replaced by what they stand for, as written."""
    for _ in range(50):  # a written form may hold other names to write out
        found = [a for a in shown_names([expr]) if shown_name(a) in names]
        if not found:
            break
        expr = expr.xreplace({a: type(a).written() for a in found})
    return expr


def _reachable(exprs) -> list:
    """The shown names in ``exprs`` and, transitively, in what they stand for."""
    found = shown_names(exprs)
    for a in found:  # grows while it is walked
        found += [b for b in shown_names([type(a).written()]) if b not in found]
    return found


def _definition(name: str, value, inline: set) -> str:
    return f"{latex(sp.Symbol(name))} := {latex(_inline(value, inline))}"


def _symbols(exprs) -> set:
    out: set = set()
    for e in exprs:
        out |= e.atoms(sp.Symbol)  # with the variables of an unevaluated derivative
        for a in shown_names([e]):
            out |= type(a).definition().atoms(sp.Symbol)
    return out


def _given_definitions(d) -> list[str]:
    """The derivation's own definitions that are expressions of names its steps use."""
    used = _symbols([e for s in d.steps for e in (s.lhs, s.rhs)])
    out = []
    for key, value in d.definitions:
        if not (isinstance(key, sp.Basic) and isinstance(value, sp.Basic)):
            continue
        if isinstance(value, sp.Symbol) and not re.fullmatch(r"\w+", value.name):
            continue  # a definition in words, kept in the header
        if (isinstance(key, sp.Symbol) and key in used) or isinstance(key, sp.Function):
            out.append(f"{latex(key)} := {latex(value)}")
    return out


def _generic_roots(exprs) -> list[str]:
    """The LaTeX names of the generic functions used, their partials counted as the function."""
    names: set[str] = set()
    for e in exprs:
        for a in (e.atoms(sp.Function) if isinstance(e, sp.Basic) else set()):
            if isinstance(a, Generic):
                names.add(re.sub(r"^\\partial_\{\d+\} |'+$", "", a._latex_name))
            elif isinstance(a, AppliedUndef):
                names.add(ExportPrinter()._name(a.func.__name__))
    return sorted(names)

"""Give a link its meaning through the definitions (link.py then verifies it, in the worker).

Derivatives follow the issue's rule: to differentiate f with respect to v, expand f through every
definition except v's own (v stays a variable even where v is defined), differentiate, and only
then expand v and the rest. A derivative of f with respect to a v that f does not contain is not
silently 0: it is undecided, because in notes it nearly always means a name was misspelt (case,
bold) or a dependence was left out of the definitions. A refutation that hinges on two names that
differ only by case or by bold/vector marks (``W_2`` and ``w_2``, ``x`` and ``\\vec{x}``) is
reported as undecided for the same reason.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from ...functions import kinks, unfold
from ..plan.entry_heads import bind_entry
from .family_calls import rebind
from .entries import MismatchedEntry, numbered_entries
from .indices import rename_bound, write_out
from .layers import Layers
from .lookalike import names as _names, similar_name
from ..read.markers import Diff, PrimeAt
from .opaque import unknown, unsettled
from .restated import same_quantity

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
    earlier: dict = None  # a name restated under a later heading -> its earlier statement (restated.py)
    identity: bool = False  # the file writes I only as a whole side and defines it nowhere (identity.py)
    family_ranges: dict | None = None  # family -> ranges the notes sum it over (family_calls.py)

    def __post_init__(self) -> None:
        self.sizes = dict(self.sizes or {})
        self.earlier = dict(self.earlier or {})


def _binding(params: tuple, args: list) -> dict | None:
    """Parameters to arguments; an entry parameter (softmax(z_i) := ...) binds its indices, and
    only to an entry of the same family (entry_heads.py): None otherwise, and the call stays
    unknown (it can neither prove nor refute anything on its own)."""
    out = {}
    for param, arg in zip(params, args):
        if isinstance(param, sp.Indexed):
            indices = bind_entry(param, arg)
            if indices is None:
                return None
            out.update(indices)
        else:
            out[param] = arg
    return out


def _indices_in(x) -> set:
    """The free integer symbols of an expression (the indices a bound index could capture)."""
    if not isinstance(x, sp.Basic):
        return set()
    return {s for s in x.free_symbols if isinstance(s, sp.Symbol) and s.is_integer}


_FRESH = itertools.count(1)


def _apart(expr: sp.Basic, avoid: set) -> sp.Basic:
    """``expr`` with each bound index in ``avoid`` renamed to a fresh name of its own (``k_{b1}``),
    so that unfolding a definition inside an expression that uses that index freely captures
    nothing. Plain symbols with distinct names, not Dummies: values are matched by name."""
    return rename_bound(expr, avoid, _fresh_symbol) if isinstance(expr, sp.Basic) else expr


def _fresh_symbol(v: sp.Symbol) -> sp.Symbol:
    """A new bound index k_{b7} for k, remembered so that it can be named k again where it is safe."""
    new = sp.Symbol(f"{v}_{{b{next(_FRESH)}}}", integer=True)
    _ORIGINAL[new] = v
    return new


_ORIGINAL: dict = {}  # a fresh bound index -> the name the notes gave it


def _restore(expr: sp.Basic) -> sp.Basic:
    """Each fresh bound index back to the notes' name wherever that name is free nowhere in the
    whole side nor in the sum itself, and no sum inside binds it: the side then reads as written
    (two sides with one sum compare equal), and only a real clash keeps its fresh name."""
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.applyfunc(_restore))
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Sum, sp.Product):
        return expr
    free = expr.free_symbols

    def back(s: sp.Basic) -> sp.Basic:
        inner = {lim[0] for t in s.function.atoms(sp.Sum, sp.Product) for lim in t.limits}
        renames = {v: _ORIGINAL[v] for v, *_ in s.limits if v in _ORIGINAL and _ORIGINAL[v] not in free
                   and _ORIGINAL[v] not in s.free_symbols and _ORIGINAL[v] not in inner}
        return s.xreplace(renames) if renames else s

    return expr.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)), back)


class Resolver:
    """Expands names and function calls through definitions and carries out derivatives."""

    def __init__(self, definitions: list, independent: bool = False, unknowns: dict | None = None,
                 earlier: dict | None = None, family_ranges: dict | None = None) -> None:
        self.independent = independent
        self.earlier = earlier or {}  # restated.py: a name's earlier statement, for d/dv where only it holds v
        self.through_earlier: list[str] = []  # derivatives taken through such a statement, for the verdict
        self.family_ranges = family_ranges or {}  # family -> the ranges the notes sum it over
        self.unknowns = unknowns  # given: a derivative the definitions do not fix becomes an unknown
        self.defs = {d.key: d for d in definitions}
        self.used: set[int] = set()
        self._order = {d.key: k for k, d in enumerate(definitions)}
        self.families = {d.key.base: d for d in definitions if is_family(d.key)}
        self.opaque: set[sp.Indexed] = set()  # entries of a family that could not be unfolded
        self.unbound: list[str] = []  # calls a definition on entries could not be applied to
        self.layers = Layers(definitions)
        self.instances: dict = {}  # a name read through a generic layer's definition -> that definition
        self.truncated: set = set()  # a name a generic layer's definition serves, left a name here
        self.context: set = set().union(*[_indices_in(d.expr) | _indices_in(d.key) for d in definitions
                                         if isinstance(d.expr, sp.Basic)])  # free indices a bound one
        # met inside an expansion must never capture (x3_k through x2_i := relu(sum_k ...))

    def full(self, expr: sp.Basic) -> sp.Basic:
        self.context |= _indices_in(expr)
        return _restore(self.sub(expr, frozenset(), ()))

    def sub(self, e: sp.Basic, keep: frozenset, stack: tuple) -> sp.Basic:
        if isinstance(e, sp.MatrixBase):
            return sp.ImmutableMatrix(e.applyfunc(lambda x: self.sub(x, keep, stack)))
        if isinstance(e, sp.Indexed) and any(isinstance(k, sp.Indexed) and k.base == e.base for k in keep) \
                and not self._self_referent(e.base):
            return e  # d/da_j of a sum over a_k, or d/du_i of sum_j u_j (u_j may be u_i): every entry is a
            # variable, none is unfolded; not in a recurrence, where the notes mean the total derivative
        if isinstance(e, sp.Indexed) and e not in self.defs and e not in keep and e.base in self.families:
            return self._entry(e, keep, stack)
        if isinstance(e, (sp.Symbol, sp.Indexed)) and e not in self.defs and e not in keep:
            return self._layer(e, keep, stack)
        if isinstance(e, (sp.Symbol, sp.Indexed)):
            return self._value(e, keep, stack) if e in self.defs and e not in keep else e
        if isinstance(e, Diff):
            return self._derivative(e, keep, stack)
        if isinstance(e, PrimeAt):
            return self._prime(e, keep, stack)
        if isinstance(e, sp.Derivative) and any(isinstance(v, (sp.Symbol, sp.Indexed)) and v not in keep
                                                 for v, _ in e.variable_count):
            return self._at_point(e, keep, stack)
        if isinstance(e, AppliedUndef) and ("fn", e.func.__name__) in self.defs:
            args = [self.sub(a, keep, stack) for a in e.args]
            params = self.defs[("fn", e.func.__name__)].params
            body = self._value(("fn", e.func.__name__), keep | set(params), stack)  # f(u) := u^2 + 1: u is
            # its parameter here, even where the notes also give a name u a value
            if len(params) != len(args):
                raise Undetermined(f"{e.func.__name__} takes {len(params)} argument"
                                   f"{'s' if len(params) != 1 else ''}, not {len(args)}")
            if tuple(e.args) != tuple(params) and _per_example(params, self.defs[("fn", e.func.__name__)].expr):
                head = f"{e.func.__name__}({', '.join(map(str, params))})"
                raise Undetermined(f"{e.func.__name__} is defined as {head}, for one example; {e} is "
                                   f"not read (the definition's other per-example names may not follow)")
            free = set().union(*[a.free_symbols for a in args]) if args else set()
            binding = _binding(params, args)
            if binding is None and _binding(params, list(e.args)) is not None:
                args = list(e.args)  # softmax(theta_j) with theta_k defined too: bind theta_j, then unfold it
                free = set().union(*[a.free_symbols for a in args])
                binding = _binding(params, args)
            if binding is None and len(params) == 1 and isinstance(params[0], sp.Indexed):
                other, why = rebind(params[0], body, e.args[0], self.family_ranges)  # softmax(y)_k, y's own length
                if other is not None:
                    free = e.args[0].free_symbols | self.context
                    return self.sub(_apart(other, free).xreplace(
                        {params[0].indices[0]: e.args[0].indices[0]}), keep, stack)
                if why:
                    self.unbound.append(f"{e.func.__name__}({e.args[0]}) is not known: {why}")
                    return e.func(*args)
            if binding is None:  # softmax(w_i) where the notes define softmax on entries of z only
                self.unbound.append(f"{e.func.__name__}({', '.join(map(str, args))}) is not known: the notes "
                                    f"define {e.func.__name__} on entries of {params[0].base} only")
                return e.func(*args)
            return self.sub(_apart(body, free | self.context).xreplace(binding), keep, stack)
        if isinstance(e, AppliedUndef) and e.func.__name__.endswith("^{-1}") and len(e.args) == 1 \
                and ("fn", e.func.__name__[:-5]) in self.defs:
            return self._inverse(e, keep, stack)
        if not e.args or isinstance(e, sp.Indexed):
            return e
        return e.func(*[self.sub(a, keep, stack) for a in e.args])

    def _at_point(self, e: sp.Derivative, keep: frozenset, stack: tuple) -> sp.Basic:
        """``Derivative(g(s), s)`` of a function the notes never define, where s itself is defined
        (s = W a + b): the derivative of g at the point s, ``Subs(Derivative(g(t), t), t, W a + b)``.
        Expanding s inside the derivative would differentiate by an expression (SymPy refuses)."""
        dummies = {v: sp.Dummy(str(v), real=True) for v, _ in e.variable_count}
        inner = sp.Derivative(self.sub(e.expr.xreplace(dummies), keep, stack),
                              *[(dummies[v], n) for v, n in e.variable_count])
        points = [self.sub(v, keep, stack) for v in dummies]
        if all(p == v for p, v in zip(points, dummies)):
            return inner.xreplace({d: v for v, d in dummies.items()})
        return sp.Subs(inner, tuple(dummies.values()), tuple(points))

    def _self_referent(self, base: sp.Basic) -> bool:
        """The family's entries depend on other entries of it, directly (a recurrence) or through
        other definitions: then d/da_j is a total derivative, and no entry may be held fixed."""
        if base not in self.families:
            return False
        d = self.families[base]
        used, opaque = set(self.used), set(self.opaque)
        try:
            value = self.sub(d.expr, frozenset(), (d.key,))
        except (DefinitionCycle, Undetermined, RecursionError):
            return True
        finally:
            self.used, self.opaque = used, opaque
        return recurrent(d) or any(x.base == base for x in value.atoms(sp.Indexed))

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
        return self.sub(_apart(self.defs[key].expr, self.context), keep, stack + (key,))

    def _layer(self, e: sp.Basic, keep: frozenset, stack: tuple) -> sp.Basic:
        """A name at another layer from the generic layer's definition (layers.py), at a layer the
        link writes; at any other layer it stays a name, and a derivative of what holds it is
        undecided (how it depends on the variable is unknown)."""
        served = self.layers.serving(e.base if isinstance(e, sp.Indexed) else e)
        if served is None:
            return e
        d, renamed = served
        if e in stack or not self.layers.allowed(e.base if isinstance(e, sp.Indexed) else e):
            self.opaque.add(e)
            self.truncated.add(e)
            return e
        self.used.add(self._order[d.key])
        self.instances[e] = d.key
        value = d.expr.xreplace(renamed)
        if isinstance(e, sp.Indexed):
            if not isinstance(d.key, sp.Indexed) or len(d.key.indices) != len(e.indices):
                return e
            free = set().union(*[sp.sympify(i).free_symbols for i in e.indices])
            value = rename_bound(value, free).xreplace(dict(zip(d.key.indices, e.indices)))
        elif isinstance(d.key, sp.Indexed):
            return e
        return self.sub(value, keep, stack + (e,))

    def _entry(self, e: sp.Indexed, keep: frozenset, stack: tuple) -> sp.Basic:
        """a_k from the family a_j := sigma(z_j); an entry of a recurrence (s_{t-1} from
        s_t := tanh(u s_{t-1} + x_t)) stays opaque, and no derivative may treat it as a constant."""
        d = self.families[e.base]
        if len(d.key.indices) != len(e.indices) or recurrent(d) or e in stack:
            self.opaque.add(e)
            return e
        self.used.add(self._order[d.key])
        free = set().union(*[sp.sympify(i).free_symbols for i in e.indices]) | self.context
        value = _apart(d.expr, free).xreplace(dict(zip(d.key.indices, e.indices)))
        return self.sub(value, keep, stack + (e,))

    def _derivative(self, e: Diff, keep: frozenset, stack: tuple) -> sp.Basic:
        try:
            return self._evaluate(e, keep, stack)
        except Undetermined as why:
            if self.unknowns is None or not unsettled(str(why)):
                raise
        self.unknowns[unknown(e)] = e  # opaque.py: any value it takes
        return unknown(e)

    def _evaluate(self, e: Diff, keep: frozenset, stack: tuple) -> sp.Basic:
        f, v, n = e.args
        if v.is_commutative is False:
            raise Undetermined(f"a derivative with respect to the matrix {v} is not checked (SymPy "
                               f"differentiates products of matrices without regard to their order)")
        expanded, v_in, swapped = self._expanded(self.sub(f, keep | {v}, stack), v)
        if not _depends(expanded, v_in) and f in self.earlier and f in self.defs:
            expanded, v_in, swapped = self._through_earlier(f, v, keep, stack) or (expanded, v_in, swapped)
        v = v_in
        if self.unknowns and any(u in self.unknowns for u in expanded.atoms(AppliedUndef)):
            raise Undetermined(f"{f} holds a derivative the notes do not fix, so how it depends on {v} is "
                               f"unknown")  # the unknown may vary with v: never a constant here
        unknown = sorted(str(x) for x in expanded.atoms(sp.Indexed, sp.Symbol)
                         if x in self.opaque and x != v and not self.layers.below(x, v))
        if unknown:
            raise Undetermined(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not unfolded (an entry of "
                               f"a recurrence or family, or a layer the link does not write), so how "
                               f"{'it depends' if len(unknown) == 1 else 'they depend'} on {v} is unknown")
        if not _depends(expanded, v) and not _constant(expanded) and not (self.independent and v not in self.defs):
            raise Undetermined(_independent(f, v, expanded, self.defs))
        derivative = _differentiate(expanded, v, int(n), self.defs)
        if swapped:  # x[3] named x_3 again, once the deltas are summed
            derivative = write_out(derivative.replace(lambda x: isinstance(x, sp.Sum) and x.has(sp.KroneckerDelta),
                                                      lambda x: x.doit()))
        return self.sub(derivative, keep, stack)

    @staticmethod
    def _expanded(value: sp.Basic, v: sp.Basic) -> tuple:
        expanded = write_out(unfold(value))  # sigma has no rule of its own
        try:
            expanded, v, swapped = numbered_entries(expanded, v)
        except MismatchedEntry as e:
            raise Undetermined(str(e)) from None
        return rename_bound(expanded, v.free_symbols), v, swapped  # d/da_j of sum_j ...: j is not the bound j

    def _through_earlier(self, f: sp.Basic, v: sp.Basic, keep: frozenset, stack: tuple) -> tuple | None:
        """d f/d v through f's earlier statement (restated.py), when only that one holds v and both
        statements are exactly the same quantity; None otherwise."""
        old, new = self.earlier[f], self.defs[f]
        saved = (set(self.used), set(self.opaque), dict(self.instances), set(self.truncated))
        try:
            same = same_quantity(*(write_out(unfold(self.sub(x, frozenset(), stack + (f,)))) for x in (new.expr, old.expr)))
            found = self._expanded(self.sub(old.expr, keep | {v}, stack + (f,)), v)
        except (DefinitionCycle, Undetermined, RecursionError):
            same = False
        if not same or not _depends(found[0], found[1]):
            self.used, self.opaque = saved[0], saved[1]
            self.instances, self.truncated = saved[2], saved[3]
            return None
        self.through_earlier.append(f"d{f}/d{v} taken through {old.name} as stated at line {old.line} (line "
                                    f"{new.line} restates it, exactly equal, without {v})")
        return found

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


def _per_example(params: tuple, body: sp.Basic) -> bool:
    """``f(x_i) := \\ln(1 + e^{-z_i}) + (1 - y_i) z_i``: the body carries the parameter's index on other
    families (z_i, y_i), so it is one example's value and f(x_j) cannot follow from it. An entry
    head whose body holds its index only on the parameter's own family (``softmax(z_i) :=
    e^{z_i} / \\sum_k e^{z_k}``) binds to any entry of that family instead."""
    entries = [p for p in params if isinstance(p, sp.Indexed)]
    indices = _index_symbols(entries)
    bases = {p.base for p in entries}
    return bool(indices) and any(x.base not in bases and _index_symbols([x]) & indices
                                 for x in body.atoms(sp.Indexed))


def _index_symbols(entries: list) -> set:
    return set().union(*[sp.sympify(i).free_symbols for x in entries for i in x.indices]) if entries else set()


def without_own_index(d) -> sp.Basic:
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
    calls = sorted({str(c.func) for c in expanded.atoms(AppliedUndef) if ("fn", c.func.__name__) not in defs})
    if calls:  # J := (h(x) - y)^2 / 2 with h_{W,b} never defined: h may depend on v (its W)
        return (f"{f} holds {', '.join(calls)}, which {'is' if len(calls) == 1 else 'are'} not defined, so how it "
                f"depends on {v} is unknown")
    similar = sorted({str(s) for s in _names(expanded) if similar_name(s, v) and s != v})
    hint = f" (it has {', '.join(similar)}: names are case-sensitive, and bold or vector names " \
           f"differ from plain ones)" if similar else ""
    return f"{f} does not depend on {v} as the notes define it{hint}; the derivative would be 0"

"""Which equations define a name, which are claims to check, and which are skipped.

The rules (README.md has them with examples):
- ``name := expr`` (also ``\\coloneqq``, ``\\triangleq``, ``\\overset{def}{=}``) defines the name;
  so does a function head ``f(x, y) := expr``.
- A chain that starts with a bare name (or a head ``f(x, y)`` with distinct variables) not yet
  defined defines it with its first ``=``; the rest of the chain is checked. Built-in functions
  (sigma, ReLU, sin, ...) count as defined: ``\\sigma(z) = ...`` is a claim, ``:=`` redefines.
- A name defined earlier in the same section is not defined again by ``=``: the chain is a claim.
  In a later section (a new Markdown heading), ``name = expr`` defines it anew from that line on.
- A definition whose right side mentions its own name, or the same letter with another time or
  layer mark (``w^{new} = w^{old} - ...``, ``x_{t+1} = x_t - ...``), is an update rule: skipped.
- Inline ``$...$`` math is read for definitions only.
- Definitions may come in any order: a link uses, for each name, the last definition at or before
  its line, or the first one after it when there is none before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp
from sympy.core.function import AppliedUndef

from ..prove import StepTimeout, time_limit
from .chains import DEF, EQ, OTHER, Equation, Side, block_equations, file_equations
from .parse import ParseError, Parser, parse_tokens
from .prescan import scan_indices
from .scan import NotesFile
from .vocab import Names, function_word


PARSE_SECONDS = 5


@dataclass
class Definition:
    """A name's definition as the notes give it; ``key`` is a symbol, an entry, or ("fn", name)."""

    name: str
    key: object
    params: tuple
    expr: sp.Basic
    text: str
    line: int
    cell: int | None
    order: int
    section: int


@dataclass
class Link:
    """One ``=`` to check: where its right side starts, both sides as written and as parsed."""

    line: int
    column: int
    cell: int | None
    lhs: str
    rhs: str
    order: int
    lhs_value: sp.Basic | None = None
    rhs_value: sp.Basic | None = None
    error: str | None = None
    condition: Side | None = None
    restates: str | None = None  # the link starts with a name already defined in this section


@dataclass
class FilePlan:
    """Everything to check in one file, before any verdict."""

    notes: NotesFile
    names: Names
    links: list[Link] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=lambda: {"no_equality": 0, "update_rule": 0})

    def in_force(self, order: int) -> dict[object, Definition]:
        """For each name, the definition a link at ``order`` uses."""
        chosen: dict[object, Definition] = {}
        for d in self.definitions:  # appended in file order
            if d.key not in chosen or d.order <= order:
                chosen[d.key] = d
        return chosen


def plan_file(notes: NotesFile) -> FilePlan:
    """Parse every equation of a scanned file and sort it into definitions, links and skips."""
    display = file_equations(notes.blocks)
    inline = [eq for b in notes.blocks if not b.display for eq in block_equations(b) if not eq.error]
    plan = FilePlan(notes, _prescan(display + inline, notes))
    ordered = [(eq, True) for eq in display] + [(eq, False) for eq in inline]
    ordered.sort(key=lambda item: _position(item[0]))
    for order, (equation, is_display) in enumerate(ordered):
        _classify(plan, equation, order, is_display)
    return plan


def _position(eq: Equation) -> tuple[int, int, int]:
    block = eq.sides[0].block if eq.sides else eq.error[0]
    pos = eq.sides[0].pos if eq.sides else eq.error[1]
    return (block.cell or 0, *block.where(pos))


# ---------------------------------------------------------------- the file's names
def _prescan(equations: list[Equation], notes: NotesFile) -> Names:
    names = Names(layers=set(notes.layer_indices), arbitrary=set(notes.functions), independent=notes.independent)
    for eq in equations:
        for side in eq.sides:
            scan_indices(side.tokens, names)
    names.integers -= names.counts
    for eq in equations:
        if eq.relations and eq.relations[0].kind in (EQ, DEF):
            head = _head(eq.sides[0], names, eq.relations[0].kind == DEF)
            if head:
                names.heads.setdefault(*head)
            if [t.value for t in eq.sides[0].tokens] == ["e"]:
                names.plain_e = True
    return names


def _head(side: Side, names: Names, explicit: bool) -> tuple[str, tuple[str, ...]] | None:
    """``f(x, y)`` at the start of a definition: the name and its parameters, else None."""
    p = Parser(side.tokens, names, side.block.text)
    try:
        name, indices = p.bare_name()
        if indices or not p.at("("):
            return None
        p.next()
        params = [p.bare_name()]
        while p.at(","):
            p.next()
            params.append(p.bare_name())
        if not p.at(")") or p.i + 1 != len(p.toks):
            return None
    except ParseError:
        return None
    builtin = name == r"\sigma" or function_word(name) is not None
    if any(i for _, i in params) or len({n for n, _ in params}) != len(params) or (builtin and not explicit):
        return None
    return name, tuple(n for n, _ in params)


# ---------------------------------------------------------------- sorting equations
def _parse(plan: FilePlan, side: Side) -> tuple[sp.Basic | None, str | None]:
    if not side.tokens:
        line, col = side.block.where(side.pos)
        return None, f"line {line}, column {col}: an empty side"
    try:
        with time_limit(PARSE_SECONDS):  # the parser is bounded; this is a second guard
            return parse_tokens(side.tokens, plan.names, side.block.text), None
    except StepTimeout:
        line, col = side.block.where(side.pos)
        return None, f"line {line}, column {col}: reading this side took over {PARSE_SECONDS} s"
    except ParseError as e:
        line, col = side.block.where(e.pos)
        return None, f"line {line}, column {col}: {e.reason}"
    except RecursionError:
        line, col = side.block.where(side.pos)
        return None, f"line {line}, column {col}: nested too deeply"


def _classify(plan: FilePlan, eq: Equation, order: int, display: bool) -> None:
    if eq.error:
        if display:
            block, pos, reason = eq.error
            line, col = block.where(pos)
            plan.links.append(Link(line, col, block.cell, block.text.strip()[:80], "", order,
                                   error=f"line {line}, column {col}: {reason}"))
        return
    if not eq.relations:
        plan.skipped["no_equality"] += display
        return
    runs, start = [], 0
    for k, relation in enumerate(eq.relations):
        if relation.kind == OTHER:
            plan.skipped["no_equality"] += display
            runs.append((start, k))
            start = k + 1
    runs.append((start, len(eq.relations)))
    for first, last in runs:
        if last > first:
            _run(plan, eq, first, last, order, display)


def _run(plan: FilePlan, eq: Equation, first: int, last: int, order: int, display: bool) -> None:
    """Sides ``first..last`` joined by = or :=; the first link may be a definition."""
    values = [_parse(plan, eq.sides[k]) for k in range(first, last + 1)]
    kind = eq.relations[first].kind
    defined = _definition(plan, eq, first, values, order, kind)
    if defined == "update":
        plan.skipped["update_rule"] += display
        return
    if not display:
        return
    start = first + 1 if defined else first
    for k in range(start, last):
        if eq.relations[k].kind == DEF:
            values[k + 1 - first] = (None, "a definition sign inside a chain")
        _link(plan, eq, k, values[k - first], values[k + 1 - first], order)
    if not defined and kind == EQ and values[0][0] is not None and plan.links:
        plan.links[-(last - start)].restates = _restates(plan, values[0][0])


def _link(plan: FilePlan, eq: Equation, k: int, left, right, order: int) -> None:
    rhs_side = eq.sides[k + 1]
    line, col = rhs_side.block.where(rhs_side.pos)
    error = left[1] or right[1]
    plan.links.append(Link(line, col, rhs_side.block.cell, eq.sides[k].text, rhs_side.text, order,
                           left[0], right[0], error, eq.condition))


def _definition(plan: FilePlan, eq: Equation, first: int, values, order: int, kind: str):
    """Record the definition made by the run's first link, if it makes one."""
    (lhs, lhs_error), (rhs, rhs_error) = values[0], values[1]
    target = _target(lhs) if lhs is not None else None
    if target is None:
        return False
    key, params = target
    builtin = isinstance(key, tuple) and (key[1] == r"\sigma" or function_word(key[1]) is not None)
    if kind == EQ and (builtin or not _definable(plan, key, eq)):
        return False  # a built-in function (sigma, softmax, ...) counts as defined
    if rhs is None:
        return False
    if _mentions_itself(lhs, rhs, key, params):
        return "update"
    side = eq.sides[first]
    line, _ = eq.sides[first + 1].block.where(eq.sides[first + 1].pos)
    plan.definitions.append(Definition(side.text, key, params, rhs, eq.sides[first + 1].text, line,
                                       side.block.cell, order, side.block.section))
    return True


def _restates(plan: FilePlan, lhs: sp.Basic) -> str | None:
    target = _target(lhs)
    earlier = [d for d in plan.definitions if target and d.key == target[0]]
    return f"{earlier[-1].name} is defined at line {earlier[-1].line}" if earlier else None


def _target(lhs: sp.Basic) -> tuple[object, tuple] | None:
    if isinstance(lhs, (sp.Symbol, sp.Indexed)):
        return lhs, ()
    if isinstance(lhs, AppliedUndef) and all(isinstance(a, sp.Symbol) for a in lhs.args) \
            and len(set(lhs.args)) == len(lhs.args):
        return ("fn", lhs.func.__name__), lhs.args
    return None


def _definable(plan: FilePlan, key: object, eq: Equation) -> bool:
    """Not defined yet, or only in an earlier section (a redefinition)."""
    section = eq.sides[0].block.section
    earlier = [d for d in plan.definitions if d.key == key]
    return not earlier or earlier[-1].section != section


def root(name: str) -> str:
    """A name without its scripts: the letter that an update rule repeats (w in w^{new}, x_t)."""
    name = re.sub(r"\^\{[^{}]*\}|\^\*|_\{[^{}]*\}|_\w+|\[.*\]$", "", name)
    return name


def _name_of(x: sp.Basic) -> str:
    return str(x.base.label) if isinstance(x, sp.Indexed) else str(x)


def _mentions_itself(lhs: sp.Basic, rhs: sp.Basic, key: object, params: tuple) -> bool:
    if isinstance(key, tuple):
        return any(getattr(c.func, "__name__", None) == key[1] for c in rhs.atoms(AppliedUndef))
    if rhs.has(lhs):
        return True
    own = root(_name_of(lhs))
    mentioned = {root(_name_of(s)) for s in rhs.free_symbols | rhs.atoms(sp.Indexed)
                 if isinstance(s, (sp.Symbol, sp.Indexed)) and not s.is_integer}
    marked = isinstance(lhs, sp.Indexed) or _name_of(lhs) != own
    return marked and own in mentioned

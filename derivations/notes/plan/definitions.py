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

import sympy as sp
from sympy.core.function import AppliedUndef

from ...prove import StepTimeout, time_limit
from .chains import DEF, EQ, OTHER, Equation, Side, block_equations, file_equations
from ..read.markers import MARKERS
from ..read.tokens import tokenize
from ..read.parse import ParseError, Parser, parse_tokens
from ..find.scan import Block, NotesFile
from ..read.vocab import SOFTMAX, Names, function_word
from .case_values import case_value_blocks
from .entry_heads import is_probability, probability_name, softmax_entry
from .notation_scan import prose_indices
from .model import Definition, FilePlan, Link, Skipped
from .heads import function_head, middle_head, prescan
from .listed_entries import states_entries


PARSE_SECONDS = 5


def plan_file(notes: NotesFile, choices: dict | None = None) -> FilePlan:
    """Parse every equation of a scanned file and sort it into definitions, links and skips.

    ``choices`` picks a reading for each ambiguous construct (readings.py); without it, the first.
    """
    display = file_equations(notes.blocks)
    inline = [eq for b in notes.blocks if not b.display for eq in block_equations(b)]
    plan = FilePlan(notes, prescan(display + inline, notes))
    plan.names.choices = dict(choices or {})
    ordered = [(eq, True) for eq in display] + [(eq, False) for eq in inline]
    ordered.sort(key=lambda item: _position(item[0]))
    for order, (equation, is_display) in enumerate(ordered):
        _classify(plan, equation, order, is_display)
        if is_display and not equation.error and equation.sides:
            _case_value_links(plan, equation, order)
    return plan


def _case_value_links(plan: FilePlan, eq: Equation, order: int) -> None:
    """Each ``a = b`` inside a cases value, a link under its row's condition (case_values.py); one
    that would define a name defines nothing (it holds only in its case) and is listed instead."""
    for block in case_value_blocks(eq.sides, eq.sides[0].block):
        for equation in block_equations(block):
            known = len(plan.definitions)
            _classify(plan, equation, order, True)
            for d in plan.definitions[known:]:
                plan.skipped_items.append(Skipped(d.line, d.cell, d.name, "an equation inside a cases value "
                                                  "names a quantity only in its case: not a definition", "inline"))
            del plan.definitions[known:]


def _position(eq: Equation) -> tuple[int, int, int]:
    block = eq.sides[0].block if eq.sides else eq.error[0]
    pos = eq.sides[0].pos if eq.sides else eq.error[1]
    return (block.cell or 0, *block.where(pos))


# ---------------------------------------------------------------- the file's names
def _parse(plan: FilePlan, side: Side) -> tuple[sp.Basic | None, str | None]:
    if not side.tokens:
        line, col = side.block.where(side.pos)
        return None, f"line {line}, column {col}: an empty side"
    plan.names.met = {}
    try:
        with time_limit(PARSE_SECONDS):  # the parser is bounded; this is a second guard
            value = parse_tokens(side.tokens, plan.names, side.block.text)
            plan.side_keys[(side.block.cell, id(side.block), side.pos)] = frozenset(plan.names.met)
            return value, None
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
    heading, plan.heading = plan.heading, None
    if heading is not None and _just_below(heading, eq):
        eq.conditions.append(heading)  # "$i \\neq j$" on the line above: this display's case
        plan.headed.add(id(heading))
    for premise in list(eq.premises):
        if not eq.error and _premise_defines(plan, premise, order):
            eq.premises.remove(premise)  # "\\because z_i = w_1 x_{i1} + b": z_i's definition, not a constraint on b
        elif not eq.error and display:
            _premise_links(plan, premise, order)
    if eq.error:
        if display:
            block, pos, reason = eq.error
            line, col = block.where(pos)
            plan.links.append(Link(line, col, block.cell, block.text.strip()[:80], "", order,
                                   error=f"line {line}, column {col}: {reason}"))
        elif "=" in eq.error[0].text:
            block, pos, reason = eq.error
            line, _ = block.where(pos)
            plan.skipped_items.append(Skipped(line, block.cell, block.text.strip()[:120],
                                              f"inline math not read: {reason}", "inline"))
        return
    if not display:
        prose_indices(plan.distinct, eq, order)
    if not eq.relations:
        plan.skipped["no_equality"] += display
        return
    if not display and eq.sides[0].block.heading and _inequality(eq):  # "If $s > 0$:" on its own line
        side = eq.sides[0]
        plan.heading = Side(side.block, tokenize(side.block.text), 0)
        plan.skip(side, "a condition in the prose: the condition of the display right below it", "premise",
                  side.block.text.strip())
        return
    if _case_heading(plan, eq):
        side = eq.sides[0]
        text = f"{side.text} {eq.relations[0].word} {eq.sides[1].text}"
        plan.cases.append((side.block.section, text, frozenset(_parse(plan, s)[0] for s in eq.sides)))
        if display:  # alone on its line (or a display of its own): the case of the display below
            plan.heading = Side(side.block, tokenize(side.block.text), 0)
        plan.skip(side, "a case heading: a condition of some links below it, never a claim", "premise", text)
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
    if display and last > first + 1 and is_probability(values[0][0]):  # P(y = i \mid x) = a_i = ...: a label
        side = eq.sides[first]
        plan.skip(side, f"{side.text} names the value that follows (a probability), and the chain starts "
                        f"at {eq.sides[first + 1].text}", "definition", f"{side.text} = {eq.sides[first + 1].text}")
        plan.seen |= _names_in(values[0][0])
        first, values = first + 1, values[1:]
    try:
        _run_values(plan, eq, first, last, order, display, values)
    finally:
        plan.seen |= set().union(*[_names_in(v) for v, _ in values])


def _run_values(plan: FilePlan, eq: Equation, first: int, last: int, order: int, display: bool, values) -> None:
    kind = eq.relations[first].kind
    cases = eq.row_clauses() if display and first == 0 and last == len(eq.relations) else None
    if cases is not None:
        _cases(plan, eq, values, order, cases)
        return
    if not display and eq.sides[first].block.cased:  # "$H(x) = 1$ if $x > 0$": true in a case only
        side = eq.sides[first]
        plan.skip(side, "inline math stated for a case (a condition follows in the prose): not a definition",
                  "inline", f"{side.text} {eq.relations[first].word} {eq.sides[first + 1].text}")
        return
    defined = _definition(plan, eq, first, values, order, kind, display)
    if defined == "update":
        plan.skipped["update_rule"] += display
        plan.skip(eq.sides[first], "an update rule: its left side appears on its right", "update_rule",
                  f"{eq.sides[first].text} {eq.relations[first].word} {eq.sides[first + 1].text}")
        return
    if not display:
        if not defined:
            _inline(plan, eq, first, values, order)
        elif defined is True and first + 1 < last:
            _defines_middle(plan, eq, first + 1, values[1:], order)
        return
    start = first + 1 if defined is True else first
    if defined is True and start < last and _defines_middle(plan, eq, start, values[start - first:], order):
        start += 1
    made = len(plan.links)
    for k in range(start, last):
        if eq.relations[k].kind == DEF:
            values[k + 1 - first] = (None, "a definition sign inside a chain")
        if defined is True and _defines_entry(plan, eq, k, values[k - first][0], values[k + 1 - first][0], order):
            continue
        listed = states_entries(eq.sides[k].tokens, eq.sides[k + 1].tokens, plan.names)
        if listed:  # \mathbf{\theta} = [\theta_1, \theta_2]^T (listed_entries.py)
            plan.skip(eq.sides[k], listed, "definition", f"{eq.sides[k].text} = {eq.sides[k + 1].text}")
            continue
        if k == last - 1 and defined is not True and _names_last(plan, eq, k, values[k - first][0],
                                                                 values[k + 1 - first][0], order):
            continue
        _link(plan, eq, k, values[k - first], values[k + 1 - first], order)
    head = plan.links[made] if len(plan.links) > made and start == first else None  # the run's first link
    if head is not None and defined not in (True, False):  # restated under a new heading: checked against the old one
        head.shadows = defined
        head.restates = _restates(plan, values[0][0], before=order)
    elif head is not None and not defined and kind == EQ and values[0][0] is not None:
        head.restates = _restates(plan, values[0][0])


def _defines_entry(plan: FilePlan, eq: Equation, k: int, lhs, rhs, order: int) -> bool:
    """``a_i = \\text{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}`` after a_i's definition: the
    link from softmax(z)_i defines that entry (entry_heads.py), as it would standing alone."""
    entry = softmax_entry(lhs) if lhs is not None and rhs is not None else None
    if entry is None or rhs.has(SOFTMAX) or not _definable(plan, entry[0], eq):
        return False
    side, other = eq.sides[k], eq.sides[k + 1]
    line, _ = other.block.where(other.pos)
    plan.definitions.append(Definition(side.text, entry[0], entry[1], rhs, other.text, line, side.block.cell, order,
                                       side.block.section, False, _keys(plan, side) | _keys(plan, other)))
    plan.skip(side, f"defines {side.text}", "definition", f"{side.text} = {other.text}")
    return True


def _names_last(plan: FilePlan, eq: Equation, k: int, lhs, rhs, order: int) -> bool:
    """``... = \\log(1 + e^z) = \\zeta(z)``, zeta named last and nowhere else (_named_last): the link
    defines zeta(z) as the side before it, and is no claim."""
    target = _target(rhs) if isinstance(rhs, AppliedUndef) and lhs is not None else None
    if target is None or target[0][1] not in plan.names.named_last or any(d.key == target[0] for d in plan.definitions):
        return False
    if any(c.func == rhs.func for c in lhs.atoms(AppliedUndef)):
        return False  # f(z) = ... f(z - 1) ...: a recurrence, not a name
    if not all(lhs.has(p) for p in target[1]):
        return False  # a = f(z): the side before holds no z, so it is no formula for f (f(z) := a would
        # make f a constant); f stays the unknown function the rest of the notes apply
    side, other = eq.sides[k + 1], eq.sides[k]
    line, _ = side.block.where(side.pos)
    plan.definitions.append(Definition(side.text, target[0], target[1], lhs, other.text, line, side.block.cell, order,
                                       side.block.section, False, _keys(plan, side) | _keys(plan, other)))
    plan.skip(side, f"defines {side.text}, written last in its chain", "definition", f"{other.text} = {side.text}")
    return True


def _defines_middle(plan: FilePlan, eq: Equation, k: int, values, order: int) -> bool:
    """The chain's second link ``g_1(x_1) = -\\log(x_1)`` defines g_1 (see ``middle_head``), when g_1
    is not defined yet in this section."""
    head = middle_head(eq, plan.names) if eq.sides[k] is eq.sides[1] else None
    (lhs, _), (rhs, _) = values[0], values[1]
    target = _target(lhs) if lhs is not None and head else None
    if target is None or rhs is None or not isinstance(target[0], tuple) or not _definable(plan, target[0], eq):
        return False
    key, params = target
    if _mentions_itself(lhs, rhs, key, params):
        return False
    side = eq.sides[k]
    line, _ = eq.sides[k + 1].block.where(eq.sides[k + 1].pos)
    plan.definitions.append(Definition(side.text, key, params, rhs, eq.sides[k + 1].text, line, side.block.cell,
                                       order, side.block.section, False,
                                       _keys(plan, side) | _keys(plan, eq.sides[k + 1])))
    plan.skip(side, f"defines {side.text} (named in the chain that defines {eq.sides[0].text})", "definition",
              f"{side.text} = {eq.sides[k + 1].text}")
    return True


def _cases(plan: FilePlan, eq: Equation, values, order: int, cases: dict) -> None:
    """Rows with clauses of their own are cases of the first side: each row is checked against it
    under its own clauses (and none of them defines the first side)."""
    for k in range(1, len(eq.sides)):
        conditions, premises = cases[k]
        _link(plan, eq, 0, values[0], values[k], order, k)
        plan.links[-1].conditions, plan.links[-1].premises = list(conditions), list(premises)


def _inline(plan: FilePlan, eq: Equation, first: int, values, order: int) -> None:
    """Inline math that defines nothing: a premise of its section (``$t_1 + t_2 = 1$``), or listed."""
    (lhs, _), (rhs, _) = values[0], values[1]
    side = eq.sides[first]
    text = f"{side.text} {eq.relations[first].word} {eq.sides[first + 1].text}"
    scalar = all(isinstance(x, sp.Expr) and not getattr(x, "is_Matrix", False) for x in (lhs, rhs))
    if scalar and eq.relations[first].kind == EQ and _linear_relation(lhs - rhs):
        plan.premises.append((order, side.block.section, lhs - rhs, " ".join(text.split())))
        plan.skip(side, "a relation stated in prose: a premise of the later links of its section", "premise", text)
    else:
        plan.skip(side, "inline math is read for definitions and premises only, not checked", "inline", text)


def _linear_relation(d: sp.Basic) -> bool:
    """A relation among two or more names, linear in them (``t_1 + t_2 + t_3 = 1``)."""
    if isinstance(d, sp.Expr) and _total_of_a_family(d):
        return True  # \\sum_k y_k = 1: the targets' total, substituted where it occurs
    if not isinstance(d, sp.Expr) or d.atoms(sp.Function) or d.has(sp.Sum):
        return False
    leaves = {x for x in d.free_symbols | d.atoms(sp.Indexed) if not getattr(x, "is_integer", False)}
    return len(leaves) >= 2 and d.is_polynomial(*leaves) and sp.Poly(d, *leaves).total_degree() == 1


def _total_of_a_family(d: sp.Expr) -> bool:
    """``\\sum_k y_k - 1``: one sum of a family's entries, and a number."""
    sums = [t for t in sp.Add.make_args(d) if isinstance(t, sp.Sum)]
    rest = [t for t in sp.Add.make_args(d) if not isinstance(t, sp.Sum)]
    return len(sums) == 1 and all(t.is_number for t in rest) and isinstance(sums[0].function, sp.Indexed) \
        and sums[0].function.indices == (sums[0].limits[0][0],)


def _link(plan: FilePlan, eq: Equation, k: int, left, right, order: int, right_at: int | None = None) -> None:
    rhs_side = eq.sides[k + 1 if right_at is None else right_at]
    line, col = rhs_side.block.where(rhs_side.pos)
    error = left[1] or right[1]
    plan.links.append(Link(line, col, rhs_side.block.cell, eq.sides[k].text, rhs_side.text, order,
                           left[0], right[0], error, list(eq.conditions), list(eq.premises),
                           list(eq.prose), rhs_side.block.section,
                           ambiguities=_keys(plan, eq.sides[k]) | _keys(plan, rhs_side),
                           block=id(rhs_side.block)))


def _keys(plan: FilePlan, side: Side) -> frozenset:
    return plan.side_keys.get((side.block.cell, id(side.block), side.pos), frozenset())


def _premise_links(plan: FilePlan, premise: Side, order: int) -> None:
    """``\\because \\ln(1) = 0``: the equation a premise states is checked too, as a link marked as a
    premise: proved when it is an identity; never refuted (an assumption such as t_1 + t_2 = 1 is
    not meant for every value), so the verifier reports a failure as undecided."""
    tokens = [t for t in premise.tokens if not (t.kind == "cmd" and t.value == r"\because")]
    if not tokens or not any(t.kind == "sym" and t.value == "=" for t in tokens):
        return
    start, end = tokens[0].pos, tokens[-1].end
    line, column = premise.block.where(start)
    text = premise.block.text[start:end]
    block = Block(text, line, column, premise.block.cell, True, premise.block.section)
    before = len(plan.links)
    for equation in block_equations(block):
        if equation.error or not equation.relations or equation.relations[0].kind != EQ:
            continue
        _classify(plan, equation, order, True)
    for link in plan.links[before:]:
        link.premise = True


def _premise_defines(plan: FilePlan, premise: Side, order: int) -> bool:
    """``\\because z_i = ...`` naming a name the file defines nowhere: its definition, in force from
    this equation on in its section (solved for another name, it would constrain b instead)."""
    tokens = [t for t in premise.tokens if not (t.kind == "cmd" and t.value == r"\because")]
    equals = [k for k, t in enumerate(tokens) if t.kind == "sym" and t.value == "="]
    if len(equals) != 1 or not 0 < equals[0] < len(tokens) - 1:
        return False
    left = Side(premise.block, tokens[:equals[0]], tokens[0].pos)
    right = Side(premise.block, tokens[equals[0] + 1:], tokens[equals[0] + 1].pos)
    (lhs, error), (rhs, error2) = _parse(plan, left), _parse(plan, right)
    if error or error2 or lhs is None or rhs is None or not _written_as_name(left, plan.names):
        return False
    target = _target(lhs)
    if target is None or isinstance(target[0], tuple) or _mentions_itself(lhs, rhs, target[0], target[1]) \
            or _is_number(rhs):
        return False
    earlier = [d for d in plan.definitions if d.key == target[0]]
    if earlier:  # a reminder of the definition in force: nothing new to assume (else a real premise)
        return earlier[-1].expr == rhs
    line, _ = right.block.where(right.pos)
    plan.definitions.append(Definition(left.text, target[0], target[1], rhs, right.text, line, left.block.cell,
                                       order, left.block.section, False, _keys(plan, left) | _keys(plan, right)))
    plan.skip(left, f"defines {left.text} (given after \\because)", "definition", f"{left.text} = {right.text}")
    return True


def _definition(plan: FilePlan, eq: Equation, first: int, values, order: int, kind: str, display: bool):
    """Record the definition made by the run's first link: True, "update", a restated key, or False."""
    (lhs, _), (rhs, _) = values[0], values[1]
    target = _target(lhs) if lhs is not None and _written_as_name(eq.sides[first], plan.names) else None
    entry = softmax_entry(lhs) if kind == EQ and rhs is not None else None
    if entry is not None and not rhs.has(SOFTMAX):
        if not _definable(plan, entry[0], eq):  # softmax(z_i) = S_i after its definition: names S_i
            return _reverse_definition(plan, eq, first, lhs, rhs, order, display)
        target = entry
    if target is None and kind == EQ and len(eq.sides) == first + 2 and rhs is not None and lhs is not None:
        return _reverse_definition(plan, eq, first, lhs, rhs, order, display)
    if target is None or rhs is None:
        return False
    key, params = target
    if _index_case(key, rhs):
        return False  # "$i = j$" before a case's derivation: which case it is, never i := j
    builtin = isinstance(key, tuple) and (key[1] == r"\sigma" or function_word(key[1]) is not None) \
        and target is not entry  # softmax(z_i): the notes' own name for an entry, defined here
    restated = False
    if kind == EQ:
        if builtin or not _definable(plan, key, eq):
            return False  # a built-in function (sigma, softmax, ...) counts as defined
        restated = display and any(d.key == key and not d.after_only and d.block in (None, id(eq.sides[0].block))
                                   for d in plan.definitions)
    if _mentions_itself(lhs, rhs, key, params):
        return "update"
    side = eq.sides[first]
    line, _ = eq.sides[first + 1].block.where(eq.sides[first + 1].pos)
    example = not display and not isinstance(key, tuple) and _is_number(rhs)
    plan.definitions.append(Definition(side.text, key, params, rhs, eq.sides[first + 1].text, line,
                                       side.block.cell, order, side.block.section, example,
                                       _keys(plan, side) | _keys(plan, eq.sides[first + 1])))
    why = "a number given in prose: an example, in force after it in its section" if example else \
        f"defines {side.text}" + (" (and is checked against its earlier definition)" if restated else "")
    plan.skip(side, why, "definition", f"{side.text} {eq.relations[first].word} {eq.sides[first + 1].text}")
    return key if restated else True


def _reverse_definition(plan: FilePlan, eq: Equation, first: int, lhs, rhs, order: int, display: bool):
    """``$\\mathrm{softmax}(z_i) = S_i$``, ``(Y - a^L) = V``: an expression named on the right, by a
    name the file does not define otherwise. It defines that name; nothing is checked."""
    side = eq.sides[first + 1]
    target = _target(rhs) if _written_as_name(side, plan.names) else None
    if target is None or isinstance(target[0], tuple) or _root(target[0]) in plan.seen | _names_in(lhs) or \
            any(d.key == target[0] for d in plan.definitions) or _is_number(lhs) or lhs.has(*MARKERS):
        return False  # a name used before, or a derivative: the line is a claim
    line, _ = eq.sides[first].block.where(eq.sides[first].pos)
    plan.definitions.append(Definition(side.text, target[0], (), lhs, eq.sides[first].text, line,
                                       side.block.cell, order, side.block.section, False,
                                       _keys(plan, side) | _keys(plan, eq.sides[first]), _local(eq)))
    plan.skip(eq.sides[first], f"defines {side.text}, written on the right", "definition",
              f"{eq.sides[first].text} = {side.text}")
    return True


def _just_below(heading: Side, eq: Equation) -> bool:
    """The display right below a case heading (at most two lines further, in the same section)."""
    block = eq.sides[0].block if eq.sides else None
    if block is None or not block.display or block.section != heading.block.section \
            or block.cell != heading.block.cell:
        return False
    return 0 < block.line - heading.block.line <= 3


def _inequality(eq: Equation) -> bool:
    """One strict or loose inequality between two sides (``s > 0``, ``a \\le b``)."""
    return len(eq.sides) == 2 and eq.relations[0].word in ("<", ">", r"\lt", r"\gt", r"\le", r"\ge", r"\leq",
                                                           r"\geq", "≤", "≥")


def _case_heading(plan: FilePlan, eq: Equation) -> bool:
    """``$i = j$`` or ``$i \\neq j$`` alone, between two integer indices: the case the next lines
    are derived for (which lines, the notes do not say)."""
    if len(eq.sides) != 2 or eq.relations[0].word not in ("=", r"\neq", r"\ne", "≠") or eq.conditions:
        return False
    values = [_parse(plan, side)[0] for side in eq.sides]
    return all(isinstance(v, sp.Symbol) for v in values) and _index_case(*values)


def _index_case(key: object, rhs: sp.Basic) -> bool:
    """``i = j`` between two integer indices: a case heading, not a definition of i."""
    return all(isinstance(x, sp.Symbol) and x.is_integer and not x.is_positive for x in (key, rhs))


def _local(eq: Equation) -> int | None:
    """``\\text{Let } \\log_e x = y`` inside a display of several rows: an aside naming a value of its
    own generic x, for that display only: its block's id, else None (in force as usual). A name
    defined on the left (``\\text{Let } f(x_i) = ...``) is the notes' own, for the file."""
    block = eq.sides[0].block
    rows = len(re.findall(r"\\\\(?!\[)", block.text)) >= 1
    return id(block) if rows and any(w.strip().lower() == "let" for w in eq.prose) else None


def _root(x: sp.Basic) -> str:
    return str(x.base.label) if isinstance(x, sp.Indexed) else str(x)


def _names_in(x: sp.Basic) -> set[str]:
    if not isinstance(x, sp.Basic):
        return set()
    return {_root(s) for s in x.free_symbols | x.atoms(sp.Indexed)}


def _is_number(x: sp.Basic) -> bool:
    return isinstance(x, sp.Expr) and x.is_number is True


def _written_as_name(side: Side, names: Names) -> bool:
    r"""The left side as written is a bare name or a head f(x, y), not an expression that SymPy
    happened to fold into one (``\log(e^u)`` is u, ``e^{\log x}`` is x)."""
    if function_head(side, names, True):
        return True
    if any(t.value == r"\mid" for t in side.tokens):
        return probability_name(side, names)
    tokens = [t for t in side.tokens if t.value not in (r"\underline", r"\boxed", r"\displaystyle")]
    while len(tokens) > 2 and tokens[0].value == "{" and tokens[-1].value == "}":
        tokens = tokens[1:-1]  # \underline{J} is J: an annotation, not an expression
    values = [t.value for t in tokens]
    if len(values) in (3, 5) and values[0] in (r"\sum", r"\prod") and values[1] == "_" and (
            len(values) == 3 or (values[2], values[4]) == ("{", "}")):
        return True  # \sum_K: a name for a sum (the parser reads it as one when nothing follows)
    p = Parser(tokens, names, side.block.text)
    try:
        p.bare_name()
    except ParseError:
        return False
    return p.i == len(p.toks)


def _restates(plan: FilePlan, lhs: sp.Basic, before: int | None = None) -> str | None:
    target = _target(lhs)
    earlier = [d for d in plan.definitions if target and d.key == target[0] and not d.after_only
               and (before is None or d.order < before)]
    return f"{earlier[-1].name} is defined at line {earlier[-1].line}" if earlier else None


def _target(lhs: sp.Basic) -> tuple[object, tuple] | None:
    if isinstance(lhs, (sp.Symbol, sp.Indexed)):
        return lhs, ()
    if isinstance(lhs, AppliedUndef) and all(isinstance(a, (sp.Symbol, sp.Indexed)) for a in lhs.args) \
            and len(set(lhs.args)) == len(lhs.args):  # f(x, y), or f(x_i) for one example i
        return ("fn", lhs.func.__name__), lhs.args
    return None


def _definable(plan: FilePlan, key: object, eq: Equation) -> bool:
    """Not defined yet, or only in an earlier section (a redefinition)."""
    section = eq.sides[0].block.section
    earlier = [d for d in plan.definitions if d.key == key and d.block in (None, id(eq.sides[0].block))]
    return not earlier or earlier[-1].section != section


def _mentions_itself(lhs: sp.Basic, rhs: sp.Basic, key: object, params: tuple) -> bool:
    """An update rule: the left side appears literally on the right (``w := w - \\eta g``).

    ``v_{next} := v - \\eta g``, ``h^{[3]} := \\tanh(U^{[3]} h^{[2]})`` and the recurrence
    ``s_t := \\tanh(u s_{t-1} + x_t)`` define their left sides.
    """
    if isinstance(key, tuple):
        return any(getattr(c.func, "__name__", None) == key[1] for c in rhs.atoms(AppliedUndef))
    return rhs.has(lhs)

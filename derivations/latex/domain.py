"""Side conditions (``\\text{for } x > 0``, ``, 0 < a < 1``): a domain for the claim, never a factor.

A condition the checker understands becomes a reparametrisation for the verification core
(x > 0 becomes x = t_x with t_x positive; 0 < a < 1 becomes a = 1/(1 + t_a)), so both proofs and
counterexamples stay inside it. One it does not understand cannot make a link refuted (the
counterexample might lie outside it); a proof without it still holds, so proofs are kept.
"""
from __future__ import annotations

import sympy as sp

from . import ranges
from .chains import Side
from .envs import COMPARISONS, _top, split_comparisons
from .parse import ParseError, Parser
from .ranges import Partial
from .vocab import Names

Substitution = tuple[sp.Basic, sp.Basic]
WORDS = ("for all", "forall", "for", "if", "when", "where", "whenever", "provided", "given", "with",
         "assuming", "s.t.", "such that")


def domain(side: Side | None, names: Names) -> tuple[tuple[Substitution, ...], str, bool]:
    """(substitutions, words for the report, understood)."""
    if side is None:
        return (), "", True
    tokens = _strip_words(list(side.tokens))
    words = side.block.text[tokens[0].pos:tokens[-1].end].strip() if tokens else side.text
    subs: list[Substitution] = []
    understood = True
    for clause in _clauses(tokens):
        try:
            found = _clause(clause, names, side.block.text)
        except ParseError:
            found = None
        found = ranges.compose(subs, found) if found is not None else None
        if found is None or isinstance(found, Partial):
            understood = False
        if found is not None:
            subs += found
    return tuple(subs), words, understood


def _strip_words(tokens: list) -> list:
    while tokens:
        t = tokens[0]
        text = ((t.arg or "") if t.kind == "text" else "").strip().lower()
        if t.value in (r"\forall", ",", r"\quad", r"\qquad") or (t.kind == "text" and (
                not text or any(text == w or text.startswith(w + " ") for w in WORDS))):
            tokens = tokens[1:]
        elif t.kind == "letter" and "".join(x.value for x in tokens[:3]) == "for":
            tokens = tokens[3:]
        elif t.kind == "letter" and "".join(x.value for x in tokens[:2]) == "if":
            tokens = tokens[2:]
        else:
            break
    return tokens


def _clauses(tokens: list) -> list[list]:
    out: list[list] = [[]]
    top = {k for k, _ in _top(tokens)}
    for k, t in enumerate(tokens):
        joiner = t.value in (",", r"\land", r"\wedge") or (t.kind == "text" and (t.arg or "").strip() == "and")
        if k in top and joiner:
            out.append([])
        else:
            out[-1].append(t)
    return [c for c in out if c]


def _clause(tokens: list, names: Names, text: str) -> list[Substitution] | None:
    """One clause: ``x > 0``, ``0 < a < 1``, ``x \\in \\mathbb{R}``, ``x \\neq 0``; None if unknown."""
    top = {k for k, _ in _top(tokens)}
    if len(tokens) == 1 and tokens[0].kind == "letter":
        return []  # "for all x"
    member = [k for k in top if tokens[k].value == r"\in"]
    if member:
        return _membership(tokens, member[0], names, text)
    parts, ops = split_comparisons(tokens)
    if not ops or any(not part for part in parts):
        return None
    values = [Parser(part, names, text).whole() for part in parts]
    found = _reparametrise(values, ops)
    return found if found is not None else ranges.reparametrise(values, ops)


def _membership(tokens: list, k: int, names: Names, text: str) -> list[Substitution] | None:
    var = Parser(tokens[:k], names, text).whole()
    rest = "".join((t.arg or "") if t.kind == "text" else t.value for t in tokens[k + 1:])
    if rest in (r"\mathbb{R}", r"\mathbb{R}^n", r"\mathbb{R}^{n}", r"\R"):
        return [] if isinstance(var, sp.Symbol) else None
    if rest == "(0,1)" and isinstance(var, sp.Symbol):
        return _between(var, sp.Integer(0), sp.Integer(1))
    return None


def _reparametrise(values: list, ops: list) -> list[Substitution] | None:
    if ops == [sp.Ne] and isinstance(values[0], sp.Symbol) and values[1].is_number:
        return []  # points where a side is undefined are excluded anyway
    lower = {sp.Gt, sp.Ge}
    if len(values) == 2 and isinstance(values[0], sp.Symbol) and values[1].is_number and values[1].is_real:
        var, bound = values
        t = sp.Symbol(f"t_{var}", positive=True)
        return [(var, bound + t)] if ops[0] in lower else [(var, bound - t)] if ops[0] in (sp.Lt, sp.Le) else None
    if len(values) == 2 and isinstance(values[1], sp.Symbol) and values[0].is_number and values[0].is_real:
        flipped = {sp.Lt: sp.Gt, sp.Le: sp.Ge, sp.Gt: sp.Lt, sp.Ge: sp.Le}.get(ops[0])
        return _reparametrise([values[1], values[0]], [flipped]) if flipped else None
    if len(values) == 3 and ops[0] in (sp.Lt, sp.Le) and ops[1] in (sp.Lt, sp.Le) \
            and isinstance(values[1], sp.Symbol) and values[0].is_number and values[2].is_number \
            and values[0] < values[2]:
        return _between(values[1], values[0], values[2])
    return None


def _between(var: sp.Symbol, low: sp.Basic, high: sp.Basic) -> list[Substitution]:
    t = sp.Symbol(f"t_{var}", positive=True)
    return [(var, low + (high - low) / (1 + t))]


__all__ = ["domain", "COMPARISONS"]

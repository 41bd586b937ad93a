"""Side conditions and premises: a domain for the claim, never a factor, never silently dropped.

- A *condition* after an equation (``\\text{for } p, q > 0``, ``, 0 < a < 1``, ``(p \\ge 0)``,
  ``\\text{for positive } p``, ``\\text{unless } p < 0``) becomes a reparametrisation for the
  verification core: x > 0 is x = c + t with t positive, x >= c is x = c + s with s nonnegative
  (the boundary is included), 0 < a < 1 is a = 1/(1 + t). Proofs and counterexamples then stay
  inside it.
- A *premise* (``\\text{since } t_1 + t_2 = 1``, ``\\because ...``, ``\\text{given } ...``, an
  equation in a ``where`` clause, or a relation stated in the prose of the section before the link)
  that is linear in a name not otherwise constrained is solved for that name, which is substituted.
- A clause that is not understood cannot make a link refuted (the counterexample might lie outside
  it); a proof that holds without it still holds, so proofs are kept. Every clause, understood or
  not, is listed in the verdict's assumptions.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ...prove import reparametrise_bound
from . import ranges
from .chains import Side
from ..read.envs import COMPARISONS, _top, split_comparisons
from ..read.parse import ParseError, Parser
from .ranges import Partial
from ..read.vocab import Names

Substitution = tuple[sp.Basic, sp.Basic]
WORDS = ("for all", "forall", "for", "if", "when", "where", "whenever", "provided", "given", "with",
         "assuming", "s.t.", "such that", "since", "because", "as", "unless", "by", "using", "from")
ADJECTIVES = {"positive": (sp.Gt, 0), "negative": (sp.Lt, 0), "nonnegative": (sp.Ge, 0),
              "non-negative": (sp.Ge, 0), "nonpositive": (sp.Le, 0), "non-positive": (sp.Le, 0),
              "nonzero": (sp.Ne, 0), "non-zero": (sp.Ne, 0), "real": None, "all": None, "any": None,
              "every": None}
NEGATION = {sp.Lt: sp.Ge, sp.Le: sp.Gt, sp.Gt: sp.Le, sp.Ge: sp.Lt}


@dataclass(frozen=True)
class Domain:
    """What a link may assume: substitutions (premises first), and the words for the report."""

    subs: tuple[Substitution, ...] = ()
    assumptions: tuple[str, ...] = ()
    understood: bool = True  # every clause understood: a counterexample may stand
    doubts: tuple[str, ...] = ()  # the clauses that were not understood
    distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...] = ()  # "i \\neq j": two indices, two cases


@dataclass(frozen=True)
class _Clause:
    tokens: list
    adjective: tuple | None = None  # (relation, bound) from "for positive p"
    negate: bool = False  # "unless p < 0"


def domain(conditions: list[Side], premises: list[Side], names: Names, defined: frozenset = frozenset(),
           prose_premises: list[tuple[sp.Basic, str]] = (), cases: list[str] = ()) -> Domain:
    """The link's domain from its side clauses and the relations stated in the prose before it
    (``lhs - rhs`` with its text); ``defined`` names cannot be solved for. ``cases`` are case
    headings of the section (``$i \\neq j$``): the link may be stated under one, so no refutation."""
    condition_subs: list[Substitution] = []
    premise_values = [(_as_total(d), text) for d, text in prose_premises]
    words, doubts, distinct = [], [], []
    doubts += [f"{case} (a case heading in this section)" for case in cases]
    for side in list(premises) + list(conditions):
        text = _words_of(side)
        doubt, equations, before = False, [], len(condition_subs)
        clauses = _clauses(side)
        pairs = [_distinct_indices(clause, names, side.block.text) for clause in clauses]
        distinct += [pair for pair in pairs if pair]
        clauses = [clause for clause, pair in zip(clauses, pairs) if not pair]
        for found in [_read_clause(clause, names, side.block.text) for clause in clauses] or (
                [None] if not any(pairs) else []):
            if found is None:
                doubt = True  # the clauses that were read still restrict the domain of a proof
                continue
            composed = ranges.compose(condition_subs, found[0])  # in order; None if it would be lost
            doubt |= composed is None or isinstance(composed, Partial)
            condition_subs += composed or []
            equations += found[1]
        if doubt:
            doubts.append(text)
        elif not equations or len(condition_subs) > before:
            words.append(text)
        premise_values += [(pair, text) for pair in equations]
    premise_subs = _premises(premise_values, {old for old, _ in condition_subs} | set(defined), words, doubts)
    words += [f"not understood, so no refutation rests on it: {d}" for d in dict.fromkeys(doubts)]
    return Domain(tuple(premise_subs + condition_subs), tuple(words), not doubts, tuple(doubts),
                  tuple(dict.fromkeys(distinct)))


def _distinct_indices(clause: _Clause, names: Names, text: str) -> tuple[sp.Symbol, sp.Symbol] | None:
    """``i \\neq j`` between two index names: verified as two cases (i < j and i > j) by the
    verifier, which knows the indices' ranges; None for any other clause."""
    if clause.negate or clause.adjective is not None:
        return None
    try:
        parts, ops = split_comparisons(clause.tokens)
        if ops != [sp.Ne] or any(not part for part in parts):
            return None
        left, right = (Parser(part, names, text).whole() for part in parts)
    except ParseError:
        return None
    if all(isinstance(v, sp.Symbol) and v.is_integer for v in (left, right)) and left != right:
        return tuple(sorted((left, right), key=str))
    return None


def _as_total(d: sp.Basic) -> tuple[sp.Basic, sp.Basic]:
    """``lhs - rhs`` of a prose relation as (lhs, rhs); a sum alone on the left (sum_k y_k = 1)."""
    sums = [t for t in sp.Add.make_args(d) if isinstance(t, sp.Sum)] if isinstance(d, sp.Expr) else []
    if len(sums) == 1:
        return sums[0], sums[0] - d
    return d, sp.Integer(0)


def _premises(values: list, taken: set, words: list, doubts: list) -> list[Substitution]:
    """Each premise solved for a name it is linear in; a sum fixed to a number (sum y = 1) is
    replaced where it occurs, which proves on the set but places no counterexample in it."""
    out: list[Substitution] = []
    for (left, right), text in values:
        solved = _solve_premise(left - right, taken | {old for old, _ in out})
        if solved is not None:
            out.append(solved)
            words.append(f"{solved[0]} = {solved[1]} (from {text})")
            continue
        doubts.append(text)
        partial = ranges.reparametrise([left, right], [sp.Eq])
        if isinstance(partial, Partial):
            out += partial
    return out


def _words_of(side: Side) -> str:
    return " ".join(side.text.split())


# ---------------------------------------------------------------- clauses
def _clauses(side: Side) -> list[_Clause]:
    tokens, adjective, negate = _strip_words(list(side.tokens))
    while tokens and tokens[-1].value in (".", ",", ";"):  # the sentence's punctuation
        tokens = tokens[:-1]
    out: list[list] = [[]]
    top = {k for k, _ in _top(tokens)}
    for k, t in enumerate(tokens):
        joiner = t.value in (",", r"\land", r"\wedge", r"\quad", r"\qquad", ";") or (
            t.kind == "text" and (t.arg or "").strip() in ("and", ","))
        if k in top and joiner:
            out.append([])
        else:
            out[-1].append(t)
    parts = _value_lists([c for c in out if c])
    return _distribute([_Clause(p, adjective, negate) for p in parts])


def _value_lists(parts: list[list]) -> list[list]:
    """``\\forall i = 1, 2, 3``: one clause listing i's values, never ``i = 1`` and two stray numbers
    (a proof at i = 1 alone would be taken for all three)."""
    out: list[list] = []
    for part in parts:
        numbers = all(t.kind == "num" or t.value in (r"\dots", r"\ldots", r"\cdots") for t in part)
        if numbers and out and any(t.value == "=" for t in out[-1]):
            out[-1] = out[-1] + part  # read as a whole, the list is not understood: no substitution
        else:
            out.append(part)
    return out


def _distribute(clauses: list[_Clause]) -> list[_Clause]:
    """``p, q > 0``: a bare name before a comparison clause shares its comparison."""
    out: list[_Clause] = []
    for k, clause in enumerate(clauses):
        follow = next((c for c in clauses[k + 1:] if not _bare(c.tokens)), None)
        if _bare(clause.tokens) and clause.adjective is None and follow is not None:
            parts, ops = split_comparisons(follow.tokens)
            if len(ops) == 1 and _bare(parts[0]):
                clause = _Clause(clause.tokens + follow.tokens[len(parts[0]):], None, follow.negate)
        out.append(clause)
    return out


def _bare(tokens: list) -> bool:
    return bool(tokens) and not split_comparisons(tokens)[1] and not any(
        t.value in (r"\in", r"\notin") for t in tokens) and len(tokens) <= 4


def _strip_words(tokens: list) -> tuple[list, tuple | None, bool]:
    """Leading words: (the rest, an adjective such as 'positive', whether 'unless' negates)."""
    adjective, negate = None, False
    while tokens:
        t = tokens[0]
        text = ((t.arg or "") if t.kind == "text" else "").strip().lower()
        if t.value in (r"\forall", r"\because", ",", r"\quad", r"\qquad", r"\;", r"\,"):
            tokens = tokens[1:]
        elif t.kind == "text":
            rest = text
            for w in sorted(WORDS, key=len, reverse=True):
                if rest == w or rest.startswith(w + " "):
                    negate |= w == "unless"
                    rest = rest[len(w):].strip()
                    break
            for a in ADJECTIVES:
                if rest == a or rest.startswith(a + " "):
                    adjective = ADJECTIVES[a] or adjective
                    rest = rest[len(a):].strip()
            if rest and rest not in ("all", "every", "any"):
                break  # words we do not read: the clause stays, and is not understood
            tokens = tokens[1:]
        elif t.kind == "letter" and "".join(x.value for x in tokens[:3]) == "for":
            tokens = tokens[3:]
        elif t.kind == "letter" and "".join(x.value for x in tokens[:2]) == "if":
            tokens = tokens[2:]
        else:
            break
    return tokens, adjective, negate


def _read_clause(clause: _Clause, names: Names, text: str) -> tuple[list[Substitution], list] | None:
    """(condition substitutions, premise equations), or None when not understood."""
    tokens = clause.tokens
    try:
        if clause.adjective is not None and _bare(tokens):
            op, bound = clause.adjective
            var = Parser(tokens, names, text).whole()
            return (_reparametrise([var, sp.Integer(bound)], [op]) if isinstance(var, sp.Symbol) else None), []
        top = {k for k, _ in _top(tokens)}
        if len(tokens) == 1 and tokens[0].kind == "letter":
            return [], []  # "for all x"
        member = [k for k in top if tokens[k].value == r"\in"]
        if member:
            found = _membership(tokens, member[0], names, text)
            return (found, []) if found is not None else None
        parts, ops = split_comparisons(tokens)
        if not ops or any(not part for part in parts):
            return None
        values = [Parser(part, names, text).whole() for part in parts]
    except ParseError:
        return None
    if ops == [sp.Eq]:
        return ([], [(values[0], values[1])]) if not clause.negate else None
    if clause.negate:
        if len(ops) != 1 or ops[0] not in NEGATION:
            return None
        ops = [NEGATION[ops[0]]]
    found = _reparametrise(values, ops)
    found = found if found is not None else ranges.reparametrise(values, ops)
    return (found, []) if found is not None else None


def _membership(tokens: list, k: int, names: Names, text: str) -> list[Substitution] | None:
    var = Parser(tokens[:k], names, text).whole()
    rest = "".join((t.arg or "") if t.kind == "text" else t.value for t in tokens[k + 1:])
    if rest in (r"\mathbb{R}", r"\mathbb{R}^n", r"\mathbb{R}^{n}", r"\R"):
        return [] if isinstance(var, sp.Symbol) else None
    if rest == "(0,1)" and isinstance(var, sp.Symbol):
        return _between(var, sp.Integer(0), sp.Integer(1))
    return None


def _reparametrise(values: list, ops: list) -> list[Substitution] | None:
    """A real name against numbers; integer names (indices) are left to ``ranges``, whose gaps
    are integers too, so a counterexample never puts an index at 1/2."""
    if any(isinstance(v, sp.Symbol) and v.is_integer for v in values):
        return None
    if ops == [sp.Ne] and isinstance(values[0], sp.Symbol) and values[1].is_number:
        return []  # points where a side is undefined are excluded anyway
    if len(values) == 2 and isinstance(values[0], sp.Symbol) and values[1].is_number and values[1].is_real:
        relation = {sp.Gt: ">", sp.Ge: ">=", sp.Lt: "<", sp.Le: "<="}.get(ops[0])
        return [reparametrise_bound(values[0], values[1], relation)] if relation else None
    if len(values) == 2 and isinstance(values[1], sp.Symbol) and values[0].is_number and values[0].is_real:
        flipped = {sp.Lt: sp.Gt, sp.Le: sp.Ge, sp.Gt: sp.Lt, sp.Ge: sp.Le}.get(ops[0])
        return _reparametrise([values[1], values[0]], [flipped]) if flipped else None
    if len(values) == 3 and ops == [sp.Lt, sp.Lt] and isinstance(values[1], sp.Symbol) \
            and values[0].is_number and values[2].is_number and values[0] < values[2]:
        return _between(values[1], values[0], values[2])
    return None  # closed or half-open intervals: not read yet, so never a refutation


def _between(var: sp.Symbol, low: sp.Basic, high: sp.Basic) -> list[Substitution]:
    t = sp.Symbol(f"t_{var}", positive=True)
    return [(var, low + (high - low) / (1 + t))]


# ---------------------------------------------------------------- premises
def _solve_premise(d: sp.Basic, taken: set) -> Substitution | None:
    """``d = 0`` solved for one name it is linear in, with a nonzero numeric coefficient."""
    if not isinstance(d, sp.Expr) or d.has(sp.Sum, sp.Product):
        return None
    leaves = sorted((x for x in d.free_symbols | d.atoms(sp.Indexed) if isinstance(x, (sp.Symbol, sp.Indexed))
                     and not (isinstance(x, sp.Symbol) and any(x in i.free_symbols for i in d.atoms(sp.Indexed)))),
                    key=sp.default_sort_key, reverse=True)
    for v in leaves:
        if v in taken or (isinstance(v, sp.Indexed) and not all(i.is_Integer for i in v.indices)):
            continue  # t_k = 1 for a symbolic k may name one entry or all: never substituted
        dummy = sp.Dummy("v")
        e = sp.expand(d.xreplace({v: dummy}))
        coefficient = e.coeff(dummy, 1)
        if coefficient.is_number and coefficient != 0 and sp.expand(e - coefficient * dummy).free_symbols.isdisjoint({dummy}):
            return v, sp.expand(-(e - coefficient * dummy) / coefficient)
    return None


__all__ = ["Domain", "domain", "COMPARISONS"]

"""Relations between the sides of a chain: which are equalities, definitions, or something else.

``=`` and ``\\equiv`` are equalities to check; ``:=``, ``\\coloneqq``, ``\\triangleq``,
``\\overset{def}{=}`` and ``\\stackrel{\\text{def}}{=}`` define; ``<``, ``\\approx``,
``\\Rightarrow``, ``\\to``, ``\\mapsto``, ``\\in`` and the like are not equalities: links
across them are skipped and counted.
"""
from __future__ import annotations

from dataclasses import dataclass

from .tokens import Token

EQ, DEF, OTHER = "eq", "def", "other"
RELATIONS = {
    r"\equiv": EQ, r"\coloneqq": DEF, r"\coloneq": DEF, r"\triangleq": DEF, r"\defeq": DEF,
    **{c: OTHER for c in (
        r"\neq", r"\ne", r"\le", r"\leq", r"\ge", r"\geq", r"\leqslant", r"\geqslant", r"\lt", r"\gt",
        r"\approx", r"\simeq", r"\sim", r"\cong", r"\propto", r"\Rightarrow", r"\implies", r"\to",
        r"\rightarrow", r"\longrightarrow", r"\Longrightarrow", r"\mapsto", r"\leftarrow", r"\gets",
        r"\Leftarrow", r"\longleftarrow", r"\iff", r"\Leftrightarrow", r"\leftrightarrow", r"\in",
        r"\notin", r"\subset", r"\subseteq", r"\ll", r"\gg", r"\doteq", r"\xrightarrow",
        r"\xleftarrow", r"\eqqcolon", r"\models", r"\vdash", r"\perp", r"\parallel", r"\therefore",
        r"\Longleftrightarrow", r"\longmapsto", r"\rightsquigarrow")},
}

@dataclass(frozen=True)
class Relation:
    kind: str  # eq, def or other
    word: str  # as written: "=", ":=", "\\Rightarrow", ...
    pos: int


def relation_at(tokens: list[Token], k: int) -> tuple[Relation, int] | None:
    """The relation starting at ``tokens[k]`` and how many tokens it spans, or None."""
    t = tokens[k]
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if t.kind == "sym":
        if t.value == ":" and nxt is not None and nxt.value == "=":
            return Relation(DEF, ":=", t.pos), 2
        if t.value == "=":
            if nxt is not None and nxt.value in (":", ">") and nxt.kind == "sym" and not nxt.space:
                return Relation(OTHER, "=" + nxt.value, t.pos), 2  # =: and the typed arrow =>
            return Relation(EQ, "=", t.pos), 1
        if t.value == "-" and nxt is not None and nxt.value == ">" and nxt.kind == "sym" and not nxt.space:
            return Relation(OTHER, "->", t.pos), 2
        if t.value == "!" and nxt is not None and nxt.value == "=" and not nxt.space:
            return Relation(OTHER, "!=", t.pos), 2  # "4! = 24" is a factorial and an equality
        if t.value in "<>:":
            return Relation(OTHER, t.value, t.pos), 1
    if t.kind == "cmd" and t.value in (r"\overset", r"\stackrel"):
        return _over_relation(tokens, k)
    if t.kind == "cmd" and t.value in RELATIONS:
        span = _xarrow_span(tokens, k) if t.value.startswith(r"\x") else 1
        return Relation(RELATIONS[t.value], t.value, t.pos), span
    return None


def _over_relation(tokens: list[Token], k: int) -> tuple[Relation, int] | None:
    """``\\overset{def}{=}`` and ``\\stackrel{\\text{def}}{=}``: a definition sign."""
    first_end = _group_end(tokens, k + 1)
    if first_end is None:
        return None
    second_end = _group_end(tokens, first_end)
    if second_end is None or [t.value for t in tokens[first_end:second_end]] != ["{", "=", "}"]:
        return None
    label = "".join((t.arg or "") if t.kind == "text" else t.value for t in tokens[k + 2:first_end - 1])
    kind = DEF if label.strip().lower() in ("def", "d", "\\delta", "\\triangle", "df", "defn") else OTHER
    return Relation(kind, "\\overset{%s}{=}" % label, tokens[k].pos), second_end - k


def _group_end(tokens: list[Token], k: int) -> int | None:
    if k >= len(tokens) or tokens[k].value != "{":
        return None
    depth = 0
    for j in range(k, len(tokens)):
        depth += tokens[j].value == "{" and tokens[j].kind == "sym"
        depth -= tokens[j].value == "}" and tokens[j].kind == "sym"
        if depth == 0:
            return j + 1
    return None


def _xarrow_span(tokens: list[Token], k: int) -> int:
    end = _group_end(tokens, k + 1)
    return (end - k) if end else 1

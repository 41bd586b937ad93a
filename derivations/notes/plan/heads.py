"""Before a file's equations are sorted: what its notation says about its names (the prescan).

Which letters are integer indices and counts, which names have function heads (``f(x, y) = ...``,
``L = g_1(x_1) = ...``, ``... = \\zeta(z)``), which are values, which are declared matrices or
vectors, and which conventions the file states (``e`` or ``\\delta_{ij}`` of its own, both log and
ln, log to base 10, letter products). ``definitions.py`` then reads every equation with them.
"""
from __future__ import annotations

import sympy as sp

from .chains import DEF, EQ, Equation, Side
from .listed_entries import listed_entries
from ..find.scan import NotesFile
from ..read.declarations import DECLARATION, declared_length, declared_size
from ..read.parse import ParseError, Parser
from ..read.prescan import scan_indices
from ..read.tokens import TokenError, tokenize
from ..read.vocab import Names, function_word
from .notation_scan import always_applied, letter_products, states_log10, two_index_delta, writes_both_logs


def prescan(equations: list[Equation], notes: NotesFile) -> Names:
    names = Names(layers=set(notes.layer_indices), arbitrary=set(notes.functions), independent=notes.independent)
    for eq in equations:
        for side in eq.sides:
            scan_indices(side.tokens, names)
    names.integers -= names.counts
    names.applied = always_applied(equations)
    names.products = letter_products(equations)
    for block in notes.blocks:
        _declarations(block, names)
    names.both_logs = writes_both_logs(notes.blocks)
    names.log10_stated = names.both_logs and states_log10(notes.blocks)
    for eq in equations:
        if eq.relations and eq.relations[0].kind in (EQ, DEF):
            head = function_head(eq.sides[0], names, eq.relations[0].kind == DEF)
            if head:
                names.heads.setdefault(*head)
            if [t.value for t in eq.sides[0].tokens] == ["e"]:
                names.plain_e = True
            if two_index_delta([t.value for t in eq.sides[0].tokens]):
                names.plain_delta = True
            value = _value_name(eq.sides[0], names)
            if value and not head:
                names.values.add(value)
            middle = middle_head(eq, names)
            if middle:
                names.heads.setdefault(*middle)
    names.named_last = _named_last(equations, names)
    names.entries_of = listed_entries(equations, names)
    names.sigma_word = _sigma_word(equations)
    return names


def _sigma_word(equations: list[Equation]) -> bool:
    """``sigma(x)`` typed without its backslash is the sigmoid \\sigma(x) where the file also writes
    ``\\sigma`` and never writes the word on the left of a relation (a function of its own,
    ``sigma(x) := x^2``, or a chain that names it)."""
    typed = any(t.kind == "cmd" and t.value == r"\sigma" for eq in equations for side in eq.sides
                for t in side.tokens)
    return typed and not any(_starts_with_sigma(side.tokens) for eq in equations for side in eq.sides[:-1])


def _starts_with_sigma(tokens: list) -> bool:
    return len(tokens) >= 5 and all(t.kind == "letter" for t in tokens[:5]) \
        and "".join(t.value for t in tokens[:5]) == "sigma"


def _named_last(equations: list[Equation], names: Names) -> set[str]:
    """``\\int \\sigma(z) dz = \\log(1 + e^z) = \\zeta(z)``: a head written last in a chain of =, of a
    function the file defines nowhere else, names what it equals (its heads entry makes \\zeta(-z_j)
    a call of it). A name written so twice is not named: the lines would be claims about each other."""
    found: dict[str, int] = {}
    for eq in equations:
        if len(eq.sides) < 2 or not all(r.kind == EQ for r in eq.relations):
            continue
        head = function_head(eq.sides[-1], names, False)
        if head and head[0] not in names.heads and head[0] not in found and head[0] not in names.values:
            found[head[0]] = 1
            names.heads[head[0]] = head[1]
        elif head and head[0] in found:
            found[head[0]] += 1
    return {name for name, count in found.items() if count == 1}


def middle_head(eq: Equation, names: Names) -> tuple[str, tuple[str, ...]] | None:
    """``L = g_1(x_1) = -\\log(x_1)``: a name defined by a call, and the call's function by the rest
    (notes name each step of a chain this way). Only for a head with distinct plain parameters,
    right after a bare name's definition, and followed by a value."""
    if len(eq.relations) < 2 or eq.relations[1].kind != EQ or eq.relations[0].kind not in (EQ, DEF) \
            or _value_name(eq.sides[0], names) is None:
        return None
    return function_head(eq.sides[1], names, False)


def _declarations(block, names: Names) -> None:
    """``A, B \\in \\mathbb{R}^{2 \\times 2}``: A and B are matrices of that size."""
    for found in DECLARATION.finditer(block.text):
        size, length = declared_size(found.group(2)), declared_length(found.group(2))
        if size is None and length is None:
            continue
        for part in found.group(1).split(","):
            try:
                tokens = tokenize(part.strip())
            except TokenError:
                continue
            p = Parser(tokens, names, part.strip())
            try:
                name, indices = p.bare_name()
            except ParseError:
                continue
            if p.i == len(p.toks) and not indices and size is not None:
                names.matrices[name] = size
            elif p.i == len(p.toks) and not indices:
                names.vectors[name] = length


def _value_name(side: Side, names: Names) -> str | None:
    """The name a definition's left side gives a value to (``a`` in ``a = \\sigma(z)``), or None."""
    p = Parser(side.tokens, names, side.block.text)
    try:
        name, indices = p.bare_name()
    except ParseError:
        return None
    return name if p.i == len(p.toks) and not indices else None


def function_head(side: Side, names: Names, explicit: bool) -> tuple[str, tuple[str, ...]] | None:
    """``f(x, y)`` at the start of a definition: the name and its parameters, else None."""
    p = Parser(side.tokens, names, side.block.text)
    try:
        name, indices = p.bare_name()
        if not p.at("("):
            return None
        if indices:  # h_{W,b}(x) := ...: the subscript is part of the function's name (read/names.py)
            name = f"{name}_{{{','.join(map(str, indices))}}}"

        p.next()
        params = [p.bare_name()]
        while p.at(",") or p.at(";"):  # f(W, b; x, y)
            p.next()
            params.append(p.bare_name())
        if not p.at(")") or p.i + 1 != len(p.toks):
            return None
    except ParseError:
        return None
    builtin = name == r"\sigma" or function_word(name) is not None
    if len({n for n, _ in params}) != len(params) or (builtin and not explicit):
        return None
    if any(i is not None and not all(isinstance(x, sp.Symbol) and x.is_integer for x in i) for _, i in params):
        return None  # f(x_1), f(x_{i+1}): a value of f, not a head
    return name, tuple(n if i is None else (n, tuple(i)) for n, i in params)


# ---------------------------------------------------------------- sorting equations

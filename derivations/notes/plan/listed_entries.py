"""Bold vectors the notes write out entry by entry: ``\\mathbf{\\theta} = [\\theta_1, \\theta_2, \\theta_3]^T``.

Bold names are names of their own (``\\mathbf{x}`` is not ``x``), so ``\\mathbf{\\theta}_i`` and
``\\theta_i`` are unrelated unless the notes say otherwise. A line that equates the bold name with the
list of the plain family's entries 1, 2, ..., n (or 0, 1, ..., n) says exactly that: entry i of the
bold vector is ``\\theta_i``. This module finds such statements; ``Names.indexed`` then writes every
entry of the bold name as the plain family's entry, so ``\\mathbf{\\theta}_i`` is ``\\theta_i``.

Only the statement makes the link: a bold name without one keeps its own entries (the notes may use
a plain ``\\theta_i`` for something else), and the bold name written alone (``\\mathbf{\\theta}``,
unsubscripted) stays the name it was; plain ``\\theta`` without a subscript is never touched.
``\\hat{\\mathbf{y}}`` and ``\\mathbf{\\hat{y}}`` (the same bold y with a hat, the marks written in
either order) share the statement, unless the file gives the other spelling a definition of its own.
"""
from __future__ import annotations

import re

from .chains import DEF, EQ, Equation
from ..read.parse import ParseError, Parser
from ..read.tokens import Token
from ..read.vocab import Names

_BOLD = re.compile(r"\\mathbf\{(.+)\}")
_ENTRY = re.compile(r"^(.+)_(\d+)$")
_TRANSPOSE = ({"^", "T"}, {"^", r"\top"}, {"^", r"\intercal"})
_SWAP = re.compile(r"^\\(hat|bar|tilde)\{\\mathbf\{(.+)\}\}$|^\\mathbf\{\\(hat|bar|tilde)\{(.+)\}\}$")


def listed_entries(equations: list[Equation], names: Names) -> dict[str, str]:
    """bold name -> the plain family whose entries the notes list as its entries."""
    found: dict[str, str] = {}
    for eq in equations:
        if not eq.relations or not all(r.kind in (EQ, DEF) for r in eq.relations):
            continue
        for left, right in zip(eq.sides, eq.sides[1:]):
            for a, b in ((left, right), (right, left)):
                bold, family = _bold_name(a.tokens, names), _listed_family(b.tokens, names)
                if bold and family and plain_of(bold) == family:
                    found.setdefault(bold, family)
    for bold, family in list(found.items()):
        other = swapped(bold)
        if other and other not in found and other not in names.values:
            found[other] = family
    return found


def states_entries(left: list[Token], right: list[Token], names: Names) -> str | None:
    """The two sides of a link state the entries of a bold name (either way round): the reason to
    list the link as such, else None. Such a link is a statement of notation, never a claim."""
    for a, b in ((left, right), (right, left)):
        bold, family = _bold_name(a, names), _listed_family(b, names)
        if bold and family and names.entries_of.get(bold) == family:
            return f"states the entries of {bold}: entry i is {family}_i"
    return None


def plain_of(bold: str) -> str | None:
    """``\\mathbf{\\theta}`` -> ``\\theta``, ``\\hat{\\mathbf{y}}`` and ``\\mathbf{\\hat{y}}`` -> ``\\hat{y}``."""
    inner = _BOLD.search(bold)
    if not inner:
        return None
    return bold[:inner.start()] + inner.group(1) + bold[inner.end():]


def swapped(bold: str) -> str | None:
    """The same bold name with its accent written on the other side of the bold: ``\\hat{\\mathbf{y}}``
    <-> ``\\mathbf{\\hat{y}}``; None for a name with no accent."""
    m = _SWAP.match(bold)
    if not m:
        return None
    if m.group(1):
        return rf"\mathbf{{\{m.group(1)}{{{m.group(2)}}}}}"
    return rf"\{m.group(3)}{{\mathbf{{{m.group(4)}}}}}"


def _bold_name(tokens: list[Token], names: Names) -> str | None:
    """The side is one bold name, no subscript: ``\\mathbf{\\theta}``, ``\\hat{\\mathbb{y}}``."""
    name = _whole_name(tokens, names)
    return name if name and _BOLD.search(name) else None


def _listed_family(tokens: list[Token], names: Names) -> str | None:
    """``[\\theta_1, \\theta_2, \\theta_3]^T`` (or ``\\left[ ... \\right]``, transposed or not): the plain
    family whose numbered entries are listed in order from 0 or 1, at least two; else None."""
    values = [t.value for t in tokens if t.value not in (r"\left", r"\right")]
    kept = [t for t in tokens if t.value not in (r"\left", r"\right")]
    for tail in _TRANSPOSE:
        if len(values) >= 2 and set(values[-2:]) == tail:
            kept, values = kept[:-2], values[:-2]
        elif len(values) >= 4 and values[-4:] == ["^", "{", *sorted(tail - {"^"}), "}"]:
            kept, values = kept[:-4], values[:-4]
    if len(kept) < 2 or values[0] != "[" or values[-1] != "]":
        return None
    parts, depth, current = [], 0, []
    for t in kept[1:-1]:
        depth += (t.value in ("{", "(", "[")) - (t.value in ("}", ")", "]"))
        if t.value == "," and depth == 0:
            parts.append(current)
            current = []
        else:
            current.append(t)
    parts.append(current)
    entries = [_ENTRY.match(_whole_name(p, names) or "") for p in parts]
    if len(entries) < 2 or not all(entries) or len({m.group(1) for m in entries}) != 1:
        return None
    numbers = [int(m.group(2)) for m in entries]
    if numbers[0] not in (0, 1) or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None
    return entries[0].group(1)


def _whole_name(tokens: list[Token], names: Names) -> str | None:
    """The tokens are exactly one name without a letter index (``\\theta_1``, ``\\mathbf{x}``)."""
    if not tokens:
        return None
    p = Parser(tokens, names, "")
    try:
        name, indices = p.bare_name()
    except (ParseError, IndexError):
        return None
    return name if p.i == len(p.toks) and not indices else None

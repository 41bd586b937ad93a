"""Evaluation bars: ``\\left. \\frac{d}{dx} x^2 \\right|_{x=3}`` and ``f'(x) \\Big|_{x=0}``.

A bar with a subscript ``{x = a}`` evaluates what stands before it at x = a, after its derivatives
are taken (``PrimeAt(body, x, a, 0)``; the verifier differentiates first, then substitutes).
``rewrite`` turns both spellings into ``\\evalat ( body ) _{x = a}`` before the parser drops sizing
commands; a bar that is not followed by such a subscript stays an absolute-value bar.
"""
from __future__ import annotations

import sympy as sp

from .markers import PrimeAt
from .scripts import split_commas
from .tokens import Token

BARS = {"|", r"\vert", r"\rvert", r"\big|", r"\Big|"}
EVALAT = r"\evalat"


def rewrite(tokens: list[Token]) -> list[Token]:
    """The tokens with each evaluation bar made ``\\evalat ( body ) _ {...}``."""
    tokens = _left_dot(tokens)
    return _trailing_bar(tokens)


def _is_bar(t: Token) -> bool:
    return t.kind in ("sym", "cmd") and t.value in BARS


def _point_follows(tokens: list[Token], k: int) -> bool:
    """``_{x = a}`` (or ``_{x=a, y=b}``) right after position k."""
    if k + 2 >= len(tokens) or tokens[k + 1].value != "_" or tokens[k + 2].value != "{":
        return False
    depth = 0
    for t in tokens[k + 2:]:
        depth += (t.value == "{") - (t.value == "}")
        if depth == 0:
            return False
        if depth == 1 and t.value == "=":
            return True
    return False


def _wrap(t: Token, body: list[Token], bar: Token) -> list[Token]:
    return [Token("cmd", EVALAT, t.pos, t.end), Token("sym", "(", t.pos, t.pos), *body,
            Token("sym", ")", bar.pos, bar.pos)]


def _left_dot(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.value == r"\left" and k + 1 < len(tokens) and tokens[k + 1].value == ".":
            close = _matching_right(tokens, k)
            if close is not None and _is_bar(tokens[close + 1]) and _point_follows(tokens, close + 1):
                out += _wrap(t, _left_dot(tokens[k + 2:close]), tokens[close + 1])
                k = close + 2
                continue
        out.append(t)
        k += 1
    return out


def _matching_right(tokens: list[Token], k: int) -> int | None:
    depth = 0
    for j in range(k, len(tokens) - 1):
        depth += (tokens[j].value == r"\left") - (tokens[j].value == r"\right")
        if depth == 0:
            return j
    return None


def _trailing_bar(tokens: list[Token]) -> list[Token]:
    """``body \\Big|_{x=0}`` at the top level, with an even number of bars before it (so the bar
    does not close an absolute value): the whole of what precedes it is evaluated."""
    depth, bars = 0, 0
    for k, t in enumerate(tokens):
        depth += (t.value in ("{", "(", "[")) - (t.value in ("}", ")", "]"))
        if depth != 0 or not _is_bar(t):
            continue
        if bars % 2 == 0 and k > 0 and _point_follows(tokens, k):
            return _wrap(tokens[0], tokens[:k], t) + _trailing_bar(tokens[k + 1:])
        bars += 1
    return tokens


def evaluated(parser) -> sp.Basic:
    """``\\evalat ( body ) _{x = a, ...}``: body at the point, each name in turn."""
    parser.next()
    body = parser.sub(parser.take_group(parser.next())).whole()
    mark = parser.next()
    point = parser.read_script(mark)
    for part in (p for p in split_commas(point) if p):
        at = next((k for k, t in enumerate(part) if t.value == "="), 0)
        name = parser.sub(part[:at]).whole() if at else None
        if not isinstance(name, sp.Symbol):
            parser.fail("an evaluation bar names one variable and its value (write |_{x=0})", part[0])
        body = PrimeAt(body, name, parser.sub(part[at + 1:]).whole(), sp.Integer(0))
    return body

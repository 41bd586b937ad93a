"""An equation inside a cases value: ``\\begin{cases} \\sigma(-z) = 1 - \\sigma(z), & y = 0 \\end{cases}``.

The row says two things: the case's value is sigma(-z) (the first side; read/envs.py), and, in
that case, sigma(-z) = 1 - sigma(z). The second is a link of its own, on the row's line, checked
under the row's condition. It never defines a name: it holds only in its case.
"""
from __future__ import annotations

from ..find.scan import Block
from ..read.envs import value_equals
from ..read.tokens import Token


def case_value_blocks(sides: list, block: Block) -> list[Block]:
    """One block per cases row whose value holds an ``=``: ``VALUE \\quad \\text{if } CONDITION``."""
    found = []
    for side in sides:
        for rows in _cases_in(side.tokens):
            for value, condition in rows:
                if not value_equals(value) or not condition:
                    continue
                text = block.text[value[0].pos:value[-1].end] + r" \quad \text{if } " + \
                    block.text[condition[0].pos:condition[-1].end]
                line, column = block.where(value[0].pos)
                found.append(Block(text, line, column, block.cell, True, block.section))
    return found


def _cases_in(tokens: list[Token]) -> list[list[tuple[list[Token], list[Token]]]]:
    """The rows (value, condition) of each cases environment among ``tokens``, nested ones too."""
    out, k = [], 0
    while k < len(tokens):
        t = tokens[k]
        if t.kind == "text" and t.value == r"\begin" and (t.arg or "").strip().rstrip("*") == "cases":
            end = _end_of(tokens, k)
            if end is None:
                return out
            inner = tokens[k + 1:end]
            out.append(_rows(inner))
            out += _cases_in(inner)
            k = end + 1
            continue
        k += 1
    return out


def _end_of(tokens: list[Token], start: int) -> int | None:
    depth = 0
    for j in range(start, len(tokens)):
        if tokens[j].kind == "text" and tokens[j].value == r"\begin":
            depth += 1
        elif tokens[j].kind == "text" and tokens[j].value == r"\end":
            depth -= 1
            if depth == 0:
                return j
    return None


def _rows(tokens: list[Token]) -> list[tuple[list[Token], list[Token]]]:
    rows: list[list[list[Token]]] = [[[]]]
    depth = 0
    for t in tokens:
        if t.kind == "text" and t.value in (r"\begin", r"\end"):
            depth += 1 if t.value == r"\begin" else -1
        elif t.kind in ("sym", "cmd") and t.value in ("(", "[", "{", r"\{", r"\left"):
            depth += 1
        elif t.kind in ("sym", "cmd") and t.value in (")", "]", "}", r"\}", r"\right"):
            depth -= 1
        if depth == 0 and t.value == "\\\\":
            rows.append([[]])
        elif depth == 0 and t.value == "&":
            rows[-1].append([])
        else:
            rows[-1][-1].append(t)
    out = []
    for row in rows:
        if len(row) == 2 and row[0]:
            value = row[0][:-1] if row[0][-1].value == "," else row[0]
            out.append((value, row[1]))
    return out

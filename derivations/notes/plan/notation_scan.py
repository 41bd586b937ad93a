"""What a file says about its own notation, read before its equations are sorted: which log it
means, which Greek names it only ever applies to a bracket, whether it gives delta two indices of
its own, and what its prose says about indices (``when $k \\ne i$``)."""
from __future__ import annotations

import re

import sympy as sp

from ..read.vocab import GREEK


def always_applied(equations: list) -> set[str]:
    """Greek names that the file writes only with a bracket right after them (``\\zeta(z)``)."""
    applied, alone = set(), set()
    for eq in equations:
        for side in eq.sides:
            tokens = side.tokens
            for k, t in enumerate(tokens):
                if t.kind == "cmd" and t.value[1:] in GREEK:
                    after = tokens[k + 1] if k + 1 < len(tokens) else None
                    (applied if after is not None and after.value == "(" else alone).add(t.value)
    return applied - alone


_LOG = re.compile(r"\\log(?![a-zA-Z])|(?<![a-zA-Z\\])log\s*\(")
_LN = re.compile(r"\\ln(?![a-zA-Z])|(?<![a-zA-Z\\])ln\s*\(")


def writes_both_logs(blocks) -> bool:
    """The file writes both log and ln (as commands or typed words): then log may be log10."""
    text = "\n".join(b.text for b in blocks)
    return bool(_LOG.search(text)) and bool(_LN.search(text))


_ARG = r"\(\s*((?:[^()=]|\([^()=]*\))+?)\s*\)"  # one level of brackets inside: \hat{p}^{(p)}
_LN_10 = r"\\frac\s*\{\s*\\?ln\s*" + _ARG + r"\s*\}\s*\{\s*\\?ln\s*(?:\(\s*10\s*\)|\{\s*10\s*\}|10)\s*\}"
_LOG10 = re.compile(r"(?<![a-zA-Z])\\?log\s*" + _ARG + r"\s*=\s*" + _LN_10)


def states_log10(blocks) -> bool:
    """The notes say which logarithm log is: ``log(p) = \\frac{ln(p)}{ln(10)}`` (the same argument
    on both sides). Then log is the logarithm to base 10 throughout the file, with no second reading."""
    return any(m.group(1).replace(" ", "") == m.group(2).replace(" ", "")
               for b in blocks for m in _LOG10.finditer(b.text))


def two_index_delta(values: list[str]) -> bool:
    """``\\delta_{ij} = ...`` (or ``\\delta_{ij}^{l}``): the file gives delta two indices of its own."""
    return values[:3] == [r"\delta", "_", "{"] and "}" in values and values.index("}") == 5


def prose_indices(said: list, eq, order: int) -> None:
    """What the prose says about indices, in order: ``when $k \\ne i$`` (two indices unequal, for the
    later links of the section that use both), and what ends it: ``$k = j$`` or ``$\\forall k$``."""
    tokens = [t for side in eq.sides for t in side.tokens if t.value not in ("{", "}")]
    block, pos = eq.sides[0].block, eq.sides[0].pos
    line, _ = block.where(pos)
    for k, t in enumerate(tokens[:-1]):
        if t.kind == "cmd" and t.value == r"\forall" and tokens[k + 1].kind == "letter":
            said.append((order, block.section, frozenset({tokens[k + 1].value}), None, line))
    parts = [[t for t in side.tokens if t.value not in ("{", "}")] for side in eq.sides]
    if len(eq.relations) != 1 or not all(len(part) == 1 and part[0].kind == "letter" for part in parts):
        return
    a, b = (part[0].value for part in parts)
    if a != b:
        unequal = eq.relations[0].word in (r"\ne", r"\neq", "!=")
        pair = (sp.Symbol(a, integer=True), sp.Symbol(b, integer=True)) if unequal else None
        said.append((order, block.section, frozenset({a, b}), pair, line))


def letter_products(equations: list) -> set[str]:
    """Two letters the file writes side by side as a whole side or factor, outside any script
    (``\\log P = yz = ...``): there they are the product y z, so ``e^{yz}`` in the same file is
    e^{y z}, not a name yz."""
    found = set()
    for eq in equations:
        for side in eq.sides:
            tokens = side.tokens
            for k in range(len(tokens) - 1):
                a, b = tokens[k], tokens[k + 1]
                if a.kind != "letter" or b.kind != "letter" or b.space:
                    continue
                before = [t.value for t in tokens[max(0, k - 2):k]]
                after = tokens[k + 2] if k + 2 < len(tokens) else None
                scripted = before[-1:] in (["^"], ["_"]) or before[-2:] in (["^", "{"], ["_", "{"])
                if k == 0 and after is None and not scripted:
                    found.add(a.value + b.value)
    return found


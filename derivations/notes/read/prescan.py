"""A first pass over a file's tokens: which letters are integer indices and which are counts.

``w_i`` must mean the same i in every block, and ``m`` in ``\\frac{1}{m}\\sum_{i=1}^{m}`` must be
one symbol, so before any side is parsed the whole file is scanned: letters used as subscripts of
names or as summation indices become integers, upper limits of sums positive integers.
"""
from __future__ import annotations

from .tokens import Token
from .vocab import DECORATIONS, GREEK, Names


def scan_indices(tokens: list[Token], names: Names) -> None:
    """Record the file's integer letters: subscript letters, sum indices, sums' upper limits."""
    opened_at: list[int] = []
    opener_of: dict[int, int] = {}  # index of a closing brace -> index of its opening brace
    for k, t in enumerate(tokens):
        if t.kind == "sym" and t.value == "{":
            opened_at.append(k)
        elif t.kind == "sym" and t.value == "}" and opened_at:
            opener_of[k] = opened_at.pop()
        if t.kind == "cmd" and t.value in (r"\sum", r"\prod"):
            _scan_big_operator(tokens, k, names)
        elif t.kind == "cmd" and t.value == r"\partial":
            _layer_in_derivative(tokens, k, names)
        elif t.kind == "cmd" and t.value in (r"\frac", r"\dfrac", r"\tfrac"):
            denominator = _denominator(tokens, k)
            ordered = k + 3 < len(tokens) and tokens[k + 2].value == "d" and tokens[k + 3].value == "^"
            if len(denominator) > 2 and denominator[0].kind == "letter" and denominator[0].value == "d" \
                    and not ordered:  # \frac{d^{n}}{dx^{n}}: n is the order there, not a layer
                _layer_in_derivative(denominator, 0, names)  # \frac{dC}{da^{L}_j}: as \partial
        elif t.kind == "sym" and t.value == "_" and _on_a_name(tokens, k - 1, opener_of):
            letters = _script_letters(tokens, k + 1)
            if letters and len(letters) <= 2:
                names.integers.update(letters)
            elif len(letters) >= 3 and tokens[k - 1].kind == "letter" and _adjacent(tokens, k + 2, len(letters)):
                names.worded.add(tokens[k - 1].value)  # n_{hidden}: a word names the quantity


def _layer_in_derivative(tokens: list[Token], k: int, names: Names) -> None:
    """``\\partial a^{L}``, ``\\partial z^{L}_j``: an order of differentiation is a number, so a
    letter L there can only be a layer. Writing it declares L a layer index for the file."""
    j = k + 1
    if j < len(tokens) and tokens[j].kind == "cmd" and tokens[j].value in DECORATIONS:
        return  # \partial \hat{y}^{...}: not the simple case
    if j + 2 >= len(tokens) or tokens[j].kind != "letter" and not (
            tokens[j].kind == "cmd" and tokens[j].value[1:] in GREEK):
        return
    if tokens[j + 1].value == "_":  # \partial a_{j}^{L}: the subscript first
        j = _skip_script(tokens, j + 2) - 1
        if j + 2 >= len(tokens):
            return
    if tokens[j + 1].value != "^":
        return
    script = tokens[j + 2:j + 3] if tokens[j + 2].value != "{" else _group(tokens, j + 2)
    if script and script[0].kind == "letter" and len(script[0].value) == 1 and (
            len(script) == 1 or (len(script) == 3 and script[1].value in "+-" and script[2].kind == "num")):
        names.layers.add(script[0].value)


def _denominator(tokens: list[Token], k: int) -> list[Token]:
    """The second braced group after ``\\frac`` at k (empty when it is not written in braces)."""
    if k + 1 >= len(tokens) or tokens[k + 1].value != "{":
        return []
    j = _skip_script(tokens, k + 1)
    if j >= len(tokens) or tokens[j].value != "{":
        return []
    return tokens[j + 1:_skip_script(tokens, j) - 1]


def _group(tokens: list[Token], k: int) -> list[Token]:
    inner = []
    for t in tokens[k + 1:]:
        if t.value == "}":
            return inner
        inner.append(t)
    return []


def _on_a_name(tokens: list[Token], k: int, opener_of: dict[int, int]) -> bool:
    """Whether a script after ``tokens[k]`` sits on a name (x_i, \\hat{y}_i, z^{L}_j), not on
    \\nabla, \\log or an annotation brace."""
    for _ in range(4):
        if k < 0:
            return False
        t = tokens[k]
        if t.kind == "letter" or (t.kind == "cmd" and t.value[1:] in GREEK):
            return True
        if not (t.kind == "sym" and t.value == "}" and k in opener_of):
            return False
        before = opener_of[k] - 1
        if before >= 0 and tokens[before].kind == "cmd" and tokens[before].value in DECORATIONS:
            return True
        if before < 0 or tokens[before].value not in ("^", "_"):
            return False
        k = before - 1
    return False


def _adjacent(tokens: list[Token], k: int, count: int) -> bool:
    """``count`` letters from k written as one word (no space between them)."""
    return all(t.kind == "letter" and not (j and t.space) for j, t in enumerate(tokens[k:k + count]))


def _script_letters(tokens: list[Token], k: int) -> list[str]:
    if k < len(tokens) and tokens[k].kind == "letter":
        return [tokens[k].value]
    if k < len(tokens) and tokens[k].value == "{":
        inner = []
        for t in tokens[k + 1:]:
            if t.value == "}":
                return inner
            if t.kind == "letter":
                inner.append(t.value)
            elif not (t.kind == "num" or t.value in "+-,"):
                return []
    return []


def _scan_big_operator(tokens: list[Token], k: int, names: Names) -> None:
    j, upper = k + 1, False
    while j < len(tokens) and tokens[j].value in (r"\limits", r"\nolimits"):
        j += 1
    while j + 1 < len(tokens) and tokens[j].value in ("_", "^"):
        target = tokens[j + 1] if tokens[j + 1].value != "{" else (tokens[j + 2] if j + 2 < len(tokens) else None)
        if target is not None and target.kind == "letter":
            if tokens[j].value == "_":
                names.integers.update(_group_letters(tokens, j + 1))
            else:
                at = tokens.index(target)
                names.counts.add(_count_name(tokens, at))
                if _count_family(tokens, at):
                    names.count_families.add(target.value)
        upper = upper or tokens[j].value == "^"
        j = _skip_script(tokens, j + 1)
    if not upper:
        names.counts.add("n")


def _count_name(tokens: list[Token], j: int) -> str:
    """The count an upper limit names: ``n``, or ``n_2`` for ``n_{2}`` / ``n_2`` (digits are part of a name)."""
    letter = tokens[j].value
    if j + 2 < len(tokens) and tokens[j + 1].value == "_":
        if tokens[j + 2].kind == "num":
            return f"{letter}_{tokens[j + 2].value}"
        if tokens[j + 2].value == "{" and j + 4 < len(tokens) and tokens[j + 3].kind == "num" \
                and tokens[j + 4].value == "}":
            return f"{letter}_{tokens[j + 3].value}"
        word = _group(tokens, j + 2) if tokens[j + 2].value == "{" else []
        if len(word) > 1 and all(t.kind == "letter" for t in word):
            return f"{letter}_{{{''.join(t.value for t in word)}}}"  # n_{out}: a word is part of the name
    return letter


def _count_family(tokens: list[Token], j: int) -> bool:
    """An upper limit ``n_{L}``, ``n_{L-1}``, ``n_l``: a count per layer, one for each subscript."""
    if j + 2 >= len(tokens) or tokens[j + 1].value != "_":
        return False
    script = [tokens[j + 2]] if tokens[j + 2].value != "{" else _group(tokens, j + 2)
    if script and script[0].value == "(":  # s_{(l+1)}
        script = script[1:]
    return bool(script) and script[0].kind == "letter"  # n_{L}, n_{L-1}, n_{in} (read as n[i, n]) alike


def _group_letters(tokens: list[Token], j: int) -> list[str]:
    if tokens[j].value != "{":
        return [tokens[j].value]
    end = _skip_script(tokens, j)
    return [t.value for t in tokens[j + 1:end - 1] if t.kind == "letter"]


def _skip_script(tokens: list[Token], j: int) -> int:
    if j < len(tokens) and tokens[j].value == "{":
        depth = 0
        for m in range(j, len(tokens)):
            depth += (tokens[m].value == "{") - (tokens[m].value == "}")
            if depth == 0:
                return m + 1
    return j + 1

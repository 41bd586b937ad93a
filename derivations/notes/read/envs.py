"""Brackets, bars, indicators, matrices and cases.

A parenthesis or bracket holding a comparison is an indicator (``(z > 0)``, ``[z > 0]``,
``\\mathbb{1}[z > 0]``, ``\\mathbb{1}_{z>0}``, ``1_{\\{z>0\\}}``): 1 where it holds, 0 elsewhere.
``|x|`` is the absolute value and ``\\|w\\|`` the Euclidean norm (of a name: its absolute value,
names being scalars). ``bmatrix``, ``pmatrix`` and ``matrix`` are written-out matrices and
``cases`` a piecewise definition. A comma list in brackets is refused, not read as a vector.
"""
from __future__ import annotations

import sympy as sp

from .algebra import MAX_ENTRIES, is_matrix
from .derivatives import fraction
from .tokens import Token

COMPARISONS = {"<": sp.Lt, ">": sp.Gt, r"\lt": sp.Lt, r"\gt": sp.Gt, r"\le": sp.Le, r"\leq": sp.Le,
               r"\leqslant": sp.Le, r"\ge": sp.Ge, r"\geq": sp.Ge, r"\geqslant": sp.Ge,
               "=": sp.Eq, r"\neq": sp.Ne, r"\ne": sp.Ne}
MATRICES = {"bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix"}
IF_WORDS = ("if", "for", "when", "where", "whenever")
ELSE_WORDS = ("otherwise", "else", "elsewhere", "sonst")


def _top(tokens: list[Token]):
    """(index, token) pairs at depth 0 of brackets and environments."""
    depth = 0
    for k, t in enumerate(tokens):
        if t.kind == "text" and t.value in (r"\begin", r"\end"):
            depth += 1 if t.value == r"\begin" else -1
        elif t.kind in ("sym", "cmd") and t.value in ("(", "[", "{", r"\{"):
            depth += 1
        elif t.kind in ("sym", "cmd") and t.value in (")", "]", "}", r"\}"):
            depth -= 1
        elif depth == 0:
            yield k, t


def _comparison_at(tokens: list[Token], k: int):
    t = tokens[k]
    if t.kind == "sym" and t.value == "!" and k + 1 < len(tokens) and tokens[k + 1].value == "=":
        return sp.Ne, 2
    if t.kind in ("sym", "cmd") and t.value in COMPARISONS:
        return COMPARISONS[t.value], 1
    return None


def has_comparison(tokens: list[Token]) -> bool:
    return any(_comparison_at(tokens, k) for k, _ in _top(tokens))


def split_comparisons(tokens: list[Token]) -> tuple[list[list[Token]], list]:
    """``0 < a \\le 1`` -> the parts [0], [a], [1] and the comparisons [<, \\le], at top level only."""
    top = {k for k, _ in _top(tokens)}
    parts, ops, start, k = [], [], 0, 0
    while k < len(tokens):
        found = _comparison_at(tokens, k) if k in top else None
        if found:
            parts.append(tokens[start:k])
            ops.append(found[0])
            k += found[1]
            start = k
        else:
            k += 1
    parts.append(tokens[start:])
    return parts, ops


def condition(p, tokens: list[Token]) -> sp.Basic:
    """``z > 0``, ``0 < z < 1``, ``\\text{if } z \\le 0``, ``\\text{otherwise}`` as a SymPy condition."""
    tokens = _strip_if(tokens)
    if not tokens or _is_else(tokens):
        return sp.true
    parts, ops = split_comparisons(tokens)
    if not ops:
        p.fail("a condition needs a comparison (<, >, \\le, \\ge)", tokens[0])
    values = [p.sub(part).whole() for part in parts]
    if any(is_matrix(v) for v in values):
        p.fail("a comparison of matrices", tokens[0])
    try:
        return sp.And(*[op(a, b) for op, a, b in zip(ops, values, values[1:])])
    except TypeError:
        p.fail("a comparison of values that are not real", tokens[0])
        raise


def _strip_if(tokens: list[Token]) -> list[Token]:
    if tokens and tokens[0].kind == "text" and (tokens[0].arg or "").strip().lower().rstrip(",") in IF_WORDS:
        return tokens[1:]
    word = "".join(t.value for t in tokens[:2] if t.kind == "letter")
    if word == "if" and len(tokens) > 2:
        return tokens[2:]
    return tokens


def _is_else(tokens: list[Token]) -> bool:
    words = "".join(((t.arg or "") if t.kind == "text" else t.value) for t in tokens).strip().lower()
    return words.rstrip(".,") in ELSE_WORDS


def indicator(p, tokens: list[Token]) -> sp.Basic:
    if tokens and tokens[0].value == r"\{" and tokens[-1].value == r"\}":
        tokens = tokens[1:-1]
    holds = condition(p, tokens)
    if isinstance(holds, sp.Eq) and all(side.is_integer for side in holds.args):
        return sp.KroneckerDelta(*holds.args)  # [i = j] on integers is Kronecker's delta, which sums
    return sp.Piecewise((1, holds), (0, True))


def indicator_from_script(p, tokens: list[Token]) -> sp.Basic:
    if not has_comparison(tokens) and not (tokens and tokens[0].value == r"\{"):
        p.fail("an indicator needs a condition, as in \\mathbb{1}_{z > 0}", tokens[0] if tokens else None)
    return indicator(p, tokens)


# ---------------------------------------------------------------- brackets and bars
def bracket(p) -> sp.Basic:
    t = p.next()
    if t.value in "([":
        tokens = p.take_group(t)
        if has_comparison(tokens):
            return indicator(p, tokens)
        if any(x.value == "," and x.kind == "sym" for _, x in _top(tokens)):
            p.fail("a list in brackets is not an expression: write a vector as \\begin{bmatrix}", t)
        return p.sub(tokens).whole()
    if t.value == "{":
        tokens = p.take_group(t)
        over = [k for k, x in _top(tokens) if x.value == r"\over"]
        if len(over) == 1:  # {a \over b}, and {\partial E \over \partial w} as a derivative
            return fraction(p, tokens[:over[0]], tokens[over[0] + 1:])
        return p.sub(tokens).whole()
    if t.value == "|" and p.at("|") and p.toks[p.i].pos == t.end:
        return _double_bars(p, t)
    if t.value == "|":
        return _bars(p, t, "|", lambda x: x.applyfunc(sp.Abs) if is_matrix(x) else sp.Abs(x))
    p.fail(f"unexpected '{t.value}'", t)
    raise AssertionError


def _bars(p, opener: Token, closer: str, fn) -> sp.Basic:
    """The tokens up to the matching bar at depth 0, parsed and wrapped by ``fn``."""
    start = p.i
    for k, t in _top(p.toks[start:]):
        if t.value == closer and t.kind in ("sym", "cmd"):
            inner = p.toks[start:start + k]
            p.i = start + k + 1
            return fn(p.sub(inner).whole())
    p.fail(f"'{opener.value}' is never closed", opener)
    raise AssertionError


def _norm_value(x: sp.Basic) -> sp.Basic:
    if is_matrix(x):
        return sp.sqrt(sum(e ** 2 for e in x))
    return sp.Abs(x)


def _double_bars(p, t: Token) -> sp.Basic:
    """``||a - y||^2`` written with two plain bars: the norm, as ``\\|a - y\\|``. The closing
    pair is the first two adjacent bars at depth 0 (``|x||y|`` starts with one bar, so it stays
    a product of absolute values)."""
    p.next()
    start = p.i
    top = list(_top(p.toks[start:]))
    for (k, a), (_, b) in zip(top, top[1:]):
        if a.value == "|" and b.value == "|" and b.pos == a.end:
            value = _norm_value(p.sub(p.toks[start:start + k]).whole())
            p.i = start + k + 2
            _euclidean(p, t)
            return value
    p.fail("'||' is never closed", t)
    raise AssertionError


def _euclidean(p, t: Token) -> None:
    if p.at("_"):
        script = p.read_script(p.next())
        if [s.value for s in script] not in (["2"], ["F"]):
            p.fail("only the Euclidean norm (\\|x\\|_2) is supported", script[0] if script else t)


def norm(p) -> sp.Basic:
    t = p.next()
    closer = r"\rVert" if t.value == r"\lVert" else r"\|"
    value = _bars(p, t, closer, _norm_value)
    _euclidean(p, t)
    return value


def lvert(p) -> sp.Basic:
    t = p.next()
    return _bars(p, t, r"\rvert", lambda x: x.applyfunc(sp.Abs) if is_matrix(x) else sp.Abs(x))


def mathbb(p) -> sp.Basic:
    t = p.next()
    arg = p.read_argument()
    content = p.source(arg)
    if content.strip() not in ("1", "I"):
        p.fail(f"\\mathbb{{{content}}} is a set, not an expression", t)
    if p.at("_"):
        return indicator_from_script(p, p.read_script(p.next()))
    if p.at("[", "(", r"\{"):
        opener = p.next()
        return indicator(p, p.take_group(opener))
    p.fail("an indicator needs a condition, as in \\mathbb{1}[z > 0]", t)
    raise AssertionError


def over_under(p) -> sp.Basic:
    """``\\overset{note}{X}``, ``\\underset{note}{X}``: X itself (the note is a comment)."""
    p.next()
    p.read_argument()
    return p.sub(p.read_argument()).whole()


# ---------------------------------------------------------------- environments
def environment(p) -> sp.Basic:
    t = p.next()
    name = (t.arg or "").strip()
    tokens = _until_end(p, t, name)
    base = name.rstrip("*")
    if base in MATRICES:
        return _matrix(p, t, tokens)
    if base == "cases":
        return _cases(p, t, tokens)
    if base == "vmatrix":
        p.fail("determinants (vmatrix) are not supported", t)
    p.fail(f"the environment {name} cannot be part of an expression", t)
    raise AssertionError


def _until_end(p, t: Token, name: str) -> list[Token]:
    depth, start = 1, p.i
    while p.i < len(p.toks):
        x = p.toks[p.i]
        p.i += 1
        if x.kind == "text" and x.value == r"\begin":
            depth += 1
        elif x.kind == "text" and x.value == r"\end":
            depth -= 1
            if depth == 0:
                if (x.arg or "").strip() != name:
                    p.fail(f"\\begin{{{name}}} closed by \\end{{{(x.arg or '').strip()}}}", x)
                return p.toks[start:p.i - 1]
    p.fail(f"\\begin{{{name}}} is never closed", t)
    raise AssertionError


def _cells(tokens: list[Token]) -> list[list[list[Token]]]:
    rows: list[list[list[Token]]] = [[[]]]
    breaks = {k: t.value for k, t in _top(tokens) if t.value in ("\\\\", "&")}
    for k, t in enumerate(tokens):
        if breaks.get(k) == "\\\\":
            rows.append([[]])
        elif breaks.get(k) == "&":
            rows[-1].append([])
        else:
            rows[-1][-1].append(t)
    if rows and rows[-1] == [[]]:
        rows.pop()
    return rows


def _matrix(p, t: Token, tokens: list[Token]) -> sp.Basic:
    rows = _cells(tokens)
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        p.fail("a matrix whose rows have different lengths", t)
    if len(rows) * len(rows[0]) > MAX_ENTRIES:
        p.fail(f"a matrix with more than {MAX_ENTRIES} entries", t)
    entries = [[p.sub(cell).whole() for cell in row] for row in rows]
    if any(is_matrix(e) for row in entries for e in row):
        p.fail("a matrix inside a matrix", t)
    return sp.ImmutableMatrix(entries)


def _cases(p, t: Token, tokens: list[Token]) -> sp.Basic:
    pieces = []
    for row in _cells(tokens):
        if len(row) != 2:
            p.fail("each row of cases needs a value & a condition", t)
        cell = row[0][:-1] if row[0] and row[0][-1].value == "," else row[0]  # "x, & \\text{if } ..."
        cell = cell[:value_equals(cell)] if value_equals(cell) else cell  # "a = b, & y = 0": the case is a
        value = p.sub(cell).whole()
        if is_matrix(value):
            p.fail("a matrix inside cases", t)
        pieces.append((value, condition(p, row[1])))
    if not pieces:
        p.fail("empty cases", t)
    return sp.Piecewise(*pieces)


def value_equals(cell: list[Token]) -> int | None:
    """Where the first ``=`` at the top level of a cases value stands (``\\sigma(-z) = 1 - \\sigma(z)``:
    the value is sigma(-z), and the equation is a link of its own, plan/case_values.py); None if none."""
    return next((k for k, t in _top(cell) if t.kind == "sym" and t.value == "=" and k > 0), None)


COMMANDS = {r"\|": norm, r"\lVert": norm, r"\lvert": lvert, r"\mathbb": mathbb,
            r"\overset": over_under, r"\underset": over_under, r"\stackrel": over_under}

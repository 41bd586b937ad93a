"""Cut a math block into equations: rows, relations, side conditions and labels, before parsing.

``A = B = C`` is one equation with two links; ``&=`` rows of ``aligned`` and ``\\\\`` continue it;
a row that starts with a relation continues the previous equation, even across ``$$`` blocks.
``a = 1 \\qquad b = 2`` and ``a = 1, b = 2`` are two equations, and a clause such as
``\\text{for } x > 0`` or ``, x > 0`` after an equation is its side condition, never a factor.
Only the top level is cut here (braces, parentheses and matrices are left whole for the parser).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .scan import Block
from .relations import DEF, EQ, OTHER, Relation, relation_at as _relation_at  # noqa: F401
from .tokens import Token, TokenError, tokenize

LAYOUT_ENVS = {"equation", "align", "aligned", "gather", "gathered", "split", "multline", "eqnarray",
               "alignat", "flalign", "alignedat"}
DROP = {r"\nonumber", r"\notag", r"\displaystyle", r"\textstyle", r"\label", r"\tag", r"\tag*"}
SPACES = {r"\quad", r"\qquad", r"\;", r"\:", r"\,", r"\!", r"\ ", "~", r"\enspace", r"\hspace"}
CONDITION_WORDS = ("if", "for", "when", "where", "whenever", "provided", "given", "with", "assuming",
                   "s.t.", "such that", "forall", "for all", "otherwise")
JUSTIFICATIONS = ("since", "because", "by", "using", "from", "as")
OPENERS, CLOSERS = {"{", "(", "[", r"\{", r"\left", r"\langle"}, {"}", ")", "]", r"\}", r"\right", r"\rangle"}


@dataclass
class Side:
    """Tokens of one side of a relation, with the block that holds them (for positions)."""

    block: Block
    tokens: list[Token]
    pos: int  # where the side is (or would be, when empty)

    def __post_init__(self) -> None:  # spacing at either end is not part of the side
        while self.tokens and self.tokens[0].value in SPACES:
            self.tokens = self.tokens[1:]
        while self.tokens and self.tokens[-1].value in SPACES:
            self.tokens = self.tokens[:-1]
        if self.tokens:
            self.pos = self.tokens[0].pos

    @property
    def text(self) -> str:
        if not self.tokens:
            return ""
        return self.block.text[self.tokens[0].pos:self.tokens[-1].end].strip()


@dataclass
class Equation:
    """``sides[0] rel[0] sides[1] rel[1] ...``, with an optional side condition."""

    sides: list[Side]
    relations: list[Relation] = field(default_factory=list)
    condition: Side | None = None
    error: tuple[Block, int, str] | None = None  # block-level refusal (unbalanced, too long, ...)


def depths(tokens: list[Token]) -> list[int]:
    """Nesting depth before each token (braces, brackets, \\left..\\right, inner environments)."""
    out, depth, skip = [], 0, False
    for t in tokens:
        out.append(depth)
        if skip:  # the delimiter right after \left or \right
            skip = False
            continue
        if t.kind == "text" and t.value == r"\begin" and (t.arg or "").rstrip("*") not in LAYOUT_ENVS:
            depth += 1
        elif t.kind == "text" and t.value == r"\end" and (t.arg or "").rstrip("*") not in LAYOUT_ENVS:
            depth -= 1
        elif t.kind in ("sym", "cmd") and t.value in OPENERS:
            depth, skip = depth + 1, t.value == r"\left"
        elif t.kind in ("sym", "cmd") and t.value in CLOSERS:
            depth, skip = depth - 1, t.value == r"\right"
    return out


def block_equations(block: Block) -> list[Equation]:
    """The equations of one block, in order; a block that cannot be cut gives one error equation."""
    if block.error:
        return [Equation([], error=(block, 0, block.error))]
    try:
        tokens = tokenize(block.text)
    except TokenError as e:
        return [Equation([], error=(block, e.pos, e.reason))]
    tokens = _drop_justifications(_strip_layout(tokens))
    level = depths(tokens)
    if level and (min(level) < 0 or _final_depth(tokens, level) != 0):
        bad = next((t.pos for t, d in zip(tokens, level) if d < 0), tokens[-1].pos)
        return [Equation([], error=(block, bad, "unbalanced braces, brackets or \\left/\\right"))]
    equations: list[Equation] = []
    for row in _rows(tokens, level):
        _add_row(block, row, equations)
    return equations


def _final_depth(tokens: list[Token], level: list[int]) -> int:
    return depths(tokens + [Token("sym", "x", 0, 0)])[-1]


def _strip_layout(tokens: list[Token]) -> list[Token]:
    kept = [t for t in tokens if t.value not in DROP and not (
        t.kind == "text" and t.value in (r"\begin", r"\end") and (t.arg or "").rstrip("*") in LAYOUT_ENVS)]
    return [t for t in kept if not (t.kind == "text" and t.value == r"\textcircled"
                                    and (t.arg or "").strip().isalnum())]


def _justification(t: Token) -> bool:
    if t.kind == "cmd":
        return t.value == r"\because"
    words = (t.arg or "").strip().lower()
    return t.kind == "text" and any(words == w or words.startswith(w + " ") for w in JUSTIFICATIONS)


def _drop_justifications(tokens: list[Token]) -> list[Token]:
    """``\\because ...`` and ``(\\because ...)`` justify a step: comments, dropped to the row's end."""
    level, kept, k = depths(tokens), [], 0
    while k < len(tokens):
        t = tokens[k]
        if level[k] == 0 and t.value == "(" and k + 1 < len(tokens) and _justification(tokens[k + 1]):
            k += 1
            while k < len(tokens) and level[k] > 0:
                k += 1
            k += 1  # the closing parenthesis
        elif level[k] == 0 and _justification(t):
            while k < len(tokens) and not (level[k] == 0 and tokens[k].value == "\\\\"):
                k += 1
        else:
            kept.append(t)
            k += 1
    return kept


def _rows(tokens: list[Token], level: list[int]) -> list[list[tuple[Token, int]]]:
    """Rows at ``\\\\`` (top level), and at line breaks that start a new equation in ``$$``."""
    rows: list[list[tuple[Token, int]]] = [[]]
    for k, (t, d) in enumerate(zip(tokens, level)):
        if d == 0 and t.value == "\\\\" and t.kind == "cmd":
            rows.append([])
            continue
        if d == 0 and t.kind == "sym" and t.value == "&":
            continue
        if d == 0 and t.newline and rows[-1] and _starts_equation(tokens, level, k, rows[-1]):
            rows.append([])
        rows[-1].append((t, d))
    return [r for r in rows if r]


def _starts_equation(tokens: list[Token], level: list[int], k: int, row: list) -> bool:
    """A line break starts a new equation when both lines hold a relation and nothing dangles."""
    last = row[-1][0]
    if _relation_at(tokens, k) or last.value in ("+", "-", "=", r"\cdot", r"\times", "{", "(", ","):
        return False
    line_end = next((j for j in range(k + 1, len(tokens)) if tokens[j].newline), len(tokens))
    ahead = any(level[j] == 0 and _relation_at(tokens, j) for j in range(k, line_end))
    behind = any(d == 0 and _relation_at([t for t, _ in row], j) for j, (_, d) in enumerate(row))
    return ahead and behind


# ---------------------------------------------------------------- a row into equations

def _add_row(block: Block, row: list[tuple[Token, int]], equations: list[Equation]) -> None:
    row_tokens = [t for t, _ in row]
    for segment in _segments(row):
        kinds = _relation_kinds(segment)
        if _is_condition(segment, kinds) and equations and equations[-1].sides:
            tokens, previous = [t for t, _ in segment], equations[-1].condition
            if previous is not None and previous.tokens and previous.tokens[0] in row_tokens:
                # "\text{for } b < 0, \; 1 \le k \le n": one condition of two clauses, neither dropped
                tokens = row_tokens[row_tokens.index(previous.tokens[0]):row_tokens.index(tokens[-1]) + 1]
            equations[-1].condition = Side(block, tokens, tokens[0].pos)
            continue
        if not kinds and _is_label(segment):
            continue
        equation = _split_relations(block, segment)
        starts_with_relation = not equation.sides[0].tokens and equation.relations
        if starts_with_relation and equations and equations[-1].sides:
            _continue(equations[-1], equation)
        else:
            equations.append(equation)


def _segments(row: list[tuple[Token, int]]) -> list[list[tuple[Token, int]]]:
    """Cut at top-level \\quad, commas, semicolons and condition words when a part stands alone."""
    parts: list[list[tuple[Token, int]]] = [[]]
    for t, d in row:
        if d == 0 and (t.value in (r"\quad", r"\qquad", ",", ";") and t.kind in ("cmd", "sym")):
            parts.append([])
            continue
        if d == 0 and _condition_word(t) and parts[-1]:
            parts.append([])
        parts[-1].append((t, d))
    merged: list[list[tuple[Token, int]]] = []
    for part in parts:
        if not part:
            continue
        if merged and not _relation_kinds(part) and not _is_label(part) and not _starts_condition(part):
            merged[-1] = merged[-1] + part  # "a \quad b": only spacing, keep it in the side
        else:
            merged.append(part)
    return merged


def _relation_kinds(segment: list[tuple[Token, int]]) -> list[str]:
    tokens = [t for t, _ in segment]
    return [r[0].kind for k, (t, d) in enumerate(segment) if d == 0 and (r := _relation_at(tokens, k))]


def _condition_word(t: Token) -> bool:
    if t.kind == "cmd" and t.value == r"\forall":
        return True
    if t.kind != "text" or t.value not in (r"\text", r"\mbox", r"\textrm", r"\textit"):
        return False
    words = (t.arg or "").strip().lower().lstrip(",").strip()
    return any(words == w or words.startswith(w + " ") for w in CONDITION_WORDS)


def _starts_condition(part: list[tuple[Token, int]]) -> bool:
    return _condition_word(part[0][0])


def _is_condition(segment: list[tuple[Token, int]], kinds: list[str]) -> bool:
    """A clause after an equation: starts with a condition word, or has only <, >, \\in, ... ."""
    if _starts_condition(segment):
        return True
    return bool(kinds) and all(k == OTHER for k in kinds) and segment[0][0].kind in ("letter", "cmd")


def _is_label(segment: list[tuple[Token, int]]) -> bool:
    """An equation label or remark after \\quad: (3), \\text{--- (3)}, \\textcircled{1}."""
    values = [t for t, _ in segment]
    if all(t.kind == "text" for t in values):
        return True
    inner = [t.value for t in values]
    return len(inner) == 3 and inner[0] == "(" and inner[2] == ")" and values[1].kind == "num"


def _split_relations(block: Block, segment: list[tuple[Token, int]]) -> Equation:
    tokens = [t for t, _ in segment]
    sides, relations, current, k = [], [], [], 0
    while k < len(tokens):
        found = _relation_at(tokens, k) if segment[k][1] == 0 else None
        if found:
            relation, span = found
            sides.append(Side(block, current, current[0].pos if current else relation.pos))
            relations.append(relation)
            current, k = [], k + span
            continue
        current.append(tokens[k])
        k += 1
    end = tokens[-1].end if tokens else 0
    sides.append(Side(block, current, current[0].pos if current else end))
    return Equation(sides, relations)


def _continue(previous: Equation, more: Equation) -> None:
    """Append ``= B = C`` to ``... = A``; a dangling ``... =`` and a leading ``=`` are one relation."""
    if previous.relations and not previous.sides[-1].tokens:
        previous.sides.pop()
        previous.relations.pop()
    previous.sides += more.sides[1:]
    previous.relations += more.relations
    if more.condition:
        previous.condition = more.condition


def file_equations(blocks: list[Block]) -> list[Equation]:
    """Equations of display blocks, joining a block that starts with ``=`` to the one before it."""
    out: list[Equation] = []
    previous_cell: object = object()
    for block in blocks:
        if not block.display:
            continue
        for k, equation in enumerate(block_equations(block)):
            leading = equation.sides and not equation.sides[0].tokens and equation.relations
            if k == 0 and leading and out and out[-1].sides and previous_cell == block.cell:
                _continue(out[-1], equation)
            else:
                out.append(equation)
        previous_cell = block.cell
    return out

"""Cut a math block into equations: rows, relations, side conditions and labels, before parsing.

``A = B = C`` is one equation with two links; ``&=`` rows of ``aligned`` and ``\\\\`` continue it;
a row that starts with a relation continues the previous equation, even across ``$$`` blocks.
``a = 1 \\qquad b = 2`` and ``a = 1, b = 2`` are two equations, and a clause such as
``\\text{for } x > 0`` or ``, x > 0`` after an equation is its side condition, never a factor.
Only the top level is cut here (braces, parentheses and matrices are left whole for the parser).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..find.scan import Block
from ..read.relations import DEF, EQ, OTHER, Relation, relation_at as _relation_at  # noqa: F401
from ..read.tokens import Token, TokenError, tokenize

LAYOUT_ENVS = {"equation", "align", "aligned", "gather", "gathered", "split", "multline", "eqnarray",
               "alignat", "flalign", "alignedat"}
DROP = {r"\nonumber", r"\notag", r"\displaystyle", r"\textstyle", r"\label", r"\tag", r"\tag*"}
SPACES = {r"\quad", r"\qquad", r"\;", r"\:", r"\,", r"\!", r"\ ", "~", r"\enspace", r"\hspace"}
CONDITION_WORDS = ("if", "for", "when", "where", "whenever", "provided", "with", "assuming", "unless",
                   "s.t.", "such that", "forall", "for all", "otherwise")
JUSTIFICATIONS = ("since", "because", "given", "by", "using", "from", "as")
# Words that open a sentence in display math ("\text{Let } s = 3", "\text{Hence } ..."): prose,
# never a factor; the report lists them.
PROSE = {"let", "hence", "then", "so", "thus", "therefore", "now", "and", "i.e.", "ie", "also",
         "finally", "similarly", "note", "we", "which", "gives", "so that", "and so", "recall",
         "define", "suppose", "assume", "take", "or", "here", "first", "second", "next", "clearly",
         "consequently", "it follows that", "we get", "we have", "this gives", "that is"}
TEXT_COMMANDS = (r"\text", r"\mbox", r"\textrm", r"\textit", r"\textbf", r"\mathrm")
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
    conditions: list[Side] = field(default_factory=list)  # "for x > 0", ", 0 < a < 1", "(p \\ge 0)"
    premises: list[Side] = field(default_factory=list)  # "since t_1 + t_2 = 1", "\\because ..."
    prose: list[str] = field(default_factory=list)  # words read as prose ("Let", "Hence")
    clause_at: dict[int, int] = field(default_factory=dict)  # id(clause side) -> index of the side it follows

    def row_clauses(self) -> dict[int, tuple[list[Side], list[Side]]] | None:
        """Rows that carry their own clauses (``&= 1 \\quad \\text{if } x > 0 \\\\ &= -1 \\quad \\text{if }
        x < 0``): cases of the first side, not a chain; None for an ordinary chain."""
        at = set(self.clause_at.values())
        if not at or (len(at) == 1 and max(at) == len(self.sides) - 1):
            return None
        return {k: ([c for c in self.conditions if self.clause_at.get(id(c)) == k],
                    [p for p in self.premises if self.clause_at.get(id(p)) == k]) for k in range(1, len(self.sides))}
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
    tokens = _unwrap_justifications(_unwrap_boxes(_strip_layout(tokens)))
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


def _unwrap_boxes(tokens: list[Token]) -> list[Token]:
    """``\\boxed{a = b = c}`` around a whole equation: the box is emphasis, the links are inside."""
    out, k = [], 0
    while k < len(tokens):
        t = tokens[k]
        if t.value == r"\boxed" and k + 1 < len(tokens) and tokens[k + 1].value == "{":
            inner, depth, j = [], 0, k + 1
            for j in range(k + 1, len(tokens)):
                depth += (tokens[j].value == "{") - (tokens[j].value == "}")
                if depth == 0:
                    break
                inner.append(tokens[j])
            if depth == 0 and any(_relation_at(inner[1:], m) for m in range(len(inner) - 1)):
                out += _unwrap_boxes(inner[1:])
                k = j + 1
                continue
        out.append(t)
        k += 1
    return out


def _justification(t: Token) -> bool:
    if t.kind == "cmd":
        return t.value == r"\because"
    return t.kind == "text" and _starts_with(t, JUSTIFICATIONS)


def _starts_with(t: Token, words: tuple[str, ...]) -> bool:
    text = (t.arg or "").strip().lower().lstrip(",").strip()
    return t.kind == "text" and t.value in TEXT_COMMANDS and any(
        text == w or text.startswith(w + " ") for w in words)


def _unwrap_justifications(tokens: list[Token]) -> list[Token]:
    """``(\\because ...)`` is ``\\because ...``: a premise (or a comment) to the row's end."""
    level, kept, k = depths(tokens), [], 0
    while k < len(tokens):
        t = tokens[k]
        if level[k] == 0 and t.value == "(" and k + 1 < len(tokens) and _justification(tokens[k + 1]):
            end = k + 1
            while end < len(tokens) and level[end] > 0:
                end += 1
            kept += tokens[k + 1:end - 1] if end - 1 > k + 1 and tokens[end - 1].value == ")" else tokens[k + 1:end]
            k = end
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
    if _continued_side(row):
        return False
    line_end = next((j for j in range(k + 1, len(tokens)) if tokens[j].newline), len(tokens))
    ahead = any(level[j] == 0 and _relation_at(tokens, j) for j in range(k, line_end))
    behind = any(d == 0 and _relation_at([t for t, _ in row], j) for j, (_, d) in enumerate(row))
    return ahead and behind


def _continued_side(row: list) -> bool:
    """The row's last line holds no relation and the line before it ended with one (``X =`` then
    a factor alone): a side written over several lines, so the next line's factor continues it
    (``\\frac{da}{db} =`` / ``\\frac{da}{dz}`` / ``\\frac{dz}{db} = ...`` is one chain)."""
    starts = [j for j, (t, _) in enumerate(row) if t.newline]
    if len(starts) < 1:
        return False
    last = row[starts[-1]:]
    tokens = [t for t, _ in last]
    if any(d == 0 and _relation_at(tokens, j) for j, (_, d) in enumerate(last)):
        return False
    before = row[starts[-2] if len(starts) > 1 else 0:starts[-1]]
    return bool(before) and before[-1][0].value in ("=", r"\approx")


# ---------------------------------------------------------------- a row into equations

def _leading_case(row: list[tuple[Token, int]]) -> tuple[list, list[tuple[Token, int]]]:
    """``\\text{if} \\; i = j: \\frac{da_i}{dz_j} = ...``: a case heading before its equation (the
    condition up to a top-level colon), split off so that it is the row's condition, never swallowed
    into the row above nor checked as a link."""
    if not row or row[0][1] != 0 or not _condition_word(row[0][0]):
        return [], row
    colon = next((k for k, (t, d) in enumerate(row) if d == 0 and t.value == ":" and k > 1), None)
    if colon is None or colon == len(row) - 1:
        return [], row
    return row[:colon], row[colon + 1:]


def _add_row(block: Block, row: list[tuple[Token, int]], equations: list[Equation]) -> None:
    lead, row = _leading_case(row)
    before = len(equations)
    _add_segments(block, row, equations)
    if lead and len(equations) > before and equations[before].sides:
        _attach_clause(block, equations[before], lead, "condition")


def _add_segments(block: Block, row: list[tuple[Token, int]], equations: list[Equation]) -> None:
    for place, segment in enumerate(_segments(row)):
        clause = _clause_kind(segment, _relation_kinds(segment))
        if clause is None and place and equations and _index_equality(segment, equations[-1]):
            clause = "condition"  # "\frac{\partial a_j}{\partial z_i} = a_i(1 - a_i), \quad i = j": a case
        if clause == "premise" and not _relation_kinds(segment) and not _parenthesized_condition(segment):
            if equations:  # "\text{by the chain rule}": a justification in words, a comment
                equations[-1].prose.append(" ".join(Side(block, [t for t, _ in segment], 0).text.split()))
            continue
        if clause and equations and equations[-1].sides:
            _attach_clause(block, equations[-1], segment, clause)
            continue
        if clause == "premise":
            continue  # "\because ..." before any equation: a justification, nothing to check
        prose, segment = _prose_prefix(segment)
        if not segment:
            continue
        kinds = _relation_kinds(segment)
        if not kinds and _is_label(segment):
            if equations and any(t.kind == "text" for t, _ in segment):  # "\text{(approximately)}"
                equations[-1].prose.append(" ".join(Side(block, [t for t, _ in segment], 0).text.split()))
            continue
        equation = _split_relations(block, segment)
        equation.prose = prose
        starts_with_relation = not equation.sides[0].tokens and equation.relations
        if starts_with_relation and equations and equations[-1].sides:
            _continue(equations[-1], equation)
        else:
            equations.append(equation)


def _index_equality(segment: list[tuple[Token, int]], equation: Equation) -> bool:
    """``i = j`` after an equation whose subscripts hold both letters: the case it is stated for.

    Read as a definition, ``i = j`` would rename one index to the other for the rest of the file;
    notes that write it after a derivative (softmax's two cases) mean a condition on that line.
    """
    tokens = [t for t, _ in segment]
    if len(tokens) != 3 or tokens[1].value != "=" or not all(t.kind == "letter" for t in (tokens[0], tokens[2])):
        return False
    return {tokens[0].value, tokens[2].value} <= _subscript_letters(equation)


def _subscript_letters(equation: Equation) -> set[str]:
    """Letters written in a subscript (``a_j``, ``z_{i}``, ``w_{jk}``) on any side of the equation."""
    letters: set[str] = set()
    for side in equation.sides:
        tokens = side.tokens
        for k in range(len(tokens) - 1):
            if tokens[k].value != "_":
                continue
            if tokens[k + 1].kind == "letter":
                letters.add(tokens[k + 1].value)
            elif tokens[k + 1].value == "{":
                inner = 0
                for t in tokens[k + 1:]:
                    inner += (t.value == "{") - (t.value == "}")
                    if inner == 0:
                        break
                    if t.kind == "letter":
                        letters.add(t.value)
    return letters


def _prose_prefix(segment: list[tuple[Token, int]]) -> tuple[list[str], list[tuple[Token, int]]]:
    """Leading ``\\text{Let }``, ``\\text{Hence}``: words of a sentence, never a factor."""
    words = []
    while segment and _is_prose(segment[0][0]) and len(segment) > 1:
        words.append((segment[0][0].arg or "").strip())
        segment = segment[1:]
    return words, segment


def _is_prose(t: Token) -> bool:
    if t.kind != "text" or t.value not in TEXT_COMMANDS or _justification(t) or _condition_word(t):
        return False
    text = (t.arg or "").strip().lower().rstrip(",.:")
    return text in PROSE or " " in text or (t.arg or "") != (t.arg or "").strip()


def _segments(row: list[tuple[Token, int]]) -> list[list[tuple[Token, int]]]:
    """Cut at top-level \\quad, commas and semicolons when a part stands alone; a condition or
    justification word starts a clause that runs to the end of the row (``for p, q > 0``)."""
    parts: list[list[tuple[Token, int]]] = [[]]
    in_clause = False
    for t, d in row:
        if d == 0 and not in_clause and (_condition_word(t) or _justification(t)):
            if parts[-1]:
                parts.append([])
            in_clause = True
        elif d == 0 and not in_clause and t.value in (r"\quad", r"\qquad", ",", ";") \
                and t.kind in ("cmd", "sym"):
            parts.append([])
            continue
        parts[-1].append((t, d))
    merged: list[list[tuple[Token, int]]] = []
    for part in parts:
        if not part:
            continue
        alone = _relation_kinds(part) or _is_label(part) or _starts_condition(part) \
            or _justification(part[0][0]) or _parenthesized_condition(part)
        if merged and not alone:
            merged[-1] = merged[-1] + part  # "a \\quad b": only spacing, keep it in the side
        else:
            merged.append(part)
    return merged


def _parenthesized_condition(part: list[tuple[Token, int]]) -> bool:
    """``(p \\ge 0)`` standing alone after an equation: a condition, not an indicator factor."""
    tokens = [t for t, _ in part]
    if len(tokens) < 3 or tokens[0].value != "(" or tokens[-1].value != ")":
        return False
    inner = depths(tokens)
    if any(d == 0 for d in inner[1:-1]) or inner[-1] != 1:
        return False
    body = tokens[1:-1]
    kinds = [r[0] for k in range(len(body)) if (r := _relation_at(body, k))]
    return bool(kinds) and all(r.kind == OTHER for r in kinds)


def _clause_kind(segment: list[tuple[Token, int]], kinds: list[str]) -> str | None:
    """"premise" (since, because, given), "condition" (for, if, a bare comparison), or None."""
    first = segment[0][0]
    if _justification(first):
        return "premise"
    if _starts_condition(segment) or _parenthesized_condition(segment):
        return "condition"
    if bool(kinds) and all(k == OTHER for k in kinds) and first.kind in ("letter", "cmd", "num"):
        return "condition"
    return None


def _attach_clause(block: Block, equation: Equation, segment: list[tuple[Token, int]], kind: str) -> None:
    tokens = [t for t, _ in segment]
    if _parenthesized_condition(segment):
        tokens = tokens[1:-1]
    side = Side(block, tokens, tokens[0].pos)
    (equation.premises if kind == "premise" else equation.conditions).append(side)
    equation.clause_at[id(side)] = len(equation.sides) - 1


def _relation_kinds(segment: list[tuple[Token, int]]) -> list[str]:
    tokens = [t for t, _ in segment]
    return [r[0].kind for k, (t, d) in enumerate(segment) if d == 0 and (r := _relation_at(tokens, k))]


def _condition_word(t: Token) -> bool:
    if t.kind == "cmd" and t.value == r"\forall":
        return True
    return _starts_with(t, CONDITION_WORDS)


def _starts_condition(part: list[tuple[Token, int]]) -> bool:
    return _condition_word(part[0][0])


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
    offset = len(previous.sides) - 1
    previous.clause_at.update({c: offset + k for c, k in more.clause_at.items()})
    previous.sides += more.sides[1:]
    previous.relations += more.relations
    previous.conditions += more.conditions
    previous.premises += more.premises


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

"""What to change, in one line, for a link that is unparsed or undecided.

A reason says what stopped the checker ("C is not defined, so how it depends on z is unknown");
a person fixing the notes also needs to know what to write instead, and where. ``fix`` gives
both: ``line 14, column 3: define C with an equation (C = ...) ...``. The table below maps each
kind of reason the reader and the verifier give to the change that settles it; the reasons are
gradproof's own wording, so the table is matched against them, never against the notes' text.
A reason the table does not know still gets a fix (``GENERAL``), and the tests list every reason
of the test corpus that gets only that one, so that a new kind of reason is noticed.
"""
from __future__ import annotations

import re
from typing import Protocol

GENERAL = ("split this step into smaller steps that each change one thing, or write the notation "
           "as the README's \"Check your own notes\" section describes it")

_TIME = "split this step into smaller steps (each a single rewrite), or give it more time with --timeout"

# (reason pattern, what to change); the first pattern that matches wins.
_FIXES: tuple[tuple[str, str], ...] = (
    # undecided: how a quantity depends on a variable
    (r"^(?P<f>[^;]+?) is not defined, so how it depends on (?P<v>.+?) is unknown",
     "define {f} with an equation in the notes ({f} = ... in terms of {v}), or differentiate its "
     "definition directly"),
    (r"^(?P<f>[^;]+?) (?:is an entry of a recurrence or family that is not unfolded|is not unfolded)",
     "write {f} out with an equation of its own, or state the recurrence for a general index"),
    (r"is not known: the notes define (?P<g>\S+) on (?P<w>[^;]+?) only",
     "write {g} of {w}, as the notes define it, or define {g} for this argument too"),
    (r"^(?P<f>[^;]+?) does not depend on (?P<v>.+?) as the notes define it",
     "check the definition of {f}: as written it has no {v}; define the names in between with "
     "equations (each in terms of the next) so the dependence is visible"),
    (r"^(?P<f>[^;]+?) is not defined, but (?P<g>[^;]+?) is \(line (?P<n>\d+)\)",
     "write the same name as line {n} ({g}), or define {f} with an equation of its own"),
    (r"^(?P<f>[^;]+?) may be defined at line (?P<n>\d+), which was not read",
     "fix line {n} first (see its own message) so that its definition can be read"),
    (r"^(?P<f>[^;]+?) is defined at line (?P<n>\d+); this line either defines it anew",
     "to define {f} anew, write {f} := ... or start a new section; otherwise correct the equation"),
    (r"no refutation rests on a restated name's earlier statement \(d(?P<f>\S+)/d",
     "correct the step (it fails through {f} as first stated), or write {f} := ... on the later line "
     "if it defines a new quantity"),
    (r"^(?P<f>[^;]+?) (?:is|are) not defined: this line names the other side",
     "write {f} := ... to define it, or replace {f} with what it stands for"),
    (r"are different names here",
     "write one name in every place it is meant (x_i and x_1 for entries of x, not X or \\mathbf{x}), "
     "or define how the names are related"),
    # undecided: readings of the notation
    (r"digits after a letter as a subscript",
     "write a name's number as a subscript (c_1), or a product with \\cdot (c \\cdot 1)"),
    (r"the notation can be read \d+ ways|more than \d+ readings of the notation",
     "write the notation so that it has one meaning (a call as f(x) with f defined, a product with "
     "\\cdot), or declare it with <!-- gradproof: ... --> as the README shows"),
    (r"^true when (?P<c>.+?), which the notes do not state",
     "state the condition in the notes ({c}) to have the step proved"),
    # undecided: matrices
    (r"a matrix \((?P<m>[^)]*)\) plus a number",
     "write the broadcast explicitly (add the number times a vector of ones) or with the identity "
     "matrix, as meant"),
    (r"a transpose of a name|as matrices|are matrices, and this link|a derivative with respect to the matrix",
     "write the step for one entry (with indices, as in W_{ij}) or declare the shapes "
     "(W \\in \\mathbb{R}^{m \\times n})"),
    (r"read as numbers; declare a matrix",
     "declare the matrices' shapes (W \\in \\mathbb{R}^{m \\times n}) or write the step entry by entry"),
    (r"(?P<f>\S+) takes (?P<n>\d+) argument",
     "call {f} with {n} argument(s), as it is defined"),
    (r"is a convention \(gradproof takes (?P<v>[^)]*)\), not a fact",
     "restrict the step to the points where the derivative exists (for example z \\neq 0), or state "
     "the value at the kink in words as the convention you choose"),
    # undecided: no proof in time
    (r"no answer within|no proof within|time limit reached|no exact method reduced", _TIME),
    (r"SymPy could not work with this link", _TIME),
    (r"no proof and no counterexample found", _TIME),
    # unparsed
    (r"an empty expression|an expression is missing here|an empty side",
     "write the missing operand here, or remove the stray operator, & or delimiter"),
    (r"unknown command (?P<c>\\\w+)",
     "replace {c} with notation the README lists (for example \\odot, \\cdot, \\frac, \\sum)"),
    (r"(?:subscript|superscript) .*on something that is not a name",
     "put the script on a name (x_i, W^{(2)}), or name the expression first and index that name"),
    (r"unexpected '(?P<t>[^']*)'",
     "remove or balance the '{t}' here; a row holds one expression on each side of its ="),
    (r"text (?P<t>'.*') inside an expression",
     "move the words {t} out of the math into the text around it"),
    (r"(?:subscript|superscript) '(?P<s>.*)' is not understood",
     "write the script '{s}' as an index or a name (x_{i}, x_{ij}, x_{\\text{out}})"),
    (r"(?P<f>\S+) needs its argument in parentheses", "write {f}(...) with the argument in parentheses"),
    (r"nothing to differentiate after (?P<d>\S+)", "write the expression to differentiate after {d} on the same row"),
    (r"nothing to add up after \\sum", "write the term to add up after \\sum_{i=1}^{n}"),
    (r"(?P<s>\\mathbb\{\w+\}) is a set", "write \\mathbf for a bold vector; {s} is read as a set"),
    (r"a name is expected here", "write a name here"),
    (r"an ellipsis \(\\dots\) must stand between two \+ signs",
     "write the sum with its first terms, \\dots and its last term, joined by +"),
    (r"never closed|closed by|unbalanced braces",
     "close what is open here: each {, [, ( and \\left needs its partner in the same display"),
    (r"\\otimes is ambiguous", "write \\odot for the entrywise product, or the outer product as u v^T"),
    (r"\\nabla needs a function",
     "write \\nabla of a function of named variables (\\nabla f(x, y)), or name the variable (\\nabla_w J)"),
    (r"a derivative with respect to the function (?P<f>\S+)",
     "differentiate with respect to a variable: write {f}(x) and differentiate by x"),
    (r"rows have different lengths", "give every row of the matrix the same number of entries, joined by &"),
    (r"'(?P<f>[^']+)' with a power or transpose is not a name",
     "write the name {f} alone here, and its power or transpose in the expression"),
    (r"index '(?P<i>[^']+)' is not an integer", "write the index '{i}' as a whole number or a letter (x_1, x_i)"),
    (r"a definition sign inside a chain", "write := on a line of its own (A := B), not inside a chain of ="),
    (r"the orders of this derivative do not match",
     "write the same order on top and below, as in \\frac{d^2 y}{dx^2}"),
    (r"must hold a single name", "put a single name inside (\\mathbf{x}) and the rest outside it"),
    (r"not supported|cannot be part of an expression|not an expression|of a matrix|a matrix (?:as|inside|with)",
     "gradproof does not check this construct: write the step without it (entries with indices) or "
     "move it into the text"),
    # an instruction already in the reason: use it
    (r"(?:^|[:;(,] ?)(?P<w>(?:write|declare|put|use) [^;]*?)\)?$", "{w}"),
    (r"(?:,|:) (?:such )?as in (?P<w>.+)$", "write it as in {w}"),
)


class Link(Protocol):
    line: int
    column: int
    cell: int | None
    verdict: str
    message: str


def fix(link: Link) -> str:
    """``line L, column C: what to change`` for an unparsed or undecided link; "" otherwise."""
    where, what = change(link)
    return f"{where}: {what}" if what else ""


def change(link: Link) -> tuple[str, str]:
    """Where and what to change (``("line 3, column 5", "write ...")``); what is "" for a link that
    is proved or refuted."""
    if link.verdict not in ("unparsed", "undecided"):
        return "", ""
    where, reason = _position(link)
    return where, what_to_change(reason)


def what_to_change(reason: str) -> str:
    """The change that settles a reason (the first of its clauses that the table knows)."""
    for pattern, template in _FIXES:
        found = re.search(pattern, reason)
        if found:
            groups = found.groupdict()  # {f} is a group; {i} in x_{i} is LaTeX and stays
            return re.sub(r"\{(\w+)\}", lambda m: groups.get(m[1]) or m[0], template)
    return GENERAL


def _position(link: Link) -> tuple[str, str]:
    """Where the fix applies: the position an unparsed reason names, else the link's own."""
    cell = f"cell {link.cell}, " if link.cell is not None else ""
    found = re.match(r"line (\d+), column (\d+): ", link.message)
    if found:
        return f"{cell}line {found[1]}, column {found[2]}", link.message[found.end():]
    return f"{cell}line {link.line}, column {link.column}", link.message

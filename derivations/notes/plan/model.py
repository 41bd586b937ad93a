"""The plan of one notes file as data: its definitions, its links (the claims to check), the
equations it skips, and what the prose states (premises, index inequalities, case headings).
``definitions.py`` fills it; ``verify/`` reads it."""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from .chains import Side
from ..find.scan import NotesFile
from ..read.vocab import Names


@dataclass
class Definition:
    """A name's definition as the notes give it; ``key`` is a symbol, an entry, or ("fn", name)."""

    name: str
    key: object
    params: tuple
    expr: sp.Basic
    text: str
    line: int
    cell: int | None
    order: int
    section: int
    after_only: bool = False  # a number given in prose: in force only after it, in its own section
    ambiguities: frozenset = frozenset()  # keys of the ambiguous constructs it was read through
    block: int | None = None  # a \\text{Let} row of a multi-row display: in force in that block only


@dataclass
class Skipped:
    """An equation, or part of one, that gets no verdict: where, what, and why (for the report)."""

    line: int
    cell: int | None
    text: str
    reason: str
    kind: str  # "no_equality", "update_rule", "inline", "example", "premise"


@dataclass
class Link:
    """One ``=`` to check: where its right side starts, both sides as written and as parsed."""

    line: int
    column: int
    cell: int | None
    lhs: str
    rhs: str
    order: int
    lhs_value: sp.Basic | None = None
    rhs_value: sp.Basic | None = None
    error: str | None = None
    conditions: list[Side] = field(default_factory=list)
    premises: list[Side] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    section: int = 0
    restates: str | None = None  # the link starts with a name already defined in this section
    shadows: object = None  # a restated name: the link is checked against its earlier definition
    ambiguities: frozenset = frozenset()  # keys of the ambiguous constructs in its two sides
    premise: bool = False  # an equation stated after \\because: proved or undecided, never refuted
    block: int | None = None  # id() of its display block (a \\text{Let} definition there is local)

    @property
    def key(self) -> tuple:
        """Where the link is: the same link in a plan made under another reading."""
        return (self.cell, self.line, self.column, self.lhs, self.rhs)


@dataclass
class FilePlan:
    """Everything to check in one file, before any verdict."""

    notes: NotesFile
    names: Names
    links: list[Link] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=lambda: {"no_equality": 0, "update_rule": 0})
    skipped_items: list[Skipped] = field(default_factory=list)
    side_keys: dict[tuple, frozenset] = field(default_factory=dict)  # ambiguities met per side
    seen: set[str] = field(default_factory=set)  # names met so far, in file order
    distinct: list[tuple] = field(default_factory=list)  # "$k \\ne i$", "$\\forall k$" in prose: (order,
    #   section, letters, the unequal pair or None, line)
    premises: list[tuple[int, int, sp.Basic, str]] = field(default_factory=list)  # from prose: (order,
    # section, lhs - rhs, text)
    cases: list[tuple[int, str, frozenset]] = field(default_factory=list)  # "$i = j$" alone: (section,
    # text, the two indices)
    heading: Side | None = None  # a case heading alone on its line, waiting for the display below it
    headed: set[int] = field(default_factory=set)  # id() of the headings given to the display below them

    def in_force(self, order: int, section: int | None = None, shadows: object = None,
                 block: int | None = None) -> dict[object, Definition]:
        """For each name, the definition a link at ``order`` (in ``section``) uses.

        A number given in prose (``at $u = 3$``) counts only after it and in its own section; a
        definition further down counts only in its own section; a restated name (``shadows``)
        uses its definition from before the link's own equation.
        """
        chosen: dict[object, Definition] = {}
        for d in self.definitions:  # appended in file order
            if d.block is not None and d.block != block:
                continue  # "\\text{Let } \\log_e x = y" inside an aside: y is that block's, not the file's
            if d.after_only and (d.order >= order or d.section != section):
                continue
            if d.key == shadows and d.order >= order:
                continue
            if d.order > order and section is not None and d.section != section:
                continue  # a definition further down serves its own section only, never an earlier one
            if d.key not in chosen or d.order <= order:
                chosen[d.key] = d
        return chosen

    def prose_distinct(self, order: int, section: int) -> list[tuple[tuple[sp.Symbol, sp.Symbol], int]]:
        """Index pairs stated unequal in the prose before the link, in its section, with their line;
        a later ``$k = j$`` or ``$\\forall k$`` before the link ends the statement."""
        said = [(at, letters, pair, line) for at, where, letters, pair, line in self.distinct
                if where == section and at < order]
        return [(pair, line) for k, (at, letters, pair, line) in enumerate(said) if pair is not None
                and not any(later[1] <= letters for later in said[k + 1:])]

    def prose_premises(self, order: int, section: int) -> list[tuple[sp.Basic, str]]:
        """Relations stated in the prose of the link's section (``$t_1 + t_2 = 1$``), before or after
        it: notes often justify a step in the sentence that follows ("since y is one-hot, ...")."""
        return [(d, text) for at, where, d, text in self.premises if where == section]

    def skip(self, side: Side, reason: str, kind: str, text: str | None = None) -> None:
        line, _ = side.block.where(side.pos)
        self.skipped_items.append(Skipped(line, side.block.cell, (text or side.text)[:120], reason, kind))

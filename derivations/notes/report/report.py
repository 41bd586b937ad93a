"""The report as data: the JSON dict of the issue and GitHub workflow annotations (no printing).

JSON shape (``cell`` is null outside notebooks)::

    {"files": [{"file", "links": [{"line", "column", "cell", "lhs", "rhs", "verdict", "counterexample",
     "message", "fix", "assumptions", "readings"}], "definitions": [{"name", "expr", "line"}],
     "skipped": {"no_equality", "update_rule"}, "skipped_equations": [{"line", "cell", "text",
     "reason", "kind"}]}], "summary": {"proved", "refuted", "undecided", "unparsed"}}

``assumptions`` lists what a verdict rests on (definitions used, side conditions, premises, words
read as prose, index ranges); ``readings`` lists ``{"reading", "verdict"}`` for each reading of an
ambiguous construct (empty when nothing was ambiguous). ``skipped_equations`` lists every ``=``
that gets no verdict (definitions, update rules, premises stated in prose, inline math read only for
definitions and premises) with its line, the reason, and a kind (definition, update_rule,
premise, inline).

Points excluded from a proof and the reason of an unparsed link (with its line and column) are in
``message``; ``fix`` says in one line, with line and column, what to change in the notes for a link
that is unparsed or undecided (empty otherwise). Annotations are ``::error file=F,line=L::message`` lines, one per link that is not
proved, with the escapes GitHub requires (``%``, CR, LF in the message; also ``:`` and ``,`` in
properties); for a notebook, L is the line of the notebook's JSON text.
"""
from __future__ import annotations

from typing import Any

from ..verify.check import CheckResult, LinkResult
from .hints import fix


def to_json(result: CheckResult) -> dict[str, Any]:
    """The whole result in the issue's JSON shape (plain dicts, lists, strings and numbers)."""
    return {
        "files": [{
            "file": f.file,
            "links": [_link(link) for link in f.links],
            "definitions": [{"name": d.name, "expr": d.expr, "line": d.line} for d in f.definitions],
            "skipped": {"no_equality": f.skipped.get("no_equality", 0),
                        "update_rule": f.skipped.get("update_rule", 0)},
            "skipped_equations": [{"line": s.line, "cell": s.cell, "text": s.text, "reason": s.reason,
                                   "kind": s.kind} for s in f.skipped_items],
        } for f in result.files],
        "summary": result.summary,
    }


def _link(link: LinkResult) -> dict[str, Any]:
    return {"line": link.line, "column": link.column, "cell": link.cell, "lhs": link.lhs, "rhs": link.rhs,
            "verdict": link.verdict, "counterexample": link.counterexample, "message": link.message,
            "fix": fix(link),
            "assumptions": list(link.assumptions), "readings": [dict(r) for r in link.readings]}


def github_annotations(result: CheckResult) -> list[str]:
    """One ``::error`` line per link that is not proved."""
    lines = []
    for f in result.files:
        for link in f.problems:
            where = f"cell {link.cell}, line {link.line}: " if link.cell is not None else ""
            change = fix(link)
            message = f"{where}{link.verdict}: {link.lhs} = {link.rhs} -- {link.message}" + (
                f" -- fix: {change}" if change else "")
            column = f",col={link.column}" if link.cell is None else ""
            lines.append(f"::error file={_property(f.file)},line={f.file_line(link)}{column}::{_data(message)}")
    return lines


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")

"""Labels as indices (``a_{y_j}``, the entry of a at the label of example j): no refutation rests on them.

A counterexample chooses the label y_j freely, while the notes' range for the labels (``y \\in \\{1,
\\dots, n\\}``, in prose) is not read: the label it picks may lie outside that range, so a
refutation there is only undecided. A proof holds for every integer label, so it stands.
"""
from __future__ import annotations

import sympy as sp

from ...verdict import REFUTED, UNDECIDED


def label_entries(exprs: list) -> set[str]:
    """The labels used as an index (y[j] in a[y[j]]) anywhere in these expressions."""
    out: set[str] = set()
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        for x in e.atoms(sp.Indexed):
            out |= {str(i) for i in x.indices if i.atoms(sp.Indexed)}
    return out


def label_guard(outcome: dict, exprs: list) -> dict:
    """The outcome, with a refutation that rests on a label as an index made undecided."""
    if outcome["verdict"] != REFUTED:
        return outcome
    labels = label_entries(exprs)
    if not labels:
        return outcome
    return {**outcome, "verdict": UNDECIDED, "counterexample": None,
            "message": f"the label {', '.join(sorted(labels))} is an index here and the notes' range for it "
                       "is not read, so a counterexample may lie outside it; as written it fails: "
                       + outcome["message"].removeprefix("refuted: ")}

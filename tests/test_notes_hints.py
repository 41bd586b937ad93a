"""Issue 12: an unparsed or undecided link says in one line what to change, at its line and column."""
import json
from dataclasses import dataclass

import pytest

from derivations.notes import check_paths, github_annotations, to_json
from derivations.notes.report.hints import GENERAL, fix, what_to_change

from tests.conftest import link_on

UNDEFINED_COST = """# A chain through a cost the notes never write down

$$a = \\sigma(w x)$$

$$\\frac{\\partial C}{\\partial w} = \\frac{\\partial C}{\\partial a} \\frac{\\partial a}{\\partial w}$$
"""

UNKNOWN_COMMAND = """# An operator gradproof does not read

$$u = x \\oslash y$$

$$v = u \\oslash x$$
"""

PROVED = """# A true step

$$\\frac{d}{dx} x^2 = 2x$$
"""


def test_a_chain_through_an_undefined_cost_asks_for_its_definition(checked):
    line = "$$\\frac{\\partial C}{\\partial w} = \\frac{\\partial C}{\\partial a} \\frac{\\partial a}{\\partial w}$$"
    link = link_on(checked(UNDEFINED_COST), UNDEFINED_COST, line)
    assert link.verdict == "undecided"
    assert fix(link).startswith(f"line 5, column {line.index('= ') + 3}: define C with an equation")


def test_an_unknown_command_names_the_command_and_its_column(checked):
    link = checked(UNKNOWN_COMMAND).links[0]
    assert link.verdict == "unparsed"
    column = "$$u = x \\oslash y$$".index("\\oslash") + 1
    assert fix(link).startswith(f"line 3, column {column}: replace \\oslash")


def test_a_proved_link_needs_no_fix(checked):
    link, = checked(PROVED).links
    assert link.verdict == "proved" and fix(link) == ""


@dataclass
class _Link:
    line: int
    column: int
    cell: int | None
    verdict: str
    message: str


def test_a_notebook_position_names_the_cell():
    link = _Link(3, 7, 2, "undecided", "no answer within 3 s (stopped at the hard limit)")
    assert fix(link).startswith("cell 2, line 3, column 7: split this step")


def test_a_refuted_link_gets_no_fix():
    assert fix(_Link(1, 1, None, "refuted", "refuted: at x = 1: left 1, right 2")) == ""


@pytest.mark.parametrize("reason, change", [
    ("C is not defined, so how it depends on z^{L} is unknown", "define C with an equation"),
    ("y is not defined, but Y is (line 4); y is not defined, so how it depends on w is unknown", "write the same name as line 4 (Y)"),
    ("J does not depend on b as the notes define it; the derivative would be 0", "check the definition of J: as written it has no b"),
    ("the notation can be read 2 ways, and the verdicts differ (e as Euler's number: refuted; e as the name: proved)",
     "write the notation so that it has one meaning"),
    ("a is defined at line 3; this line either defines it anew (start a new section or write :=) or claims", "write a := ..."),
    ("subscript 'n_l' is not understood", "write the script 'n_l' as an index or a name"),
    ("unexpected '='", "remove or balance the '='"),
    ("softmax(v) is not known: the notes define softmax on entries of z only", "write softmax of entries of z"),
])
def test_each_kind_of_reason_has_its_own_change(reason, change):
    assert change in fix(_Link(1, 1, None, "undecided", reason))


def test_an_unknown_kind_of_reason_still_gets_a_change():
    assert fix(_Link(1, 1, None, "undecided", "something new went wrong")).endswith(GENERAL)
    assert what_to_change("something new went wrong") == GENERAL


def test_json_and_annotations_carry_the_fix_and_the_column(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(UNKNOWN_COMMAND, encoding="utf-8")
    result = check_paths([str(path)], timeout=10)
    first = to_json(result)["files"][0]["links"][0]
    assert first["fix"].startswith("line 3, column 9: replace \\oslash") and first["column"] >= 1
    json.dumps(first, allow_nan=False)
    annotation = github_annotations(result)[0]
    assert f",col={first['column']}::" in annotation and "fix: line 3, column 9" in annotation

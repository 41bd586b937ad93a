"""Issue 11: a verdict on a person's notes is never wrong, on the adversarial corpus.

One test per expected link of tests/notes_corpus/expected.json (truths from ground_truth.py, SymPy
and mpmath, never gradproof): a true link is never refuted, a false link never proved, a link true
under one reading and false under another neither, and a refutation never rests on a point that
breaks a premise or condition the notes state. The test id names file:line, the link's place
in its line, and the mechanism of the issue it exercises. The comparison is the one
benchmarks/notes_corpus.py prints.
"""
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "notes_corpus"
_spec = importlib.util.spec_from_file_location("notes_corpus_benchmark", ROOT / "benchmarks" / "notes_corpus.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench  # dataclasses look their module up while the class is built
_spec.loader.exec_module(bench)

EXPECTED = bench.load_expected(CORPUS)
CASES = [(file, int(line), k, entry) for file, lines in EXPECTED.items()
         for line, entries in lines.items() for k, entry in enumerate(entries)]


def _id(case):
    file, line, k, entry = case
    return f"{file}:{line}#{k + 1}-mechanism-{entry['mechanism']}-{entry['truth']}"


@pytest.fixture(scope="module")
def rows():
    _, _, rows = bench.run(CORPUS, timeout=3.0, jobs=2)
    return {(r.file, r.line, json.dumps(r.entry, sort_keys=True)): r for r in rows}


def _row(rows, file, line, entry):
    return rows[file, line, json.dumps(entry, sort_keys=True)]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_verdict_is_not_wrong(rows, case):
    file, line, _, entry = case
    row = _row(rows, file, line, entry)
    forbidden = {"true": {"refuted"}, "false": {"proved"}, "ambiguous": {"proved", "refuted"}}[entry["truth"]]
    if row.link is None and entry.get("optional"):
        return  # a definition written in words, read as a definition: nothing to judge
    assert row.link is not None, f"{file}:{line}: no link reported for rhs {entry['rhs']!r}"
    assert row.verdict not in forbidden, (
        f"{file}:{line} (mechanism {entry['mechanism']}): {row.verdict} although the link is "
        f"{entry['truth']} ({entry['why']}); gradproof said: {row.link.message}")
    assert not (row.verdict == "refuted" and bench.outside(entry, row.link) is True), (
        f"{file}:{line} (mechanism {entry['mechanism']}): refuted at a point that breaks what the notes "
        f"state ({entry['refuted_only_where']}); gradproof said: {row.link.message}")


def test_every_expected_link_is_reported(rows):
    missing = [r.where + " " + r.entry["rhs"] for r in rows.values() if r.link is None and not r.entry.get("optional")]
    assert missing == []


def test_corpus_is_large_enough():
    assert len(CASES) >= 100
    assert {str(e["mechanism"]) for _, _, _, e in CASES} >= set(bench.MECHANISMS)


def test_every_problem_says_what_to_change(rows):
    """Each unparsed or undecided link of the corpus gets a change of its own kind, not the general one."""
    from derivations.notes.report.hints import GENERAL, change

    general = sorted({r.link.message for r in rows.values() if r.link is not None
                      and r.link.verdict in ("unparsed", "undecided") and change(r.link)[1] == GENERAL})
    assert general == []

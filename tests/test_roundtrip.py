"""The round trip: ``gradproof show ID --markdown`` read back by ``gradproof check`` proves every step.

The whole catalog is exported into one folder and checked once (in-process, two workers), so the
export and the notes checker are tested against each other: a step the export writes ambiguously, or
a construct the checker misreads, shows up here as a step that is not proved. Mutants: a wrong step,
exported and read back, is never proved.
"""
from __future__ import annotations

import sympy as sp
import pytest

from derivations import as_notes, catalog, report
from derivations.notes import check_paths
from derivations.step import Derivation, Step

IDS = [d.id for d in catalog.all_derivations()]
LINK_TIMEOUT = 30.0  # generous: a link that needs it is slow, not wrong; the verdicts are exact


def _step_lines(markdown: str, d: Derivation) -> list[int]:
    """The line (from 1) of each step's claim in the export."""
    lines = markdown.split("\n")
    return [lines.index(f"   $$ {step.claim} $$") + 1 for step in as_notes.plan(d).steps]


def _read_back(derivations: list[Derivation], folder) -> dict[str, list[tuple[str, str]]]:
    """For each derivation, (verdict, message) of each step as ``gradproof check`` reads the export."""
    paths, lines = {}, {}
    for d in derivations:
        text = report.to_markdown(d)
        path = folder / f"{d.id}.md"
        path.write_text(text)
        paths[d.id], lines[d.id] = str(path), _step_lines(text, d)
    result = check_paths(list(paths.values()), timeout=LINK_TIMEOUT, jobs=2)
    by_file = {f.file: {link.line: (link.verdict, link.message) for link in f.links} for f in result.files}
    return {i: [by_file[paths[i]].get(line, ("missing", "no link on this line")) for line in lines[i]]
            for i in paths}


@pytest.fixture(scope="module")
def read_back(tmp_path_factory):
    return _read_back(list(catalog.all_derivations()), tmp_path_factory.mktemp("roundtrip"))


@pytest.mark.parametrize("derivation_id", IDS)
def test_roundtrip_every_step_proved(read_back, derivation_id):
    not_proved = {k + 1: v for k, v in enumerate(read_back[derivation_id]) if v[0] != "proved"}
    assert not_proved == {}


def test_roundtrip_every_step_has_its_own_link(read_back):
    assert sum(len(v) for v in read_back.values()) == sum(len(d.steps) for d in catalog.all_derivations())


# ---------------------------------------------------------------- mutants

def _mutant(d: Derivation) -> Derivation:
    """``d`` with its first step made wrong: 1 added to the right side (to every entry of a matrix)."""
    step = d.steps[0]
    rhs = step.rhs
    if getattr(rhs, "is_Matrix", False):
        wrong = sp.ImmutableMatrix(rhs.as_explicit()) + sp.ones(*rhs.shape)
    else:
        wrong = rhs + 1
    return Derivation(id=f"{d.id}-mutant", title=d.title, source=d.source, definitions=d.definitions,
                      reparametrise=d.reparametrise, domain=d.domain,
                      steps=(Step(step.lhs, wrong, step.reason, assume=step.assume),))


@pytest.fixture(scope="module")
def mutants_read_back(tmp_path_factory):
    return _read_back([_mutant(d) for d in catalog.all_derivations()], tmp_path_factory.mktemp("mutants"))


@pytest.mark.parametrize("derivation_id", IDS)
def test_roundtrip_wrong_step_not_proved(mutants_read_back, derivation_id):
    assert mutants_read_back[f"{derivation_id}-mutant"][0][0] in ("refuted", "undecided")

"""The notes reader is a pipeline you can see from the folder list: find -> read -> plan -> verify
-> report. A module imports only from its own stage or an earlier one, so no stage depends on a
later one and there is no import circle."""
import ast
from pathlib import Path

import pytest

STAGES = ("find", "read", "plan", "verify", "report")
ROOT = Path(__file__).resolve().parent.parent / "derivations" / "notes"
MODULES = sorted(p for stage in STAGES for p in (ROOT / stage).glob("*.py"))


def _imported_stages(path: Path) -> set[str]:
    """The notes stages a module imports from (relative imports ``..plan.x`` or ``.x``)."""
    stage = path.parent.name
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add(stage)
        elif isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(STAGES)


def test_every_module_sits_in_a_stage():
    assert {p.parent.name for p in ROOT.rglob("*.py") if p.parent != ROOT} == set(STAGES)


@pytest.mark.parametrize("path", MODULES, ids=[f"{p.parent.name}/{p.name}" for p in MODULES])
def test_module_imports_no_later_stage(path):
    own = STAGES.index(path.parent.name)
    assert {s for s in _imported_stages(path) if STAGES.index(s) > own} == set()


def _module_imports(path: Path) -> set[str]:
    """The notes modules a module imports at its top level, as "stage/name"."""
    stage, found = path.parent.name, set()
    for node in ast.parse(path.read_text()).body:
        if not isinstance(node, ast.ImportFrom) or node.level not in (1, 2):
            continue
        where = stage if node.level == 1 else (node.module or "").split(".")[0]
        if node.level == 1 and not node.module:  # from . import a, b
            found |= {f"{stage}/{alias.name}" for alias in node.names}
        elif node.level == 1:
            found.add(f"{stage}/{node.module}")
        elif where in STAGES and "." in (node.module or ""):
            found.add(f"{where}/{node.module.split('.')[1]}")
    return found


def test_no_import_circle():
    graph = {f"{p.parent.name}/{p.stem}": _module_imports(p) for p in MODULES}
    state: dict[str, int] = {}

    def circle_from(node: str) -> bool:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1 or (nxt in graph and state.get(nxt) is None and circle_from(nxt)):
                return True
        state[node] = 2
        return False

    assert [n for n in graph if state.get(n) is None and circle_from(n)] == []

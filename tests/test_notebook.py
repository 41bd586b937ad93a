"""examples/gradproof.ipynb runs (nbclient, ipykernel) and its outputs hold the typeset HTML."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from test_html import Tree

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def outputs():
    notebook = nbformat.read(EXAMPLES / "gradproof.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    return [[o for o in cell.outputs if o.output_type == "execute_result"]
            for cell in notebook.cells if cell.cell_type == "code"]


def html_of(cell_outputs) -> Tree:
    result, = cell_outputs
    return Tree(result["data"]["text/html"])


def test_notebook_derivation_is_typeset(outputs):
    tree = html_of(outputs[0])
    assert tree.named("math") and tree.with_class("step") and not tree.with_class("mark")


def test_notebook_verified_derivation_marks_every_step_proved(outputs):
    tree = html_of(outputs[1])
    steps, marks = tree.with_class("step"), [a["class"].split()[1] for a in tree.with_class("mark")]
    assert marks == ["proved"] * (len(steps) + 1)  # the derivation's own mark, then one per step


def test_notebook_check_text_marks_the_wrong_line(outputs):
    # a = sigma(z): da/dz = a(1 - a) is right, da/dz = a is wrong.
    tree = html_of(outputs[2])
    assert [a["data-verdict"] for a in tree.with_class("link")] == ["proved", "refuted"]


def test_notebook_checks_its_own_cells(outputs):
    # d/dx x^3 = 3x^2 is right; d/dx sin x = -cos x is wrong (it is cos x).
    tree = html_of(outputs[3])
    assert [a["data-verdict"] for a in tree.with_class("link")] == ["proved", "refuted"]
    assert tree.named("math")

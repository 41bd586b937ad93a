"""Check notes from a notebook: a Markdown string (a cell's source) or a notebook file.

Both return a CheckResult, which Jupyter displays as the notes rendered with every link marked
(its ``_repr_html_``). ``gradproof check`` is the same check; this is only the notebook's door.
"""
from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from .notes import CheckResult, check_paths


@dataclasses.dataclass(frozen=True)
class CheckedText(CheckResult):
    """A check of text that is in no file: it keeps the text, to show it around the verdicts."""

    sources: dict[str, str] = dataclasses.field(default_factory=dict)

    def _repr_html_(self) -> str:
        from .html.notes import check_fragment

        return check_fragment(self, self.sources)


def check_text(markdown: str, name: str = "notes.md", timeout: float = 3.0) -> CheckedText:
    """Check every ``=`` of a Markdown string; ``name`` labels it (and its suffix, .md or .tex, says
    how it is read)."""
    with tempfile.TemporaryDirectory(prefix="gradproof-") as folder:
        path = Path(folder) / Path(name).name
        path.write_text(markdown, encoding="utf-8")
        result = check_paths([str(path)], timeout=timeout)
    files = tuple(dataclasses.replace(f, file=name) for f in result.files)
    return CheckedText(files, result.seconds, result.kills, sources={name: markdown})


def check_notebook(path: str, timeout: float = 3.0) -> CheckResult:
    """Check a notebook file's Markdown cells (the saved version of the one being edited, too)."""
    return check_paths([str(path)], timeout=timeout)

"""A pytest plugin: ``pytest --gradproof-notes PATH`` makes every link of the notes a test.

Off unless asked: without ``--gradproof-notes`` it adds nothing. Each notes file becomes a
collector and each ``=`` a test item that passes only when the link is proved, so a project keeps
its own derivations proved in its CI. A file's links are verified together, once, when its first
item runs. Registered through the ``pytest11`` entry point ``gradproof``.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ...options import MAX_JOBS, MAX_TIMEOUT, OptionError, jobs, seconds
from .hints import fix

if TYPE_CHECKING:  # the checker (and SymPy) load only when --gradproof-notes is given
    from ..verify.check import FileResult, LinkResult
    from ..plan.definitions import FilePlan


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gradproof", "check derivations written in notes")
    group.addoption("--gradproof-notes", action="append", default=[], metavar="PATH",
                    help="a Markdown file, notebook or folder whose equalities become tests "
                         "(repeatable); a test fails unless its link is proved")
    group.addoption("--gradproof-timeout", default=3.0, metavar="SECONDS",
                    help=f"time limit per link, more than 0 and at most {MAX_TIMEOUT:g} (default 3)")
    group.addoption("--gradproof-jobs", default=1, metavar="N",
                    help=f"links checked in parallel, 1 to {MAX_JOBS} (default 1)")


def pytest_configure(config: pytest.Config) -> None:
    """Check the options once, as ``gradproof check`` does: a bad value is one usage error."""
    try:
        config.option.gradproof_timeout = seconds(config.getoption("gradproof_timeout"), "--gradproof-timeout")
        config.option.gradproof_jobs = jobs(config.getoption("gradproof_jobs"), "--gradproof-jobs")
    except OptionError as error:
        raise pytest.UsageError(str(error)) from None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    paths = config.getoption("gradproof_notes")
    if not paths:
        return
    from ...errors import GradproofError
    from ..verify.check import plan_paths
    try:
        plans = plan_paths(paths)
    except GradproofError as e:
        raise pytest.UsageError(f"--gradproof-notes: {e}") from None
    for plan in plans:
        collector = NotesFile.from_parent(session, path=Path(plan.notes.path).resolve())
        collector.plan = plan
        items.extend(collector.collect())


class NotesFile(pytest.File):
    """One notes file; its links are checked on first use and the result kept."""

    plan: "FilePlan"
    _result: "FileResult | None" = None

    def collect(self):
        for index, link in enumerate(self.plan.links):
            where = f"cell {link.cell} line {link.line}" if link.cell is not None else f"line {link.line}"
            name = f"{where}: {_short(link.lhs)} = {_short(link.rhs)}"
            yield NotesLink.from_parent(self, name=name, index=index)

    def result(self) -> "FileResult":
        if self._result is None:
            from ..verify.check import run_plans
            config = self.config
            outcome = run_plans([self.plan], timeout=config.getoption("gradproof_timeout"),
                                jobs=config.getoption("gradproof_jobs"))
            self._result = outcome.files[0]
        return self._result


class NotesLinkFailure(Exception):
    """A link that is not proved."""


class NotesLink(pytest.Item):
    def __init__(self, *, index: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index

    def runtest(self) -> None:
        link = self.parent.result().links[self.index]
        if link.verdict != "proved":
            raise NotesLinkFailure(link)

    def repr_failure(self, excinfo, style=None) -> str:
        if isinstance(excinfo.value, NotesLinkFailure):
            link: "LinkResult" = excinfo.value.args[0]
            lines = [f"{link.verdict}: {link.lhs} = {link.rhs}", link.message]
            if fix(link):
                lines.append("fix: " + fix(link))
            if link.counterexample:
                lines.append("counterexample: " + ", ".join(f"{k} = {v}" for k, v in link.counterexample.items()))
            return "\n".join(lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        link = self.parent.plan.links[self.index]
        return self.path, link.line - 1, self.name


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 3] + "..."

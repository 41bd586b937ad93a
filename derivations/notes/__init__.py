"""Check a person's own notes, link by link: find -> read -> plan -> verify -> report (README.md).

The API: ``check_paths`` (verify/check.py) gives a ``CheckResult``; ``to_json`` and
``github_annotations`` (report/report.py) render it.
"""
from .verify.check import CheckResult, DefinitionUsed, FileResult, LinkResult, check_paths, plan_paths, run_plans
from .report.hints import fix
from .report.report import github_annotations, to_json

__all__ = ["CheckResult", "DefinitionUsed", "FileResult", "LinkResult", "check_paths", "plan_paths",
           "run_plans", "fix", "github_annotations", "to_json"]

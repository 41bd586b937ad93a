"""Check a person's own notes: Markdown and notebook mathematics, link by link (see check.py)."""
from .check import CheckResult, DefinitionUsed, FileResult, LinkResult, check_paths, plan_paths, run_plans
from .report import github_annotations, to_json

__all__ = ["CheckResult", "DefinitionUsed", "FileResult", "LinkResult", "check_paths", "plan_paths",
           "run_plans", "github_annotations", "to_json"]

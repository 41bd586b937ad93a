"""HTML: one self-contained page (MathML Core, inline CSS, no script, no network) of derivations,
errata and checked notes, and the same renderings as fragments for Jupyter. Nothing here prints.

A renderer, the last stage of two flows: Derivation -> prove -> DerivationResult -> ``steps``, and
the notes pipeline's CheckResult -> ``notes``. ``printer`` typesets SymPy expressions and ``latex``
the notes' LaTeX, both rebuilt by ``mathml`` from an allowlist; ``page`` is the document around them. The ``write_*`` functions here are what the
command line calls: do the work, render, write the file.
"""
from __future__ import annotations

import os

from .page import check_writable, write

__all__ = ["check_writable", "write_show", "write_errata", "write_check"]


def write_show(path: str, derivations: list, timeout: float | None) -> list:
    """Verify ``derivations`` (both cores for more than one) and write their page with the errata of
    their sources; the results, for the exit code."""
    from ..catalog.errata import ERRATA, check_errata
    from ..prove import verify_all
    from .steps import applies, derivations_page

    jobs = min(2, os.cpu_count() or 1) if len(derivations) > 1 else 1
    results = [result for result, _ in verify_all(derivations, timeout, jobs)]
    wanted = [e for e in ERRATA if any(applies({"source": e.source}, d) for d in derivations)]
    rows = check_errata(timeout=timeout, errata=wanted) if wanted else []
    write(path, derivations_page(list(zip(derivations, results)), rows, ERRATA))
    return results


def write_errata(path: str, rows: list[dict]) -> None:
    from ..catalog.errata import ERRATA
    from .steps import errata_page

    write(path, errata_page(rows, ERRATA))


def write_check(path: str, result) -> None:
    from .notes import check_page

    write(path, check_page(result))

"""Derivations and verdicts as data: the JSON shape, LaTeX and Markdown. Nothing here prints."""
from __future__ import annotations

import json
import math
from typing import Any

import sympy as sp

from .step import Derivation, Step
from .verdict import DerivationResult, PROVED, REFUTED, UNDECIDED


def claim_str(step: Step) -> str:
    """The claim as a SymPy-parsable string ``Eq(lhs, rhs)``."""
    return f"Eq({sp.sstr(step.lhs)}, {sp.sstr(step.rhs)})"


def claim_latex(step: Step) -> str:
    return f"{sp.latex(step.lhs)} = {sp.latex(step.rhs)}"


def claim_pretty(step: Step, width: int | None = None) -> str:
    """Both sides in SymPy's 2-D pretty printer, side by side; when that is wider than ``width``,
    stacked: the left side, then ``= right side`` below; a side still too wide is split at its
    top-level terms (``+ term`` a line), a constant factor is set apart, and a matrix is listed an
    entry a line. A formula is never cut inside a symbol."""
    whole = _pretty(sp.Eq(step.lhs, step.rhs, evaluate=False))
    if width is None or _width(whole) <= width:
        return whole
    if step.is_matrix and isinstance(step.lhs, sp.MatrixBase) and isinstance(step.rhs, sp.MatrixBase) \
            and step.lhs.shape == step.rhs.shape:
        return _entrywise(step, width)
    return "\n".join([_fit(step.lhs, width, ""), _fit(step.rhs, width, "= ")])


def _entrywise(step: Step, width: int) -> str:
    """A matrix claim too wide for the console, one entry a line: ``[r, c]  lhs = rhs``."""
    rows, cols = step.lhs.shape
    out = []
    for r in range(rows):
        for c in range(cols):
            entry = Step(step.lhs[r, c], step.rhs[r, c], step.reason)
            out.append(_prefixed(f"[{r + 1}, {c + 1}]  ", claim_pretty(entry, width - 8)))
    return "\n".join(out)


def _fit(expr: Any, width: int, prefix: str) -> str:
    """``expr`` within ``width`` columns where it can be split without cutting a symbol."""
    picture = _prefixed(prefix, _pretty(expr))
    if _width(picture) <= width:
        return picture
    if isinstance(expr, sp.MatrixBase):
        cells = [_fit(expr[r, c], width - 8, f"[{r + 1}, {c + 1}]  ") for r in range(expr.rows)
                 for c in range(expr.cols)]
        return "\n".join([prefix + f"({expr.rows} x {expr.cols} matrix, by entry)", *cells])
    if isinstance(expr, sp.Add):
        terms = sp.Add.make_args(expr)
        return "\n".join(_fit(t, width, prefix if k == 0 else " " * (len(prefix) - 2) + "+ ")
                         for k, t in enumerate(terms))
    if isinstance(expr, sp.Derivative):
        variables = " ".join(f"∂{_pretty(v)}" + (f"^{n}" if n > 1 else "") for v, n in expr.variable_count)
        return "\n".join([_prefixed(prefix, f"∂/{variables} of"), _fit(expr.expr, width, " " * len(prefix) + "  ")])
    if isinstance(expr, sp.Mul) and any(_width(_pretty(f)) > width // 2 for f in expr.args):
        factors = sp.Mul.make_args(expr)
        return "\n".join(_fit(f, width, prefix if k == 0 else " " * max(len(prefix) - 2, 0) + "· ")
                         for k, f in enumerate(factors))
    if isinstance(expr, sp.Function) and expr.args:
        name = _pretty(expr.func(*[sp.Symbol("·")] * len(expr.args))).split("(")[0]
        pad = " " * (len(prefix) + 2)
        args = [_fit(a, width, pad) + ("," if k < len(expr.args) - 1 else "") for k, a in enumerate(expr.args)]
        return "\n".join([_prefixed(prefix, name + "("), *args, " " * len(prefix) + ")"])
    coefficient, rest = expr.as_coeff_Mul() if isinstance(expr, sp.Mul) else (sp.Integer(1), expr)
    if coefficient != 1 and rest != expr:
        return "\n".join([_prefixed(prefix, _pretty(coefficient) + " ×"), _fit(rest, width, " " * len(prefix))])
    return picture


def _pretty(expr: Any) -> str:
    return sp.pretty(expr, use_unicode=True, wrap_line=False)


def _width(picture: str) -> int:
    return max((len(line) for line in picture.splitlines()), default=0)


def _prefixed(prefix: str, picture: str) -> str:
    """``prefix`` on the baseline row of a 2-D picture (its middle row), blanks on the others."""
    rows = picture.splitlines() or [""]
    middle = (len(rows) - 1) // 2
    return "\n".join((prefix if k == middle else " " * len(prefix)) + row for k, row in enumerate(rows))


def claims(d: Derivation) -> list[tuple[str, str]]:
    """Each step's ``claim`` and ``claim_latex`` for the JSON: the costliest part of ``--json``,
    computed beside the verification on the worker that verified the derivation (``verify_all``'s
    ``extra``), so it runs on both cores."""
    return [(claim_str(step), claim_latex(step)) for step in d.steps]


def step_json(result, claim: tuple[str, str] | None = None) -> dict[str, Any]:
    v = result.verdict
    text, latex = claim or (claim_str(result.step), claim_latex(result.step))
    return {
        "index": result.index,
        "claim": text,
        "claim_latex": latex,
        "reason": result.step.reason,
        "verdict": v.verdict,
        "method": v.method,
        "counterexample": v.counterexample,
        "excluded": list(v.excluded),
        "evidence": v.evidence or None,
        "seconds": round(v.seconds, 4),
    }


def derivation_json(result: DerivationResult, texts: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    d = result.derivation
    texts = texts or [None] * len(result.steps)
    out = {"id": d.id, "title": d.title, "source": d.source, "verdict": result.verdict,
           "seconds": round(result.seconds, 4), "steps": [step_json(s, t) for s, t in zip(result.steps, texts)]}
    out.update(result.extra)
    return out


def summary(results: list[DerivationResult], seconds: float) -> dict[str, Any]:
    """Counts of steps by verdict over all results."""
    verdicts = [s.verdict.verdict for r in results for s in r.steps]
    return {PROVED: verdicts.count(PROVED), REFUTED: verdicts.count(REFUTED),
            UNDECIDED: verdicts.count(UNDECIDED), "seconds": round(seconds, 3)}


def verify_json(results: list[DerivationResult], seconds: float,
                texts: dict[str, list[tuple[str, str]]] | None = None) -> dict[str, Any]:
    """The JSON of ``verify``; ``texts`` maps a derivation id to its ``claims`` when already made."""
    texts = texts or {}
    return {"derivations": [derivation_json(r, texts.get(r.derivation.id)) for r in results],
            "summary": summary(results, seconds)}


def _header_lines(d: Derivation) -> list[tuple[str, str]]:
    rows = [("Source", d.source)]
    if d.definitions:
        rows.append(("Definitions", "; ".join(f"{sp.sstr(k)} = {sp.sstr(v)}" for k, v in d.definitions)))
    rows += [("Domain", text) for text in d.domain]
    if d.convention:
        rows.append(("Convention", d.convention))
    return rows


def to_markdown(d: Derivation, result: DerivationResult | None = None) -> str:
    """The derivation as notes that ``gradproof check`` reads back and proves step by step.

    Generic functions are declared (``<!-- gradproof: function ... -->``), names the steps use are
    defined with ``:=``, and each step's domain is a side condition (``\\quad \\text{for } ...``).
    """
    from . import as_notes  # here: it imports the catalog, which `gradproof check` does not need

    plan = as_notes.plan(d)
    lines = [f"## {d.title} (`{d.id}`)", ""]
    lines += [f"*{k}:* {v}  " for k, v in _header_lines(d)] + [""]
    lines += ["<!-- gradproof: independent -->",
              "*Variables:* every name not defined below is an independent variable.", ""]
    if plan.functions:
        names = ", ".join(f"${f}$" for f in plan.functions)
        lines += [f"<!-- gradproof: function {' '.join(plan.functions)} -->",
                  f"*Functions:* {names}: arbitrary differentiable functions; $\\partial_{{k}} f$ is the "
                  f"partial derivative of $f$ in its k-th argument, $f'$ the derivative of a function of one "
                  f"argument.", ""]
    if plan.definitions:
        lines += ["Definitions:", ""] + [f"$$ {text} $$" for text in plan.definitions] + [""]
    for k, step in enumerate(plan.steps):
        verdict = f" \u2014 **{result.steps[k].verdict.verdict}**" if result else ""
        lines += [f"{k + 1}. {step.reason}{verdict}", ""]
        lines += [f"   $$ {text} $$" for text in step.definitions]
        lines += [f"   $$ {step.claim} $$", ""]
        if step.note:
            lines += [f"   *{step.note}*", ""]
        if step.quote:
            lines += [f"   > notes: `{step.quote}`", ""]
    return "\n".join(lines)


def to_latex(d: Derivation, result: DerivationResult | None = None) -> str:
    lines = [f"% {d.id}: {d.title}", f"% source: {d.source}", r"\begin{align*}"]
    for k, step in enumerate(d.steps):
        verdict = f", {result.steps[k].verdict.verdict}" if result else ""
        end = r" \\" if k < len(d.steps) - 1 else ""
        lines.append(f"  {sp.latex(step.lhs)} &= {sp.latex(step.rhs)} "
                     f"&& \\text{{{_escape(step.reason)}{verdict}}}{end}")
    lines.append(r"\end{align*}")
    return "\n".join(lines)


def _escape(text: str) -> str:
    for char in "\\&%$#_{}":
        text = text.replace(char, "\\" + char)
    return text.replace("^", r"\^{}")


def strict_json(data: Any, indent: int | None = 2) -> str:
    """``data`` as JSON that any strict parser reads: a number that is not finite (NaN, inf) becomes
    null, NumPy scalars become numbers, and ``allow_nan=False`` guards the rest.

    Callers keep NaN out on purpose where it means something (a diverged run is reported as such);
    this is the last guard, so that ``--json`` never prints ``NaN``.
    """
    return json.dumps(_finite(data), indent=indent, allow_nan=False)


def _finite(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _finite(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if hasattr(value, "item") and callable(value.item) and getattr(value, "shape", None) == ():
        value = value.item()  # a NumPy scalar
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value

"""The catalog's report as HTML: a derivation step under step (reason, verdict, method, the notes'
quote), and the errata (the claim as written, refuted; the correction, proved). Nothing prints."""
from __future__ import annotations

from typing import Any, Iterable

import sympy as sp

from .. import report
from ..step import Derivation
from ..verdict import DerivationResult
from .latex import latex_mathml
from .printer import sympy_mathml
from .page import document, escape, fragment, mark


def derivation_section(derivation: Derivation, result: DerivationResult | None = None,
                       errata: Iterable[tuple[int, dict]] = ()) -> str:
    """One derivation: its header, then each step typeset; with a result, each step's verdict.

    ``errata`` are (number, row) pairs of the errata that apply to its source, linked by number
    (``#erratum-N``), so the page that holds this section must hold the errata too.
    """
    d = derivation
    verdict = f" {mark(result.verdict)}" if result else ""
    out = [f'<section class="derivation" id="derivation-{escape(d.id)}">',
           f"<h2>{escape(d.title)} <code>{escape(d.id)}</code>{verdict}</h2>", '<dl class="header">']
    out += [f"<dt>{escape(key)}</dt><dd>{_definitions(d) if key == 'Definitions' else escape(value)}</dd>"
            for key, value in report._header_lines(d)]
    out += ["</dl>", '<ol class="steps">']
    for k, step in enumerate(d.steps, start=1):
        out.append(_step(d.id, k, step, result.steps[k - 1].verdict if result else None))
    out.append("</ol>")
    links = [f'<a href="#erratum-{n}">erratum {n}: {escape(row["source"])}</a>' for n, row in errata]
    if links:
        out.append(f'<p class="errata-links">The notes get this wrong elsewhere: {", ".join(links)}</p>')
    out.append("</section>")
    return "\n".join(out)


def _definitions(d: Derivation) -> str:
    """The header's definitions typeset where both sides are expressions (sigma(z) = 1/(1 + e^-z)),
    as the notes' words where a side is prose ("1 if z > 0, 0 if z < 0")."""
    parts = []
    for name, value in d.definitions:
        if isinstance(name, sp.Basic) and isinstance(value, sp.Basic):
            parts.append(sympy_mathml((name, value), display=False))
        else:
            parts.append(escape(f"{name} = {value}"))
    return "; ".join(parts)


def _step(derivation_id: str, k: int, step, verdict) -> str:
    head = f'<span class="reason">Step {k}.</span> {escape(step.reason)}'
    if verdict:
        head += f' {mark(verdict.verdict)} <span class="method">({escape(verdict.method)})</span>'
    out = [f'<li id="derivation-{escape(derivation_id)}-step-{k}" class="step">', f"<div>{head}</div>",
           sympy_mathml((step.lhs, step.rhs))]
    if step.quote:
        out.append(f'<div class="quote">notes: {typeset_latex(step.quote, display=False)}</div>')
    if verdict and verdict.counterexample:
        out.append(f'<div class="why">counterexample: {escape(_counterexample(verdict.counterexample))}</div>')
    if verdict and verdict.evidence:
        out.append(f'<div class="why">{escape(verdict.evidence)}</div>')
    if verdict and verdict.excluded:
        out.append(f'<div class="why">excluded: {escape(", ".join(verdict.excluded))}</div>')
    out.append("</li>")
    return "\n".join(out)


def _counterexample(found: dict[str, Any]) -> str:
    """"at x = 1/2: left 1/4, right 1/2" from a counterexample map."""
    at = ", ".join(f"{k} = {v}" for k, v in found.items() if k not in ("lhs", "rhs", "entry", "lhs_text", "rhs_text"))
    entry = found.get("entry")
    where = " ".join(part for part in (f"at {at}" if at else "", f"entry {entry}" if entry else "") if part)
    return (f"{where}: " if where else "") + f"left {found.get('lhs')}, right {found.get('rhs')}"


def typeset_latex(tex: str, display: bool = True) -> str:
    """The notes' LaTeX typeset, or its source in ``<code>`` where it cannot be read."""
    math = latex_mathml(tex, display=display)
    return math if math is not None else f'<code class="source">{escape(tex)}</code>'


def errata_section(rows: list[dict], errata: Iterable = ()) -> str:
    """The errata, numbered: the source, the notes' words, the claim refuted, the correction proved.

    ``rows`` are ``check_errata``'s dicts; ``errata`` the ``Erratum`` objects, matched by source and
    quote, whose SymPy claims are typeset (a row without one shows its claim as text).
    """
    errata = list(errata)
    known = {(e.source, e.quote): e for e in errata}
    out = ['<section class="errata" id="errata">', "<h2>Errata of the notes</h2>", '<ul class="steps">']
    for n, row in _numbered(rows, errata):
        erratum = known.get((row["source"], row["quote"]))
        claim = sympy_mathml((erratum.claim_lhs, erratum.claim_rhs)) if erratum \
            else f"<code>{escape(row['claim'])}</code>"
        fix = sympy_mathml((erratum.correction_lhs, erratum.correction_rhs)) if erratum \
            else f"<code>{escape(row['correction'])}</code>"
        out += [f'<li id="erratum-{n}" class="erratum">',
                f'<div class="reason">Erratum {n}. {escape(row["source"])}</div>',
                f'<div class="quote">the notes say: <code class="source">{escape(row["quote"])}</code></div>',
                f"<div>claim {mark(row['claim_verdict'])}</div>", claim]
        if row.get("counterexample"):
            out.append(f'<div class="why">counterexample: {escape(_counterexample(row["counterexample"]))}</div>')
        out += [f"<div>correction {mark(row['correction_verdict'])}</div>", fix,
                f"<div>{escape(row['explanation'])}</div>", "</li>"]
    out += ["</ul>", "</section>"]
    return "\n".join(out)


def _numbered(rows: list[dict], errata: list) -> list[tuple[int, dict]]:
    """Each row with its erratum's number in the whole list (the same on every page)."""
    numbers = {(e.source, e.quote): k for k, e in enumerate(errata, start=1)}
    return [(numbers.get((row["source"], row["quote"]), k), row) for k, row in enumerate(rows, start=1)]


def applies(row: dict, derivation: Derivation) -> bool:
    """An erratum applies to a derivation whose source names the same file and section."""
    file, _, section = row["source"].partition(", ")
    for part in derivation.source.split(";"):
        d_file, _, d_sections = part.strip().partition(", ")
        if d_file[:3] == file[:3] and any(_covers(s.strip(), section.strip()) for s in d_sections.split(",")):
            return True
    return False


def _covers(sections: str, section: str) -> bool:
    """``3.4-3.5`` covers 3.4, 3.5 and ``3.4-3.5``; anything else covers only itself."""
    if sections == section:
        return True
    start, dash, end = sections.partition("-")
    try:
        return bool(dash) and float(start) <= float(section) <= float(end)
    except ValueError:
        return False


def derivations_page(items: list[tuple[Derivation, DerivationResult | None]], rows: list[dict] | None = None,
                     errata: Iterable = ()) -> str:
    """A page of derivations (``show ID`` or ``show --all``), and the errata of their sources."""
    rows = rows or []
    numbered = _numbered(rows, list(errata))
    sections, shown = [], set()
    for d, result in items:
        mine = [(n, row) for n, row in numbered if applies(row, d)]
        shown.update(n for n, _ in mine)
        sections.append(derivation_section(d, result, mine))
    title = items[0][0].title if len(items) == 1 else "gradproof: the derivations of the notes"
    body = [f"<h1>{escape(title)}</h1>", _contents(items)] if len(items) > 1 else []
    body += sections
    if rows and shown:
        body.append(errata_section(rows, errata))
    return document(title, "\n".join(body))


def _contents(items) -> str:
    entries = "".join(f'<li><a href="#derivation-{escape(d.id)}">{escape(d.title)}</a>'
                      + (f" {mark(r.verdict)}" if r else "") + "</li>" for d, r in items)
    return f'<nav class="summary"><ol>{entries}</ol></nav>'


def errata_page(rows: list[dict], errata: Iterable = ()) -> str:
    return document("gradproof: errata of the notes", errata_section(rows, errata))


def derivation_fragment(derivation: Derivation, result: DerivationResult | None = None) -> str:
    """For Jupyter: one derivation (with its verdicts when given a result)."""
    return fragment(derivation_section(derivation, result))


def errata_fragment(rows: list[dict], errata: Iterable = ()) -> str:
    return fragment(errata_section(rows, errata))

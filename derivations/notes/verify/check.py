"""Check a person's notes: every ``=`` proved, refuted with a counterexample, or left undecided.

API for the CLI (``gradproof check PATH... [--json | --format text|json|github] [--quiet]
[--timeout SECONDS] [-j N]``)::

    from derivations.notes import check_paths, to_json, github_annotations
    result = check_paths(["notes.md", "folder/"], timeout=3.0, jobs=1)   # CheckResult
    result.exit_code          # 0 every checked link proved, 1 otherwise
    result.summary            # {"proved": n, "refuted": n, "undecided": n, "unparsed": n}
    to_json(result)           # the issue's JSON dict (report.py)
    github_annotations(result)  # ["::error file=F,line=L::message", ...] (report.py)

``check_paths`` is ``run_plans(plan_paths(paths), timeout, jobs)``: ``plan_paths`` scans and parses
(fast, no verification; the pytest plugin collects from it), ``run_plans`` verifies.
``check_paths`` raises ``GradproofError`` (one line: file, and line/column where relevant) for a
missing or unreadable path, a file that is not UTF-8 text, an invalid notebook, no mathematics in
any of the paths, ``timeout <= 0`` or ``jobs < 1``. Everything wrong *inside* the mathematics is a
link verdict instead (``unparsed`` with line, column and reason), and the rest is still checked.

Results, all frozen dataclasses:
- ``CheckResult``: ``files`` (tuple of FileResult), ``seconds``, ``summary``, ``exit_code``,
  ``ok``, ``kills`` (workers killed at the hard limit).
- ``FileResult``: ``file`` (path as given), ``links``, ``definitions`` (those some verdict relied
  on), ``skipped`` ({"no_equality": n, "update_rule": n}), ``counts``, ``problems`` (links that are
  not proved, for a report that shows problems first), ``file_line(link)`` for annotations.
- ``LinkResult``: ``line``, ``column`` (of the right-hand side), ``cell`` (notebooks, from 1;
  None in Markdown), ``lhs``, ``rhs`` (as written), ``verdict`` (proved/refuted/undecided/
  unparsed), ``counterexample`` (dict or None), ``message``, ``excluded`` (points excluded from a
  proof), ``method``, ``definitions`` (names it relied on), ``seconds``.
- ``DefinitionUsed``: ``name``, ``expr`` (as written), ``line``, ``cell``.

Time: each link gets ``timeout`` seconds, enforced by SIGALRM inside a persistent worker process
and, as a hard limit that holds inside C code too, by killing the worker (worker.py). ``jobs``
workers check links in parallel. Library code never prints.
"""
from __future__ import annotations

import re

import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import sympy as sp
from sympy.core.function import AppliedUndef

from ...errors import GradproofError
from ..plan.definitions import Definition, FilePlan, Link, Skipped, plan_file
from ..plan.domain import Domain, domain
from ...verdict import REFUTED, UNDECIDED
from .labels import label_guard
from .expand import UNPARSED, LinkTask, is_family
from .family_calls import stated_ranges
from .indices import free_in
from .link import run_link
from .lookalike import name_root
from .layers import Layers
from .readings import assignments, combine, describe, too_many
from .restated import earlier_statements
from .identity import identity_only
from ..find.scan import expand_paths, scan_file
from .worker import Pool

VERDICTS = ("proved", "refuted", "undecided", "unparsed")


@dataclass(frozen=True)
class LinkResult:
    line: int
    column: int
    cell: int | None
    lhs: str
    rhs: str
    verdict: str
    message: str
    counterexample: dict[str, Any] | None = None
    excluded: tuple[str, ...] = ()
    method: str = ""
    definitions: tuple[str, ...] = ()
    seconds: float = 0.0
    assumptions: tuple[str, ...] = ()  # what the verdict rests on: definitions, conditions, premises
    readings: tuple[dict[str, str], ...] = ()  # {"reading", "verdict"} per reading of an ambiguity


@dataclass(frozen=True)
class DefinitionUsed:
    name: str
    expr: str
    line: int
    cell: int | None = None


@dataclass(frozen=True)
class FileResult:
    file: str
    links: tuple[LinkResult, ...]
    definitions: tuple[DefinitionUsed, ...]
    skipped: dict[str, int]
    cell_lines: dict[int, int] = field(default_factory=dict)
    skipped_items: tuple[Skipped, ...] = ()  # every equation that gets no verdict, with line and reason

    @property
    def counts(self) -> dict[str, int]:
        return {v: sum(link.verdict == v for link in self.links) for v in VERDICTS}

    @property
    def problems(self) -> tuple[LinkResult, ...]:
        return tuple(link for link in self.links if link.verdict != "proved")

    def file_line(self, link: LinkResult) -> int:
        """The line in the file itself; for a notebook, the line of its JSON text."""
        if link.cell is None:
            return link.line
        return self.cell_lines.get(link.cell, 1) + link.line - 1


@dataclass(frozen=True)
class CheckResult:
    files: tuple[FileResult, ...]
    seconds: float = 0.0
    kills: int = 0

    def _repr_html_(self) -> str:
        """Jupyter shows the notes rendered, each link marked (derivations/html/notes.py)."""
        from ...html.notes import check_fragment

        return check_fragment(self)

    @property
    def summary(self) -> dict[str, int]:
        return {v: sum(f.counts[v] for f in self.files) for v in VERDICTS}

    @property
    def ok(self) -> bool:
        return all(link.verdict == "proved" for f in self.files for link in f.links)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


# ---------------------------------------------------------------- the API
def check_paths(paths: list[str], timeout: float = 3.0, jobs: int = 1,
                progress: Callable[[int, int], None] | None = None) -> CheckResult:
    """Check every link of every notes file under ``paths``; see the module docstring.
    ``progress(done, total)`` is told of each verification as it ends (the CLI's bar)."""
    _validate(timeout, jobs)
    return run_plans(plan_paths(paths), timeout=timeout, jobs=jobs, progress=progress)


def plan_paths(paths: list[str]) -> list[FilePlan]:
    """Scan and parse the files (fast, no verification); GradproofError for unusable input."""
    if not paths:
        raise GradproofError("no path given: name a notes file or folder")
    notes = [scan_file(path) for path in expand_paths([str(p) for p in paths])]
    if not any(n.blocks for n in notes):
        raise GradproofError(f"{', '.join(map(str, paths))}: no mathematics found (looked for $$...$$, "
                             f"\\[...\\], equation environments and $...$)")
    return [plan_file(n) for n in notes]


def run_plans(plans: list[FilePlan], timeout: float = 3.0, jobs: int = 1,
              progress: Callable[[int, int], None] | None = None) -> CheckResult:
    """Verify the planned links, ``jobs`` at a time, each within ``timeout`` seconds.

    A link read through an ambiguous construct is verified under every reading (readings.py),
    each in a plan of its file made under that reading.
    """
    _validate(timeout, jobs)
    start = time.perf_counter()
    tasks, where, reach, ready, readings = [], [], {}, {}, {}
    variants: dict[tuple, FilePlan] = {}
    whole_file: dict[int, tuple[bool, dict]] = {}  # id(plan) -> _file_facts(plan), while the plans live
    for f, plan in enumerate(plans):
        roots, heads = _definition_roots(plan), _unread_heads(plan)
        for k, link in enumerate(plan.links):
            if link.error is not None:
                continue
            reach[f, k] = _reachable_for(plan, link)
            twice = _two_meanings(plan, link, reach[f, k])
            if twice:
                ready[f, k] = {"verdict": UNDECIDED, "message": twice, "used": [], "counterexample": None}
                continue
            keys = link.ambiguities.union(*[d.ambiguities for d in reach[f, k]]) | scope_keys(plan, link)
            choices = assignments(keys) if keys else [{}]
            if choices is None:
                ready[f, k] = too_many(keys)
                continue
            readings[f, k] = choices
            for n, choice in enumerate(choices):
                variant = plan if n == 0 else variants.setdefault((f, *sorted(choice.items())),
                                                                  plan_file(plan.notes, choice))
                same = link if n == 0 else next((x for x in variant.links if x.key == link.key), None)
                if same is None or same.error is not None:
                    ready[f, k, n] = {"verdict": UNPARSED, "message": same.error if same else
                                      "this reading gives no such link"}
                    continue
                reachable = reach[f, k] if n == 0 else _reachable_for(variant, same)
                facts = whole_file.get(id(variant)) or whole_file.setdefault(id(variant), _file_facts(variant))
                tasks.append(_task(variant, same, timeout, reachable, _definition_roots(variant) if n else roots,
                                   _unread_heads(variant) if n else heads, facts))
                where.append((f, k, n))
    outcomes: dict[tuple, dict] = dict(ready)
    kills = 0
    if tasks:
        with Pool(run_link, jobs=min(jobs, len(tasks))) as pool:
            sections = [(f, plans[f].links[k].section) for f, k, _ in where]  # one worker warms each section
            for done, (place, outcome) in enumerate(zip(where, pool.map(tasks, timeout, _hard_timeout, sections)), 1):
                outcomes[place] = outcome
                if progress is not None:
                    progress(done, len(tasks))
            kills = pool.kills
    files = tuple(_file_result(plan, _per_link(plan, n, outcomes, readings), {k: r for (f, k), r in reach.items()
                                                                               if f == n})
                  for n, plan in enumerate(plans))
    return CheckResult(files, time.perf_counter() - start, kills)


def _reachable_for(plan: FilePlan, link: Link) -> list[Definition]:
    """The definitions the link reaches, and those an earlier statement of a restated name reaches
    (restated.py)."""
    in_force = plan.in_force(link.order, link.section, link.shadows, link.block)
    reach = _reachable(in_force, [link.lhs_value, link.rhs_value])
    earlier = earlier_statements(plan, link, reach)
    if not earlier:
        return reach
    return _reachable(in_force, [link.lhs_value, link.rhs_value, *[d.expr for d in earlier.values()]])


def _per_link(plan: FilePlan, f: int, outcomes: dict, readings: dict) -> dict[int, dict]:
    """Each link's outcome; under several readings, their combination."""
    out = {}
    for k in range(len(plan.links)):
        if (f, k) in outcomes:  # unparsed, or more readings than the cap
            out[k] = outcomes[f, k]
        elif (f, k) in readings:
            choices = readings[f, k]
            per_reading = [(describe(choice), outcomes[f, k, n]) for n, choice in enumerate(choices)]
            out[k] = per_reading[0][1] if choices == [{}] else combine(per_reading)
    return out


def _validate(timeout: float, jobs: int) -> None:
    if not timeout or timeout <= 0:
        raise GradproofError(f"--timeout must be a positive number of seconds, not {timeout}")
    if not isinstance(jobs, int) or jobs < 1:
        raise GradproofError(f"-j must be a whole number of at least 1, not {jobs}")


def _hard_timeout(timeout: float) -> dict:
    return {"verdict": "undecided", "message": f"no answer within {timeout:g} s (stopped at the hard limit)",
            "used": [], "counterexample": None, "excluded": (), "method": "", "seconds": timeout}


# ---------------------------------------------------------------- tasks and results
def _file_facts(plan: FilePlan) -> tuple[bool, dict]:
    """What every link of a plan shares (identity.py, family_calls.py): made once per plan, not once
    per link, since each walks the whole file (a 332-link file spent most of its check here)."""
    return identity_only(plan), _family_ranges(plan)


def _task(plan: FilePlan, link: Link, timeout: float, reachable: list, roots: dict, heads: dict,
          facts: tuple[bool, dict]) -> LinkTask:
    where = _domain(plan, link, reachable)
    unread = _unread_definition(heads, link) or _local_elsewhere(plan, link, reachable)
    return LinkTask(link.lhs_value, link.rhs_value, reachable, where.subs, where.understood, timeout,
                    link.restates, _lookalikes(link, roots, reachable), dict(plan.names.matrices),
                    plan.names.independent, where.distinct, unread, earlier_statements(plan, link, reachable),
                    *facts)


def _family_ranges(plan: FilePlan) -> dict:
    """The ranges the file sums each family over (family_calls.py), from every value it reads."""
    values = [d.expr for d in plan.definitions] + [v for x in plan.links for v in (x.lhs_value, x.rhs_value)]
    return stated_ranges(values)


_HEAD = re.compile(r"^\s*(\\(?:mathbf|boldsymbol|vec|bm|pmb)\{[A-Za-z]\}|\\[A-Za-z]+|[A-Za-z])")  # \mathbf{w}: one name


def _unread_heads(plan: FilePlan) -> dict[str, int]:
    """The name each unreadable equation of the file starts with, and its line (once per plan)."""
    heads = {m.group(1): other.line for other in plan.links if other.error is not None
             and (m := _HEAD.match(other.lhs or ""))}
    heads.update({m.group(1): item.line for item in plan.skipped_items
                  if item.reason.startswith("inline math") and (m := _HEAD.match(item.text or ""))})
    heads.update({_CASED + m.group(1): item.line for item in plan.skipped_items  # a single letter too:
                  if item.reason.startswith("inline math stated for a case")  # "$H(x) = 1$ if $x > 0$"
                  and (m := _HEAD.match(item.text or ""))})
    return heads


_CASED = "cased:"  # marks a head that inline math states in a case


def _unread_definition(heads: dict[str, int], link: Link) -> str | None:
    """A name of the link that an unreadable equation of the file starts with (``\\sigma(\\mathbf{z})_i
    = ...`` not read, then ``\\sigma_i`` used): it may be defined there, so no refutation rests on
    treating it as a free variable."""
    for name in sorted(map(str, _keys_in(link.lhs_value) | _keys_in(link.rhs_value))):
        head = _HEAD.match(name.removeprefix("('fn', '"))
        if head and head.group(1) in heads and len(head.group(1)) > 1:
            return f"{head.group(1)} may be defined at line {heads[head.group(1)]}, which was not read"
        if head and _CASED + head.group(1) in heads and head.group(0) == name.removeprefix("('fn', '")[:len(
                head.group(0))] and _whole_name(name, head.group(1)):
            return (f"{head.group(1)} is stated in the prose at line {heads[_CASED + head.group(1)]} only in "
                    f"cases (not read as a definition)")
    return None


def _whole_name(name: str, head: str) -> bool:
    """The key is the name itself (``H``, ``H(...)``), not a longer name starting with its letter."""
    rest = name.removeprefix("('fn', '")[len(head):]
    return rest == "" or rest[0] in "'([_^"


def _two_meanings(plan: FilePlan, link: Link, reachable: list) -> str | None:
    """A name the link reads through a definition of the file that a ``\\text{Let}`` row of another
    display also defines (y := \\log_e x in an aside, y = 0 in a worked example): the readings differ,
    so no verdict."""
    local = {d.key: d for d in plan.definitions if d.block is not None and d.block != link.block}
    for d in reachable:
        if d.key in local and d.block is None:
            other = local[d.key]
            return (f"{d.name} has two meanings here: {other.name} := {other.text} by \\text{{Let}} at line "
                    f"{other.line} (for that display) and {d.name} := {d.text} at line {d.line}")
    return None


def _local_elsewhere(plan: FilePlan, link: Link, reachable: list) -> str | None:
    """A name of the link that a ``\\text{Let}`` row of another display defines for that display
    only: the notes may still mean it here, so no refutation treats it as a free variable."""
    local = {d.key: d for d in plan.definitions if d.block is not None and d.block != link.block}
    if not local:
        return None
    used = set().union(*[_keys_in(x) for x in [link.lhs_value, link.rhs_value, *[d.expr for d in reachable]]])
    found = sorted((local[k] for k in used if k in local), key=lambda d: d.order)
    return f"{found[0].name} is defined by \\text{{Let}} at line {found[0].line} for that display only" if found \
        else None


def _domain(plan: FilePlan, link: Link, reachable: list) -> Domain:
    """The link's side conditions and premises, and those stated in the prose before it.

    A prose ``$k \\ne i$`` whose scope the notes leave open (the section also has case headings
    over the link's indices) is read both ways (``scope_keys``): holding for this link (checked in
    the halves k < i and k > i) or not (checked everywhere); a verdict stands only where both agree.
    Other case headings of the section only forbid a refutation (which case a line is for, the
    notes do not say)."""
    defined = frozenset(d.key for d in reachable)
    cases = _section_cases(plan, link)
    prose = _prose_pair(plan, link)
    scoped = bool(cases) and prose is not None
    if scoped and prose[2]:
        cases, scoped = [], False  # right below its statement: certainly in its scope
    where = domain(link.conditions, link.premises, plan.names, defined,
                   plan.prose_premises(link.order, link.section), [] if scoped else cases)
    if prose is None or (cases and not scoped) or (link.conditions or link.premises or where.distinct):
        return where
    pair, words, _ = prose
    if {str(old) for old, _ in where.subs} & {str(x) for x in pair}:
        return where  # the link's own clauses fix one of the two indices
    if scoped and plan.names.choices.get(("scope", words), "in") == "out":
        return where
    return replace(where, distinct=(pair,), assumptions=where.assumptions + (words,))


def scope_keys(plan: FilePlan, link: Link) -> frozenset:
    """The reading key of a prose inequality whose scope is open for this link (see _domain)."""
    prose = _prose_pair(plan, link)
    if prose is None or prose[2] or not _section_cases(plan, link) or link.conditions or link.premises:
        return frozenset()
    return frozenset({("scope", prose[1])})


def _section_cases(plan: FilePlan, link: Link) -> list[str]:
    """Case headings of the link's section over indices it holds, unless its own case is given."""
    free = free_in(link.lhs_value) | free_in(link.rhs_value)
    headed = any(id(c) in plan.headed for c in link.conditions)  # its own case is stated right above it
    return [text for section, text, indices in plan.cases if section == link.section and indices <= free
            and not headed]


def _prose_pair(plan: FilePlan, link: Link) -> tuple[tuple, str, bool] | None:
    """A prose ``$k \\ne i$`` in force for this link (both indices on its sides): the pair as the
    link's symbols, the words of the assumption, and whether the link sits right below it (at most
    three lines further: "When $k \\ne i$:" then the display), where its scope is certain."""
    symbols = {str(s): s for side in (link.lhs_value, link.rhs_value) for s in free_in(side)}
    for (a, b), line in plan.prose_distinct(link.order, link.section):
        if str(a) in symbols and str(b) in symbols:
            pair = (symbols[str(a)], symbols[str(b)])
            return pair, f"{a} \\ne {b} (stated in the prose, line {line})", 0 < link.line - line <= 3
    return None


def _definition_roots(plan: FilePlan) -> dict[str, Definition]:
    """Each defined name by its root (lowercase, bold and vector marks removed)."""
    roots: dict[str, Definition] = {}
    for d in plan.definitions:
        if not isinstance(d.key, tuple) and d.block is None:  # a \\text{Let} of one block is no twin elsewhere
            roots.setdefault(name_root(d.key), d)
    return roots


def _lookalikes(link: Link, roots: dict[str, Definition], reachable: list = ()) -> str | None:
    """Undefined names of the link that look like defined ones (v and V, w_2 and W_2); a name the
    link reaches a definition of (the family a_i beside a scalar a) is defined."""
    defined = {d.key for d in roots.values()} | {d.key for d in reachable}
    families = {str(k.base.label) for k in defined if is_family(k)}
    found = []
    for name in sorted(_keys_in(link.lhs_value) | _keys_in(link.rhs_value), key=str):
        if isinstance(name, tuple) or getattr(name, "is_integer", False) or name in defined:
            continue
        if str(name.base.label if isinstance(name, sp.Indexed) else name) in families:
            continue  # a_k, an entry of the family a_j
        twin = roots.get(name_root(name))
        if twin is not None and twin.key != name:
            found.append(f"{name} is not defined, but {twin.name} is (line {twin.line})")
    return "; ".join(found) or None


def _keys_in(expr: sp.Basic) -> set:
    if isinstance(expr, sp.MatrixBase):
        return set().union(*[_keys_in(e) for e in expr]) if len(expr) else set()
    keys = set(expr.free_symbols) | set(expr.atoms(sp.Indexed))
    calls = {c.func.__name__ for c in expr.atoms(AppliedUndef)}
    return keys | {("fn", name.removesuffix("^{-1}")) for name in calls} | {("fn", name) for name in calls}


def _reachable(in_force: dict, exprs: list) -> list[Definition]:
    """The definitions a link can reach through names, in a stable order; an entry a_k reaches
    the definition of its family a_j."""
    families = {k.base: k for k in in_force if is_family(k)}
    seen, todo = {}, set().union(*[_keys_in(e) for e in exprs])
    layers = Layers(list(in_force.values()))
    while todo:
        key = todo.pop()
        if key not in in_force and isinstance(key, sp.Indexed) and key.base in families:
            key = families[key.base]
        served = layers.serving(key.base if isinstance(key, sp.Indexed) else key) \
            if key not in in_force and isinstance(key, (sp.Symbol, sp.Indexed)) else None
        if served and served[0].key not in seen:  # a^{L} from a^{l} := ... (layers.py)
            seen[served[0].key] = served[0]
            todo |= _keys_in(served[0].expr.xreplace(served[1])) | _keys_in(served[0].expr)
            todo |= {d.key for d in Layers.relatives(served[0].key, list(in_force.values()))}
        if key in in_force and key not in seen:
            seen[key] = in_force[key]
            todo |= _keys_in(in_force[key].expr)
    return sorted(seen.values(), key=lambda d: d.order)


def _file_result(plan: FilePlan, outcomes: dict[int, dict], reach: dict[int, list]) -> FileResult:
    links, used = [], {}
    for k, link in enumerate(plan.links):
        if link.error is not None:
            links.append(LinkResult(link.line, link.column, link.cell, link.lhs, link.rhs, UNPARSED,
                                    link.error))
            continue
        outcome = _as_premise(outcomes[k]) if link.premise else outcomes[k]
        reachable = reach[k]
        outcome = label_guard(outcome, [link.lhs_value, link.rhs_value] + [d.expr for d in reachable])
        relied = [reachable[i] for i in outcome.get("used", []) if i < len(reachable)]
        for d in relied:
            used[id(d)] = d
        where = _domain(plan, link, reachable)
        words = "; ".join(where.assumptions)
        message = outcome["message"] + (f"; assuming {words}" if words and outcome["verdict"] != UNPARSED else "")
        links.append(LinkResult(link.line, link.column, link.cell, link.lhs, link.rhs, outcome["verdict"],
                                message, outcome.get("counterexample"), tuple(outcome.get("excluded", ())),
                                outcome.get("method", ""), tuple(d.name for d in relied),
                                outcome.get("seconds", 0.0), _assumptions(link, relied, where, outcome),
                                tuple(outcome.get("readings", ()))))
    definitions = tuple(DefinitionUsed(d.name, d.text, d.line, d.cell)
                        for d in sorted(used.values(), key=lambda d: d.order))
    return FileResult(plan.notes.path, tuple(links), definitions, dict(plan.skipped),
                      dict(plan.notes.cell_lines), tuple(plan.skipped_items))


def _as_premise(outcome: dict) -> dict:
    """An equation stated after \\because is assumed there: proved if it is an identity, otherwise
    undecided (a premise such as t_1 + t_2 = 1 holds where the notes say, not everywhere)."""
    if outcome["verdict"] != REFUTED:
        return outcome
    return {**outcome, "verdict": UNDECIDED, "counterexample": None,
            "message": "stated as a premise (after \\because), so assumed where it is used, not refuted; "
                       "as an identity it fails: " + outcome["message"].removeprefix("refuted: ")}


def _assumptions(link: Link, relied: list[Definition], where: Domain, outcome: dict) -> tuple[str, ...]:
    """Everything a verdict rests on, as words: definitions, conditions, premises, prose, ranges."""
    out = [f"{d.name} := {d.text} (line {d.line})" for d in relied]
    out += list(where.assumptions)
    out += [f"'{w}' read as prose, not as a factor" if not w.startswith("\\") else f"{w} read as a comment"
            for w in link.prose]
    out += list(outcome.get("assumptions", ()))
    return tuple(out)

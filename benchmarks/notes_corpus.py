"""How often ``gradproof check`` is wrong on the adversarial notes corpus (issue 11).

Runs ``derivations.notes.check_paths`` on FOLDER (default tests/notes_corpus) and compares each
link's verdict with FOLDER/expected.json, whose truths come from tests/notes_corpus/ground_truth.py
(SymPy and mpmath, never gradproof). For each mechanism of the issue (1-8, "baseline") and in total
it prints how many expected links got

- right: the verdict a sound and complete reader gives ("expected");
- allowed: undecided (or refuted for a false link, proved for a true one) where another verdict was
  expected, and never wrong;
- unparsed: the reader refused the line;
- wrong: a true link refuted, a false link proved, an ambiguous link decided, or an expected link
  missing from the report (an "optional" entry, a definition written in words, may be missing);

then lists every wrong verdict with file:line, what gradproof said and why it is wrong.

    python benchmarks/notes_corpus.py [FOLDER] [--timeout 3] [-j 1]

A refutation of a false link is also wrong when its counterexample breaks a premise or condition
of the notes (the entry's "refuted_only_where", checked on the reported names).

Matching: the links of one line are told apart by their right-hand side as written (whitespace
and layout ignored), else by their order in the line.
"""
from __future__ import annotations

import argparse
import ast
import json
import operator
import re
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "notes_corpus"
KINDS = ("right", "allowed", "unparsed", "wrong")
MECHANISMS = ("1", "2", "3", "4", "5", "6", "7", "8", "baseline")
NAMES = {"1": "kinks and boundaries", "2": "side conditions and premises", "3": "numbers are examples",
         "4": "definitions", "5": "matrices", "6": "ambiguous notation", "7": "indices",
         "8": "real values only", "baseline": "ordinary backprop"}


@dataclass
class Row:
    file: str
    line: int
    entry: dict          # from expected.json
    link: object | None  # the LinkResult, or None when missing

    @property
    def mechanism(self) -> str:
        return str(self.entry["mechanism"])

    @property
    def verdict(self) -> str:
        return "missing" if self.link is None else self.link.verdict

    @property
    def kind(self) -> str:
        kind = judge(self.entry, self.verdict)
        if self.verdict == "refuted" and outside(self.entry, self.link) is True:
            return "wrong"
        return kind

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def judge(entry: dict, verdict: str) -> str:
    """right / allowed / unparsed / wrong for one expected link and the verdict it got."""
    if verdict == "missing":
        return "right" if entry.get("optional") else "wrong"
    forbidden = {"true": {"refuted"}, "false": {"proved"}, "ambiguous": {"proved", "refuted"}}[entry["truth"]]
    if verdict in forbidden:
        return "wrong"
    if verdict == entry["expected"]:
        return "right"
    return "unparsed" if verdict == "unparsed" else "allowed"


def outside(entry: dict, link) -> bool | None:
    """Whether a counterexample breaks what the notes state (entry["refuted_only_where"], a condition
    written in ground_truth.py over the counterexample's names, read by ``_holds``; ``cx`` is the
    whole dict).
    None when there is nothing to check or a name it needs is not reported."""
    condition = entry.get("refuted_only_where")
    if not condition or link is None or not link.counterexample:
        return None
    names = {}
    for key, value in link.counterexample.items():
        if key.isidentifier():
            try:
                names[key] = Fraction(str(value))
            except (ValueError, ZeroDivisionError):
                pass
    try:
        return not _holds(ast.parse(condition, mode="eval").body, {**names, "cx": link.counterexample})
    except NameError:
        return None


_COMPARE = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
            ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.In: lambda a, b: a in b,
            ast.NotIn: lambda a, b: a not in b}
_ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}


def _holds(node: ast.AST, names: dict):
    """The value of a condition of expected.json (names, numbers, strings, + - *, comparisons,
    ``and``): read, never executed; any other construct is refused."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise NameError(node.id)
        return names[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_holds(node.operand, names)
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        return _ARITHMETIC[type(node.op)](_holds(node.left, names), _holds(node.right, names))
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return all(_holds(v, names) for v in node.values)
    if isinstance(node, ast.Compare):
        values = [_holds(node.left, names)] + [_holds(c, names) for c in node.comparators]
        return all(_COMPARE[type(op)](a, b) for op, a, b in zip(node.ops, values, values[1:]))
    raise ValueError(f"a construct the corpus conditions do not use: {ast.dump(node)[:60]}")


def wrong_reason(row: Row) -> str:
    if row.link is None:
        return "no link reported on this line for this right-hand side (skipped or merged)"
    if row.verdict == "refuted" and row.entry["truth"] == "false":
        return f"refuted at a point outside what the notes state ({row.entry['refuted_only_where']})"
    return {("true", "refuted"): "a true link refuted", ("false", "proved"): "a false link proved",
            ("ambiguous", "proved"): "an ambiguous link proved",
            ("ambiguous", "refuted"): "an ambiguous link refuted"}[row.entry["truth"], row.verdict]


def load_expected(folder: Path) -> dict[str, dict[str, list[dict]]]:
    data = json.loads((folder / "expected.json").read_text())
    return {k: v for k, v in data.items() if not k.startswith("_")}


_LAYOUT = re.compile(r"\\(quad|qquad|,|;|!|:)|&|\$|\s|\\\\$|[.,]$")


def norm(tex: str) -> str:
    """The rhs without layout: spaces, \\quad, \\, and friends, &, $, a trailing \\\\ . or ,."""
    previous = None
    while previous != tex:
        previous, tex = tex, _LAYOUT.sub("", tex.strip())
    return tex


def _same(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return bool(a) and bool(b) and (a == b or a.startswith(b) or b.startswith(a))


def match(expected: dict, result, folder: Path) -> list[Row]:
    """One Row per expected link, paired with the reported link of its line and right-hand side."""
    by_file = {}
    for f in result.files:
        path = Path(f.file)
        try:
            key = str(path.resolve().relative_to(folder.resolve()))
        except ValueError:
            key = path.name
        by_file[key] = f
    rows = []
    for file, lines in expected.items():
        links = by_file[file].links if file in by_file else ()
        for line, entries in lines.items():
            here = sorted((lk for lk in links if lk.line == int(line)), key=lambda lk: lk.column)
            paired: list[object | None] = [None] * len(entries)
            free = list(here)
            for k, entry in enumerate(entries):          # by right-hand side
                hit = next((lk for lk in free if _same(lk.rhs, entry["rhs"])), None)
                if hit is not None:
                    paired[k] = hit
                    free.remove(hit)
            for k, entry in enumerate(entries):          # then by order in the line
                if paired[k] is None and free:
                    paired[k] = free.pop(0)
            rows += [Row(file, int(line), entry, lk) for entry, lk in zip(entries, paired)]
    return rows


def unlisted(expected: dict, result, rows: list[Row]) -> list[tuple[str, object]]:
    """Links gradproof reported that no expectation covers (definitions read as claims, lines left
    out for uncertainty): shown for information, never counted as wrong."""
    used = {id(r.link) for r in rows if r.link is not None}
    return [(Path(f.file).name, lk) for f in result.files for lk in f.links if id(lk) not in used]


def tally(rows: list[Row]) -> dict[str, dict[str, int]]:
    table = {m: dict.fromkeys(("links",) + KINDS, 0) for m in MECHANISMS + ("total",)}
    for row in rows:
        for m in (row.mechanism, "total"):
            table[m]["links"] += 1
            table[m][row.kind] += 1
    return table


def run(folder: Path, timeout: float = 3.0, jobs: int = 1):
    sys.path.insert(0, str(ROOT))
    from derivations.notes import check_paths
    result = check_paths([str(folder)], timeout=timeout, jobs=jobs)
    expected = load_expected(folder)
    rows = match(expected, result, folder)
    return result, expected, rows


def report(result, expected, rows) -> str:
    table = tally(rows)
    out = [f"{'mechanism':34} {'links':>5} {'right':>5} {'allowed':>7} {'unparsed':>8} {'wrong':>5}"]
    for m in MECHANISMS + ("total",):
        t = table[m]
        label = f"{m} {NAMES.get(m, '')}".strip()
        out.append(f"{label:34} {t['links']:5} {t['right']:5} {t['allowed']:7} {t['unparsed']:8} {t['wrong']:5}")
    wrong = [r for r in rows if r.kind == "wrong"]
    out.append(f"\n{len(wrong)} wrong verdicts:")
    for r in wrong:
        said = "" if r.link is None else f": {r.link.message[:160]}"
        out.append(f"- {r.where} [mechanism {r.mechanism}] {r.verdict} ({wrong_reason(r)}; "
                   f"truth {r.entry['truth']}: {r.entry['why']}){said}")
    extra = unlisted(expected, result, rows)
    out.append(f"\n{len(extra)} reported links without an expectation (not counted):")
    for file, lk in extra:
        out.append(f"- {file}:{lk.line} {lk.verdict}: {lk.lhs} = {lk.rhs}")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    result, expected, rows = run(Path(args.folder), args.timeout, args.jobs)
    print(report(result, expected, rows))
    print(f"\nchecked in {result.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

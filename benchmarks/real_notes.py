"""How ``gradproof check`` does on real study notes written by others (issue 12).

The notes themselves are not in the repository (their text belongs to their authors):
benchmarks/real_notes/manifest.json lists each file's repository, path and commit, and the
local name to save it under. Fetch them into one folder, then run

    python benchmarks/real_notes.py FOLDER

It runs ``derivations.notes.check_paths`` on the files of FOLDER listed in the manifest and
compares each link with benchmarks/real_notes/expected.json, whose truths were decided with
SymPy and mpmath (50 digits), never from gradproof:
``{"FILE": {"LINE" or "CELL:LINE": ["proved" | "refuted" | "skip", ...]}}``, the links of a
line left to right ("skip": a link not asserted). For every asserted link it counts

- right: the expected verdict;
- wrong: the opposite decisive verdict (a true link refuted, a false link proved);
- undecided / unparsed: what gradproof said instead;
- missing: no link reported at that position (line, and rank on the line);

and, from benchmarks/real_notes/mistakes.json, how many of the authors' genuine mistakes were
caught (refuted on their line). It then lists every wrong verdict and groups the messages of
the unparsed and undecided links, to show what to build next.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "real_notes"
KINDS = ("right", "wrong", "undecided", "unparsed", "missing")


def load():
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))["files"]
    expected = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    mistakes = json.loads((DATA / "mistakes.json").read_text(encoding="utf-8"))["mistakes"]
    return manifest, expected, mistakes


def position(link) -> str:
    return f"{link.cell}:{link.line}" if link.cell is not None else str(link.line)


def kind(expected: str, link) -> str:
    if link is None:
        return "missing"
    if link.verdict == expected:
        return "right"
    if link.verdict in ("proved", "refuted"):
        return "wrong"
    return link.verdict  # undecided / unparsed


def reason(message: str) -> str:
    """A message with its particulars (names, numbers, positions, quoted text) blurred, to group it."""
    first = message.strip().splitlines()[0] if message.strip() else "(no message)"
    first = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"", "…", first)
    first = re.sub(r"\b(line|column|col|cell)\s+\d+", r"\1 N", first)
    first = re.sub(r"-?\d+(\.\d+)?(/\d+)?", "N", first)
    return first[:110]


def run(folder: Path, timeout: float = 3.0, jobs: int = 2):
    sys.path.insert(0, str(ROOT))
    from derivations.notes import check_paths
    manifest, expected, mistakes = load()
    present = [m for m in manifest if (folder / m["local"]).is_file()]
    absent = [m["local"] for m in manifest if m not in present]
    result = check_paths([str(folder / m["local"]) for m in present], timeout=timeout, jobs=jobs)
    by_name = {Path(f.file).name: f for f in result.files}
    rows = []  # (file, position, index, expected, link)
    for m in present:
        name = m["local"]
        links = by_name[name].links if name in by_name else ()
        at: dict[str, list] = {}
        for lk in sorted(links, key=lambda lk: (lk.cell or 0, lk.line, lk.column)):
            at.setdefault(position(lk), []).append(lk)
        for pos, verdicts in expected.get(name, {}).items():
            here = at.get(pos, [])
            for k, want in enumerate(verdicts):
                rows.append((name, pos, k, want, here[k] if k < len(here) else None))
    return result, rows, mistakes, absent, present


def report(result, rows, mistakes, absent, present) -> str:
    out = []
    table: dict[str, Counter] = {}
    for name, pos, k, want, link in rows:
        if want == "skip":
            continue
        table.setdefault(name, Counter())[kind(want, link)] += 1
    found = {(r[0], r[1], r[2]): r[4] for r in rows}
    caught: Counter = Counter()
    for m in mistakes:
        link = found.get((m["file"], m["line"], m["index"]))
        caught[m["file"], "all"] += 1
        caught[m["file"], "caught"] += int(link is not None and link.verdict == "refuted")
    width = max([len(m["local"]) for m in present] + [5])
    out.append(f"{'file':{width}} {'links':>5} " + " ".join(f"{k:>9}" for k in KINDS) + "  mistakes caught")
    total, mt, mc = Counter(), 0, 0
    for m in present:
        name = m["local"]
        t = table.get(name, Counter())
        total.update(t)
        n = sum(t.values())
        a, c = caught[name, "all"], caught[name, "caught"]
        mt, mc = mt + a, mc + c
        out.append(f"{name:{width}} {n:5} " + " ".join(f"{t[k]:9}" for k in KINDS) + (f"  {c}/{a}" if a else ""))
    n = sum(total.values())
    out.append(f"{'TOTAL':{width}} {n:5} " + " ".join(f"{total[k]:9}" for k in KINDS) + f"  {mc}/{mt}")
    if n:
        out.append(f"\nright {total['right']}/{n} = {100 * total['right'] / n:.0f} %; "
                   f"mistakes caught {mc}/{mt}; files {len(present)}; not found in the folder: {len(absent)}")
    for a in absent:
        out.append(f"  missing file: {a}")
    wrong = [(nm, pos, k, want, lk) for nm, pos, k, want, lk in rows if want != "skip" and kind(want, lk) == "wrong"]
    out.append(f"\n{len(wrong)} WRONG verdicts:")
    for nm, pos, k, want, lk in wrong:
        out.append(f"- {nm}:{pos} link {k}: expected {want}, got {lk.verdict}: {lk.message[:200]}")
    for verdict in ("unparsed", "undecided"):
        groups = Counter(reason(lk.message) for nm, pos, k, want, lk in rows
                         if want != "skip" and lk is not None and lk.verdict == verdict)
        out.append(f"\ncommonest reasons, {verdict} (asserted links):")
        for text, count in groups.most_common(12):
            out.append(f"  {count:3}  {text}")
    missing = [(nm, pos, k) for nm, pos, k, want, lk in rows if want != "skip" and lk is None]
    if missing:
        out.append("\nmissing (no link reported at that position): "
                   + ", ".join(f"{nm.split('__')[0]}:{pos}#{k}" for nm, pos, k in missing))
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder holding the fetched files (local names of the manifest)")
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    print(report(*run(args.folder, timeout=args.timeout, jobs=args.jobs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ground truth for the adversarial notes corpus, established without gradproof.

Run ``python tests/notes_corpus/ground_truth.py`` to re-derive every link's truth and rewrite
``expected.json`` (``--check`` compares with the stored file instead of writing it).

Each link below is my own translation of one ``=`` of the notes into Python: a function
``f(M, **values)`` returning ``(lhs, rhs)``, where ``M`` is one of two namespaces:

- ``Num``: mpmath at 50 digits, **real values only**: a square root of a negative number, the log of
  a non-positive number, a negative base to a non-integer power raise ``NonReal`` and the point is
  skipped (issue 11, mechanism 8: a side reached through a non-real intermediate is not a value);
  derivatives by ``mpmath.diff``.
- ``Sym``: exact SymPy on symbols carrying the assumptions of the stated domain; derivatives by
  ``sympy.diff``.

For every reading of a link (most links have one reading; an ambiguous construct has several),
the truth is decided as follows.
- Numerically: the special points (kinks, boundaries) and 80 random rational points of the stated
  domain (definitions, conditions, premises and index ranges built into the sampler); a point where
  both sides are real and differ by more than 1e-30 is a counterexample.
- Exactly, where SymPy manages: ``simplify(lhs - rhs) == 0`` on the domain's symbols (or entry by
  entry for matrices) confirms "true"; the counterexample, evaluated exactly in SymPy, confirms
  "false".
A reading is true when no counterexample exists among the points (and, where recorded, SymPy proves
it); the link is "true" when every reading is true, "false" when every reading is false, and
"ambiguous" otherwise. The script stops with an error if this disagrees with the truth I declared
by hand for the link, so a link is recorded only when my own reading and the computation agree.

The acceptable verdicts follow from the truth: true -> proved or undecided (never refuted);
false -> refuted or undecided (never proved); ambiguous -> undecided only. An entry marked
"optional" (a definition written with words, such as ``\text{Let } s = 3``) may also be absent from
the report (read as a definition); "expected" is then "absent". An entry with "refuted_only_where"
(a Python condition on the names of a counterexample, such as ``t_1 + t_2 == 1``) is also wrong
when refuted at a point that breaks what the notes state.
This module must not import gradproof.
"""
from __future__ import annotations

import json
import random
import signal
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

import mpmath as mp
import sympy as sp

HERE = Path(__file__).resolve().parent
mp.mp.dps = 50
TOL = mp.mpf("1e-30")


sys.path.insert(0, str(HERE))
from links import NonReal, define_links  # noqa: E402  (the table of links, beside this file)


# ---------------------------------------------------------------- the two namespaces
class Num:
    """mpmath, real values only."""
    mode = "num"
    E = mp.e

    @staticmethod
    def sqrt(x):
        if x < 0:
            raise NonReal
        return mp.sqrt(x)

    @staticmethod
    def log(x):
        if x <= 0:
            raise NonReal
        return mp.log(x)

    @staticmethod
    def pow(a, b):
        if a == 0 and b <= 0:
            raise NonReal
        if a < 0 and b != int(b):
            raise NonReal
        return mp.power(a, b) if a >= 0 else (-1) ** int(b) * mp.power(-a, b)

    exp = staticmethod(mp.exp)
    tanh = staticmethod(mp.tanh)
    sin = staticmethod(mp.sin)
    cos = staticmethod(mp.cos)
    abs = staticmethod(abs)

    @staticmethod
    def sigma(z):
        return 1 / (1 + mp.exp(-z))

    @staticmethod
    def relu(z):
        return z if z > 0 else mp.mpf(0)

    @staticmethod
    def max(a, b):
        return a if a >= b else b

    @staticmethod
    def ind(cond):
        return mp.mpf(1) if cond else mp.mpf(0)

    @staticmethod
    def d(f, x):
        return mp.diff(f, x)

    @staticmethod
    def fn(name):
        """A generic function for a call reading: one fixed non-linear function is enough to
        break a claim that is false for generic functions."""
        return lambda h: h ** 3 - h + 2

    @staticmethod
    def num(v):
        return mp.mpf(v.numerator) / v.denominator if isinstance(v, Fraction) else mp.mpf(v)


class Sym:
    """Exact SymPy."""
    mode = "sym"
    E = sp.E
    sqrt = staticmethod(sp.sqrt)
    log = staticmethod(sp.log)
    pow = staticmethod(lambda a, b: a ** b)
    exp = staticmethod(sp.exp)
    tanh = staticmethod(sp.tanh)
    sin = staticmethod(sp.sin)
    cos = staticmethod(sp.cos)
    abs = staticmethod(sp.Abs)

    @staticmethod
    def sigma(z):
        return 1 / (1 + sp.exp(-z))

    @staticmethod
    def relu(z):
        return sp.Piecewise((z, z > 0), (0, True))

    @staticmethod
    def max(a, b):
        return sp.Max(a, b)

    @staticmethod
    def ind(cond):
        return sp.Piecewise((1, cond), (0, True))

    @staticmethod
    def d(f, x):
        s = sp.Dummy("s", real=True)
        return sp.diff(f(s), s).subs(s, x)

    @staticmethod
    def fn(name):
        return sp.Function(name)

    @staticmethod
    def num(v):
        return sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else sp.Integer(v)


# ---------------------------------------------------------------- domains
def rational(rng, lo, hi):
    q = rng.choice([1, 2, 3, 4, 5, 7, 11])
    return Fraction(rng.randint(int(lo * q), int(hi * q)), q)


KIND = {  # name -> (sampler, sympy assumptions)
    "real": (lambda rng: rational(rng, -3, 3), {"real": True}),
    "pos": (lambda rng: rational(rng, 0, 4) or Fraction(1, 3), {"positive": True}),
    "nonneg": (lambda rng: rational(rng, 0, 4), {"nonnegative": True}),
    "unit": (lambda rng: Fraction(rng.randint(1, 10), 11), {"positive": True}),
}


def sampler(dom: dict[str, Any]) -> Callable:
    """A point of the domain: dom maps a name to a kind, ("ge", c), ("gt", c), ("int", lo, hi),
    or a constant (a value the notes give); a key "_" holds a function completing the point
    (premises, derived names)."""
    def draw(rng, fixed=None):
        point = {}
        for name, kind in dom.items():
            if name == "_":
                continue
            if fixed and name in fixed:
                index = isinstance(kind, tuple) and kind[0] == "int"
                point[name] = fixed[name] if index else Fraction(fixed[name])
                continue
            if isinstance(kind, str):
                point[name] = KIND[kind][0](rng)
            elif isinstance(kind, tuple) and kind[0] == "ge":
                point[name] = kind[1] + KIND["nonneg"][0](rng)
            elif isinstance(kind, tuple) and kind[0] == "gt":
                point[name] = kind[1] + KIND["pos"][0](rng)
            elif isinstance(kind, tuple) and kind[0] == "int":
                point[name] = rng.randint(kind[1], kind[2])
            else:
                point[name] = Fraction(kind)
        for name, value in (fixed or {}).items():
            point.setdefault(name, value)
        if "_" in dom:
            point = dom["_"](point, rng)
        return point
    return draw


def symbols_for(dom: dict[str, Any]) -> dict[str, Any] | None:
    """Symbols with the domain's assumptions, or None when the domain is not a plain product of
    kinds (then only the numeric check and an exact check of the counterexample are made)."""
    out = {}
    for name, kind in dom.items():
        if name == "_":
            return None
        if isinstance(kind, str):
            out[name] = sp.Symbol(name, **KIND[kind][1])
        elif isinstance(kind, tuple) and kind[0] in ("ge", "gt"):
            s = sp.Symbol(name + "_s", **({"nonnegative": True} if kind[0] == "ge" else {"positive": True}))
            out[name] = sp.Rational(kind[1]) + s
        else:
            return None
    return out


# ---------------------------------------------------------------- links
@dataclass
class Link:
    file: str
    find: str          # a substring that occurs on exactly one line: the line where the rhs begins
    rhs: str           # the right-hand side as written (to tell links of one line apart)
    mechanism: Any     # 1..8 or "baseline"
    truth: str         # my own verdict: "true", "false" or "ambiguous"
    expected: str      # what a sound and complete reader should say
    why: str
    readings: dict[str, Callable]
    dom: dict[str, Any] = field(default_factory=dict)
    special: list[dict] = field(default_factory=list)
    matrix: bool = False
    optional: bool = False  # a definition written in words: may be reported as a link or not
    cx: str = ""  # a Python condition on a reported counterexample's names (premises, conditions)


LINKS: list[Link] = []
LEFT_OUT: list[dict] = []  # kept in the notes, no expectation: truth not certain


def link(file, find, mechanism, truth, why, f=None, dom=None, special=(), rhs=None, expected=None,
         readings=None, matrix=False, optional=False, cx=""):
    if rhs is None:
        rhs = find.split("&=")[-1] if "&=" in find else find.split(" = ")[-1]
        rhs = rhs.strip()
    expected = expected or {"true": "proved", "false": "refuted", "ambiguous": "undecided"}[truth]
    LINKS.append(Link(file, find, rhs, mechanism, truth, expected, why,
                      readings or {"only reading": f}, dom or {}, list(special), matrix, optional, cx))


def left_out(file, find, why):
    LEFT_OUT.append({"file": file, "find": find, "why": why})


# ---------------------------------------------------------------- deciding one reading
class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout


def real_value(v):
    if isinstance(v, mp.mpc):
        if abs(v.imag) > TOL:
            raise NonReal
        return v.real
    return v


def numeric_counterexample(f, dom, special, rng, n=80):
    """The first point (special points first) where both sides are real and differ, or None;
    and how many points were usable. A special point fixes some names; the others are drawn."""
    draw, used = sampler(dom), 0
    points = [draw(rng, fixed=p) for p in special] + [draw(rng) for _ in range(n)]
    for point in points:
        try:
            l, r = f(Num, **{k: conv(Num, v, k) for k, v in point.items()})
            l, r = real_value(l), real_value(r)
        except (NonReal, ZeroDivisionError, ValueError):
            continue
        used += 1
        if abs(l - r) > TOL * max(1, abs(l), abs(r)):
            return point, used
    return None, used


INDEX_NAMES = {"m", "n", "i", "j"}


def conv(M, v, name=""):
    """Numbers become exact numbers of the namespace (mpf or Rational: never a Python float);
    sizes and indices (m, n, i, j) stay ints."""
    if isinstance(v, (list, tuple)):
        return [conv(M, x) for x in v]
    if name in INDEX_NAMES:
        return v
    if isinstance(v, (Fraction, int)) and not isinstance(v, bool):
        return M.num(Fraction(v))
    return v


def exact_true(f, dom) -> bool | None:
    syms = symbols_for(dom)
    if syms is None:
        return None
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    try:
        l, r = f(Sym, **syms)
        d = sp.simplify(sp.piecewise_fold(l - r))
        return d == 0
    except Timeout:
        return None
    except Exception:  # noqa: BLE001  SymPy may not manage a form; the numeric check still stands
        return None
    finally:
        signal.alarm(0)


def exact_false_at(f, point) -> bool | None:
    """The counterexample evaluated exactly: both sides real and different."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    try:
        l, r = f(Sym, **{k: conv(Sym, v, k) for k, v in point.items()})
        lv, rv = sp.N(l, 60), sp.N(r, 60)
        if not (lv.is_real and rv.is_real):
            return None
        return abs(lv - rv) > 1e-30
    except Timeout:
        return None
    except Exception:  # noqa: BLE001
        return None
    finally:
        signal.alarm(0)


def matrix_truth(f, dom, rng):
    """Matrix claims: exact with symbolic entries; counterexample with small integer entries."""
    syms = {name: (sp.Matrix(shape[0], shape[1], lambda i, j: sp.Symbol(f"{name}{i}{j}", real=True))
                   if isinstance(shape, tuple) else sp.Symbol(name, real=True))
            for name, shape in dom.items()}
    l, r = f(Sym, **syms)
    diff = (l - r).applyfunc(sp.expand) if hasattr(l - r, "applyfunc") else sp.expand(l - r)
    is_zero = diff == sp.zeros(*diff.shape) if hasattr(diff, "shape") else diff == 0
    if is_zero:
        return True, "exact, with symbolic entries"
    for _ in range(200):
        point = {name: (sp.Matrix(shape[0], shape[1], lambda i, j: rng.randint(-3, 3))
                        if isinstance(shape, tuple) else sp.Integer(rng.randint(-3, 3)))
                 for name, shape in dom.items()}
        l, r = f(Sym, **point)
        if l != r:
            return False, f"counterexample {({k: str(v.tolist()) if hasattr(v, 'tolist') else str(v) for k, v in point.items()})}"
    raise AssertionError("matrix claim: not equal symbolically, yet no integer counterexample")


def decide(lk: Link, rng) -> tuple[str, list[str]]:
    results, notes = [], []
    for name, f in lk.readings.items():
        if lk.matrix:
            ok, how = matrix_truth(f, lk.dom, rng)
            results.append(ok)
            notes.append(f"{name}: {'true' if ok else 'false'} ({how})")
            continue
        point, used = numeric_counterexample(f, lk.dom, lk.special, rng)
        if point is None and used < 10:
            raise AssertionError(f"{lk.file}: {lk.find!r}: only {used} usable points for reading {name}")
        if point is None:
            ex = exact_true(f, lk.dom)
            results.append(True)
            notes.append(f"{name}: true (numeric at {used} points, 50 digits"
                         f"{'; SymPy simplify gives 0' if ex else ''})")
        else:
            ex = exact_false_at(f, point)
            results.append(False)
            shown = {k: str(v) for k, v in point.items()}
            notes.append(f"{name}: false at {shown}{' (confirmed exactly by SymPy)' if ex else ''}")
    truth = "true" if all(results) else "false" if not any(results) else "ambiguous"
    return truth, notes


# ---------------------------------------------------------------- locating the links
def line_of(lk: Link) -> int:
    lines = (HERE / lk.file).read_text().splitlines()
    hits = [n for n, text in enumerate(lines, 1) if lk.find in text]
    if len(hits) != 1:
        raise AssertionError(f"{lk.file}: {lk.find!r} found on lines {hits}, need exactly one")
    return hits[0]


def main(argv):
    define_links(link, left_out)
    rng = random.Random(11)
    expected: dict[str, dict[str, list]] = {}
    failures = []
    for lk in LINKS:
        truth, notes = decide(lk, rng)
        if truth != lk.truth:
            failures.append(f"{lk.file}: {lk.find!r}: declared {lk.truth}, computed {truth}: {notes}")
        entry = {"truth": lk.truth, "expected": lk.expected, "mechanism": lk.mechanism, "rhs": lk.rhs,
                 "why": lk.why, "ground_truth": notes}
        if lk.optional:
            entry["optional"] = True
        if lk.cx:
            entry["refuted_only_where"] = lk.cx
        expected.setdefault(lk.file, {}).setdefault(str(line_of(lk)), []).append(entry)
    if failures:
        print("\n".join(failures))
        return 1
    for file in expected:   # entries of one line keep the order of their rhs in the line
        for line, entries in expected[file].items():
            text = (HERE / file).read_text().splitlines()[int(line) - 1]
            entries.sort(key=lambda e: text.find(e["rhs"]))
    out = {"_comment": "written by ground_truth.py; never from gradproof's output",
           "_left_out": LEFT_OUT, **expected}
    path = HERE / "expected.json"
    text = json.dumps(out, indent=1, ensure_ascii=False) + "\n"
    if "--check" in argv:
        same = path.read_text() == text
        print("expected.json is up to date" if same else "expected.json differs: rerun without --check")
        return 0 if same else 1
    path.write_text(text)
    n = len(LINKS)
    by_mech: dict[str, int] = {}
    for lk in LINKS:
        by_mech[str(lk.mechanism)] = by_mech.get(str(lk.mechanism), 0) + 1
    print(f"{n} links written to expected.json; per mechanism: {by_mech}; left out: {len(LEFT_OUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

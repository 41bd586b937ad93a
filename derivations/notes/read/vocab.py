"""What names mean: known functions, Greek letters, decorations, and the symbols for names.

Every name is a real symbol. Names keep their case (``A_2`` and ``a_2`` differ) and their
decorations (``\\hat{y}``, ``\\mathbf{x}``, ``W^{[2]}`` are names of their own); the bold
commands ``\\mathbf``, ``\\boldsymbol``, ``\\bm`` are one decoration, distinct from plain and from
``\\vec``. Letters used as subscripts or summation indices are integers, and the upper limits of
sums are positive integers, in the whole file, so ``\\frac{1}{m}\\sum_{i=1}^{m}`` has one m.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from ...functions import relu, relu_prime, sigma, unfold
from .declarations import is_bold_capital

GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma", "tau", "upsilon", "phi",
    "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon",
    "Phi", "Psi", "Omega", "ell",
}
# Greek letters and letters that, followed by "(", call a function by convention.
CONVENTIONAL_FUNCTIONS = {"f", "g", "h", "F", "G", "H", r"\phi", r"\varphi", r"\psi", r"\Phi"}
DECORATIONS = {
    r"\hat": "hat", r"\widehat": "hat", r"\bar": "bar", r"\overline": "bar", r"\tilde": "tilde",
    r"\widetilde": "tilde", r"\vec": "vec", r"\overrightarrow": "vec", r"\mathbf": "mathbf",
    r"\boldsymbol": "mathbf", r"\bm": "mathbf", r"\pmb": "mathbf", r"\dot": "dot", r"\ddot": "ddot",
    r"\check": "check", r"\mathcal": "mathcal", r"\mathscr": "mathscr", r"\mathfrak": "mathfrak",
}
WRAPPERS = {r"\boxed", r"\cancel", r"\bcancel", r"\xcancel", r"\underline", r"\mathstrut"}
ANNOTATED = {r"\underbrace": "_", r"\overbrace": "^"}
SIZES = {r"\left", r"\right", r"\big", r"\Big", r"\bigg", r"\Bigg", r"\bigl", r"\bigr", r"\Bigl",
         r"\Bigr", r"\biggl", r"\biggr", r"\Biggl", r"\Biggr", r"\middle"}
SPACING = {r"\,", r"\;", r"\:", r"\!", r"\ ", "~", r"\quad", r"\qquad", r"\enspace", r"\thinspace",
           r"\displaystyle", r"\textstyle", r"\limits", r"\nolimits", r"\hspace", r"\color"}
ELLIPSES = {r"\cdots", r"\dots", r"\ldots", r"\vdots", r"\ddots", r"\dotsc", r"\dotsb", r"\dotsm"}
TRANSPOSE = {"T", r"\top", r"\intercal", r"\mathsf{T}", r"\mathrm{T}", r"\text{T}", r"\rm T"}
MULTIPLY = {r"\cdot": "mul", r"\times": "mul", "*": "mul", r"\odot": "hadamard", r"\bigodot": "hadamard",
            r"\circ": "hadamard", "/": "div", r"\div": "div", r"\ast": "mul"}


def _opaque(name: str) -> sp.FunctionClass:
    return sp.Function(name, real=True)


# Functions by the name a reader types (case-insensitive words), to a builder of one argument.
ELEMENTARY = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sec": sp.sec, "csc": sp.csc, "cot": sp.cot,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "arcsin": sp.asin, "arccos": sp.acos,
    "arctan": sp.atan, "exp": sp.exp, "log": sp.log, "ln": sp.log, "sigmoid": sigma, "relu": relu,
    "sqrt": sp.sqrt, "abs": sp.Abs,
}
SOFTMAX = _opaque("softmax")
WORD_FUNCTIONS = set(ELEMENTARY) | {"max", "min", "softmax"}


def elementary(fname: str, x: sp.Basic, primes: int) -> sp.Basic:
    """A known function (or its derivative of order ``primes``) at x, entrywise on a matrix.

    A derivative is taken from the function's definition (sigma unfolds to 1/(1+e^-z) first), so
    sigma'(z) is e^-z/(1+e^-z)^2 and its equality with sigma(z)(1 - sigma(z)) must be proved.
    """
    f = ELEMENTARY[fname]
    if primes and fname == "relu":
        if primes > 1:
            raise ValueError("ReLU'' is not defined at the kink")
        f = relu_prime
    elif primes:
        t = sp.Dummy("t", real=True)
        d = sp.diff(unfold(f(t)), t, primes)
        f = lambda v: d.subs(t, v)  # noqa: E731
    return x.applyfunc(f) if isinstance(x, sp.MatrixBase) else f(x)


def function_word(word: str) -> str | None:
    """The canonical function for a typed word (``Sin``, ``ReLU``, ``Sigmoid``), or None."""
    lower = word.lower()
    return lower if lower in WORD_FUNCTIONS else None


# The closed table of ambiguous notation: each construct's readings, the first one the default.
READINGS = {
    "inverse": ("inverse", "reciprocal"),  # \sigma^{-1}(p), f^{-1}(x)
    "e": ("euler", "name"),  # e^{...} in a file that defines a name e
    "call": ("call", "product"),  # S(H), S neither a defined function nor a defined value
    "layer": ("power", "layer"),  # a^{L} with L not declared a layer index
    "log": ("natural", "base10"),  # \\log without a base, in a file that also writes \\ln
    "digits": ("name", "product"),  # c1: the name c_1, or c times 1
    "scope": ("in", "out"),  # a prose k \\ne i, in a section with case headings: for this link or not
}


class IdxBase(sp.Symbol):
    """The label of an indexed name (w in w_i): a class of its own so it never equals the name w,
    which the verification core would otherwise drop from a counterexample's variables."""


_NUMBERED = re.compile(r"^(.+)_(\d+)$")


@dataclass
class Names:
    """The symbols of one file: integer indices, positive-integer counts, user functions."""

    integers: set[str] = field(default_factory=set)
    counts: set[str] = field(default_factory=set)
    count_families: set[str] = field(default_factory=set)  # n in \\sum^{n_{L}}: each n_L a count
    layers: set[str] = field(default_factory=set)
    heads: dict[str, tuple] = field(default_factory=dict)  # function -> parameter names ((name, indices): x_i)
    plain_e: bool = False  # the file defines a name e, so e is not Euler's number there
    both_logs: bool = False  # the file writes both log and ln: log may be base 10 there
    products: set[str] = field(default_factory=set)  # two letters the file writes as a product (= yz =)
    named_last: set[str] = field(default_factory=set)  # heads written last in a chain, defined there
    applied: set[str] = field(default_factory=set)  # Greek names always followed by "(" in the file
    log10_stated: bool = False  # the file states log(p) = ln(p) / ln(10): log is base 10 there
    plain_delta: bool = False  # the file defines \\delta_{ij}, so it is not Kronecker's delta there
    values: set[str] = field(default_factory=set)  # names defined as values (no function head)
    matrices: dict[str, tuple | None] = field(default_factory=dict)  # declared matrices: name -> size
    vectors: dict[str, object] = field(default_factory=dict)  # declared vectors: name -> length
    choices: dict[tuple, str] = field(default_factory=dict)  # the reading chosen per ambiguity
    met: dict[tuple, tuple[str, ...]] = field(default_factory=dict)  # ambiguities met while parsing
    arbitrary: set[str] = field(default_factory=set)  # declared arbitrary functions (arbitrary.py)
    independent: bool = False  # declared: undefined names are independent variables
    entries_of: dict[str, str] = field(default_factory=dict)  # bold name -> the family listing its entries
    sigma_word: bool = False  # sigma(x) typed without a backslash is \sigma(x) here (plan/heads.py)
    worded: set[str] = field(default_factory=set)  # letters the file writes with word subscripts (n_{out})
    _functions: dict[str, sp.FunctionClass] = field(default_factory=dict)

    def reading(self, key: tuple, options: tuple[str, ...] | None = None) -> str:
        """The reading of an ambiguous construct (see readings.py): the chosen one, else the first.

        Every ambiguity met is recorded, so that the checker verifies the link under each reading.
        """
        options = options or READINGS[key[0]]
        self.met[key] = options
        return self.choices.get(key, options[0])

    def symbol(self, name: str) -> sp.Symbol:
        numbered = _NUMBERED.match(name)
        if numbered and numbered.group(1) in self.entries_of:  # \mathbf{\theta}_2 is \theta_2 when listed
            name = f"{self.entries_of[numbered.group(1)]}_{numbered.group(2)}"
        if name in self.matrices or is_bold_capital(name):
            return sp.Symbol(name, commutative=False)  # a matrix: products keep their order
        if name in self.counts:
            return sp.Symbol(name, integer=True, positive=True)
        if name in self.integers:
            return sp.Symbol(name, integer=True)
        return sp.Symbol(name, real=True)

    def indexed(self, name: str, indices: tuple[sp.Expr, ...]) -> sp.Indexed:
        name = self.entries_of.get(name, name)  # \mathbf{\theta} = [\theta_1, ...]: entry i is \theta_i
        if name in self.count_families:
            return sp.IndexedBase(IdxBase(name, integer=True, positive=True))[indices]
        return sp.IndexedBase(IdxBase(name, real=True))[indices]

    def is_function(self, name: str) -> bool:
        return name in self.heads or name in CONVENTIONAL_FUNCTIONS or name in self.arbitrary

    def function(self, name: str) -> sp.FunctionClass:
        if name in self.arbitrary and name not in self.heads:
            from .arbitrary import Maker  # arbitrary imports the parser's modules
            return Maker(name)
        if name not in self._functions:
            self._functions[name] = _opaque(name)
        return self._functions[name]

    def head_call(self, name: str) -> sp.Expr | None:
        """``f`` written alone, for a function defined with a head ``f(x, y)``: the call f(x, y)."""
        params = self.heads.get(name)
        if not params:
            return None
        return self.function(name)(*[self.symbol(p) if isinstance(p, str) else self.indexed(*p) for p in params])

"""The parser's larger forms: function applications, fractions and derivatives, roots and sums.

Meanings fixed here (from ../shared/notes/latex-constructs.md): ``\\log`` and ``\\ln`` are natural
logarithms (``\\log_2`` has base 2); ``\\sin^2 x`` is (sin x)^2 and ``\\sin^{-1}`` is refused;
``\\sigma'(z)`` is the derivative of the sigmoid at z, computed from its definition, never dropped;
``\\max(0, z)`` is ReLU; ``\\frac{dJ}{da}``, ``\\frac{\\partial J}{\\partial a}``, ``dJ/da`` and
``\\partial J / \\partial a`` are derivatives left for the definitions to settle (markers.Diff);
``\\frac{d}{dx}`` applies to the rest of the term; a sum's body is the term that follows it.
"""
from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from ...functions import sigma
from . import algebra
from . import arbitrary
from . import bars
from . import derivatives
from . import scripts
from .scripts import split_commas
from . import vectors
from .derivatives import TEXT_WORDS, slash_derivative, slash_derivative_ahead  # noqa: F401
from .envs import (COMMANDS as ENV_COMMANDS, bracket, environment, indicator_from_script,  # noqa: F401
                   is_matrix)
from .markers import PrimeAt
from .tokens import MAX_NUMBER_DIGITS, Token
from .vocab import SOFTMAX, elementary, function_word

CLOSERS = {r"\right", r"\end", r"\rVert", r"\rvert"}
PARENLESS = {"sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh", "arcsin", "arccos",
             "arctan", "exp", "log", "ln"}
# f^{-1} is the inverse function or the reciprocal: both readings are verified (readings.py).
INVERSES = {"sin": sp.asin, "cos": sp.acos, "tan": sp.atan, "sec": sp.asec, "csc": sp.acsc, "cot": sp.acot,
            "sinh": sp.asinh, "cosh": sp.acosh, "tanh": sp.atanh, "arcsin": sp.sin, "arccos": sp.cos,
            "arctan": sp.tan, "sigmoid": lambda x: sp.log(x / (1 - x))}


# ---------------------------------------------------------------- numbers and text
def number_or_indicator(p) -> sp.Basic:
    t = p.next()
    if len(t.value.replace(".", "")) > MAX_NUMBER_DIGITS:
        p.fail(f"a number with more than {MAX_NUMBER_DIGITS} digits", t)
    value = algebra.number(t.value)
    if value == 1 and p.at("_"):
        return indicator_from_script(p, p.read_script(p.next()))
    return value


def text(p) -> sp.Basic:
    t = p.peek()
    arg = (t.arg or "").strip()
    if t.value == r"\begin":
        return environment(p)
    if t.value not in TEXT_WORDS:
        p.fail(f"{t.value}{{{arg}}} cannot be part of an expression")
    p.next()
    if function_word(arg):
        return apply_function(p, function_word(arg), t)
    if arg == "e" and t.value in (r"\mathrm", r"\text", r"\operatorname"):
        return sp.E
    if arg.isascii() and arg.isalpha():
        if p.at("(") and len(arg) > 1:
            return call(p, arg, t)
        return p.finish_name(arg, None, t)
    if arg.isascii() and arg.isdigit() and len(arg) <= MAX_NUMBER_DIGITS:
        return algebra.number(arg)
    p.fail(f"text '{arg}' inside an expression (prose belongs outside the math)", t)
    raise AssertionError


# ---------------------------------------------------------------- functions
def apply_function(p, fname: str, t: Token, primes: int = 0) -> sp.Basic:
    """A known function after its name: optional primes, power and log base, then arguments."""
    power_tokens, base = None, None
    while True:
        if p.at("'"):
            p.next()
            primes += 1
        elif p.at("^"):
            mark = p.next()
            tokens = p.read_script(mark)
            kind, info = scripts.classify_superscript(p, tokens)
            if kind == "prime":
                primes += info
            elif kind == "power" and power_tokens is None:
                power_tokens = tokens
            else:
                p.fail(f"superscript '{p.source(tokens)}' on {fname}", mark)
        elif p.at("_") and fname == "log":
            base = p.sub(p.read_script(p.next())).whole()
        else:
            break
    args = arguments(p, fname, t)
    if fname == "log" and base is None and p.names.log10_stated:
        base = sp.Integer(10)  # the notes say so themselves: one reading, no ambiguity
    elif fname == "log" and base is None and p.names.both_logs and p.names.reading(("log",)) == "base10":
        base = sp.Integer(10)  # a file that writes both log and ln may mean log10 by log
    exponent = p.exponent(power_tokens) if power_tokens is not None else None
    inverse = exponent == -1 and fname in INVERSES and not primes and len(args) == 1 and \
        p.names.reading(("inverse", fname)) == "inverse"
    value = _entrywise(INVERSES[fname], args[0]) if inverse else build(p, fname, args, primes, t)
    if base is not None:
        value = p._combine(algebra.div, value, sp.log(base))
    if exponent is not None and not inverse:
        value = p._combine(algebra.power, value, exponent)
    return value


def _entrywise(f, x: sp.Basic) -> sp.Basic:
    return x.applyfunc(f) if is_matrix(x) else f(x)


def inverse_of(p, name: str, value: sp.Basic, t: Token) -> sp.Basic:
    """``\\sigma^{-1}(p)``, ``f^{-1}(x)`` read as the inverse function (the other reading, 1/f(x),
    is the power): the logit for sigma; for any other function an opaque function f^{-1}."""
    if isinstance(value, sigma):
        return INVERSES["sigmoid"](value.args[0])
    if isinstance(value, AppliedUndef) and len(value.args) == 1:
        return p.names.function(f"{name}^{{-1}}")(value.args[0])
    p.fail(f"the inverse of {p.source([t])} is not known here", t)
    raise AssertionError


def arguments(p, fname: str, t: Token) -> list[sp.Basic]:
    if p.at("(") or (p.at("[") and fname != "max" and fname != "min"):  # relu\bigg[ ... \bigg] as relu( ... )
        tokens = p.take_group(p.next())
        return [p.sub(part).whole() for part in split_commas(tokens)]
    if fname in PARENLESS and p.peek() is not None and p.starts_factor(p.peek()):
        return [tight(p)]
    p.fail(f"{fname} needs its argument in parentheses", t)
    return []


def tight(p) -> sp.Basic:
    """The argument of ``\\sin x`` or ``\\log a``: juxtaposed factors, up to the next function."""
    value = p.factor()
    while (t := p.peek()) is not None and p.starts_factor(t) and not _stops_argument(p, t):
        value = p._combine(algebra.mul, value, p.factor())
    return value


STOP_ARGUMENT = {r"\frac", r"\dfrac", r"\tfrac", r"\sum", r"\prod", r"\partial", r"\nabla", r"\sigma",
                 r"\sqrt"} | {"\\" + f for f in PARENLESS} | {r"\max", r"\min"}


def _stops_argument(p, t: Token) -> bool:
    if t.kind == "text" or (t.kind == "sym" and t.value in "(["):
        return True
    return t.kind == "cmd" and t.value in STOP_ARGUMENT


def build(p, fname: str, args: list[sp.Basic], primes: int, t: Token) -> sp.Basic:
    if fname in ("max", "min"):
        return _max_min(p, fname, args, primes, t)
    if len(args) != 1:
        p.fail(f"{fname} takes one argument, not {len(args)}", t)
    if fname == "softmax":
        if primes:
            p.fail("a prime on softmax: write its Jacobian out", t)
        return _softmax(args[0])
    try:
        return elementary(fname, args[0], primes)
    except ValueError as e:
        p.fail(str(e), t)
        raise


def _max_min(p, fname: str, args: list[sp.Basic], primes: int, t: Token) -> sp.Basic:
    if primes or len(args) != 2 or any(is_matrix(a) for a in args):
        p.fail(f"\\{fname} takes two scalar arguments and no prime", t)
    a, b = args
    if fname == "max" and 0 in (a, b):
        return elementary("relu", b if a == 0 else a, 0)
    if fname == "max":
        return sp.Piecewise((a, a - b > 0), (b, True))
    return sp.Piecewise((a, a - b < 0), (b, True))


def _softmax(x: sp.Basic) -> sp.Basic:
    if is_matrix(x) and 1 in x.shape:
        total = sum(sp.exp(v) for v in x)
        return x.applyfunc(lambda v: sp.exp(v) / total)
    if is_matrix(x):
        raise ValueError("softmax of a matrix: apply it to a column")
    return SOFTMAX(x)


def call(p, word: str, t: Token) -> sp.Basic:
    """A word followed by ``(``: a function of the file, else an undefined function."""
    return named_call(p, word, 0, t)


def named_call(p, name: str, primes: int, t: Token) -> sp.Basic:
    """``f(x)``, ``f'(x)``, ``\\sigma(z)``; a head-defined ``f`` alone is ``f(x, y)``."""
    if name == r"\sigma" and name not in p.names.heads:
        return build(p, "sigmoid", arguments(p, "sigmoid", t), primes, t)
    fn = p.names.function(name)
    if p.at("("):
        args = [p.sub(part).whole() for part in split_commas(p.take_group(p.next()))]
    elif name in p.names.heads:
        args = list(p.names.head_call(name).args)
    else:
        p.fail(f"{name} needs its argument in parentheses", t)
    if any(is_matrix(a) for a in args):
        p.fail(f"a matrix as the argument of {name}", t)
    if not primes:
        return fn(*args)
    if len(args) != 1:
        p.fail(f"a prime on {name}, a function of {len(args)} variables", t)
    dummy = sp.Dummy("t", real=True)
    return PrimeAt(fn(dummy), dummy, args[0], sp.Integer(primes))


def sqrt(p) -> sp.Basic:
    p.next()
    n = sp.Integer(2)
    if p.at("["):
        n = p.sub(p.take_group(p.next())).whole()
    x = p.sub(p.read_argument()).whole()
    return p._combine(algebra.power, x, 1 / n) if not is_matrix(x) else x.applyfunc(lambda e: e ** (1 / n))


# ---------------------------------------------------------------- sums and products
def big_operator(p) -> sp.Basic:
    t = p.next()
    lower = upper = None
    while p.at("_", "^"):
        mark = p.next()
        tokens = p.read_script(mark)
        lower, upper = (tokens, upper) if mark.value == "_" else (lower, tokens)
    if lower is None:
        p.fail(f"{t.value} needs its index, as in {t.value}_{{i=1}}^{{n}}", t)
    if upper is None and len(lower) == 1 and lower[0].kind == "letter" and (
            p.done() or not p.starts_factor(p.peek())):
        return p.names.symbol(f"{t.value}_{{{lower[0].value}}}")  # "define \\sum_K = ...": a name, nothing summed
    var, start, skip = _index(p, lower)
    end = _upper(p, upper)
    old = p.bound
    p.bound = old + (var.name,)
    try:
        negated = t.value == r"\sum" and p.at("-")  # \sum_{i=1}^{N} -[...]: each term negated
        if negated:
            p.next()
        if p.done() or not p.starts_factor(p.peek()):
            p.fail(f"nothing to add up after {t.value}", t)
        body = p.term()
        if negated:
            body = -body
    finally:
        p.bound = old
    kind = sp.Sum if t.value == r"\sum" else sp.Product
    make = lambda e: kind(e, (var, start, end)) - (e.subs(var, skip) if skip is not None else 0)  # noqa: E731
    if skip is not None and kind is sp.Product:
        p.fail("a product that skips an index is not supported", t)
    return body.applyfunc(make) if is_matrix(body) else make(body)


def _index(p, tokens: list[Token]) -> tuple[sp.Symbol, sp.Basic, sp.Basic | None]:
    sub = p.sub(tokens)
    t = sub.next()
    if t.kind != "letter":
        p.fail("the index of a sum must be a letter", t)
    if t.value not in p.names.counts:
        p.names.integers.add(t.value)
    var = p.names.symbol(t.value)
    if sub.done():
        return var, sp.Integer(1), None
    if sub.at("="):
        sub.next()
        return var, sub.whole(), None
    if sub.at(r"\neq", r"\ne") or (sub.at("!") and sub.peek(1) is not None and sub.peek(1).value == "="):
        sub.i += 1 if sub.at(r"\neq", r"\ne") else 2
        return var, sp.Integer(1), sub.whole()
    p.fail("the index of a sum is not understood (write i=1, or j \\neq i)", t)
    raise AssertionError


def _upper(p, tokens: list[Token] | None) -> sp.Basic:
    if tokens is None:
        p.names.counts.add("n")
        return p.names.symbol("n")
    if len(tokens) == 1 and tokens[0].value == r"\infty":
        return sp.oo
    end = p.sub(tokens).whole()
    if is_matrix(end) or not (end.is_integer or end.is_infinite):
        p.fail("the upper limit of a sum must be an integer", tokens[0])
    return end


def angle(p) -> sp.Basic:
    """``\\langle u, v \\rangle``: the inner product of two vector names, as ``u^T v``."""
    t = p.next()
    start, depth = p.i, 0
    while not p.done() and not (depth == 0 and p.at(r"\rangle")):
        depth += p.at(r"\langle") - p.at(r"\rangle")
        p.next()
    if p.done():
        p.fail("'\\langle' is never closed", t)
    inner = p.toks[start:p.i]
    p.next()
    parts = split_commas(inner)
    values = [p.sub(part).whole() for part in parts] if len(parts) == 2 else []
    if len(values) != 2 or not all(vectors.is_vector(v, p.names) for v in values):
        p.fail("angle brackets hold two vector names, as in \\langle w, x \\rangle", t)
    return vectors.dot(values[0], values[1], p.names)


def rounding(p) -> sp.Basic:
    """``\\lfloor x \\rfloor`` and ``\\lceil x \\rceil``: floor and ceiling of a scalar."""
    t = p.next()
    close, fn = (r"\rfloor", sp.floor) if t.value == r"\lfloor" else (r"\rceil", sp.ceiling)
    start, depth = p.i, 0
    while not p.done() and not (depth == 0 and p.at(close)):
        depth += p.at(r"\lfloor", r"\lceil") - p.at(r"\rfloor", r"\rceil")
        p.next()
    if p.done():
        p.fail(f"{t.value} is never closed by {close}", t)
    inner = p.sub(p.toks[start:p.i]).whole()
    p.next()
    if is_matrix(inner):
        p.fail(f"{t.value} of a matrix", t)
    return fn(inner)


def binom(p) -> sp.Basic:
    """``\\binom{n}{k}``: the binomial coefficient n choose k."""
    t = p.next()
    n, k = p.sub(p.read_argument()).whole(), p.sub(p.read_argument()).whole()
    if is_matrix(n) or is_matrix(k):
        p.fail("a binomial coefficient of a matrix", t)
    return sp.binomial(n, k)


COMMANDS = {
    r"\binom": binom, r"\dbinom": binom, r"\tbinom": binom,
    r"\frac": derivatives.frac, r"\dfrac": derivatives.frac, r"\tfrac": derivatives.frac, r"\cfrac": derivatives.frac, r"\sqrt": sqrt,
    r"\sum": big_operator, r"\prod": big_operator, r"\partial": arbitrary.partial, r"\nabla": derivatives.nabla,
    r"\lfloor": rounding, r"\lceil": rounding, bars.EVALAT: bars.evaluated, r"\langle": angle,
    **ENV_COMMANDS,
}

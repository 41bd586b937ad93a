"""The parser's methods for names: letters, words, Greek letters, calls and bare names.

What the scripts on a name mean is in scripts.py; the constructs a name can start (a call of a
known function, a derivative ``dy/dx``) are in forms.py.
"""
from __future__ import annotations

import sympy as sp

from . import algebra

from . import forms
from .scripts import decorated_base, read_name
from .tokens import ParseError, Token
from .vocab import DECORATIONS, GREEK, function_word


class NameParsing:
    """The parser's methods for names: letters, words, Greek letters, calls and bare names."""

    def letters(self) -> sp.Basic:
        """A letter, or a run of letters: a function word (log, ReLU), else one letter at a time."""
        run = [self.peek()]
        while (t := self.peek(len(run))) is not None and t.kind == "letter" and not t.space:
            run.append(t)
        word = "".join(t.value for t in run)
        if len(run) >= 2 and function_word(word):
            self.i += len(run)
            return forms.apply_function(self, function_word(word), run[0])
        if len(run) >= 3:
            after = self.peek(len(run))
            if after is not None and after.value == "(" and after.kind == "sym":
                self.i += len(run)
                if word == "sigma" and self.names.sigma_word:  # the letter's name without its backslash
                    return forms.named_call(self, r"\sigma", 0, run[0])
                return forms.call(self, word, run[0])
            self.fail(f"'{word}' looks like a word: write \\text{{{word}}} for a name, or put "
                      f"spaces or \\cdot between the factors", run[0])
        if run[0].value == "d" and forms.slash_derivative_ahead(self):
            return forms.slash_derivative(self)
        return self.letter()

    def letter(self) -> sp.Basic:
        t = self.next()
        if t.value in self.bound and not self.at("_", "^"):
            return self.names.symbol(t.value)
        if t.value == "e" and not self.at("_") and (self.at("^") or not self.names.plain_e):
            if not (self.names.plain_e and self.names.reading(("e",)) == "name"):
                return sp.E  # e^{...} is Euler's number; where the file defines e, also that name
        name, indices, ops = read_name(self, t.value)
        return self.finish_name(name, indices, t, ops)

    def greek(self) -> sp.Basic:
        t = self.next()
        name, indices, ops = read_name(self, t.value)
        return self.finish_name(name, indices, t, ops)

    def finish_name(self, name: str, indices, t: Token, ops=None) -> sp.Basic:
        """A name, or a call when the name is a function; then transposes and powers in order."""
        if not ops and self.at("(") and self._conditional():
            return self._probability(name, indices, t)
        if ops is None:
            name2, more, ops = read_name(self, "")
            if indices is not None and more is not None:
                self.fail("two subscripts on one name", t)
            name, indices = name + name2, indices if more is None else more
        primes = sum(info for kind, info, _ in ops if kind == "prime")
        call = self._is_call(name, primes)
        inverse = call and any(kind == "power" and _minus_one(tokens) for kind, _, tokens in ops) and \
            self.names.reading(("inverse", name)) == "inverse"
        if call and indices:  # g_{a,b}(x): the subscript is part of the function's name, never dropped
            name = f"{name}_{{{','.join(map(str, indices))}}}"
        if call:
            value = forms.named_call(self, name, primes, t)
        elif primes:
            self.fail(f"a prime on {name}, which is not a function: write {name}^T for a transpose", t)
        elif not indices and not ops and self.at("(") and self._call_or_product(name) == "call":
            value = forms.named_call(self, name, 0, t)
        elif name == r"\delta" and _kronecker(indices) and not self.names.plain_delta:
            value = sp.KroneckerDelta(*indices)  # \delta_{ij}: 1 where i = j, else 0
        else:
            value = self.names.indexed(name, indices) if indices else self.names.symbol(name)
        for kind, info, tokens in ops:
            if kind == "T":
                value = algebra.transpose(value)
            elif kind == "power" and inverse and _minus_one(tokens):
                value = forms.inverse_of(self, name, value, t)
            elif kind == "power":
                value = self._combine(algebra.power, value, self.exponent(tokens))
        return value

    def _conditional(self) -> bool:
        """The bracket ahead holds ``\\mid`` at its top level: ``P(y = 1 \\mid x)``."""
        start = self.i
        group = self.take_group(self.next())
        self.i = start
        depth = 0
        for t in group:
            depth += (t.value in ("(", "[", "{")) - (t.value in (")", "]", "}"))
            if depth == 0 and t.kind == "cmd" and t.value == r"\mid":
                return True
        return False

    def _probability(self, name: str, indices, t: Token) -> sp.Symbol:
        """``P(y \\mid x)``, ``\\tilde{P}(y = i \\mid x)``: a probability is a named quantity whose value
        the notes give (never a division, never a call): one name per text, spaces ignored. Only a
        whole side is read so: inside an expression the name would lose its dependence on i or y
        (``\\log \\tilde{P}(y = i \\mid x)`` is one number for every i), so it is refused there."""
        opener = self.next()
        group = self.take_group(opener)
        if self.depth or not self.done() or not self.toks or self.toks[0] is not t:
            self.fail("a probability inside an expression is not read: write it alone on one side "
                      "(P(y \\mid x) = ...), or give it a name", opener)
        inside = " ".join((t.arg or "") if t.kind == "text" else t.value for t in group)
        label = name + (f"_{{{','.join(map(str, indices))}}}" if indices else "")
        return sp.Symbol(f"{label}({inside})", real=True)

    def _call_or_product(self, name: str) -> str:
        """``S(H)``, S neither a defined function nor a defined value, and only names inside: a call
        of S or the product S H? Both readings are verified (readings.py). With an expression
        inside, a product (``\\theta(1 - \\theta)``), unless the file only ever writes the Greek
        name with a bracket after it (``\\zeta(z)``, ``\\zeta(-z_j)``): then both readings again."""
        if name in self.names.values:
            return "product"  # a(1-a) with a := sigma(z): a value is never called
        start = self.i
        group = self.take_group(self.next())
        self.i = start
        expression = self.names.reading(("call", name)) if name in self.names.applied else "product"
        for a, b in _comma_spans(group):
            inner = self.sub(group[a:b])
            try:
                inner.bare_name()
                if not inner.done():
                    return expression
            except ParseError:
                return expression
        return self.names.reading(("call", name))

    def _is_call(self, name: str, primes: int) -> bool:
        if name == r"\sigma" and (self.at("(") or primes):
            return True
        return self.names.is_function(name) and (self.at("(") or primes > 0 or name in self.names.heads)

    def bare_name(self, stop_at_power: bool = False) -> tuple[str, tuple | None]:
        """A name only (for heads, decorations and derivative variables): no call, no power."""
        t = self.peek()
        if t is None:
            self.fail("a name is missing")
        if t.kind == "sym" and t.value == "{":  # \partial{z_i}: a name in braces
            inner = self.sub(self.take_group(self.next()))
            name, indices = inner.bare_name(stop_at_power)
            if not inner.done():
                self.fail("braces around more than a name", t)
            return name, indices
        if t.kind == "letter" or (t.kind == "cmd" and t.value[1:] in GREEK):
            self.next()
            name, indices, ops = read_name(self, t.value, stop_at_power)
            if ops:
                self.fail(f"'{name}' with a power or transpose is not a name", t)
            return name, indices
        if t.kind == "cmd" and t.value in DECORATIONS:
            self.next()
            name, indices = decorated_base(self, t)
            more, extra, ops = read_name(self, "", stop_at_power)
            if ops or (extra and indices):
                self.fail(f"'{name}' with a power or transpose is not a name", t)
            return name + more, indices or extra
        if t.kind == "text" and (t.arg or "").strip().isalpha() and t.value in (r"\text", r"\mathrm",
                                                                               r"\operatorname", r"\mathit"):
            self.next()
            word = t.arg.strip()
            name, indices, ops = read_name(self, word)
            return name, indices
        self.fail("a name is expected here")
        raise AssertionError


def _minus_one(tokens: list[Token]) -> bool:
    return [t.value for t in tokens] == ["-", "1"]


def _comma_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    spans, start, depth = [], 0, 0
    for k, t in enumerate(tokens):
        depth += t.value in ("(", "[", "{") and t.kind == "sym"
        depth -= t.value in (")", "]", "}") and t.kind == "sym"
        if depth == 0 and t.kind == "sym" and t.value in (",", ";"):
            spans.append((start, k))
            start = k + 1
    return spans + [(start, len(tokens))]


def _kronecker(indices) -> bool:
    """Two integer indices, as in ``\\delta_{ij}`` or ``\\delta_{i,j}``: Kronecker's delta."""
    return indices is not None and len(indices) == 2 and all(
        getattr(i, "is_integer", False) and isinstance(i, sp.Symbol) for i in indices)

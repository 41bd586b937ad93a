"""A recursive-descent LaTeX parser that builds SymPy objects directly, never through text.

No part of the input reaches ``eval``, ``sympify``, ``parse_expr`` or ``Number(str)``: numbers are
read digit by digit (``algebra.number``), names become symbols by construction, and a construct
the parser does not know stops it with the position and a reason (``ParseError``); nothing is
guessed or dropped. Nesting depth, number size and exponent towers are bounded (see algebra.py).
Grammar, loosest first: expression (+ -), term (explicit products, quotients and juxtaposition),
unary (signs), factor (a primary with ``^``, ``!``), primary (numbers, names, groups, commands).
Fractions, derivatives, sums and environments live in ``forms.py``.
"""
from __future__ import annotations

import sympy as sp

from . import algebra, forms, names as nm
from .algebra import AlgebraError
from .tokens import Token
from .vocab import (ANNOTATED, DECORATIONS, ELLIPSES, GREEK, MULTIPLY, SIZES, SPACING, WRAPPERS,
                    Names, function_word)

MAX_DEPTH = 40
MAX_TOWER = 3
SKIP = SPACING | SIZES | {r"\label", r"\tag", r"\nonumber", r"\notag", r"\textcolor", r"\color"}
FUNCTION_COMMANDS = {r"\sin", r"\cos", r"\tan", r"\sec", r"\csc", r"\cot", r"\sinh", r"\cosh",
                     r"\tanh", r"\arcsin", r"\arccos", r"\arctan", r"\exp", r"\log", r"\ln", r"\max",
                     r"\min"}
REFUSED = {
    r"\int": "integrals are not supported", r"\iint": "integrals are not supported",
    r"\oint": "integrals are not supported", r"\lim": "limits are not supported",
    r"\over": "\\over outside braces", r"\pm": "± stands for two claims; write each sign",
    r"\mp": "∓ stands for two claims; write each sign", r"\{": "a set is not an expression",
    r"\det": "determinants are not supported", r"\arg": "arg max/min is not supported",
    r"\otimes": "\\otimes is ambiguous (outer or Kronecker product)", "\\\\": "a line break inside an expression",
    r"\lg": "\\lg has no agreed base", r"\infty": "infinity is only allowed as the limit of a sum",
    r"\langle": "angle brackets are not supported", r"\in": "\\in is not an expression",
}


class ParseError(Exception):
    """The side cannot be read: ``pos`` indexes the block text, ``reason`` says why."""

    def __init__(self, pos: int, reason: str) -> None:
        super().__init__(reason)
        self.pos, self.reason = pos, reason


class Parser:
    """Parse one side (a list of tokens) of a relation into a SymPy expression or matrix."""

    def __init__(self, tokens: list[Token], names: Names, text: str = "", depth: int = 0,
                 tower: int = 0, bound: tuple[str, ...] = (), end_pos: int | None = None) -> None:
        self.toks = [t for t in tokens if t.value not in SKIP]
        self.i, self.names, self.text = 0, names, text
        self.depth, self.tower, self.bound = depth, tower, bound
        self.end_pos = end_pos if end_pos is not None else (tokens[-1].end if tokens else 0)
        self.closing: tuple[str, ...] = ()  # bars that end the current group: "|" or "\\|"
        self.level = 0  # terms open in this parser (sums and d/dx nest without a sub-parser)

    # ------------------------------------------------------------ cursor
    def peek(self, k: int = 0) -> Token | None:
        return self.toks[self.i + k] if self.i + k < len(self.toks) else None

    def next(self) -> Token:
        token = self.peek()
        if token is None:
            self.fail("the expression ends too early")
        self.i += 1
        return token

    def at(self, *values: str) -> bool:
        t = self.peek()
        return t is not None and t.kind in ("sym", "cmd") and t.value in values

    def done(self) -> bool:
        return self.i >= len(self.toks)

    def fail(self, reason: str, token: Token | None = None) -> None:
        token = token or self.peek()
        raise ParseError(token.pos if token else self.end_pos, reason)

    def source(self, tokens: list[Token]) -> str:
        return self.text[tokens[0].pos:tokens[-1].end] if tokens and self.text else "".join(
            (t.arg or "") if t.kind == "text" else t.value for t in tokens)

    def sub(self, tokens: list[Token], tower: int | None = None, bound: tuple[str, ...] | None = None) -> "Parser":
        if self.depth + 1 > MAX_DEPTH:
            self.fail(f"nesting deeper than {MAX_DEPTH} levels", tokens[0] if tokens else None)
        end = tokens[-1].end if tokens else (self.peek().pos if self.peek() else self.end_pos)
        return Parser(tokens, self.names, self.text, self.depth + 1,
                      self.tower if tower is None else tower, self.bound if bound is None else bound, end)

    def whole(self) -> sp.Basic:
        """The whole token list as one expression; anything left over is an error."""
        if self.done():
            self.fail("an empty expression")
        value = self.expression()
        if not self.done():
            t = self.peek()
            self.fail(f"unexpected '{t.value if t.kind != 'text' else t.value + '{' + (t.arg or '') + '}'}'")
        try:
            algebra.check_value(value)
        except AlgebraError as e:
            self.fail(str(e), self.toks[0] if self.toks else None)
        return value

    # ------------------------------------------------------------ groups of tokens
    def take_group(self, opener: Token) -> list[Token]:
        """Tokens up to the bracket matching ``opener`` (already consumed); the closer is consumed."""
        depth, start = 1, self.i
        while self.i < len(self.toks):
            t = self.toks[self.i]
            if t.kind in ("sym", "cmd") and t.value in ("(", "[", "{", r"\{"):
                depth += 1
            elif t.kind in ("sym", "cmd") and t.value in (")", "]", "}", r"\}"):
                depth -= 1
                if depth == 0:
                    self.i += 1
                    pair = {"(": ")", "[": "]", "{": "}", r"\{": r"\}"}[opener.value]
                    if t.value != pair and not (opener.value == "(" and t.value == "]"):
                        self.fail(f"'{opener.value}' closed by '{t.value}'", t)
                    return self.toks[start:self.i - 1]
            self.i += 1
        self.fail(f"'{opener.value}' is never closed", opener)
        return []

    def read_argument(self) -> list[Token]:
        """A command's argument: a braced group, or one token (``\\frac12`` splits the digits)."""
        t = self.next()
        if t.kind == "sym" and t.value == "{":
            return self.take_group(t)
        if t.kind == "num" and len(t.value) > 1:
            rest = Token("num", t.value[1:], t.pos + 1, t.end)
            self.toks.insert(self.i, rest)
            return [Token("num", t.value[0], t.pos, t.pos + 1)]
        if t.kind in ("sym",) and t.value not in ("|",):
            self.fail(f"'{t.value}' cannot be an argument", t)
        return [t]

    def read_script(self, mark: Token) -> list[Token]:
        """What follows ``^`` or ``_``: a group, one token, or a sign and one token (``e^-x``)."""
        t = self.peek()
        if t is None:
            self.fail(f"nothing after '{mark.value}'", mark)
        if t.kind == "sym" and t.value == "{":
            return self.take_group(self.next())
        if t.kind == "num" and len(t.value) > 1:
            self.fail(f"'{mark.value}{t.value}' reads as '{mark.value}{t.value[0]}' followed by "
                      f"{t.value[1:]} in LaTeX: write {mark.value}{{{t.value}}}", t)
        if t.kind == "sym" and t.value in "+-":
            self.next()
            return [t, self.next()]
        if t.kind == "sym" and t.value not in ("*", "'"):
            self.fail(f"'{t.value}' after '{mark.value}'", t)
        if t.kind == "cmd" and t.value in (r"\frac", r"\sqrt", r"\left") | DECORATIONS.keys():
            self.fail(f"put the {'exponent' if mark.value == '^' else 'subscript'} in braces", t)
        return [self.next()]

    # ------------------------------------------------------------ grammar
    def expression(self) -> sp.Basic:
        value = self.term()
        while True:
            if self.at("+"):
                self.next()
                value = self._combine(algebra.add, value, self.term())
            elif self.at("-"):
                self.next()
                value = self._combine(algebra.add, value, self._combine(algebra.mul, sp.Integer(-1), self.term()))
            else:
                return value

    def term(self) -> sp.Basic:
        self.level += 1
        if self.depth + self.level > MAX_DEPTH:
            self.fail(f"nesting deeper than {MAX_DEPTH} levels")
        try:
            return self._term()
        finally:
            self.level -= 1

    def _term(self) -> sp.Basic:
        value = self.unary()
        while (t := self.peek()) is not None:
            op = MULTIPLY.get(t.value) if t.kind in ("sym", "cmd") else None
            if op:
                self.next()
                fn = {"mul": algebra.mul, "hadamard": algebra.hadamard, "div": algebra.div}[op]
                value = self._combine(fn, value, self.unary())
            elif self.starts_factor(t):
                if t.kind == "num" and self.i > 0 and self.toks[self.i - 1].kind == "num":
                    self.fail("two numbers side by side: write \\cdot or \\times between them", t)
                value = self._combine(algebra.mul, value, self.factor())
            else:
                return value
        return value

    def unary(self) -> sp.Basic:
        negative = False
        while self.at("-", "+"):
            negative ^= self.next().value == "-"
        value = self.factor()
        return self._combine(algebra.mul, sp.Integer(-1), value) if negative else value

    def factor(self) -> sp.Basic:
        value = self.primary()
        powered = False
        while True:
            if self.at("^"):
                mark = self.next()
                if powered:
                    self.fail("double superscript: use braces, x^{a^b} or {x^a}^b", mark)
                value, powered = self.superscript(value, mark), True
            elif self.at("!") and not (self.peek(1) and self.peek(1).value == "="):
                self.next()
                value = self._combine(algebra.factorial, value)
            elif self.at("_"):
                self.fail("a subscript on something that is not a name")
            elif self.at("'"):
                self.fail("a prime on something that is not a function: write ^T for a transpose")
            else:
                return value

    def superscript(self, value: sp.Basic, mark: Token) -> sp.Basic:
        tokens = self.read_script(mark)
        kind, info = nm.classify_superscript(self, tokens)
        if kind == "T":
            return algebra.transpose(value)
        if kind == "power":
            return self._combine(algebra.power, value, self.exponent(tokens))
        self.fail(f"superscript '{self.source(tokens)}' on something that is not a name", tokens[0])
        return value

    def exponent(self, tokens: list[Token]) -> sp.Basic:
        if self.tower + 1 > MAX_TOWER:
            self.fail(f"a tower of more than {MAX_TOWER} exponents", tokens[0])
        return self.sub(tokens, tower=self.tower + 1).whole()

    def _combine(self, fn, *args):
        try:
            return fn(*args)
        except AlgebraError as e:
            self.fail(str(e), self.toks[self.i - 1] if self.i else None)
        except (TypeError, ValueError, sp.ShapeError) as e:  # SymPy refusing a combination
            self.fail(f"cannot combine these terms ({type(e).__name__})", self.toks[self.i - 1] if self.i else None)

    def starts_factor(self, t: Token) -> bool:
        if t.kind in ("letter", "num", "text"):
            return t.kind != "text" or t.value not in (r"\end",)
        if t.kind == "sym":
            return t.value in "([{" or (t.value == "|" and "|" not in self.closing)
        if t.value in MULTIPLY or t.value in forms.CLOSERS:
            return False
        if t.value == r"\|" and r"\|" in self.closing:
            return False
        return t.value not in ("\\\\",) and not t.value.startswith(r"\r")

    # ------------------------------------------------------------ primaries
    def primary(self) -> sp.Basic:
        t = self.peek()
        if t is None:
            self.fail("an expression is missing here")
        if t.kind == "num":
            return forms.number_or_indicator(self)
        if t.kind == "letter":
            return self.letters()
        if t.kind == "text":
            return forms.text(self)
        if t.kind == "sym":
            return forms.bracket(self)
        if t.kind == "bad":
            self.fail(f"unexpected character '{t.value}'")
        return self.command(t)

    def command(self, t: Token) -> sp.Basic:
        v = t.value
        if v[1:] in GREEK:
            return self.greek()
        if v in REFUSED:
            self.fail(REFUSED[v])
        if v in ELLIPSES:
            self.fail("an ellipsis (\\dots) is not an expression: write the terms or a \\sum")
        if v == r"\pi":
            self.next()
            return sp.pi
        if v in FUNCTION_COMMANDS:
            self.next()
            return forms.apply_function(self, v[1:], t)
        if v in DECORATIONS:
            self.next()
            name, indices = nm.decorated_base(self, t)
            return self.finish_name(name, indices, t)
        if v in WRAPPERS:
            self.next()
            return self.sub(self.read_argument()).whole()
        if v in ANNOTATED:
            self.next()
            value = self.sub(self.read_argument()).whole()
            if self.at(ANNOTATED[v]):
                self.read_script(self.next())  # the annotation under the brace is a comment
            return value
        handler = forms.COMMANDS.get(v)
        if handler is None:
            self.fail(f"unknown command {v}")
        return handler(self)

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
            return sp.E  # e^{...} is always Euler's number; a lone e too, unless the file defines e
        name, indices, ops = nm.read_name(self, t.value)
        return self.finish_name(name, indices, t, ops)

    def greek(self) -> sp.Basic:
        t = self.next()
        name, indices, ops = nm.read_name(self, t.value)
        return self.finish_name(name, indices, t, ops)

    def finish_name(self, name: str, indices, t: Token, ops=None) -> sp.Basic:
        """A name, or a call when the name is a function; then transposes and powers in order."""
        if ops is None:
            name2, more, ops = nm.read_name(self, "")
            if indices is not None and more is not None:
                self.fail("two subscripts on one name", t)
            name, indices = name + name2, indices if more is None else more
        primes = sum(info for kind, info, _ in ops if kind == "prime")
        if self._is_call(name, primes):
            value = forms.named_call(self, name, primes, t)
        elif primes:
            self.fail(f"a prime on {name}, which is not a function: write {name}^T for a transpose", t)
        else:
            value = self.names.indexed(name, indices) if indices else self.names.symbol(name)
            if not ops and self.at("("):
                self._refuse_call_like(name)
        for kind, info, tokens in ops:
            if kind == "T":
                value = algebra.transpose(value)
            elif kind == "power":
                value = self._combine(algebra.power, value, self.exponent(tokens))
        return value

    def _refuse_call_like(self, name: str) -> None:
        """``S(H)``: a call of S or the product S H? Refused when the parentheses hold only names."""
        start = self.i
        group = self.take_group(self.next())
        self.i = start
        parts = [group[a:b] for a, b in _comma_spans(group)]
        for part in parts:
            inner = self.sub(part)
            try:
                inner.bare_name()
                if not inner.done():
                    return
            except ParseError:
                return
        self.fail(f"{name}({self.source(group)}) is ambiguous: a call of a function {name} or a product? "
                  f"write {name} \\cdot ({self.source(group)}), or define {name}(...) := ...", group[0])

    def _is_call(self, name: str, primes: int) -> bool:
        if name == r"\sigma" and (self.at("(") or primes):
            return True
        return self.names.is_function(name) and (self.at("(") or primes > 0 or name in self.names.heads)

    def bare_name(self, stop_at_power: bool = False) -> tuple[str, tuple | None]:
        """A name only (for heads, decorations and derivative variables): no call, no power."""
        t = self.peek()
        if t is None:
            self.fail("a name is missing")
        if t.kind == "letter" or (t.kind == "cmd" and t.value[1:] in GREEK):
            self.next()
            name, indices, ops = nm.read_name(self, t.value, stop_at_power)
            if ops:
                self.fail(f"'{name}' with a power or transpose is not a name", t)
            return name, indices
        if t.kind == "cmd" and t.value in DECORATIONS:
            self.next()
            name, indices = nm.decorated_base(self, t)
            more, extra, ops = nm.read_name(self, "", stop_at_power)
            if ops or (extra and indices):
                self.fail(f"'{name}' with a power or transpose is not a name", t)
            return name + more, indices or extra
        if t.kind == "text" and (t.arg or "").strip().isalpha() and t.value in (r"\text", r"\mathrm",
                                                                               r"\operatorname", r"\mathit"):
            self.next()
            word = t.arg.strip()
            name, indices, ops = nm.read_name(self, word)
            return name, indices
        self.fail("a name is expected here")
        raise AssertionError


def _comma_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    spans, start, depth = [], 0, 0
    for k, t in enumerate(tokens):
        depth += t.value in ("(", "[", "{") and t.kind == "sym"
        depth -= t.value in (")", "]", "}") and t.kind == "sym"
        if depth == 0 and t.kind == "sym" and t.value == ",":
            spans.append((start, k))
            start = k + 1
    return spans + [(start, len(tokens))]


def parse_tokens(tokens: list[Token], names: Names, text: str) -> sp.Basic:
    """Parse one side; trailing sentence punctuation (``.`` or ``,``) is ignored."""
    while tokens and tokens[-1].kind == "sym" and tokens[-1].value in ".,;":
        tokens = tokens[:-1]
    return Parser(tokens, names, text).whole()


def scan_indices(tokens: list[Token], names: Names) -> None:
    """Record the file's integer letters: subscript letters, sum indices, sums' upper limits."""
    opened_at: list[int] = []
    opener_of: dict[int, int] = {}  # index of a closing brace -> index of its opening brace
    for k, t in enumerate(tokens):
        if t.kind == "sym" and t.value == "{":
            opened_at.append(k)
        elif t.kind == "sym" and t.value == "}" and opened_at:
            opener_of[k] = opened_at.pop()
        if t.kind == "cmd" and t.value in (r"\sum", r"\prod"):
            _scan_big_operator(tokens, k, names)
        elif t.kind == "sym" and t.value == "_" and _on_a_name(tokens, k - 1, opener_of):
            letters = _script_letters(tokens, k + 1)
            if letters and len(letters) <= 2:
                names.integers.update(letters)


def _on_a_name(tokens: list[Token], k: int, opener_of: dict[int, int]) -> bool:
    """Whether a script after ``tokens[k]`` sits on a name (x_i, \\hat{y}_i, z^{L}_j), not on
    \\nabla, \\log or an annotation brace."""
    for _ in range(4):
        if k < 0:
            return False
        t = tokens[k]
        if t.kind == "letter" or (t.kind == "cmd" and t.value[1:] in GREEK):
            return True
        if not (t.kind == "sym" and t.value == "}" and k in opener_of):
            return False
        before = opener_of[k] - 1
        if before >= 0 and tokens[before].kind == "cmd" and tokens[before].value in DECORATIONS:
            return True
        if before < 0 or tokens[before].value not in ("^", "_"):
            return False
        k = before - 1
    return False


def _script_letters(tokens: list[Token], k: int) -> list[str]:
    if k < len(tokens) and tokens[k].kind == "letter":
        return [tokens[k].value]
    if k < len(tokens) and tokens[k].value == "{":
        inner = []
        for t in tokens[k + 1:]:
            if t.value == "}":
                return inner
            if t.kind == "letter":
                inner.append(t.value)
            elif not (t.kind == "num" or t.value in "+-,"):
                return []
    return []


def _scan_big_operator(tokens: list[Token], k: int, names: Names) -> None:
    j, upper = k + 1, False
    while j < len(tokens) and tokens[j].value in (r"\limits", r"\nolimits"):
        j += 1
    while j + 1 < len(tokens) and tokens[j].value in ("_", "^"):
        target = tokens[j + 1] if tokens[j + 1].value != "{" else (tokens[j + 2] if j + 2 < len(tokens) else None)
        if target is not None and target.kind == "letter":
            if tokens[j].value == "_":
                names.integers.update(_group_letters(tokens, j + 1))
            else:
                names.counts.add(target.value)
        upper = upper or tokens[j].value == "^"
        j = _skip_script(tokens, j + 1)
    if not upper:
        names.counts.add("n")


def _group_letters(tokens: list[Token], j: int) -> list[str]:
    if tokens[j].value != "{":
        return [tokens[j].value]
    end = _skip_script(tokens, j)
    return [t.value for t in tokens[j + 1:end - 1] if t.kind == "letter"]


def _skip_script(tokens: list[Token], j: int) -> int:
    if j < len(tokens) and tokens[j].value == "{":
        depth = 0
        for m in range(j, len(tokens)):
            depth += (tokens[m].value == "{") - (tokens[m].value == "}")
            if depth == 0:
                return m + 1
    return j + 1


def parse_expression(text: str, names: Names | None = None) -> sp.Basic:
    """Parse one expression written in LaTeX (for tests and the library's own use)."""
    from .tokens import tokenize
    names = names or Names()
    tokens = tokenize(text)
    scan_indices(tokens, names)
    names.integers -= names.counts
    return parse_tokens(tokens, names, text)

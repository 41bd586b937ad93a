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

from . import algebra
from . import bars

from . import forms

from . import names as nm

from . import scripts
from .algebra import AlgebraError
from .tokens import ParseError, Token
from .vectors import dot_products, sum_pattern
from .vocab import (ANNOTATED, DECORATIONS, ELLIPSES, GREEK, MULTIPLY, SIZES, SOFTMAX, SPACING, WRAPPERS,
                    Names)

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
    r"\in": "\\in is not an expression",
}


class Parser(nm.NameParsing):
    """Parse one side (a list of tokens) of a relation into a SymPy expression or matrix."""

    def __init__(self, tokens: list[Token], names: Names, text: str = "", depth: int = 0,
                 tower: int = 0, bound: tuple[str, ...] = (), end_pos: int | None = None) -> None:
        tokens = scripts.parenthesised_entries(scripts.braced_letters(scripts.blackboard_bold(tokens)), names)
        tokens = scripts.digits_after_letters(tokens, names)
        self.toks = [t for t in bars.rewrite(_colored_signs(tokens)) if t.value not in SKIP]
        self.i, self.names, self.text = 0, names, text
        self.depth, self.tower, self.bound = depth, tower, bound
        self.end_pos = end_pos if end_pos is not None else (tokens[-1].end if tokens else 0)
        self.closing: tuple[str, ...] = ()  # bars that end the current group: "|" or "\\|"
        self.level = 0  # terms open in this parser (sums and d/dx nest without a sub-parser)

    def _underlines_a_letter(self) -> bool:
        """``\\underline{\\delta}_l`` marks a name (a vector of the next layer), distinct from
        \\delta, as \\bar does; around anything else \\underline is only emphasis."""
        start = self.i
        self.next()
        try:
            return self.at("{") and _single_letter(self.read_argument())
        finally:
            self.i = start

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
        terms = [self.term()]  # added once at the end: adding one by one is quadratic in SymPy
        while self.at("+", "-"):
            sign = self.next().value
            if sign == "+" and self.peek() is not None and self.peek().value in ELLIPSES:
                terms = self._written_out_sum(terms, self.next())  # x_1 + x_2 + \dots + x_n
                continue
            term = self.term()
            terms.append(term if sign == "+" else self._combine(algebra.mul, sp.Integer(-1), term))
        return self._combine(algebra.add_all, terms)

    def _written_out_sum(self, terms: list[sp.Basic], dots: Token) -> list[sp.Basic]:
        """``x_1 + x_2 + \\dots + x_n``: the sum of x_k for k from 1 to n, when the terms before the
        dots are the first entries of the term after them; refused otherwise (never guessed)."""
        if not self.at("+"):
            self.fail("an ellipsis (\\dots) must stand between two + signs", dots)
        self.next()
        last = self.term()
        found = sum_pattern(terms, last)
        if found is None:
            self.fail("the terms around \\dots do not follow one pattern (x_1 + \\dots + x_n)", dots)
        keep, total = found
        return terms[:keep] + [total]

    def term(self) -> sp.Basic:
        self.level += 1
        if self.depth + self.level > MAX_DEPTH:
            self.fail(f"nesting deeper than {MAX_DEPTH} levels")
        try:
            return self._term()
        finally:
            self.level -= 1

    def _term(self) -> sp.Basic:
        factors = [self.unary()]  # multiplied once at the end, for the same reason
        while (t := self.peek()) is not None:
            op = MULTIPLY.get(t.value) if t.kind in ("sym", "cmd") else None
            if op is None and self._dot_between_names(t):
                op = "mul"  # W_1.a_0: a period between two names, no space either side, is a product
            if op == "mul":
                self.next()
                factors.append(self.unary())
            elif op == "div":
                self.next()
                factors.append(self._combine(algebra.reciprocal, self.unary()))
            elif op == "hadamard":
                self.next()
                left = self._combine(algebra.mul_all, factors)
                factors = [self._combine(algebra.hadamard, left, self.unary())]
            elif self.starts_factor(t):
                if t.kind == "num" and self.i > 0 and self.toks[self.i - 1].kind == "num":
                    self.fail("two numbers side by side: write \\cdot or \\times between them", t)
                factors.append(self.factor())
            else:
                break
        return self._combine(algebra.mul_all, dot_products(factors, self.names))

    def _dot_between_names(self, t: Token) -> bool:
        """``W_1.a_0`` (plain-text notes for W_1 a_0): a period right after a name (a letter, a digit
        of its subscript, or a closing brace) and right before a letter or Greek letter, with no space
        on either side. A decimal (``1.5``, ``.5``) is a number already, and a period before a space
        or at the end of a side is punctuation."""
        if t.kind != "sym" or t.value != "." or self.i == 0:
            return False
        before, after = self.toks[self.i - 1], self.peek(1)
        if after is None or after.space or t.space or before.kind not in ("letter", "num", "sym", "cmd"):
            return False
        if before.kind == "sym" and before.value != "}" or before.kind == "cmd" and before.value not in GREEK:
            return False
        if before.kind == "num" and (self.i < 2 or self.toks[self.i - 2].value != "_"):
            return False  # 2.x is not read: only a digit that is a subscript (W_1.a) ends a name
        return after.kind == "letter" or (after.kind == "cmd" and after.value in GREEK)

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
            elif self.at("_") and not powered and _softmax_of_a_name(value):
                value = self._softmax_entry(value, self.next())
            elif self.at("_"):
                self.fail("a subscript on something that is not a name")
            elif self.at("'"):
                self.fail("a prime on something that is not a function: write ^T for a transpose")
            else:
                return value

    def _softmax_entry(self, value: sp.Basic, mark: Token) -> sp.Basic:
        """``\\text{softmax}(z)_i`` of a vector name z of unstated length: entry i of softmax(z),
        written as softmax(z_i), which the notes define (plan/entry_heads.py) or which stays unknown."""
        tokens = self.read_script(mark)
        kind, info = scripts.classify_subscript(self, tokens)
        if kind != "index" or len(info) != 1:
            self.fail("softmax(z) takes one index: softmax(z)_i", mark)
        return SOFTMAX(self.names.indexed(str(value.args[0]), info))

    def superscript(self, value: sp.Basic, mark: Token) -> sp.Basic:
        tokens = self.read_script(mark)
        kind, info = scripts.classify_superscript(self, tokens)
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
        if v in DECORATIONS or (v == r"\underline" and self._underlines_a_letter()):
            self.next()
            name, indices = scripts.decorated_base(self, t)
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

def _single_letter(tokens: list[Token]) -> bool:
    return len(tokens) == 1 and (tokens[0].kind == "letter" or (tokens[0].kind == "cmd" and tokens[0].value[1:] in GREEK))


def _colored_signs(tokens: list[Token]) -> list[Token]:
    """``\\textcolor{blue}{-} \\eta``: a colored sign is the sign itself (its braces would make it
    an expression of its own, which a bare sign cannot be)."""
    out, k = [], 0
    while k < len(tokens):
        window = [t.value for t in tokens[k + 1:k + 4]]
        if tokens[k].value in (r"\textcolor", r"\color") and window[:1] == ["{"] and window[2:] == ["}"] \
                and window[1] in ("-", "+"):
            out.append(tokens[k + 2])
            k += 4
            continue
        out.append(tokens[k])
        k += 1
    return out


def parse_tokens(tokens: list[Token], names: Names, text: str) -> sp.Basic:
    """Parse one side; trailing sentence punctuation (``.`` or ``,``) is ignored."""
    while tokens and tokens[-1].kind == "sym" and tokens[-1].value in ".,;":
        tokens = tokens[:-1]
    return Parser(tokens, names, text).whole()


def parse_expression(text: str, names: Names | None = None) -> sp.Basic:
    """Parse one expression written in LaTeX (for tests and the library's own use)."""
    from .prescan import scan_indices
    from .tokens import tokenize
    names = names or Names()
    tokens = tokenize(text)
    scan_indices(tokens, names)
    names.integers -= names.counts
    return parse_tokens(tokens, names, text)


def _softmax_of_a_name(value: sp.Basic) -> bool:
    """softmax applied to one plain name (a vector of unstated length), not to a matrix."""
    return getattr(value, "func", None) == SOFTMAX and len(value.args) == 1 and isinstance(value.args[0], sp.Symbol) \
        and value.args[0].is_commutative

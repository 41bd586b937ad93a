"""Split the text of one math block into tokens, each with its offset for line/column messages.

The tokenizer never interprets anything: it only cuts the text into commands (``\\frac``), single
letters, numbers (digits with an optional decimal part, kept as text so they can be read exactly),
symbols, and the raw argument of text-like commands (``\\text{for } x`` keeps "for "), because a
word in ``\\text{}`` must not be read as a product of letters. Characters it does not know become
a ``bad`` token so the parser can refuse them with their position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BLOCK_CHARS = 20_000
MAX_NUMBER_DIGITS = 30

# Commands whose braced argument is text, not mathematics.
TEXT_COMMANDS = frozenset({
    r"\text", r"\textrm", r"\textit", r"\textbf", r"\textsf", r"\texttt", r"\textnormal", r"\mbox",
    r"\mathrm", r"\mathit", r"\mathsf", r"\mathtt", r"\operatorname", r"\operatorname*",
    r"\label", r"\tag", r"\tag*", r"\color", r"\textcolor", r"\begin", r"\end", r"\hspace",
    r"\vspace", r"\textcircled",
})

# A few Unicode characters that OCR and hand-typed notes use, mapped to their LaTeX.
UNICODE = {
    "\u2212": "-", "\u00d7": r"\times", "\u00b7": r"\cdot", "\u22c5": r"\cdot", "\u2202": r"\partial",
    "\u03c3": r"\sigma", "\u03b1": r"\alpha", "\u03b2": r"\beta", "\u03b8": r"\theta",
    "\u03b4": r"\delta", "\u03bb": r"\lambda", "\u03b7": r"\eta", "\u2207": r"\nabla",
    "\u2264": r"\le", "\u2265": r"\ge", "\u2260": r"\neq", "\u2248": r"\approx", "\u2192": r"\to",
    "\u21d2": r"\Rightarrow", "\u2208": r"\in", "\u2299": r"\odot", "\u2218": r"\circ",
    "\u2211": r"\sum", "\u221a": r"\sqrt", "\u22ef": r"\cdots", "\u2026": r"\dots",
}

SYMBOLS = set("+-*/^_()[]{}|',.!<>=&~:;?")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``kind`` is cmd, letter, num, sym, text or bad; ``pos``/``end`` index the block."""

    kind: str
    value: str
    pos: int
    end: int
    space: bool = False  # whitespace (or a line break) right before it
    arg: str | None = None  # the raw braced argument of a text-like command
    newline: bool = False  # a line break right before it

    def is_(self, *values: str) -> bool:
        return self.value in values and self.kind in ("cmd", "sym")


class TokenError(Exception):
    """The block cannot be tokenized (an unterminated text argument, or it is far too long)."""

    def __init__(self, pos: int, reason: str) -> None:
        super().__init__(reason)
        self.pos, self.reason = pos, reason


def tokenize(text: str) -> list[Token]:
    """Every token of ``text``; raises TokenError only for input that has no token structure."""
    if len(text) > MAX_BLOCK_CHARS:
        raise TokenError(0, f"math block longer than {MAX_BLOCK_CHARS} characters")
    tokens: list[Token] = []
    i, n, space, newline = 0, len(text), False, False
    while i < n:
        c = text[i]
        if c.isspace():
            space, newline, i = True, newline or c == "\n", i + 1
            continue
        if c == "%":  # a LaTeX comment runs to the end of the line
            while i < n and text[i] != "\n":
                i += 1
            continue
        token, i = _one(text, i)
        inner = _math_in_text(text, token)
        if inner is not None:  # \text{\textcolor{green}{\framebox{$ x $}}}: the math x, as a group
            tokens.extend(inner)
            space = newline = False
            continue
        tokens.append(Token(token.kind, token.value, token.pos, token.end, space, token.arg, newline))
        space = newline = False
    return tokens


# the argument of \text that only frames or colors one piece of math: \textcolor{c}{\framebox{$x$}}
_FRAMED_MATH = re.compile(r"^\s*(?:(?:\\textcolor\s*\{[A-Za-z0-9!]*\}|\\framebox|\\fbox)\s*\{\s*)+"
                          r"\$(?P<math>[^$]*)\$[\s}]*$")


def _math_in_text(text: str, token: Token) -> list[Token] | None:
    """The tokens of the math inside a \text that only frames or colors it, in braces; else None."""
    if token.kind != "text" or token.value not in (r"\text", r"\mbox", r"\textrm") or not token.arg:
        return None
    found = _FRAMED_MATH.match(token.arg)
    if found is None or found["math"].count("{") != found["math"].count("}"):
        return None
    start = text.index("$", token.pos) + 1
    inner = [Token(t.kind, t.value, t.pos + start, t.end + start, t.space, t.arg, t.newline)
             for t in tokenize(found["math"])]
    end = start + len(found["math"])
    return [Token("sym", "{", start - 1, start, True), *inner, Token("sym", "}", end, end + 1)]


def _one(text: str, i: int) -> tuple[Token, int]:
    c = text[i]
    if c == "\\":
        return _command(text, i)
    if "a" <= c <= "z" or "A" <= c <= "Z":
        return Token("letter", c, i, i + 1), i + 1
    if c.isdigit() and c.isascii() or (c == "." and i + 1 < len(text) and text[i + 1].isdigit()):
        return _number(text, i)
    if c in SYMBOLS:
        return Token("sym", c, i, i + 1), i + 1
    if c in UNICODE:
        mapped = UNICODE[c]
        kind = "cmd" if mapped.startswith("\\") else "sym"
        return Token(kind, mapped, i, i + 1), i + 1
    return Token("bad", c, i, i + 1), i + 1


def _number(text: str, i: int) -> tuple[Token, int]:
    j = i
    while j < len(text) and text[j].isascii() and text[j].isdigit():
        j += 1
    if j + 1 < len(text) and text[j] == "." and text[j + 1].isascii() and text[j + 1].isdigit():
        j += 1
        while j < len(text) and text[j].isascii() and text[j].isdigit():
            j += 1
    return Token("num", text[i:j], i, j), j


def _command(text: str, i: int) -> tuple[Token, int]:
    j = i + 1
    if j >= len(text):
        return Token("bad", "\\", i, j), j
    if not text[j].isalpha() or not text[j].isascii():
        return Token("cmd", text[i:j + 1], i, j + 1), j + 1  # \\ \, \; \{ \| ...
    while j < len(text) and text[j].isascii() and text[j].isalpha():
        j += 1
    if j < len(text) and text[j] == "*":
        j += 1
    name = text[i:j]
    if name.rstrip("*") not in TEXT_COMMANDS and name not in TEXT_COMMANDS:
        return Token("cmd", name, i, j), j
    return _text_argument(text, name, i, j)


def _text_argument(text: str, name: str, start: int, j: int) -> tuple[Token, int]:
    """Read ``{...}`` raw after a text-like command (nested braces kept); a single char otherwise."""
    k = j
    while k < len(text) and text[k] in " \t":
        k += 1
    if k >= len(text) or text[k] != "{":
        if k < len(text) and text[k].isascii() and text[k].isalnum():
            return Token("text", name, start, k + 1, arg=text[k]), k + 1
        return Token("text", name, start, j, arg=None), j
    depth, m = 0, k
    while m < len(text):
        if text[m] == "\\" and m + 1 < len(text):
            m += 2
            continue
        if text[m] == "{":
            depth += 1
        elif text[m] == "}":
            depth -= 1
            if depth == 0:
                return Token("text", name, start, m + 1, arg=text[k + 1:m]), m + 1
        m += 1
    raise TokenError(start, f"unbalanced braces after {name}")


class ParseError(Exception):
    """A side cannot be read: ``pos`` indexes the block text, ``reason`` says why."""

    def __init__(self, pos: int, reason: str) -> None:
        super().__init__(reason)
        self.pos, self.reason = pos, reason

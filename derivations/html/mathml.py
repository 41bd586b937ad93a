"""Typesetting as MathML Core: gradproof's own SymPy expressions, and the notes' LaTeX as written.

Two sources, one way out. SymPy's presentation printer (with gradproof's named functions given
their own presentation: sigma as σ, ReLU, ReLU', generic φ, names shown as δ^1_2) and latex2mathml
both give a tree; every tree is rebuilt here from an allowlist of MathML elements and attributes,
and every text node is escaped, so ``\\text{<script>...}`` in a person's notes arrives as text.
``mathvariant`` (bold, double-struck, ...) is replaced by the Unicode mathematical letters, which
Chromium draws (it ignores the attribute), so bold x and x, two names to gradproof, look different.
Nothing here prints or touches files.
"""
from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.mathml import MathMLPresentationPrinter

from ..notes.read.tokens import TokenError, tokenize

ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup", "munder",
    "mover", "munderover", "mfrac", "msqrt", "mroot", "mtable", "mtr", "mtd", "mstyle", "mpadded",
    "mphantom", "merror", "mmultiscripts", "mprescripts", "none", "semantics",
})
ATTRIBUTES = frozenset({
    "display", "stretchy", "fence", "form", "separator", "lspace", "rspace", "minsize", "maxsize",
    "movablelimits", "symmetric", "largeop", "accent", "accentunder", "linethickness", "scriptlevel",
    "displaystyle", "width", "height", "depth", "columnspan", "rowspan",
})
_SAFE_VALUE = re.compile(r"^[\w .%+-]{0,40}$")
_FENCES = frozenset("()[]{}⟨⟩")
_ARITY = {"msub": 2, "msup": 2, "mfrac": 2, "mroot": 2, "munder": 2, "mover": 2, "msubsup": 3, "munderover": 3}

# mathvariant -> the prefix of the Unicode names of its letters, and the letterlike exceptions.
_VARIANTS = {
    "bold": "BOLD", "italic": "ITALIC", "bold-italic": "BOLD ITALIC", "double-struck": "DOUBLE-STRUCK",
    "script": "SCRIPT", "bold-script": "BOLD SCRIPT", "fraktur": "FRAKTUR", "bold-fraktur": "BOLD FRAKTUR",
    "sans-serif": "SANS-SERIF", "bold-sans-serif": "SANS-SERIF BOLD", "sans-serif-italic": "SANS-SERIF ITALIC",
    "sans-serif-bold-italic": "SANS-SERIF BOLD ITALIC", "monospace": "MONOSPACE",
}
_LETTERLIKE = {"DOUBLE-STRUCK": "DOUBLE-STRUCK", "SCRIPT": "SCRIPT", "FRAKTUR": "BLACK-LETTER"}

Node = Any  # a (tag, attributes, children) tuple, or a str (text)


def styled(text: str, variant: str) -> str:
    """``text`` in the Unicode mathematical letters of ``variant`` (``bold`` x -> 𝐱); others kept."""
    prefix = _VARIANTS.get(variant)
    if not prefix:
        return text
    return "".join(_styled_char(c, prefix) for c in text)


def _styled_char(c: str, prefix: str) -> str:
    try:
        name = unicodedata.name(c)
    except ValueError:
        return c
    m = re.match(r"^(LATIN|GREEK) (CAPITAL|SMALL) LETTER (\w+)$", name) or re.match(r"^(DIGIT) (\w+)$", name)
    if not m:
        return c
    if m.group(1) == "DIGIT":
        wanted = [f"MATHEMATICAL {prefix} DIGIT {m.group(2)}"]
    else:
        case, letter = m.group(2), m.group(3)
        wanted = [f"MATHEMATICAL {prefix} {case} {letter}"]
        if prefix in _LETTERLIKE:
            wanted.append(f"{_LETTERLIKE[prefix]} {case} {letter}")
        if prefix == "ITALIC" and letter == "H" and case == "SMALL":
            wanted.append("PLANCK CONSTANT")
    for candidate in wanted:
        try:
            return unicodedata.lookup(candidate)
        except KeyError:
            continue
    return c


# ---------------------------------------------------------------- the rebuild

def serialize(node: Node, variant: str = "") -> str:
    """A sanitized tree as MathML text: allowed elements and attributes only, every text escaped."""
    if isinstance(node, str):
        return html.escape(styled(node, variant) if variant else node, quote=False)
    tag, attributes, children = node
    variant = attributes.get("mathvariant", variant)
    if tag == "mfenced":  # not in MathML Core: the same fences as operators
        opening, closing = attributes.get("open", "("), attributes.get("close", ")")
        parts = [("mo", {}, [opening])]
        for k, child in enumerate(children):
            parts += [("mo", {}, [","])] * (k > 0) + [child]
        return serialize(("mrow", {}, parts + [("mo", {}, [closing])]), variant)
    if tag not in ELEMENTS:
        tag = "mrow"  # an unknown element keeps its content, never its name or attributes
    children = _fit_arity(tag, children)
    if tag == "mrow" and len(children) >= 2 and _is_fence(children[0]) and _is_fence(children[-1]) \
            and not any(_tall(c) for c in children[1:-1]):
        # Chromium draws a stretchy bracket with room on both sides even around one line of text.
        children = [_unstretched(children[0]), *children[1:-1], _unstretched(children[-1])]
    kept = {k: v for k, v in attributes.items() if k in ATTRIBUTES and _SAFE_VALUE.match(v)}
    if tag == "mo" and len(children) == 1 and children[0] in _FENCES:
        kept.setdefault("lspace", "0")  # Chromium spaces a bracket as an infix operator otherwise
        kept.setdefault("rspace", "0")
    if tag == "mi" and attributes.get("mathvariant") == "normal":
        kept["mathvariant"] = "normal"  # the one value MathML Core keeps: an upright single letter
    attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in sorted(kept.items()))
    inner = "".join(serialize(child, variant) for child in children)
    return f"<{tag}{attrs}>{inner}</{tag}>"


_TALL = frozenset({"mfrac", "mtable", "munder", "mover", "munderover", "msqrt", "mroot"})


def _is_fence(node: Node) -> bool:
    return not isinstance(node, str) and node[0] == "mo" and len(node[2]) == 1 and node[2][0] in _FENCES


def _tall(node: Node) -> bool:
    return not isinstance(node, str) and (node[0] in _TALL or any(_tall(c) for c in node[2]))


def _unstretched(node: Node) -> Node:
    return (node[0], {**node[1], "stretchy": node[1].get("stretchy", "false")}, node[2])


def _fit_arity(tag: str, children: list) -> list:
    """Scripts and fractions with the number of children MathML requires (latex2mathml can give more)."""
    arity = _ARITY.get(tag)
    if not arity or len(children) == arity:
        return children
    if len(children) < arity:
        return children + [("mrow", {}, [])] * (arity - len(children))
    extra = len(children) - arity + 1
    return [("mrow", {}, children[:extra])] + children[extra:]


def from_etree(element, unescape=lambda s: s) -> Node:
    """An ElementTree element (latex2mathml) as a tree of tuples; its text through ``unescape``."""
    children: list = [unescape(element.text)] if element.text else []
    for child in element:
        children.append(from_etree(child, unescape))
        if child.tail:
            children.append(unescape(child.tail))
    return (str(element.tag), dict(element.attrib), children)


_SYMPY_TEXT = {"-": "−", "ⅆ": "d"}  # a minus sign, not a hyphen; d of a total derivative upright


def from_minidom(node) -> Node:
    """A minidom node (SymPy's printer) as a tree of tuples; SymPy writes entities into its text."""
    if node.nodeType == node.TEXT_NODE:
        text = html.unescape(node.data)
        return _SYMPY_TEXT.get(text, text)
    attributes = {k: v for k, v in node.attributes.items()} if node.attributes else {}
    if node.tagName == "mo" and [c.data for c in node.childNodes if c.nodeType == c.TEXT_NODE] == ["&dd;"]:
        return ("mi", {"mathvariant": "normal"}, ["d"])  # the d of d/dx: a letter, not an operator
    return (node.tagName, attributes, [from_minidom(child) for child in node.childNodes])


def wrap(node: Node, display: bool) -> str:
    body = node[2] if isinstance(node, tuple) and node[0] == "math" else [node]
    return serialize(("math", {"display": "block" if display else "inline"}, body))


# ---------------------------------------------------------------- gradproof's own expressions

class Printer(MathMLPresentationPrinter):
    """SymPy's presentation printer, with the notes' names for gradproof's functions."""

    _NAMES = {"sigma": "σ", "relu": "ReLU", "relu_prime": "ReLU′"}

    def __init__(self) -> None:
        super().__init__({"mul_symbol": None})

    def _call(self, name: Node, args) -> Any:
        mrow = self.dom.createElement("mrow")
        mrow.appendChild(name)
        mrow.appendChild(self._paren_comma_separated(*args))
        return mrow

    def _mi(self, text: str):
        mi = self.dom.createElement("mi")
        mi.appendChild(self.dom.createTextNode(text))
        return mi

    def _print_sigma(self, e):
        return self._call(self._mi("σ"), e.args)

    def _print_relu(self, e):
        return self._call(self._mi("ReLU"), e.args)

    def _print_relu_prime(self, e):
        return self._call(self._mi("ReLU′"), e.args)

    def _print_Function(self, e):
        # SymPy dispatches a Function subclass on its own name or Function only, so gradproof's
        # families of named functions (generic, shown, in order) are told apart here.
        from ..catalog.generic import Generic, InOrder, Shown, SumInOrder

        if isinstance(e, Shown):
            return self._print(sp.Symbol(sp.sstr(e)))  # the name it is shown under, e.g. delta^1_2
        if isinstance(e, Generic):
            return self._call(self._mi(type(e)._pretty_name.replace("'", "′")), e.args)
        if isinstance(e, InOrder):
            return self._in_order(e)
        if isinstance(e, SumInOrder):
            return self._sum_in_order(e)
        if isinstance(e, AppliedUndef):
            name = self._print(sp.Symbol(e.func.__name__))
            return name if not e.args else self._call(name, e.args)
        return super()._print_Function(e)

    def _print_Derivative(self, e):
        row = super()._print_Derivative(e)
        if isinstance(e.expr, (sp.Add, sp.Mul)) and row.lastChild is not None:  # d/dx (u + v), not d/dx u + v
            row.replaceChild(self._paren_comma_separated(e.expr), row.lastChild)
        return row

    def _print_Jacobian(self, e):
        return self._print(e._display())  # d/dv [F], as the terminal shows it

    def _print_KroneckerDelta(self, e):
        sub = self.dom.createElement("msub")
        sub.appendChild(self._mi("δ"))
        indices = self.dom.createElement("mrow")
        for index in e.args:
            indices.appendChild(self._print(index))
        sub.appendChild(indices)
        return sub

    def _print_Subs(self, e):
        # f'(point) as SymPy keeps it: the derivative, then a bar with "variable = point" below.
        row = self.dom.createElement("mrow")
        row.appendChild(self._print(e.expr))
        at = self.dom.createElement("msub")
        bar = self._operator("|")
        bar.setAttribute("stretchy", "true")
        at.appendChild(bar)
        where = self.dom.createElement("mrow")
        for k, (variable, point) in enumerate(zip(e.variables, e.point)):
            if k:
                where.appendChild(self._operator(","))
            for part in (self._print(variable), self._operator("="), self._print(point)):
                where.appendChild(part)
        at.appendChild(where)
        row.appendChild(at)
        return row

    def _in_order(self, e):
        mrow = self.dom.createElement("mrow")
        for k, factor in enumerate(e._factors()):
            if k:
                mrow.appendChild(self._operator("\u2062"))  # invisible times
            printed = self._print(factor)
            mrow.appendChild(self._paren_comma_separated(factor) if isinstance(factor, sp.Add) else printed)
        return mrow

    def _sum_in_order(self, e):
        mrow = self.dom.createElement("mrow")
        mrow.appendChild(self._print(e.args[0]))
        for term in e.args[1:]:
            negative = term.could_extract_minus_sign()
            mrow.appendChild(self._operator("−" if negative else "+"))
            mrow.appendChild(self._print(-term if negative else term))
        return mrow

    def _operator(self, text: str):
        mo = self.dom.createElement("mo")
        mo.appendChild(self.dom.createTextNode(text))
        return mo


def sympy_mathml(expr: Any, display: bool = True) -> str:
    """A SymPy expression (or ``lhs = rhs`` given as a pair) as a sanitized ``<math>`` element."""
    printer = Printer()
    if isinstance(expr, tuple):
        lhs, rhs = expr
        row = printer.dom.createElement("mrow")
        for part in (printer._print(lhs), printer._operator("="), printer._print(rhs)):
            row.appendChild(part)
        return wrap(_spaced(from_minidom(row)), display)
    return wrap(_spaced(from_minidom(printer._print(expr))), display)


# ---------------------------------------------------------------- the notes' LaTeX

_ENV = re.compile(r"^\s*\\begin\{(align|aligned|alignat|flalign|gather|gathered|split|multline|equation|eqnarray)"
                  r"(\*?)\}(\{\d+\})?(?P<body>.*)\\end\{\1\2\}\s*$", re.S)
_LAYOUT = re.compile(r"\\(label|tag\*?)\{[^{}]*\}|\\nonumber|\\notag")


def latex_mathml(tex: str, display: bool = True) -> str | None:
    """The notes' LaTeX as a sanitized ``<math>`` element, or None when it cannot be typeset.

    None when gradproof's tokenizer cannot read the text, or latex2mathml fails or leaves a
    command it does not know (``\\foo`` would show as the letters "\\foo"): the caller shows the
    source instead, never an empty box. Rows of ``align``/``aligned`` (``\\\\`` and ``&``) become a
    table, one row a line, the columns aligned at the ``&``.
    """
    try:
        if any(t.kind == "bad" for t in tokenize(tex)):
            return None
    except TokenError:
        return None
    body = _LAYOUT.sub("", tex)
    m = _ENV.match(body)
    body = m.group("body") if m else body
    rows = [_split_top(row, "&") for row in _split_top(body, "\\\\")]
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    try:
        if len(rows) == 1 and len(rows[0]) == 1:
            return wrap(_convert(rows[0][0]), display)
        table = [("mtr", {}, [("mtd", {}, [_convert(cell)]) for cell in row]) for row in rows]
        return wrap(("mtable", {}, table), display)
    except _Unreadable:
        return None


class _Unreadable(Exception):
    pass


def _convert(tex: str) -> Node:
    import latex2mathml.converter

    if not tex.strip():
        return ("mrow", {}, [])
    try:
        element = latex2mathml.converter.convert_to_element(tex)
    except Exception as error:  # latex2mathml raises many kinds; any of them means "cannot typeset"
        raise _Unreadable(str(error)) from None
    tree = from_etree(element, _numeric_references)
    if _unknown_command(tree):
        raise _Unreadable("an unknown command")
    return _spaced(("mrow", {}, tree[2]))


_THIN = ("mspace", {"width": "0.1667em"}, [])


def _spaced(node: Node) -> Node:
    """A thin space on each side of a function name (``y \\log a`` reads "y log a", not "yloga")."""
    if isinstance(node, str):
        return node
    tag, attributes, children = node
    children = [_spaced(c) for c in children]
    out: list = []
    for k, child in enumerate(children):
        named = _is_name(child) or _is_call(child)
        if named and k and not _is_mo(children[k - 1]):
            out.append(_THIN)
        out.append(child)
        if named and k + 1 < len(children) and not _is_mo(children[k + 1]) and not _opens(children[k + 1]):
            out.append(_THIN)
    return (tag, attributes, out)


def _is_name(node: Node) -> bool:
    return (not isinstance(node, str) and node[0] == "mi" and len(node[2]) == 1 and isinstance(node[2][0], str)
            and len(node[2][0]) > 1 and node[2][0].isalpha())


def _is_call(node: Node) -> bool:
    """``log(a)`` as SymPy writes it: an mrow of a function name and its parenthesised arguments."""
    return not isinstance(node, str) and node[0] == "mrow" and len(node[2]) == 2 and _is_name(node[2][0])


def _is_mo(node: Node) -> bool:
    """An operator that spaces itself (invisible times does not)."""
    return not isinstance(node, str) and node[0] == "mo" and node[2] != ["\u2062"]


def _opens(node: Node) -> bool:
    """``(a)`` after a function name: log(a) keeps its parenthesis close."""
    return not isinstance(node, str) and node[0] == "mrow" and bool(node[2]) and _is_fence(node[2][0])


def _numeric_references(text: str) -> str:
    # latex2mathml writes every symbol as &#x...; the person's own text is left as written.
    return re.sub(r"&#x([0-9A-Fa-f]{1,6});", lambda m: chr(int(m.group(1), 16)), text)


def _unknown_command(node: Node) -> bool:
    if isinstance(node, str):
        return False
    tag, _, children = node
    if tag in ("mi", "mo") and any(isinstance(c, str) and c.startswith("\\") for c in children):
        return True
    return any(_unknown_command(c) for c in children)


def _split_top(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside braces and outside nested environments (matrices)."""
    parts, depth, env, start, i = [], 0, 0, 0, 0
    while i < len(text):
        if text.startswith("\\begin{", i):
            env += 1
        elif text.startswith("\\end{", i):
            env -= 1
        if text[i] == "\\" and not text.startswith(separator, i):
            i += 2
            continue
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
        elif depth == 0 and env == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    return parts + [text[start:]]

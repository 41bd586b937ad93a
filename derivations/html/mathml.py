"""MathML Core for the page: a tree of (tag, attributes, children) rebuilt from an allowlist.

Both typesetters (``printer`` for gradproof's SymPy expressions, ``latex`` for the notes' LaTeX as
written) hand their output here as a tree; ``serialize`` keeps only the MathML elements and
attributes of the allowlist and escapes every text node, so ``\\text{<script>...}`` in a person's
notes arrives as text. ``mathvariant`` (bold, double-struck, ...) becomes the Unicode mathematical
letters, which Chromium draws (it ignores the attribute), so bold x and x, two names to gradproof,
look different. Nothing here prints.
"""
from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

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


_THIN = ("mspace", {"width": "0.1667em"}, [])


def spaced(node: Node) -> Node:
    """A thin space on each side of a function name (``y \\log a`` reads "y log a", not "yloga")."""
    if isinstance(node, str):
        return node
    tag, attributes, children = node
    children = [spaced(c) for c in children]
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

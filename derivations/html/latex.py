"""The notes' LaTeX, as written, as MathML: latex2mathml, its output rebuilt from the allowlist."""
from __future__ import annotations

import re

from ..notes.read.tokens import TokenError, tokenize
from .mathml import Node, from_etree, spaced, wrap

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
    return spaced(("mrow", {}, tree[2]))


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

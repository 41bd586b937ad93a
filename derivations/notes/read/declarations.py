"""Declarations of shape: ``A, B \\in \\mathbb{R}^{2 \\times 2}`` (matrices), ``x \\in \\mathbb{R}^{n}``
(vectors), and bold capitals (``\\mathbf{W}``), which are matrices without a declaration.

The reader uses them to make matrices noncommutative symbols and ``u^T v`` a dot product; the
verifier (matrices.py) uses the sizes for concrete counterexamples.
"""
from __future__ import annotations

import re

# "A, B \in \mathbb{R}^{2 \times 2}" in a block: the names, then the space
DECLARATION = re.compile(r"((?:\\?[A-Za-z]+(?:\{[^{}$]*\})?(?:_\{?\w+\}?)?\s*,\s*)*\\?[A-Za-z]+(?:\{[^{}$]*\})?"
                         r"(?:_\{?\w+\}?)?)\s*\\in\s*(\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*(?:\{[^{}]*\}|\w))")
_DECLARATION = re.compile(r"^\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*\{\s*([A-Za-z0-9]+)\s*\\times\s*([A-Za-z0-9]+)\s*\}$")


def declared_size(space: str) -> tuple[object, object] | None:
    """``\\mathbb{R}^{2 \\times 3}`` -> (2, 3), ``\\mathbb{R}^{m \\times n}`` -> ("m", "n"); None if
    the space is not of matrices (a vector space, m or n equal to 1, anything else)."""
    found = _DECLARATION.match(" ".join(space.split()))
    if not found:
        return None
    dims = tuple(int(d) if d.isdigit() else d for d in found.groups())
    return None if 1 in dims else dims


def declared_length(space: str) -> object | None:
    """``\\mathbb{R}^{n}``, ``\\mathbb{R}^3``, ``\\mathbb{R}^{n \\times 1}``: a vector of that length."""
    text = " ".join(space.split())
    found = re.match(r"^\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*\{?\s*([A-Za-z]|\d+)\s*(?:\\times\s*1\s*)?\}?$", text)
    if not found:
        return None
    return int(found.group(1)) if found.group(1).isdigit() else found.group(1)


def is_bold_capital(name: str) -> bool:
    inner = re.fullmatch(r"\\mathbf\{(\\?[A-Za-z]+)\}", name)
    if not inner:
        return False
    letter = inner.group(1).lstrip("\\")
    return letter[:1].isupper()

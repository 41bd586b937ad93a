"""Scripts on a name: what a subscript or superscript means.

Subscripts: digits are part of the name (``w_1`` and ``w_{1}`` are the name w_1); one or two
letters, or index expressions such as ``i+1``, index an entry (``w_i`` is the i-th entry of w);
a word (``W_{\\text{hidden}}``, ``x_{max}``) is part of the name.
A label as a subscript (``a_{y_j}``) is the entry at that label (verify/labels.py: never refuted).
Superscripts: ``T``, ``\\top``, ``\\intercal`` transpose; ``\\prime`` is a derivative (functions
only); ``[2]``, ``(L)``, ``*``, a word (``new``) or a declared layer letter are part of the name;
``^{L}`` undeclared is read both ways (readings.py); anything else is a power. Two letters such
as ``a^{ij}`` are refused: power or name is a guess.
"""
from __future__ import annotations

import sympy as sp

from .tokens import Token
from .vocab import CONVENTIONAL_FUNCTIONS, DECORATIONS, GREEK, SIZES, TRANSPOSE

SIMPLE_INDEX = set("+-,") | set("0123456789")


def _text(t: Token) -> str:
    return (t.arg or "").strip() if t.kind == "text" else t.value


def script_word(tokens: list[Token]) -> str | None:
    """The word a script spells (``new``, ``\\text{hidden}``), or None."""
    if len(tokens) == 1 and tokens[0].kind == "text" and (tokens[0].arg or "").strip().isalpha():
        return tokens[0].arg.strip()
    if len(tokens) >= 3 and all(t.kind == "letter" for t in tokens) and not any(t.space for t in tokens[1:]):
        return "".join(t.value for t in tokens)
    return None


LAYER_LETTERS = {"L", "l"}


def classify_superscript(p, tokens: list[Token]) -> tuple[str, object]:
    """('T', None), ('prime', n), ('name', text) or ('power', tokens) for a superscript's tokens."""
    values = [_text(t) if t.kind == "text" else t.value for t in tokens]
    if len(tokens) == 1 and (values[0] in TRANSPOSE or (tokens[0].kind == "text" and
                                                       (tokens[0].arg or "").strip() == "T")):
        return "T", None
    if tokens and all(v == r"\prime" for v in values):
        return "prime", len(tokens)
    if values == ["*"] or values == [r"\ast"] or values == [r"\star"]:
        return "name", "*"
    if len(tokens) >= 3 and values[0] + values[-1] in ("[]", "()") and _mark(tokens[1:-1]):
        return "name", p.source(tokens)  # a^{(3)}, a^{[l]}, a^{(n_l)}: a layer mark, part of the name
    layer_like = tokens and tokens[0].kind == "letter" and (len(tokens) == 1 or (
        len(tokens) == 3 and values[1] in "+-" and tokens[2].kind == "num"))
    if layer_like and values[0] in p.names.layers:
        return "name", "".join(values)  # a^{L}, a^{L-1} with L declared a layer
    if layer_like and values[0] in LAYER_LETTERS:
        if p.names.reading(("layer", values[0])) == "layer":
            return "name", "".join(values)  # a^{L}, a^{L-1} undeclared: powers, or layers? both are verified
    word = script_word(tokens)
    if word is not None:
        return "name", word
    if len(tokens) == 2 and all(t.kind == "letter" for t in tokens) and not tokens[1].space \
            and values[0] + values[1] not in p.names.products:
        p.fail(f"superscript '{values[0]}{values[1]}' is ambiguous: write a power as "
               f"^{{{values[0]} {values[1]}}} or a name as ^{{\\text{{{values[0]}{values[1]}}}}}", tokens[0])
    return "power", tokens


def _mark(tokens: list[Token]) -> bool:
    """The inside of a bracketed superscript that marks a layer: simple, or with one subscript (n_l)."""
    return _simple(tokens) or (bool(tokens) and all(
        t.kind in ("letter", "num") or t.value in SIMPLE_INDEX or t.value in ("_", "{", "}") for t in tokens)
        and sum(t.value == "_" for t in tokens) == 1)


def _simple(tokens: list[Token]) -> bool:
    return bool(tokens) and all(t.kind == "letter" or t.value in SIMPLE_INDEX or t.kind == "num"
                                for t in tokens)


def classify_subscript(p, tokens: list[Token]) -> tuple[str, object]:
    """('suffix', text) for a part of the name, or ('index', (i, j, ...)) for an entry."""
    if len(tokens) == 1 and tokens[0].kind == "num" and tokens[0].value.isdigit():
        return "suffix", tokens[0].value
    word = script_word(tokens)
    if word is not None:
        return "suffix", "{%s}" % word
    if len(tokens) == 1 and tokens[0].kind == "cmd" and tokens[0].value[1:] in GREEK:
        return "suffix", tokens[0].value
    if _simple(tokens):
        return "index", _indices(p, tokens)
    if len(tokens) >= 3 and tokens[0].value == "(" and tokens[-1].value == ")" and _simple(tokens[1:-1]):
        return "index", _indices(p, tokens[1:-1])  # s_{(l+1)}: the index l + 1 in parentheses
    if _nested(tokens):
        return "index", (p.sub(tokens).whole(),)  # a_{y_j}: the entry whose index is the label y_j
    p.fail(f"subscript '{p.source(tokens)}' is not understood", tokens[0] if tokens else None)
    raise AssertionError  # fail raises


def _nested(tokens: list[Token]) -> bool:
    """``y_j`` or ``y_{j}`` as a subscript: one lowercase letter with a one-letter index."""
    values = [t.value for t in tokens]
    if len(tokens) == 5 and values[2] == "{" and values[4] == "}":
        tokens, values = tokens[:2] + tokens[3:4], values[:2] + values[3:4]
    return len(tokens) == 3 and values[1] == "_" and all(t.kind == "letter" and t.value.islower()
                                                       for t in (tokens[0], tokens[2]))


def _indices(p, tokens: list[Token]) -> tuple[sp.Expr, ...]:
    """``jk`` and ``j,k`` are two indices; ``i+1`` is one; each part must be integer-valued."""
    parts: list[list[Token]] = [[]]
    for t in tokens:
        if t.value == ",":
            parts.append([])
        else:
            parts[-1].append(t)
    if len(parts) == 1 and all(t.kind == "letter" or (t.kind == "num" and len(t.value) == 1) for t in tokens):
        parts = [[t] for t in tokens]  # w_{jk}, w_{1j}: one index per character
    out = []
    for part in parts:
        for t in part:  # a letter the file-wide scan missed is still an index here
            if t.kind == "letter" and t.value not in p.names.counts:
                p.names.integers.add(t.value)
        value = p.sub(part).whole()
        if not all(s.is_integer for s in value.free_symbols) or not (value.is_integer or value.free_symbols):
            p.fail(f"index '{p.source(part)}' is not an integer", part[0] if part else None)
        out.append(value)
    return tuple(out)


def read_name(p, base: str, stop_at_power: bool = False) -> tuple[str, tuple | None, list]:
    """After a base letter or Greek letter: (name, indices or None, operations to apply).

    With ``stop_at_power`` a power is left unread (in ``\\partial x^2`` it is the order)."""
    suffix, indices, decorations, ops = None, None, [], []
    while p.at("_") or p.at("^") or p.at("'"):
        start = p.i
        mark = p.next()
        if mark.value == "'":
            ops.append(("prime", 1, []))
            continue
        tokens = p.read_script(mark)
        if mark.value == "_":
            if suffix is not None or indices is not None:
                p.fail("two subscripts on one name", mark)
            kind, info = ("suffix", "{in}") if _worded_in(p, base, tokens) else classify_subscript(p, tokens)
            suffix, indices = (info, None) if kind == "suffix" else (None, info)
            continue
        kind, info = classify_superscript(p, tokens)
        if kind == "power" and stop_at_power:
            p.i = start
            break
        if kind == "name":
            decorations.append(info)
        else:
            if any(k == "power" for k, _, _ in ops) and kind == "power":
                p.fail("double superscript: use braces, x^{a^b} or {x^a}^b", mark)
            ops.append((kind, info, tokens))
    name = base + "".join("^{%s}" % d for d in decorations) + (f"_{suffix}" if suffix else "")
    return name, indices, ops


def _worded_in(p, base: str, tokens: list[Token]) -> bool:
    """``n_{in}`` in a file that also writes ``n_{hidden}`` or ``n_{out}``: the word "in" (the input
    layer's size), like the other words on that letter, not the entry (i, n). Only this one
    two-letter word, and only on a letter the file writes with longer words."""
    return base in p.names.worded and len(tokens) == 2 and "".join(t.value for t in tokens) == "in" \
        and all(t.kind == "letter" for t in tokens) and not tokens[1].space


def decorated_base(p, command: Token) -> tuple[str, tuple | None]:
    """``\\hat{y}``, ``\\mathbf{x}``, ``\\hat{\\theta}``: the decorated name (and inner indices)."""
    kind = DECORATIONS.get(command.value, "underline")  # \underline{x}: see Parser._underlines_a_letter
    inner_tokens = p.read_argument()
    inner = p.sub(inner_tokens)
    name, indices = inner.bare_name()
    if not inner.done():
        p.fail(f"\\{kind}{{...}} must hold a single name", command)
    return "\\%s{%s}" % (kind, name), indices


def blackboard_bold(tokens: list[Token]) -> list[Token]:
    """``\\mathbb{x}``, ``\\mathbb{\\theta}``, ``\\mathbb{\\hat{y}}`` are written for bold vectors (sets
    are capitals: ``\\mathbb{R}``), so they are read as ``\\mathbf{...}``; ``\\mathbb{1}`` stays."""
    out = list(tokens)
    for k, t in enumerate(out):
        if t.value == r"\mathbb" and k + 1 < len(out) and _bold_like(out, k + 1):
            out[k] = Token("cmd", r"\mathbf", t.pos, t.end, t.space, t.arg, t.newline)
    return out


def _bold_like(tokens: list[Token], k: int) -> bool:
    first = tokens[k]
    if first.kind == "letter":
        return first.value.islower()
    if first.value != "{" or k + 2 >= len(tokens):
        return False
    inner = tokens[k + 1]
    if tokens[k + 2].value == "}":
        return (inner.kind == "letter" and inner.value.islower()) or (
            inner.kind == "cmd" and inner.value[1:] in GREEK and inner.value[1].islower())
    return inner.kind == "cmd" and inner.value in DECORATIONS and any(
        t.kind == "letter" and t.value.islower() for t in tokens[k + 2:k + 6])


def parenthesised_entries(tokens: list[Token], names=None) -> list[Token]:
    """``(x^{(p,3)})_j`` and ``[\\mathbf{a}]_i``: the entry j of the name in the brackets, as
    ``x^{(p,3)}_j``; brackets around anything but one name are left to the parser. After a sized
    closing bracket (``\\bigg] (x)_i``) or a scripted letter that is no function of the file
    (``w_{kj}^{(1)}(x)_k``, a product, as the parser reads ``w_{kj}(x)``) the brackets are entries too."""
    if not any(t.value in (")", "]") and u.value == "_" for t, u in zip(tokens, tokens[1:])):
        return tokens  # nothing to rewrite: no scan per bracket (deep nesting stays linear)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        opens = t.value in ("(", "[") and t.kind == "sym" and not (out and _applies(out, names))
        close = _closing(tokens, k) if opens else None
        if close is not None and close + 1 < len(tokens) and tokens[close + 1].value == "_" \
                and _one_name(tokens[k + 1:close]):
            out += parenthesised_entries(tokens[k + 1:close], names)
            k = close + 1
            continue
        out.append(t)
        k += 1
    return out


def braced_letters(tokens: list[Token]) -> list[Token]:
    """``\\partial {Z}_i`` and ``\\sigma'({z}^{(3)})``: braces around one letter before its scripts
    render as the letter itself, so they are dropped; never after a command or a closing brace,
    where the group is an argument (``\\frac{a}{b}^2`` keeps its braces)."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.value == "{" and t.kind == "sym" and k + 3 < len(tokens) and tokens[k + 2].value == "}" \
                and tokens[k + 3].value in ("_", "^") and _letter(tokens[k + 1]) and _free_before(out):
            out.append(tokens[k + 1])
            k += 3
            continue
        out.append(t)
        k += 1
    return out


def digits_after_letters(tokens: list[Token], names) -> list[Token]:
    """``c1``, ``x2``: digits written right after a lone letter are a subscript (the name c_1) or a
    product (c times 1); nothing in the notation says which, so both readings are checked (one key,
    ``("digits",)``, for the whole file: notes write all such names one way) and a verdict stands
    only where they agree. Under the name reading the
    digits become ``_{1}``; a letter inside a word (``log2``) or inside a script (``x_i2``,
    ``x_{i1}``: the row i and column 1) is left alone."""
    out: list[Token] = []
    scripts: list[bool] = []  # for each open brace: whether it opens a script (_{...} or ^{...})
    k = 0
    while k < len(tokens):
        t = tokens[k]
        out.append(t)
        if t.kind == "sym" and t.value == "{":
            scripts.append(k > 0 and tokens[k - 1].value in ("_", "^"))
        elif t.kind == "sym" and t.value == "}" and scripts:
            scripts.pop()
        k += 1
        if not any(scripts) and _digits_follow(tokens, k - 1) and names.reading(("digits",)) == "name":
            digits = tokens[k]
            out += [Token("sym", "_", digits.pos, digits.pos), Token("sym", "{", digits.pos, digits.pos), digits,
                    Token("sym", "}", digits.end, digits.end)]
            k += 1
    return out


def _digits_follow(tokens: list[Token], k: int) -> bool:
    """Token k is a lone letter with digits right after it (no space)."""
    t = tokens[k]
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    if t.kind != "letter" or after is None or after.kind != "num" or after.space or after.pos != t.end:
        return False
    before = tokens[k - 1] if k else None
    return not (before is not None and not t.space and before.end == t.pos
                and (before.kind == "letter" or before.value in ("_", "^")))


def _letter(t: Token) -> bool:
    return t.kind == "letter" or (t.kind == "cmd" and t.value[1:] in GREEK)


def _free_before(out: list[Token]) -> bool:
    """The token before a brace group leaves it free-standing (not a command's argument)."""
    if not out:
        return True
    before = out[-1]
    if before.kind in ("letter", "num"):
        return True
    if before.kind == "sym":
        return before.value in "+-*/=(,[{|<>"
    return before.kind == "cmd" and before.value in ENTRY_AFTER


ENTRY_AFTER = {r"\partial", r"\cdot", r"\times", r"\left", r"\big", r"\Big", r"\bigg", r"\Bigg", r"\odot",
               r"\sum", r"\prod", r"\quad", r"\qquad", r"\,", r"\;"}


def _applies(out: list[Token], names=None) -> bool:
    """The bracket after these tokens is a call's or a product's (``softmax(x)_j``, ``\\sigma(z)_i``,
    ``a(x)``), not brackets around one name."""
    before = out[-1]
    if before.kind == "sym" and before.value in (")", "]") and len(out) > 1 and out[-2].value in SIZES:
        return False  # \bigg] (x)_i: a sized bracket closes a group, it names no function
    if before.kind == "sym" and before.value == "}" and names is not None and _plain_scripted(out, names):
        return False
    if before.kind in ("letter", "num", "text"):
        return True
    if before.kind == "sym":
        return before.value in (")", "]", "}", "'")
    return before.value not in ENTRY_AFTER


def _plain_scripted(out: list[Token], names) -> bool:
    """The tokens end with a lone letter and its braced scripts (``w_{kj}^{(1)}``), and the file
    knows no function of that letter (no head, no conventional or declared function): the parser
    reads such a name before a bracket as a product, never as a call."""
    k = len(out)
    while k >= 3 and out[k - 1].value == "}":
        depth = 0
        for j in range(k - 1, -1, -1):
            depth += (out[j].value == "}") - (out[j].value == "{")
            if depth == 0:
                break
        else:
            return False
        if j < 2 or out[j - 1].value not in ("_", "^"):
            return False
        k = j - 1
    if k == len(out) or k < 1:
        return False
    base = out[k - 1]
    if base.kind != "letter" or (k >= 2 and out[k - 2].kind == "letter" and not base.space):
        return False
    letter = base.value
    functions = set(names.heads) | set(names.arbitrary) | CONVENTIONAL_FUNCTIONS
    return not any(f == letter or f.startswith(letter + "_") or f.startswith(letter + "^") for f in functions)


def _closing(tokens: list[Token], k: int) -> int | None:
    pair = {"(": ")", "[": "]"}[tokens[k].value]
    depth = 0
    for j in range(k, len(tokens)):
        if tokens[j].kind == "sym" and tokens[j].value in ("(", "[", "{"):
            depth += 1
        elif tokens[j].kind == "sym" and tokens[j].value in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return j if tokens[j].value == pair else None
    return None


def _one_name(inner: list[Token]) -> bool:
    """A letter, Greek letter or decorated name, then only scripts in braces (no subscript)."""
    if not inner:
        return False
    first = inner[0]
    if not (first.kind == "letter" or (first.kind == "cmd" and first.value[1:] in GREEK)
            or (first.kind == "cmd" and first.value in DECORATIONS)):
        return False
    k, depth = 1, 0
    if first.kind == "cmd" and first.value in DECORATIONS:  # its braced argument
        if len(inner) < 2 or inner[1].value != "{":
            return False
        k = _skip_group(inner, 1)
    while k < len(inner):
        if inner[k].value != "^" or k + 1 >= len(inner):
            return False
        k = _skip_group(inner, k + 1) if inner[k + 1].value == "{" else k + 2
    return k == len(inner)


def _skip_group(tokens: list[Token], k: int) -> int:
    depth = 0
    for j in range(k, len(tokens)):
        depth += (tokens[j].value == "{") - (tokens[j].value == "}")
        if depth == 0:
            return j + 1
    return len(tokens) + 1


def split_commas(tokens: list[Token]) -> list[list[Token]]:
    """Top-level parts between commas (and semicolons: J(W, b; x, y)), brackets left whole."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for tok in tokens:
        if tok.kind in ("sym", "cmd") and tok.value in ("(", "[", "{", r"\{"):
            depth += 1
        elif tok.kind in ("sym", "cmd") and tok.value in (")", "]", "}", r"\}"):
            depth -= 1
        if depth == 0 and tok.kind == "sym" and tok.value in (",", ";"):  # J(W, b; x, y): parameters, then data
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts

"""A definition written for a generic layer serves every layer.

Notes define a layer once with a lowercase layer letter, ``z^l = W^l a^{l-1} + b^l``,
``a^{(n)} = \\sigma(z^{(n)})``, ``\\delta^l := \\frac{\\partial C}{\\partial z^l}``, and then use it at
another layer: ``a^L``, ``z^{l+1}``, ``\\delta^{l+1}``, ``\\mathbf{a}^{(3)}``. A name with a layer mark
that has no definition of its own is read through the generic one with the letter replaced, in
every layer mark of the same style in that definition (``z^{l+1} = W^{l+1} a^{l} + b^{l+1}``).
Only a lowercase letter is generic (``a^{L}`` defines the layer L alone), only a definition whose
mark is the letter plus a whole number is generic, and two generic definitions that could serve
the same name serve none. The verdict names each definition used this way.
"""
from __future__ import annotations

import re

import sympy as sp

# a layer mark: ^{l}, ^{l+1}, ^{L-1}, ^{(l)}, ^{(l+1)}, ^{[l]}, ^{(3)}, ^{(n_l)}
MARK = re.compile(r"\^\{(?P<open>[(\[]?)(?P<mark>[A-Za-z0-9_{}+\- ]+?)(?P<close>[)\]]?)\}")
LETTER = re.compile(r"^(?P<var>[A-Za-z])(?P<shift>[+-]\d+)?$")


def _split(name: str) -> tuple[str, str, str, str, str] | None:
    """(before, open, mark, close, after) for a name with exactly one layer mark, else None."""
    found = list(MARK.finditer(name))
    if len(found) != 1:
        return None
    m = found[0]
    if (m["open"], m["close"]) not in (("", ""), ("(", ")"), ("[", "]")):
        return None
    return name[:m.start()], m["open"], m["mark"].replace(" ", ""), m["close"], name[m.end():]


def _value(mark: str) -> sp.Expr | None:
    """The layer a mark names, as an expression: l + 1, L - 1, 3, n_l."""
    if mark.isdigit():
        return sp.Integer(int(mark))
    m = LETTER.match(mark)
    if m:
        return sp.Symbol(m["var"]) + int(m["shift"] or 0)
    if re.fullmatch(r"[A-Za-z]_\{?[A-Za-z0-9]\}?", mark):
        return sp.Symbol(mark.replace("{", "").replace("}", ""))
    return None


def _written(value: sp.Expr) -> str:
    """A layer as the notes write it: l+1, L-1, 3, n_l."""
    return str(value).replace(" ", "")


def _label(x: sp.Basic) -> str | None:
    if isinstance(x, sp.Symbol):
        return x.name
    if isinstance(x, sp.IndexedBase):
        return x.label.name
    return None


class Layers:
    """The generic-layer definitions of a link's definitions, and their instances on demand."""

    def __init__(self, definitions: list) -> None:
        self.generic: dict[tuple, list] = {}  # (before, open, close, after) -> [(definition, var, shift)]
        for d in definitions:
            label = _label(d.key.base if isinstance(d.key, sp.Indexed) else d.key)
            parts = _split(label) if label else None
            m = LETTER.match(parts[2]) if parts else None
            if m and m["var"].islower():
                key = (parts[0], parts[1], parts[3], parts[4])
                self.generic.setdefault(key, []).append((d, sp.Symbol(m["var"]), int(m["shift"] or 0)))
        self.downward = all(self._downward(d, var, shift) for options in self.generic.values()
                            for d, var, shift in options)
        self.specific = {str(v) for d in definitions for v in self._layer_of(_base(d.key)).free_symbols
                         if not isinstance(d.key, tuple)} - {str(v) for o in self.generic.values() for _, v, _ in o}
        marks = [_split(_label(_base(d.key)) or "") for d in definitions if not isinstance(d.key, tuple)]
        self.numbered = any(m is not None and (v := _value(m[2])) is not None and v.is_number for m in marks)
        # the names as written elsewhere, so that an instance is the very symbol the link uses
        self.written: dict = {}
        self.layers: set | None = None
        self.meet(*[d.expr for d in definitions], *[_base(d.key) for d in definitions if not isinstance(d.key, tuple)])

    def _layer_of(self, x: sp.Basic) -> sp.Expr:
        """The layer a name's mark names (0 for a name without one: it has no free letter)."""
        parts = _split(_label(x) or "")
        value = _value(parts[2]) if parts else None
        return value if value is not None else sp.Integer(0)

    def _downward(self, d, var: sp.Symbol, shift: int) -> bool:
        """Every layer mark in the generic definition is its own layer or one below it."""
        for s in d.expr.free_symbols | d.expr.atoms(sp.IndexedBase):
            parts = _split(_label(s) or "")
            if parts is None:
                continue
            value = _value(parts[2])
            step = (value - var - shift) if value is not None else None
            if step is None or not step.is_Integer or step > 0:
                return False
        return True

    def below(self, x: sp.Basic, v: sp.Basic) -> bool:
        """x, a name left at a layer the link does not write, cannot depend on v: every generic
        definition reaches only its own layer and lower ones, x's layer is a letter no other
        definition fixes, no definition is for a numbered layer (a^{(0)} := x might say anything),
        and v sits at a higher layer (b^{l} is above a^{l-1})."""
        if not self.downward or self.numbered:
            return False
        t = self._layer_of(x.base if isinstance(x, sp.Indexed) else x)
        u = self._layer_of(v.base if isinstance(v, sp.Indexed) else v)
        if not t.free_symbols or {str(s) for s in t.free_symbols} & self.specific:
            return False
        gap = sp.simplify(u - t)
        return gap.is_Integer and gap > 0

    @staticmethod
    def relatives(key: sp.Basic, definitions: list) -> list:
        """The definitions of the same name at other layers (a^{[0]} beside a^{[l]}): a link that
        reads a^{[l]} must see them, since the layer argument (``below``) depends on them."""
        mine = _split(_label(_base(key)) or "")
        if mine is None:
            return []
        return [d for d in definitions if not isinstance(d.key, tuple) and (other := _split(_label(_base(d.key)) or ""))
                and (other[0], other[1], other[3], other[4]) == (mine[0], mine[1], mine[3], mine[4])]

    def in_link(self, *sides: sp.Basic) -> None:
        """Serve only the layers the link itself writes: ``\\partial C/\\partial z^L`` unfolds a^L
        and z^L, while a^{L-1} inside z^L stays a name. Deciding by name, not by path, keeps one
        name one value on both sides, and the layers never unfold without end."""
        self.meet(*sides)
        self.layers = {v for x in sides for s in x.free_symbols | x.atoms(sp.IndexedBase)
                       if _label(s) and (parts := _split(_label(s))) and (v := _value(parts[2])) is not None}

    def allowed(self, x: sp.Basic) -> bool:
        """The layer of x is one the link writes (everything is allowed before ``in_link``)."""
        parts = _split(_label(x) or "")
        return self.layers is None or (parts is not None and _value(parts[2]) in self.layers)

    def meet(self, *exprs: sp.Basic) -> None:
        """Remember how these expressions write their layer-marked names."""
        for x in exprs:
            for s in x.free_symbols | x.atoms(sp.IndexedBase) | ({x} if _label(x) else set()):
                if _label(s) and self._canonical(s) is not None:
                    self.written.setdefault(self._canonical(s), s)

    def _canonical(self, x: sp.Basic) -> tuple | None:
        parts = _split(_label(x))
        if parts is None or _value(parts[2]) is None:
            return None
        return (type(x).__name__, parts[0], parts[1], _written(_value(parts[2])), parts[3], parts[4])

    def serving(self, x: sp.Basic) -> tuple | None:
        """(definition, {generic name: instance}) for a name the generic definition serves, or None.

        The generic letter is replaced wherever the definition writes it, not only in layer
        marks: ``z^{(l+1)} = \\sum_{j=1}^{s_l} ...`` at layer l has the count s_{l-1}, not s_l.
        """
        label = _label(x)
        parts = _split(label) if label else None
        target = _value(parts[2]) if parts else None
        options = self.generic.get((parts[0], parts[1], parts[3], parts[4])) if target is not None else None
        if not options or len(options) != 1:
            return None
        d, var, shift = options[0]
        layer = target - shift  # the value of the generic letter
        if layer == var:
            return None  # the generic name itself
        names = {s for s in d.expr.free_symbols | d.expr.atoms(sp.IndexedBase) | {_base(d.key)} if _label(s)}
        renamed = {}
        for s in names:
            new = self._instance(s, parts[1], var, layer)
            if new is None:
                return None
            renamed[s] = new
        if renamed.get(_base(d.key)) != x:
            return None
        for letter in (t for t in d.expr.free_symbols if t.name == var.name):  # a count s_l, an index l
            renamed[letter] = layer.xreplace({v: sp.Symbol(v.name, **letter.assumptions0)
                                              for v in layer.free_symbols})
        return d, renamed

    def _instance(self, s: sp.Basic, style: str, var: sp.Symbol, layer: sp.Expr) -> sp.Basic | None:
        """s with the generic letter replaced in its layer mark (s itself if it has none)."""
        parts = _split(_label(s))
        value = _value(parts[2]) if parts and parts[1] == style else None
        if value is None or var not in value.free_symbols:
            return s
        new = value.subs(var, layer)
        if new.is_number and new < 0:
            return None
        name = f"{parts[0]}^{{{parts[1]}{_written(new)}{parts[3]}}}{parts[4]}"
        made = type(s)(name, **s.assumptions0) if isinstance(s, sp.Symbol) else \
            sp.IndexedBase(type(s.label)(name, **s.label.assumptions0))
        return self.written.get(self._canonical(made), made)


def _base(key: sp.Basic) -> sp.Basic:
    return key.base if isinstance(key, sp.Indexed) else key

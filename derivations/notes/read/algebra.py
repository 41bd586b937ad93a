"""Arithmetic on parsed values: explicit matrices, broadcasting, and limits on number size.

A scalar added to a written-out matrix is broadcast (as the notes and NumPy do); a product of two
matrices is the matrix product; ``\\odot`` is entrywise. Nothing here may start a computation whose
size the input controls without a bound: ``2^{2^{100}}``, ``100000000!`` and towers of exponents
are refused before SymPy would try to evaluate them (SymPy evaluates numeric powers eagerly, in C
code that no alarm can interrupt).
"""
from __future__ import annotations

import math

import sympy as sp
from sympy.core.function import AppliedUndef

from .markers import OPAQUE

MAX_DIGITS = 2_000  # of any number the parser itself produces
MAX_FACTORIAL = 500
MAX_EXPONENT = 10_000
MAX_ENTRIES = 400


class AlgebraError(ValueError):
    """A combination the notes' meaning does not allow (shapes) or that is too large to build."""


def is_matrix(x: sp.Basic) -> bool:
    return isinstance(x, sp.MatrixBase)


def _plain_scalar(x: sp.Basic) -> bool:
    """A scalar we are sure is a scalar: no marker or undefined call that may become a matrix."""
    return not x.has(*OPAQUE) and not x.atoms(AppliedUndef)


def add(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    if is_matrix(a) and is_matrix(b):
        if a.shape != b.shape:
            raise AlgebraError(f"cannot add a {_dims(a)} matrix and a {_dims(b)} matrix")
        return a + b
    if is_matrix(a) or is_matrix(b):
        matrix, scalar = (a, b) if is_matrix(a) else (b, a)
        if not _plain_scalar(scalar):
            raise AlgebraError("cannot tell whether a term added to a matrix is a scalar")
        return matrix.applyfunc(lambda entry: entry + scalar)  # broadcast
    return a + b


def mul(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    if is_matrix(a) and is_matrix(b):
        if a.shape[1] != b.shape[0]:
            raise AlgebraError(f"cannot multiply a {_dims(a)} matrix by a {_dims(b)} matrix")
        return sp.ImmutableMatrix(a * b)
    if is_matrix(a) or is_matrix(b):
        matrix, scalar = (a, b) if is_matrix(a) else (b, a)
        if not _plain_scalar(scalar):
            raise AlgebraError("cannot tell whether a factor of a matrix is a scalar")
        return matrix.applyfunc(lambda entry: scalar * entry)
    return a * b


def add_all(terms: list[sp.Basic]) -> sp.Basic:
    """The sum of the terms; one SymPy Add for scalars (adding one at a time is quadratic)."""
    return _fold(terms, sp.Add, add)


def mul_all(factors: list[sp.Basic]) -> sp.Basic:
    """The product in order; one SymPy Mul for scalars."""
    return _fold(factors, sp.Mul, mul)


def _fold(items: list[sp.Basic], scalar, pairwise) -> sp.Basic:
    if not any(is_matrix(item) for item in items):
        return scalar(*items)
    total = items[0]
    for item in items[1:]:
        total = pairwise(total, item)
    return total


def reciprocal(x: sp.Basic) -> sp.Basic:
    if is_matrix(x):
        raise AlgebraError("division by a matrix")
    if x == 0:
        raise AlgebraError("division by zero")
    return power(x, sp.Integer(-1))


def hadamard(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    if is_matrix(a) and is_matrix(b):
        if a.shape != b.shape:
            raise AlgebraError(f"entrywise product of a {_dims(a)} and a {_dims(b)} matrix")
        return sp.ImmutableMatrix(a.multiply_elementwise(b))
    return mul(a, b)


def div(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    if is_matrix(b):
        raise AlgebraError("division by a matrix")
    if b == 0:
        raise AlgebraError("division by zero")
    return mul(a, power(b, sp.Integer(-1)))


def power(base: sp.Basic, exponent: sp.Basic) -> sp.Basic:
    if is_matrix(exponent):
        raise AlgebraError("a matrix as an exponent")
    if is_matrix(base):
        if exponent.is_Integer and 1 <= exponent <= 8 and base.shape[0] == base.shape[1]:
            return sp.ImmutableMatrix(base ** int(exponent))
        raise AlgebraError(f"power {exponent} of a {_dims(base)} matrix")
    _check_size(base, exponent)
    if base == 0 and exponent.is_number and (exponent.is_negative or exponent == 0):
        raise AlgebraError("0 to a negative or zero power")
    return base ** exponent


def _check_size(base: sp.Basic, exponent: sp.Basic) -> None:
    """Refuse powers whose value would have more than MAX_DIGITS digits, or huge exponents."""
    if exponent.is_number and exponent.is_real and abs(exponent) > MAX_EXPONENT:
        if not (base.is_number and abs(base) == 1):
            raise AlgebraError(f"exponent {_short(exponent)} is too large (limit {MAX_EXPONENT})")
    if base.is_Rational and exponent.is_Rational:
        size = max(abs(base.p), abs(base.q), 1)
        if math.log10(size) * abs(float(exponent)) > MAX_DIGITS:
            raise AlgebraError(f"{_short(base)}^{_short(exponent)} has more than {MAX_DIGITS} digits")


def factorial(x: sp.Basic) -> sp.Basic:
    if is_matrix(x):
        raise AlgebraError("factorial of a matrix")
    if x.is_number:
        if not x.is_Integer or x < 0:
            raise AlgebraError(f"factorial of {_short(x)}, which is not a natural number")
        if x > MAX_FACTORIAL:
            raise AlgebraError(f"{_short(x)}! is too large (limit {MAX_FACTORIAL}!)")
    return sp.factorial(x)


def number(digits: str) -> sp.Rational:
    """An exact number from the digits as written: ``0.1`` is 1/10, never a binary float."""
    whole, _, frac = digits.partition(".")
    value = int(whole or "0") * 10 ** len(frac) + int(frac or "0")
    return sp.Rational(value, 10 ** len(frac))


def check_value(x: sp.Basic) -> None:
    """Refuse results that are undefined (1/0 gives zoo in SymPy) or too big to handle."""
    if x.has(sp.zoo, sp.nan):
        raise AlgebraError("an undefined value (a division by zero?)")
    if is_matrix(x) and len(x) > MAX_ENTRIES:
        raise AlgebraError(f"matrix with more than {MAX_ENTRIES} entries")


def elementwise(f, x: sp.Basic) -> sp.Basic:
    """A scalar function applied to a matrix acts on each entry, as in the notes and NumPy."""
    return x.applyfunc(f) if is_matrix(x) else f(x)


def transpose(x: sp.Basic) -> sp.Basic:
    from .markers import Tr
    return sp.ImmutableMatrix(x.T) if is_matrix(x) else Tr(x)


def _dims(m: sp.MatrixBase) -> str:
    return f"{m.shape[0]}x{m.shape[1]}"


def _short(x: sp.Basic) -> str:
    text = str(x)
    return text if len(text) < 30 else text[:12] + "..." + text[-6:]

"""Derivations of the notes: this family is filled in by the catalog work (issue 3)."""
from __future__ import annotations

DERIVATIONS: tuple = ()

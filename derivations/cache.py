"""An opt-in proof cache for warm runs of ``gradproof verify`` (``--cache DIR`` or ``GRADPROOF_CACHE``).

The key is taken *before* a claim is prepared, so a hit skips the costly part (unfolding, derivatives,
sums): both sides as built, the substitutions, every symbol's assumptions, the time limit, a hash of
gradproof's own code (``derivations/`` and ``numeric/``) and the SymPy, mpmath, NumPy and Python
versions. An entry is one JSON file named by the key's SHA-256 that repeats the whole key material.

What is stored, as data only: ``proved`` and ``refuted`` verdicts (never ``undecided``), and a
numeric cross-check that passed, keyed by the derivation's content. A refuted entry keeps its
counterexample, and a hit is trusted only after the point is checked again (exact rationals inside
the symbols' assumptions, the sides differing at 50 and 80 digits: ``counterexample.confirms``).
Nothing read from the cache is executed: no pickle, no code, no ``sympify`` of its text.

An entry that cannot be read, is not what this module writes, or whose key material differs from
the claim's, is ignored with a one-line warning and the claim is verified as without a cache. A
``proved`` entry whose key material matches is believed: the cache directory is trusted like the
installed code (whoever can write there could as well edit gradproof itself).
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import stat
import tempfile
from pathlib import Path
from typing import Any, Callable

import sympy as sp

from .verdict import PROVED, REFUTED, Verdict

FORMAT = 1
MAX_ENTRY_BYTES = 4 * 1024 * 1024
ENVIRONMENT = "GRADPROOF_CACHE"
_ROOT = Path(__file__).resolve().parents[1]


def _code_hash() -> str:
    """SHA-256 over gradproof's proving and checking code, so that any change of it misses."""
    digest = hashlib.sha256()
    for package in ("derivations", "numeric"):
        for path in sorted((_ROOT / package).rglob("*.py")):
            digest.update(str(path.relative_to(_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _versions() -> str:
    import mpmath
    import numpy

    return f"sympy {sp.__version__}; mpmath {mpmath.__version__}; numpy {numpy.__version__}; " \
           f"python {platform.python_version()}"


def material(value: Any, memo: dict[int, tuple[Any, str]] | None = None) -> str:
    """A canonical text of a SymPy object (or tuples of them): every node's class with its module,
    every atom's value and assumptions, in SymPy's own argument order. Unlike ``srepr`` it never
    sorts terms for display, so it costs one walk of the tree. ``memo`` (kept across calls) holds
    each node it has written out, so that steps sharing a side are walked once."""
    return _material(value, {} if memo is None else memo)


def _material(value: Any, memo: dict[int, tuple[Any, str]]) -> str:
    known = memo.get(id(value))
    if known is not None and known[0] is value:  # the object itself is kept, so its id is not reused
        return known[1]
    if isinstance(value, (tuple, list)):
        text = "(" + ",".join(_material(v, memo) for v in value) + ")"
    elif isinstance(value, sp.MatrixBase):
        text = f"Matrix{value.shape}[" + ",".join(_material(v, memo) for v in value) + "]"
    elif isinstance(value, sp.Basic):
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        if value.is_Atom or isinstance(value, sp.IndexedBase):
            facts = sorted((k, v) for k, v in value.assumptions0.items()) if hasattr(value, "assumptions0") else ()
            extra = f"#{value.dummy_index}" if isinstance(value, sp.Dummy) else ""
            inner = ",".join(_material(a, memo) for a in value.args) if value.args else repr(str(value))
            text = f"{kind}<{inner}{extra}|{facts}>"
        else:
            text = kind + "(" + ",".join(_material(a, memo) for a in value.args) + ")"
    elif isinstance(value, (int, str, bool)) or value is None:
        text = repr(value)
    else:
        raise TypeError(f"no cache key for {type(value).__name__}")  # never guess: no caching
    if isinstance(value, sp.Basic):  # immutable: its text cannot change (a list or a Matrix could)
        memo[id(value)] = (value, text)
    return text


class ProofCache:
    """Verdicts and numeric cross-checks in ``folder``; ``warn(line)`` hears about ignored entries."""

    def __init__(self, folder: str | os.PathLike, warn: Callable[[str], None] | None = None) -> None:
        self.folder = Path(folder)
        self.warn = warn or (lambda line: None)
        self.prefix = f"gradproof cache {FORMAT}\n{_code_hash()}\n{_versions()}\n"
        self.writable = True
        self.hits = self.misses = 0
        self._memo: dict[int, tuple[Any, str]] = {}

    # ------------------------------------------------------------ proof verdicts
    def claim_key(self, lhs: Any, rhs: Any, substitutions: tuple, timeout: float | None) -> str | None:
        try:
            texts = [material(part, self._memo) for part in (lhs, rhs, substitutions)]
            return f"{self.prefix}claim\n" + "\n".join(texts) + f"\n{timeout!r}"
        except TypeError:
            return None

    def get_verdict(self, key: str) -> Verdict | None:
        entry = self._read(key)
        if entry is None:
            return None
        verdict = _verdict_from(entry)
        if verdict is None:
            self.warn(f"ignoring cache entry {self._path(key)}: not a proved or refuted verdict")
        return verdict

    def put_verdict(self, key: str, verdict: Verdict) -> None:
        if verdict.verdict not in (PROVED, REFUTED):
            return
        self._write(key, {"verdict": verdict.verdict, "method": verdict.method, "excluded": list(verdict.excluded),
                          "evidence": verdict.evidence, "counterexample": verdict.counterexample})

    # ------------------------------------------------------------ numeric cross-checks
    def derivation_key(self, derivation: Any) -> str | None:
        steps = tuple((s.lhs, s.rhs, s.assume) for s in derivation.steps)
        try:
            texts = [material(part, self._memo) for part in (steps, derivation.definitions, derivation.reparametrise)]
            return f"{self.prefix}numeric\n{derivation.id!r}\n" + "\n".join(texts)
        except TypeError:
            return None

    def get_numeric(self, key: str) -> dict | None:
        entry = self._read(key)
        if entry is None:
            return None
        numeric = entry.get("numeric")
        if not _numeric_ok(numeric):
            self.warn(f"ignoring cache entry {self._path(key)}: not a passed numeric check")
            return None
        return numeric

    def put_numeric(self, key: str, numeric: dict) -> None:
        if numeric.get("passed") is True:
            self._write(key, {"numeric": numeric})

    # ------------------------------------------------------------ files
    def _path(self, key: str) -> Path:
        return self.folder / f"{hashlib.sha256(key.encode()).hexdigest()}.json"

    def _read(self, key: str) -> dict | None:
        """The entry for ``key`` if it is a regular file of JSON written for exactly this key."""
        path = self._path(key)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO planted here must not block
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError as error:
            return self._ignored(path, f"cannot be opened ({error.strerror})")
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return self._ignored(path, "not a regular file")
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read(MAX_ENTRY_BYTES + 1)
        except OSError as error:
            return self._ignored(path, f"cannot be read ({error.strerror})")
        finally:
            os.close(fd)
        if len(data) > MAX_ENTRY_BYTES:
            return self._ignored(path, "too large")
        try:
            entry = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return self._ignored(path, "not JSON")
        if not isinstance(entry, dict) or entry.get("format") != FORMAT:
            return self._ignored(path, "not a gradproof cache entry")
        if entry.get("key") != key:
            return self._ignored(path, "its key does not match this claim")
        self.hits += 1
        return entry

    def _ignored(self, path: Path, why: str) -> None:
        self.warn(f"ignoring cache entry {path}: {why}")
        self.misses += 1
        return None

    def _write(self, key: str, fields: dict) -> None:
        if not self.writable:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"format": FORMAT, "key": key, **fields}, allow_nan=False)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".entry-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, self._path(key))  # atomic: a reader sees the old entry or the new one
        except (OSError, ValueError, TypeError) as error:
            self.writable = False
            self.warn(f"cannot write to the cache {self.folder}: {error}; going on without storing")


def _verdict_from(entry: dict) -> Verdict | None:
    """A Verdict from an entry's fields, each of the type written, or None."""
    verdict, method, excluded = entry.get("verdict"), entry.get("method"), entry.get("excluded")
    evidence, counterexample = entry.get("evidence"), entry.get("counterexample")
    if verdict not in (PROVED, REFUTED) or not isinstance(method, str) or not isinstance(evidence, str):
        return None
    if not isinstance(excluded, list) or not all(isinstance(e, str) for e in excluded):
        return None
    if verdict == PROVED and counterexample is not None:
        return None
    if verdict == REFUTED and not (isinstance(counterexample, dict) and all(
            isinstance(k, str) and isinstance(v, (str, int, float)) for k, v in counterexample.items())):
        return None
    return Verdict(verdict, method, counterexample, tuple(excluded), evidence)


def _numeric_ok(numeric: Any) -> bool:
    """A passed cross-check as ``to_json`` gives it, plus its comparisons: the types written."""
    if not isinstance(numeric, dict) or numeric.get("passed") is not True:
        return False
    error, points, compared = numeric.get("max_rel_error"), numeric.get("points"), numeric.get("compared")
    details = numeric.get("details")
    return (isinstance(error, (int, float)) and math.isfinite(error) and isinstance(points, int)
            and isinstance(compared, list) and all(isinstance(c, str) for c in compared)
            and isinstance(details, dict) and all(isinstance(k, str) and isinstance(v, dict) for k, v in details.items()))


def from_options(folder: str | None, disabled: bool, warn: Callable[[str], None]) -> ProofCache | None:
    """The cache the command line asks for: ``--cache DIR``, else ``GRADPROOF_CACHE``; ``--no-cache``
    overrides both. None means no cache (the default)."""
    if disabled:
        return None
    folder = folder or os.environ.get(ENVIRONMENT) or None
    return ProofCache(folder, warn) if folder else None

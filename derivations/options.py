"""The values a command-line option accepts, checked in one place before any work starts.

Every command of ``gradproof`` and the pytest plugin's options read their numbers and paths
through these functions, so a value is accepted or refused the same way everywhere. Each takes
the text as typed (or a number), returns the value, or raises :class:`OptionError`, whose message
names the option and the values it accepts: ``--timeout: expected a positive number of seconds,
at most 3600; got '-1'``. Files to be written are checked for what can be known without doing the work (a missing
folder, a directory where a file is meant, an unsupported suffix), and never created here; files
to be read are left to the readers, whose messages say what is wrong with the content too.

What this module does not do: it does not parse argv (``cli.py`` does, with argparse, and
passes each value through here), and it never prints.
"""
from __future__ import annotations

import math
import os
from pathlib import Path

from derivations.errors import GradproofError

# The upper bounds of the size options, stated in each option's --help.
MAX_TIMEOUT = 3600.0  # seconds per step or link
MAX_JOBS = 64
MAX_EPOCHS = 100_000
MAX_BATCH_SIZE = 100_000
MAX_WIDTH = 1024  # units in one layer
MAX_HIDDEN_LAYERS = 8
MAX_CLASSES = 20
MAX_RATE = 10.0  # the learning rates of `plot descent`
PLOT_SUFFIXES = (".png", ".svg", ".pdf")


class OptionError(GradproofError):
    """An option value outside the values it accepts; ``option``, ``accepts`` and ``got`` say which."""

    def __init__(self, option: str, accepts: str, got: object) -> None:
        self.option, self.accepts, self.got = option, accepts, got
        super().__init__(f"{option}: expected {accepts}; got {_shown(got)}")

    @property
    def reason(self) -> str:
        """The message without the option's name (argparse puts the name in front itself)."""
        return f"expected {self.accepts}; got {_shown(self.got)}"


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------- numbers

def _number(text: str | float, option: str, accepts: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError, OverflowError):
        raise OptionError(option, accepts, text) from None
    if not math.isfinite(value):
        raise OptionError(option, accepts, text)
    return value


def _whole(text: str | int, option: str, accepts: str) -> int:
    if isinstance(text, bool) or isinstance(text, float):
        raise OptionError(option, accepts, text)
    try:
        return int(text)
    except (TypeError, ValueError):
        raise OptionError(option, accepts, text) from None


def seconds(text: str | float, option: str = "--timeout") -> float:
    """A time limit: a positive, finite number of seconds, at most MAX_TIMEOUT."""
    accepts = f"a positive number of seconds, at most {MAX_TIMEOUT:g}"
    value = _number(text, option, accepts)
    if not 0 < value <= MAX_TIMEOUT:
        raise OptionError(option, accepts, text)
    return value


def count(text: str | int, option: str, low: int, high: int | None = None, what: str = "a whole number") -> int:
    """A whole number from ``low`` to ``high`` (no upper bound when ``high`` is None)."""
    accepts = f"{what} from {low} to {high}" if high is not None else f"{what} of at least {low}"
    value = _whole(text, option, accepts)
    if value < low or (high is not None and value > high):
        raise OptionError(option, accepts, text)
    return value


def jobs(text: str | int, option: str = "-j/--jobs") -> int:
    """Worker processes: 1 to MAX_JOBS."""
    return count(text, option, 1, MAX_JOBS)


def seed(text: str | int, option: str = "--seed") -> int:
    """A random seed: a whole number >= 0 (NumPy's generators refuse negative seeds)."""
    return count(text, option, 0)


def fraction(text: str | float, option: str = "--test-fraction") -> float:
    """A share of the data held out: 0 (nothing held out) up to, but not including, 1."""
    accepts = "a number from 0 up to, but not including, 1"
    value = _number(text, option, accepts)
    if not 0 <= value < 1:
        raise OptionError(option, accepts, text)
    return value


def positive(text: str | float, option: str, high: float | None = None) -> float:
    """A positive, finite number, at most ``high`` when given."""
    accepts = "a positive number" + (f", at most {high:g}" if high is not None else "")
    value = _number(text, option, accepts)
    if value <= 0 or (high is not None and value > high):
        raise OptionError(option, accepts, text)
    return value


def widths(text: str, option: str, min_layers: int, max_layers: int) -> list[int]:
    """Comma-separated layer widths: ``min_layers`` to ``max_layers`` of them, each 1 to MAX_WIDTH."""
    accepts = (f"{min_layers} to {max_layers} comma-separated widths, each from 1 to {MAX_WIDTH}"
               if min_layers != max_layers else f"{min_layers} widths")
    parts = str(text).split(",")
    if not min_layers <= len(parts) <= max_layers:
        raise OptionError(option, accepts, text)
    try:
        values = [int(part) for part in parts]
    except ValueError:
        raise OptionError(option, accepts, text) from None
    if any(not 1 <= v <= MAX_WIDTH for v in values):
        raise OptionError(option, accepts, text)
    return values


# ---------------------------------------------------------------- paths

def output_file(text: str, option: str, suffixes: tuple[str, ...] | None = None) -> str:
    """A file to write: not empty, not a directory, in an existing folder we may write to.

    With ``suffixes``, the name must end with one of them (any case); nothing is created here.
    """
    accepts = "a file path (not a directory)" + (f" ending in {', '.join(suffixes)}" if suffixes else "") + \
        " in an existing, writable folder"
    if not text or "\0" in text or text.endswith(("/", os.sep)):
        raise OptionError(option, accepts, text)
    path = Path(text)
    if suffixes and path.suffix.lower() not in suffixes:
        raise OptionError(option, accepts, text)
    folder = path.parent
    try:
        usable = not path.is_dir() and folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
    except OSError:
        usable = False
    if not usable:
        raise OptionError(option, accepts, text)
    return text



def folder(text: str, option: str = "--cache") -> str:
    """A folder to keep files in: an existing directory, or a path that is not a file (created on first
    write). Nothing is created here."""
    accepts = "a folder (existing, or to be created), not a file"
    if not text or "\0" in text:
        raise OptionError(option, accepts, text)
    try:
        usable = Path(text).is_dir() or not Path(text).exists()
    except (OSError, ValueError):
        usable = False
    if not usable:
        raise OptionError(option, accepts, text)
    return text

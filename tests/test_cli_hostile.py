"""Hostile option values for every command (issue 14): a usage error (exit 2, one line) or
acceptance, never another exception; and a few real processes, undecodable argv included.

The argv are built from the parser's own options, so an option added later is covered too.
"""
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli

ROOT = Path(__file__).resolve().parents[1]
# the arguments each command needs before an option can be tried on it
REQUIRED = {"show": ["gradient"], "check": ["notes.md"], "plot": ["activations", "--out", "a.png"],
            "predict": ["--model", "m.npz", "--dataset", "xor"]}


def _commands():
    parser = cli.build_parser()
    [sub] = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return parser, sub.choices


def _value_options():
    """(command, option string) for every option of every command that takes a value."""
    _, commands = _commands()
    return sorted((name, action.option_strings[-1]) for name, p in commands.items() for action in p._actions
                  if action.option_strings and action.nargs != 0 and action.dest != "help")


def test_every_command_has_options_to_try():
    assert {name for name, _ in _value_options()} == {
        "show", "verify", "gradcheck", "errata", "train", "predict", "plot", "check"}


HOSTILE = st.one_of(
    st.sampled_from(["-1", "0", "-0", "nan", "NaN", "inf", "-inf", "1e999", "9" * 500, "", " ", "1,2",
                     "0.5", "1e-320", "\udcff\udcfe", "caf\udce9", "a\x00b", "--", "-", ".", "/", "x.gif"]),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=20),
)


def _finite_in(low, high, low_open=False, high_open=False):
    def holds(v):
        return math.isfinite(v) and (v > low if low_open else v >= low) and (v < high if high_open else v <= high)
    return holds


# What an accepted value must satisfy, written from the issue and the README, not from options.py.
ACCEPTED = {
    "timeout": _finite_in(0, 3600, low_open=True),
    "jobs": lambda v: isinstance(v, int) and 1 <= v <= 64,
    "seed": lambda v: isinstance(v, int) and v >= 0,
    "test_fraction": _finite_in(0, 1, high_open=True),
    "epochs": lambda v: isinstance(v, int) and 1 <= v <= 100_000,
    "batch_size": lambda v: isinstance(v, int) and 1 <= v <= 100_000,
    "classes": lambda v: isinstance(v, int) and 2 <= v <= 20,
    "lr": _finite_in(0, math.inf, low_open=True, high_open=True),
    "overshoot": _finite_in(0, 10, low_open=True),
    "hidden": lambda v: 1 <= len(v) <= 8 and all(1 <= w <= 1024 for w in v),
    "layers": lambda v: 2 <= len(v) <= 10 and all(1 <= w <= 1024 for w in v),
    "cache": lambda v: bool(v) and (Path(v).is_dir() or not Path(v).exists()),
    "save": lambda v: not Path(v).is_dir() and Path(v).parent.is_dir(),
    "plot": lambda v: Path(v).suffix.lower() in (".png", ".svg", ".pdf") and Path(v).parent.is_dir(),
    "out": lambda v: Path(v).suffix.lower() in (".png", ".svg", ".pdf") and Path(v).parent.is_dir(),
}


def _parse(argv, capsys):
    """What main() does with argv up to running the command: parse and validate."""
    parser, _ = _commands()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        err = capsys.readouterr().err
        return stop.code, err
    for dest, holds in ACCEPTED.items():
        value = getattr(args, dest, None)
        if value is not None and not (dest == "lr" and argv[0] == "plot"):
            assert holds(value), f"{argv} accepted {dest} = {value!r}"
    if argv[0] == "plot" and args.lr is not None:
        assert _finite_in(0, 10, low_open=True)(args.lr)
    return 0, capsys.readouterr().err


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(option=st.sampled_from(_value_options()), value=st.one_of(HOSTILE, st.sampled_from(["<dir>", "<missing>"])))
def test_a_hostile_value_is_a_usage_error_or_accepted(capsys, tmp_path, option, value):
    command, flag = option
    value = {"<dir>": str(tmp_path), "<missing>": str(tmp_path / "no" / "such.file")}.get(value, value)
    code, err = _parse([command, *REQUIRED.get(command, []), flag, value], capsys)
    assert code in (0, 2)
    if code == 2:
        assert err.count("\n") == 1 and err.startswith(f"gradproof {command}: error: ") and "Traceback" not in err


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(sorted(_commands()[1])), value=HOSTILE)
def test_a_hostile_positional_is_a_usage_error_or_accepted(capsys, command, value):
    code, err = _parse([command, value], capsys)
    assert code in (0, 2) and "Traceback" not in err


def test_a_refused_value_names_its_option(capsys):
    for command, flag in _value_options():
        code, err = _parse([command, *REQUIRED.get(command, []), flag, "nan\udcff"], capsys)
        if code == 2:
            assert flag in err or "argument" in err


# --- real processes: exit 0, 1 or 2, no traceback, stdout clean under --json ---
def _refuse(name):
    raise ValueError(f"not strict JSON: {name}")


def _run(*argv: bytes):
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), *argv], capture_output=True, timeout=300,
                          cwd=ROOT)
    assert proc.returncode in (0, 1, 2) and b"Traceback" not in proc.stderr
    return proc


@pytest.mark.parametrize("argv, code", [
    ([b"verify", b"--timeout", b"\xff", b"--json"], 2),
    ([b"show", b"\xff\xfe"], 2),
    ([b"check", b"\xff.md", b"--json"], 2),
    ([b"predict", b"--model", b"\xff.npz", b"--dataset", b"xor", b"--json"], 2),
    ([b"gradcheck", b"--layers", b"3,4,2", b"--seed", b"-1", b"--json"], 2),
    ([b"train", b"--save", b"/", b"--json"], 2),
], ids=["timeout", "show", "check", "predict", "seed", "save"])
def test_a_process_with_hostile_argv_exits_2_with_one_line(argv, code):
    proc = _run(*argv)
    assert proc.returncode == code and proc.stdout == b"" and proc.stderr.count(b"\n") == 1


def test_a_process_under_json_prints_strict_json_only():
    proc = _run(b"train", b"--dataset", b"xor", b"--epochs", b"2", b"--json")
    assert proc.returncode == 0 and json.loads(proc.stdout, parse_constant=_refuse)["epochs"] == 2


def test_a_diverging_process_prints_strict_json_and_exits_1():
    proc = _run(b"train", b"--dataset", b"xor", b"--loss", b"mse", b"--lr", b"100", b"--json")
    data = json.loads(proc.stdout, parse_constant=_refuse)
    assert proc.returncode == 1 and data["diverged_at"] == 1 and proc.stderr.count(b"\n") == 1

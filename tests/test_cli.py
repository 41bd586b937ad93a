"""The CLI through its real entry point: exit codes, JSON schema, rendered steps."""
import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp

import cli
from derivations import catalog
from derivations.step import Derivation, Step

ROOT = Path(__file__).resolve().parents[1]
STEP_KEYS = {"index", "claim", "claim_latex", "reason", "verdict", "method", "counterexample"}


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_names_every_derivation(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0 and all(d.id in out for d in catalog.all_derivations())


def test_show_prints_every_step_reason(capsys):
    code, out, _ = run(capsys, "show", "sigmoid-derivative")
    assert code == 0
    assert all(s.reason in out.replace("\n", " ") for s in catalog.get("sigmoid-derivative").steps)


def test_show_latex(capsys):
    code, out, _ = run(capsys, "show", "jacobian", "--latex")
    assert code == 0 and r"\begin{align*}" in out and r"e^{y}" in out


def test_show_markdown(capsys):
    code, out, _ = run(capsys, "show", "gradient", "--markdown")
    assert code == 0 and out.startswith("## ") and "$$" in out


def test_verify_selected_ids_json_schema(capsys):
    code, out, _ = run(capsys, "verify", "gradient", "jacobian", "--json")
    data = json.loads(out)
    assert code == 0 and [d["id"] for d in data["derivations"]] == ["gradient", "jacobian"]
    assert all(STEP_KEYS <= set(s) for d in data["derivations"] for s in d["steps"])
    assert set(data["summary"]) == {"proved", "refuted", "undecided", "seconds"}


def test_claim_is_parsable_by_sympy(capsys):
    _, out, _ = run(capsys, "verify", "chain-rule-scalar", "--json")
    claim = json.loads(out)["derivations"][0]["steps"][2]["claim"]
    assert isinstance(sp.parse_expr(claim, evaluate=False), sp.Equality)  # our own output, trusted


def test_unknown_id_is_a_usage_error_naming_the_known_ids(capsys):
    code, out, err = run(capsys, "verify", "no-such-id")
    assert code == 2 and "gradient" in err and "Traceback" not in err and out == ""


def test_bad_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["verify", "--no-such-option"])
    assert exit_info.value.code == 2


def test_a_wrong_step_makes_verify_exit_1(capsys, monkeypatch):
    x = sp.Symbol("x", real=True)
    wrong = Derivation("wrong", "A wrong derivation", "test.txt, 1", (Step(sp.Derivative(x**2, x), x, "oops"),))
    monkeypatch.setattr(catalog, "all_derivations", lambda: [wrong])
    code, out, _ = run(capsys, "verify", "--json")
    step = json.loads(out)["derivations"][0]["steps"][0]
    assert code == 1 and step["verdict"] == "refuted" and step["counterexample"]["x"]


def test_verify_table_and_summary(capsys):
    code, out, _ = run(capsys, "verify", "chain-rule-scalar")
    assert code == 0 and "chain-rule-scalar" in out and "0 refuted, 0 undecided" in out


def _script():
    found = shutil.which("gradproof", path=os.path.dirname(sys.executable))
    return [found] if found else [sys.executable, str(ROOT / "cli.py")]


def test_installed_script_verifies_every_builtin_derivation_end_to_end():
    proc = subprocess.run(_script() + ["verify", "--json"], capture_output=True, text=True, timeout=300)
    data = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stderr
    assert {d["id"] for d in data["derivations"]} == set(catalog.ids())
    assert data["summary"]["refuted"] == 0 and data["summary"]["undecided"] == 0
    assert all(s["verdict"] == "proved" for d in data["derivations"] for s in d["steps"])


def test_checkout_entry_point_runs():
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "list"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "bce-sigmoid" in proc.stdout


def test_verify_json_carries_the_numeric_block(capsys):
    code, out, _ = run(capsys, "verify", "bce-sigmoid", "gradient", "--json")
    blocks = [d["numeric"] for d in json.loads(out)["derivations"]]
    assert code == 0 and all(b["max_rel_error"] < 1e-6 and b["points"] > 0 for b in blocks)
    assert {"symbolic", "finite-difference"} <= set(blocks[0]["compared"])


def test_numeric_disagreement_fails_verify(capsys, monkeypatch):
    from numeric import agreement
    real = agreement.check_derivation

    def broken(derivation_id, **kwargs):
        found = real(derivation_id, **kwargs)
        return dataclasses.replace(found, passed=False, max_rel_error=1.0)

    monkeypatch.setattr(agreement, "check_derivation", broken)
    code, out, _ = run(capsys, "verify", "gradient")
    assert code == 1 and "1.0e+00" in out


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("loss", ["mse", "sq", "bce", "cce"])
def test_gradcheck_passes_for_correct_backprop(capsys, activation, loss):
    code, out, _ = run(capsys, "gradcheck", "--layers", "4,8,8,3", "--activation", activation,
                       "--loss", loss, "--json")
    data = json.loads(out)
    assert code == 0 and data["passed"] and set(data["parameters"]) == {"W1", "b1", "W2", "b2", "W3", "b3"}


def test_gradcheck_names_the_failing_parameter(capsys, monkeypatch):
    from numeric import agreement, mutants
    real = agreement.gradcheck_network
    monkeypatch.setattr(agreement, "gradcheck_network", lambda *a, **k: real(
        *a, **k, backward=mutants.MUTANTS["bias_first_example"].backward))
    code, out, _ = run(capsys, "gradcheck", "--activation", "tanh")
    assert code == 1 and "FAILED: b1, b2, b3" in out


def test_gradcheck_bad_layers_is_a_usage_error(capsys):
    code, _, err = run(capsys, "gradcheck", "--layers", "4,x")
    assert code == 2 and "--layers" in err and "Traceback" not in err

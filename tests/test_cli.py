"""The CLI through its real entry point: exit codes, JSON schema, rendered steps."""
import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
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
    code, out, err = run(capsys, "verify", "--no-such-option")
    assert code == 2 and out == "" and err.count("\n") == 1 and "--no-such-option" in err


# Each command line of issue 14 that once gave a traceback: exit 2, one line on stderr naming the
# option and the values it accepts, nothing on stdout.
BAD_OPTIONS = [
    (["verify", "gradient", "--timeout", "-1"], "--timeout", "positive number of seconds"),
    (["show", "gradient", "--timeout", "-1"], "--timeout", "positive number of seconds"),
    (["errata", "--timeout", "-1"], "--timeout", "positive number of seconds"),
    (["verify", "--timeout", "nan"], "--timeout", "positive number of seconds"),
    (["verify", "--timeout", "inf"], "--timeout", "positive number of seconds"),
    (["verify", "--timeout", "0"], "--timeout", "positive number of seconds"),
    (["verify", "-j", "0"], "-j/--jobs", "from 1 to 64"),
    (["check", "examples/typical_mistakes.md", "--timeout", "inf"], "--timeout", "positive number of seconds"),
    (["check", "examples/typical_mistakes.md", "--timeout", "nan"], "--timeout", "positive number of seconds"),
    (["gradcheck", "--seed", "-1"], "--seed", "at least 0"),
    (["train", "--seed", "-1"], "--seed", "at least 0"),
    (["predict", "--model", "m.npz", "--dataset", "xor", "--seed", "-1"], "--seed", "at least 0"),
    (["train", "--test-fraction", "1"], "--test-fraction", "from 0 up to, but not including, 1"),
    (["train", "--test-fraction", "1.5"], "--test-fraction", "from 0 up to, but not including, 1"),
    (["train", "--epochs", "100001"], "--epochs", "from 1 to 100000"),
    (["train", "--hidden", "2000"], "--hidden", "each from 1 to 1024"),
    (["gradcheck", "--layers", "4,x"], "--layers", "comma-separated widths"),
    (["train", "--plot", "curves.gif"], "--plot", ".png, .svg, .pdf"),
    (["plot", "activations", "--out", "a.gif"], "--out", ".png, .svg, .pdf"),
]


@pytest.mark.parametrize("argv, option, accepts", BAD_OPTIONS, ids=[" ".join(a) for a, _, _ in BAD_OPTIONS])
def test_bad_option_value_is_one_line_naming_the_option(capsys, monkeypatch, argv, option, accepts):
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"argument {option}: expected " in err and accepts in err


def test_train_save_to_a_directory_is_refused_before_training(capsys, tmp_path, monkeypatch):
    from numeric import trainer
    monkeypatch.setattr(trainer, "train", lambda *a, **k: pytest.fail("trained before checking --save"))
    code, _, err = run(capsys, "train", "--save", str(tmp_path))
    assert code == 2 and "argument --save: expected a file path (not a directory)" in err


def test_timeout_accepted_by_verify_is_accepted_by_check(capsys):
    parser = cli.build_parser()
    for argv in (["verify", "--timeout", "0.5", "-j", "1"], ["check", "x.md", "--timeout", "0.5", "-j", "1"]):
        args = parser.parse_args(argv)
        assert (args.timeout, args.jobs) == (0.5, 1)


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


def test_errata_json_every_claim_refuted_every_correction_proved(capsys):
    code, out, _ = run(capsys, "errata", "--json")
    rows = json.loads(out)["errata"]
    assert code == 0 and len(rows) >= 10
    assert all(r["claim_verdict"] == "refuted" and r["counterexample"] for r in rows)
    assert all(r["correction_verdict"] == "proved" for r in rows)


def test_errata_strings_parse_back_to_the_claims(capsys):
    _, out, _ = run(capsys, "errata", "--json")
    claims = [sp.parse_expr(r["claim"], local_dict={"sigma": sp.Function("sigma")}, evaluate=False)
              for r in json.loads(out)["errata"]]
    # A wrong claim between numbers parses straight to False; none may parse to True.
    assert all(isinstance(c, sp.Equality) or c is sp.false for c in claims)


def test_errata_table_lists_sources(capsys):
    code, out, _ = run(capsys, "errata")
    assert code == 0 and "001 1.5.1" in out and "every claim refuted" in out


def test_train_json_schema(capsys):
    code, out, _ = run(capsys, "train", "--dataset", "xor", "--epochs", "30", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) >= {"dataset", "gradients", "layers", "epochs", "train", "test", "history",
                                       "seconds", "examples_per_second"}
    assert data["gradients"] == "symbolic" and data["train"]["accuracy"] > 0.95 and len(data["history"]) == 30


def _refuse(name):
    raise ValueError(f"not strict JSON: {name}")


def strict_loads(text):
    return json.loads(text, parse_constant=_refuse)


def test_train_diverging_exits_1_naming_the_epoch_and_the_learning_rate(capsys):
    code, out, err = run(capsys, "train", "--dataset", "xor", "--loss", "mse", "--activation", "tanh",
                         "--lr", "50", "--epochs", "30", "--json")
    data = strict_loads(out)
    assert code == 1 and data["diverged_at"] is not None and len(data["history"]) == data["diverged_at"] - 1
    assert err.count("\n") == 1 and f"diverged at epoch {data['diverged_at']}" in err and "smaller --lr" in err


def test_train_diverging_saves_nothing(capsys, tmp_path):
    model = tmp_path / "model.npz"
    code, _, err = run(capsys, "train", "--dataset", "xor", "--loss", "mse", "--lr", "100", "--save", str(model))
    assert code == 1 and not model.exists() and "nothing saved" in err


def test_train_test_fraction_0_holds_nothing_out(capsys):
    code, out, _ = run(capsys, "train", "--dataset", "xor", "--epochs", "3", "--test-fraction", "0", "--json")
    assert code == 0 and strict_loads(out)["test"] is None


def test_gradcheck_json_worst_entries_are_objects(capsys):
    code, out, _ = run(capsys, "gradcheck", "--layers", "3,4,2", "--activation", "tanh", "--json")
    worst = strict_loads(out)["parameters"]["W1"]["worst"]
    assert code == 0 and worst and all(set(w) == {"index", "analytic", "numeric", "rel_error", "kink"} for w in worst)
    assert all(len(w["index"]) == 2 and 0 <= w["index"][0] < 4 and 0 <= w["index"][1] < 3 for w in worst)


def test_gradcheck_json_worst_entry_of_a_mutant_shows_the_disagreement(capsys, monkeypatch):
    from numeric import agreement, mutants
    real = agreement.gradcheck_network
    monkeypatch.setattr(agreement, "gradcheck_network", lambda *a, **k: real(
        *a, **k, backward=mutants.MUTANTS["bias_first_example"].backward))
    code, out, _ = run(capsys, "gradcheck", "--activation", "tanh", "--json")
    w = strict_loads(out)["parameters"]["b1"]["worst"][0]
    assert code == 1 and abs(w["analytic"] - w["numeric"]) > 1e-3 * max(abs(w["analytic"]), abs(w["numeric"]))


def test_train_backprop_and_symbolic_give_the_same_trajectory(capsys):
    trajectories = []
    for gradients in ("symbolic", "backprop"):
        _, out, _ = run(capsys, "train", "--dataset", "moons", "--activation", "tanh", "--epochs", "5",
                        "--gradients", gradients, "--json")
        trajectories.append([h["loss"] for h in json.loads(out)["history"]])
    assert trajectories[0] == pytest.approx(trajectories[1], rel=1e-9)


def test_train_save_then_predict(capsys, tmp_path):
    model = tmp_path / "model.npz"
    code, out, _ = run(capsys, "train", "--dataset", "xor", "--epochs", "30", "--save", str(model))
    assert code == 0 and model.exists() and "held out" in out
    code, out, _ = run(capsys, "predict", "--model", str(model), "--dataset", "xor", "--json")
    assert code == 0 and json.loads(out)["accuracy"] > 0.95


def _pets(tmp_path):
    """A CSV whose labels are words: cat where x1 * x2 > 0, dog otherwise (an XOR)."""
    rng = np.random.default_rng(0)
    points = rng.choice([-1.0, 1.0], size=(200, 2)) + 0.1 * rng.standard_normal((200, 2))
    rows = [f"{x1:.3f},{x2:.3f},{'cat' if x1 * x2 > 0 else 'dog'}" for x1, x2 in points]
    path = tmp_path / "pets.csv"
    path.write_text("x1,x2,kind\n" + "\n".join(rows) + "\n")
    return path


def test_predict_labels_a_features_only_csv_with_the_trained_words(capsys, tmp_path):
    model = tmp_path / "pets.npz"
    code, _, _ = run(capsys, "train", "--data", str(_pets(tmp_path)), "--activation", "tanh", "--hidden", "8",
                     "--epochs", "60", "--save", str(model), "--json")
    new = tmp_path / "new.csv"
    new.write_text("x1,x2\n0.9,1.1\n-1.0,0.95\n-1.1,-0.9\n")
    code, out, err = run(capsys, "predict", "--model", str(model), "--data", str(new))
    assert code == 0 and out.splitlines() == ["cat", "dog", "cat"] and err == ""


def test_predict_a_single_row(capsys, tmp_path):
    model = tmp_path / "pets.npz"
    run(capsys, "train", "--data", str(_pets(tmp_path)), "--activation", "tanh", "--hidden", "8",
        "--epochs", "60", "--save", str(model), "--json")
    one = tmp_path / "one.csv"
    one.write_text("1.0,-1.0\n")
    code, out, _ = run(capsys, "predict", "--model", str(model), "--data", str(one), "--json")
    assert code == 0 and strict_loads(out)["predictions"] == ["dog"] and strict_loads(out)["accuracy"] is None


def test_predict_with_labels_reports_accuracy_on_stderr(capsys, tmp_path):
    model, pets = tmp_path / "pets.npz", _pets(tmp_path)
    run(capsys, "train", "--data", str(pets), "--activation", "tanh", "--hidden", "8", "--epochs", "60",
        "--save", str(model), "--json")
    code, out, err = run(capsys, "predict", "--model", str(model), "--data", str(pets))
    assert code == 0 and set(out.split()) == {"cat", "dog"} and "200 predictions; accuracy" in err


def test_predict_wrong_column_count_names_both_widths(capsys, tmp_path):
    model = tmp_path / "pets.npz"
    run(capsys, "train", "--data", str(_pets(tmp_path)), "--epochs", "2", "--save", str(model), "--json")
    wide = tmp_path / "wide.csv"
    wide.write_text("1,2,3,4\n")
    code, out, err = run(capsys, "predict", "--model", str(model), "--data", str(wide))
    assert code == 2 and out == "" and "4 columns, but the model takes 2 features" in err


def test_train_on_a_bad_csv_names_the_line(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,0\n3,oops,1\n")
    code, _, err = run(capsys, "train", "--data", str(bad))
    assert code == 2 and "bad.csv:2:2" in err and "Traceback" not in err


def test_predict_missing_model_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "predict", "--model", str(tmp_path / "none.npz"), "--dataset", "xor")
    assert code == 2 and "none.npz" in err


@pytest.mark.parametrize("what", ["activations", "descent"])
def test_plot_writes_a_png(capsys, tmp_path, what):
    path = tmp_path / f"{what}.png"
    code, _, _ = run(capsys, "plot", what, "--out", str(path))
    assert code == 0 and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib_says_how_to_install(capsys, tmp_path, monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")] + ["matplotlib"]:
        monkeypatch.setitem(sys.modules, name, None)  # importing it now raises ImportError
    code, _, err = run(capsys, "plot", "activations", "--out", str(tmp_path / "a.png"))
    assert code == 2 and "gradproof[plot]" in err


EXAMPLES = ROOT / "examples"


def test_check_clean_notes_exit_0(capsys):
    code, out, _ = run(capsys, "check", str(EXAMPLES / "logistic_regression.md"))
    assert code == 0 and "0 refuted, 0 undecided, 0 unparsed" in out


def test_check_mistakes_exit_1_and_json_schema(capsys):
    code, out, _ = run(capsys, "check", str(EXAMPLES / "typical_mistakes.md"), "--json")
    data = json.loads(out)
    links = data["files"][0]["links"]
    assert code == 1 and data["summary"]["refuted"] >= 4
    assert {"line", "cell", "lhs", "rhs", "verdict", "counterexample", "message"} <= set(links[0])
    assert all(link["counterexample"] for link in links if link["verdict"] == "refuted")


def test_check_github_annotations_name_file_and_line(capsys):
    code, out, _ = run(capsys, "check", str(EXAMPLES / "typical_mistakes.md"), "--format", "github")
    lines = out.strip().splitlines()
    assert code == 1 and lines and all(line.startswith("::error file=") and ",line=" in line for line in lines)


def test_check_quiet_hides_proved_links(capsys):
    _, loud, _ = run(capsys, "check", str(EXAMPLES / "typical_mistakes.md"))
    _, quiet, _ = run(capsys, "check", str(EXAMPLES / "typical_mistakes.md"), "--quiet")
    assert "proved " in loud.replace("│", " ") and quiet.count("│ proved") == 0


def test_check_missing_file_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path / "missing.md"))
    assert code == 2 and "missing.md" in err and "Traceback" not in err


def test_check_no_mathematics_is_a_usage_error(capsys, tmp_path):
    plain = tmp_path / "plain.md"
    plain.write_text("just words\n")
    code, _, err = run(capsys, "check", str(plain))
    assert code == 2 and "plain.md" in err


def test_no_command_verifies(capsys, monkeypatch):
    gradient = catalog.get("gradient")
    monkeypatch.setattr(catalog, "all_derivations", lambda: [gradient])
    code, out, _ = run(capsys, "--json")
    assert code == 0 and json.loads(out)["derivations"][0]["id"] == "gradient"


@pytest.mark.parametrize("derivation_id", catalog.ids())
def test_show_fits_100_columns(capsys, monkeypatch, derivation_id):
    """A formula wider than the console is stacked (left side, then = right side, terms a line,
    matrices by entry) and prose wraps at words: nothing is wider than a 100-column window."""
    monkeypatch.setenv("COLUMNS", "100")
    _, out, _ = run(capsys, "show", derivation_id)
    assert max(len(line) for line in out.splitlines()) <= 100


def test_wide_claim_is_stacked_not_cut():
    from derivations.report import claim_pretty
    x = sp.symbols("x_1:30")
    picture = claim_pretty(Step(sp.Symbol("y"), sum(x), "a long sum"), width=60)
    assert [line.strip()[:2] for line in picture.splitlines()[:3]] == ["y", "= ", "+ "]


# --- progress: a bar on stderr only when stderr is a terminal, never under --json ---
@pytest.mark.parametrize("argv, label", [
    (["gradcheck", "--layers", "3,4,2", "--activation", "tanh"], "gradcheck: entries"),
    (["train", "--dataset", "xor", "--epochs", "3"], "train: epochs"),
    (["verify", "gradient", "-j", "1"], "verify: derivations"),
    (["check", "examples/logistic_regression.md"], "check: 1 path, verifications"),
])
def test_progress_on_a_terminal_goes_to_stderr(capsys, monkeypatch, argv, label):
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich then treats stderr as a terminal
    code, out, err = run(capsys, *argv)
    assert code == 0 and label in err and label not in out


@pytest.mark.parametrize("argv", [
    ["gradcheck", "--layers", "3,4,2", "--activation", "tanh", "--json"],
    ["train", "--dataset", "xor", "--epochs", "3", "--json"],
    ["verify", "gradient", "-j", "1", "--json"],
])
def test_no_progress_under_json_even_on_a_terminal(capsys, monkeypatch, argv):
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out, err = run(capsys, *argv)
    assert code == 0 and err == "" and strict_loads(out)


def test_no_progress_off_a_terminal(capsys, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    code, _, err = run(capsys, "gradcheck", "--layers", "3,4,2", "--activation", "tanh")
    assert code == 0 and err == ""

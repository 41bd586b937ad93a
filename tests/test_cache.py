"""The proof cache: warm hits skip the work, and no damaged, mismatched or hostile entry changes a verdict."""
import json
import os
import pickle
from pathlib import Path

import pytest
import sympy as sp

import cli
from derivations import cache, prove
from derivations.prove import verify_claim
from numeric import agreement
from numeric.agreement.results import from_data, to_data

x = sp.Symbol("x", real=True)
TRUE = (sp.Derivative(x**2, x), 2 * x)
FALSE = (sp.Derivative(x**3, x), 3 * x)


@pytest.fixture
def store(tmp_path):
    warnings = []
    proofs = cache.ProofCache(tmp_path, warnings.append)
    proofs.warnings = warnings
    prove.use_cache(proofs)
    yield proofs
    prove.use_cache(None)


def _entry_path(store, claim):
    return store._path(store.claim_key(*claim, (), prove.DEFAULT_TIMEOUT))


def _no_preparation(monkeypatch):
    monkeypatch.setattr(prove, "_prepare", lambda *a: (_ for _ in ()).throw(AssertionError("prepared")))


def test_proved_verdict_is_stored(store):
    verify_claim(*TRUE)
    assert json.loads(_entry_path(store, TRUE).read_text())["verdict"] == "proved"


def test_warm_hit_skips_preparation(store, monkeypatch):
    cold = verify_claim(*TRUE)
    _no_preparation(monkeypatch)
    assert (verify_claim(*TRUE).verdict, verify_claim(*TRUE).method) == (cold.verdict, cold.method)


def test_refuted_hit_keeps_its_counterexample(store):
    cold = verify_claim(*FALSE)
    assert verify_claim(*FALSE).counterexample == cold.counterexample


def test_refuted_hit_is_checked_again(store, monkeypatch):
    verify_claim(*FALSE)
    checked = []
    monkeypatch.setattr(prove, "confirms", lambda *a: checked.append(a) or True)
    verify_claim(*FALSE)
    assert len(checked) == 1


def test_undecided_verdict_is_not_stored(store):
    store.put_verdict(store.claim_key(*TRUE, (), 1.0), prove.Verdict("undecided", "none", evidence="no proof"))
    assert list(store.folder.iterdir()) == []


def test_other_time_limit_misses(store):
    verify_claim(*TRUE)
    assert store.get_verdict(store.claim_key(*TRUE, (), 3.0)) is None


def test_other_assumptions_miss(store):
    y = sp.Symbol("x", positive=True)
    assert store.claim_key(sp.Derivative(y**2, y), 2 * y, (), 1.0) != store.claim_key(*TRUE, (), 1.0)


def test_corrupted_entry_is_ignored_with_a_warning(store):
    verify_claim(*FALSE)
    _entry_path(store, FALSE).write_bytes(b"\x00\xff{not json")
    assert (verify_claim(*FALSE).verdict, "not JSON" in store.warnings[-1]) == ("refuted", True)


def test_truncated_entry_is_ignored(store):
    verify_claim(*FALSE)
    path = _entry_path(store, FALSE)
    path.write_text(path.read_text()[:40])
    assert verify_claim(*FALSE).verdict == "refuted"


def test_proved_entry_of_another_claim_cannot_prove_a_false_one(store):
    verify_claim(*TRUE)
    _entry_path(store, FALSE).write_bytes(_entry_path(store, TRUE).read_bytes())
    assert (verify_claim(*FALSE).verdict, "does not match" in store.warnings[-1]) == ("refuted", True)


def test_forged_proved_entry_without_the_key_cannot_prove_a_false_one(store):
    _entry_path(store, FALSE).write_text(json.dumps({"format": 1, "key": "x", "verdict": "proved", "method": "expand",
                                                     "excluded": [], "evidence": "", "counterexample": None}))
    assert verify_claim(*FALSE).verdict == "refuted"


def test_forged_refutation_of_a_true_claim_is_not_believed(store):
    key = store.claim_key(*TRUE, (), prove.DEFAULT_TIMEOUT)
    store._write(key, {"verdict": "refuted", "method": "counterexample", "excluded": [], "evidence": "",
                       "counterexample": {"x": "1/2", "lhs": 1.0, "rhs": 2.0}})
    assert (verify_claim(*TRUE).verdict, "does not hold" in store.warnings[-1]) == ("proved", True)


def test_refutation_outside_the_assumptions_is_not_believed(store):
    t = sp.Symbol("t", positive=True)
    claim = (sp.sqrt(t**2), t)  # true for t > 0, false at t = -1
    key = store.claim_key(*claim, (), prove.DEFAULT_TIMEOUT)
    store._write(key, {"verdict": "refuted", "method": "counterexample", "excluded": [], "evidence": "",
                       "counterexample": {"t": "-1"}})
    assert verify_claim(*claim).verdict == "proved"


def test_entry_with_wrong_types_is_ignored(store):
    key = store.claim_key(*FALSE, (), prove.DEFAULT_TIMEOUT)
    store._write(key, {"verdict": "proved", "method": ["expand"], "excluded": [], "evidence": "", "counterexample": None})
    assert verify_claim(*FALSE).verdict == "refuted"


def test_pickle_in_an_entry_is_never_run(store, tmp_path):
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    verify_claim(*FALSE)
    _entry_path(store, FALSE).write_bytes(pickle.dumps(Payload()))
    assert (verify_claim(*FALSE).verdict, marker.exists()) == ("refuted", False)


def test_fifo_entry_does_not_block(store):
    os.mkfifo(_entry_path(store, FALSE))
    assert (verify_claim(*FALSE).verdict, "not a regular file" in store.warnings[-1]) == ("refuted", True)


def test_unwritable_cache_only_warns(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    proofs = cache.ProofCache(blocker / "cache", [].append)
    prove.use_cache(proofs)
    try:
        assert verify_claim(*TRUE).verdict == "proved"
    finally:
        prove.use_cache(None)


def test_numeric_result_round_trips_as_data():
    found = agreement.check_derivation("gradient")
    assert from_data("gradient", json.loads(json.dumps(to_data(found)))) == found


def test_numeric_entry_that_failed_is_not_believed(store):
    data = to_data(agreement.check_derivation("gradient"))
    data["passed"] = False
    store._write("k", {"numeric": data})
    assert store.get_numeric("k") is None


def test_numeric_entry_with_a_failing_comparison_is_not_believed():
    data = to_data(agreement.check_derivation("gradient"))
    next(iter(data["details"].values()))["failing"] = ["dJ/dx"]
    assert from_data("gradient", data) is None


def test_verify_cache_option_fills_the_folder(tmp_path, capsys):
    assert cli.main(["verify", "gradient", "--cache", str(tmp_path), "-j", "1"]) == 0
    assert len(list(tmp_path.glob("*.json"))) == 4  # three steps and the numeric check


def test_warm_verify_prints_the_same_json(tmp_path, capsys):
    def run():
        cli.main(["verify", "gradient", "--json", "--cache", str(tmp_path), "-j", "1"])
        data = json.loads(capsys.readouterr().out)
        return [(s["claim"], s["verdict"], s["method"]) for d in data["derivations"] for s in d["steps"]], \
            data["derivations"][0]["numeric"]
    assert run() == run()


def test_environment_names_the_cache(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GRADPROOF_CACHE", str(tmp_path))
    cli.main(["verify", "gradient", "-j", "1"])
    assert len(list(tmp_path.glob("*.json"))) == 4


def test_no_cache_overrides_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GRADPROOF_CACHE", str(tmp_path))
    cli.main(["verify", "gradient", "--no-cache", "-j", "1"])
    assert list(tmp_path.iterdir()) == []


def test_ci_never_uses_a_cache():
    assert "unset GRADPROOF_CACHE" in (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()


def test_key_follows_a_changed_mutable_matrix(tmp_path):
    proofs = cache.ProofCache(tmp_path)
    m = sp.Matrix([[x]])
    before = proofs.claim_key(m, m, (), 1.0)
    m[0, 0] = 2 * x
    assert proofs.claim_key(m, m, (), 1.0) != before

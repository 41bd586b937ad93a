"""numeric.trainer: seeded mini-batch SGD, what it reaches, and model files that survive a crash."""
import json
import os
import stat
import zipfile

import numpy as np
import pytest

from numeric import Network, NumericError, data, trainer
from numeric.trainer import ModelError, Normalisation, load_model, save_model, train


def _prepared(dataset: data.Dataset, test_fraction: float | None = None, seed: int = 0):
    train_set, test_set = dataset.split(test_fraction, seed=seed) if test_fraction else (dataset, None)
    norm = Normalisation.fit(train_set.X)
    return norm.apply_to(train_set), (norm.apply_to(test_set) if test_set else None), norm


def _tiny(loss: str = "cce", dtype=np.float64):
    dataset = data.spirals(m=60, classes=3, seed=1)
    net = Network(trainer.layers_for(dataset, loss, (8,)), "tanh", loss=loss, seed=2, dtype=dtype)
    return net, dataset


# --- SGD as the notes describe it ---
def test_batches_cut_a_shuffle_with_a_partial_last_batch():
    sizes = [len(idx) for idx in trainer.batches(10, 4, np.random.default_rng(0))]
    assert sizes == [4, 4, 2]


def test_batches_cover_every_example_once():
    idx = np.concatenate(list(trainer.batches(10, 4, np.random.default_rng(0))))
    assert sorted(idx.tolist()) == list(range(10))


def test_on_batch_sees_every_step():
    net, dataset = _tiny()
    seen = []
    train(net, dataset, epochs=2, batch_size=25, gradients="backprop", on_batch=lambda *event: seen.append(event))
    assert seen == [(1, 1, 3), (1, 2, 3), (1, 3, 3), (2, 1, 3), (2, 2, 3), (2, 3, 3)]


def test_on_epoch_sees_each_epoch_in_order():
    net, dataset = _tiny()
    seen = []
    train(net, dataset, epochs=3, gradients="backprop", on_epoch=seen.append)
    assert [stats.epoch for stats in seen] == [1, 2, 3]


def test_one_step_moves_against_the_gradient():
    net, dataset = _tiny()
    Y = trainer.targets(dataset.labels, 3, net.dtype)
    before = net.loss(dataset.X, Y)
    trainer.sgd_step(net, net.backward, dataset.X, Y, 0.1)
    assert net.loss(dataset.X, Y) < before


def test_one_step_is_w_minus_eta_times_the_gradient_exactly():
    net, dataset = _tiny()
    Y = trainer.targets(dataset.labels, 3, net.dtype)
    dW, db = net.backward(dataset.X, Y)
    expected = [W - 0.1 * g for W, g in zip(net.W + net.b, dW + db)]
    trainer.sgd_step(net, net.backward, dataset.X, Y, 0.1)
    assert all(np.array_equal(p, e) for p, e in zip(net.W + net.b, expected))


def test_same_seed_gives_the_same_history():
    runs = [train(*_tiny(), epochs=3, seed=4, gradients="backprop").history for _ in range(2)]
    assert [s.loss for s in runs[0]] == [s.loss for s in runs[1]]


def test_different_seed_gives_a_different_history():
    runs = [train(*_tiny(), epochs=3, seed=seed, gradients="backprop").history for seed in (4, 5)]
    assert [s.loss for s in runs[0]] != [s.loss for s in runs[1]]


@pytest.mark.parametrize("hidden", ["relu", "tanh"])  # tanh' = 1 - a^2 rounds differently from numeric's
def test_symbolic_and_backprop_give_the_same_loss_trajectory(hidden):
    dataset, _, _ = _prepared(data.spirals(m=300, classes=3, seed=0))
    losses = {}
    for gradients in ("symbolic", "backprop"):
        net = Network(trainer.layers_for(dataset, "cce", (32,)), hidden, loss="cce", seed=0)
        losses[gradients] = [s.loss for s in train(net, dataset, epochs=30, batch_size=16, learning_rate=0.3,
                                                   seed=0, gradients=gradients).history]
    np.testing.assert_allclose(losses["symbolic"], losses["backprop"], rtol=1e-9, atol=0)


def test_a_callable_can_supply_the_gradients():
    net, dataset = _tiny()

    def halved(X, Y):
        dW, db = net.backward(X, Y)
        return [g / 2 for g in dW], [g / 2 for g in db]

    assert train(net, dataset, epochs=1, gradients=halved).gradients == "halved"


def test_symbolic_backward_passed_as_a_callable_is_named_symbolic():
    from derivations.lambdify import symbolic_backward

    net, dataset = _tiny()
    assert train(net, dataset, epochs=1, gradients=symbolic_backward(net)).gradients == "symbolic"


def test_net_backward_passed_as_a_callable_is_named_backprop():
    net, dataset = _tiny()
    assert train(net, dataset, epochs=1, gradients=net.backward).gradients == "backprop"


def test_float32_training_stays_float32():
    net, dataset = _tiny(dtype=np.float32)
    train(net, dataset, epochs=2, gradients="symbolic")
    assert {p.dtype for p in net.W + net.b} == {np.dtype(np.float32)}


# --- what training reaches (fixed seeds) ---
def test_spirals_with_three_classes_reach_97_percent_training_accuracy():
    dataset, _, _ = _prepared(data.load("spirals", seed=0, classes=3))
    net = Network(trainer.layers_for(dataset, "cce", (32,)), "relu", loss="cce", seed=0)
    result = train(net, dataset, epochs=150, batch_size=32, learning_rate=0.3, seed=0)
    assert result.train_accuracy >= 0.97


def test_digits_reach_95_percent_held_out_accuracy_with_one_hidden_layer():
    train_set, test_set, _ = _prepared(data.digits(), test_fraction=0.25)
    net = Network(trainer.layers_for(train_set, "cce", (32,)), "relu", loss="cce", seed=0)
    result = train(net, train_set, test_set, epochs=15, batch_size=32, learning_rate=0.1, seed=0)
    assert result.test_accuracy >= 0.95


def test_xor_is_solved():
    dataset, _, _ = _prepared(data.load("xor", seed=0))
    net = Network(trainer.layers_for(dataset, "bce", (8,)), "tanh", loss="bce", seed=0)
    result = train(net, dataset, epochs=50, batch_size=32, learning_rate=0.5, seed=0)
    assert result.train_accuracy == 1.0


# --- the result ---
def test_result_json_has_the_documented_keys():
    train_set, test_set, _ = _prepared(data.spirals(m=60, seed=1), test_fraction=0.25)
    net = Network(trainer.layers_for(train_set, "cce", (8,)), "tanh", loss="cce", seed=2)
    result = json.loads(json.dumps(train(net, train_set, test_set, epochs=2).as_dict()))
    assert set(result) == {"dataset", "gradients", "layers", "epochs", "train", "test", "history", "seconds", "diverged_at",
                           "examples_per_second"}


def test_result_history_entries_have_epoch_loss_accuracy():
    result = train(*_tiny(), epochs=2).as_dict()
    assert set(result["history"][0]) == {"epoch", "loss", "accuracy"}


def test_result_without_test_set_has_null_test():
    assert train(*_tiny(), epochs=1).as_dict()["test"] is None


def test_final_train_metrics_are_the_last_epoch():
    result = train(*_tiny(), epochs=2)
    assert (result.train_loss, result.train_accuracy) == (result.history[-1].loss, result.history[-1].accuracy)


def test_examples_per_second_counts_every_epoch():
    result = train(*_tiny(), epochs=2)
    assert result.examples_per_second == pytest.approx(2 * 60 / result.seconds)


# --- bad input ---
@pytest.mark.parametrize("options", [{"epochs": 0}, {"batch_size": 0}, {"learning_rate": -0.1},
                                     {"learning_rate": float("nan")}, {"gradients": "autograd"}])
def test_bad_options_are_rejected(options):
    with pytest.raises(NumericError):
        train(*_tiny(), **options)


def test_feature_count_mismatch_is_rejected():
    net = Network([3, 4, 3], "relu", loss="cce")
    with pytest.raises(NumericError, match="2 features but the network takes 3"):
        train(net, data.spirals(m=30), epochs=1)


def test_labels_beyond_the_outputs_are_rejected():
    net = Network([2, 4, 2], "relu", loss="cce")
    with pytest.raises(NumericError, match="labels up to 2"):
        train(net, data.spirals(m=30, classes=3), epochs=1)


# --- normalisation, targets, predict ---
def test_normalisation_gives_zero_mean_unit_std():
    X = np.random.default_rng(0).normal(5, 3, size=(2, 100))
    Z = Normalisation.fit(X).apply(X)
    np.testing.assert_allclose([Z.mean(axis=1), Z.std(axis=1)], [[0, 0], [1, 1]], atol=1e-12)


def test_normalisation_keeps_a_constant_feature_finite():
    X = np.vstack([np.ones(5), np.arange(5.0)])
    assert np.isfinite(Normalisation.fit(X).apply(X)).all()


def test_two_classes_under_bce_get_one_output():
    assert trainer.layers_for(data.xor(m=20), "bce", (4,)) == [2, 4, 1]


def test_labels_of_a_single_unit_threshold_at_one_half():
    assert trainer.labels_of(np.array([[0.2, 0.7]])).tolist() == [0, 1]


def test_labels_of_several_units_take_the_argmax():
    assert trainer.labels_of(np.array([[0.2, 0.7], [0.8, 0.3]])).tolist() == [1, 0]


# --- divergence ---
def _diverging():
    """mse through tanh with a learning rate of 50: the weights blow up within a few epochs."""
    dataset = data.xor(m=80, seed=0)
    norm = Normalisation.fit(dataset.X)
    net = Network(trainer.layers_for(dataset, "mse", (8,)), "tanh", loss="mse", seed=0)
    return net, norm.apply_to(dataset)


def test_a_diverging_run_stops_at_the_first_epoch_whose_loss_is_not_finite():
    net, dataset = _diverging()
    result = train(net, dataset, dataset, epochs=50, learning_rate=50.0, gradients="backprop")
    assert result.diverged_at is not None and result.diverged_at < 50
    # an independent look at the network it stopped with: its loss is no longer a number
    with np.errstate(all="ignore"):
        assert not np.isfinite(trainer.evaluate(net, dataset.X, dataset.labels)[0])
    assert [s.epoch for s in result.history] == list(range(1, result.diverged_at))


def test_a_diverged_run_keeps_only_finite_numbers():
    net, dataset = _diverging()
    result = train(net, dataset, dataset, epochs=50, learning_rate=50.0, gradients="backprop")
    assert all(np.isfinite(s.loss) for s in result.history) and result.test_loss is None
    assert json.loads(json.dumps(result.as_dict(), allow_nan=False))["diverged_at"] == result.diverged_at


def test_a_stable_run_does_not_diverge():
    net, dataset = _diverging()
    assert train(net, dataset, epochs=5, learning_rate=0.1, gradients="backprop").diverged_at is None


# --- model files ---
def _trained(tmp_path, dtype=np.float64):
    dataset = data.spirals(m=90, seed=3)
    norm = Normalisation.fit(dataset.X)
    net = Network(trainer.layers_for(dataset, "cce", (8,)), "tanh", loss="cce", seed=3, dtype=dtype)
    train(net, norm.apply_to(dataset), epochs=3)
    path = save_model(tmp_path / "model.npz", net, {"dataset": "spirals"}, normalisation=norm)
    return net, norm, dataset, path


def test_saved_model_predicts_like_the_network(tmp_path):
    net, norm, dataset, path = _trained(tmp_path)
    assert np.array_equal(load_model(path).predict(dataset.X), trainer.predict(net, dataset.X, norm))


def test_saved_model_keeps_parameters_exactly(tmp_path):
    net, _, _, path = _trained(tmp_path)
    assert np.array_equal(load_model(path).net.params(), net.params())


def test_saved_model_keeps_architecture(tmp_path):
    net, _, _, path = _trained(tmp_path)
    loaded = load_model(path).net
    assert (loaded.sizes, [a.name for a in loaded.activations], loaded.loss_fn.name) == (
        net.sizes, [a.name for a in net.activations], net.loss_fn.name)


def test_saved_model_keeps_float32(tmp_path):
    _, _, _, path = _trained(tmp_path, dtype=np.float32)
    assert load_model(path).net.dtype == np.float32


def test_saved_model_keeps_normalisation_and_meta(tmp_path):
    _, norm, _, path = _trained(tmp_path)
    model = load_model(path)
    assert np.array_equal(model.normalisation.mean, norm.mean) and model.meta == {"dataset": "spirals"}


def test_save_leaves_no_temporary_file(tmp_path):
    _trained(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_saved_model_has_ordinary_permissions_under_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        _, _, _, path = _trained(tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_crash_before_rename_keeps_the_old_file(tmp_path, monkeypatch):
    net, _, _, path = _trained(tmp_path)
    old = path.read_bytes()

    def crash(*args):
        raise OSError("simulated crash")

    monkeypatch.setattr(os, "replace", crash)
    net.W[0] += 1.0
    with pytest.raises(OSError, match="simulated crash"):
        save_model(path, net)
    assert path.read_bytes() == old and [p.name for p in tmp_path.iterdir()] == ["model.npz"]


def test_crash_while_writing_keeps_the_old_file(tmp_path, monkeypatch):
    net, _, _, path = _trained(tmp_path)
    old = path.read_bytes()

    def crash(fd):
        raise OSError("disk gone")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk gone"):
        save_model(path, net)
    assert path.read_bytes() == old
    assert np.array_equal(load_model(path).net.W[0].shape, net.W[0].shape)


def test_meta_that_is_not_json_is_rejected(tmp_path):
    net, _ = _tiny()
    with pytest.raises(ModelError, match="JSON"):
        save_model(tmp_path / "m.npz", net, {"bad": object()})


def test_saving_into_a_missing_directory_is_a_model_error(tmp_path):
    net, _ = _tiny()
    with pytest.raises(ModelError, match="cannot write"):
        save_model(tmp_path / "missing" / "m.npz", net)


def test_missing_model_file_says_how_to_make_one(tmp_path):
    with pytest.raises(ModelError, match="no such model file.*gradproof train --save"):
        load_model(tmp_path / "nothing.npz")


def test_corrupt_model_file_is_a_model_error(tmp_path):
    path = tmp_path / "bad.npz"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive")
    with pytest.raises(ModelError, match="not a readable model file"):
        load_model(path)


def test_truncated_model_file_is_a_model_error(tmp_path):
    _, _, _, path = _trained(tmp_path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(ModelError):
        load_model(path)


def test_other_npz_is_not_a_model(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, x=np.zeros(3))
    with pytest.raises(ModelError, match="not a gradproof model"):
        load_model(path)


def test_newer_format_version_is_incompatible(tmp_path):
    _, _, _, path = _trained(tmp_path)
    stored = dict(np.load(path))
    stored["version"] = np.array(99)
    np.savez(path, **stored)
    with pytest.raises(ModelError, match="version 99"):
        load_model(path)


def test_parameters_of_the_wrong_shape_are_incompatible(tmp_path):
    _, _, _, path = _trained(tmp_path)
    stored = dict(np.load(path))
    stored["W1"] = np.zeros((3, 3))
    np.savez(path, **stored)
    with pytest.raises(ModelError, match="incompatible.*W1"):
        load_model(path)


def test_model_error_is_a_numeric_error():
    assert issubclass(ModelError, NumericError)


def test_model_file_is_a_plain_npz(tmp_path):
    _, _, _, path = _trained(tmp_path)
    assert zipfile.is_zipfile(path)

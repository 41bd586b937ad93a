"""Data sets: seeded, shaped as columns, and clear one-line errors for bad CSV files."""
import numpy as np
import pytest

from numeric import data
from numeric.data import DataError


@pytest.mark.parametrize("name", ["xor", "moons", "circles", "spirals"])
def test_generated_sets_are_seeded(name):
    assert np.array_equal(data.load(name, seed=3).X, data.load(name, seed=3).X)


@pytest.mark.parametrize("name", ["xor", "moons", "circles", "spirals"])
def test_generated_sets_differ_between_seeds(name):
    assert not np.array_equal(data.load(name, seed=1).X, data.load(name, seed=2).X)


def test_examples_are_columns():
    d = data.spirals(m=90, classes=3)
    assert d.X.shape == (2, 90) and d.labels.shape == (90,)


def test_spirals_has_k_classes():
    assert data.spirals(classes=5).n_classes == 5


def test_xor_labels_are_the_xor_of_the_signs():
    d = data.xor(noise=0.0)
    assert np.array_equal(d.labels, ((d.X[0] > 0) ^ (d.X[1] > 0)).astype(int))


def test_one_hot_targets_for_cce():
    d = data.spirals(m=30, classes=3)
    assert np.array_equal(d.targets("cce").argmax(axis=0), d.labels)


def test_single_row_targets_for_bce():
    d = data.moons(m=20)
    assert d.targets("bce").shape == (1, 20)


def test_split_keeps_every_example_once():
    d = data.moons(m=101)
    train, test = d.split(0.25, seed=0)
    assert train.m + test.m == 101 and 20 <= test.m <= 30


def test_digits_are_the_8x8_images():
    d = data.digits()
    assert d.X.shape == (64, 1797) and d.n_classes == 10 and d.X.max() == 1.0


def test_csv_with_header_and_word_labels(tmp_path):
    f = tmp_path / "toy.csv"
    f.write_text("x1,x2,label\n0,1,cat\n1,0,dog\n2,2,cat\n")
    d = data.load_csv(f)
    assert d.X.shape == (2, 3) and list(d.labels) == [0, 1, 0]


@pytest.mark.parametrize("text, where", [
    ("1,2,0\n3,4\n", ":2:"),
    ("1,2,0\n3,abc,1\n", ":2:2:"),
    ("1,2,0\n3,4,0\n", "two classes"),
    ("", "no data rows"),
    ("1,2,0\n3,inf,1\n", ":2:2:"),
])
def test_csv_errors_name_the_place(tmp_path, text, where):
    f = tmp_path / "bad.csv"
    f.write_text(text)
    with pytest.raises(DataError, match=where):
        data.load_csv(f)


def test_missing_csv(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        data.load_csv(tmp_path / "missing.csv")


def test_binary_csv_is_refused(tmp_path):
    f = tmp_path / "bin.csv"
    f.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(DataError, match="UTF-8"):
        data.load_csv(f)


# --- new data for a trained model (issue 14) ---
def test_load_features_reads_features_only(tmp_path):
    path = tmp_path / "new.csv"
    path.write_text("x1,x2\n1,2\n3,4\n")
    X, labels = data.load_features(path, 2)
    assert X.tolist() == [[1.0, 3.0], [2.0, 4.0]] and labels is None


def test_load_features_keeps_given_labels_as_text(tmp_path):
    path = tmp_path / "new.csv"
    path.write_text("1,2,cat\n")
    X, labels = data.load_features(path, 2)
    assert X.shape == (2, 1) and labels == ["cat"]


def test_load_features_refuses_another_width(tmp_path):
    path = tmp_path / "new.csv"
    path.write_text("1,2,3,4\n")
    with pytest.raises(data.DataError, match="4 columns, but the model takes 2 features"):
        data.load_features(path, 2)


def test_csv_labels_keep_their_words():
    assert data.Dataset("d", np.zeros((1, 2)), np.array([1, 0]), ("cat", "dog")).class_names == ["cat", "dog"]

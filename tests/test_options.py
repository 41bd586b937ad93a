"""derivations/options.py: every option value is accepted or refused in one place, by one rule."""
import math

import pytest

from derivations import options
from derivations.options import OptionError


def refused(check, *args) -> OptionError:
    with pytest.raises(OptionError) as info:
        check(*args)
    return info.value


@pytest.mark.parametrize("text", ["-1", "0", "nan", "inf", "-inf", "1e999", "3601", "", "ten", "1,5"])
def test_seconds_refuses(text):
    error = refused(options.seconds, text, "--timeout")
    assert str(error).startswith("--timeout: expected a positive number of seconds, at most 3600")


@pytest.mark.parametrize("text, value", [("0.5", 0.5), ("3", 3.0), ("3600", 3600.0), (" 2 ", 2.0)])
def test_seconds_accepts(text, value):
    assert options.seconds(text) == value


def test_seconds_message_names_the_value_as_typed():
    assert str(refused(options.seconds, "nan", "--gradproof-timeout")).endswith("got 'nan'")


@pytest.mark.parametrize("text", ["0", "-3", "65", "1.5", "", "two", "1e3"])
def test_jobs_refuses(text):
    assert "from 1 to 64" in str(refused(options.jobs, text))


def test_jobs_accepts_both_ends():
    assert (options.jobs("1"), options.jobs("64")) == (1, 64)


@pytest.mark.parametrize("text", ["-1", "0.5", "x", ""])
def test_seed_refuses(text):
    assert "at least 0" in str(refused(options.seed, text))


def test_seed_accepts_zero_and_huge():
    assert (options.seed("0"), options.seed(str(10**30))) == (0, 10**30)


@pytest.mark.parametrize("text", ["1", "1.5", "-0.1", "nan", "inf", ""])
def test_fraction_refuses(text):
    assert "up to, but not including, 1" in str(refused(options.fraction, text))


def test_fraction_accepts_zero_and_just_under_one():
    assert (options.fraction("0"), options.fraction("0.999")) == (0.0, 0.999)


@pytest.mark.parametrize("text", ["0", "-1", "nan", "inf", "11"])
def test_positive_with_a_bound_refuses(text):
    assert "positive number, at most 10" in str(refused(options.positive, text, "--lr", 10.0))


def test_positive_without_a_bound_accepts_large():
    assert options.positive("1e300", "--lr") == 1e300


def test_positive_without_a_bound_refuses_infinity():
    assert math.isinf(float("inf")) and "positive" in str(refused(options.positive, "inf", "--lr"))


@pytest.mark.parametrize("text", ["0", "100001", "-5", "2.0"])
def test_count_refuses_outside_its_range(text):
    assert "from 1 to 100000" in str(refused(options.count, text, "--epochs", 1, 100_000))


@pytest.mark.parametrize("text", ["4", "4,x", "4,0,3", "4,1025", "", ",", "1,2,3,4,5,6,7,8,9,10,11"])
def test_widths_refuses(text):
    assert "comma-separated widths, each from 1 to 1024" in str(refused(options.widths, text, "--layers", 2, 10))


def test_widths_accepts_the_issue_example():
    assert options.widths("784,128,10", "--layers", 2, 10) == [784, 128, 10]


def test_output_file_refuses_a_directory(tmp_path):
    assert "not a directory" in str(refused(options.output_file, str(tmp_path), "--save"))


def test_output_file_refuses_a_missing_folder(tmp_path):
    refused(options.output_file, str(tmp_path / "no" / "model.npz"), "--save")


def test_output_file_refuses_a_trailing_slash(tmp_path):
    refused(options.output_file, str(tmp_path / "model") + "/", "--save")


def test_output_file_refuses_an_empty_path():
    refused(options.output_file, "", "--save")


def test_output_file_refuses_a_nul_byte(tmp_path):
    refused(options.output_file, str(tmp_path / "a\0b.npz"), "--save")


def test_output_file_refuses_another_suffix(tmp_path):
    error = refused(options.output_file, str(tmp_path / "plot.gif"), "--out", options.PLOT_SUFFIXES)
    assert "ending in .png, .svg, .pdf" in str(error)


@pytest.mark.parametrize("name", ["a.png", "a.SVG", "a.pdf"])
def test_output_file_accepts_the_plot_suffixes(tmp_path, name):
    path = str(tmp_path / name)
    assert options.output_file(path, "--out", options.PLOT_SUFFIXES) == path


def test_output_file_creates_nothing(tmp_path):
    options.output_file(str(tmp_path / "model.npz"), "--save")
    assert list(tmp_path.iterdir()) == []

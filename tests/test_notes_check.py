"""The check API end to end: the examples, verdicts, reports, time limits, parallelism, errors."""
import json
import signal
import time
from pathlib import Path

import pytest

from derivations.errors import GradproofError
from derivations.notes import check_paths, github_annotations, to_json
from derivations.notes.verify.worker import Pool

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def examples():
    result = check_paths([str(EXAMPLES)], timeout=5, jobs=2)
    return {Path(f.file).name: f for f in result.files}


def verdicts(file_result):
    return {(link.line, link.verdict) for link in file_result.links}


# ---------------------------------------------------------------- the examples
def test_logistic_regression_fully_proved(examples):
    assert {v for _, v in verdicts(examples["logistic_regression.md"])} == {"proved"}


def test_logistic_regression_has_every_link(examples):
    assert len(examples["logistic_regression.md"].links) == 15


def test_two_layer_network_fully_proved(examples):
    assert {v for _, v in verdicts(examples["two_layer_network.md"])} == {"proved"}


def test_two_layer_network_uses_every_definition(examples):
    assert [d.name for d in examples["two_layer_network.md"].definitions][:5] == ["C", "A_2", "Z_2", "A_1", "Z_1"]


def test_mistakes_are_caught_on_their_lines(examples):
    refuted = {line for line, v in verdicts(examples["typical_mistakes.md"]) if v == "refuted"}
    assert refuted == {11, 19, 25, 39}


def test_the_corrections_are_proved(examples):
    proved = {line for line, v in verdicts(examples["typical_mistakes.md"]) if v == "proved"}
    assert proved == {13, 21, 27, 41}


def test_counterexample_shows_both_sides(examples):
    link = next(link for link in examples["typical_mistakes.md"].links if link.line == 11)
    assert {"lhs", "rhs", "x", "a"} <= set(link.counterexample)


def test_counterexample_values_are_exact(examples):
    link = next(link for link in examples["typical_mistakes.md"].links if link.line == 11)
    assert link.counterexample["b"] == "1/2"


# ---------------------------------------------------------------- verdicts
CLAIMS = r"""
$$ \sqrt{x^2} = x \quad \text{for } x > 0 $$

$$ \sqrt{x^2} = x $$

$$ \frac{x^2 - 1}{x - 1} = x + 1 $$

$$ \sqrt{x^2} = x \quad \text{for } x \text{ nice} $$

$$ \frac{d}{da} \log a = \frac{1}{a} $$

$$ W^T x = W x $$

$$ x = \foo{y} $$

$$ \frac{d}{dz}\max(0, z) = (z > 0) $$

$$ \frac{d}{dz}\max(0, z) = 1 $$
"""


@pytest.fixture(scope="module")
def claims(tmp_path_factory):
    path = tmp_path_factory.mktemp("c") / "claims.md"
    path.write_text(CLAIMS, encoding="utf-8")
    return check_paths([str(path)], timeout=5)


def link_at(result, line):
    return next(link for link in result.files[0].links if link.line == line)


def test_side_condition_is_a_domain(claims):
    assert link_at(claims, 2).verdict == "proved"


def test_side_condition_is_reported(claims):
    assert "assuming" in link_at(claims, 2).message


def test_without_the_condition_refuted(claims):
    assert link_at(claims, 4).verdict == "refuted"


def test_proof_lists_excluded_points(claims):
    assert link_at(claims, 6).excluded == ("x - 1 = 0",)


def test_excluded_points_are_in_the_message(claims):
    assert "x - 1 = 0" in link_at(claims, 6).message


def test_unknown_condition_never_refutes(claims):
    assert link_at(claims, 8).verdict == "undecided"


def test_log_derivative_proved(claims):
    assert link_at(claims, 10).verdict == "proved"


def test_transpose_never_proved(claims):
    assert link_at(claims, 12).verdict == "undecided"


def test_unparsed_has_line_column_and_reason(claims):
    assert link_at(claims, 14).message == r"line 14, column 8: unknown command \foo"


def test_relu_derivative_by_case_split(claims):
    assert link_at(claims, 16).verdict == "proved"


def test_relu_derivative_is_not_one_everywhere(claims):
    assert link_at(claims, 18).verdict == "refuted"


def test_summary_counts(claims):
    assert claims.summary == {"proved": 4, "refuted": 2, "undecided": 2, "unparsed": 1}


def test_exit_code_when_not_all_proved(claims):
    assert claims.exit_code == 1


def test_exit_code_when_all_proved(examples, tmp_path):
    path = tmp_path / "ok.md"
    path.write_text("$$ (x+1)^2 = x^2 + 2x + 1 $$\n")
    assert check_paths([str(path)]).exit_code == 0


# ---------------------------------------------------------------- reports
def test_json_shape(claims):
    data = to_json(claims)
    assert (set(data), set(data["files"][0]), set(data["files"][0]["links"][0]), set(data["summary"])) == (
        {"files", "summary"}, {"file", "links", "definitions", "skipped", "skipped_equations"},
        {"line", "column", "cell", "lhs", "rhs", "verdict", "counterexample", "message", "fix", "assumptions",
         "readings"},
        {"proved", "refuted", "undecided", "unparsed"})


def test_json_is_serialisable(claims):
    assert json.loads(json.dumps(to_json(claims)))["files"][0]["links"][0]["cell"] is None


def test_json_skipped_counts(examples):
    from derivations.notes.verify.check import CheckResult
    data = to_json(CheckResult((examples["logistic_regression.md"],)))
    assert data["files"][0]["skipped"] == {"no_equality": 0, "update_rule": 2}


def test_annotations_one_per_problem(claims):
    assert len(github_annotations(claims)) == 5


def test_annotation_format(claims):
    first = [link for link in claims.files[0].links if link.verdict != "proved"][0]
    assert github_annotations(claims)[0].startswith(
        f"::error file={claims.files[0].file},line=4,col={first.column}::refuted: ")


def test_annotation_escapes_newlines(tmp_path):
    path = tmp_path / "n.md"
    path.write_text("$$\nx\n= \\foo\n$$\n")
    line = github_annotations(check_paths([str(path)]))[0]
    assert "\n" not in line and line.startswith("::error file=")


def test_annotation_of_a_notebook_points_into_the_json(tmp_path):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# T\n", "$$ x + 1 = x + 2 $$\n"]}]
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    path = tmp_path / "n.ipynb"
    path.write_text(text)
    line = int(github_annotations(check_paths([str(path)]))[0].split("line=")[1].split("::")[0])
    assert "x + 1 = x + 2" in text.split("\n")[line - 1]


# ---------------------------------------------------------------- time limits and parallelism
def _stubborn(task):
    """Ignores SIGALRM and spins: only the hard limit (killing the worker) can stop it."""
    if task == "stuck":
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True:
            pass
    return {"verdict": "proved", "message": task}


def _timed_out(timeout):
    return {"verdict": "undecided", "message": "hard limit"}


def test_hard_limit_kills_a_stuck_worker():
    with Pool(_stubborn, jobs=1) as pool:
        start = time.monotonic()
        results = pool.map(["stuck", "after"], 0.2, _timed_out)
        assert (results, pool.kills, time.monotonic() - start < 5) == (
            [{"verdict": "undecided", "message": "hard limit"}, {"verdict": "proved", "message": "after"}], 1, True)


def test_two_jobs_give_the_same_verdicts(claims, tmp_path):
    path = tmp_path / "claims.md"
    path.write_text(CLAIMS)
    parallel = check_paths([str(path)], timeout=5, jobs=2)
    assert [l.verdict for l in parallel.files[0].links] == [l.verdict for l in claims.files[0].links]


def test_alarm_stops_work_inside_the_worker():
    start = time.monotonic()
    result = check_paths([str(EXAMPLES / "two_layer_network.md")], timeout=0.01)
    undecided = [link for link in result.files[0].links if link.verdict == "undecided"]
    assert (time.monotonic() - start < 10, bool(undecided), result.kills) == (True, True, 0)


def test_alarm_message_names_the_limit():
    result = check_paths([str(EXAMPLES / "two_layer_network.md")], timeout=0.01)
    assert any("0.01 s" in link.message for link in result.files[0].links)


# ---------------------------------------------------------------- unusable input
@pytest.mark.parametrize("kwargs, words", [({"timeout": 0}, "timeout"), ({"jobs": 0}, "-j")])
def test_bad_options(tmp_path, kwargs, words):
    path = tmp_path / "n.md"
    path.write_text("$$ a = a $$")
    with pytest.raises(GradproofError, match=words):
        check_paths([str(path)], **kwargs)


def test_no_mathematics(tmp_path):
    path = tmp_path / "prose.md"
    path.write_text("Only words here.\n")
    with pytest.raises(GradproofError, match="no mathematics"):
        check_paths([str(path)])


def test_empty_file(tmp_path):
    path = tmp_path / "empty.md"
    path.write_text("")
    with pytest.raises(GradproofError, match="no mathematics"):
        check_paths([str(path)])


def test_no_paths():
    with pytest.raises(GradproofError, match="no path"):
        check_paths([])


def test_error_message_is_one_line(tmp_path):
    path = tmp_path / "bad.md"
    path.write_bytes(b"\xff\xfe$$")
    with pytest.raises(GradproofError) as info:
        check_paths([str(path)])
    assert "\n" not in str(info.value)


LOOKALIKES = r"""
$$ 2 a_{i} - y_{i} = a_{i}^{(2)} + a_{i} - y_{i} $$

$$ x_{1} + x_{2} = x_{1} + 2 x_{2} $$

$$ g(x) = \begin{cases} x, & \text{if } x > 0 \\ 0, & \text{otherwise} \end{cases} $$

$$ g'(x) = (x > 0) $$
"""


@pytest.fixture(scope="module")
def lookalikes(tmp_path_factory):
    path = tmp_path_factory.mktemp("l") / "lookalikes.md"
    path.write_text(LOOKALIKES, encoding="utf-8")
    return check_paths([str(path)], timeout=5)


def test_layer_marked_name_is_a_lookalike(lookalikes):
    assert link_at(lookalikes, 2).verdict == "undecided"


def test_entries_of_one_name_are_not_lookalikes(lookalikes):
    assert link_at(lookalikes, 4).verdict == "refuted"


def test_cases_with_trailing_commas_define_a_function(lookalikes):
    assert link_at(lookalikes, 8).verdict == "proved"


SUMS = r"""
$$ \frac{\partial}{\partial w_j} \sum_{i=1}^{n} w_i x_i = x_j $$

$$ \frac{\partial}{\partial w_j} \sum_{i=1}^{n} w_i x_i = 2 x_j $$

$$ \frac{\partial}{\partial w_1} \sum_{i=1}^{3} w_i x_i = x_1 $$

$$ \sum_{i=1}^{3} w_i x_i = w_1 x_1 + w_2 x_2 + w_3 x_3 $$

$$ \frac{\partial}{\partial \hat{y}_j} \frac{1}{m}\sum_{i=1}^{m} (\hat{y}_i - y_i)^2 = \frac{2}{m}(\hat{y}_j - y_j) $$
"""


@pytest.fixture(scope="module")
def sums(tmp_path_factory):
    path = tmp_path_factory.mktemp("s") / "sums.md"
    path.write_text(SUMS, encoding="utf-8")
    return check_paths([str(path)], timeout=5)


def test_derivative_of_a_sum_with_respect_to_an_entry(sums):
    assert link_at(sums, 2).verdict == "proved"


def test_the_index_range_is_stated(sums):
    assert "assuming 1 <= j <= n" in link_at(sums, 2).message


def test_wrong_entry_derivative_refuted_inside_the_range(sums):
    assert link_at(sums, 4).counterexample["j"] == "1"


def test_short_sum_is_written_out_for_a_derivative(sums):
    assert link_at(sums, 6).verdict == "proved"


def test_written_out_sum_uses_the_hand_written_names(sums):
    assert link_at(sums, 8).verdict == "proved"


def test_mean_squared_error_gradient_entry(sums):
    assert link_at(sums, 10).verdict == "proved"


# ---------------------------------------------------------------- how a counterexample reads
def test_counterexample_reads_exact_values(tmp_path):
    """(x + 1)^2 and x^2 + 1 differ by 2x: at x = 1/2 they are 9/4 and 5/4, exactly."""
    path = tmp_path / "square.md"
    path.write_text("$$ (x + 1)^2 = x^2 + 1 $$\n")
    link, = check_paths([str(path)]).files[0].links
    assert link.message == "refuted: at x = 1/2: left 9/4, right 5/4"


def test_counterexample_json_keeps_the_float_beside_the_text(tmp_path):
    path = tmp_path / "square.md"
    path.write_text("$$ (x + 1)^2 = x^2 + 1 $$\n")
    link, = check_paths([str(path)]).files[0].links
    assert (link.counterexample["lhs"], link.counterexample["lhs_text"]) == (2.25, "9/4")


def test_counterexample_inexact_value_has_six_significant_digits(tmp_path):
    """e^{1/2} = 1.64872..., never e^{1/2} + 1 at u = 1/2."""
    path = tmp_path / "exp.md"
    path.write_text("$$ e^{u} = e^{u} + 1 $$\n")
    link, = check_paths([str(path)]).files[0].links
    assert link.counterexample["lhs_text"] == "1.64872"


def test_tenth_derivative_is_proved(tmp_path):
    """10! = 3628800."""
    path = tmp_path / "order.md"
    path.write_text("$$ \\frac{d^{10}}{dx^{10}} x^{10} = 3628800 $$\n")
    link, = check_paths([str(path)]).files[0].links
    assert link.verdict == "proved"


SIGMA = "$$ \\frac{d\\sigma}{dz} = \\sigma(1-\\sigma) $$\n\n$$ \\frac{d\\sigma}{dz} = \\sigma(1+\\sigma) $$\n"


def test_bare_sigma_in_a_derivative_is_the_sigmoid_of_its_variable(tmp_path):
    """sigma' = sigma (1 - sigma), written without arguments as the notes do."""
    path = tmp_path / "sigma.md"
    path.write_text(SIGMA)
    assert check_paths([str(path)]).files[0].links[0].verdict == "proved"


def test_bare_sigma_mutant_is_refuted(tmp_path):
    """sigma (1 + sigma) is not sigma': at z = 0, 1/4 against 3/4."""
    path = tmp_path / "sigma.md"
    path.write_text(SIGMA)
    assert check_paths([str(path)]).files[0].links[1].verdict == "refuted"


def test_dots_sum_equals_the_sigma_sum(tmp_path):
    path = tmp_path / "dots.md"
    path.write_text("$$ x_1 + x_2 + \\dots + x_n = \\sum_{i=1}^{n} x_i $$\n\n"
                    "$$ x_1 + x_2 + \\dots + x_n = \\sum_{i=1}^{n} x_i + 1 $$\n")
    assert [link.verdict for link in check_paths([str(path)]).files[0].links] == ["proved", "refuted"]


def test_progress_counts_every_verification_once(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("$$\\frac{d}{dx} x^2 = 2x$$\n\n$$\\frac{d}{dx} x^3 = 3x$$\n\n$$(a + b)^2 = a^2 + b^2$$\n",
                    encoding="utf-8")
    calls = []
    result = check_paths([str(path)], timeout=10, progress=lambda done, total: calls.append((done, total)))
    assert len(result.files[0].links) == 3
    assert calls == [(1, 3), (2, 3), (3, 3)]

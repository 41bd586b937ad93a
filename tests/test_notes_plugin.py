"""The pytest plugin, driven through pytest's own ``pytester``: off unless asked; one test per link."""
import pytest

pytest_plugins = ["pytester"]

NOTES = r"""# Notes

$$ z = w x + b $$

$$ \frac{\partial z}{\partial w} = x $$

$$ \frac{\partial z}{\partial b} = x $$
"""


@pytest.fixture
def plugin_args(pytestconfig):
    """Load the plugin by module only when the installed entry point does not already load it."""
    installed = pytestconfig.pluginmanager.hasplugin("gradproof")
    return [] if installed else ["-p", "derivations.notes.report.pytest_plugin"]


def test_off_unless_asked(pytester, plugin_args):
    pytester.makefile(".md", notes=NOTES)
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    result = pytester.runpytest_inprocess(*plugin_args)
    result.assert_outcomes(passed=1)


def test_each_link_is_a_test(pytester, plugin_args):
    pytester.makefile(".md", notes=NOTES)
    result = pytester.runpytest_inprocess(*plugin_args, "--gradproof-notes", "notes.md")
    result.assert_outcomes(passed=1, failed=1)


def test_failure_names_the_line_and_the_counterexample(pytester, plugin_args):
    pytester.makefile(".md", notes=NOTES)
    result = pytester.runpytest_inprocess(*plugin_args, "--gradproof-notes", "notes.md")
    result.stdout.fnmatch_lines(["*line 7: *", "refuted: *", "counterexample: *"])


def test_keyword_selection_applies_to_links(pytester, plugin_args):
    pytester.makefile(".md", notes=NOTES)
    result = pytester.runpytest_inprocess(*plugin_args, "--gradproof-notes", "notes.md", "-k", "not 7")
    result.assert_outcomes(passed=1)


def test_unusable_notes_are_a_usage_error(pytester, plugin_args):
    result = pytester.runpytest_inprocess(*plugin_args, "--gradproof-notes", "missing.md")
    assert result.ret == 4 and "no such file" in result.stderr.str()


@pytest.mark.parametrize("option, value", [("--gradproof-timeout", "-1"), ("--gradproof-timeout", "nan"),
                                           ("--gradproof-jobs", "0")])
def test_a_bad_option_is_one_usage_error(pytester, plugin_args, option, value):
    pytester.makefile(".md", notes=NOTES)
    result = pytester.runpytest_inprocess(*plugin_args, "--gradproof-notes", "notes.md", option, value)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert [line for line in result.stderr.lines if line.strip()] == [
        f"ERROR: {option}: expected " + ("a whole number from 1 to 64" if "jobs" in option else
                                          "a positive number of seconds, at most 3600") + f"; got '{value}'"]
    assert "passed" not in result.stdout.str() and "failed" not in result.stdout.str()

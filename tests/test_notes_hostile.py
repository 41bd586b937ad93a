"""Hostile and broken input: each item becomes an unparsed or undecided link with a message, in
bounded time, nothing is executed, and the rest of the file is still checked. Property tests
(hypothesis) feed random printable text and LaTeX-like token soup.
"""
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from derivations.errors import GradproofError
from derivations.notes import check_paths
from derivations.notes.read.parse import parse_tokens
from derivations.notes.read.prescan import scan_indices
from derivations.notes.read.tokens import ParseError, TokenError, tokenize
from derivations.notes.read.vocab import Names

GOOD = r"$$ (x + 1)^2 = x^2 + 2x + 1 $$"
HOSTILE = [
    r"x = __import__('os').system('touch /tmp/gradproof-pwned')",
    r"x = \text{__import__('os').system('touch /tmp/gradproof-pwned')}",
    r"x = \operatorname{__import__}('os')",
    r"x = \frac{1}{0}",
    r"x = 2^{2^{2^{2^{2^{100}}}}}",
    r"x = 10^{10^{10}}",
    r"x = 9^9^9^9^9",
    r"x = 100000000!",
    r"\sum_{i=1}^{10^{12}} i^2 = 5",
    "x = " + "(" * 3000 + "y" + ")" * 3000,
    r"x = \foo{y}",
    r"x = \frac{1}{2",
    "x + } = 1",
    "x =",
    r"x = a + \cdots + b",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    text = "\n\n".join(f"$${item}$$" for item in HOSTILE) + "\n\n" + GOOD + "\n"
    path = tmp_path_factory.mktemp("hostile") / "hostile.md"
    path.write_text(text, encoding="utf-8")
    start = time.monotonic()
    result = check_paths([str(path)], timeout=2)
    return result, time.monotonic() - start


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_item_has_a_verdict_and_a_message(hostile, index):
    link = hostile[0].files[0].links[index]
    assert link.verdict in ("unparsed", "undecided", "refuted") and link.message


def test_hostile_items_are_never_proved(hostile):
    assert [link.verdict for link in hostile[0].files[0].links[:-1]].count("proved") == 0


def test_rest_of_the_file_is_still_checked(hostile):
    assert hostile[0].files[0].links[-1].verdict == "proved"


def test_hostile_file_in_bounded_time(hostile):
    assert hostile[1] < 2 * 3 + 10


def test_nothing_was_executed(hostile):
    import os
    assert not os.path.exists("/tmp/gradproof-pwned")


def test_python_code_is_unparsed(hostile):
    assert hostile[0].files[0].links[0].verdict == "unparsed"


def test_division_by_zero_message(hostile):
    assert "division by zero" in hostile[0].files[0].links[3].message


def test_nested_parentheses_message(hostile):
    assert "nesting" in hostile[0].files[0].links[9].message


def test_empty_side_message(hostile):
    assert "empty side" in hostile[0].files[0].links[13].message


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02", b"\xc3\x28 $$a=b$$"])
def test_unusable_files_are_one_error(tmp_path, content):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(GradproofError):
        check_paths([str(path)])


# ---------------------------------------------------------------- properties
TOKENS = [r"\frac", r"\sqrt", r"\sum", r"\partial", r"\sigma", r"\left(", r"\right)", r"\hat", r"\text{if}",
          r"\begin{bmatrix}", r"\end{bmatrix}", r"\begin{cases}", r"\end{cases}", r"\cdot", r"\times",
          r"\log", r"\exp", r"\max", r"\nabla", r"\underbrace", r"\mathbb{1}", r"\infty", r"\prime",
          "{", "}", "(", ")", "[", "]", "^", "_", "'", "!", "=", ":=", "<", ">", "&", r"\\", "|", ",",
          "+", "-", "/", "x", "y", "z", "a", "d", "e", "W", "T", "i", "n", "0", "1", "2", "9", "0.5", " "]


def _parse_every_side(text: str) -> None:
    """Parse the text as one side; only ParseError or TokenError may come out."""
    names = Names()
    try:
        tokens = tokenize(text)
        scan_indices(tokens, names)
        parse_tokens(tokens, names, text)
    except (ParseError, TokenError):
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_token_soup_never_crashes_the_parser(text):
    start = time.monotonic()
    _parse_every_side(text)
    assert time.monotonic() - start < 2


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80))
def test_printable_text_never_crashes_the_parser(text):
    _parse_every_side(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=25).map("".join),
       st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60))
def test_random_notes_never_crash_the_checker(tmp_path, soup, prose):
    path = tmp_path / "random.md"
    path.write_text(f"{prose}\n\n$$ {soup} = x $$\n\n$$ {soup} $$\n", encoding="utf-8")
    start = time.monotonic()
    try:
        result = check_paths([str(path)], timeout=1)
    except GradproofError:
        return  # e.g. nothing that counts as mathematics
    links = sum(len(f.links) for f in result.files)
    assert {link.verdict for f in result.files for link in f.links} <= {"proved", "refuted", "undecided", "unparsed"}
    assert time.monotonic() - start < 3 + links * 2.5


def _expressions():
    leaves = st.sampled_from(["x", "y", "2", "3", "0.5", r"\hat{y}", "w_1"])

    def extend(inner):
        pairs = st.tuples(inner, inner)
        return st.one_of(pairs.map(lambda p: f"({p[0]} + {p[1]})"), pairs.map(lambda p: f"{p[0]} \\cdot {p[1]}"),
                         pairs.map(lambda p: f"\\frac{{{p[0]}}}{{{p[1]} + 7}}"), inner.map(lambda e: f"({e})^{{2}}"),
                         inner.map(lambda e: f"\\sigma({e})"))
    return st.recursive(leaves, extend, max_leaves=6)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(_expressions())
def test_an_expression_equals_itself_and_not_itself_plus_one(tmp_path, expression):
    path = tmp_path / "same.md"  # "+ 1" on the left: a bare name would be a definition
    path.write_text(f"$$ {expression} + 1 = 1 + {expression} $$\n\n$$ {expression} + 1 = {expression} + 2 $$\n")
    same, shifted = check_paths([str(path)], timeout=3).files[0].links
    assert (same.verdict, shifted.verdict) == ("proved", "refuted")


@pytest.mark.parametrize("joiner", [" + ", " ", r" \cdot ", " - "])
def test_long_sums_and_products_parse_without_recursion(joiner):
    # 1200 terms: the parser loops over them (no recursion per term); speed is benchmarked elsewhere.
    text = joiner.join(f"x_{{{i}}}" for i in range(1200))
    names = Names()
    tokens = tokenize(text)
    scan_indices(tokens, names)
    assert len(parse_tokens(tokens, names, text).free_symbols) == 1200

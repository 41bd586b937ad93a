"""Finding the mathematics (scan.py) and cutting it into equations and links (chains.py)."""
import json

import pytest

from derivations.errors import GradproofError
from derivations.notes.plan.chains import DEF, EQ, OTHER, block_equations, file_equations
from derivations.notes.find.scan import expand_paths, scan_file


def scan(tmp_path, text, name="notes.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return scan_file(path)


def display(notes):
    return [b.text.strip() for b in notes.blocks if b.display]


def equations(tmp_path, text):
    return file_equations(scan(tmp_path, text).blocks)


def kinds(eq):
    return [r.kind for r in eq.relations]


def sides(eq):
    return [s.text for s in eq.sides]


# ---------------------------------------------------------------- scan
def test_display_block_on_its_own_lines(tmp_path):
    assert display(scan(tmp_path, "text\n$$\nz = w x + b\n$$\n")) == ["z = w x + b"]


def test_display_block_inside_a_list_item(tmp_path):
    assert display(scan(tmp_path, "- $$ z = w x + b $$ : the logit\n")) == ["z = w x + b"]


def test_bracket_display(tmp_path):
    assert display(scan(tmp_path, "\\[ a = b \\]\n")) == ["a = b"]


@pytest.mark.parametrize("env", ["equation", "align*", "gather", "split"])
def test_environment_outside_dollars(tmp_path, env):
    blocks = display(scan(tmp_path, f"\\begin{{{env}}}\na &= b\n\\end{{{env}}}\n"))
    assert blocks == [f"\\begin{{{env}}}\na &= b\n\\end{{{env}}}"]


def test_code_fence_is_never_read(tmp_path):
    assert display(scan(tmp_path, "```\n$$ a = b $$\n```\n$$ c = d $$\n")) == ["c = d"]


def test_tilde_fence_is_never_read(tmp_path):
    assert display(scan(tmp_path, "~~~python\nx = '$$ a = b $$'\n~~~\n")) == []


def test_indented_code_is_never_read(tmp_path):
    assert display(scan(tmp_path, "text\n\n    $$ a = b $$\n\n$$ c = d $$\n")) == ["c = d"]


def test_indented_list_continuation_is_read(tmp_path):
    assert display(scan(tmp_path, "- item\n\n    $$ a = b $$\n")) == ["a = b"]


def test_inline_code_is_never_read(tmp_path):
    assert scan(tmp_path, "see `$$ a = b $$` here\n").blocks == []


def test_inline_math_is_not_display(tmp_path):
    notes = scan(tmp_path, "where $z = w x + b$ is the logit\n")
    assert [(b.text, b.display) for b in notes.blocks] == [("z = w x + b", False)]


def test_dollar_amounts_are_not_math(tmp_path):
    assert scan(tmp_path, "it costs $5 and $10 now\n").blocks == []


def test_block_position(tmp_path):
    block = scan(tmp_path, "line one\n  $$ a = b $$\n").blocks[0]
    assert (block.line, block.column) == (2, 5)


def test_position_inside_a_block(tmp_path):
    block = scan(tmp_path, "$$\na = b\n+ c\n$$\n").blocks[0]
    assert block.where(block.text.index("c")) == (3, 3)


def test_unclosed_display_is_an_error_block(tmp_path):
    notes = scan(tmp_path, "$$ a = b\n\n$$ c = d $$\n")
    assert [b.error is not None for b in notes.blocks] == [True, False]


def test_headings_start_sections(tmp_path):
    notes = scan(tmp_path, "$$a = 1$$\n# Two\n$$b = 2$$\n")
    assert [b.section for b in notes.blocks] == [0, 1]


def test_layer_declaration(tmp_path):
    assert scan(tmp_path, "<!-- gradproof: layer L l -->\n$$a = 1$$\n").layer_indices == {"L", "l"}


def notebook(cells):
    return json.dumps({"cells": [{"cell_type": kind, "metadata": {}, "source": source}
                                 for kind, source in cells], "metadata": {}, "nbformat": 4,
                       "nbformat_minor": 5}, indent=1)


def test_notebook_markdown_cells_only(tmp_path):
    text = notebook([("code", ["x = 1\n", "# $$ a = b $$\n"]), ("markdown", ["Text\n", "$$ c = d $$\n"])])
    block = scan(tmp_path, text, "n.ipynb").blocks[0]
    assert (block.text.strip(), block.cell, block.line) == ("c = d", 2, 2)


def test_notebook_cell_lines_point_into_the_json(tmp_path):
    text = notebook([("markdown", ["# T\n", "$$ c = d $$\n"])])
    notes = scan(tmp_path, text, "n.ipynb")
    assert text.split("\n")[notes.file_line(1, 2) - 1].strip().startswith('"$$ c = d $$')


@pytest.mark.parametrize("content, words", [
    (b"\x00\x01binary", "not a text file"), (b"caf\xe9 $$a=b$$", "not UTF-8"),
])
def test_unusable_files(tmp_path, content, words):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(GradproofError, match=words):
        scan_file(path)


def test_invalid_notebook(tmp_path):
    path = tmp_path / "bad.ipynb"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(GradproofError, match="not a valid Jupyter notebook"):
        scan_file(path)


def test_missing_path(tmp_path):
    with pytest.raises(GradproofError, match="no such file"):
        expand_paths([str(tmp_path / "missing.md")])


def test_folder_without_notes(tmp_path):
    (tmp_path / "a.py").write_text("x = 1")
    with pytest.raises(GradproofError, match="no notes files"):
        expand_paths([str(tmp_path)])


def test_folder_lists_notes_and_skips_hidden_tools(tmp_path):
    for name in ("b.md", "a.ipynb", "c.txt", "d.py", ".venv/e.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("$$a=b$$")
    assert [p.name for p in expand_paths([str(tmp_path)])] == ["a.ipynb", "b.md", "c.txt"]


# ---------------------------------------------------------------- chains
def test_chain_is_link_by_link(tmp_path):
    eq, = equations(tmp_path, "$$ A = B = C $$")
    assert sides(eq) == ["A", "B", "C"]


def test_aligned_rows_continue_the_chain(tmp_path):
    eq, = equations(tmp_path, "$$\\begin{aligned} a &= b \\\\ &= c \\end{aligned}$$")
    assert sides(eq) == ["a", "b", "c"]


def test_new_line_starting_with_equals_continues(tmp_path):
    eq, = equations(tmp_path, "$$\na = b\n= c\n$$")
    assert sides(eq) == ["a", "b", "c"]


def test_link_line_is_where_its_right_side_begins(tmp_path):
    eq, = equations(tmp_path, "$$\na = b\n= c\n$$")
    assert eq.sides[2].block.where(eq.sides[2].pos)[0] == 3


def test_two_equations_on_one_line(tmp_path):
    assert [sides(e) for e in equations(tmp_path, "$$ a = 1 \\qquad b = 2 $$")] == [["a", "1"], ["b", "2"]]


def test_comma_separates_equations(tmp_path):
    assert [sides(e) for e in equations(tmp_path, "$$ a = 1, b = 2 $$")] == [["a", "1"], ["b", "2"]]


def test_side_condition_is_not_a_factor(tmp_path):
    eq, = equations(tmp_path, "$$ \\sqrt{x^2} = x \\quad \\text{for } x > 0 $$")
    assert (sides(eq), eq.conditions[0].text) == (["\\sqrt{x^2}", "x"], "\\text{for } x > 0")


def test_comma_condition(tmp_path):
    eq, = equations(tmp_path, "$$ \\sqrt{x^2} = x, \\; x > 0 $$")
    assert eq.conditions[0].text == "x > 0"


def test_approximation_is_not_an_equality(tmp_path):
    eq, = equations(tmp_path, "$$ \\pi \\approx 3.14 $$")
    assert kinds(eq) == [OTHER]


@pytest.mark.parametrize("sign", [":=", "\\coloneqq", "\\triangleq", "\\overset{def}{=}",
                                  "\\stackrel{\\text{def}}{=}", "\\overset{\\text{def}}{=}"])
def test_definition_signs(tmp_path, sign):
    eq, = equations(tmp_path, f"$$ J {sign} (a-y)^2 $$")
    assert kinds(eq) == [DEF]


def test_chain_continues_into_the_next_block(tmp_path):
    eq, = equations(tmp_path, "$$ a = b =$$\n\n$$= c $$")
    assert (sides(eq), kinds(eq)) == (["a", "b", "c"], [EQ, EQ])


def test_equation_label_is_dropped(tmp_path):
    eq, = equations(tmp_path, "$$ a = b \\quad (3) $$")
    assert sides(eq) == ["a", "b"]


def test_unbalanced_block_is_an_error(tmp_path):
    block = scan(tmp_path, "$$ a = \\frac{1}{2 $$").blocks[0]
    assert block_equations(block)[0].error is not None


def test_empty_side_is_kept_for_a_message(tmp_path):
    eq, = equations(tmp_path, "$$ x = $$")
    assert sides(eq) == ["x", ""]


# ---------------------------------------------------------------- LaTeX sources and long $$ blocks
TEX = r"""\section{Sigmoid}
% a comment with $x = 2$ inside
\begin{equation}
    \sigma'(z) = \sigma(z)(1 - \sigma(z)) % why
\end{equation}
\begin{verbatim}
$$ 1 = 2 $$
\end{verbatim}
We pay 5\% and $a = 3$.
\section{Another}
\[ \frac{d}{dx} x^2 = 2x \]
"""


def test_folder_tex_files_are_found(tmp_path):
    (tmp_path / "notes.tex").write_text(TEX)
    assert [p.name for p in expand_paths([str(tmp_path)])] == ["notes.tex"]


def test_tex_comments_and_verbatim_are_not_read(tmp_path):
    notes = scan(tmp_path, TEX, "notes.tex")
    assert [b.text.strip() for b in notes.blocks] == [
        r"\begin{equation}" "\n" r"    \sigma'(z) = \sigma(z)(1 - \sigma(z))      " "\n" r"\end{equation}",
        "a = 3", r"\frac{d}{dx} x^2 = 2x"]


def test_tex_sections_start_at_section_commands(tmp_path):
    assert [b.section for b in scan(tmp_path, TEX, "notes.tex").blocks] == [1, 1, 2]


def test_tex_lines_are_kept(tmp_path):
    assert [b.line for b in scan(tmp_path, TEX, "notes.tex").blocks] == [3, 9, 11]


def test_display_block_over_a_blank_line(tmp_path):
    assert display(scan(tmp_path, "$$\n\\frac{d}{dx} x^3\n\n= 3x^2\n$$\n")) == ["\\frac{d}{dx} x^3\n\n= 3x^2"]


def test_unclosed_display_block_still_stops_at_a_paragraph(tmp_path):
    notes = scan(tmp_path, "$$ x = 1\n\nprose with $y$ in it\n")
    assert "never closed" in notes.blocks[0].error


def test_table_cell_holding_only_dollars_opens_no_display(tmp_path):
    text = "|f|derivative|\n|---|---|\n|SoftMax|$$|\n||$$|\n\n$$\\frac{d}{dx} x^2 = 2x$$\n"
    assert display(scan(tmp_path, text)) == ["\\frac{d}{dx} x^2 = 2x"]


def test_inline_equation_alone_on_its_line_is_a_display(tmp_path):
    text = "- $a = b + 1$<br>\n\nIn a sentence $c = d$ stays inline.\n"
    assert display(scan(tmp_path, text)) == ["a = b + 1"]


def test_tex_line_break_with_spacing_is_not_display_math(tmp_path):
    text = "\\begin{center}Title\\\\[0.5cm] Author\\end{center}\n\\[ a = b \\]\n"
    assert display(scan(tmp_path, text, "notes.tex")) == ["a = b"]

"""derivations/html: MathML from SymPy and from the notes' LaTeX, the allowlist, the pages, the CLI.

Markup is read back with the standard library's HTML parser, never matched against strings the
code under test produced. The browser tests (test_html_browser.py) load the same pages in Chromium.
"""
import json
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sympy as sp

import cli
from derivations import catalog
from derivations.catalog.generic import phi, shown
from derivations.functions import relu, relu_prime, sigma
from derivations.html.latex import latex_mathml
from derivations.html.mathml import serialize, styled
from derivations.html.printer import sympy_mathml
from derivations.html.notes import check_page
from derivations.html.steps import applies, typeset_latex
from derivations.notes import check_paths

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = """# Notes <script>alert('title')</script>

Prose with <script>alert(1)</script> and <img src=x onerror="alert(2)"> and ![pic](http://example.com/a.png).

$$ x = \\text{<script>alert(3)</script>} $$

$$ \\text{<img src=x onerror=alert(4)>} = 1 $$

Inline $\\text{<b onmouseover=alert(5)>}$ too, and [a link](javascript:alert(6)).
"""


class Tree(HTMLParser):
    """Start tags with their attributes, and the text, as the browser's parser would see them."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def named(self, tag):
        return [attrs for t, attrs in self.tags if t == tag]

    def with_class(self, name):
        return [attrs for _, attrs in self.tags if name in (attrs.get("class") or "").split()]

    @property
    def all_text(self):
        return "".join(self.text).replace("\xa0", " ")  # latex2mathml keeps \text's spaces as no-break spaces


def letter(name: str) -> str:
    return unicodedata.lookup(name)


# ---------------------------------------------------------------- the notes' LaTeX

def test_latex_text_script_arrives_as_text():
    tree = Tree(latex_mathml(r"x = \text{<script>alert(1)</script>}"))
    assert tree.named("script") == []
    assert "<script>alert(1)</script>" in tree.all_text


def test_latex_text_img_onerror_arrives_as_text():
    tree = Tree(latex_mathml(r"\text{<img src=x onerror=alert(1)>} = 1"))
    assert tree.named("img") == []
    assert "<img src=x onerror=alert(1)>" in tree.all_text


def test_latex_bold_is_a_unicode_letter_distinct_from_plain():
    bold, plain = Tree(latex_mathml(r"\mathbf{x}")), Tree(latex_mathml("x"))
    assert letter("MATHEMATICAL BOLD SMALL X") in bold.all_text
    assert letter("MATHEMATICAL BOLD SMALL X") not in plain.all_text


def test_latex_never_keeps_mathvariant_bold():
    tree = Tree(latex_mathml(r"\boldsymbol{\theta} + \mathbb{R}"))
    assert all(attrs.get("mathvariant") in (None, "normal") for _, attrs in tree.tags)


def test_latex_double_struck_r_is_the_letterlike_symbol():
    assert letter("DOUBLE-STRUCK CAPITAL R") in Tree(latex_mathml(r"x \in \mathbb{R}")).all_text


def test_styled_double_struck_r_uses_the_letterlike_symbol():
    assert styled("R", "double-struck") == letter("DOUBLE-STRUCK CAPITAL R")


def test_styled_bold_greek():
    assert styled("θ", "bold") == letter("MATHEMATICAL BOLD SMALL THETA")


def test_latex_unknown_command_is_not_typeset():
    assert latex_mathml(r"\foo{x} = 1") is None


def test_latex_character_the_tokenizer_refuses_is_not_typeset():
    assert latex_mathml("x ∉ y") is None


def test_unreadable_latex_shows_its_source_in_code():
    tree = Tree(typeset_latex(r"\foo{<x>} = 1"))
    assert tree.named("code") and r"\foo{<x>} = 1" in tree.all_text and tree.named("math") == []


def test_latex_aligned_rows_become_table_rows():
    tree = Tree(latex_mathml(r"\begin{aligned} J &= (a-y)^2 \\ &= a^2 - 2ay + y^2 \end{aligned}"))
    assert len(tree.named("mtr")) == 2


def test_latex_transposed_matrix_superscript_has_two_children():
    markup = latex_mathml(r"\begin{bmatrix} a & b \\ c & d \end{bmatrix}^T")
    assert markup.count("<msup>") == 1
    inner = markup.split("<msup>", 1)[1]
    # the base is one element (the bracketed matrix), the script the other
    assert inner.startswith("<mrow><mo") and inner.rsplit("</msup>", 1)[0].endswith("<mi>T</mi>")


# ---------------------------------------------------------------- the allowlist

def test_serialize_drops_an_element_not_in_the_allowlist_keeping_its_text():
    tree = Tree(serialize(("math", {}, [("script", {"onload": "x()"}, ["hi"])])))
    assert tree.named("script") == [] and "hi" in tree.all_text


def test_serialize_drops_event_attributes():
    tree = Tree(serialize(("mi", {"onclick": "alert(1)", "href": "javascript:x"}, ["x"])))
    assert tree.tags == [("mi", {})]


def test_serialize_drops_an_attribute_value_that_could_break_out():
    tree = Tree(serialize(("mo", {"stretchy": 'true" onmouseover="alert(1)'}, ["("])))
    assert "onmouseover" not in tree.tags[0][1] and "stretchy" not in tree.tags[0][1]


def test_serialize_escapes_text():
    assert Tree(serialize(("mtext", {}, ["</math><script>x</script>"]))).named("script") == []


def test_serialize_mfenced_becomes_operators():
    tree = Tree(serialize(("mfenced", {"open": "[", "close": "]"}, [("mi", {}, ["a"]), ("mi", {}, ["b"])])))
    assert tree.named("mfenced") == [] and tree.all_text == "[a,b]"


# ---------------------------------------------------------------- gradproof's own expressions

z = sp.Symbol("z")


def test_sympy_sigma_is_the_greek_letter():
    text = Tree(sympy_mathml(sigma(z))).all_text
    assert text == "σ(z)"


def test_sympy_relu_and_its_derivative():
    assert Tree(sympy_mathml(relu(z))).all_text == "ReLU(z)"
    assert Tree(sympy_mathml(relu_prime(z))).all_text == "ReLU′(z)"


def test_sympy_generic_phi_prime():
    assert Tree(sympy_mathml(phi.partial(1)(z))).all_text == "φ′(z)"


def test_sympy_shown_name_is_a_scripted_delta_without_parentheses():
    tree = Tree(sympy_mathml(shown("delta^1_2", z + 1)))
    assert tree.all_text.replace("\u2062", "") in ("δ21", "δ12") and tree.named("msubsup")


def test_sympy_derivative_of_a_sum_is_parenthesised():
    a, y = sp.symbols("a y")
    text = Tree(sympy_mathml(sp.Derivative(a**2 + y, a))).all_text
    assert text.endswith(")") and "(" in text.split("a", 1)[1]


@pytest.mark.parametrize("derivation_id", catalog.ids())
def test_every_step_prints_without_python_names(derivation_id):
    for step in catalog.get(derivation_id).steps:
        text = Tree(sympy_mathml((step.lhs, step.rhs))).all_text
        for python_name in ("sigma", "relu", "()", "KroneckerDelta", "Subs", "_", "jacobian"):
            assert python_name not in text, (step.reason, python_name)


# ---------------------------------------------------------------- the check page

@pytest.fixture(scope="module")
def mistakes_page():
    result = check_paths([str(ROOT / "examples" / "typical_mistakes.md")], timeout=10)
    return Tree(check_page(result))


def verdict_by_line(tree: Tree) -> dict[int, str]:
    return {int(a["data-line"]): a["data-verdict"] for a in tree.with_class("link")}


def test_check_page_marks_each_link_of_typical_mistakes(mistakes_page):
    # Decided by hand: with C = (a-y)^2/2, a = sigma(z), dC/dz = (a-y) a(1-a), not a - y (line 11);
    # dJ/da of the cross-entropy is (a-y)/(a(1-a)), not (y-a)/(a(1-a)) (line 19); d/da (a-y)^2/2 is
    # a - y (line 25); d/dx x^-1 = -x^-2 (line 27); dE/dv needs W^T, not W (lines 39, 41).
    assert verdict_by_line(mistakes_page) == {11: "refuted", 13: "proved", 19: "refuted", 21: "proved",
                                              25: "refuted", 27: "proved", 39: "refuted", 41: "proved"}


def test_check_page_every_link_folds_what_it_rests_on(mistakes_page):
    assert len(mistakes_page.named("details")) == len(mistakes_page.with_class("link")) == 8


def test_check_page_refuted_link_shows_both_sides(mistakes_page):
    html_text = mistakes_page.all_text
    assert "at b = " in html_text and "left " in html_text and "right " in html_text


def test_check_page_summary_links_to_every_problem(mistakes_page):
    ids = {a.get("id") for _, a in mistakes_page.tags}
    targets = [a["href"][1:] for a in mistakes_page.named("a") if a.get("href", "").startswith("#file-")]
    assert len(targets) == 4 and all(t in ids for t in targets)


def test_check_page_typesets_display_equations(mistakes_page):
    assert len([a for a in mistakes_page.named("math") if a.get("display") == "block"]) >= 14


def test_check_page_has_no_script_and_fetches_nothing(mistakes_page):
    assert mistakes_page.named("script") == [] and mistakes_page.named("link") == []
    assert all("src" not in attrs for _, attrs in mistakes_page.tags)


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.md"
    path.write_text(HOSTILE, encoding="utf-8")
    return Tree(check_page(check_paths([str(path)], timeout=10)))


def test_hostile_notes_make_no_element_of_their_own(hostile_page):
    tags = {t for t, _ in hostile_page.tags}
    assert not tags & {"script", "img", "b", "iframe"}


def test_hostile_notes_attributes_carry_no_event_handler(hostile_page):
    assert not [k for _, attrs in hostile_page.tags for k in attrs if k.startswith("on")]


def test_hostile_notes_javascript_link_is_not_a_link(hostile_page):
    assert not [a for a in hostile_page.named("a") if "javascript" in a.get("href", "")]


def test_hostile_notes_markup_shows_as_text(hostile_page):
    text = hostile_page.all_text
    assert "<script>alert(1)</script>" in text and '<img src=x onerror="alert(2)">' in text
    assert "<script>alert(3)</script>" in text and "<img src=x onerror=alert(4)>" in text


def test_notebook_code_cells_show_as_code(tmp_path):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["$$ \\frac{d}{dx} x^2 = 2x $$\n"]},
             {"cell_type": "code", "metadata": {}, "source": ["print('<b>bold</b>')\n"], "outputs": [],
              "execution_count": None}]
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    tree = Tree(check_page(check_paths([str(path)], timeout=10)))
    assert tree.named("b") == [] and "print('<b>bold</b>')" in tree.all_text
    assert [a["data-verdict"] for a in tree.with_class("link")] == ["proved"]


# ---------------------------------------------------------------- errata and derivations

def test_erratum_of_a_section_applies_to_the_derivation_of_that_section():
    assert applies({"source": "001_1350167788b7a5e9.txt, 1.5.1"}, catalog.get("gradient"))


def test_erratum_inside_a_range_of_sections_applies():
    assert applies({"source": "001_1350167788b7a5e9.txt, 3.5"}, catalog.get("mse-weights"))


def test_erratum_of_another_file_does_not_apply():
    assert not applies({"source": "004_d835b9d6349844af.txt, 1.5.1"}, catalog.get("gradient"))


# ---------------------------------------------------------------- the command line

def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_show_html_writes_a_page(capsys, tmp_path):
    path = tmp_path / "p.html"
    code, out, _ = run(capsys, "show", "sigmoid-derivative", "--html", str(path))
    tree = Tree(path.read_text(encoding="utf-8"))
    assert code == 0 and out.strip() == f"wrote {path}"
    assert len(tree.with_class("step")) == len(catalog.get("sigmoid-derivative").steps)


def test_cli_show_html_links_the_errata_of_its_source(capsys, tmp_path):
    path = tmp_path / "p.html"
    run(capsys, "show", "gradient", "--html", str(path))
    tree = Tree(path.read_text(encoding="utf-8"))
    targets = [a["href"][1:] for a in tree.named("a") if a.get("href", "").startswith("#erratum-")]
    assert targets and all(t in {a.get("id") for _, a in tree.tags} for t in targets)


@pytest.mark.parametrize("argv", [["show", "gradient"], ["errata"], ["check", "examples/typical_mistakes.md"]])
def test_cli_unwritable_path_exits_2_with_one_line_before_any_work(capsys, monkeypatch, argv):
    def no_work(*args, **kwargs):
        raise AssertionError("work started before the path was checked")

    monkeypatch.setattr(cli, "verify", no_work)
    monkeypatch.setattr("derivations.prove.verify_all", no_work)
    monkeypatch.setattr("derivations.catalog.errata.check_errata", no_work)
    monkeypatch.setattr("derivations.notes.check_paths", no_work)
    code, out, err = run(capsys, *argv, "--html", "/nonexistent-folder/page.html")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_cli_html_path_that_is_a_folder_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "errata", "--html", str(tmp_path))
    assert code == 2 and "folder" in err


def test_cli_show_needs_an_id_or_all(capsys):
    code, _, err = run(capsys, "show")
    assert code == 2 and len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------- Jupyter

def test_derivation_repr_html_is_typeset():
    tree = Tree(catalog.get("sigmoid-derivative")._repr_html_())
    assert tree.named("math") and tree.named("html") == [] and tree.named("script") == []


def test_check_text_repr_html_marks_the_wrong_link():
    from derivations.jupyter import check_text

    result = check_text("$$ a := \\sigma(z) $$\n\n$$ \\frac{da}{dz} = a $$\n")
    tree = Tree(result._repr_html_())
    assert [a["data-verdict"] for a in tree.with_class("link")] == ["refuted"]


def test_tex_source_shows_as_text_with_its_equation_marked(tmp_path):
    path = tmp_path / "n.tex"
    path.write_text("\\section{Power rule} <script>x()</script>\n\\begin{equation}\n"
                    "\\frac{d}{dx} x^2 = 2x\n\\end{equation}\n", encoding="utf-8")
    tree = Tree(check_page(check_paths([str(path)], timeout=10)))
    assert tree.named("script") == [] and "<script>x()</script>" in tree.all_text
    assert [a["data-verdict"] for a in tree.with_class("link")] == ["proved"] and tree.named("mfrac")


def test_header_definitions_are_typeset_where_both_sides_are_expressions():
    from derivations.html.steps import derivation_section
    markup = derivation_section(catalog.get("bce-sigmoid"))
    header = markup.split('<dl class="header">', 1)[1].split("</dl>", 1)[0]
    definitions = header.split("<dt>Definitions</dt>", 1)[1].split("</dd>", 1)[0]
    assert "<math" in definitions and "Sum(" not in definitions

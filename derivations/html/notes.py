"""The check report as HTML: the person's notes rendered (Markdown through markdown-it-py with raw
HTML off, notebooks cell by cell with code shown as code, LaTeX sources as text), every display
equation typeset, and beside it each link's verdict mark, the counterexample of a refuted link,
and what the verdict rests on, folded in ``<details>``. A summary at the top links to each problem.

It reads only the check's result objects and the notes' text (``find`` says where the math sits);
it never changes a verdict. Every piece of the notes' text reaches the page escaped. Nothing prints.
"""
from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GradproofError
from ..notes.find.scan import read_text, scan_text
from ..notes.report.hints import fix
from ..notes.verify.check import CheckResult, FileResult, LinkResult
from .latex import latex_mathml
from .page import document, escape, fragment, mark

VERDICTS = ("proved", "refuted", "undecided", "unparsed")


def check_page(result: CheckResult, sources: dict[str, str] | None = None) -> str:
    """One page for a whole check: the summary, then a section per file."""
    names = ", ".join(f.file for f in result.files)
    return document(f"gradproof check: {names}", check_body(result, sources))


def check_fragment(result: CheckResult, sources: dict[str, str] | None = None) -> str:
    """For Jupyter: the same rendering, without the page around it."""
    return fragment(check_body(result, sources))


def check_body(result: CheckResult, sources: dict[str, str] | None = None) -> str:
    """``sources`` gives a file's text where it is not on disk (``check_text``); files are read otherwise."""
    sources = sources or {}
    parts = [_summary(result)]
    for number, file in enumerate(result.files):
        text = sources[file.file] if file.file in sources else _read(file.file)
        parts.append(_file_section(number, file, text))
    return "\n".join(parts)


def _read(path: str) -> str | None:
    try:
        return read_text(Path(path))
    except GradproofError:
        return None  # the links are still listed, without the text around them


def _link_id(file_number: int, link_number: int) -> str:
    return f"file-{file_number}-link-{link_number}"


def _where(link: LinkResult) -> str:
    return (f"cell {link.cell}, line {link.line}" if link.cell is not None else f"line {link.line}")


# ---------------------------------------------------------------- the summary

def _summary(result: CheckResult) -> str:
    counts = result.summary
    words = ", ".join(f"{mark(v)} {counts.get(v, 0)}" for v in VERDICTS)
    out = ['<section class="summary" id="summary">', "<h1>gradproof check</h1>",
           f"<p>{words} links in {len(result.files)} file{'s' * (len(result.files) != 1)}</p>"]
    problems = [(f, k, link) for f, file in enumerate(result.files) for k, link in enumerate(file.links)
                if link.verdict != "proved"]
    if problems:
        out.append("<p>Problems:</p><ol class=\"problems\">")
        for f, k, link in problems:
            file = result.files[f]
            out.append(f'<li>{mark(link.verdict)} <a href="#{_link_id(f, k)}">{escape(file.file)}, '
                       f"{escape(_where(link))}</a>: {_claim(link)}</li>")
        out.append("</ol>")
    else:
        out.append("<p>Every link is proved.</p>")
    out.append("</section>")
    return "\n".join(out)


# ---------------------------------------------------------------- one file

def _file_section(number: int, file: FileResult, text: str | None) -> str:
    counts = ", ".join(f"{file.counts.get(v, 0)} {v}" for v in VERDICTS)
    out = [f'<section class="file" id="file-{number}">', f"<h2>{escape(file.file)}</h2>",
           f'<p class="method">{escape(counts)}</p>']
    placed: set[int] = set()
    if text is not None:
        out.append(_render_text(number, file, text, placed))
    left = [(k, link) for k, link in enumerate(file.links) if k not in placed]
    if left:
        out.append("<h3>Links outside the text shown</h3>" if text is not None else "<h3>Links</h3>")
        out.append(_links(number, left, show_claim=True))
    out.append("</section>")
    return "\n".join(out)


def _render_text(number: int, file: FileResult, text: str, placed: set[int]) -> str:
    notes = scan_text(text, file.file)
    suffix = Path(file.file).suffix.lower()
    if suffix == ".ipynb":
        return _notebook(number, file, text, notes, placed)
    page = _Piece(number, file, notes.blocks, None, placed)
    if suffix == ".tex":
        return f'<div class="tex"><pre>{page.render(text, markdown=False)}</pre></div>'
    return page.render(text, markdown=True)


def _notebook(number: int, file: FileResult, text: str, notes, placed: set[int]) -> str:
    cells = json.loads(text)["cells"]  # scan_text has already refused a notebook that is not valid
    out = []
    for cell, content in enumerate(cells, start=1):
        source = content.get("source", "")
        body = "".join(source) if isinstance(source, list) else str(source)
        if content.get("cell_type") == "markdown":
            blocks = [b for b in notes.blocks if b.cell == cell]
            out.append(f'<div class="cell" id="file-{number}-cell-{cell}">'
                       + _Piece(number, file, blocks, cell, placed).render(body, markdown=True) + "</div>")
        else:
            out.append(f'<pre class="cell-code"><code>{escape(body)}</code></pre>')
    return "\n".join(out)


@dataclass
class _Piece:
    """One text (a Markdown file, a notebook cell, a LaTeX source) with its math and its links."""

    number: int
    file: FileResult
    blocks: list
    cell: int | None
    placed: set[int]
    nonce: str = field(default_factory=lambda: secrets.token_hex(6))

    def render(self, text: str, markdown: bool) -> str:
        spans = self._spans(text)
        pieces, out, last = {}, [], 0
        for k, (start, end, block, links) in enumerate(spans):
            key = f"gpmath{self.nonce}n{k}z"  # letters and digits: Markdown leaves it as it is
            pieces[key] = (block, links)
            out += [text[last:start], key]
            last = end
        out.append(text[last:])
        joined = "".join(out)
        body = _markdown(joined) if markdown else escape(joined)
        return self._fill(body, pieces)

    def _spans(self, text: str) -> list[tuple[int, int, object, list]]:
        """(start, end, block, links) of each math block with its delimiters, in order."""
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        spans = []
        for block in self.blocks:
            if block.error or not block.text or block.line > len(starts):
                continue
            start = starts[block.line - 1] + block.column - 1
            end = start + len(block.text)
            if text[start:end] != block.text:
                continue  # not where the scanner said: leave the text as it is
            for opening, closing in (("$$", "$$"), ("\\[", "\\]"), ("$", "$")):
                if text[:start].endswith(opening) and text[end:].startswith(closing):
                    start, end = start - len(opening), end + len(closing)
                    break
            spans.append((start, end, block))
        spans.sort(key=lambda s: s[0])
        found = []
        for start, end, block in spans:
            links = []
            for k, link in enumerate(self.file.links):
                if link.cell != self.cell or k in self.placed or link.line > len(starts):
                    continue
                at = starts[link.line - 1] + link.column - 1
                if start <= at <= end:
                    links.append((k, link))
                    self.placed.add(k)
            found.append((start, end, block, links))
        return found

    def _fill(self, body: str, pieces: dict) -> str:
        def replace(m: re.Match) -> str:
            block, links = pieces[m.group("key")]
            if not block.display:
                return latex_mathml(block.text, display=False) or f'<code class="source">{escape(block.text)}</code>'
            shown = self._equation(block, links)
            if m.group("p"):
                return shown  # the paragraph held only this equation
            inside_paragraph = body.rfind("<p>", 0, m.start()) > body.rfind("</p>", 0, m.start())
            return f"</p>{shown}<p>" if inside_paragraph else shown

        keys = "|".join(re.escape(k) for k in pieces) or "(?!)"
        return re.sub(rf"(?P<p><p>)?(?P<key>{keys})(?(p)</p>)", replace, body)

    def _equation(self, block, links: list) -> str:
        worst = [v for v in ("refuted", "unparsed", "undecided") if any(link.verdict == v for _, link in links)]
        classes = "equation" + (f" has-{worst[0]}" if worst else "")
        math = latex_mathml(block.text, display=True) or f'<pre><code class="source">{escape(block.text)}</code></pre>'
        return f'<div class="{classes}">{math}{_links(self.number, links, show_claim=len(links) > 1)}</div>'


_MARKDOWN = None


def _markdown(text: str) -> str:
    """CommonMark with tables; raw HTML is off (it shows as text) and images are off (no network)."""
    global _MARKDOWN
    if _MARKDOWN is None:
        from markdown_it import MarkdownIt

        _MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")
    return _MARKDOWN.render(text)


# ---------------------------------------------------------------- links

def _links(number: int, links: list[tuple[int, LinkResult]], show_claim: bool) -> str:
    if not links:
        return ""
    items = []
    for k, link in links:
        claim = " " + _claim(link) if show_claim else ""
        items.append(f'<li id="{_link_id(number, k)}" class="link {escape(link.verdict)}" '
                     f'data-line="{link.line}" data-verdict="{escape(link.verdict)}">'
                     f'{mark(link.verdict)} <span class="where">{escape(_where(link))}</span>{claim}'
                     f' <span class="why">{escape(_why(link))}</span>{_fix(link)}{_rests_on(link)}</li>')
    return '<ul class="links">' + "".join(items) + "</ul>"


def _claim(link: LinkResult) -> str:
    """The link ``lhs = rhs`` typeset inline, or as its source where it cannot be."""
    return (latex_mathml(f"{link.lhs} = {link.rhs}", display=False)
            or f'<code class="source">{escape(link.lhs)} = {escape(link.rhs)}</code>')


def _why(link: LinkResult) -> str:
    """For a refuted link, the counterexample ("at x = 1/2: left 1/4, right 1/2"); else the message."""
    if link.verdict == "proved":  # "proved (together); assuming ..." -> "together; assuming ..."
        return re.sub(r"^proved \(([^()]*)\)", r"\1", link.message) if link.message else link.method
    return link.message.removeprefix(f"{link.verdict}: ")


def _fix(link: LinkResult) -> str:
    """What to change, for a link that is unparsed or undecided."""
    change = fix(link)
    return f' <span class="fix">fix: {escape(change)}</span>' if change else ""


def _rests_on(link: LinkResult) -> str:
    items = [escape(a) for a in link.assumptions]
    items += [f"excluded: {escape(e)}" for e in link.excluded]
    items += [f"reading {escape(r.get('reading', ''))}: {escape(r.get('verdict', ''))}" for r in link.readings]
    summary = f"rests on {len(link.assumptions)} definition{'s' * (len(link.assumptions) != 1)} and assumptions"
    inner = "".join(f"<li>{item}</li>" for item in items) or "<li>nothing but the notation itself</li>"
    return f"<details><summary>{summary}</summary><ul>{inner}</ul></details>"

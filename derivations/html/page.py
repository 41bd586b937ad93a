"""The page around the renderings: one self-contained HTML document (inline CSS, no script, no
network), the verdict marks, and writing the file. Nothing here prints."""
from __future__ import annotations

import html
import os
from pathlib import Path

from ..errors import GradproofError

MARKS = {"proved": "✓", "refuted": "✗", "undecided": "?", "unparsed": "⚠"}

# (selector, declarations); every selector is scoped under .gradproof, so that the fragment shown in
# a notebook styles only itself.
_RULES = (
    ("", "--proved: #1a7f37; --refuted: #cf222e; --undecided: #9a6700; --unparsed: #8250df; color: #1f2328; "
         "font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif"),
    ("math", "font-family: 'Latin Modern Math', 'STIX Two Math', math; font-size: 1.1em"),
    ("math[display=block]", "overflow-x: auto; overflow-y: hidden; padding: .2rem 0"),
    ("h1", "font-size: 1.6rem"),
    ("h2", "font-size: 1.3rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem"),
    ("code, pre", "font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: .9em"),
    ("pre", "background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap"),
    ("code.source", "background: #fff8c5; padding: .1rem .3rem; white-space: pre-wrap; word-break: break-word"),
    (".mark", "font-weight: 700; white-space: nowrap"),
    (".mark.proved", "color: var(--proved)"), (".mark.refuted", "color: var(--refuted)"),
    (".mark.undecided", "color: var(--undecided)"), (".mark.unparsed", "color: var(--unparsed)"),
    (".summary", "border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem 1rem; background: #f6f8fa"),
    (".equation", "border-left: 4px solid #d0d7de; margin: .8rem 0; padding: .2rem .8rem"),
    (".equation.has-refuted", "border-left-color: var(--refuted)"),
    (".equation.has-undecided", "border-left-color: var(--undecided)"),
    (".equation.has-unparsed", "border-left-color: var(--unparsed)"),
    ("ul.links", "list-style: none; padding-left: 0; margin: .2rem 0"),
    ("ul.links > li", "margin: .3rem 0"),
    (".why", "color: #59636e"), (".refuted .why", "color: var(--refuted)"),
    (".fix", "display: block; margin-left: 1.5rem; font-size: .92em"),
    ("details", "margin: .2rem 0 .2rem 1.5rem; color: #59636e; font-size: .92em"),
    ("ol.steps > li", "margin: 1rem 0"),
    (".reason", "font-weight: 600"), (".method, .quote", "color: #59636e"), (".quote", "font-style: italic"),
    ("dl.header dt", "font-weight: 600; float: left; clear: left; margin-right: .5rem"),
    ("dl.header dd", "margin-left: 0"),
    ("table", "border-collapse: collapse"),
    ("td, th", "border: 1px solid #d0d7de; padding: .3rem .5rem; vertical-align: top"),
    (".cell-code", "border-left: 4px solid #0969da"),
)
_PAGE_CSS = ("body { max-width: 60rem; margin: 0 auto; padding: 1rem; background: #fff; }\n"
             "@media (max-width: 600px) { body { padding: .5rem; } .gradproof { font-size: 15px; } "
             ".gradproof details { margin-left: .5rem; } }")


def css() -> str:
    """The style sheet, every rule scoped under ``.gradproof``."""
    rules = []
    for selector, declarations in _RULES:
        scoped = ", ".join(f".gradproof {part.strip()}".rstrip() for part in selector.split(",")) if selector \
            else ".gradproof"
        rules.append(f"{scoped} {{ {declarations}; }}")
    return "\n".join(rules)


def escape(text: object) -> str:
    """Text for the page: every character that could start markup is escaped."""
    return html.escape(str(text), quote=True)


def mark(verdict: str) -> str:
    """The verdict as a clear mark, its word beside the symbol (colour is not the only signal)."""
    return f'<span class="mark {escape(verdict)}">{MARKS.get(verdict, "•")} {escape(verdict)}</span>'


def document(title: str, body: str) -> str:
    """The whole page: UTF-8, a viewport for phones, the inline CSS; no script, no external resource."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>\n{_PAGE_CSS}\n{css()}\n</style>\n</head>\n<body>\n"
            f"<main class=\"gradproof\">\n{body}\n</main>\n</body>\n</html>\n")


def fragment(body: str) -> str:
    """The same rendering for Jupyter: the markup with its scoped style, no page around it."""
    return f'<div class="gradproof">\n<style>\n{css()}\n</style>\n{body}\n</div>'


def check_writable(path: str) -> None:
    """GradproofError unless ``path`` can be written: call it before any work starts."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise GradproofError(f"{path}: is a folder; give a file name for the page, e.g. {path.rstrip('/')}/report.html")
    if not folder.is_dir():
        raise GradproofError(f"{path}: the folder {folder} does not exist; create it first")
    if target.exists() and not os.access(target, os.W_OK):
        raise GradproofError(f"{path}: the file is not writable")
    if not target.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise GradproofError(f"{path}: cannot write in the folder {folder}")


def write(path: str, page: str) -> None:
    """Write the page as UTF-8; GradproofError (one line) if the file system refuses."""
    try:
        Path(path).write_text(page, encoding="utf-8")
    except OSError as error:
        raise GradproofError(f"{path}: cannot write the page ({error.strerror or error})") from None

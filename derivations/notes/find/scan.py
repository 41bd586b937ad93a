"""Find the mathematics in Markdown, notebooks and LaTeX sources: blocks with file, line, column
and cell.

Display mathematics is ``$$ ... $$`` (also inside a list item or a paragraph), ``\\[ ... \\]`` and
the environments equation, align, aligned, gather, split, multline (starred or not) written
outside dollars. Inline ``$...$`` is returned too, marked ``display=False``: the checker reads it
for definitions only. Code fences, indented code and inline code spans are never read.
Each block also carries the number of the Markdown section (heading) it sits in, because a name
defined again in a later section is a redefinition (see README.md). In a LaTeX source (``.tex``),
``%`` comments and verbatim environments are never read, and ``\\section``, ``\\subsection`` and
``\\chapter`` start sections. A ``$$ ... $$`` block may span blank lines when it is closed at the
end of a line, before any other dollar sign.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import GradproofError

SUFFIXES = (".md", ".markdown", ".txt", ".ipynb", ".tex")
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", ".ipynb_checkpoints", "__pycache__", ".tox"}
MAX_FILE_BYTES = 5_000_000
ENVIRONMENTS = ("equation", "align", "aligned", "gather", "gathered", "split", "multline",
                "eqnarray", "alignat", "flalign")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s")
_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_LAYER = re.compile(r"<!--\s*gradproof:\s*layer(?:-index)?\s+([^>]*?)\s*-->")
_TEX_SECTION = re.compile(r"^\s*\\(?:chapter|section|subsection|subsubsection)\*?\s*[\[{]")
_TEX_VERBATIM = re.compile(r"\\begin\{(verbatim|lstlisting|minted|comment)\*?\}(.*?)\\end\{\1\*?\}", re.S)
_FUNCTION = re.compile(r"<!--\s*gradproof:\s*functions?\s+([^>]*?)\s*-->")
_INDEPENDENT = re.compile(r"<!--\s*gradproof:\s*independent\s*-->")
_ENV_BEGIN = re.compile(r"\\begin\{(%s)\*?\}" % "|".join(ENVIRONMENTS))


@dataclass(frozen=True)
class Block:
    """One piece of mathematics: its text and where its first character sits (1-based)."""

    text: str
    line: int
    column: int
    cell: int | None
    display: bool
    section: int
    error: str | None = None  # e.g. an unclosed $$: reported as unparsed at this place
    cased: bool = False  # inline math the prose puts in a case: "$H(x) = 1$ if $x > 0$"
    heading: bool = False  # inline math alone after a condition word, "If $s > 0$:", on its line

    def where(self, offset: int) -> tuple[int, int]:
        """(line, column) of ``text[offset]`` in the file (or in the cell, for notebooks)."""
        before = self.text[:max(0, offset)]
        newlines = before.count("\n")
        if not newlines:
            return self.line, self.column + len(before)
        return self.line + newlines, len(before) - before.rfind("\n")


@dataclass
class NotesFile:
    """A scanned file: its blocks in order, declared layer indices, and notebook line offsets."""

    path: str
    blocks: list[Block] = field(default_factory=list)
    layer_indices: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)  # declared arbitrary functions
    independent: bool = False  # declared: names the file does not define are independent variables
    cell_lines: dict[int, int] = field(default_factory=dict)  # cell -> file line of its 1st line

    def file_line(self, cell: int | None, line: int) -> int:
        """The line in the file itself (for a notebook, in its JSON text), for annotations."""
        if cell is None:
            return line
        return self.cell_lines.get(cell, 1) + line - 1


# ---------------------------------------------------------------- files and folders

def expand_paths(paths: list[str]) -> list[Path]:
    """Files named, plus every notes file under folders named (sorted); GradproofError if none."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                            and not SKIP_DIRS & set(p.relative_to(path).parts[:-1]))
            if not inside:
                raise GradproofError(f"{raw}: no notes files ({', '.join(SUFFIXES)}) in this folder")
            found += inside
        elif path.exists():
            found.append(path)
        else:
            raise GradproofError(f"{raw}: no such file or folder")
    return list(dict.fromkeys(found))


def read_text(path: Path) -> str:
    """The file as text; GradproofError for unreadable, binary or non-UTF-8 files."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise GradproofError(f"{path}: cannot read the file ({e.strerror or e})") from None
    if len(data) > MAX_FILE_BYTES:
        raise GradproofError(f"{path}: file larger than {MAX_FILE_BYTES // 1_000_000} MB; split it")
    if b"\x00" in data:
        raise GradproofError(f"{path}: not a text file (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise GradproofError(f"{path}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset "
                             f"{e.start}); save it as UTF-8") from None


def scan_file(path: Path) -> NotesFile:
    """Scan one Markdown, text or notebook file into blocks."""
    return scan_text(read_text(path), str(path))


def scan_text(text: str, path: str) -> NotesFile:
    """Scan the text of a file named ``path`` (its suffix says notebook, LaTeX or Markdown)."""
    notes = NotesFile(path)
    suffix = Path(path).suffix.lower()
    if suffix == ".ipynb":
        _scan_notebook(text, notes)
    elif suffix == ".tex":
        _scan_tex(text, notes)
    else:
        _scan_markdown(text, notes, cell=None, section=[0])
    return notes


def _scan_notebook(text: str, notes: NotesFile) -> None:
    try:
        cells = json.loads(text)["cells"]
        sources = [(c.get("cell_type"), c.get("source", "")) for c in cells]
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise GradproofError(f"{notes.path}: not a valid Jupyter notebook ({e})") from None
    starts = _source_lines(text)
    section = [0]
    for number, (kind, source) in enumerate(sources, start=1):
        if number - 1 < len(starts):
            notes.cell_lines[number] = starts[number - 1]
        if kind == "markdown":
            body = "".join(source) if isinstance(source, list) else str(source)
            _scan_markdown(body, notes, cell=number, section=section)


def _source_lines(text: str) -> list[int]:
    """For each cell, the JSON line holding its first source line (nbformat writes one per line)."""
    starts, lines = [], text.split("\n")
    for k, line in enumerate(lines, start=1):
        if '"source":' in line:
            starts.append(k + 1 if line.rstrip().endswith("[") else k)
    return starts


# ---------------------------------------------------------------- LaTeX sources

def _scan_tex(text: str, notes: NotesFile) -> None:
    """Blank out comments and verbatim text (keeping every line and column), then find the math."""
    text = _TEX_VERBATIM.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    lines = [_blank_tex_comment(line) for line in text.split("\n")]
    sections, number = [], 0
    for line in lines:
        number += bool(_TEX_SECTION.match(line))
        sections.append(number)
    _add_blocks("\n".join(lines), sections, notes, None)


def _add_blocks(clean: str, sections: list[int], notes: NotesFile, cell: int | None) -> None:
    """The math blocks of a text whose code and comments are blanked, each with its line and section."""
    starts = [0] + [m.end() for m in re.finditer("\n", clean)]
    spans = _math_spans(clean, loose=cell is not None)
    alone = _alone_on_their_line(clean, starts, spans)
    for k, (start, end, display, error) in enumerate(spans):
        line_index = bisect_right(starts, start) - 1
        notes.blocks.append(Block(clean[start:end], line_index + 1, start - starts[line_index] + 1,
                                  cell, display or k in alone, sections[line_index], error,
                                  not display and k not in alone and _cased(clean, spans, k),
                                  not display and _heading(clean, starts[line_index], spans[k])))


_CASE_WORD = re.compile(r"^\s*,?\s*(if|when|whenever|for|si|lorsque|quand|wenn|falls|se|当|若|如果)\s*$", re.I)


_HEADING_WORD = re.compile(r"^\s*(?:[-*+]\s+)?(if|when|whenever|si|lorsque|quand|wenn|falls|当|若|如果)\s*$", re.I)


def _heading(text: str, line_start: int, span: tuple) -> bool:
    """``Si $s > 0$:`` or ``If $s < 0$,`` alone on its line: the condition of the display below."""
    line_end = text.find("\n", span[1])
    after = text[span[1] + 1:len(text) if line_end < 0 else line_end].strip()
    return bool(_HEADING_WORD.match(text[line_start:span[0] - 1])) and after in (":", ",", "", "then", "alors")


def _cased(text: str, spans: list, k: int) -> bool:
    """Inline math followed in its sentence by a condition word and more math (``$H(x) = 1$ if
    $x > 0$``, ``$H(x) = 1$ si $x>0$``) or by "otherwise": the equation holds only in that case,
    so it is no definition (H is not the constant 1)."""
    after = text[spans[k][1] + 1:spans[k][1] + 40]
    if _OTHERWISE.match(after):
        return True  # "and $c = 0$ otherwise"
    if k + 1 >= len(spans) or spans[k + 1][2]:
        return False
    between = text[spans[k][1] + 1:spans[k + 1][0] - 1]
    return "\n\n" not in between and bool(_CASE_WORD.match(between))


_OTHERWISE = re.compile(r"^\s*,?\s*(otherwise|else|sinon|sonst|否则)\b", re.I)


_LINE_DECOR = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+|<br\s*/?>|[\s.,;:]")


def _alone_on_their_line(text: str, starts: list[int], spans: list) -> set[int]:
    """Inline spans that are the whole of their line (a list marker, ``<br>``, punctuation or one
    word sign such as 故 aside): notes that write one equation per line mean a display."""
    by_line: dict[int, list[int]] = {}
    for k, (start, end, display, error) in enumerate(spans):
        by_line.setdefault(bisect_right(starts, start) - 1, []).append(k)
    found = set()
    for line, ks in by_line.items():
        if len(ks) != 1 or spans[ks[0]][2] or spans[ks[0]][3]:
            continue
        start, end = spans[ks[0]][0], spans[ks[0]][1]
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        rest = _LINE_DECOR.sub("", text[starts[line]:start - 1] + " " + text[end + 1:line_end])
        if len(rest) <= 2 and not re.search(r"[A-Za-z0-9$]", rest):
            found.add(ks[0])
    return found


def _blank_tex_comment(line: str) -> str:
    """A line without its ``%`` comment (``\\%`` is a percent sign, not a comment)."""
    found = re.search(r"(?<!\\)%", line)
    return line if not found else line[:found.start()] + " " * (len(line) - found.start())


# ---------------------------------------------------------------- Markdown

def _scan_markdown(text: str, notes: NotesFile, cell: int | None, section: list[int]) -> None:
    """Blank out code, note headings and layer declarations, then find the math blocks."""
    notes.layer_indices.update(w for m in _LAYER.finditer(text) for w in m.group(1).split())
    notes.functions.update(w for m in _FUNCTION.finditer(text) for w in m.group(1).replace(",", " ").split())
    notes.independent = notes.independent or bool(_INDEPENDENT.search(text))
    lines = [_blank_table_dollars(line) for line in text.split("\n")]
    kept, sections = _blank_code(lines, section)
    _add_blocks("\n".join(kept), sections, notes, cell)


_TABLE_DOLLARS = re.compile(r"(?<=\|)\s*\$\$\s*(?=\|)")


def _blank_table_dollars(line: str) -> str:
    """A table cell that holds only ``$$`` (``|$$|``) is an empty cell, not the start of a display
    (a table row cannot hold one): left open, it would swallow the text down to the next ``$$``."""
    if not line.lstrip().startswith("|"):
        return line
    return _TABLE_DOLLARS.sub(lambda m: " " * len(m.group(0)), line)


def _blank_code(lines: list[str], section: list[int]) -> tuple[list[str], list[int]]:
    """Lines with fenced code, indented code and code spans replaced by spaces; section per line."""
    kept, sections = [], []
    fence: str | None = None
    in_list, previous_blank, in_code = False, True, False
    for line in lines:
        stripped = line.strip()
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            kept.append(" " * len(line)), sections.append(section[0])
            continue
        if m:
            fence = m.group(1)
            kept.append(" " * len(line)), sections.append(section[0])
            continue
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        in_code = bool(stripped) and indent >= 4 and not in_list and (previous_blank or in_code)
        if _LIST_ITEM.match(line):
            in_list = True
        elif stripped and indent == 0:
            in_list = False
        if _HEADING.match(line) and not in_code:
            section[0] += 1
        previous_blank = not stripped
        kept.append(" " * len(line) if in_code else _blank_code_spans(line))
        sections.append(section[0])
    return kept, sections


def _blank_code_spans(line: str) -> str:
    return re.sub(r"(`+)(.+?)\1", lambda m: " " * len(m.group(0)), line)


def _math_spans(text: str, loose: bool = False) -> list[tuple[int, int, bool, str | None]]:
    """(start, end, display, error) of each math block's content, in order of appearance;
    ``loose``: a notebook, whose renderer (MathJax) also takes ``$ x $`` with spaces inside."""
    spans, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and (text.startswith("\\$", i) or text.startswith("\\\\", i)):
            i += 2  # \$ is a dollar sign; \\[0.5cm] is a line break, not \[ display math
        elif text.startswith("$$", i):
            i = _closed(text, i, 2, "$$", spans)
        elif text.startswith("\\[", i):
            i = _closed(text, i, 2, "\\]", spans)
        elif c == "\\" and (m := _ENV_BEGIN.match(text, i)):
            end_tag = "\\end{" + text[m.start() + 7:m.end()]
            j = text.find(end_tag, m.end())
            if j < 0:
                spans.append((i, m.end(), True, f"\\begin{{{m.group(1)}}} is never closed"))
                i = m.end()
            else:
                spans.append((i, j + len(end_tag), True, None))
                i = j + len(end_tag)
        elif c == "$":
            i = _inline(text, i, spans, loose)
        else:
            i += 1
    return spans


def _closed(text: str, i: int, width: int, closer: str, spans: list) -> int:
    """A display block from ``text[i]``; unclosed at a blank line or the end: an error block."""
    start = i + width
    j, paragraph = text.find(closer, start), re.compile(r"\n[ \t]*\n").search(text, start)
    if paragraph and 0 <= j and paragraph.start() < j and closer == "$$" and "$" not in text[start:j] \
            and text[j + 2:].split("\n", 1)[0].strip() in ("", ".", ",", ";"):
        paragraph = None  # a $$ block over blank lines, closed at a line's end: renderers accept it
    if j < 0 or (paragraph and paragraph.start() < j):
        stop = paragraph.start() if paragraph else len(text)
        spans.append((start, start, True, f"{text[i:start]} is never closed"))
        return stop
    spans.append((start, j, True, None))
    return j + len(closer)


def _inline(text: str, i: int, spans: list, loose: bool = False) -> int:
    """Inline ``$...$`` by Pandoc's rule: no space inside the dollars, no digit right after
    (in a notebook, spaces inside are allowed, as MathJax renders them)."""
    j = i + 1
    if j >= len(text) or (text[j].isspace() and not (loose and text[j] == " ")):
        return j
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == "\n" and text[j + 1:j + 2] == "\n":
            return i + 1
        if text[j] == "$":
            if (text[j - 1].isspace() and not loose) or text[j + 1:j + 2].isdigit() or j == i + 1:
                return i + 1
            spans.append((i + 1, j, False, None))
            return j + 1
        j += 1
    return i + 1

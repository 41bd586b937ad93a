"""Shared helpers for the tests of the notes checker: a notes text checked once per module."""
import pytest

from derivations.notes import check_paths


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """``checked(text)``: the FileResult of a Markdown file holding ``text`` (timeout 10 s)."""
    done = {}

    def check(text: str, name: str = "notes.md"):
        if (text, name) not in done:  # one check per text and module: each test asserts one fact
            path = tmp_path_factory.mktemp("notes") / name
            path.write_text(text, encoding="utf-8")
            done[text, name] = check_paths([str(path)], timeout=10).files[0]
        return done[text, name]
    return check


def link_on(result, text: str, line_text: str):
    """The one link whose right side starts on the line of ``text`` that reads ``line_text``."""
    line = text.splitlines().index(line_text) + 1
    found, = [link for link in result.links if link.line == line]
    return found


def verdict_on(result, line: int) -> str:
    """The verdict of the one link whose right side starts on ``line``."""
    found, = [link.verdict for link in result.links if link.line == line]
    return found

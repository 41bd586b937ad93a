"""The pages in a real browser: headless Chromium (Debian's ``chromium``; ``--no-sandbox`` because
CI runs as root) loads each generated page; the tests read the DOM it built (``--dump-dom``) and a
screenshot (``--screenshot``). Chromium is required, never skipped: `.ci/run` installs it."""
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image

import cli
from derivations import catalog
from test_html import HOSTILE, Tree

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_RUNNING = HOSTILE + "\n<script>document.title = 'ran'; document.body.id = 'ran'</script>\n"


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "the browser tests need Chromium: apt-get install -y chromium fonts-lmodern (see README)"
    return found


def browse(page: Path, *options: str) -> str:
    done = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--disable-extensions", *options, page.as_uri()],
                          capture_output=True, text=True, timeout=180, cwd=page.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dom(page: Path) -> Tree:
    return Tree(browse(page, "--dump-dom"))


@pytest.fixture(scope="module")
def check_dom(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.md"
    hostile.write_text(HOSTILE_RUNNING, encoding="utf-8")
    page = folder / "check.html"
    assert cli.main(["check", str(ROOT / "examples" / "typical_mistakes.md"), str(hostile), "--html", str(page)]) == 1
    return page, dom(page)


def links_of(tree: Tree, file_number: int) -> dict[int, str]:
    prefix = f"file-{file_number}-link-"
    return {int(a["data-line"]): a["data-verdict"] for a in tree.with_class("link") if a["id"].startswith(prefix)}


def test_browser_marks_sit_on_the_right_links(check_dom):
    # Decided by hand, as in test_html: the first of each pair is the mistake, the second the fix.
    _, tree = check_dom
    assert links_of(tree, 0) == {11: "refuted", 13: "proved", 19: "refuted", 21: "proved",
                                 25: "refuted", 27: "proved", 39: "refuted", 41: "proved"}


def test_browser_mark_beside_a_link_is_the_verdict_word(check_dom):
    _, tree = check_dom
    marks = [a["class"].split()[1] for a in tree.with_class("mark")]
    assert marks.count("refuted") >= 4 + 4  # the summary's list and the links themselves


def test_browser_page_holds_math_elements(check_dom):
    _, tree = check_dom
    assert len(tree.named("math")) >= 14 and tree.named("mfrac")


def test_browser_script_in_the_notes_never_ran(check_dom):
    _, tree = check_dom
    assert tree.named("script") == [] and not [a for _, a in tree.tags if a.get("id") == "ran"]
    title = tree.all_text.split("gradproof check", 1)[0]
    assert "ran" not in title


def test_browser_script_and_img_from_the_notes_arrive_as_text(check_dom):
    _, tree = check_dom
    assert tree.named("img") == []
    text = tree.all_text
    assert "<script>alert(1)</script>" in text and '<img src=x onerror="alert(2)">' in text
    assert "<script>alert(3)</script>" in text and "<img src=x onerror=alert(4)>" in text


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_browser_screenshot_is_a_png_of_the_size_asked_and_not_blank(check_dom, width, height):
    page, _ = check_dom
    shot = page.parent / f"check-{width}.png"
    browse(page, f"--window-size={width},{height}", f"--screenshot={shot}")
    assert png_size(shot) == (width, height)
    pixels = image.imread(shot)[..., :3]
    ink = np.mean(pixels.min(axis=2) < 0.6)  # the share of pixels well away from white
    assert 0.01 < ink < 0.6


def test_browser_show_page_typesets_every_step(tmp_path):
    page = tmp_path / "show.html"
    assert cli.main(["show", "bce-sigmoid", "--html", str(page)]) == 0
    tree = dom(page)
    steps, count = tree.with_class("step"), len(catalog.get("bce-sigmoid").steps)
    assert len(steps) == count and len([a for a in tree.named("math") if a.get("display") == "block"]) >= count
    assert "σ" in tree.all_text and "sigma(" not in tree.all_text.split("Definitions", 1)[-1].split("Step 1.")[1]


def test_browser_errata_page_every_claim_refuted_every_correction_proved(tmp_path):
    page = tmp_path / "errata.html"
    assert cli.main(["errata", "--html", str(page)]) == 0
    tree = dom(page)
    errata = tree.with_class("erratum")
    marks = [a["class"].split()[1] for a in tree.with_class("mark")]
    assert len(errata) >= 10 and marks == ["refuted", "proved"] * len(errata)

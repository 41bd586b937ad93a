"""Regenerate the README's screenshots of the three pages: python docs/screenshots.py

Writes docs/check.png (gradproof check examples/typical_mistakes.md), docs/show.png (show
bce-sigmoid) and docs/errata.png (errata), each the top of its page at 1000 x 1300, drawn by headless
Chromium (``chromium``, run with --no-sandbox as CI runs as root).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cli  # noqa: E402  (the checkout's own cli, after the path is set)

PAGES = {
    "check": ["check", "examples/typical_mistakes.md"],
    "show": ["show", "bce-sigmoid"],
    "errata": ["errata"],
}


def main() -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("needs chromium: apt-get install -y chromium fonts-lmodern", file=sys.stderr)
        return 2
    os.chdir(ROOT)  # the page names the notes as the command line does, relative to the checkout
    with tempfile.TemporaryDirectory() as folder:
        for name, argv in PAGES.items():
            page = Path(folder) / f"{name}.html"
            cli.main([*argv, "--html", str(page)])
            shot = ROOT / "docs" / f"{name}.png"
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            "--window-size=1000,1300", f"--screenshot={shot}", page.as_uri()],
                           check=True, capture_output=True, timeout=180)
            print(f"wrote {shot.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

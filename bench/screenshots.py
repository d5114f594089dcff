"""Screenshots of the HTML synopsis of the Kazakh pair at 1400 and 400 px (docs/kz-synopsis-*.png).

    python bench/screenshots.py [--corpus ../shared/corpus/kz] [--at art-new-2] [--out docs]

Renders the 1995 (as amended to 2023) Russian text against the 2026 one, opens the page in
Debian's headless chromium (bench/browser.py) at each width, scrolls to the element ``--at``
names and saves one viewport-high screenshot, shrunk with pngquant/optipng when they are
installed (``apt-get install pngquant optipng``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.browser import chrome, missing, set_viewport  # noqa: E402
from constdiff.pipeline import compare_files  # noqa: E402
from constdiff.report.html_export import render_html  # noqa: E402
from constdiff.report.view import ReportOptions, build_view  # noqa: E402

OLD = "kz-1995-2023.ru.pdftotext-layout.txt"
NEW = "kz-2026.ru.raw.txt"
VIEWPORTS = ((1400, 900), (400, 800))
AT = "art-new-2"
"""Article 2 → 2: words deleted and inserted in both columns, under its section's heading."""
PALETTE_COLOURS = 64
"""Enough for anti-aliased text and the status colours; a quarter of the size of a full-colour PNG."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "kz")
    parser.add_argument("--at", default=AT, help=f"id of the element to scroll to (default: {AT})")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    reason = missing()
    if reason:
        print(f"screenshots: no browser: {reason}", file=sys.stderr)
        return 2
    for name in (OLD, NEW):
        if not (args.corpus / name).is_file():
            print(f"screenshots: {args.corpus / name}: not found", file=sys.stderr)
            return 2
    comparison = compare_files(str(args.corpus / OLD), str(args.corpus / NEW))
    html = render_html(build_view(comparison, ReportOptions()))
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        page = Path(scratch) / "kz-synopsis.html"
        page.write_text(html, encoding="utf-8")
        driver = chrome()
        try:
            for width, height in VIEWPORTS:
                set_viewport(driver, width, height)
                driver.get(f"{page.as_uri()}#{args.at}")
                target = args.out / f"kz-synopsis-{width}.png"
                driver.save_screenshot(str(target))
                shrink(target)
                print(f"{target} ({target.stat().st_size // 1024} KiB)")
        finally:
            driver.quit()
    return 0


def shrink(png: Path) -> None:
    """Lossy palette (pngquant) then lossless recompression (optipng), each only when installed."""
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--strip", "--output", str(png), str(PALETTE_COLOURS), str(png)], check=False)
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", str(png)], check=False)


if __name__ == "__main__":
    sys.exit(main())

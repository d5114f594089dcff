"""Speed work must not change a byte: every format's report, on the seeds, the Kazakh pairs and
a generated 1,000-article pair, against SHA-256 digests taken before it (issue 15).

The reports of the Kazakh pairs hold the constitution's text, which the repository must not copy,
so the golden file holds digests only (tests/golden/outputs.digests.json).  On a mismatch the
report is written beside the test's temporary files for reading.  Regenerate the digests with
CONSTDIFF_UPDATE_GOLDEN=1 only when a change of output is intended.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import assert_digest, diff_report


ROOT = Path(__file__).resolve().parents[1]
DIGESTS = Path(__file__).parent / "golden" / "outputs.digests.json"
KZ = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "kz"

PAIRS = {
    "seeds": (ROOT / "seeds", "arvenia-2011.txt", "arvenia-2024.txt"),
    "kz-ru": (KZ, "kz-1995-2023.ru.pdftotext-layout.txt", "kz-2026.ru.raw.txt"),
    "kz-ru-pdf-docx": (KZ, "kz-1995-2023.ru.pdf", "kz-2026-draft-2026-02-12.ru.docx"),
    "kz-kk": (KZ, "kz-1995-2023.kk.pdftotext-layout.txt", "kz-2026-draft-2026-02-12.kk.docx"),
    "generated-1000": (None, "old.txt", "new.txt"),
}
FORMATS = {
    "rich": ("--color", "always", "--width", "100", "--no-pager", "--show", "all"),
    "json": ("--format", "json"),
    "markdown": ("--format", "markdown", "--show", "all"),
    "csv": ("--format", "csv"),
    "html": ("--format", "html", "--show", "all"),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate_pair
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path_factory.mktemp("generated")
    pair = generate_pair(1_000, seed=15)
    (folder / "old.txt").write_text(pair.old_text, encoding="utf-8")
    (folder / "new.txt").write_text(pair.new_text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize("pair", PAIRS)
def test_every_format_is_byte_identical(pair: str, form: str, generated: Path, tmp_path: Path) -> None:
    folder, old, new = PAIRS[pair]
    folder = generated if folder is None else folder
    if not (folder / old).is_file() or not (folder / new).is_file():
        pytest.skip(f"input not found in {folder} (the real-text corpus lives beside the repository, in ../shared/corpus)")
    output = diff_report(folder, old, new, *FORMATS[form])
    assert_digest(DIGESTS, f"{pair}/{form}", output, tmp_path / f"{pair}.{form}.txt")

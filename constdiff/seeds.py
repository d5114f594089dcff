"""The bundled sample pair: fictional constitutions written for constdiff (``seeds/``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from constdiff.model import Document
from constdiff.pipeline import read_document

OLD_SEED = "arvenia-2011.txt"
NEW_SEED = "arvenia-2024.txt"


def seeds_dir() -> Path:
    """Inside the wheel (``constdiff/seeds``) or the source tree's ``seeds/``."""
    packaged = Path(__file__).resolve().parent / "seeds"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "seeds"


def seed_pair() -> tuple[Path, Path]:
    return seeds_dir() / OLD_SEED, seeds_dir() / NEW_SEED


def read_seed_pair() -> tuple[Document, Document]:
    """Both seeds, labelled ``seeds/NAME`` wherever the package is installed, so reports are stable."""
    return tuple(  # type: ignore[return-value]
        replace(read_document(str(path)), source=f"seeds/{path.name}") for path in seed_pair()
    )

"""The closing block: what follows the last article without being its text.

Enacting formulas ("IN WITNESS WHEREOF", "POR TANTO, MANDO"), place and date lines,
signatures and a Markdown footnote block would otherwise be read as the last article's
paragraphs.  The profile's ``closing`` patterns name lines that start the block; besides
them, a footnote definition (``[^3]: …``) always does, and a run of at least two
signature-like lines (bold-only lines, names, "v. r.", place and date) up to the end does.
"""

from __future__ import annotations

import re
from typing import Sequence, Union

from constdiff.model import Note, Paragraph

_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]]+\]:")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s")
_BOLD_ONLY = re.compile(r"^(?:\*\*[^*]+\*\*|__[^_]+__)$")
_BY_OWN_HAND = re.compile(r"\bv\.\s?r\.$")  # Czech/Slovak "v. r." after a signatory's name
_DATED = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\.?$")  # "Bonn, den 23. Mai 1949", not "… 1996 in Kraft."
_DIGIT = re.compile(r"\d")
_SIGNATURE_WORDS_MAX = 8  # "Bonn, den 23. Mai 1949"; "EL PRESIDENTE DEL CONGRESO DE LOS DIPUTADOS"
_DATE_WORDS_MAX = 6  # without a comma: "V Praze dne 16. prosince 1992", not "Tato Ústava nabývá … 1993."
_NAME_WORDS_MAX = 6  # mixed case: "Der Präsident des Parlamentarischen Rates"
_WEAK_RUN_MIN = 2  # one short line with a year may be the last sentence of the law ("In force 1996.")

Item = Union[Paragraph, Note]


def item_text(item: Item) -> str:
    return item.full_text if isinstance(item, Paragraph) else " ".join(filter(None, (item.marker, item.text)))


def closing_start(items: Sequence[Item], patterns: Sequence[re.Pattern[str]]) -> int | None:
    """Where the closing block begins among the last article's paragraphs and notes (in line
    order), or None.  A run of signature-like lines only counts when the article keeps text."""
    texts = [item_text(item) for item in items]
    starts = []
    strong = next((index for index, text in enumerate(texts) if _starts_closing(text, patterns)), None)
    if strong is not None:
        while strong > 0 and _is_signature_like(items[strong - 1], texts[strong - 1]):
            strong -= 1
        starts.append(strong)
    run = len(texts)
    while run > 1 and _is_signature_like(items[run - 1], texts[run - 1]):
        run -= 1  # the article keeps at least its first paragraph
    if len(texts) - run >= _WEAK_RUN_MIN:
        starts.append(run)
    return min(starts, default=None)


def _starts_closing(text: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    return bool(_FOOTNOTE_DEFINITION.match(text)) or any(pattern.search(text) for pattern in patterns)


def _is_signature_like(item: Item, text: str) -> bool:
    """A line that reads as part of a signature block, never a numbered paragraph."""
    if isinstance(item, Paragraph) and item.number is not None:
        return False
    if _BOLD_ONLY.match(text) or _BY_OWN_HAND.search(text) or _MARKDOWN_HEADING.match(text):
        return True
    words = text.split()
    if len(words) > _SIGNATURE_WORDS_MAX:
        return False
    if _DATED.search(text) and ("," in text or len(words) <= _DATE_WORDS_MAX):
        return True  # place and date
    if _DIGIT.search(text) or text.endswith((".", ";", ":", ",")):
        return False
    if text.isupper():
        return True  # a signatory's office or name in capitals
    return len(words) <= _NAME_WORDS_MAX and sum(word[0].isupper() for word in words) * 2 >= len(words)

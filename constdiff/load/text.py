"""Plain text and Markdown: encoding detection and normalisation.

Order of evidence: a byte-order mark; UTF-16 without a mark; strict UTF-8; a charset
the sender declared (HTTP header, HTML meta); then charset-normalizer for legacy
single-byte encodings (cp1251, KOI8-R, KZ-1048, cp1252...).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from constdiff.errors import InputError
from constdiff.profiles import available_languages, fold_lookalikes, profile_words

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF16_SAMPLE_BYTES = 8192
_UTF16_MIN_WHITESPACE = 0.05
_CONTROL_SHARE_MAX = 0.005
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls except \t \n \v \f \r
_LEGACY_CHAOS_TIE = 0.001
_WORD_SAMPLE_BYTES = 65536
_LETTERS = re.compile(r"[^\W\d_]+")
# A whole run of letters from one script (Latin, Cyrillic or Greek): a misread code page
# breaks words into mixed scripts, symbols and inverted case.
_ONE_SCRIPT_WORD = re.compile(r"(?<![^\W\d_])(?:[A-Za-z\u00c0-\u024f]+|[\u0400-\u052f]+|[\u0370-\u03ff]+)(?![^\W\d_])")
# When charset-normalizer finds several encodings equally plausible (typical for text that is
# mostly ASCII), the commoner one wins: a few dashes in English text are cp1252, not Urdu cp1006.
_COMMON_ENCODINGS = (
    "cp1252",
    "cp1251",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "kz1048",
    "koi8_r",
    "koi8_u",
    "cp866",
    "mac_cyrillic",
    "iso8859_5",
    "iso8859_2",
    "cp1253",
    "cp1254",
    "cp1257",
)
MARKDOWN_SUFFIXES = (".md", ".markdown")
_MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\([^)\s]+(?:\s+\"[^\"]*\")?\)")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_MARKDOWN_WHOLE_LINE_EMPHASIS = re.compile(r"^([ \t]*)(\*\*|__|\*|_)(\S(?:(?:(?!\2).)*\S)?)\2[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class LoadedText:
    """What every loader hands the parser: normalised text, what it was, and anything doubtful."""

    source: str
    text: str
    media_type: str
    encoding: str
    warnings: tuple[str, ...] = ()


def normalise_text(text: str) -> str:
    """NFC, one kind of line end; other whitespace is left for the parser to judge."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return unicodedata.normalize("NFC", text)


def decode_text(data: bytes, *, source: str, charset: str | None = None, markdown: bool = False) -> LoadedText:
    """Plain text (or Markdown, whose inline markup is reduced to the words) from bytes."""
    text, encoding = decode_bytes(data, source=source, charset=charset)
    if markdown:
        text = markdown_to_text(text)
    media_type = "text/markdown" if markdown else "text/plain"
    return LoadedText(source=source, text=normalise_text(text), media_type=media_type, encoding=encoding)


def decode_bytes(data: bytes, *, source: str, charset: str | None = None) -> tuple[str, str]:
    """Text and the encoding it was read with; InputError for empty, binary or undecodable input."""
    if not data:
        raise InputError(source, "is empty")
    encoding = _sniff_encoding(data, source, charset)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(source, f"cannot be decoded as {encoding}") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(source, "is empty (only whitespace)")
    if _looks_binary(text):
        raise InputError(source, "looks like a binary file, not text")
    return text, encoding


def markdown_to_text(text: str) -> str:
    """Links become their words, escapes their character, a line in **bold** its plain words.

    Line by line, so the parser's line numbers still point into the Markdown file.

    >>> markdown_to_text("**Article 1**\\n1\\\\. See [Article 5](#a5).")
    'Article 1\\n1. See Article 5.'
    """
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_WHOLE_LINE_EMPHASIS.sub(r"\1\3", text)
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def _sniff_encoding(data: bytes, source: str, charset: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if b"\x00" in data:
        raise InputError(source, "looks like a binary file, not text")
    if _is_utf8(data):
        return "utf-8"
    return _usable_charset(data, charset) or _legacy_encoding(data, source)


def _is_utf8(data: bytes) -> bool:
    """Strict UTF-8 wins even over a declared charset: servers often claim ISO-8859-1 for UTF-8 pages."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _usable_charset(data: bytes, charset: str | None) -> str | None:
    """A declared charset counts only if it names a codec and decodes the bytes."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset).name
        data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None
    return name


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 shows itself by its spaces and line ends, which are ASCII characters padded with a zero byte.

    Counting zero bytes is not enough: Cyrillic in UTF-16 has none (``П`` is ``1F 04``).
    Counting U+0020/U+000A in a UTF-16 reading is: text in any 8-bit encoding yields
    almost none, because those need a zero byte next to the space.
    """
    sample = data[: min(len(data), _UTF16_SAMPLE_BYTES) // 2 * 2]
    if len(sample) < 4:
        return None
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample)
        share = sum(char in " \n\r\t" for char in text) / len(text)
        if share >= _UTF16_MIN_WHITESPACE and "\ufffd" not in text[:-1] and (best is None or share > best[0]):
            best = (share, encoding)
    return best[1] if best else None


def _legacy_encoding(data: bytes, source: str) -> str:
    """The reading that spells most well-formed words, then the calmest.

    Our own reading test comes first because charset-normalizer alone misreads short
    Cyrillic texts (3.4.7 offers only Shift JIS for a page of KOI8-R). The common code
    pages are always candidates; among equals charset-normalizer's calmest readings win,
    then its language fit, then the commoner code page.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    coherence: dict[str, float] = {}
    if matches:
        calmest = min(match.chaos for match in matches)
        for match in matches:
            if match.chaos <= calmest + _LEGACY_CHAOS_TIE:
                for name in match.could_be_from_charset:
                    coherence.setdefault(name, match.coherence)
    sample = data[:_WORD_SAMPLE_BYTES]
    candidates = set(coherence) | {name for name in _COMMON_ENCODINGS if _decodes(data, name)}
    if not candidates:
        raise InputError(source, "is not text in any encoding we recognise")
    return max(
        candidates,
        key=lambda name: (
            *_reading_quality(sample.decode(name, errors="replace")),
            name in coherence,
            coherence.get(name, 0.0),
            -_commonness(name),
        ),
    )


def _reading_quality(text: str) -> tuple[int, int]:
    """Letters in well-formed words (one script; lower, Title or UPPER case), then profile words.

    The profile words settle readings that are equally well formed, such as Kazakh in
    KZ-1048 and in cp1251, where only one reading spells "және".
    """
    letters = sum(
        len(word)
        for word in _ONE_SCRIPT_WORD.findall(text)
        if len(word) > 1 and (word.islower() or word.istitle() or word.isupper())
    )
    return letters, _profile_word_count(text)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return not _looks_binary(text)


def _profile_word_count(text: str) -> int:
    words = _profile_words()
    return sum(1 for word in _LETTERS.findall(fold_lookalikes(text).lower()) if word in words)


@lru_cache(maxsize=1)
def _profile_words() -> frozenset[str]:
    """One-letter words are left out: a misread code page is full of lone letters."""
    return frozenset(
        word for language in available_languages() for word in profile_words(language) if len(word) > 1
    )


def _commonness(encoding: str) -> int:
    return _COMMON_ENCODINGS.index(encoding) if encoding in _COMMON_ENCODINGS else len(_COMMON_ENCODINGS)


def _looks_binary(text: str) -> bool:
    return "\x00" in text or len(_CONTROL.findall(text)) > _CONTROL_SHARE_MAX * len(text)

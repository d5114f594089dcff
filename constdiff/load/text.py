"""Plain text and Markdown: encoding detection and normalisation.

Order of evidence: a byte-order mark; UTF-16 without a mark; strict UTF-8; UTF-8 with a few
bad bytes (read with U+FFFD and a warning); a charset the sender declared (HTTP header, HTML
meta); then charset-normalizer for legacy single-byte encodings (cp1251, KOI8-R, KZ-1048, cp1252...).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from constdiff.errors import InputError
from constdiff.lines import remove_format_characters
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
# A file is read as UTF-8 despite invalid bytes when it holds at least this many valid multi-byte
# UTF-8 sequences for each invalid byte.  Text in a legacy encoding forms valid sequences only by
# chance: Russian in cp866 about 1 for every 6 invalid bytes, in cp1251, KOI8-R or KZ-1048 and
# Latin, Greek, Hebrew or Arabic in their Windows code pages about none (the Kazakh and Russian
# corpus texts), Chinese in GBK 1 for 4 and Japanese in EUC-JP 1 for 2.5 (invented samples);
# UTF-8 with a pasted Latin-1 byte or a cut sequence has thousands for each.  Below it the UTF-8
# reading would lose nearly as many characters as it keeps, and a legacy code page is the better guess.
UTF8_MIN_VALID_SEQUENCES_PER_INVALID_BYTE = 2
_NON_ASCII_BYTES = bytes(range(0x80, 0x100))
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

    @classmethod
    def normalised(cls, *, source: str, text: str, media_type: str, encoding: str, warnings: tuple[str, ...] = ()) -> LoadedText:
        """A loader's text after ``normalise_text``, with a warning when invisible characters were removed."""
        text, removed = _normalise(text)
        return cls(source, text, media_type, encoding, warnings + _format_characters_warning(removed))


@dataclass(frozen=True)
class DecodedBytes:
    """Bytes read as text: the text as decoded, the encoding, and what went wrong on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def normalise_text(text: str) -> str:
    """NFC, one kind of line end, no invisible format characters; other whitespace is left for the parser.

    The format characters (``constdiff.lines.FORMAT_CHARACTERS``: direction marks, zero-width
    spaces and joiners, soft hyphens, stray byte-order marks) hide headings from the patterns and
    show as changes where a reader sees none.  Persian, Urdu and Indic scripts write ZWNJ and ZWJ
    inside words to choose letter shapes; removing them changes how such a word is drawn, not
    which word it is, so for comparing versions it is right (and no shipped profile is for them).
    """
    return _normalise(text)[0]


def _normalise(text: str) -> tuple[str, int]:
    """The normalised text and the number of format characters removed (before NFC, which they may block)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text, removed = remove_format_characters(text)
    return unicodedata.normalize("NFC", text), removed


def _format_characters_warning(removed: int) -> tuple[str, ...]:
    if not removed:
        return ()
    characters = "character" if removed == 1 else "characters"
    return (f"removed {removed:,} invisible format {characters} (bidi marks, zero-width spaces, soft hyphens)",)


def decode_text(data: bytes, *, source: str, charset: str | None = None, markdown: bool = False) -> LoadedText:
    """Plain text (or Markdown, whose inline markup is reduced to the words) from bytes."""
    decoded = decode_bytes(data, source=source, charset=charset)
    text = markdown_to_text(decoded.text) if markdown else decoded.text
    media_type = "text/markdown" if markdown else "text/plain"
    return LoadedText.normalised(
        source=source, text=text, media_type=media_type, encoding=decoded.encoding, warnings=decoded.warnings
    )


def decode_bytes(data: bytes, *, source: str, charset: str | None = None) -> DecodedBytes:
    """Text and the encoding it was read with; InputError for empty, binary or undecodable input."""
    if not data:
        raise InputError(source, "is empty")
    decoded = _decode(data, source, charset)
    text = decoded.text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(source, "is empty (only whitespace)")
    if _looks_binary(text):
        raise InputError(source, "looks like a binary file, not text")
    return DecodedBytes(text, decoded.encoding, decoded.warnings)


def markdown_to_text(text: str) -> str:
    """Links become their words, escapes their character, a line in **bold** its plain words.

    Line by line, so the parser's line numbers still point into the Markdown file.

    >>> markdown_to_text("**Article 1**\\n1\\\\. See [Article 5](#a5).")
    'Article 1\\n1. See Article 5.'
    """
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_WHOLE_LINE_EMPHASIS.sub(r"\1\3", text)
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def _decode(data: bytes, source: str, charset: str | None) -> DecodedBytes:
    """UTF-8, strict or with a few bad bytes, wins even over a declared charset: servers often
    claim ISO-8859-1 for UTF-8 pages, and a declared single-byte code page decodes any bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedBytes(_decoded(data, encoding, source), encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return DecodedBytes(_decoded(data, utf16, source), utf16)
    if b"\x00" in data:
        raise InputError(source, "looks like a binary file, not text")
    try:
        return DecodedBytes(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        first_invalid = error.start
    damaged = _damaged_utf8(data, first_invalid)
    if damaged:
        return damaged
    encoding = _usable_charset(data, charset) or _legacy_encoding(data, source)
    return DecodedBytes(_decoded(data, encoding, source), encoding)


def _decoded(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(source, f"cannot be decoded as {encoding}") from None


def _damaged_utf8(data: bytes, first_invalid: int) -> DecodedBytes | None:
    """UTF-8 with U+FFFD for its invalid bytes, when it is UTF-8 but for a few of them.

    Each invalid byte is one lone surrogate in a ``surrogateescape`` reading, which takes 3 bytes
    where it stood for 1 when written back with ``surrogatepass`` (a count 200 times faster than
    a pattern's over a legacy file); every other non-ASCII character is a valid multi-byte
    sequence.  The byte offset in the warning counts from 0, as a hex editor or ``data[offset]`` do.
    """
    escaped = data.decode("utf-8", errors="surrogateescape")
    invalid = (len(escaped.encode("utf-8", errors="surrogatepass")) - len(data)) // 2
    valid_sequences = len(escaped) - len(data.translate(None, _NON_ASCII_BYTES)) - invalid
    if valid_sequences < UTF8_MIN_VALID_SEQUENCES_PER_INVALID_BYTE * invalid:
        return None
    line = data.count(b"\n", 0, first_invalid) + 1
    if invalid == 1:
        problem = f"1 byte is not valid UTF-8 (at byte {first_invalid:,}); it is shown as \ufffd (on line {line:,})"
    else:
        problem = (
            f"{invalid:,} bytes are not valid UTF-8 (the first at byte {first_invalid:,});"
            f" they are shown as \ufffd (the first on line {line:,})"
        )
    return DecodedBytes(data.decode("utf-8", errors="replace"), "utf-8", (problem,))


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
        share = sum(map(text.count, " \n\r\t")) / len(text)
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

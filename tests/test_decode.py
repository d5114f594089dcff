"""Decoding damaged UTF-8 and removing invisible format characters (issue 13, "Decoding").

Every text here is invented for the test, or is one of the seeds in seeds/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from constdiff.cli import main
from constdiff.load import load_bytes, load_source
from constdiff.load.source import RawInput
from constdiff.load.text import UTF8_MIN_VALID_SEQUENCES_PER_INVALID_BYTE, decode_text, normalise_text
from constdiff.parse import parse_text
from constdiff.pipeline import compare, read_document
from constdiff.profiles import load_profile
from constdiff.seeds import seed_pair

# The contract's list: bidi marks, embeddings and isolates, zero-width spaces and joiners, word
# joiner and invisible operators, soft hyphen, BOM, Arabic letter mark, Mongolian vowel separator.
FORMAT_CHARACTERS = (
    [chr(code) for code in range(0x200B, 0x2010)]
    + [chr(code) for code in range(0x202A, 0x202F)]
    + [chr(code) for code in range(0x2060, 0x2065)]
    + [chr(code) for code in range(0x2066, 0x206A)]
    + ["\u00ad", "\ufeff", "\u061c", "\u180e"]
)
FORMAT_WARNING = "removed {} invisible format characters (bidi marks, zero-width spaces, soft hyphens)"

RUSSIAN = """Основной закон Республики Северная Долина
Статья 1
1. Республика Северная Долина — демократическое правовое государство.
2. Носителем суверенитета является многонациональный народ.
Статья 2
Человек, его права и свободы являются высшей ценностью.
Статья 3
1. Столица республики — город Озёрск.
2. Государственный язык — русский.
Статья 4
Земля и недра охраняются как основа жизни народов.
"""
ENGLISH = """Constitution of the Free Town of Westmere
Article 1
1. Westmere is a sovereign and democratic town.
2. All power derives from its citizens.
Article 2
The council meets in the old market hall.
Article 3
The council elects a mayor for four years.
Article 4
Every citizen may petition the council.
Article 5
The town seal shows a heron over three waves.
"""


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _numbers(text: str, language: str = "en") -> list[str]:
    return [article.number for article in parse_text(text, profile=load_profile(language)).articles()]


def _classes(old: str, new: str) -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
    comparison = compare(parse_text(old), parse_text(new))
    return [(pair.old_numbers, pair.new_numbers, pair.change.value) for pair in comparison.articles]


# --- UTF-8 with a few bad bytes ---------------------------------------------------------------


def test_a_latin1_byte_and_a_cut_sequence_in_utf8_russian_are_replaced_and_counted(tmp_path: Path) -> None:
    good = RUSSIAN.encode("utf-8")
    latin1_at = good.index("Человек".encode())  # a pasted Latin-1 "é" just before a word
    data = good[:latin1_at] + b"\xe9" + good[latin1_at:]
    cut_at = data.index("Земля".encode())
    data = data[:cut_at] + "ж".encode()[:1] + data[cut_at:]  # the first byte of a two-byte letter
    loaded = load_source(_write(tmp_path, "ru.txt", data))
    line = data.count(b"\n", 0, latin1_at) + 1
    assert loaded.encoding == "utf-8"
    assert loaded.warnings == (
        f"2 bytes are not valid UTF-8 (the first at byte {latin1_at:,}); they are shown as \ufffd (the first on line {line})",
    )
    assert loaded.text == RUSSIAN.replace("Человек", "\ufffdЧеловек").replace("Земля", "\ufffdЗемля")
    assert _numbers(loaded.text, "ru") == ["1", "2", "3", "4"]


def test_one_bad_byte_is_named_in_the_singular_and_reaches_the_report(tmp_path: Path) -> None:
    data = RUSSIAN.encode().replace("Озёрск".encode(), "Оз".encode() + b"\xff" + "рск".encode())
    offset = data.index(b"\xff")
    old = _write(tmp_path, "old.txt", RUSSIAN.encode())
    new = _write(tmp_path, "new.txt", data)
    result = CliRunner().invoke(main, ["diff", old, new, "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    line = data.count(b"\n", 0, offset) + 1
    assert report["warnings"] == [f"{new}: 1 byte is not valid UTF-8 (at byte {offset:,}); it is shown as \ufffd (on line {line})"]
    changed = [[old["number"] for old in article["old"]] for article in report["articles"] if article["status"] != "unchanged"]
    assert changed == [["3"]]


def test_damaged_utf8_wins_over_a_declared_single_byte_charset() -> None:
    """Servers declare ISO-8859-1 or windows-1251 for UTF-8 pages; a single-byte code page decodes any bytes."""
    data = RUSSIAN.encode().replace("правовое".encode(), "прав".encode() + b"\xc0" + "вое".encode())
    for charset in ("windows-1251", "iso-8859-1", "koi8-r"):
        loaded = load_bytes(RawInput(data, content_type="text/plain", charset=charset), source="law")
        assert loaded.encoding == "utf-8"
        assert "1 byte is not valid UTF-8" in loaded.warnings[0]
        assert _numbers(loaded.text, "ru") == ["1", "2", "3", "4"]


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("cp1251", RUSSIAN),
        ("koi8-r", RUSSIAN.replace("—", "-")),
        ("cp866", RUSSIAN.replace("—", "-")),
        ("kz1048", "Бап 1\nҚазақстан Республикасы өзін демократиялық, зайырлы, құқықтық және әлеуметтік мемлекет ретінде орнықтырады.\n" * 3),
        ("cp1252", "Article 1\nLa ville élit son maire; l’assemblée siège à l’hôtel de ville – « toujours ».\n" * 3),
    ],
)
def test_legacy_code_pages_are_still_read_as_such(encoding: str, text: str) -> None:
    loaded = decode_text(text.encode(encoding), source="x")
    assert (loaded.text, loaded.warnings) == (text, ())


def test_the_legacy_guess_starts_where_valid_sequences_fall_below_the_threshold() -> None:
    """ASCII text, some valid two-byte "é" (C3 A9) and some stray Latin-1 bytes (E8, "è" in cp1252)."""
    invalid = 4

    def reading(valid: int) -> str:
        data = b"Article 1\nThe town of " + b"Caf\xc3\xa9 " * valid + b"Cr\xe8me " * invalid + b"keeps its name.\n"
        return decode_text(data, source="x").encoding

    at_threshold = UTF8_MIN_VALID_SEQUENCES_PER_INVALID_BYTE * invalid
    assert reading(at_threshold) == "utf-8"
    assert reading(at_threshold - 1) != "utf-8"


def test_ascii_with_a_latin1_byte_is_read_as_cp1252() -> None:
    """No valid multi-byte sequence at all: UTF-8 explains nothing, cp1252 explains the "é"."""
    loaded = decode_text(ENGLISH.replace("market", "marché").encode("cp1252"), source="x")
    assert (loaded.encoding, loaded.warnings) == ("cp1252", ())
    assert "marché" in loaded.text


def test_an_html_page_with_bad_bytes_gets_the_same_warning(tmp_path: Path) -> None:
    pytest.importorskip("selectolax")
    body = "".join(f"<h2>{line}</h2>" if line.startswith("Статья") else f"<p>{line}</p>" for line in RUSSIAN.splitlines())
    for declared in ("utf-8", "windows-1251"):
        page = f'<!DOCTYPE html><html><head><meta charset="{declared}"><title>Закон</title></head><body>{body}</body></html>'
        data = page.encode().replace("Столица".encode(), b"\xe9" + "Столица".encode())
        loaded = load_source(_write(tmp_path, "page.html", data))
        offset = data.index(b"\xe9")
        assert loaded.warnings == (f"1 byte is not valid UTF-8 (at byte {offset:,}); it is shown as \ufffd (on line 1)",)
        assert _numbers(loaded.text, "ru") == ["1", "2", "3", "4"]


def test_an_html_page_in_a_declared_legacy_charset_is_still_read_by_it(tmp_path: Path) -> None:
    pytest.importorskip("selectolax")
    page = '<html><head><meta charset="windows-1251"></head><body><h2>Статья 1</h2><p>Столица — город Озёрск.</p></body></html>'
    loaded = load_source(_write(tmp_path, "page.html", page.encode("cp1251")))
    assert (loaded.encoding, loaded.warnings) == ("cp1251", ())
    assert "Столица — город Озёрск." in loaded.text


# --- invisible format characters ------------------------------------------------------------------


@pytest.mark.parametrize("mark", FORMAT_CHARACTERS, ids=[f"U+{ord(mark):04X}" for mark in FORMAT_CHARACTERS])
def test_a_format_character_before_a_heading_no_longer_merges_the_article(tmp_path: Path, mark: str) -> None:
    text = ENGLISH.replace("Article 5", mark + "Article 5")
    loaded = load_source(_write(tmp_path, "marked.txt", text.encode()))
    assert loaded.text == ENGLISH
    assert loaded.warnings == ("removed 1 invisible format character (bidi marks, zero-width spaces, soft hyphens)",)
    assert _numbers(loaded.text) == ["1", "2", "3", "4", "5"]
    assert _numbers(text) == ["1", "2", "3", "4", "5"]  # parse_text on the string itself


def test_rlm_before_a_heading_through_the_cli(tmp_path: Path) -> None:
    path = _write(tmp_path, "rlm.txt", ENGLISH.replace("Article 5", "\u200fArticle 5").encode())
    result = CliRunner().invoke(main, ["parse", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    outline = json.loads(result.stdout)
    assert [child["number"] for child in outline["children"]] == ["1", "2", "3", "4", "5"]
    assert outline["warnings"] == ["removed 1 invisible format character (bidi marks, zero-width spaces, soft hyphens)"]


def test_soft_hyphens_zero_width_spaces_and_a_mid_text_bom_compare_as_unchanged(tmp_path: Path) -> None:
    marked = (
        ENGLISH.replace("sovereign", "sov\u00adereign")
        .replace("democratic", "demo\u00adcra\u00adtic")
        .replace("market hall", "market \u200bhall")
        .replace("mayor", "\u2060mayor\u200d")
        .replace("Article 3", "\ufeffArticle 3")
        .replace("heron", "he\u200eron")
    )
    old = read_document(_write(tmp_path, "old.txt", ENGLISH.encode()))
    new = read_document(_write(tmp_path, "new.txt", marked.encode()))
    assert new.warnings[0] == FORMAT_WARNING.format(8)
    comparison = compare(old, new)
    assert not comparison.has_differences
    assert {pair.change.value for pair in comparison.articles} == {"unchanged"}
    text = parse_text(marked, profile=load_profile("en"))  # and without a loader
    assert not compare(parse_text(ENGLISH, profile=load_profile("en")), text).has_differences


def test_format_characters_never_reach_the_redline(tmp_path: Path) -> None:
    changed = ENGLISH.replace("four years", "five\u00ad years").replace("heron", "\u200bswan")
    old = _write(tmp_path, "old.txt", ENGLISH.encode())
    new = _write(tmp_path, "new.txt", changed.encode())
    for output_format in ("markdown", "json", "html"):
        result = CliRunner().invoke(main, ["diff", old, new, "--format", output_format])
        assert result.exit_code == 1, result.output
        assert "five" in result.stdout and "swan" in result.stdout
        assert not set(result.stdout) & set(FORMAT_CHARACTERS), output_format


def test_parse_text_reads_front_matter_after_a_bom_and_indentation_after_a_mark() -> None:
    front = "\ufeff---\ntitle: Westmere\n---\n" + ENGLISH
    assert parse_text(front, profile=load_profile("en")).metadata == parse_text(front[1:], profile=load_profile("en")).metadata
    wrapped = "Article 1\n1. The council meets\n    in the hall.\nArticle 2\nThe end.\n"
    assert parse_text(wrapped.replace("    in", "\u200f    in")) == parse_text(wrapped)


def test_normalise_text_removes_format_characters_before_composing() -> None:
    """A ZWJ between "е" and a combining diaeresis blocks NFC; once removed they compose to "ё"."""
    assert normalise_text("Оз\u0435\u200d\u0308рск\r\n") == "Озёрск\n"


# --- property: format characters anywhere change nothing ----------------------------------------

OLD_SEED, NEW_SEED = (path.read_text(encoding="utf-8") for path in seed_pair())
SEED_CLASSES = _classes(OLD_SEED, NEW_SEED)


def _sprinkled(text: str, insertions: list[tuple[float, str]]) -> str:
    pieces, last = [], 0
    for where, mark in sorted(insertions):
        cut = int(where * len(text))
        pieces += [text[last:cut], mark]
        last = cut
    return "".join([*pieces, text[last:]])


INSERTIONS = st.lists(st.tuples(st.floats(0, 1), st.sampled_from(FORMAT_CHARACTERS)), max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(INSERTIONS, INSERTIONS, st.booleans())
def test_format_characters_anywhere_in_the_seeds_change_no_article_and_no_class(
    old_marks: list[tuple[float, str]], new_marks: list[tuple[float, str]], through_the_loader: bool
) -> None:
    old, new = _sprinkled(OLD_SEED, old_marks), _sprinkled(NEW_SEED, new_marks)
    if through_the_loader:
        old, new = (decode_text(text.encode(), source="seed").text for text in (old, new))
    assert _numbers(old) == _numbers(OLD_SEED)
    assert _classes(old, new) == SEED_CLASSES

"""DOCX → text with the standard library: one line per paragraph, in body order.

Why not python-docx (1.2): its paragraphs keep only their direct runs and hyperlinks,
so the words of tracked insertions (``w:ins``), content controls (``w:sdt``) and smart
tags are lost, and it unpacks every part of the package, images too, with no limit.
Reading ``word/document.xml`` ourselves keeps those words, skips tracked deletions, and
unpacks nothing but that part (and the package's pointer to it), within limits on size
and compression ratio.  It is faster too: 0.05 s against 0.13 s for the Russian corpus
draft, 0.53 s against 1.31 s for the Kazakh one (median of 5), same text.

Headers, footers, footnotes and comments live in other parts and are not read.
Automatic list numbering is not text in the file; paragraphs that use it are
counted in a warning, since their point numbers ("1.", "2)") will be missing.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from xml.etree import ElementTree

from constdiff.errors import InputError
from constdiff.limits import DEFAULT_LIMITS, too_deep
from constdiff.load.text import LoadedText

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 500
_RATIO_CHECK_FROM_BYTES = 1024 * 1024
_DEFAULT_MAIN_PART = "word/document.xml"
_PACKAGE_RELATIONSHIPS = "_rels/.rels"
_RELATIONSHIPS_MAX_BYTES = 1024 * 1024
_OFFICE_DOCUMENT = "/officeDocument"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PARAGRAPH = _W + "p"
_CHARACTERS = {
    _W + "tab": "\t",
    _W + "ptab": "\t",
    _W + "br": "\n",
    _W + "cr": "\n",
    _W + "noBreakHyphen": "-",
}
# Subtrees whose text is not part of the document as it reads: deleted or moved-away text,
# formatting properties (tab stop definitions look like tabs), field codes, duplicate fallbacks.
_SKIPPED = {
    _W + "del",
    _W + "moveFrom",
    _W + "pPr",
    _W + "rPr",
    _W + "instrText",
    _W + "delInstrText",
    _MC_FALLBACK,
}


def load_docx(data: bytes, *, source: str, max_depth: int = DEFAULT_LIMITS.depth) -> LoadedText:
    """Body paragraphs (tables included, cell by cell) as lines; InputError for anything not a sane DOCX."""
    root = _parse(_main_part(data, source), source)
    body = root.find(_W + "body")
    if body is None:
        raise InputError(source, "is not a Word document (word/document.xml has no body)")
    paragraphs, depth = _paragraphs(body)
    if depth > max_depth:
        raise InputError(source, too_deep(depth, max_depth))
    lines = [_paragraph_text(paragraph) for paragraph in paragraphs]
    if not any(line.strip() for line in lines):
        raise InputError(source, "is a Word document without any text")
    return LoadedText.normalised(
        source=source, text="\n".join(lines) + "\n", media_type=MEDIA_TYPE, encoding="", warnings=_numbering_warning(body)
    )


def _main_part(data: bytes, source: str) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError):
        # NotImplementedError: an entry that needs a ZIP version zipfile does not know ("6.4")
        raise InputError(source, "is not a valid Word document (damaged ZIP archive)") from None
    with archive:
        name = _main_part_name(archive, source)
        try:
            info = archive.getinfo(name)
        except KeyError:
            raise InputError(source, f"is a ZIP archive but not a Word document (no {name})") from None
        _check_sizes(info, source, MAX_UNPACKED_BYTES)
        return _unpack(archive, info, source)


def _main_part_name(archive: zipfile.ZipFile, source: str) -> str:
    """The package's own pointer to its main part; Word always says ``word/document.xml``."""
    try:
        info = archive.getinfo(_PACKAGE_RELATIONSHIPS)
    except KeyError:
        return _DEFAULT_MAIN_PART
    _check_sizes(info, source, _RELATIONSHIPS_MAX_BYTES)
    try:
        relationships = ElementTree.fromstring(_unpack(archive, info, source))
    except ElementTree.ParseError:
        return _DEFAULT_MAIN_PART
    for relationship in relationships.iter(_RELATIONSHIP):
        if relationship.get("Type", "").endswith(_OFFICE_DOCUMENT):
            return posixpath.normpath(relationship.get("Target", _DEFAULT_MAIN_PART).lstrip("/"))
    return _DEFAULT_MAIN_PART


def _check_sizes(info: zipfile.ZipInfo, source: str, limit: int) -> None:
    """The declared sizes bound what we unpack: zipfile never returns more than the header says."""
    if info.file_size > limit:
        raise InputError(source, f"unpacks {info.filename} to more than {limit:,} bytes; refusing it")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _RATIO_CHECK_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
        raise InputError(source, f"is compressed {ratio:,.0f}:1, which only a ZIP bomb is; refusing it")


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError) as error:
        # ValueError, OSError: an end record pointing before the archive ("negative seek value")
        raise InputError(source, f"is a damaged Word document ({error})") from None


def _parse(xml: bytes, source: str) -> ElementTree.Element:
    """Word never writes a DTD; refusing one rules out entity-expansion tricks.

    Deep nesting costs expat and ElementTree nothing out of the ordinary (a 100,000-deep
    document.xml of 2.6 MB parses in 0.11 s, 1,000,000 deep in 1.6 s: no recursion), and
    every walk here is iterative; the depth cap is checked on the walk that finds paragraphs."""
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise InputError(source, "is not a Word document (its XML declares a DTD)")
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise InputError(source, f"is a damaged Word document (bad XML: {error})") from None


def _paragraphs(body: ElementTree.Element) -> tuple[list[ElementTree.Element], int]:
    """Every ``w:p`` in reading order (body, tables, content controls, text boxes after their
    anchor), and how deep the elements walked nest (``w:document`` 1, ``w:body`` 2).

    A stack of child iterators: its height is the depth, at no cost (40 ms for the 142,000
    elements of the Kazakh draft, where pushing every element with its depth took 145 ms)."""
    found = []
    deepest = 2
    levels = [iter((body,))]
    while levels:
        element = next(levels[-1], None)
        if element is None:
            levels.pop()
            continue
        if element.tag == _PARAGRAPH:
            found.append(element)
        if element.tag not in _SKIPPED and len(element):
            levels.append(iter(element))
            deepest = max(deepest, len(levels) + 1)
    return found, deepest


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    """Runs, hyperlinks, insertions and fields of one paragraph; nested text-box paragraphs are their own."""
    pieces: list[str] = []
    stack = list(reversed(list(paragraph)))
    while stack:
        element = stack.pop()
        if element.tag in _SKIPPED or element.tag == _PARAGRAPH:
            continue
        if element.tag == _W + "t":
            pieces.append(element.text or "")
        elif element.tag in _CHARACTERS:
            pieces.append(_CHARACTERS[element.tag])
        stack.extend(reversed(list(element)))
    return "".join(pieces)


def _numbering_warning(body: ElementTree.Element) -> tuple[str, ...]:
    """Numbering set on the paragraph itself; numId 0 means "no numbering"."""
    numbered = sum(1 for number in body.iter(_W + "numId") if number.get(_W + "val", "0") != "0")
    if not numbered:
        return ()
    return (f"{numbered} paragraphs use Word's automatic numbering; their numbers are not in the text",)

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
from xml.parsers import expat

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

# Element names as expat reports them with namespace processing: namespace, "}", local name.
_NAMESPACE_END = "}"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main" + _NAMESPACE_END
_MC_FALLBACK = "http://schemas.openxmlformats.org/markup-compatibility/2006" + _NAMESPACE_END + "Fallback"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_BODY = _W + "body"
_PARAGRAPH = _W + "p"
_TEXT = _W + "t"
_NUMBERING = _W + "numId"
_VALUE = _W + "val"
_TEXT_BUFFER = 64 * 1024  # expat hands over a w:t's text in one piece up to this size
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
    body = _read_body(_main_part(data, source), source)
    if body.depth > max_depth:
        raise InputError(source, too_deep(body.depth, max_depth))
    lines = ["".join(pieces) for pieces in body.paragraphs]
    if not any(line.strip() for line in lines):
        raise InputError(source, "is a Word document without any text")
    return LoadedText.normalised(
        source=source,
        text="\n".join(lines) + "\n",
        media_type=MEDIA_TYPE,
        encoding="",
        warnings=_numbering_warning(body.numbered),
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


def _read_body(xml: bytes, source: str) -> _Body:
    """Word never writes a DTD; refusing one rules out entity-expansion tricks."""
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise InputError(source, "is not a Word document (its XML declares a DTD)")
    body = _Body()
    parser = expat.ParserCreate(None, _NAMESPACE_END)
    parser.buffer_text = True
    parser.buffer_size = _TEXT_BUFFER
    parser.StartElementHandler = body.start
    parser.EndElementHandler = body.end
    parser.CharacterDataHandler = body.characters
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as error:
        raise InputError(source, f"is a damaged Word document (bad XML: {error})") from None
    except (LookupError, ValueError) as error:  # an encoding expat cannot read: unknown, or multi-byte
        raise InputError(source, f"is a damaged Word document (its XML's encoding cannot be read: {error})") from None
    if not body.found:
        raise InputError(source, "is not a Word document (word/document.xml has no body)")
    return body


class _Body:
    """The first ``w:body`` under the root, read as expat reports it, with no element tree.

    Building the tree of the Kazakh draft's 4.6 MB document.xml (142,000 elements, most of them
    run properties) and walking it took 0.7 s; expat's events, 0.5 s.  Every ``w:p`` outside the
    skipped subtrees gets a line, in the order its start tag comes (a text box's paragraphs after
    the one that anchors them), and the text of its runs, hyperlinks, insertions and fields: the
    ``w:t`` text before any child element, and the characters ``_CHARACTERS`` stand for; a
    nested paragraph's text is its own.  ``depth`` is how deep the elements walked nest
    (``w:document`` 1, ``w:body`` 2: those inside skipped subtrees do not count); expat keeps
    no recursion, so deep nesting costs nothing out of the ordinary.
    """

    def __init__(self) -> None:
        self.paragraphs: list[list[str]] = []
        self.depth = 2
        self.numbered = 0  # numbering set on a paragraph: numId other than 0 ("no numbering"), anywhere in the body
        self.found = False
        # per open element: walked (the body, or no skipped element from the body down), its paragraph's pieces
        self._open: list[tuple[bool, list[str] | None]] = []
        self._body_level = 0  # 2 while the body is open
        self._text: list[str] | None = None  # where a w:t's text goes, until its first child or its end

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self._text = None
        level = len(self._open) + 1
        if not self._body_level:
            is_body = level == 2 and name == _BODY and not self.found
            self.found, self._body_level = self.found or is_body, level if is_body else 0
            self._open.append((is_body, None))
            return
        walked, pieces = self._open[-1]
        if name == _NUMBERING and attributes.get(_VALUE, "0") != "0":
            self.numbered += 1
        if walked:  # counted like the tree walk did: every child of an element walked
            self.depth = max(self.depth, level)
        if not walked or name in _SKIPPED:
            self._open.append((False, None))
            return
        if name == _PARAGRAPH:
            pieces = []
            self.paragraphs.append(pieces)
        elif pieces is not None:
            if name == _TEXT:
                self._text = pieces
            elif name in _CHARACTERS:
                pieces.append(_CHARACTERS[name])
        self._open.append((True, pieces))

    def end(self, _name: str) -> None:
        self._text = None
        self._open.pop()
        if len(self._open) < self._body_level:
            self._body_level = 0

    def characters(self, text: str) -> None:
        if self._text is not None:
            self._text.append(text)


def _numbering_warning(numbered: int) -> tuple[str, ...]:
    if not numbered:
        return ()
    return (f"{numbered} paragraphs use Word's automatic numbering; their numbers are not in the text",)

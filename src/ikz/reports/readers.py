"""Reading status report files (Markdown or text, DOCX, PPTX) into outline blocks.

Each file format is read into the same sequence of blocks (headings, paragraphs, list
items, breaks between lists), which ``parsing`` turns into a report. A file that cannot
be read raises ``ReportImportError`` naming the file and the line, paragraph or slide.

Every reader is bounded, because files come from uploads: an Office package is checked
as a zip before python-docx / python-pptx open it (``_check_package``), and the text of
every format is read within ``_Budget``'s limits, without control characters.
"""

import codecs
import functools
import lzma
import math
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from lxml import etree

from ikz.core.files import MB, ZIP_MAX_RATIO, ZIP_RATIO_FROM_BYTES
from ikz.reports.outline import CONTINUATION, CROSS_REFERENCES, Block, markdown_unescape

# A date as German reports write it: 25.05.2020 or 16.06.20.
DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b")

# What a broken or foreign file makes python-docx / python-pptx raise while opening it,
# besides their own PackageNotFoundError.
BROKEN_PACKAGE = (BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, zlib.error, EOFError)


# Limits of an Office package, taken from its zip directory before anything is unpacked.
# The project's own exports of the seed (and of the full template) have at most 63 parts,
# 0.84 MB unpacked in all, 0.44 MB in the largest part (Word's stylesWithEffects.xml),
# packed at most 33:1, with XML at most 15 levels deep; a real report with photos has
# parts of a few MB. What lies beyond is a zip bomb or a forged file, not a report.
MAX_PARTS = 1_000
MAX_PART_BYTES = 20 * MB
MAX_UNPACKED_BYTES = 50 * MB
# Packed more tightly than any document is: the same ratio as an upload's
# (ikz.core.files), asked of the large parts only, since small ones (styles, themes)
# pack tightly and cost little.
MAX_RATIO, RATIO_FROM_BYTES = ZIP_MAX_RATIO, ZIP_RATIO_FROM_BYTES
# Below libxml2's own limit of 256 (without huge_tree), so that this check speaks first.
MAX_XML_DEPTH = 200
# All XML parts together; the exports have at most 19,421 elements (most of them Word's
# styles). python-docx / python-pptx parse every part when they open a file, at about
# 140 bytes of memory an element: 500,000 cost some 70 MB, where 50 MB of XML of
# incompressible text could cost 700 MB.
MAX_XML_ELEMENTS = 500_000
# A document type declares entities (billion laughs, external files); Office XML never
# has one. Searched in the bytes in UTF-8 and UTF-16, the encodings Office XML may use;
# the parser's doctype callback catches any other encoding.
DECLARATIONS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
CONTENT_TYPES = "[Content_Types].xml"
CT_NAMESPACE = "{http://schemas.openxmlformats.org/package/2006/content-types}"
UNPACK_CHUNK = 64 * 1024
# What unpacking a damaged, encrypted or oddly compressed part raises.
DAMAGED_PART = (
    BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
)

# Limits of the text, in every format. The seed has 51 blocks, 2,259 characters, lines of
# at most 160 characters (its exports 70 blocks with 40 long next steps).
MAX_LINE_CHARS = 2_000  # a line, paragraph or slide line
MAX_BLOCKS = 2_000  # lines and paragraphs, blank ones included
MAX_TEXT_CHARS = 2_000_000
# A text file of more bytes holds more characters than that in any encoding read here
# (at most 4 bytes a character, and a byte order mark).
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS + 4
# C0 controls but tab, line feed and carriage return (form feed and vertical tab
# included), DEL and the C1 controls: PostgreSQL refuses NUL, and none belongs in a report.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The line breaks of str.splitlines() that are not control characters: those stay in the
# line and are refused there, with its number.
LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029]")


class ReportImportError(Exception):
    """Malformed input; the message names the line (or paragraph, or slide)."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where}: {message}")


def _number(value: int) -> str:
    """A number as the user's language groups it: 2.000 in German."""
    return number_format(value, force_grouping=True)


def _too_much_text() -> str:
    return _(
        "the text is longer than %(limit)s characters in all; a report may have at most that many."
    ) % {"limit": _number(MAX_TEXT_CHARS)}


class _Budget:
    """What one file may hold, counted as it is read: lines and paragraphs of at most
    MAX_LINE_CHARS characters, at most MAX_BLOCKS blocks and MAX_TEXT_CHARS characters in
    all, no control characters (``CONTROL``)."""

    def __init__(self) -> None:
        self.blocks = 0
        self.chars = 0

    def read(self, text: str, where: str) -> None:
        """A line (paragraph, slide paragraph) as read, before any whitespace is cleaned."""
        control = CONTROL.search(text)
        if control:
            raise ReportImportError(
                where,
                _(
                    "the text contains the control character %(character)s, which a report cannot hold."
                )
                % {"character": f"U+{ord(control.group()):04X}"},
            )
        self._length(text, where)
        self.chars += len(text)
        if self.chars > MAX_TEXT_CHARS:
            raise ReportImportError(where, _too_much_text())

    def add(self, blocks: list[Block], block: Block) -> None:
        """Append ``block`` (a joined line, a title of several lines) within the limits."""
        self.blocks += 1
        if self.blocks > MAX_BLOCKS:
            raise ReportImportError(
                block.where,
                _(
                    "the report has more than %(limit)s lines and paragraphs (blank ones "
                    "included); at most that many are read."
                )
                % {"limit": _number(MAX_BLOCKS)},
            )
        self._length(block.text, block.where)
        blocks.append(block)

    def _length(self, text: str, where: str) -> None:
        if len(text) > MAX_LINE_CHARS:
            raise ReportImportError(
                where,
                _(
                    "the text is %(length)s characters long; a line or paragraph has at most "
                    "%(limit)s."
                )
                % {"length": _number(len(text)), "limit": _number(MAX_LINE_CHARS)},
            )


def _lines(text: str):
    """The lines of ``text`` as str.splitlines() gives them, but for control characters,
    which stay in their line."""
    start = 0
    for match in LINE_BREAK.finditer(text):
        yield text[start : match.start()]
        start = match.end()
    if start < len(text):
        yield text[start:]


def read_markdown(text: str) -> list[Block]:
    """Markdown or plain text as in the seed: ``#`` headings, ``-``/``*`` items, blank
    lines between lists; a line ending in two spaces continues on the next line."""
    budget = _Budget()
    blocks: list[Block] = []
    pending: Block | None = None
    for number, raw in enumerate(_lines(text), start=1):
        where = _("line %(number)d") % {"number": number}
        budget.read(raw, where)
        line = raw.replace("\u00a0", " ")
        if pending is not None:
            pending.text = f"{pending.text} {markdown_unescape(line.strip())}".strip()
            if not raw.endswith("  "):
                budget.add(blocks, pending)
                pending = None
            continue
        stripped = line.strip()
        if not stripped:
            budget.add(blocks, Block("break", "", where))
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        item = re.match(r"^[-*•]\s+(.*)$", stripped)
        # The kind is read from the line as written, so "\\# x" stays text; the content
        # loses the exporter's escapes.
        if heading:
            text = markdown_unescape(heading.group(2).strip())
            block = Block("heading", text, where, len(heading.group(1)))
        elif item:
            block = Block("item", markdown_unescape(item.group(1).strip()), where)
        else:
            block = Block("paragraph", markdown_unescape(stripped), where)
        if raw.endswith("  "):
            pending = block
        else:
            budget.add(blocks, block)
    if pending is not None:
        budget.add(blocks, pending)
    return blocks


def decode_text(data: bytes) -> str:
    """Text files from offices come as UTF-8, or else in Windows-1252 (Latin-1 with „“
    and €), or as UTF-16 with its byte order mark; Latin-1, which reads any byte, is the
    last resort."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows' "Unicode" text: read as Windows-1252, its zero bytes would be NULs.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def describe(error: "ReportImportError", filename: str) -> str:
    """The error as a user reads it: file, location, problem; the file named once."""
    return str(error) if error.where == filename else f"{filename}, {error}"


def read_file(path: Path, name: str | None = None) -> list[Block]:
    """Blocks of a report file; ``name`` is the file's name as the user knows it (an
    upload is stored under another)."""
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown", ".txt"):
        try:
            with path.open("rb") as file:
                data = file.read(MAX_TEXT_BYTES + 1)  # no more than any report can be
        except OSError as error:
            raise _unreadable(name, error) from None
        if len(data) > MAX_TEXT_BYTES:
            raise ReportImportError(name, _too_much_text())
        return read_markdown(decode_text(data))
    if suffix == ".docx":
        return read_docx(path, name)
    if suffix == ".pptx":
        return read_pptx(path, name)
    raise ReportImportError(
        name,
        _("unknown file type “%(suffix)s”; reports are read from .md, .txt, .docx or .pptx.")
        % {"suffix": suffix or "–"},
    )


def _unreadable(name: str, error: OSError) -> ReportImportError:
    return ReportImportError(
        name, _("the file cannot be read (%(reason)s).") % {"reason": error.strerror}
    )


def _clean(text: str) -> str:
    return " ".join(text.split())


def _open(path: Path, name: str | None, opener, not_found: type[Exception], message: str):
    """The opened package; a broken or foreign file is an import error naming ``name``
    (the file's name as the user knows it, an upload being stored under another)."""
    try:
        return opener(str(path))
    except (not_found, *BROKEN_PACKAGE) as error:
        raise ReportImportError(name or path.name, message) from error


def _part_error(name: str, message: str, part: str) -> ReportImportError:
    return ReportImportError(name, message % {"part": part})


def _check_directory(infos: list[zipfile.ZipInfo], name: str) -> None:
    """The sizes the zip directory declares, before anything is unpacked."""
    if len(infos) > MAX_PARTS:
        raise ReportImportError(
            name,
            _("the file consists of %(count)s parts; at most %(limit)s are read.")
            % {"count": _number(len(infos)), "limit": _number(MAX_PARTS)},
        )
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise ReportImportError(
                name,
                _(
                    "the part “%(part)s” unpacks to %(size)s MB; a part may have at most %(limit)s MB."
                )
                % {
                    "part": info.filename,
                    "size": _number(math.ceil(info.file_size / MB)),
                    "limit": _number(MAX_PART_BYTES // MB),
                },
            )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise ReportImportError(
            name,
            _("the file unpacks to %(size)s MB; at most %(limit)s MB are read.")
            % {"size": _number(math.ceil(total / MB)), "limit": _number(MAX_UNPACKED_BYTES // MB)},
        )
    for info in infos:
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * info.compress_size:
            raise ReportImportError(
                name,
                _(
                    "the part “%(part)s” is packed more tightly than %(limit)s to 1, as no "
                    "document is; the file is refused as a possible zip bomb."
                )
                % {"part": info.filename, "limit": _number(MAX_RATIO)},
            )


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """The part's bytes, read in chunks and never more than its declared size (checked
    against the limits): a header declaring less than the part holds cannot make us
    unpack more. zipfile itself stops at the declared size and then fails the CRC check,
    but this count does not rely on it."""
    chunks = []
    read = 0
    damaged = _("the part “%(part)s” is damaged and cannot be unpacked.")
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(UNPACK_CHUNK):
                read += len(chunk)
                if read > info.file_size:
                    raise _part_error(name, damaged, info.filename)
                chunks.append(chunk)
    except DAMAGED_PART:
        raise _part_error(name, damaged, info.filename) from None
    return b"".join(chunks)


class _XmlShape:
    """Parser target that builds nothing: it refuses a document type (in an encoding the
    byte search does not know), nesting deeper than MAX_XML_DEPTH, and more than
    MAX_XML_ELEMENTS elements in the package's XML parts together (one target reads them
    all, ``part`` being the one parsed)."""

    def __init__(self, name: str):
        self.name = name
        self.part = ""
        self.depth = 0
        self.elements = 0

    def doctype(self, *_declaration) -> None:
        raise _part_error(self.name, _declarations_refused(), self.part)

    def start(self, _tag, _attributes) -> None:
        self.depth += 1
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise ReportImportError(
                self.name,
                _("the file holds more than %(limit)s XML elements, as no report does.")
                % {"limit": _number(MAX_XML_ELEMENTS)},
            )
        if self.depth > MAX_XML_DEPTH:
            raise ReportImportError(
                self.name,
                _(
                    "the part “%(part)s” nests its elements more than %(limit)s levels deep, "
                    "as no document does."
                )
                % {"part": self.part, "limit": _number(MAX_XML_DEPTH)},
            )

    def end(self, _tag) -> None:
        self.depth -= 1

    def close(self) -> None:
        return None


def _declarations_refused() -> str:
    return _(
        "the part “%(part)s” declares a document type or entities (<!DOCTYPE, <!ENTITY), "
        "which Office files never do; the file is refused."
    )


def _check_xml(data: bytes, part: str, shape: _XmlShape) -> None:
    """A part python-docx / python-pptx parse: no document type at all, so no parser ever
    meets an entity (they parse with resolve_entities=False as well, which leaves
    entities unexpanded, see docx/oxml/parser.py and pptx/oxml/__init__.py); well-formed
    and not nested too deep, so that they meet no error of their own."""
    name = shape.name
    if any(marker in data for marker in DECLARATIONS):
        raise _part_error(name, _declarations_refused(), part)
    shape.part, shape.depth = part, 0
    parser = etree.XMLParser(target=shape, resolve_entities=False, no_network=True, load_dtd=False)
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise ReportImportError(
            name,
            _("the part “%(part)s” is not well-formed XML (line %(line)d, column %(column)d).")
            % {"part": part, "line": line, "column": column},
        ) from None


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """The package's content types (checked XML): by part name, and by extension."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    overrides = {
        element.get("PartName", "").lower(): element.get("ContentType", "")
        for element in root.iterchildren(f"{CT_NAMESPACE}Override")
    }
    defaults = {
        element.get("Extension", "").lower(): element.get("ContentType", "")
        for element in root.iterchildren(f"{CT_NAMESPACE}Default")
    }
    return overrides, defaults


def _is_xml(part: str, types: tuple[dict[str, str], dict[str, str]]) -> bool:
    """Whether python-docx / python-pptx may parse the part as XML: what its name or
    content type says is XML, images (SVG) and other binaries aside."""
    if part.lower().endswith((".xml", ".rels")):
        return True
    overrides, defaults = types
    content_type = overrides.get(f"/{part}".lower()) or defaults.get(
        part.rpartition(".")[2].lower(), ""
    )
    return content_type.endswith("xml") and not content_type.startswith("image/")


def _check_package(path: Path, name: str, invalid: str) -> None:
    """Refuse an Office package that would cost too much to unpack or parse, before
    python-docx / python-pptx read it: too many parts, parts too large or packed too
    tightly (the zip directory's sizes), parts that unpack to more than declared, XML
    with a document type, nested too deep or too large in all.

    Every part is unpacked here once, through ``_unpack``'s count, rather than trusting
    the libraries: they read every part into memory when they open a file, and only
    this check can name the part and stop at the limit. One part is held at a time (at
    most MAX_PART_BYTES); the libraries then read only parts that passed, whose sizes
    are known to be true (zipfile stops them at the declared size too)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_directory(infos, name)
            types: tuple[dict[str, str], dict[str, str]] = ({}, {})
            shape = _XmlShape(name)
            # The content types first: they tell which other parts are XML.
            for info in sorted(infos, key=lambda info: info.filename != CONTENT_TYPES):
                if info.is_dir():
                    continue
                data = _unpack(archive, info, name)
                if _is_xml(info.filename, types):
                    _check_xml(data, info.filename, shape)
                    if info.filename == CONTENT_TYPES:
                        types = _content_types(data)
    except OSError as error:
        raise _unreadable(name, error) from None
    except (BadZipFile, EOFError, ValueError):
        raise ReportImportError(name, invalid) from None


HEADING_STYLE = re.compile(r"^(?:heading|überschrift)\s*(\d)$", re.IGNORECASE)
TITLE_STYLES = {"title", "titel"}


def _styles(paragraph):
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _word_kind(paragraph) -> tuple[str, int]:
    """Heading (Title, Heading n and styles based on them), list item (a list style or
    numbering), or paragraph."""
    for style in _styles(paragraph):
        name = (style.name or "").strip()
        if name.lower() in TITLE_STYLES:
            return "heading", 1
        match = HEADING_STYLE.match(name)
        if match:
            return "heading", int(match[1])
    if _numbered(paragraph._p.pPr):
        return "item", 0
    for style in _styles(paragraph):
        name = (style.name or "").lower()
        if "list" in name or "liste" in name or _numbered(style.element.pPr):
            return "item", 0
    return "paragraph", 0


def _numbered(properties) -> bool:
    """Numbering that makes a list: a numbering id other than 0 (Word's Subtitle carries
    a level without one, and numId 0 switches numbering off)."""
    if properties is None or properties.numPr is None or properties.numPr.numId is None:
        return False
    return properties.numPr.numId.val != 0


def read_docx(path: Path, name: str | None = None) -> list[Block]:
    """A Word document as blocks: headings by style, list paragraphs as items, an empty
    paragraph as the break between lists. Tables, headers and footers are not read."""
    import docx  # noqa: PLC0415 heavy library: python-docx
    from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415 heavy library: python-docx

    invalid = _("the file is not a valid Word document (.docx).")
    _check_package(path, name or path.name, invalid)
    document = _open(path, name, docx.Document, PackageNotFoundError, invalid)
    budget = _Budget()
    blocks: list[Block] = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        where = _("paragraph %(number)d") % {"number": number}
        raw = paragraph.text
        budget.read(raw, where)
        text = _clean(raw)
        if not text:
            budget.add(blocks, Block("break", "", where))
            continue
        kind, level = _word_kind(paragraph)
        budget.add(blocks, Block(kind, text, where, level))
    return blocks


A_NAMESPACE = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P_NAMESPACE = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
BULLETS = {f"{A_NAMESPACE}{tag}" for tag in ("buChar", "buAutoNum", "buBlip")}


@functools.cache
def _placeholder_kinds() -> tuple[set, set]:
    """Placeholder types that hold a title, and those that hold no content."""
    from pptx.enum.shapes import PP_PLACEHOLDER as KIND  # noqa: PLC0415 heavy library: python-pptx

    return (
        {KIND.TITLE, KIND.CENTER_TITLE, KIND.VERTICAL_TITLE},
        {KIND.DATE, KIND.FOOTER, KIND.SLIDE_NUMBER, KIND.HEADER},
    )


def _bullet(properties) -> bool | None:
    if properties is None:
        return None
    for child in properties:
        if child.tag == f"{A_NAMESPACE}buNone":
            return False
        if child.tag in BULLETS:
            return True
    return None


def _is_item(paragraph, shape) -> bool:
    """Whether the paragraph shows a bullet: its own properties, else the list styles it
    inherits (slide, layout and master placeholder), else the master's text styles."""
    from pptx.enum.shapes import PP_PLACEHOLDER  # noqa: PLC0415 heavy library: python-pptx

    found = _bullet(paragraph._p.pPr)
    level = f"lvl{paragraph.level + 1}pPr"
    placeholder = shape
    while found is None and placeholder is not None:
        found = _bullet(
            placeholder._element.find(
                f"{P_NAMESPACE}txBody/{A_NAMESPACE}lstStyle/{A_NAMESPACE}{level}"
            )
        )
        try:
            placeholder = placeholder._base_placeholder
        except (AttributeError, NotImplementedError):
            placeholder = None
    if found is None:
        styles = shape.part.slide_layout.slide_master._element.find(f"{P_NAMESPACE}txStyles")
        titles, _none = _placeholder_kinds()
        style = "titleStyle" if shape.placeholder_format.type in titles else "bodyStyle"
        if styles is not None:
            found = _bullet(styles.find(f"{P_NAMESPACE}{style}/{A_NAMESPACE}{level}"))
    if found is None:
        return shape.placeholder_format.type == PP_PLACEHOLDER.OBJECT
    return found


@dataclass
class _SlideText:
    title: list[tuple[str, str]]  # (text, where)
    parts: list[list[tuple[str, str, str]]]  # per body placeholder: (kind, text, where)


def _slide_text(slide, number: int, budget: _Budget) -> _SlideText:
    """The title's lines and each body placeholder's paragraphs, bodies in the order of
    their layout's placeholders (left before right), so that a slide without its first
    column still puts the second one second. Each paragraph is read into ``budget`` as
    the line it starts; its line breaks (python-pptx's vertical tabs) are no control
    characters."""
    line = 0

    def here() -> str:
        return _("slide %(slide)d, line %(line)d") % {"slide": number, "line": line + 1}

    def where() -> str:
        nonlocal line
        found = here()
        line += 1
        return found

    titles, no_content = _placeholder_kinds()
    title: list[tuple[str, str]] = []
    bodies = []
    layout_order = [
        placeholder.placeholder_format.idx
        for placeholder in slide.slide_layout.placeholders
        if placeholder.placeholder_format.type not in titles | no_content
    ]
    for shape in slide.placeholders:
        kind = shape.placeholder_format.type
        if kind in no_content or not shape.has_text_frame:
            continue
        if kind in titles:
            for paragraph in shape.text_frame.paragraphs:
                budget.read(paragraph.text.replace("\v", "\n"), here())
                for text in re.split(r"[\v\n]", paragraph.text):
                    if _clean(text):
                        title.append((_clean(text), where()))
            continue
        idx = shape.placeholder_format.idx
        position = layout_order.index(idx) if idx in layout_order else len(layout_order) + idx
        bodies.append((position, shape))
    parts = []
    for position, shape in sorted(bodies, key=lambda pair: pair[0]):
        while len(parts) < position:
            parts.append([])
        part = []
        for paragraph in shape.text_frame.paragraphs:
            budget.read(paragraph.text.replace("\v", "\n"), here())
            text = _clean(paragraph.text)
            if text:
                kind = "item" if _is_item(paragraph, shape) else "paragraph"
                part.append((kind, text, where()))
        parts.append(part)
    return _SlideText(title, parts)


def _slide_blocks(text: _SlideText, budget: _Budget) -> list[Block]:
    """A title whose first line is a date (a meeting's) gives that date as a paragraph
    and the rest as a level-2 heading; any other title is a level-1 heading. Each
    body's items end with a break."""
    blocks: list[Block] = []
    title = text.title
    if len(title) >= 2 and DATE.fullmatch(title[0][0]):
        budget.add(blocks, Block("paragraph", title[0][0], title[0][1]))
        heading = " ".join(line for line, _w in title[1:])
        budget.add(blocks, Block("heading", heading, title[1][1], 2))
    elif title:
        budget.add(blocks, Block("heading", " ".join(line for line, _w in title), title[0][1], 1))
    for part in text.parts:
        for index, (kind, line, where) in enumerate(part):
            budget.add(blocks, Block(kind, line, where))
            following = part[index + 1][0] if index + 1 < len(part) else None
            if kind == "item" and following != "item":
                budget.add(blocks, Block("break", "", where))
    return blocks


def _refers_back(part: list[tuple[str, str, str]]) -> bool:
    """Whether a column of a continuation slide only points at the other column (the
    exporter's cross-reference, opened by one of CROSS_REFERENCES): its items were read
    where they first stood."""
    return bool(part) and part[0][0] == "paragraph" and part[0][1] in CROSS_REFERENCES


def read_pptx(path: Path, name: str | None = None) -> list[Block]:
    """A presentation as blocks: each slide's title, then its body placeholders; the
    lists of a slide "… (Fortsetzung)" continue those of the slide before (column by
    column), so they read as one list, except a column that only refers to the other
    one (``_refers_back``). Text outside placeholders is not read."""
    import pptx  # noqa: PLC0415 heavy library: python-pptx
    from pptx.exc import PackageNotFoundError  # noqa: PLC0415 heavy library: python-pptx

    invalid = _("the file is not a valid PowerPoint presentation (.pptx).")
    _check_package(path, name or path.name, invalid)
    presentation = _open(path, name, pptx.Presentation, PackageNotFoundError, invalid)
    budget = _Budget()
    blocks: list[Block] = []
    pending: _SlideText | None = None
    for number, slide in enumerate(presentation.slides, start=1):
        text = _slide_text(slide, number, budget)
        heading = text.title[-1][0] if text.title else ""
        if pending is not None and heading.endswith(CONTINUATION):
            base = heading[: -len(CONTINUATION)].strip()
            if pending.title and pending.title[-1][0] == base:
                for position, part in enumerate(text.parts):
                    while len(pending.parts) <= position:
                        pending.parts.append([])
                    if not _refers_back(part):
                        pending.parts[position].extend(part)
                continue
        if pending is not None:
            blocks.extend(_slide_blocks(pending, budget))
        pending = text
    if pending is not None:
        blocks.extend(_slide_blocks(pending, budget))
    return blocks

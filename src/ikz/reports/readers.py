"""Reading status report files (Markdown or text, DOCX, PPTX) into outline blocks.

Each file format is read into the same sequence of blocks (headings, paragraphs, list
items, breaks between lists), which ``parsing`` turns into a report. A file that cannot
be read raises ``ReportImportError`` naming the file and the line, paragraph or slide.
"""

import functools
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from lxml import etree

from ikz.reports.outline import CONTINUATION, CROSS_REFERENCES, Block

# A date as German reports write it: 25.05.2020 or 16.06.20.
DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b")

# What a broken or foreign file makes python-docx / python-pptx raise while opening it,
# besides their own PackageNotFoundError.
BROKEN_PACKAGE = (BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, zlib.error, EOFError)


class ReportImportError(Exception):
    """Malformed input; the message names the line (or paragraph, or slide)."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where}: {message}")


def read_markdown(text: str) -> list[Block]:
    """Markdown or plain text as in the seed: ``#`` headings, ``-``/``*`` items, blank
    lines between lists; a line ending in two spaces continues on the next line."""
    blocks: list[Block] = []
    pending: Block | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\u00a0", " ")
        where = _("line %(number)d") % {"number": number}
        if pending is not None:
            pending.text = f"{pending.text} {line.strip()}".strip()
            if not raw.endswith("  "):
                blocks.append(pending)
                pending = None
            continue
        stripped = line.strip()
        if not stripped:
            blocks.append(Block("break", "", where))
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        item = re.match(r"^[-*•]\s+(.*)$", stripped)
        if heading:
            block = Block("heading", heading.group(2).strip(), where, len(heading.group(1)))
        elif item:
            block = Block("item", item.group(1).strip(), where)
        else:
            block = Block("paragraph", stripped, where)
        if raw.endswith("  "):
            pending = block
        else:
            blocks.append(block)
    if pending is not None:
        blocks.append(pending)
    return blocks


def decode_text(data: bytes) -> str:
    """Text files from offices come as UTF-8, or else in Windows-1252 (Latin-1 with „“
    and €); Latin-1, which reads any byte, is the last resort."""
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
            return read_markdown(decode_text(path.read_bytes()))
        except OSError as error:
            raise ReportImportError(
                name, _("the file cannot be read (%(reason)s).") % {"reason": error.strerror}
            ) from None
    if suffix == ".docx":
        return read_docx(path, name)
    if suffix == ".pptx":
        return read_pptx(path, name)
    raise ReportImportError(
        name,
        _("unknown file type “%(suffix)s”; reports are read from .md, .txt, .docx or .pptx.")
        % {"suffix": suffix or "–"},
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

    document = _open(
        path,
        name,
        docx.Document,
        PackageNotFoundError,
        _("the file is not a valid Word document (.docx)."),
    )
    blocks = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        where = _("paragraph %(number)d") % {"number": number}
        text = _clean(paragraph.text)
        if not text:
            blocks.append(Block("break", "", where))
            continue
        kind, level = _word_kind(paragraph)
        blocks.append(Block(kind, text, where, level))
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


def _slide_text(slide, number: int) -> _SlideText:
    """The title's lines and each body placeholder's paragraphs, bodies in the order of
    their layout's placeholders (left before right), so that a slide without its first
    column still puts the second one second."""
    line = 0

    def where() -> str:
        nonlocal line
        line += 1
        return _("slide %(slide)d, line %(line)d") % {"slide": number, "line": line}

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
                for text in re.split(r"[\v\n]", paragraph.text):
                    if _clean(text):
                        title.append((_clean(text), where()))
            continue
        idx = shape.placeholder_format.idx
        position = layout_order.index(idx) if idx in layout_order else len(layout_order) + idx
        bodies.append((position, shape))
    parts = []
    for position, shape in sorted(bodies, key=lambda pair: pair[0]):
        paragraphs = [
            ("item" if _is_item(paragraph, shape) else "paragraph", _clean(paragraph.text))
            for paragraph in shape.text_frame.paragraphs
        ]
        while len(parts) < position:
            parts.append([])
        parts.append([(kind, text, where()) for kind, text in paragraphs if text])
    return _SlideText(title, parts)


def _slide_blocks(text: _SlideText) -> list[Block]:
    """A title whose first line is a date (a meeting's) gives that date as a paragraph
    and the rest as a level-2 heading; any other title is a level-1 heading. Each
    body's items end with a break."""
    blocks = []
    title = text.title
    if len(title) >= 2 and DATE.fullmatch(title[0][0]):
        blocks.append(Block("paragraph", title[0][0], title[0][1]))
        blocks.append(Block("heading", " ".join(line for line, _w in title[1:]), title[1][1], 2))
    elif title:
        blocks.append(Block("heading", " ".join(line for line, _w in title), title[0][1], 1))
    for part in text.parts:
        for index, (kind, line, where) in enumerate(part):
            blocks.append(Block(kind, line, where))
            following = part[index + 1][0] if index + 1 < len(part) else None
            if kind == "item" and following != "item":
                blocks.append(Block("break", "", where))
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

    presentation = _open(
        path,
        name,
        pptx.Presentation,
        PackageNotFoundError,
        _("the file is not a valid PowerPoint presentation (.pptx)."),
    )
    blocks: list[Block] = []
    pending: _SlideText | None = None
    for number, slide in enumerate(presentation.slides, start=1):
        text = _slide_text(slide, number)
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
            blocks.extend(_slide_blocks(pending))
        pending = text
    if pending is not None:
        blocks.extend(_slide_blocks(pending))
    return blocks

"""Word and PowerPoint: a report written as .docx and .pptx, and such files read back
into outline blocks for the importer.

Only ``DocxExporter.write``, ``PptxExporter.write`` and ``importer.read_file`` import
this module, inside the call, so python-docx and python-pptx load only when needed.

Slides keep every text in a layout placeholder at a fixed size with autofit off: rather
than letting PowerPoint or Impress shrink text, lists are measured and continue on a
slide "… (Fortsetzung)" when they do not fit. The measure is DejaVu Sans, the widest
of the fonts a viewer puts in for the theme's Calibri (LibreOffice does without Carlito),
with a line height above Calibri's: an estimate on the safe side for PowerPoint and
Impress alike (tests check it against Impress's PDF).
"""

import functools
import io
import logging
import math
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from lxml import etree

from ikz.reports.domain import ReportData
from ikz.reports.importer import DATE, ReportImportError
from ikz.reports.outline import (
    CONTINUATION,
    Block,
    full_sections,
    portfolio_headers,
    report_colours,
    seed_outline,
)

logger = logging.getLogger(__name__)

# What a broken or foreign file makes python-docx / python-pptx raise while opening it,
# besides their own PackageNotFoundError.
BROKEN_PACKAGE = (BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, zlib.error, EOFError)

# Text colours (RRGGBB) for white backgrounds.
TEXT = "262626"
MUTED = "595959"
WHITE = "FFFFFF"
LIGHT_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE", "grey": "E7E6E6"}


def _luminance(colour: str) -> float:
    def channel(part: str) -> float:
        value = int(part, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass
class Palette:
    """The cooperation's colours and the text colours that stay readable on them."""

    primary: str
    secondary: str

    @classmethod
    def of(cls, report: ReportData) -> "Palette":
        """The colours every format uses (``outline.report_colours``), as Office writes
        them: RRGGBB."""
        primary, secondary = report_colours(report)
        return cls(primary.lstrip("#").upper(), secondary.lstrip("#").upper())

    @property
    def heading(self) -> str:
        """Headings on white take the primary colour unless it is too pale to read."""
        return self.primary if _contrast(self.primary, WHITE) >= 4.5 else TEXT

    @property
    def on_primary(self) -> str:
        return WHITE if _contrast(self.primary, WHITE) >= _contrast(self.primary, TEXT) else TEXT

    @property
    def on_secondary(self) -> str:
        return (
            WHITE if _contrast(self.secondary, WHITE) >= _contrast(self.secondary, TEXT) else TEXT
        )

    @property
    def accent_on_primary(self) -> str:
        """A rule on the primary colour: the secondary colour when it stands out."""
        if _contrast(self.secondary, self.primary) >= 2:
            return self.secondary
        return self.on_primary


# Measuring text ---------------------------------------------------------------------

# Calibri and Carlito take 1.22 em per line; Impress sets DejaVu Sans at 1.2 em.
LINE_HEIGHT = 1.25
# Room for rounding and kerning differences between PIL and the renderers.
WIDTH_SAFETY = 0.97


@functools.cache
def _font(bold: bool):
    from PIL import ImageFont  # Pillow comes with python-pptx

    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", 1000)
    except OSError:
        return None


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of one line of ``text`` at ``size`` points."""
    font = _font(bold)
    if font is None:  # no DejaVu Sans installed: its widest average per character
        return len(text) * size * (0.68 if bold else 0.62)
    return font.getlength(text) * size / 1000


def line_count(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines ``text`` takes when wrapped at spaces into ``width`` points; a word wider
    than a line breaks where it must, as the renderers do."""
    width *= WIDTH_SAFETY
    lines, current = 1, ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines += 1
        while len(word) > 1 and text_width(word, size, bold) > width:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size, bold) > width:
                cut -= 1
            word = word[cut:]
            lines += 1
        current = word
    return lines


# Slides: geometry in EMU ------------------------------------------------------------

EMU_PER_PT = 12700
INCH = 914400
SLIDE_WIDTH, SLIDE_HEIGHT = 12192000, 6858000  # 13.333 × 7.5 in: 16:9
INSET_X, INSET_Y = 91440, 45720  # the text frame's default margins
BULLET_MARGIN = 22 * EMU_PER_PT


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int
    anchor: str = "t"  # t or b

    def text_width(self, margin: int = 0) -> float:
        return (self.width - 2 * INSET_X - margin) / EMU_PER_PT

    @property
    def text_height(self) -> float:
        return (self.height - 2 * INSET_Y) / EMU_PER_PT


def _inches(value: float) -> int:
    return round(value * INCH)


MARGIN = _inches(0.6)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
TITLE = Box(MARGIN, _inches(0.3), CONTENT_WIDTH, _inches(1.25), "b")
TITLE_RULE = (MARGIN + INSET_X, _inches(1.63), CONTENT_WIDTH - 2 * INSET_X, _inches(0.045))
BODY = Box(MARGIN, _inches(1.85), CONTENT_WIDTH, _inches(5.05))
# Tables and charts in the body placeholder line up with its text, inside its margins.
FRAME = Box(
    BODY.left + INSET_X, BODY.top + INSET_Y, BODY.width - 2 * INSET_X, BODY.height - 2 * INSET_Y
)
COLUMN_GAP = _inches(0.4)
COLUMN_WIDTH = (CONTENT_WIDTH - COLUMN_GAP) // 2
LEFT = Box(MARGIN, BODY.top, COLUMN_WIDTH, BODY.height)
RIGHT = Box(SLIDE_WIDTH - MARGIN - COLUMN_WIDTH, BODY.top, COLUMN_WIDTH, BODY.height)
LOGO = (SLIDE_WIDTH - MARGIN, _inches(6.98), _inches(2.4), _inches(0.4))  # right, top, w, h

COVER_BAND = _inches(4.7)
COVER_TITLE = Box(_inches(0.9), _inches(0.45), SLIDE_WIDTH - _inches(1.8), _inches(4.0), "b")
COVER_SUBTITLE = Box(_inches(0.9), _inches(5.0), _inches(8.4), _inches(1.9))
COVER_LOGO = (SLIDE_WIDTH - _inches(0.9), _inches(5.2), _inches(3.0), _inches(1.1))

SECTION_TITLE = Box(_inches(0.9), _inches(1.2), SLIDE_WIDTH - _inches(1.8), _inches(2.55), "b")
SECTION_RULE = (_inches(0.9) + INSET_X, _inches(3.93), _inches(1.6), _inches(0.07))
SECTION_TEXT = Box(_inches(0.9), _inches(4.15), SLIDE_WIDTH - _inches(1.8), _inches(1.7))

# Font sizes in points: titles take the largest that fits, body text is fixed.
COVER_TITLE_SIZES = (40, 36, 32, 28, 24)
SECTION_TITLE_SIZES = (44, 40, 36, 32, 28)
TITLE_SIZES = (28, 26, 24, 22, 20, 18)
SUBTITLE_SIZE, SUBTITLE_LINE_SIZE = 28, 20
SECTION_TEXT_SIZE = 24
DATE_SIZE = 18
LIST_SIZE = 18  # one column
COLUMN_SIZE = 16  # two columns
TABLE_SIZE = 14
CHART_SIZE = 14
ITEM_SPACE = 6  # points before each list item
CELL_X, CELL_Y = _inches(0.08), _inches(0.04)

LAYOUT_COVER = "Title Slide"
LAYOUT_SECTION = "Section Header"
LAYOUT_LIST = "Title and Content"
LAYOUT_TWO = "Two Content"


@dataclass
class Para:
    text: str
    size: float
    bold: bool = False
    colour: str = TEXT
    bullet: bool = False
    space_before: float = 0


def text_height(paragraphs: list[Para], box: Box) -> float:
    """Estimated height in points of ``paragraphs`` set in ``box``."""
    return sum(
        para.space_before
        + line_count(
            para.text, box.text_width(BULLET_MARGIN if para.bullet else 0), para.size, para.bold
        )
        * para.size
        * LINE_HEIGHT
        for para in paragraphs
    )


def _fit(make: Callable[[float], list[Para]], box: Box, sizes: tuple) -> list[Para]:
    """The paragraphs at the largest of ``sizes`` that fits ``box`` (else the smallest)."""
    for size in sizes:
        paragraphs = make(size)
        if text_height(paragraphs, box) <= box.text_height:
            break
    return paragraphs


def _pages(texts: list[str], box: Box, size: float) -> list[list[str]]:
    """List items split into the runs that fit ``box``, one run per slide."""
    pages: list[list[str]] = [[]]
    used = 0.0
    for text in texts:
        height = text_height([Para(text, size, bullet=True, space_before=ITEM_SPACE)], box)
        if pages[-1] and used + height > box.text_height:
            pages.append([])
            used = 0.0
        pages[-1].append(text)
        used += height
    return pages


# Slides: the master -----------------------------------------------------------------


def _rectangle(tree, box: tuple[int, int, int, int], colour: str, name: str) -> None:
    """A filled rectangle without text, as decoration on a layout."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls

    left, top, width, height = box
    shape_id = max((int(value) for value in tree.xpath(".//p:cNvPr/@id")), default=1) + 1
    tree.append(
        parse_xml(
            f'<p:sp {nsdecls("p", "a")}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
            '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>'
            f'<a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
            "</p:spPr></p:sp>"
        )
    )


def _picture(layout, path: str, box: tuple[int, int, int, int]) -> None:
    """The logo on a layout, right-aligned in ``box`` (right edge, top, width, height)."""
    from pptx.oxml.shapes.picture import CT_Picture

    right, top, max_width, max_height = box
    try:
        image_part, rel_id = layout.part.get_or_add_image_part(path)
    except (OSError, ValueError) as error:  # missing or not an image: the report goes on
        logger.warning("logo %s left out of the slides: %s", path, error)
        return
    width, height = image_part.scale(None, max_height)
    if width > max_width:
        width, height = image_part.scale(max_width, None)
    tree = layout.shapes._spTree
    shape_id = max((int(value) for value in tree.xpath(".//p:cNvPr/@id")), default=1) + 1
    tree.append(
        CT_Picture.new_pic(shape_id, "Logo", "Logo", rel_id, right - width, top, width, height)
    )


def _place(shape, box: Box) -> None:
    from pptx.util import Emu

    shape.left, shape.top, shape.width, shape.height = (
        Emu(box.left),
        Emu(box.top),
        Emu(box.width),
        Emu(box.height),
    )


def _prepare_master(presentation, palette: Palette, logo: str) -> dict:
    """16:9, the layouts this deck uses laid out for it, their decoration and logo;
    returns the layouts by name."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.oxml.ns import qn
    from pptx.util import Emu

    ratio = SLIDE_WIDTH / presentation.slide_width
    presentation.slide_width, presentation.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    master = presentation.slide_master
    # The default template is 4:3: stretch what every layout places, then lay out ours.
    for container in (master, *master.slide_layouts):
        for shape in container.shapes:
            if shape._element.xpath("./p:spPr/a:xfrm"):
                shape.left, shape.width = (
                    Emu(round(shape.left * ratio)),
                    Emu(round(shape.width * ratio)),
                )
    layouts = {layout.name: layout for layout in master.slide_layouts}
    geometry = {
        LAYOUT_COVER: {0: COVER_TITLE, 1: COVER_SUBTITLE},
        LAYOUT_SECTION: {0: SECTION_TITLE, 1: SECTION_TEXT},
        LAYOUT_LIST: {0: TITLE, 1: BODY},
        LAYOUT_TWO: {0: TITLE, 1: LEFT, 2: RIGHT},
        "Title Only": {0: TITLE},
    }
    for name, boxes in geometry.items():
        for placeholder in layouts[name].placeholders:
            box = boxes.get(placeholder.placeholder_format.idx)
            if box is not None:
                _place(placeholder, box)
                placeholder.text_frame.vertical_anchor = (
                    MSO_ANCHOR.BOTTOM if box.anchor == "b" else MSO_ANCHOR.TOP
                )
                placeholder.text_frame.auto_size = MSO_AUTO_SIZE.NONE
    for placeholder in master.placeholders:
        kind = placeholder.placeholder_format.type
        if kind == PP_PLACEHOLDER.TITLE:
            _place(placeholder, TITLE)
        elif kind == PP_PLACEHOLDER.BODY:
            _place(placeholder, BODY)
    # The section title is not set in capitals: exported text reads as written.
    for properties in layouts[LAYOUT_SECTION]._element.iter(qn("a:defRPr")):
        properties.attrib.pop("cap", None)

    cover = layouts[LAYOUT_COVER]
    _rectangle(cover.shapes._spTree, (0, 0, SLIDE_WIDTH, COVER_BAND), palette.primary, "Band")
    section = layouts[LAYOUT_SECTION]
    section.background.fill.solid()
    section.background.fill.fore_color.rgb = RGBColor.from_string(palette.primary)
    _rectangle(section.shapes._spTree, SECTION_RULE, palette.accent_on_primary, "Rule")
    for name in (LAYOUT_LIST, LAYOUT_TWO, "Title Only"):
        _rectangle(layouts[name].shapes._spTree, TITLE_RULE, palette.primary, "Rule")
    if logo:
        _picture(cover, logo, COVER_LOGO)
        for name in (LAYOUT_LIST, LAYOUT_TWO, "Title Only"):
            _picture(layouts[name], logo, LOGO)
    return layouts


# Slides: writing --------------------------------------------------------------------


def _format(paragraph, para: Para, palette: Palette) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls
    from pptx.util import Pt

    paragraph.alignment = PP_ALIGN.LEFT
    paragraph.line_spacing = 1.0
    paragraph.space_before = Pt(para.space_before)
    paragraph.space_after = Pt(0)
    properties = paragraph._p.get_or_add_pPr()
    if para.bullet:
        properties.set("marL", str(BULLET_MARGIN))
        properties.set("indent", str(-BULLET_MARGIN))
        properties.append(
            parse_xml(f'<a:buClr {nsdecls("a")}><a:srgbClr val="{palette.primary}"/></a:buClr>')
        )
        properties.append(parse_xml(f'<a:buFont {nsdecls("a")} typeface="Arial"/>'))
        properties.append(parse_xml(f'<a:buChar {nsdecls("a")} char="•"/>'))
    else:
        properties.set("marL", "0")
        properties.set("indent", "0")
        properties.append(parse_xml(f"<a:buNone {nsdecls('a')}/>"))
    run = paragraph.add_run()
    run.text = para.text
    run.font.size = Pt(para.size)
    run.font.bold = para.bold
    run.font.color.rgb = RGBColor.from_string(para.colour)
    run._r.get_or_add_rPr().set("lang", "de-DE")


class _Deck:
    def __init__(self, presentation, palette: Palette, layouts: dict):
        self.presentation = presentation
        self.palette = palette
        self.layouts = layouts

    def slide(self, layout: str):
        slide = self.presentation.slides.add_slide(self.layouts[layout])
        return slide, {shape.placeholder_format.idx: shape for shape in slide.placeholders}

    def write(self, shape, box: Box, paragraphs: list[Para]) -> None:
        from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
        from pptx.util import Emu

        _place(shape, box)  # explicit on the slide too: every viewer places it alike
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Emu(INSET_X)
        frame.margin_top = frame.margin_bottom = Emu(INSET_Y)
        frame.vertical_anchor = MSO_ANCHOR.BOTTOM if box.anchor == "b" else MSO_ANCHOR.TOP
        for index, para in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            _format(paragraph, para, self.palette)

    @staticmethod
    def remove(shape) -> None:
        shape._element.getparent().remove(shape._element)

    def title(self, shape, lines: list[str], box: Box = TITLE) -> None:
        """A content slide's title: dates before the heading small, the heading as
        large as fits."""
        *dates, heading = lines

        def make(size):
            return [Para(date, DATE_SIZE, colour=MUTED) for date in dates] + [
                Para(heading, size, bold=True, colour=self.palette.heading)
            ]

        self.write(shape, box, _fit(make, box, TITLE_SIZES))

    def cover(self, title: str, lines: list[str]) -> None:
        slide, placeholders = self.slide(LAYOUT_COVER)
        colour = self.palette.on_primary
        self.write(
            placeholders[0],
            COVER_TITLE,
            _fit(
                lambda size: [Para(title, size, bold=True, colour=colour)],
                COVER_TITLE,
                COVER_TITLE_SIZES,
            ),
        )
        if not lines:
            self.remove(placeholders[1])
            return
        paragraphs = [Para(lines[0], SUBTITLE_SIZE, bold=True, colour=self.palette.heading)]
        paragraphs += [
            Para(line, SUBTITLE_LINE_SIZE, colour=MUTED, space_before=6) for line in lines[1:]
        ]
        self.write(placeholders[1], COVER_SUBTITLE, paragraphs)

    def section(self, heading: str, lines: list[str]) -> None:
        slide, placeholders = self.slide(LAYOUT_SECTION)
        colour = self.palette.on_primary
        self.write(
            placeholders[0],
            SECTION_TITLE,
            _fit(
                lambda size: [Para(heading, size, bold=True, colour=colour)],
                SECTION_TITLE,
                SECTION_TITLE_SIZES,
            ),
        )
        if lines:
            self.write(
                placeholders[1],
                SECTION_TEXT,
                [Para(line, SECTION_TEXT_SIZE, colour=colour, space_before=6) for line in lines],
            )
        else:
            self.remove(placeholders[1])

    def meeting(self, dates: list[str], heading: str, lists: list[list[str]]) -> None:
        """The topics left, the results right; what does not fit goes on, in the same
        column, on slides "… (Fortsetzung)"."""
        topics = lists[0] if lists else []
        results = [text for texts in lists[1:] for text in texts]
        columns = [
            (1, LEFT, _pages(topics, LEFT, COLUMN_SIZE)),
            (2, RIGHT, _pages(results, RIGHT, COLUMN_SIZE)),
        ]
        for number in range(max(len(pages) for _idx, _box, pages in columns)):
            slide, placeholders = self.slide(LAYOUT_TWO)
            self.title(
                placeholders[0], [*dates, heading] if number == 0 else [heading + CONTINUATION]
            )
            for idx, box, pages in columns:
                texts = pages[number] if number < len(pages) else []
                if texts:
                    self.write(placeholders[idx], box, self.items(texts, COLUMN_SIZE))
                else:
                    self.remove(placeholders[idx])

    def items(self, texts: list[str], size: float) -> list[Para]:
        return [Para(text, size, bullet=True, space_before=ITEM_SPACE) for text in texts]

    def listing(self, heading: str, items: list[str]) -> None:
        for number, page in enumerate(_pages(items, BODY, LIST_SIZE)):
            slide, placeholders = self.slide(LAYOUT_LIST)
            self.title(placeholders[0], [heading if number == 0 else heading + CONTINUATION])
            if page:
                self.write(placeholders[1], BODY, self.items(page, LIST_SIZE))
            else:
                self.remove(placeholders[1])

    def table(
        self, heading: str, columns: list[tuple[str, float]], rows: list[list[str]], fills
    ) -> None:
        """A table in the content placeholder, its rows continued on further slides with
        the header repeated; ``fills`` gives a cell's background or None."""
        from pptx.dml.color import RGBColor
        from pptx.enum.text import MSO_ANCHOR
        from pptx.shapes.placeholder import TablePlaceholder
        from pptx.util import Emu

        widths = [round(FRAME.width * share) for _label, share in columns]
        widths[-1] = FRAME.width - sum(widths[:-1])

        def height(cells: list[str], bold: bool) -> int:
            lines = max(
                line_count(text, (width - 2 * CELL_X) / EMU_PER_PT, TABLE_SIZE, bold)
                for text, width in zip(cells, widths, strict=True)
            )
            return math.ceil(lines * TABLE_SIZE * LINE_HEIGHT * EMU_PER_PT + 2 * CELL_Y)

        header = [label for label, _share in columns]
        header_height = height(header, True)
        pages: list[list[int]] = [[]]
        used = header_height
        for index, row in enumerate(rows):
            row_height = height(row, False)
            if pages[-1] and used + row_height > FRAME.height:
                pages.append([])
                used = header_height
            pages[-1].append(index)
            used += row_height
        for number, page in enumerate(pages):
            slide, placeholders = self.slide(LAYOUT_LIST)
            self.title(placeholders[0], [heading if number == 0 else heading + CONTINUATION])
            placeholder = placeholders[1]
            frame = TablePlaceholder(placeholder._element, placeholder._parent).insert_table(
                len(page) + 1, len(columns)
            )
            table = frame.table
            table.first_row, table.horz_banding = True, False
            heights = [header_height] + [height(rows[index], False) for index in page]
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Emu(width)
            for row, row_height in zip(table.rows, heights, strict=True):
                row.height = Emu(row_height)
            frame.left, frame.top = Emu(FRAME.left), Emu(FRAME.top)
            frame.width, frame.height = Emu(FRAME.width), Emu(sum(heights))
            cells = [(header, None, True)] + [(rows[index], index, False) for index in page]
            for row_number, (texts, source, bold) in enumerate(cells):
                for column_number, text in enumerate(texts):
                    cell = table.cell(row_number, column_number)
                    if bold:
                        fill, colour = self.palette.primary, self.palette.on_primary
                    else:
                        fill = fills(source, column_number) or (
                            WHITE if row_number % 2 else "F2F2F2"
                        )
                        colour = TEXT
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor.from_string(fill)
                    cell.margin_left = cell.margin_right = Emu(CELL_X)
                    cell.margin_top = cell.margin_bottom = Emu(CELL_Y)
                    cell.vertical_anchor = MSO_ANCHOR.TOP
                    frame_ = cell.text_frame
                    frame_.word_wrap = True
                    _format(
                        frame_.paragraphs[0],
                        Para(text, TABLE_SIZE, bold=bold, colour=colour),
                        self.palette,
                    )

    def chart(self, heading: str, counts: dict[str, int]) -> None:
        """Measures by status as a native bar chart, editable in PowerPoint and Impress."""
        from pptx.chart.data import CategoryChartData
        from pptx.dml.color import RGBColor
        from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
        from pptx.shapes.placeholder import ChartPlaceholder
        from pptx.util import Pt

        if not counts:
            self.listing(heading, [_("none")])
            return
        slide, placeholders = self.slide(LAYOUT_LIST)
        self.title(placeholders[0], [heading])
        data = CategoryChartData()
        data.categories = list(counts)
        data.add_series(_("measures"), list(counts.values()))
        placeholder = placeholders[1]
        frame = ChartPlaceholder(placeholder._element, placeholder._parent).insert_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, data
        )
        _place(frame, FRAME)
        chart = frame.chart
        chart.has_legend = False
        chart.has_title = False
        chart.font.size = Pt(CHART_SIZE)
        chart.font.color.rgb = RGBColor.from_string(TEXT)
        plot = chart.plots[0]
        plot.gap_width = 60
        plot.has_data_labels = True
        plot.data_labels.font.size = Pt(CHART_SIZE)
        plot.data_labels.number_format = "0"
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        series = plot.series[0]
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(self.palette.primary)
        chart.category_axis.reverse_order = True  # the first status on top
        chart.category_axis.tick_labels.font.size = Pt(CHART_SIZE)
        axis = chart.value_axis
        axis.minimum_scale = 0
        axis.maximum_scale = max(counts.values()) + 1
        axis.major_unit = max(1, math.ceil((max(counts.values()) + 1) / 8))
        axis.has_major_gridlines = True
        axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9D9D9")
        axis.tick_labels.font.size = Pt(CHART_SIZE)
        axis.tick_labels.number_format = "0"
        axis.tick_labels.number_format_is_linked = False


@dataclass
class _Group:
    """A heading with what follows it in the outline: one slide, or more."""

    heading: Block
    dates: list[str]
    paragraphs: list[str]
    lists: list[list[str]]


def _groups(blocks: list[Block]) -> list[_Group]:
    """The outline cut at its headings; a paragraph right before a level-2 heading (the
    meeting's date) belongs to that heading, and each break ends a list."""
    groups: list[_Group] = []
    before: list[str] = []
    open_list = False
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "heading":
            groups.append(_Group(block, before, [], []))
            before, open_list = [], False
        elif block.kind == "paragraph":
            if following is not None and following.kind == "heading" and following.level >= 2:
                before.append(block.text)
            elif groups:
                groups[-1].paragraphs.append(block.text)
        elif block.kind == "item" and groups:
            if not open_list:
                groups[-1].lists.append([])
                open_list = True
            groups[-1].lists[-1].append(block.text)
        elif block.kind == "break":
            if not open_list and groups and groups[-1].heading.level >= 2:
                groups[-1].lists.append([])  # an empty list keeps the next one in its place
            open_list = False
    return groups


# The portfolio's column widths as shares of the slide and of the A4 page.
SLIDE_SHARES = (0.25, 0.15, 0.15, 0.1, 0.35)
WORD_SHARES = (0.235, 0.185, 0.165, 0.085, 0.33)


def portfolio_columns() -> list[tuple[str, float]]:
    """The portfolio's headers with their shares of the slide's width."""
    return list(zip(portfolio_headers(), SLIDE_SHARES, strict=True))


def portfolio_rows(report: ReportData) -> list[list[str]]:
    return [
        [row.measure, row.field_of_action or "–", row.status, row.colour_label, row.reason]
        for row in report.portfolio
    ]


def render_pptx(report: ReportData) -> bytes:
    """The report as a 16:9 presentation: title slide, "Aktueller Status", a slide per
    meeting (topics left, results right), "Nächste Schritte"; the full template adds the
    portfolio, a chart of measures by status, overdue tasks, agreements and deadlines."""
    import pptx

    presentation = pptx.Presentation()
    palette = Palette.of(report)
    deck = _Deck(presentation, palette, _prepare_master(presentation, palette, report.logo_path))
    for number, group in enumerate(_groups(seed_outline(report))):
        heading = group.heading.text
        if number == 0:
            deck.cover(heading, group.paragraphs)
        elif group.heading.level >= 2:
            deck.meeting(group.dates, heading, group.lists)
        elif group.lists:
            deck.listing(heading, [text for texts in group.lists for text in texts])
        else:
            deck.section(heading, group.paragraphs)
    if report.template == "full":
        deck.table(
            _("Measure portfolio"),
            portfolio_columns(),
            portfolio_rows(report),
            lambda row, column: (
                LIGHT_FILLS.get(report.portfolio[row].colour) if column == 3 else None
            ),
        )
        deck.chart(_("Measures by status"), report.status_counts)
        for heading, lines in full_sections(report):
            deck.listing(heading, lines)
    presentation.core_properties.title = report.title
    presentation.core_properties.subject = report.heading
    presentation.core_properties.language = "de-DE"
    output = io.BytesIO()
    presentation.save(output)
    return output.getvalue()


# Word -------------------------------------------------------------------------------


def _shade(cell, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn as word_qn

    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(word_qn("w:val"), "clear")
    shading.set(word_qn("w:color"), "auto")
    shading.set(word_qn("w:fill"), colour)
    properties.append(shading)


def _word_setup(document, report: ReportData, palette: Palette) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.image.exceptions import UnrecognizedImageError
    from docx.oxml.ns import qn as word_qn
    from docx.shared import Cm, Mm
    from docx.shared import Pt as WordPt
    from docx.shared import RGBColor as WordColour

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2)
    defaults = document.styles.element.find(word_qn("w:docDefaults"))
    for language in defaults.iter(word_qn("w:lang")):
        language.set(word_qn("w:val"), "de-DE")
    # The template's body font is Cambria; one sans-serif face throughout reads cleaner.
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = WordPt(11)
    if report.primary_colour:
        colour = WordColour.from_string(palette.heading)
        for name in ("Title", "Subtitle", "Heading 1", "Heading 2"):
            document.styles[name].font.color.rgb = colour
        for border in document.styles["Title"].element.iter(word_qn("w:bottom")):
            border.set(word_qn("w:color"), palette.primary)
    if report.logo_path:
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        try:
            paragraph.add_run().add_picture(report.logo_path, height=Cm(1.5))
        except (OSError, UnrecognizedImageError) as error:  # the report goes on without
            logger.warning("logo %s left out of the document: %s", report.logo_path, error)
    properties = document.core_properties
    properties.title, properties.subject = report.title, report.heading
    properties.author, properties.language = report.cooperation, "de-DE"


def _word_table(document, report: ReportData, palette: Palette) -> None:
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import nsdecls
    from docx.oxml.ns import qn as word_qn
    from docx.shared import Emu
    from docx.shared import Pt as WordPt
    from docx.shared import RGBColor as WordColour

    columns = portfolio_columns()
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on each page
    for cell, (label, _share) in zip(header.cells, columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        run.font.color.rgb = WordColour.from_string(palette.on_primary)
        _shade(cell, palette.primary)
    for row, texts in zip(report.portfolio, portfolio_rows(report), strict=True):
        cells = table.add_row().cells
        for column, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            cell.text = text
            if column == 3 and row.colour in LIGHT_FILLS:
                _shade(cell, LIGHT_FILLS[row.colour])
    # Narrow cell margins and 9 pt keep compound words like "Handlungsfeld" whole on A4.
    margins = parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:left w:w="57" w:type="dxa"/>'
        '<w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
    )
    look = table._tbl.tblPr.find(word_qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        table._tbl.tblPr.append(margins)
    for column, share in zip(table.columns, WORD_SHARES, strict=True):
        column.width = Emu(round(width * share))
        for cell in column.cells:
            cell.width = Emu(round(width * share))
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = WordPt(0)
                for run in paragraph.runs:
                    run.font.size = WordPt(9)


def render_docx(report: ReportData) -> bytes:
    """The report as a Word document: the title as Title, sections and meetings as real
    headings, topics and results as bulleted lists apart by an empty paragraph; the full
    template adds the portfolio as a table and lists for the rest."""
    import docx

    document = docx.Document()
    palette = Palette.of(report)
    _word_setup(document, report, palette)
    blocks = seed_outline(report)
    for index, block in enumerate(blocks):
        if block.kind == "heading" and index == 0:
            document.add_paragraph(block.text, style="Title")
        elif block.kind == "heading":
            document.add_heading(block.text, level=min(max(block.level, 1), 9))
        elif block.kind == "paragraph":
            subtitle = index == 1 and blocks[0].kind == "heading"
            document.add_paragraph(block.text, style="Subtitle" if subtitle else None)
        elif block.kind == "item":
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph()
    if report.template == "full":
        document.add_heading(_("Measure portfolio"), level=1)
        _word_table(document, report, palette)
        document.add_heading(_("Measures by status"), level=2)
        for status, count in report.status_counts.items():
            document.add_paragraph(f"{status}: {count}", style="List Bullet")
        for heading, lines in full_sections(report):
            document.add_heading(heading, level=1)
            for line in lines:
                document.add_paragraph(line, style="List Bullet")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# Reading ----------------------------------------------------------------------------


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
    import docx
    from docx.opc.exceptions import PackageNotFoundError

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
    from pptx.enum.shapes import PP_PLACEHOLDER as KIND

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
    from pptx.enum.shapes import PP_PLACEHOLDER

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


def read_pptx(path: Path, name: str | None = None) -> list[Block]:
    """A presentation as blocks: each slide's title, then its body placeholders; the
    lists of a slide "… (Fortsetzung)" continue those of the slide before (column by
    column), so they read as one list. Text outside placeholders is not read."""
    import pptx
    from pptx.exc import PackageNotFoundError

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
                    pending.parts[position].extend(part)
                continue
        if pending is not None:
            blocks.extend(_slide_blocks(pending))
        pending = text
    if pending is not None:
        blocks.extend(_slide_blocks(pending))
    return blocks

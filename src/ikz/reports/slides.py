"""PowerPoint: the report as a 16:9 presentation.

Slides keep every text in a layout placeholder at a fixed size with autofit off: rather
than letting PowerPoint or Impress shrink text, lists are measured and continue on a
slide "… (Fortsetzung)" when they do not fit. The measure is DejaVu Sans, the widest
of the fonts a viewer puts in for the theme's Calibri (LibreOffice does without Carlito),
with a line height above Calibri's: an estimate on the safe side for PowerPoint and
Impress alike (tests check it against Impress's PDF).

Only ``PptxExporter.write`` imports this module, inside the call, so python-pptx loads
only when slides are written.
"""

import functools
import io
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

import pptx
from django.utils.translation import gettext as _
from PIL import ImageFont
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.shapes.picture import CT_Picture
from pptx.shapes.placeholder import ChartPlaceholder, TablePlaceholder
from pptx.util import Emu, Pt

from ikz.core.palette import LIGHT_FILLS, MUTED, TEXT, WHITE, Palette
from ikz.reports.domain import ReportData
from ikz.reports.outline import (
    CONTINUATION,
    NO_RESULT,
    NO_TOPIC,
    RESULTS_OF_TOPICS,
    TOPICS_OF_RESULTS,
    Block,
    appendix,
    full_parts,
    outline,
    part_lines,
)

logger = logging.getLogger(__name__)

# Measuring text ---------------------------------------------------------------------

# Calibri and Carlito take 1.22 em per line; Impress sets DejaVu Sans at 1.2 em.
LINE_HEIGHT = 1.25
# Room for rounding and kerning differences between PIL and the renderers.
WIDTH_SAFETY = 0.97


@functools.cache
def _font(bold: bool):

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
            word = word[_fitting_prefix(word, width, size, bold) :]
            lines += 1
        current = word
    return lines


def _fitting_prefix(word: str, width: float, size: float, bold: bool) -> int:
    """How many letters of a word too wide for a line fit on one (at least one): a
    binary search, since a long word would take a measure per letter otherwise."""
    low, high = 1, len(word) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(word[:middle], size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return low


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
NOTE_GAP = _inches(0.1)  # between a table and the note under it

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


def _runs(count: int, fits: Callable[[list[int]], bool]) -> list[list[int]]:
    """Positions 0..count-1 cut into runs, each as long as ``fits`` allows but never
    empty (an item too long for any slide gets one to itself); no positions, one empty
    run."""
    runs: list[list[int]] = [[]]
    for position in range(count):
        if runs[-1] and not fits([*runs[-1], position]):
            runs.append([])
        runs[-1].append(position)
    return runs


def _item(text: str, colour: str = TEXT) -> Para:
    return Para(text, COLUMN_SIZE, bullet=True, space_before=ITEM_SPACE, colour=colour)


def _reference(label: str, empty: str, texts: list[str]) -> list[Para]:
    """A column that only points at the other one: a muted label and the related items,
    or one line saying there are none."""
    if not texts:
        return [Para(empty, COLUMN_SIZE, colour=MUTED)]
    return [Para(label, COLUMN_SIZE, colour=MUTED)] + [_item(text, MUTED) for text in texts]


@dataclass
class _MeetingSlide:
    left: list[Para]
    right: list[Para]


def _meeting_slides(
    topics: list[str], results: list[str], answers: list[int | None]
) -> list[_MeetingSlide]:
    """The slides of a meeting: topics left, results right, each column continued on
    slides "… (Fortsetzung)". Once one column's list has ended, that column shows what
    the other column's items on the slide refer to (the topics those results answer, or
    the results that answer those topics) instead of standing empty; the slides are cut
    so that it fits too. ``answers`` gives each result's topic (1-based) or None."""

    def heights(texts: list[str], box: Box) -> list[float]:
        return [text_height([_item(text)], box) for text in texts]

    def fits(sizes: list[float], box: Box) -> Callable[[list[int]], bool]:
        return lambda run: sum(sizes[position] for position in run) <= box.text_height

    topic_sizes, result_sizes = heights(topics, LEFT), heights(results, RIGHT)
    topic_runs = _runs(len(topics), fits(topic_sizes, LEFT))
    result_runs = _runs(len(results), fits(result_sizes, RIGHT))

    def answered(run: list[int]) -> list[str]:
        numbers = {answers[position] for position in run}
        return [text for number, text in enumerate(topics, start=1) if number in numbers]

    def answering(run: list[int]) -> list[str]:
        numbers = {position + 1 for position in run}
        return [text for text, number in zip(results, answers, strict=True) if number in numbers]

    def left_reference(run: list[int]) -> list[Para]:
        return _reference(TOPICS_OF_RESULTS, NO_TOPIC, answered(run))

    def right_reference(run: list[int]) -> list[Para]:
        return _reference(RESULTS_OF_TOPICS, NO_RESULT, answering(run))

    def cut_on(
        runs: list[list[int]],
        kept: int,
        sizes: list[float],
        box: Box,
        reference: Callable[[list[int]], list[Para]],
        other_box: Box,
    ) -> list[list[int]]:
        """``runs`` from slide ``kept`` on cut again so that the reference beside each
        fits the other column as well."""
        start = sum(len(run) for run in runs[:kept])
        own = fits(sizes, box)

        def both(run: list[int]) -> bool:
            shifted = [start + position for position in run]
            return own(shifted) and text_height(reference(shifted), other_box) <= (
                other_box.text_height
            )

        rest = _runs(len(sizes) - start, both)
        return runs[:kept] + [[start + position for position in run] for run in rest]

    if len(topic_runs) < len(result_runs):
        result_runs = cut_on(
            result_runs, len(topic_runs), result_sizes, RIGHT, left_reference, LEFT
        )
    elif len(result_runs) < len(topic_runs):
        topic_runs = cut_on(topic_runs, len(result_runs), topic_sizes, LEFT, right_reference, RIGHT)
    slides = []
    for number in range(max(len(topic_runs), len(result_runs))):
        topic_run = topic_runs[number] if number < len(topic_runs) else None
        result_run = result_runs[number] if number < len(result_runs) else None
        if topic_run is None:
            left = left_reference(result_run)
        else:
            left = [_item(topics[position]) for position in topic_run]
        if result_run is None:
            right = right_reference(topic_run)
        else:
            right = [_item(results[position]) for position in result_run]
        slides.append(_MeetingSlide(left, right))
    return slides


# Slides: the master -----------------------------------------------------------------


def _rectangle(tree, box: tuple[int, int, int, int], colour: str, name: str) -> None:
    """A filled rectangle without text, as decoration on a layout."""

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

    shape.left, shape.top, shape.width, shape.height = (
        Emu(box.left),
        Emu(box.top),
        Emu(box.width),
        Emu(box.height),
    )


def _prepare_master(presentation, palette: Palette, logo: str) -> dict:
    """16:9, the layouts this deck uses laid out for it, their decoration and logo;
    returns the layouts by name."""

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

    def banner_title(self, shape, text: str, box: Box, sizes: tuple) -> None:
        """A title on the primary colour's band, as large as fits."""
        colour = self.palette.on_primary
        self.write(
            shape, box, _fit(lambda size: [Para(text, size, bold=True, colour=colour)], box, sizes)
        )

    def cover(self, title: str, lines: list[str]) -> None:
        slide, placeholders = self.slide(LAYOUT_COVER)
        self.banner_title(placeholders[0], title, COVER_TITLE, COVER_TITLE_SIZES)
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
        self.banner_title(placeholders[0], heading, SECTION_TITLE, SECTION_TITLE_SIZES)
        if lines:
            self.write(
                placeholders[1],
                SECTION_TEXT,
                [Para(line, SECTION_TEXT_SIZE, colour=colour, space_before=6) for line in lines],
            )
        else:
            self.remove(placeholders[1])

    def meeting(
        self, dates: list[str], heading: str, lists: list[list[str]], answers: list[int | None]
    ) -> None:
        """The topics left, the results right; what does not fit goes on, in the same
        column, on slides "… (Fortsetzung)" (see ``_meeting_slides``)."""
        topics = lists[0] if lists else []
        results = [text for texts in lists[1:] for text in texts]
        if len(answers) != len(results):  # not from the report's meeting: no relations
            answers = [None] * len(results)
        for number, columns in enumerate(_meeting_slides(topics, results, answers)):
            slide, placeholders = self.slide(LAYOUT_TWO)
            self.title(
                placeholders[0], [*dates, heading] if number == 0 else [heading + CONTINUATION]
            )
            for idx, box, paragraphs in ((1, LEFT, columns.left), (2, RIGHT, columns.right)):
                if paragraphs:
                    self.write(placeholders[idx], box, paragraphs)
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
        self,
        heading: str,
        columns: list[tuple[str, float]],
        rows: list[list[str]],
        fills,
        note: str = "",
    ) -> None:
        """A table in the content placeholder, its rows continued on further slides with
        the header repeated; ``fills`` gives a cell's background or None. A ``note`` goes
        right under the table, in a second placeholder, on each of its slides: a slide
        is read on its own, like the header it repeats."""

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
        note_paragraphs = [Para(note, TABLE_SIZE, colour=MUTED)] if note else []
        note_height = (
            math.ceil(text_height(note_paragraphs, BODY) * EMU_PER_PT) + 2 * INSET_Y if note else 0
        )
        room = FRAME.height - (note_height + NOTE_GAP if note else 0)
        pages: list[list[int]] = [[]]
        used = header_height
        for index, row in enumerate(rows):
            row_height = height(row, False)
            if pages[-1] and used + row_height > room:
                pages.append([])
                used = header_height
            pages[-1].append(index)
            used += row_height
        for number, page in enumerate(pages):
            slide, placeholders = self.slide(LAYOUT_TWO if note else LAYOUT_LIST)
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
            if note:
                # Its text lines up with the table's left edge, inside the frame's margin.
                top = FRAME.top + sum(heights) + NOTE_GAP - INSET_Y
                box = Box(BODY.left, top, BODY.width, note_height)
                self.write(placeholders[2], box, note_paragraphs)
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


def _write_blocks(deck: "_Deck", report: ReportData, blocks: list[Block], cover: bool) -> None:
    """Blocks as slides: with ``cover`` the first group is the title slide; level-2
    headings are the report's meetings, in the same order."""
    meetings = iter(report.meetings)
    for number, group in enumerate(_groups(blocks)):
        heading = group.heading.text
        if number == 0 and cover:
            deck.cover(heading, group.paragraphs)
        elif group.heading.level >= 2:
            meeting = next(meetings, None)
            answers = [result.topic for result in meeting.results] if meeting else []
            deck.meeting(group.dates, heading, group.lists, answers)
        elif group.lists:
            deck.listing(heading, [text for texts in group.lists for text in texts])
        else:
            deck.section(heading, group.paragraphs)


def _write_part(deck: "_Deck", part) -> None:
    if part.kind == "table" and part.rows:
        deck.table(
            part.heading,
            list(zip(part.headers, part.shares, strict=True)),
            part.rows,
            lambda row, column: LIGHT_FILLS.get(part.fill(row, column)),
            part.note,
        )
    elif part.kind == "chart":
        deck.chart(part.heading, part.counts)
    else:
        deck.listing(part.heading, part_lines(part))


def render_pptx(report: ReportData) -> bytes:
    """The report as a 16:9 presentation: title slide, then the seed's "Aktueller
    Status", a slide per meeting (topics left, results right) and "Nächste Schritte";
    or the full report's parts as tables, lists and a chart, and its appendix."""

    presentation = pptx.Presentation()
    palette = Palette.of(report)
    deck = _Deck(presentation, palette, _prepare_master(presentation, palette, report.logo_path))
    _write_blocks(deck, report, outline(report), cover=True)
    if report.is_full:
        for part in full_parts(report):
            _write_part(deck, part)
        _write_blocks(deck, report, appendix(report), cover=False)
    presentation.core_properties.title = report.title
    presentation.core_properties.subject = report.heading
    presentation.core_properties.language = "de-DE"
    output = io.BytesIO()
    presentation.save(output)
    return output.getvalue()

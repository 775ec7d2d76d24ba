"""Word: the report as an A4 document with real headings, lists and tables.

Only ``DocxExporter.write`` imports this module, inside the call, so python-docx loads
only when a document is written.
"""

import io
import logging

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls
from docx.oxml.ns import qn as word_qn
from docx.shared import Cm, Emu, Mm
from docx.shared import Pt as WordPt
from docx.shared import RGBColor as WordColour

from ikz.core.palette import LIGHT_FILLS, MUTED, Palette
from ikz.reports.domain import ReportData
from ikz.reports.outline import Block, Table, appendix, full_parts, outline, part_lines

logger = logging.getLogger(__name__)


def _shade(cell, colour: str) -> None:

    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(word_qn("w:val"), "clear")
    shading.set(word_qn("w:color"), "auto")
    shading.set(word_qn("w:fill"), colour)
    properties.append(shading)


def _word_setup(document, report: ReportData, palette: Palette) -> None:

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
    # Always the palette's (the cockpit's without the cooperation's): python-docx's own
    # accent blue 4F81BD for Subtitle and Heading 2 stays short of 4.5:1 on white.
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


def _word_table(document, part: Table, palette: Palette) -> None:

    table = document.add_table(rows=1, cols=len(part.headers))
    table.style = "Table Grid"
    table.autofit = False
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on each page
    for cell, label in zip(header.cells, part.headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        run.font.color.rgb = WordColour.from_string(palette.on_primary)
        _shade(cell, palette.primary)
    for row, texts in enumerate(part.rows):
        cells = table.add_row().cells
        for column, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            cell.text = text
            if light := part.fill(row, column):
                _shade(cell, LIGHT_FILLS[light])
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
    for column, share in zip(table.columns, part.shares, strict=True):
        column.width = Emu(round(width * share))
        for cell in column.cells:
            cell.width = Emu(round(width * share))
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = WordPt(0)
                for run in paragraph.runs:
                    run.font.size = WordPt(9)
    if part.note:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = WordPt(4)
        run = paragraph.add_run(part.note)
        run.font.size = WordPt(9)
        run.font.color.rgb = WordColour.from_string(MUTED)


def _word_blocks(document, blocks: list[Block], masthead: bool) -> None:
    for index, block in enumerate(blocks):
        if block.kind == "heading" and index == 0 and masthead:
            document.add_paragraph(block.text, style="Title")
        elif block.kind == "heading":
            document.add_heading(block.text, level=min(max(block.level, 1), 9))
        elif block.kind == "paragraph":
            subtitle = masthead and index == 1 and blocks[0].kind == "heading"
            document.add_paragraph(block.text, style="Subtitle" if subtitle else None)
        elif block.kind == "item":
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph()


def render_docx(report: ReportData) -> bytes:
    """The report as a Word document: the title as Title, sections and meetings as real
    headings, topics and results as bulleted lists apart by an empty paragraph; the full
    report's parts as tables and lists."""

    document = docx.Document()
    palette = Palette.of(report)
    _word_setup(document, report, palette)
    _word_blocks(document, outline(report), masthead=True)
    if report.is_full:
        for part in full_parts(report):
            document.add_heading(part.heading, level=part.level)
            if part.kind == "table" and part.rows:
                _word_table(document, part, palette)
                continue
            for line in part_lines(part):
                document.add_paragraph(line, style="List Bullet")
        _word_blocks(document, appendix(report), masthead=False)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()

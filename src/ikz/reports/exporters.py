"""One contract and one registry for every report format; the UI, the CLI and the API
list and call ``EXPORTERS``. Heavy libraries are imported inside ``write`` so that
starting the cockpit does not load them."""

import base64
import mimetypes
import re
from abc import ABC, abstractmethod
from pathlib import Path
from typing import final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ikz.core.palette import Palette, report_colours
from ikz.core.printing import print_pdf, static_text
from ikz.reports.domain import ReportData
from ikz.reports.outline import (
    CURRENT_STATUS,
    MAX_TEXT,
    Block,
    appendix,
    full_parts,
    outline,
    part_lines,
    shorten,
    shortened,
)


class Exporter(ABC):
    identifier: str
    verbose_name: str
    content_type: str
    extension: str

    @final
    def render(self, report: ReportData) -> bytes:
        """The report in this format. Reports are German documents: whatever language
        the request or the shell asks for, every heading and label is written in the
        installation's language (settings.LANGUAGE_CODE), like the data it shows.

        Every format writes the report with its texts cut to ``outline.MAX_TEXT``
        (``outline.shortened``): the work of rendering is bounded, whatever was stored."""
        with translation.override(settings.LANGUAGE_CODE):
            return self.write(shortened(report))

    @abstractmethod
    def write(self, report: ReportData) -> bytes:
        """The report in this format, in the active language; call ``render``."""


EXPORTERS: dict[str, Exporter] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    EXPORTERS[cls.identifier] = cls()
    return cls


def get_exporter(identifier: str) -> Exporter:
    try:
        return EXPORTERS[identifier]
    except KeyError:
        raise ValidationError(
            _("Unknown format “%(format)s”; available: %(formats)s.")
            % {"format": identifier, "formats": ", ".join(EXPORTERS)}
        ) from None


@register
class MarkdownExporter(Exporter):
    identifier = "md"
    verbose_name = gettext_lazy("Markdown")
    content_type = "text/markdown; charset=utf-8"
    extension = "md"

    def write(self, report: ReportData) -> bytes:
        lines = markdown_blocks(outline(report))
        if report.is_full:
            lines += full_markdown(report)
            lines += ["", *markdown_blocks(appendix(report))]
        return ("\n".join(lines).rstrip() + "\n").encode()


def markdown_blocks(blocks: list[Block]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            lines += [markdown_line("#" * block.level + " ", block.text, heading_text), ""]
        elif block.kind == "paragraph":
            lines += [markdown_line("", block.text, block_text), ""]
        elif block.kind == "item":
            lines.append(markdown_line("- ", block.text, block_text))
        elif lines and lines[-1] != "":
            lines.append("")
    return lines


# Markdown is read by viewers that render HTML in it, by tools that know no Markdown,
# and by the importer. User text is written so that a viewer shows it as the text it
# is: one line; < and > as the entities &lt; and &gt;, so that no tag (<script>) stands
# in the file even behind a backslash; a backslash before what would be an entity or a
# link (&, [, and the backslash itself); and before the marker that would open a block
# at the start of a line (a heading, a list item, a rule, a code fence) or close a
# heading at its end (an entity opens no block: &gt; is no quote). Per CommonMark, a
# backslash before ASCII punctuation stands for that character and &lt; for <; reading
# it back, the importer has to take them so (``outline.markdown_unescape``).
MARKUP_ESCAPES = {"\\": "\\\\", "&": "\\&", "[": "\\[", "<": "&lt;", ">": "&gt;"}
INLINE_ESCAPES = str.maketrans(MARKUP_ESCAPES)
# In a table cell also "|", which would end the cell.
CELL_ESCAPES = str.maketrans({**MARKUP_ESCAPES, "|": "\\|"})
ORDERED_MARKER = re.compile(r"^\d{1,9}[.)](?=[ \t]|$)")


def inline_text(text: str, escapes: dict = INLINE_ESCAPES) -> str:
    """Text within a line, on one line and with what would be markup escaped."""
    return " ".join(text.splitlines()).strip().translate(escapes)


def _thematic_break(text: str) -> bool:
    """Whether the line is a rule: three or more of one of -, *, _ and spaces only."""
    marks = text.replace(" ", "").replace("\t", "")
    return len(marks) >= 3 and marks == marks[0] * len(marks)


def block_text(text: str) -> str:
    """Text at the start of a line (a paragraph, a list item's content), so that it
    opens no block of its own: "# …", "- …", "1. …", "---", "```"."""
    text = inline_text(text)
    first, second = text[:1], text[1:2]
    hashes = len(text) - len(text.lstrip("#"))
    if (
        (first in ("-", "+", "*") and second in ("", " ", "\t"))
        or (first in ("-", "*", "_") and _thematic_break(text))
        or (first == "#" and hashes <= 6 and text[hashes : hashes + 1] in ("", " ", "\t"))
        or (first in ("`", "~") and text.startswith(first * 3))
    ):
        return "\\" + text
    if match := ORDERED_MARKER.match(text):
        return f"{text[: match.end() - 1]}\\{text[match.end() - 1 :]}"
    return text


def heading_text(text: str) -> str:
    """A heading's text, whose trailing "#"s would close it (and vanish)."""
    text = inline_text(text)
    hashes = len(text) - len(text.rstrip("#"))
    if hashes and (hashes == len(text) or text[-hashes - 1] in (" ", "\t")):
        return f"{text[:-hashes]}\\{text[-hashes:]}"
    return text


def cell_text(text: str) -> str:
    """A table cell's text: also "|", which would end the cell."""
    return inline_text(text, CELL_ESCAPES)


def markdown_line(prefix: str, text: str, escape) -> str:
    """``prefix`` and the escaped text, the text cut further when escapes would make
    the line longer than the longest the importer reads (MAX_TEXT), so that an
    exported report can be imported again."""
    line = prefix + escape(text)
    keep = len(text)
    while len(line) > MAX_TEXT and keep > 1:
        keep = max(keep - (len(line) - MAX_TEXT), 1)
        line = prefix + escape(shorten(text, keep))
    return line


def full_markdown(report: ReportData) -> list[str]:
    """The full report's parts after its masthead."""
    lines: list[str] = []
    for part in full_parts(report):
        lines += ["", f"{'#' * part.level} {heading_text(part.heading)}", ""]
        if part.kind == "table" and part.rows:
            lines += [
                "| " + " | ".join(map(cell_text, part.headers)) + " |",
                "|" + "---|" * len(part.headers),
            ]
            lines += ["| " + " | ".join(map(cell_text, cells)) + " |" for cells in part.rows]
            if part.note:
                lines += ["", block_text(part.note)]
        else:
            lines += [markdown_line("- ", item, block_text) for item in part_lines(part)]
    return lines


# HTML and PDF ----------------------------------------------------------------------
# Both render the template reports/report.html; the PDF prints it (core.printing). The document
# is standalone: its CSS is inlined and the logo is a data: URI, so opening it (or
# rendering it) makes no request anywhere.

REPORT_CSS = "reports/report.css"
# Geometry of the status bar chart, in SVG user units (px).
CHART_LABEL_WIDTH = 190
CHART_BAR_MAX = 260
CHART_ROW = 24
CHART_BAR_HEIGHT = 16
CHART_WIDTH = CHART_LABEL_WIDTH + CHART_BAR_MAX + 40


def logo_data_uri(path: str) -> str:
    """The logo as a data: URI; empty when there is none or its file cannot be read (a
    lost logo file should not stop the report)."""
    if not path:
        return ""
    mime = mimetypes.guess_type(path)[0] or ""
    if not mime.startswith("image/"):
        return ""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def outline_elements(blocks: list[Block], masthead: bool = True) -> list[dict]:
    """Blocks as HTML elements: a heading or paragraph each, the items between two
    breaks one list; ``masthead``: the first three open the report. Classes only style;
    they add no text."""
    elements: list[dict] = []
    items: list[str] | None = None
    in_meeting = False
    list_index = 0
    for block in blocks:
        if block.kind == "item":
            if items is None:
                items = []
                css_class = "steps"
                if in_meeting:
                    css_class = "topics" if list_index == 0 else "results"
                elements.append({"tag": "ul", "items": items, "css_class": css_class})
            items.append(block.text)
            continue
        items = None
        if block.kind == "break":
            list_index += 1
        elif block.kind == "heading":
            in_meeting, list_index = block.level > 1, 0
            tag = f"h{min(max(block.level, 1), 6)}"
            elements.append({"tag": tag, "text": block.text, "css_class": ""})
        else:
            elements.append({"tag": "p", "text": block.text, "css_class": ""})
    for before, after in zip(elements, elements[1:], strict=False):
        if before["tag"] == "p" and after["tag"] == "h2":
            before["css_class"] = "meeting-date"
        elif before.get("text") == CURRENT_STATUS and after["tag"] == "p":
            # "Projektstatus im Monat …"; an introduction's paragraph reads as text.
            after["css_class"] = "period"
    if masthead:
        # Title, "Statusbericht …" and the date open every report (outline.masthead).
        for element, css_class in zip(elements, ("title", "subtitle", "report-date"), strict=False):
            element["css_class"] = css_class
    return elements


def status_chart(counts: dict[str, int]) -> dict:
    """Bars for the measures by status, longest first as ``counts`` comes; integers only,
    so no locale puts a decimal comma into the SVG."""
    top = max(counts.values(), default=0)
    bars = []
    for index, (label, count) in enumerate(counts.items()):
        width = max(round(CHART_BAR_MAX * count / top), 2) if top else 0
        bars.append(
            {
                "label": label,
                "count": count,
                "y": index * CHART_ROW + (CHART_ROW - CHART_BAR_HEIGHT) // 2,
                "width": width,
                "text_y": index * CHART_ROW + CHART_ROW // 2 + 4,
                "count_x": CHART_LABEL_WIDTH + width + 6,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": len(bars) * CHART_ROW,
        "label_width": CHART_LABEL_WIDTH,
        "label_x": CHART_LABEL_WIDTH - 8,
        "bar_height": CHART_BAR_HEIGHT,
    }


def html_part(part) -> dict:
    """A part of the full report as the template lays it out: a table's cells with the
    light each shows as a dot, a chart's bars."""
    if part.kind == "table":
        return {
            "kind": "table",
            "heading": part.heading,
            "level": part.level,
            "note": part.note,
            "headers": [
                {"text": header, "width": round(share * 100)}
                for header, share in zip(part.headers, part.shares, strict=True)
            ],
            "rows": [
                [
                    {"text": text, "light": part.fill(row, column)}
                    for column, text in enumerate(cells)
                ]
                for row, cells in enumerate(part.rows)
            ],
        }
    if part.kind == "chart":
        return {
            "kind": "chart",
            "heading": part.heading,
            "level": part.level,
            "chart": status_chart(part.counts),
        }
    return {"kind": "listing", "heading": part.heading, "level": part.level, "items": part.items}


def report_html(report: ReportData) -> str:
    """The report as one standalone HTML document (template reports/report.html)."""
    primary, secondary = report_colours(report)
    elements = outline_elements(outline(report))
    context = {
        "report": report,
        "language": get_language() or "de",
        "css": static_text(REPORT_CSS),
        "primary": primary,
        "secondary": secondary,
        # Text takes these, never the raw colours: they reach AA on their backgrounds.
        "text_colours": Palette.of(report).css_variables(),
        "logo": logo_data_uri(report.logo_path),
        "masthead": elements[:3],
        "elements": elements[3:],
        "parts": [html_part(part) for part in full_parts(report)] if report.is_full else [],
        "appendix": outline_elements(appendix(report), masthead=False),
    }
    return render_to_string("reports/report.html", context)


@register
class HtmlExporter(Exporter):
    identifier = "html"
    verbose_name = gettext_lazy("HTML")
    content_type = "text/html; charset=utf-8"
    extension = "html"

    def write(self, report: ReportData) -> bytes:
        return report_html(report).encode()


@register
class PdfExporter(Exporter):
    """Tagged PDF/A-3a for the archive, A4, fonts embedded, "Seite N von M" in the footer."""

    identifier = "pdf"
    verbose_name = gettext_lazy("PDF")
    content_type = "application/pdf"
    extension = "pdf"

    def write(self, report: ReportData) -> bytes:
        return print_pdf(report_html(report))


@register
class DocxExporter(Exporter):
    """Word: Title and Heading styles, "List Bullet" lists; see ``word.render_docx``."""

    identifier = "docx"
    verbose_name = gettext_lazy("Word (DOCX)")
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extension = "docx"

    def write(self, report: ReportData) -> bytes:
        from ikz.reports.word import render_docx  # noqa: PLC0415 heavy library: python-docx

        return render_docx(report)


@register
class PptxExporter(Exporter):
    """PowerPoint 16:9, every text in a placeholder, long lists continued on slides
    "… (Fortsetzung)"; see ``slides.render_pptx``."""

    identifier = "pptx"
    verbose_name = gettext_lazy("PowerPoint (PPTX)")
    content_type = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    extension = "pptx"

    def write(self, report: ReportData) -> bytes:
        from ikz.reports.slides import render_pptx  # noqa: PLC0415 heavy library: python-pptx

        return render_pptx(report)

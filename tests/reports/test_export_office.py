"""Word and PowerPoint exports of the status report (the seed, src/ikz/sample/demo_data/)
and reading them back: every seed line in its place, real headings, lists and
placeholders, slides whose text fits, and a round trip into an empty database."""

import dataclasses
import datetime
import io
import math
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pptx
import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from docx.oxml.ns import qn
from PIL import Image, ImageFont
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import MSO_AUTO_SIZE
from pypdf import PdfReader

from ikz.core.models import Cooperation
from ikz.core.palette import Palette, _contrast
from ikz.measures.models import Task
from ikz.meetings.models import Meeting
from ikz.reports.domain import ReportData, build_report
from ikz.reports.exporters import EXPORTERS
from ikz.reports.outline import CONTINUATION, CROSS_REFERENCES, TOPICS_OF_RESULTS
from ikz.reports.parsing import parse_blocks
from ikz.reports.readers import ReportImportError, read_file
from ikz.reports.storing import import_report
from ikz.sample.demo import DEMO_REPORT

pytestmark = pytest.mark.django_db

SEED = DEMO_REPORT
GREEN_NOTE = (
    "Grün: im Plan – keine Aufgabe überfällig, keine Entscheidung über ihren Termin hinaus offen."
)
EMU_PER_PT = 12700
SOFFICE = shutil.which("soffice")
LONG_STEPS = [
    f"Schritt {number}: Abstimmung der Zweckvereinbarung zum Personal Sharing mit allen "
    "sieben Kommunen, Beschlussvorlage für die Gemeinderäte und Anzeige bei der "
    "Rechtsaufsicht im Landratsamt Leipzig"
    for number in range(1, 41)
]


@dataclasses.dataclass
class SeedLine:
    kind: str  # heading1, heading2, paragraph, item
    text: str
    heading: str  # the heading it stands under
    list_number: int  # for items: 1 topics, 2 results, 3 next steps


def read_seed() -> list[SeedLine]:
    """Every non-empty seed line; the Markdown hard break joins "Statusbericht
    April/Mai" and "2020", and "# ", "## ", "- " are stripped."""
    text = SEED.read_text(encoding="utf-8").replace("  \n", " ")
    lines: list[SeedLine] = []
    heading, list_number, in_list = "", 0, False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            in_list = False
            continue
        if line.startswith("#"):
            marks = len(line) - len(line.lstrip("#"))
            heading = line[marks:].strip()
            lines.append(SeedLine(f"heading{marks}", heading, heading, 0))
        elif line.startswith("- "):
            if not in_list:
                list_number, in_list = list_number + 1, True
            lines.append(SeedLine("item", line[2:], heading, list_number))
        else:
            lines.append(SeedLine("paragraph", line, heading, 0))
    return lines


SEED_LINES = read_seed()


def stored_texts() -> dict:
    """What an import stored, as texts in order."""
    held = Meeting.objects.filter(state=Meeting.State.HELD).order_by("date", "pk")
    planned = Meeting.objects.exclude(state=Meeting.State.HELD).order_by("date", "pk")
    return {
        "cooperations": list(Cooperation.objects.values_list("name", "report_title")),
        "meetings": [
            (
                meeting.date,
                meeting.heading,
                [item.title for item in meeting.agenda_items.order_by("order")],
                [outcome.text for outcome in meeting.outcomes.order_by("order")],
            )
            for meeting in held
        ],
        "planned": [(meeting.date, meeting.heading, meeting.announcement) for meeting in planned],
        "tasks": list(Task.objects.order_by("order").values_list("title", flat=True)),
    }


@dataclasses.dataclass
class Seeded:
    report: ReportData
    full: ReportData
    texts: dict


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Seeded:
    """The seed imported, its April/May 2020 report built, and everything rolled back:
    tests get the report (plain data) and what the import stored, over an empty database."""
    with django_db_blocker.unblock(), translation.override("de"), transaction.atomic():
        cooperation = import_report(blocks=read_file(SEED)).cooperation
        period = {
            "cooperation": cooperation,
            "period_start": datetime.date(2020, 4, 1),
            "period_end": datetime.date(2020, 5, 31),
            "report_date": datetime.date(2020, 5, 25),
        }
        seeded = Seeded(
            build_report(**period), build_report(**period, template="full"), stored_texts()
        )
        transaction.set_rollback(True)
    return seeded


def render(identifier: str, report: ReportData) -> bytes:
    return EXPORTERS[identifier].render(report)


def long_report(report: ReportData) -> ReportData:
    return dataclasses.replace(report, next_steps=LONG_STEPS)


# Word ------------------------------------------------------------------------------


def word_kind(paragraph) -> str:
    name = paragraph.style.name
    if name in ("Title", "Heading 1"):
        return "heading1"
    if name == "Heading 2":
        return "heading2"
    if name.startswith("List"):
        return "item"
    return "paragraph"


def test_docx_seed_every_line_in_order_with_heading_and_list_styles(seeded):
    document = docx.Document(io.BytesIO(render("docx", seeded.report)))

    lines = [(word_kind(p), p.text) for p in document.paragraphs if p.text.strip()]

    assert lines == [(line.kind, line.text) for line in SEED_LINES]
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles[SEED_LINES[0].text] == "Title"
    assert styles["Aktueller Status"] == "Heading 1"
    assert styles["7. Projektleitungsgruppe in Naunhof"] == "Heading 2"
    assert styles["Nächste Schritte"] == "Heading 1"
    items = [line.text for line in SEED_LINES if line.kind == "item"]
    assert {styles[text] for text in items} == {"List Bullet"}


def test_docx_seed_topics_and_results_apart_by_one_empty_paragraph(seeded):
    document = docx.Document(io.BytesIO(render("docx", seeded.report)))
    texts = [paragraph.text for paragraph in document.paragraphs]
    topics = [line.text for line in SEED_LINES if line.list_number == 1]
    results = [line.text for line in SEED_LINES if line.list_number == 2]

    last_topic = texts.index(topics[-1])

    assert texts[last_topic + 1 : last_topic + 3] == ["", results[0]]


# The full report's parts, as the seed's data fills them (no task is overdue).
FULL_HEADINGS = [
    "Überblick: Ampel je Handlungsfeld",
    "Im Berichtszeitraum",
    "Anstehende Entscheidungen",
    "Statusänderungen im Zeitraum",
    "Ergebnisse nach Maßnahme",
    "Nächste Schritte",
    "Überfällige Aufgaben",
    "Maßnahmenportfolio",
    "Maßnahmen nach Status",
    "Zweckvereinbarungen in Arbeit",
    "Förderfristen",
]


def test_docx_full_summarises_in_parts_with_the_portfolio_table(seeded):
    document = docx.Document(io.BytesIO(render("docx", seeded.full)))

    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    portfolio_header = [
        gettext("Measure"),
        gettext("Field of action"),
        gettext("Status"),
        gettext("Traffic light"),
        gettext("Why"),
    ]
    table = next(
        t for t in document.tables if [c.text for c in t.rows[0].cells] == portfolio_header
    )

    assert headings == [
        ("Heading 2" if heading == "Maßnahmen nach Status" else "Heading 1", heading)
        for heading in FULL_HEADINGS
    ]
    assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == [
        [row.measure, row.field_of_action or "–", row.status, "grün", "–"]
        for row in seeded.full.portfolio
    ]
    # Every measure is on track: the note under the table says so, once.
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    after_table = paragraphs[paragraphs.index(gettext("Measure portfolio")) + 1]
    assert after_table == GREEN_NOTE


def make_logo(path: Path) -> Path:
    Image.new("RGB", (240, 80), "#2E6B30").save(path)
    return path


def test_docx_cooperation_colour_on_headings_and_logo_in_header(seeded, tmp_path):
    report = dataclasses.replace(
        seeded.report, primary_colour="#2E6B30", logo_path=str(make_logo(tmp_path / "logo.png"))
    )

    document = docx.Document(io.BytesIO(render("docx", report)))

    colours = {name: str(document.styles[name].font.color.rgb) for name in ("Title", "Heading 1")}
    assert colours == {"Title": "2E6B30", "Heading 1": "2E6B30"}
    assert len(document.part.package.image_parts) == 1
    assert "graphic" in document.sections[0].header.paragraphs[0]._p.xml


# PowerPoint ------------------------------------------------------------------------


def title_lines(slide) -> list[str]:
    return [p.text for p in slide.shapes.title.text_frame.paragraphs if p.text.strip()]


def bodies(slide) -> dict[int, list[str]]:
    """Body placeholders' lines by placeholder index."""
    return {
        shape.placeholder_format.idx: [p.text for p in shape.text_frame.paragraphs if p.text]
        for shape in slide.placeholders
        if shape.has_text_frame and shape.placeholder_format.idx != 0
    }


def slide_lines(presentation) -> list[tuple[str, str, int]]:
    """(text, the slide's heading, placeholder index) of every line, slide by slide;
    continuation headings left out, and the columns of a continued meeting that only
    refer to the other column (they open with one of CROSS_REFERENCES)."""
    lines = []
    for slide in presentation.slides:
        titles = title_lines(slide)
        heading = titles[-1].removesuffix(CONTINUATION)
        lines += [(text, heading, 0) for text in titles if not text.endswith(CONTINUATION)]
        for idx, texts in sorted(bodies(slide).items()):
            if texts and texts[0] in CROSS_REFERENCES:
                continue
            lines += [(text, heading, idx) for text in texts]
    return lines


def open_pptx(data: bytes):
    return pptx.Presentation(io.BytesIO(data))


def test_pptx_seed_every_line_in_order_under_its_heading(seeded):
    presentation = open_pptx(render("pptx", seeded.report))

    lines = slide_lines(presentation)

    assert [text for text, _heading, _idx in lines] == [line.text for line in SEED_LINES]
    items = [(line.text, line.heading) for line in SEED_LINES if line.kind == "item"]
    placed = {text: heading for text, heading, idx in lines if idx}
    assert [(text, placed[text]) for text, _heading in items] == items
    columns = {text: idx for text, _heading, idx in lines}
    assert {columns[line.text] for line in SEED_LINES if line.list_number == 1} == {1}
    assert {columns[line.text] for line in SEED_LINES if line.list_number == 2} == {2}
    assert {columns[line.text] for line in SEED_LINES if line.list_number == 3} == {1}


def test_pptx_seed_slides_layouts_and_title_slide(seeded):
    report = seeded.report
    presentation = open_pptx(render("pptx", report))
    slides = list(presentation.slides)

    assert presentation.slide_width * 9 == presentation.slide_height * 16
    assert [slide.slide_layout.name for slide in slides] == [
        "Title Slide",
        "Section Header",
        "Two Content",
        "Two Content",
        "Title and Content",
    ]
    assert title_lines(slides[0]) == [report.title]
    assert bodies(slides[0]) == {1: ["Statusbericht April/Mai 2020", "25.05.2020"]}
    assert title_lines(slides[1]) == ["Aktueller Status"]
    assert bodies(slides[1]) == {1: ["Projektstatus im Monat April/Mai 2020"]}
    assert [title_lines(slide) for slide in slides[2:]] == [
        ["11.05.2020", "7. Projektleitungsgruppe in Naunhof"],
        ["7. Projektleitungsgruppe in Naunhof (Fortsetzung)"],
        ["Nächste Schritte"],
    ]


def test_pptx_seed_one_slide_per_meeting_date_smaller_than_heading(seeded):
    presentation = open_pptx(render("pptx", seeded.report))
    meeting_slides = [
        slide
        for slide in presentation.slides
        if title_lines(slide)[-1] == "7. Projektleitungsgruppe in Naunhof"
    ]

    assert len(meeting_slides) == len(seeded.report.meetings) == 1
    date, heading = meeting_slides[0].shapes.title.text_frame.paragraphs
    assert date.runs[0].font.size < heading.runs[0].font.size


def text_frames(presentation):
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield slide, shape, shape.text_frame
            if shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        yield slide, shape, cell.text_frame


@pytest.mark.parametrize("template", ["seed", "full"])
def test_pptx_text_only_in_placeholders_at_fixed_legible_size(seeded, template):
    report = seeded.report if template == "seed" else seeded.full
    presentation = open_pptx(render("pptx", report))

    shapes = [shape for slide in presentation.slides for shape in slide.shapes]
    runs = [
        run
        for _slide, _shape, frame in text_frames(presentation)
        for p in frame.paragraphs
        for run in p.runs
    ]
    frames = [frame for _slide, shape, frame in text_frames(presentation) if not shape.has_table]

    assert all(shape.is_placeholder for shape in shapes)
    assert min(run.font.size.pt for run in runs) >= 14
    assert {frame.auto_size for frame in frames} == {MSO_AUTO_SIZE.NONE}
    assert {frame.word_wrap for frame in frames} == {True}


FONTS = {
    bold: ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", 100)
    for bold in (False, True)
}


def wrapped_lines(text: str, width: float, size: float, bold: bool) -> int:
    """Lines of ``text`` wrapped at spaces into ``width`` points, in DejaVu Sans."""

    def fits(candidate: str) -> bool:
        return FONTS[bold].getlength(candidate) * size / 100 <= width

    lines, current = 1, ""
    for word in text.split():
        if fits(f"{current} {word}".strip()):
            current = f"{current} {word}".strip()
        else:
            lines += 1 if current else 0
            current = word
            while not fits(current) and len(current) > 1:
                cut = next(n for n in range(len(current), 0, -1) if fits(current[:n]) or n == 1)
                current, lines = current[cut:], lines + 1
    return lines


def estimated_height(shape) -> float:
    """Points the text of a placeholder takes as Impress sets it: DejaVu Sans (which it
    takes for Calibri here) at 1.2 em per line, plus the space before paragraphs."""
    frame = shape.text_frame
    width = (shape.width - frame.margin_left - frame.margin_right) / EMU_PER_PT
    height = 0.0
    for paragraph in frame.paragraphs:
        size = max(run.font.size.pt for run in paragraph.runs)
        bold = any(run.font.bold for run in paragraph.runs)
        indent = int(paragraph._p.pPr.get("marL", "0")) / EMU_PER_PT
        space = paragraph.space_before.pt if paragraph.space_before is not None else 0
        height += space + wrapped_lines(paragraph.text, width - indent, size, bold) * size * 1.2
    return height


def available_height(shape) -> float:
    frame = shape.text_frame
    return (shape.height - frame.margin_top - frame.margin_bottom) / EMU_PER_PT


def test_pptx_forty_long_next_steps_continue_on_slides_that_fit(seeded, tmp_path):
    data = render("pptx", long_report(seeded.report))
    presentation = open_pptx(data)
    path = tmp_path / "lang.pptx"
    path.write_bytes(data)

    step_slides = [
        slide
        for slide in presentation.slides
        if title_lines(slide)[0].startswith("Nächste Schritte")
    ]
    titles = [title_lines(slide) for slide in step_slides]
    steps = [text for slide in step_slides for text in bodies(slide)[1]]
    fits = [
        (number, shape.name, round(estimated_height(shape)), round(available_height(shape)))
        for number, slide in enumerate(presentation.slides, start=1)
        for shape in slide.placeholders
        if shape.has_text_frame
    ]

    assert len(step_slides) >= 4
    assert titles == [["Nächste Schritte"]] + [["Nächste Schritte (Fortsetzung)"]] * (
        len(step_slides) - 1
    )
    assert steps == LONG_STEPS
    assert [fit for fit in fits if fit[2] > fit[3]] == []
    assert [step.text for step in parse_blocks(read_file(path)).next_steps] == LONG_STEPS


def test_pptx_full_summarises_in_parts_with_the_portfolio_and_a_chart(seeded):
    report = seeded.full
    presentation = open_pptx(render("pptx", report))
    slides = list(presentation.slides)
    headings = [title_lines(slide)[-1].removesuffix(CONTINUATION) for slide in slides]
    tables = [
        shape.table
        for slide, heading in zip(slides, headings, strict=True)
        for shape in slide.shapes
        if shape.has_table and heading == gettext("Measure portfolio")
    ]
    charts = [shape.chart for slide in slides for shape in slide.shapes if shape.has_chart]

    after_cover = headings[1:]
    # A part continued on further slides counts once.
    sections = [h for i, h in enumerate(after_cover) if i == 0 or h != after_cover[i - 1]]
    assert sections == FULL_HEADINGS
    assert after_cover.count(gettext("Measure portfolio")) == len(tables)
    assert [
        [cell.text for cell in row.cells] for table in tables for row in list(table.rows)[1:]
    ] == [
        [row.measure, row.field_of_action or "–", row.status, "grün", "–"]
        for row in report.portfolio
    ]
    # Every measure is on track: each slide of the table says so under it, once.
    notes = [
        list(bodies(slide).values())
        for slide, heading in zip(slides, headings, strict=True)
        if heading == gettext("Measure portfolio")
    ]
    assert notes == [[[GREEN_NOTE]]] * len(tables)
    assert {tuple(cell.text for cell in table.rows[0].cells) for table in tables} == {
        (
            gettext("Measure"),
            gettext("Field of action"),
            gettext("Status"),
            gettext("Traffic light"),
            gettext("Why"),
        )
    }
    assert len(charts) == 1
    assert charts[0].chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(charts[0].plots[0].categories) == list(report.status_counts)
    assert list(charts[0].plots[0].series[0].values) == list(report.status_counts.values())
    assert bodies(slides[-1]) == {1: [gettext("none")]}


def test_pptx_cooperation_colours_and_logo(seeded, tmp_path):
    report = dataclasses.replace(
        seeded.report,
        primary_colour="#2E6B30",
        secondary_colour="#E9F2E4",
        logo_path=str(make_logo(tmp_path / "logo.png")),
    )

    presentation = open_pptx(render("pptx", report))

    layouts = {layout.name: layout for layout in presentation.slide_layouts}
    pictures = {
        name: [
            shape.name
            for shape in layouts[name].shapes
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
        ]
        for name in ("Title Slide", "Title and Content", "Two Content")
    }
    heading = list(presentation.slides)[2].shapes.title.text_frame.paragraphs[1].runs[0]
    assert pictures == {name: ["Logo"] for name in pictures}
    assert str(heading.font.color.rgb) == "2E6B30"
    assert str(layouts["Section Header"].background.fill.fore_color.rgb) == "2E6B30"


def test_office_logo_that_is_no_image_is_left_out(seeded, tmp_path):
    broken = tmp_path / "logo.png"
    broken.write_text("kein Bild")
    report = dataclasses.replace(seeded.report, logo_path=str(broken))

    document = docx.Document(io.BytesIO(render("docx", report)))
    presentation = open_pptx(render("pptx", report))

    assert len(document.part.package.image_parts) == 0
    assert [
        shape.name
        for layout in presentation.slide_layouts
        for shape in layout.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ] == []


def test_office_render_seed_far_under_two_seconds(seeded):
    timings = {}
    for identifier in ("docx", "pptx"):
        start = time.perf_counter()
        render(identifier, seeded.report)
        timings[identifier] = time.perf_counter() - start

    assert max(timings.values()) < 2, timings


# Reading back ----------------------------------------------------------------------


@pytest.mark.parametrize("identifier", ["docx", "pptx"])
def test_office_round_trip_into_empty_database_matches_seed_import(seeded, tmp_path, identifier):
    path = tmp_path / f"statusbericht.{identifier}"
    path.write_bytes(render(identifier, seeded.report))
    assert stored_texts() == {"cooperations": [], "meetings": [], "planned": [], "tasks": []}

    import_report(blocks=read_file(path))

    assert stored_texts() == seeded.texts


def texts_of(parsed_items) -> list[str]:
    """The texts of parsed topics or results, as the file wrote them."""
    return [item.text for item in parsed_items]


def seed_lists() -> tuple[list[str], list[str], list[str]]:
    return tuple(
        [line.text for line in SEED_LINES if line.list_number == number] for number in (1, 2, 3)
    )


def test_docx_hand_made_with_heading_styles_and_numbering_is_read(tmp_path):
    topics, results, steps = seed_lists()
    document = docx.Document()
    document.add_heading(SEED_LINES[0].text, level=1)
    for text in ("Statusbericht April/Mai 2020", "25.05.2020"):
        document.add_paragraph(text)
    document.add_heading("Aktueller Status", level=1)
    document.add_paragraph("Projektstatus im Monat April/Mai 2020")
    document.add_paragraph("11.05.2020")
    document.add_heading("7. Projektleitungsgruppe in Naunhof", level=2)
    for text in topics:
        document.add_paragraph(text, style="List Number")
    document.add_paragraph()
    for text in results:  # numbered by hand, as Word does for a pasted list
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 1
    document.add_paragraph()
    document.add_heading("Nächste Schritte", level=1)
    for text in steps:
        document.add_paragraph(text, style="List Paragraph")
    path = tmp_path / "handgemacht.docx"
    document.save(path)

    parsed = parse_blocks(read_file(path))

    assert [
        (m.date, m.heading, texts_of(m.topics), texts_of(m.results)) for m in parsed.meetings
    ] == [(datetime.date(2020, 5, 11), "7. Projektleitungsgruppe in Naunhof", topics, results)]
    assert [step.text for step in parsed.next_steps] == steps
    assert (parsed.cooperation, parsed.report_date) == ("Partheland", datetime.date(2020, 5, 25))


def fill(placeholder, texts: list[str]) -> None:
    frame = placeholder.text_frame
    frame.text = texts[0]
    for text in texts[1:]:
        frame.add_paragraph().text = text


def test_pptx_hand_made_from_default_layouts_is_read(tmp_path):
    """A deck as someone builds it in PowerPoint: the default (4:3) template, bullets
    only by inheritance, the meeting continued on a slide "… (Fortsetzung)"."""
    topics, results, steps = seed_lists()
    presentation = pptx.Presentation()
    layouts = {layout.name: layout for layout in presentation.slide_layouts}
    slides = [
        ("Title Slide", [SEED_LINES[0].text], [["Statusbericht April/Mai 2020", "25.05.2020"]]),
        ("Section Header", ["Aktueller Status"], [["Projektstatus im Monat April/Mai 2020"]]),
        (
            "Two Content",
            ["11.05.2020", "7. Projektleitungsgruppe in Naunhof"],
            [topics[:5], results[:6]],
        ),
        (
            "Two Content",
            ["7. Projektleitungsgruppe in Naunhof (Fortsetzung)"],
            [topics[5:], results[6:]],
        ),
        ("Title and Content", ["Nächste Schritte"], [steps]),
    ]
    for layout, title, lists in slides:
        slide = presentation.slides.add_slide(layouts[layout])
        fill(slide.shapes.title, title)
        for placeholder, texts in zip(list(slide.placeholders)[1:], lists, strict=True):
            fill(placeholder, texts)
    path = tmp_path / "handgemacht.pptx"
    presentation.save(path)

    parsed = parse_blocks(read_file(path))

    assert [
        (m.date, m.heading, texts_of(m.topics), texts_of(m.results)) for m in parsed.meetings
    ] == [(datetime.date(2020, 5, 11), "7. Projektleitungsgruppe in Naunhof", topics, results)]
    assert [step.text for step in parsed.next_steps] == steps
    assert (parsed.period_start, parsed.report_date) == (
        datetime.date(2020, 4, 1),
        datetime.date(2020, 5, 25),
    )


def test_pptx_read_names_slide_and_line(seeded, tmp_path):
    path = tmp_path / "bericht.pptx"
    path.write_bytes(render("pptx", seeded.report))

    blocks = read_file(path)

    def where(slide, line):
        return gettext("slide %(slide)d, line %(line)d") % {"slide": slide, "line": line}

    assert [(block.kind, block.where) for block in blocks[:7]] == [
        ("heading", where(1, 1)),
        ("paragraph", where(1, 2)),
        ("paragraph", where(1, 3)),
        ("heading", where(2, 1)),
        ("paragraph", where(2, 2)),
        ("paragraph", where(3, 1)),
        ("heading", where(3, 2)),
    ]


def broken_files(tmp_path: Path, seeded) -> list[Path]:
    text = tmp_path / "text.docx"
    text.write_text("kein Word-Dokument")
    other = tmp_path / "praesentation.docx"  # a presentation under a Word name
    other.write_bytes(render("pptx", seeded.report))
    archive = tmp_path / "archiv.pptx"
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("inhalt.txt", "kein PowerPoint")
    word = tmp_path / "dokument.pptx"
    word.write_bytes(render("docx", seeded.report))
    return [text, other, archive, word]


def test_office_invalid_files_raise_import_error_naming_the_file(seeded, tmp_path):
    errors = []
    for path in broken_files(tmp_path, seeded):
        with pytest.raises(ReportImportError) as excinfo:
            read_file(path)
        errors.append((excinfo.value.where, str(excinfo.value)))

    word = gettext("the file is not a valid Word document (.docx).")
    slides = gettext("the file is not a valid PowerPoint presentation (.pptx).")
    assert errors == [
        ("text.docx", f"text.docx: {word}"),
        ("praesentation.docx", f"praesentation.docx: {word}"),
        ("archiv.pptx", f"archiv.pptx: {slides}"),
        ("dokument.pptx", f"dokument.pptx: {slides}"),
    ]


# LibreOffice -----------------------------------------------------------------------


def squash(text: str) -> str:
    """Text without whitespace: line breaks fall elsewhere in the PDF."""
    return "".join(text.split())


def text_runs(page) -> list[tuple[float, float, float, str]]:
    """(x, baseline from the top, size, text) of each piece of text on a PDF page."""
    height = float(page.mediabox.height)
    runs = []

    def visit(text, cm, tm, _font, size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
        runs.append((x, height - y, size * scale, text))

    page.extract_text(visitor_text=visit)
    return runs


def outside_placeholders(slide, page) -> list[str]:
    """Text pieces of the page that do not lie inside a placeholder of the slide."""
    boxes = [
        (
            s.left / EMU_PER_PT,
            s.top / EMU_PER_PT,
            (s.left + s.width) / EMU_PER_PT,
            (s.top + s.height) / EMU_PER_PT,
        )
        for s in slide.placeholders
    ]
    return [
        f"{text!r} at ({x:.0f}, {baseline:.0f})"
        for x, baseline, size, text in text_runs(page)
        if not any(
            left - 1 <= x <= right
            and top - 1 <= baseline - 0.75 * size
            and baseline + 0.2 * size <= bottom + 1
            for left, top, right, bottom in boxes
        )
    ]


@pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("IKZ_REQUIRE_BROWSER"),
    reason="LibreOffice (soffice) is not installed; CI installs it and sets IKZ_REQUIRE_BROWSER",
)
def test_pptx_libreoffice_shows_every_seed_line_inside_its_placeholder(seeded, tmp_path):
    assert SOFFICE, "LibreOffice Impress (soffice) is required: apt-get install libreoffice-impress"
    decks = {
        "seed": render("pptx", seeded.report),
        "lang": render("pptx", long_report(seeded.report)),
        "full": render("pptx", seeded.full),
        **{
            name: render("pptx", report)
            for name, report in meeting_variants(seeded.report).items()
            if name != "seed"
        },
    }
    for name, data in decks.items():
        (tmp_path / f"{name}.pptx").write_bytes(data)

    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *(str(tmp_path / f"{name}.pptx") for name in decks),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )

    text = squash("".join(page.extract_text() for page in PdfReader(tmp_path / "seed.pdf").pages))
    position, missing = 0, []
    for line in SEED_LINES:
        found = text.find(squash(line.text), position)
        if found == -1:
            missing.append(line.text)
        else:
            position = found + len(squash(line.text))
    assert missing == []
    for name, data in decks.items():
        slides = list(open_pptx(data).slides)
        pages = PdfReader(tmp_path / f"{name}.pdf").pages
        assert len(pages) == len(slides)
        overflow = [
            (name, number, outside)
            for number, (slide, page) in enumerate(zip(slides, pages, strict=True), start=1)
            for outside in outside_placeholders(slide, page)
        ]
        assert overflow == []


def test_pptx_long_meeting_lists_continue_column_by_column(seeded, tmp_path):
    meeting = seeded.report.meetings[0]
    topics = [f"Thema {number}: {meeting.topics[number % 8]}" for number in range(1, 31)]
    results = [f"Ergebnis {number}: {meeting.results[number % 11].text}" for number in range(1, 26)]
    report = dataclasses.replace(
        seeded.report,
        meetings=[
            dataclasses.replace(
                meeting,
                topics=topics,
                results=[dataclasses.replace(meeting.results[0], text=text) for text in results],
            )
        ],
    )
    path = tmp_path / "lang.pptx"
    path.write_bytes(render("pptx", report))

    slides = list(open_pptx(path.read_bytes()).slides)
    parsed = parse_blocks(read_file(path))

    continued = [slide for slide in slides if title_lines(slide)[-1].endswith(CONTINUATION)]
    assert len(continued) >= 2
    assert [text for slide in slides for text in bodies(slide).get(2, [])] == results
    assert (texts_of(parsed.meetings[0].topics), texts_of(parsed.meetings[0].results)) == (
        topics,
        results,
    )


@pytest.mark.parametrize("suffix", ["docx", "pptx"])
def test_office_invalid_upload_error_names_the_file_as_uploaded(tmp_path, suffix):
    stored = tmp_path / f"a81f3c.{suffix}"  # an upload is stored under another name
    stored.write_text("kein Office-Dokument")

    with pytest.raises(ReportImportError) as excinfo:
        read_file(stored, f"Statusbericht Mai.{suffix}")

    assert excinfo.value.where == f"Statusbericht Mai.{suffix}"


# Readable colours ------------------------------------------------------------------

WHITE = "FFFFFF"
# Very light, light, mid, dark, black and white, and the Partheland pair.
COLOUR_PAIRS = [
    pytest.param("#2E6B30", "#E9F2E4", id="partheland"),
    pytest.param("#E9F2E4", "#FFFF00", id="very-light"),
    pytest.param("#FFFF00", "#4f86b8", id="yellow-mid"),
    pytest.param("#4f86b8", "#1f4e79", id="mid-dark"),
    pytest.param("#1f4e79", "#000000", id="dark-black"),
    pytest.param("#000000", "#FFFFFF", id="black-white"),
    pytest.param("#FFFFFF", "#E9F2E4", id="white-light"),
    pytest.param("", "", id="defaults"),
]


def low_contrast(found: list[tuple[str, str, str]]) -> list[tuple[str, str, str, float]]:
    """(where, text, background) pairs below 4.5:1, with their contrast."""
    return [
        (where, text, background, round(_contrast(text, background), 2))
        for where, text, background in found
        if _contrast(text, background) < 4.5
    ]


@pytest.mark.parametrize(("primary", "secondary"), COLOUR_PAIRS)
def test_docx_heading_and_table_header_colours_reach_aa(seeded, primary, secondary):
    report = dataclasses.replace(seeded.full, primary_colour=primary, secondary_colour=secondary)

    document = docx.Document(io.BytesIO(render("docx", report)))

    styles = [document.styles[name] for name in ("Title", "Subtitle", "Heading 1", "Heading 2")]
    found = [(style.name, str(style.font.color.rgb), WHITE) for style in styles]
    header = document.tables[0].rows[0].cells
    fills = [cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for cell in header]
    found += [
        (f"header {run.text}", str(run.font.color.rgb), fill)
        for cell, fill in zip(header, fills, strict=True)
        for run in cell.paragraphs[0].runs
        if run.text
    ]
    assert (low_contrast(found), {style.font.color.theme_color for style in styles}) == ([], {None})


def box_of(shape) -> tuple[int, int, int, int]:
    return shape.left, shape.top, shape.left + shape.width, shape.top + shape.height


def solid_fill(element) -> str | None:
    colours = element.xpath(
        "./p:spPr/a:solidFill/a:srgbClr/@val | ./p:bgPr/a:solidFill/a:srgbClr/@val"
    )
    return colours[0] if colours else None


def background_at(slide, shape) -> str:
    """The colour behind ``shape``'s middle: the last filled shape of the layout there,
    else the layout's background, else white."""
    left, top, right, bottom = box_of(shape)
    x, y = (left + right) // 2, (top + bottom) // 2
    layout = slide.slide_layout
    found = None
    for decoration in layout.shapes:
        fill = solid_fill(decoration._element)
        d_left, d_top, d_right, d_bottom = box_of(decoration)
        if fill and d_left <= x <= d_right and d_top <= y <= d_bottom:
            found = fill
    if found:
        return found
    backgrounds = layout._element.xpath("./p:cSld/p:bg")
    return (solid_fill(backgrounds[0]) if backgrounds else None) or WHITE


def slide_text_colours(presentation) -> list[tuple[str, str, str]]:
    """(where, text colour, background) of every run on every slide."""
    found = []
    for number, slide in enumerate(presentation.slides, start=1):
        for shape in slide.shapes:
            if shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        fill = str(cell.fill.fore_color.rgb)
                        found += [
                            (f"slide {number} {run.text}", str(run.font.color.rgb), fill)
                            for paragraph in cell.text_frame.paragraphs
                            for run in paragraph.runs
                        ]
            elif shape.has_text_frame:
                background = background_at(slide, shape)
                found += [
                    (f"slide {number} {run.text}", str(run.font.color.rgb), background)
                    for paragraph in shape.text_frame.paragraphs
                    for run in paragraph.runs
                ]
    return found


@pytest.mark.parametrize(("primary", "secondary"), COLOUR_PAIRS)
def test_pptx_every_text_colour_reaches_aa_on_its_background(seeded, primary, secondary):
    report = dataclasses.replace(seeded.full, primary_colour=primary, secondary_colour=secondary)

    presentation = open_pptx(render("pptx", report))

    found = slide_text_colours(presentation)
    primary = Palette.of(report).primary
    assert (
        {WHITE, primary} <= {background for _w, _t, background in found},
        low_contrast(found),
    ) == (
        True,
        [],
    )


# Meetings continued on further slides ------------------------------------------------


def with_meeting(report: ReportData, topics: list[str], results: list[tuple[str, int | None]]):
    """The report with one meeting of these topics and (result, topic number) pairs."""
    meeting = report.meetings[0]
    return dataclasses.replace(
        report,
        meetings=[
            dataclasses.replace(
                meeting,
                topics=topics,
                results=[
                    dataclasses.replace(meeting.results[0], text=text, topic=topic)
                    for text, topic in results
                ],
            )
        ],
    )


def meeting_variants(report: ReportData) -> dict[str, ReportData]:
    """The seed's meeting and meetings whose topics, or results, run on longer."""
    meeting = report.meetings[0]
    long_topics = [f"Thema {number}: {meeting.topics[number % 8]}" for number in range(1, 31)]
    long_results = [
        (f"Ergebnis {number}: {meeting.results[number % 11].text}", number % 9 or None)
        for number in range(1, 26)
    ]
    return {
        "seed": report,
        "many-results": with_meeting(report, meeting.topics, long_results),
        "many-topics": with_meeting(
            report, long_topics, [(result.text, result.topic) for result in meeting.results[:4]]
        ),
        "results-without-topics": with_meeting(
            report, meeting.topics[:2], [(text, None) for text, _topic in long_results]
        ),
        "topics-without-results": with_meeting(report, long_topics, []),
    }


MEETING_VARIANTS = ["seed", "many-results", "many-topics", "results-without-topics"]


def meeting_slides(presentation, heading: str) -> list:
    return [
        slide
        for slide in presentation.slides
        if title_lines(slide)[-1].removesuffix(CONTINUATION) == heading
    ]


@pytest.mark.parametrize("variant", [*MEETING_VARIANTS, "topics-without-results"])
def test_pptx_no_continuation_slide_of_a_meeting_has_an_empty_column(seeded, variant):
    report = meeting_variants(seeded.report)[variant]

    slides = meeting_slides(open_pptx(render("pptx", report)), report.meetings[0].heading)

    columns = [sorted(idx for idx, texts in bodies(slide).items() if texts) for slide in slides]
    assert (len(slides) > 1, columns[1:]) == (True, [[1, 2]] * (len(slides) - 1))


def test_pptx_continued_results_show_the_topics_they_answer(seeded):
    report = seeded.report
    meeting = report.meetings[0]

    (first, continued) = meeting_slides(open_pptx(render("pptx", report)), meeting.heading)

    shown = bodies(continued)[2]
    answered = sorted({r.topic for r in meeting.results if r.text in shown and r.topic})
    assert bodies(continued)[1] == [
        TOPICS_OF_RESULTS,
        *[meeting.topics[number - 1] for number in answered],
    ]
    assert bodies(first)[1] == meeting.topics


@pytest.mark.parametrize("variant", [*MEETING_VARIANTS, "topics-without-results"])
def test_pptx_meeting_continued_reads_back_its_topics_and_results_once(seeded, tmp_path, variant):
    report = meeting_variants(seeded.report)[variant]
    meeting = report.meetings[0]
    path = tmp_path / "sitzung.pptx"
    path.write_bytes(render("pptx", report))

    parsed = parse_blocks(read_file(path))

    assert [(texts_of(m.topics), texts_of(m.results)) for m in parsed.meetings] == [
        (meeting.topics, [result.text for result in meeting.results])
    ]

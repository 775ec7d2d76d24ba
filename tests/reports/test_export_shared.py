"""What every format takes from one place (ikz.reports.outline, ikz.core.palette): the
report's colours and the text colours readable on them, the portfolio's column headers
and its reasons."""

import colorsys
import datetime
import io
import re

import docx
import pptx
import pytest

from ikz.core.colours import luminance as _luminance
from ikz.core.palette import WHITE, Palette, _contrast, readable, report_colours
from ikz.reports.domain import PortfolioRow, ReportData
from ikz.reports.exporters import get_exporter
from ikz.reports.outline import portfolio_headers, portfolio_note, portfolio_rows

HEADERS = ["Maßnahme", "Handlungsfeld", "Status", "Ampel", "Begründung"]


def full_report(**fields) -> ReportData:
    values = {
        "cooperation": "Partheland",
        "title": "Partheland",
        "period_start": datetime.date(2020, 4, 1),
        "period_end": datetime.date(2020, 5, 31),
        "period_label": "April/Mai 2020",
        "report_date": datetime.date(2020, 5, 25),
        "template": "full",
        "meetings": [],
        "status_changes": [],
        "next_steps": [],
        "portfolio": [
            PortfolioRow("Gewerbeamt", "Verwaltung", "in Prüfung", "green", "grün", "Im Plan.")
        ],
    }
    return ReportData(**{**values, **fields})


COLOURS = [
    pytest.param("", "", ("#1f4e79", "#4f86b8"), id="none-gives-the-defaults"),
    pytest.param("#2E6B30", "", ("#2E6B30", "#2E6B30"), id="primary-only-for-accents-too"),
    pytest.param("", "#00796B", ("#1f4e79", "#00796B"), id="secondary-only"),
    pytest.param("#8A1538", "#00796B", ("#8A1538", "#00796B"), id="both"),
    pytest.param("red;} body{x", "#12345", ("#1f4e79", "#4f86b8"), id="non-colours-refused"),
]


@pytest.mark.parametrize(("primary", "secondary", "expected"), COLOURS)
def test_report_colours_as_rrggbb_with_defaults(primary, secondary, expected):
    report = full_report(primary_colour=primary, secondary_colour=secondary)

    assert report_colours(report) == expected


@pytest.mark.parametrize(("primary", "secondary", "expected"), COLOURS)
def test_report_colours_html_and_office_use_the_same(primary, secondary, expected):
    report = full_report(primary_colour=primary, secondary_colour=secondary)

    html = get_exporter("html").render(report).decode()

    assert (
        re.search(r":root \{ --primary: (\S+); --secondary: (\S+); \}", html).groups(),
        Palette.of(report),
    ) == (expected, Palette(expected[0][1:].upper(), expected[1][1:].upper()))


def test_portfolio_headers_same_in_every_format():
    report = full_report()

    markdown = get_exporter("md").render(report).decode()
    html = get_exporter("html").render(report).decode()
    document = docx.Document(io.BytesIO(get_exporter("docx").render(report)))
    presentation = pptx.Presentation(io.BytesIO(get_exporter("pptx").render(report)))
    (slide_table,) = [
        shape.table for slide in presentation.slides for shape in slide.shapes if shape.has_table
    ]

    assert (
        [line for line in markdown.splitlines() if line.startswith("| Maßnahme")],
        re.findall(r'<th style="width: \d+%">([^<]*)</th>', html),
        [cell.text for cell in document.tables[0].rows[0].cells],
        [cell.text for cell in slide_table.rows[0].cells],
    ) == (["| " + " | ".join(HEADERS) + " |"], HEADERS, HEADERS, HEADERS)
    assert portfolio_headers() == HEADERS


# Readable colours ------------------------------------------------------------------

AA = 4.5
# Very light, light, mid, dark, black and white: every pairing as primary and secondary.
SAMPLE_COLOURS = ["E9F2E4", "FFFF00", "4F86B8", "1F4E79", "000000", "FFFFFF"]


def text_pairs(palette: Palette) -> dict[str, tuple[str, str]]:
    """Every text colour the palette gives, with the background it is meant for."""
    return {
        "heading": (palette.heading, WHITE),
        "primary_text": (palette.primary_text, WHITE),
        "secondary_text": (palette.secondary_text, WHITE),
        "on_primary": (palette.on_primary, palette.primary),
        "on_secondary": (palette.on_secondary, palette.secondary),
    }


@pytest.mark.parametrize("secondary", SAMPLE_COLOURS)
@pytest.mark.parametrize("primary", SAMPLE_COLOURS)
def test_palette_every_text_colour_reaches_aa_on_its_background(primary, secondary):
    palette = Palette(primary, secondary)

    contrasts = {
        name: round(_contrast(text, background), 2)
        for name, (text, background) in text_pairs(palette).items()
    }

    assert {name: value for name, value in contrasts.items() if value < AA} == {}


def hue(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(red, green, blue)[0] * 360


READABLE = [
    pytest.param("E9F2E4", WHITE, id="partheland-secondary-on-white-darkened"),
    pytest.param("FFFF00", WHITE, id="yellow-on-white-darkened"),
    pytest.param("4F86B8", WHITE, id="mid-blue-on-white-darkened"),
    pytest.param("1F4E79", "000000", id="dark-blue-on-black-lightened"),
    pytest.param("4F86B8", "1F4E79", id="mid-blue-on-dark-blue-lightened"),
]


@pytest.mark.parametrize(("colour", "background"), READABLE)
def test_readable_keeps_hue_and_changes_lightness_just_enough(colour, background):
    text = readable(colour, background)

    assert (
        AA <= _contrast(text, background) < AA + 0.15,
        abs(hue(text) - hue(colour)) < 2,
        _luminance(text) < _luminance(colour)
        if _luminance(background) > _luminance(colour)
        else _luminance(text) > _luminance(colour),
    ) == (True, True, True)


def test_readable_leaves_a_colour_that_reads_already_as_it_is():
    assert (readable("#2E6B30", "#FFFFFF"), readable("FFFFFF", "2E6B30")) == ("2E6B30", "FFFFFF")


# The portfolio's reasons -------------------------------------------------------------

# The reason ikz.measures.domain.traffic_light gives every measure that is on track
# (tests/reports/test_builder.py pins it there).
ON_TRACK = "Im Plan: keine Aufgabe überfällig, keine Entscheidung über ihren Termin hinaus offen."
GREEN_NOTE = (
    "Grün: im Plan – keine Aufgabe überfällig, keine Entscheidung über ihren Termin hinaus offen."
)
LATE = "Aufgabe „Kosten klären“ ist 3 Tage überfällig."


def mixed_portfolio() -> ReportData:
    return full_report(
        portfolio=[
            PortfolioRow("Gewerbeamt", "Verwaltung", "in Prüfung", "green", "grün", ON_TRACK),
            PortfolioRow("Kulturserver", "Kultur", "in Bearbeitung", "yellow", "gelb", LATE),
            PortfolioRow("Stellenbörse", "", "beschlossen", "green", "grün", ON_TRACK),
        ],
        status_counts={"in Prüfung": 1, "in Bearbeitung": 1, "beschlossen": 1},
    )


def reasons_and_notes(identifier: str, report: ReportData) -> tuple[list[str], list[str]]:
    """The portfolio's reason column and the lines that say what green means, as the
    format ``identifier`` writes them."""
    data = get_exporter(identifier).render(report)
    if identifier == "md":
        lines = data.decode().splitlines()
        rows = [line for line in lines if line.startswith("| ") and "Maßnahme" not in line]
        return [row.split(" | ")[-1].removesuffix(" |") for row in rows], [
            line for line in lines if line.startswith("Grün")
        ]
    if identifier == "html":
        html = data.decode()
        body = re.search(r"<tbody>(.*)</tbody>", html, re.S).group(1)
        return re.findall(r"<td>([^<]*)</td></tr>", body), re.findall(
            r"<p[^>]*>(Grün[^<]*)</p>", html
        )
    if identifier == "docx":
        document = docx.Document(io.BytesIO(data))
        return [row.cells[-1].text for row in document.tables[0].rows[1:]], [
            paragraph.text for paragraph in document.paragraphs if paragraph.text.startswith("Grün")
        ]
    presentation = pptx.Presentation(io.BytesIO(data))
    reasons, notes = [], []
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_table:
                reasons += [list(row.cells)[-1].text for row in list(shape.table.rows)[1:]]
            elif shape.has_text_frame:
                notes += [p.text for p in shape.text_frame.paragraphs if p.text.startswith("Grün")]
    return reasons, notes


@pytest.mark.parametrize("identifier", ["md", "html", "docx", "pptx"])
def test_portfolio_states_the_on_track_reason_once_and_lists_only_others(identifier):
    report = mixed_portfolio()

    found = reasons_and_notes(identifier, report)

    assert found == (["–", LATE, "–"], [GREEN_NOTE])


@pytest.mark.parametrize("identifier", ["md", "html", "docx", "pptx"])
def test_portfolio_without_on_track_measures_has_no_green_note(identifier):
    report = full_report(
        portfolio=[PortfolioRow("Kulturserver", "Kultur", "in Bearbeitung", "yellow", "gelb", LATE)]
    )

    found = reasons_and_notes(identifier, report)

    assert found == ([LATE], [])


def test_portfolio_rows_leave_out_only_the_on_track_reason():
    report = mixed_portfolio()

    assert ([cells[-1] for cells in portfolio_rows(report)], portfolio_note(report)) == (
        ["–", LATE, "–"],
        GREEN_NOTE,
    )

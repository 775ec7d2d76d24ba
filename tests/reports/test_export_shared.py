"""What every format takes from one place (ikz.reports.outline): the report's colours
and the portfolio's column headers."""

import datetime
import io
import re

import docx
import pptx
import pytest

from ikz.reports.domain import PortfolioRow, ReportData
from ikz.reports.exporters import get_exporter
from ikz.reports.outline import portfolio_headers
from ikz.reports.palette import Palette, report_colours

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
        re.findall(r'<th class="col-\w+">([^<]*)</th>', html),
        [cell.text for cell in document.tables[0].rows[0].cells],
        [cell.text for cell in slide_table.rows[0].cells],
    ) == (["| " + " | ".join(HEADERS) + " |"], HEADERS, HEADERS, HEADERS)
    assert portfolio_headers() == HEADERS

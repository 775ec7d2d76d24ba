"""The HTML and PDF exports: the seed template reads exactly as the seed, the PDF is an
A4 tagged PDF/A-3a with embedded fonts and page numbers, the full template adds the portfolio."""

import datetime
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.utils.translation import gettext
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from ikz.core.palette import _contrast
from ikz.core.printing import PRINT_CSS, static_text
from ikz.reports.domain import (
    AgreementLine,
    FundingDeadline,
    OverdueTask,
    OwnerCount,
    PortfolioRow,
    ReportData,
    build_report,
)
from ikz.reports.exporters import EXPORTERS, get_exporter
from ikz.reports.readers import read_file
from ikz.reports.storing import import_report
from ikz.sample.demo import DEMO_REPORT

SEED = DEMO_REPORT
PERIOD = {"period_start": datetime.date(2020, 4, 1), "period_end": datetime.date(2020, 5, 31)}
REPORT_DATE = datetime.date(2020, 5, 25)
PAGE_NUMBER = re.compile(r"^Seite \d+ von \d+$")
BLOCK_TAGS = {"h1", "h2", "h3", "p", "li", "th", "td", "title"}
PDFA_NS = "http://www.aiim.org/pdfa/ns/id/"
# A line of 1×1 PNG, enough to stand for a logo.
PNG_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cf50ef0f0005a401e1a4a8d1f40000000049454e44ae426082"
)


def seed_lines() -> list[str]:
    """The seed's non-empty lines without Markdown marks; the hard break after
    "Statusbericht April/Mai" joins its two lines into one."""
    text = SEED.read_text(encoding="utf-8").replace("  \n", " ")
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"^(#+|-)\s+", "", raw.replace("\u00a0", " ").strip())
        if line:
            lines.append(" ".join(line.split()))
    return lines


def imported_cooperation():
    return import_report(blocks=read_file(SEED)).cooperation


def seed_report(template="seed", **colours):
    cooperation = imported_cooperation()
    for name, value in colours.items():
        setattr(cooperation, name, value)
    cooperation.save()
    return build_report(
        cooperation=cooperation, report_date=REPORT_DATE, template=template, **PERIOD
    )


class BlockText(HTMLParser):
    """The text of each block element of the body, one line per element."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.parts: list[str] | None = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "style", "svg"):
            self.skip += 1
        elif tag in BLOCK_TAGS and not self.skip:
            self.parts = []

    def handle_endtag(self, tag):
        if tag in ("head", "style", "svg"):
            self.skip -= 1
        elif tag in BLOCK_TAGS and self.parts is not None:
            self.lines.append(" ".join("".join(self.parts).split()))
            self.parts = None

    def handle_data(self, data):
        if self.parts is not None:
            self.parts.append(data)


def html_lines(content: bytes) -> list[str]:
    parser = BlockText()
    parser.feed(content.decode("utf-8"))
    parser.close()
    return parser.lines


def pdf_text(content: bytes) -> tuple[str, list[str]]:
    """The PDF's text with whitespace collapsed, and the page-number lines taken out."""
    reader = PdfReader(io.BytesIO(content))
    kept, furniture = [], []
    for page in reader.pages:
        for line in page.extract_text().splitlines():
            line = " ".join(line.split())
            (furniture if PAGE_NUMBER.match(line) else kept).append(line)
    return " ".join(" ".join(kept).split()), furniture


def unwrap(text: str) -> str:
    """A PDF line may wrap after a hyphen or slash ("Sharing-|Möglichkeiten"); both sides
    drop the whitespace there, nothing else."""
    return re.sub(r"(?<=[-/–])\s+", "", " ".join(text.split()))


def fonts_of(resources) -> list:
    """Every font of a resource dictionary, including those of form XObjects."""
    resources = resources.get_object() if isinstance(resources, IndirectObject) else resources
    fonts = list((resources.get("/Font") or {}).values())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            fonts += fonts_of(xobject["/Resources"])
    return [font.get_object() for font in fonts]


def font_is_embedded(font) -> bool:
    if font.get("/Subtype") == "/Type0":
        return all(font_is_embedded(part.get_object()) for part in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_exporters_registered_with_their_contract():
    html, pdf = get_exporter("html"), get_exporter("pdf")

    assert (html.identifier, html.content_type, html.extension) == (
        "html",
        "text/html; charset=utf-8",
        "html",
    )
    assert (pdf.identifier, pdf.content_type, pdf.extension) == ("pdf", "application/pdf", "pdf")
    assert {"md", "html", "pdf"} <= set(EXPORTERS)


def pdfa_identification(reader: PdfReader) -> tuple[list[str], list[str]]:
    """pdfaid:part and pdfaid:conformance of the XMP metadata, as elements or attributes."""
    xmp = ET.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    found = {}
    for name in ("part", "conformance"):
        key = f"{{{PDFA_NS}}}{name}"
        found[name] = [node.text for node in xmp.iter(key)] + [
            node.get(key) for node in xmp.iter() if node.get(key)
        ]
    return found["part"], found["conformance"]


@pytest.mark.django_db
def test_html_seed_template_text_equals_seed_lines_standalone():
    report = seed_report()

    content = get_exporter("html").render(report)

    assert html_lines(content) == seed_lines()
    html = content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="de">' in html
    assert "<style>" in html and '"DejaVu Sans"' in html
    assert not re.search(r"""(?:src|href)=["'](?!data:)|url\(|@import|<script|<link""", html)


@pytest.mark.django_db
def test_pdf_seed_template_text_equals_seed_lines_on_a4_pdfa3a():
    report = seed_report()

    content = get_exporter("pdf").render(report)

    text, furniture = pdf_text(content)
    assert unwrap(text) == unwrap(" ".join(seed_lines()))
    reader = PdfReader(io.BytesIO(content))
    pages = len(reader.pages)
    assert furniture == [f"Seite {number} von {pages}" for number in range(1, pages + 1)]
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
    assert all(abs(width - 595) <= 1 and abs(height - 842) <= 1 for width, height in sizes)
    assert pdfa_identification(reader) == (["3"], ["A"])
    fonts = [font for page in reader.pages for font in fonts_of(page["/Resources"])]
    assert fonts and all(font_is_embedded(font) for font in fonts)
    assert all(str(font["/BaseFont"]).split("+")[-1].startswith("DejaVu") for font in fonts)


def plain_report(**fields) -> ReportData:
    """A full report without the database, for what the seed does not have."""
    values = {
        "cooperation": "Partheland",
        "title": "Partheland",
        "period_start": PERIOD["period_start"],
        "period_end": PERIOD["period_end"],
        "period_label": "April/Mai 2020",
        "report_date": REPORT_DATE,
        "template": "full",
        "meetings": [],
        "status_changes": [],
        "next_steps": ["Gewerbeamt zentralisieren"],
    }
    return ReportData(**{**values, **fields})


@pytest.mark.django_db
def part_headings(html: str) -> list[str]:
    """The headings after the masthead (whose title has a class), in order."""
    return [text for _level, text in re.findall(r"<h([12])>(.*?)</h\1>", html)]


@pytest.mark.django_db
def test_html_full_template_summarises_in_parts_with_an_svg_chart_in_cooperation_colours():
    report = seed_report("full", primary_colour="#8A1538", secondary_colour="#00796B")

    html = get_exporter("html").render(report).decode()
    lines = html_lines(html.encode())

    assert lines[:3] == seed_lines()[:3]
    assert part_headings(html) == [
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
    # A dot for each measure's light and for the lights counted per field of action.
    assert html.count('<span class="dot dot-green">') == len(report.portfolio) + 1 == 9
    chart = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    assert chart.count("<rect ") == len(report.status_counts) > 0
    for status, count in report.status_counts.items():
        assert f">{status}</text>" in chart and f">{count}</text>" in chart
    assert ":root { --primary: #8A1538; --secondary: #00796B; }" in html
    assert 'fill="#8A1538"' in chart


def test_html_full_template_lists_tasks_agreements_and_deadlines():
    report = plain_report(
        portfolio=[
            PortfolioRow("Gewerbeamt", "Verwaltung", "in Prüfung", "yellow", "gelb", "Verzug.")
        ],
        status_counts={"in Prüfung": 1},
        overdue_tasks=[OverdueTask("Zeitplan erstellen", "Naunhof", 12)],
        overdue_by_owner=[OwnerCount("Naunhof", 1, 12)],
        agreements=[
            AgreementLine("Zweckvereinbarung Meldewesen", "Entwurf liegt vor", True),
            AgreementLine("Zweckvereinbarung Archiv", "gewünscht", False),
        ],
        funding_deadlines=[
            FundingDeadline(datetime.date(2020, 9, 30), "Anschlussförderung", "Einreichung")
        ],
    )

    lines = html_lines(get_exporter("html").render(report))

    full = lines[lines.index("Überfällige Aufgaben") :]
    assert full == [
        "Überfällige Aufgaben",
        "Zuständig",
        "Überfällige Aufgaben",
        "Am längsten überfällig",
        "Naunhof",
        "1",
        "12 Tage",
        "Am längsten überfällige Aufgaben",
        "Zeitplan erstellen (Naunhof, 12 Tage)",
        "Maßnahmenportfolio",
        "Maßnahme",
        "Handlungsfeld",
        "Status",
        "Ampel",
        "Begründung",
        "Gewerbeamt",
        "Verwaltung",
        "in Prüfung",
        "gelb",
        "Verzug.",
        "Maßnahmen nach Status",
        "Zweckvereinbarungen in Arbeit",
        "Zweckvereinbarung Meldewesen: Entwurf liegt vor (§ 2b UStG: ein Kriterium ist nicht "
        "erfüllt, die Leistung kann ab 01.01.2027 umsatzsteuerpflichtig sein)",
        "Zweckvereinbarung Archiv: gewünscht",
        "Förderfristen",
        "30.09.2020: Anschlussförderung (Einreichung)",
    ]


def test_html_full_template_empty_parts_say_none():
    lines = html_lines(get_exporter("html").render(plain_report()))

    full = lines[3:]
    none = gettext("none")
    assert full == [
        "Überblick: Ampel je Handlungsfeld",
        none,
        "Anstehende Entscheidungen",
        none,
        "Statusänderungen im Zeitraum",
        none,
        "Ergebnisse nach Maßnahme",
        none,
        "Nächste Schritte",
        none,
        "Überfällige Aufgaben",
        none,
        "Maßnahmenportfolio",
        none,
        "Maßnahmen nach Status",
        none,
        "Zweckvereinbarungen in Arbeit",
        none,
        "Förderfristen",
        none,
    ]


def test_html_without_colours_uses_defaults_and_rejects_non_colours():
    plain = get_exporter("html").render(plain_report()).decode()
    injected = get_exporter("html").render(
        plain_report(primary_colour="red;} body{display:none", secondary_colour="#12345")
    )

    assert ":root { --primary: #1f4e79; --secondary: #4f86b8; }" in plain
    assert b":root { --primary: #1f4e79; --secondary: #4f86b8; }" in injected
    assert b"display:none" not in injected


def test_html_and_pdf_embed_logo_as_data_uri(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG_PIXEL)
    report = plain_report(template="seed", logo_path=str(logo))

    html = get_exporter("html").render(report).decode()
    pdf = PdfReader(io.BytesIO(get_exporter("pdf").render(report)))

    assert '<img class="logo" src="data:image/png;base64,' in html
    assert str(tmp_path) not in html
    images = pdf.pages[0]["/Resources"]["/XObject"].values()
    assert [image.get_object()["/Subtype"] for image in images] == ["/Image"]


def test_html_missing_logo_file_is_left_out(tmp_path):
    report = plain_report(template="seed", logo_path=str(tmp_path / "gone.png"))

    html = get_exporter("html").render(report).decode()

    assert "<img" not in html


def test_pdf_full_template_renders_chart_with_embedded_fonts_and_is_reproducible():
    report = plain_report(
        portfolio=[PortfolioRow("Gewerbeamt", "Verwaltung", "in Prüfung", "red", "rot", "Verzug.")],
        status_counts={"in Prüfung": 1, "beschlossen": 3},
    )

    first, second = get_exporter("pdf").render(report), get_exporter("pdf").render(report)

    assert first == second
    reader = PdfReader(io.BytesIO(first))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Gewerbeamt" in text and "beschlossen" in text
    fonts = [font for page in reader.pages for font in fonts_of(page["/Resources"])]
    assert fonts and all(font_is_embedded(font) for font in fonts)


# Readable colours ------------------------------------------------------------------

PARTHELAND = {"primary_colour": "#2E6B30", "secondary_colour": "#E9F2E4"}
CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
CSS_VARIABLE = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
WHITE = "FFFFFF"


def css_colour(value: str, variables: dict[str, str]) -> str | None:
    """A colour value as RRGGBB, with var(--…) resolved; None for anything else."""
    while match := re.fullmatch(r"var\((--[\w-]+)\)", value.strip()):
        value = variables[match[1]]
    value = value.strip().lstrip("#")
    if value.lower() == "fff":
        return WHITE
    return value.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", value) else None


def text_colours(css: str) -> dict[str, tuple[str, str]]:
    """Every rule that sets a text colour: its selector, the colour and the background
    it stands on (its own, else the page's white), both resolved from the variables."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    variables = dict(CSS_VARIABLE.findall(css))
    found = {}
    for selector, body in CSS_RULE.findall(css):
        declarations = {
            name.strip(): value.strip()
            for name, value in (part.split(":", 1) for part in body.split(";") if ":" in part)
        }
        if "color" not in declarations:
            continue
        background = declarations.get("background") or declarations.get("background-color")
        found[" ".join(selector.split())] = (
            css_colour(declarations["color"], variables),
            css_colour(background, variables) if background else WHITE,
        )
    return found


def low_contrast(pairs: dict[str, tuple[str, str]]) -> dict[str, float]:
    return {
        name: round(_contrast(text, background), 2)
        for name, (text, background) in pairs.items()
        if _contrast(text, background) < 4.5
    }


@pytest.mark.django_db
def test_html_partheland_meeting_date_reaches_aa_contrast():
    html = get_exporter("html").render(seed_report(**PARTHELAND)).decode()

    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    text, background = text_colours(style)[".meeting-date"]

    assert round(_contrast(text, background), 2) >= 4.5


@pytest.mark.parametrize(
    "colours",
    [
        pytest.param(PARTHELAND, id="partheland"),
        pytest.param({"primary_colour": "#4f86b8", "secondary_colour": "#FFFF00"}, id="mid-light"),
        pytest.param({"primary_colour": "#E9F2E4", "secondary_colour": "#1f4e79"}, id="light-dark"),
        pytest.param({}, id="defaults"),
    ],
)
def test_html_and_pdf_every_text_colour_reaches_aa_contrast(colours):
    report = plain_report(
        portfolio=[PortfolioRow("Gewerbeamt", "Verwaltung", "in Prüfung", "red", "rot", "Verzug.")],
        status_counts={"in Prüfung": 1},
        **colours,
    )

    html = get_exporter("html").render(report).decode()

    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    chart = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    svg_text = {
        f"svg text {number}": (css_colour(fill, {}), WHITE)
        for number, fill in enumerate(re.findall(r'<text [^>]*fill="([^"]+)"', chart))
    }
    assert (
        low_contrast(text_colours(style)),
        low_contrast(text_colours(static_text(PRINT_CSS))),
        low_contrast(svg_text),
    ) == ({}, {}, {})


ON_TRACK = "Im Plan: keine Aufgabe überfällig, keine Entscheidung über ihren Termin hinaus offen."
GREEN_NOTE = (
    "Grün: im Plan – keine Aufgabe überfällig, keine Entscheidung über ihren Termin hinaus offen."
)


def test_pdf_full_template_states_the_on_track_reason_once():
    report = plain_report(
        portfolio=[
            PortfolioRow(title, "Verwaltung", "in Prüfung", "green", "grün", ON_TRACK)
            for title in ("Gewerbeamt", "Meldewesen", "Archiv")
        ],
        status_counts={"in Prüfung": 3},
    )

    text, _furniture = pdf_text(get_exporter("pdf").render(report))

    assert (unwrap(text).count(unwrap(GREEN_NOTE)), unwrap(text).count(unwrap(ON_TRACK))) == (1, 0)

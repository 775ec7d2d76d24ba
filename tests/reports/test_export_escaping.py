"""What user text cannot do to an exported report: be markup (a <script> in a result is
text in every format, and in Markdown written as entities, so that no tag stands in the
file), open a block of its own in Markdown (a heading, a list, a rule) or break the
portfolio table, or make a format unrenderable with a control character. The Markdown
export stays readable by the importer: its lines, unescaped by CommonMark's rules
(``outline.markdown_unescape``), are the texts."""

import datetime
import html
import io
import re
import zipfile

import docx
import pptx
import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from ikz.measures.models import Measure
from ikz.meetings.models import AgendaItem, Outcome
from ikz.reports.domain import MeetingSection, PortfolioRow, ReportData, ResultLine
from ikz.reports.exporters import get_exporter
from ikz.reports.outline import seed_outline, shortened
from ikz.reports.readers import read_markdown
from tests.reports.test_builder import april_may, imported_seed

SCRIPT = "<script>alert(1)</script>"
SCRIPT_ESCAPED_XML = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Markdown writes < and > as the same entities: CommonMark reads them as the characters.
SCRIPT_ESCAPED_MD = SCRIPT_ESCAPED_XML
TOPIC = "Kosten und Einbindung Kulturserver"


def report(
    results=(SCRIPT,), heading="7. Projektleitungsgruppe in Naunhof", **fields
) -> ReportData:
    values = {
        "cooperation": "Partheland",
        "title": "Partheland",
        "period_start": datetime.date(2020, 4, 1),
        "period_end": datetime.date(2020, 5, 31),
        "period_label": "April/Mai 2020",
        "report_date": datetime.date(2020, 5, 25),
        "template": "seed",
        "meetings": [
            MeetingSection(
                datetime.date(2020, 5, 11),
                heading,
                [TOPIC],
                [ResultLine(text, "information", 1) for text in results],
            )
        ],
        "status_changes": [],
        "next_steps": ["Klärung der Kosten"],
    }
    return ReportData(**{**values, **fields})


def markdown(data: ReportData) -> list[str]:
    return get_exporter("md").render(data).decode().splitlines()


# Markdown ---------------------------------------------------------------------------


def test_markdown_escapes_html_in_a_result():
    lines = markdown(report())

    # No "<" at all, so nothing takes one for the start of a tag.
    assert (f"- {SCRIPT_ESCAPED_MD}" in lines, "<" in "\n".join(lines)) == (True, False)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# Gefälschte Überschrift", "- \\# Gefälschte Überschrift"),
        ("###### auch das", "- \\###### auch das"),
        ("- kein Listenpunkt", "- \\- kein Listenpunkt"),
        ("+ kein Listenpunkt", "- \\+ kein Listenpunkt"),
        ("* kein Listenpunkt", "- \\* kein Listenpunkt"),
        # An entity opens no block (CommonMark): no quote.
        ("> kein Zitat", "- &gt; kein Zitat"),
        ("1. kein Aufzählungspunkt", "- 1\\. kein Aufzählungspunkt"),
        ("2020) kein Aufzählungspunkt", "- 2020\\) kein Aufzählungspunkt"),
        ("---", "- \\---"),
        ("* * *", "- \\* * *"),
        ("___", "- \\___"),
        ("```python", "- \\```python"),
        ("~~~", "- \\~~~"),
        ("[Link](javascript:alert(1))", "- \\[Link](javascript:alert(1))"),
        ("![Bild](https://example.org/pixel.png)", "- !\\[Bild](https://example.org/pixel.png)"),
        ("Kosten &amp; Nutzen", "- Kosten \\&amp; Nutzen"),
        ("a &lt; b", "- a \\&lt; b"),
        ("<b>fett</b> & <i>kursiv</i>", "- &lt;b&gt;fett&lt;/b&gt; \\& &lt;i&gt;kursiv&lt;/i&gt;"),
        ("C:\\Daten\\", "- C:\\\\Daten\\\\"),
        ("erste Zeile\n# zweite Zeile\r\n- dritte", "- erste Zeile # zweite Zeile - dritte"),
        ("Rücksprache ist erfolgt  ", "- Rücksprache ist erfolgt"),
    ],
    ids=[
        "heading",
        "heading-6",
        "dash-item",
        "plus-item",
        "star-item",
        "quote",
        "ordered-item",
        "ordered-item-paren",
        "rule-dashes",
        "rule-stars",
        "rule-underscores",
        "code-fence",
        "tilde-fence",
        "link",
        "image",
        "entity",
        "written-entity",
        "tags",
        "backslash",
        "line-breaks",
        "hard-break",
    ],
)
def test_markdown_result_opens_no_block_and_no_markup(text, line):
    lines = markdown(report(results=[text]))

    assert [found for found in lines if found.startswith("- ") and "Kulturserver" not in found][
        0
    ] == line


@pytest.mark.parametrize(
    "text",
    [
        "Vorstellung der ersten Entwürfe für eine Corporate Identity + Logo",
        "Projektvorstellung „Smart Cities“ durch DSK-BIG",
        "-5 % Kosten gegenüber 2019",
        "#Hashtag ohne Leerzeichen",
        "25.05.2020: Leitbild-Workshop",
        "Brandschutz/Löschhilfen (z. B. Meldewesen), *wichtig*",
    ],
)
def test_markdown_result_without_markup_is_written_as_it_is(text):
    lines = markdown(report(results=[text]))

    assert f"- {text}" in lines


def test_markdown_heading_keeps_closing_hashes_and_its_number():
    lines = (
        markdown(report(heading="Lenkungsgruppe ##")),
        markdown(report(heading="7. Projektleitungsgruppe in Naunhof")),
    )

    assert (
        "## Lenkungsgruppe \\##" in lines[0],
        "## 7. Projektleitungsgruppe in Naunhof" in lines[1],
    ) == (
        True,
        True,
    )


def test_markdown_portfolio_cell_cannot_break_the_table():
    data = report(
        template="full",
        portfolio=[
            PortfolioRow(
                "Kultur | Server", "Kultur\nTourismus", "in Prüfung", "yellow", "gelb", SCRIPT
            )
        ],
    )

    lines = markdown(data)

    assert [line for line in lines if line.startswith("| Kultur")] == [
        f"| Kultur \\| Server | Kultur Tourismus | in Prüfung | gelb | {SCRIPT_ESCAPED_MD} |"
    ]


HOSTILE_RESULTS = [
    SCRIPT,
    "# Gefälschte Überschrift",
    "- Gefälschter Punkt",
    "1. Gefälschte Aufzählung",
    "---",
    "Kosten &amp; Nutzen <b>fett</b>",
    "a &lt; b > c",
    "[Link](javascript:alert(1))",
    "C:\\Daten",
    "Vorstellung der ersten Entwürfe für eine Corporate Identity + Logo",
]


def test_markdown_read_back_and_unescaped_gives_the_outline():
    data = report(results=HOSTILE_RESULTS, heading="Lenkungsgruppe <i>in</i> Naunhof ##")

    blocks = read_markdown(get_exporter("md").render(data).decode())

    # The reader takes the exporter's escapes away again: the same texts come back.
    assert [(block.kind, block.text) for block in blocks if block.kind != "break"] == [
        (block.kind, block.text) for block in seed_outline(shortened(data)) if block.kind != "break"
    ]


# A measure, a topic and a result named like a script, in every template from the
# database.
MEASURE = "Kulturserver <script>alert(1)</script>"
TOPIC_SCRIPT = "Kosten <script>alert(2)</script> & Einbindung"
RESULT_SCRIPT = "Kulturserver: <SCRIPT>alert(3)</SCRIPT> gewünscht"


def rendered_text(markdown_text: str) -> str:
    """The text a CommonMark viewer shows (tables included): its HTML without tags, with
    entities read, one space between words."""
    rendered = MarkdownIt("commonmark").enable("table").render(markdown_text)
    assert (
        re.findall(r"<(?!/?(?:h[1-6]|p|ul|li|table|thead|tbody|tr|th|td)>)[^>]*>", rendered) == []
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("template", "shown"),
    [
        ("seed", [TOPIC_SCRIPT, RESULT_SCRIPT]),
        ("full", [MEASURE]),
        ("meetings", [TOPIC_SCRIPT, RESULT_SCRIPT]),
    ],
)
def test_markdown_of_every_template_holds_no_script_tag_and_reads_right(template, shown):
    cooperation = imported_seed()
    Measure.objects.filter(title="Kosten und Einbindung Kulturserver").update(title=MEASURE)
    AgendaItem.objects.filter(title="Kosten und Einbindung Kulturserver").update(title=TOPIC_SCRIPT)
    Outcome.objects.filter(text__startswith="Kulturserver: Einbindung").update(text=RESULT_SCRIPT)

    text = get_exporter("md").render(april_may(cooperation, template=template)).decode()

    assert re.findall(r"<script", text, re.IGNORECASE) == []
    words = rendered_text(text)
    assert [found for found in (MEASURE, TOPIC_SCRIPT, RESULT_SCRIPT) if found in words] == shown


# HTML, PDF, DOCX, PPTX --------------------------------------------------------------


def test_html_escapes_markup_in_user_text():
    data = report(title=SCRIPT, next_steps=[SCRIPT])

    html = get_exporter("html").render(data).decode()

    assert (html.count(SCRIPT_ESCAPED_XML), "<script" in html) == (4, False)


def test_pdf_shows_markup_in_a_result_as_text():
    content = get_exporter("pdf").render(report())

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)

    assert SCRIPT in text


def package_xml(content: bytes, prefix: str) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return "".join(
            package.read(name).decode()
            for name in package.namelist()
            if name.startswith(prefix) and name.endswith(".xml")
        )


def test_docx_holds_markup_in_a_result_as_the_text_of_a_run():
    content = get_exporter("docx").render(report())

    paragraphs = [paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs]
    xml = package_xml(content, "word/document")

    assert (SCRIPT in paragraphs, f">{SCRIPT_ESCAPED_XML}</w:t>" in xml, "<script" in xml) == (
        True,
        True,
        False,
    )


def test_pptx_holds_markup_in_a_result_as_the_text_of_a_run():
    content = get_exporter("pptx").render(report())

    presentation = pptx.Presentation(io.BytesIO(content))
    paragraphs = [
        paragraph.text
        for slide in presentation.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
    ]
    xml = package_xml(content, "ppt/slides/")

    assert (SCRIPT in paragraphs, f"<a:t>{SCRIPT_ESCAPED_XML}</a:t>" in xml, "<script" in xml) == (
        True,
        True,
        False,
    )


# Control characters -----------------------------------------------------------------

# Word's line break (\v) as text pasted from Word brings it, and other controls.
CONTROLLED = "Zeile\x0beins\x01zwei\x7fdrei\x85vier"
CLEANED = "Zeile eins zwei drei vier"


def shown(identifier: str, content: bytes) -> list[str]:
    if identifier == "md":
        return content.decode().splitlines()
    if identifier == "html":
        return [content.decode()]
    if identifier == "pdf":
        return [" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)]
    if identifier == "docx":
        return [paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs]
    presentation = pptx.Presentation(io.BytesIO(content))
    return [
        paragraph.text
        for slide in presentation.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
    ]


@pytest.mark.parametrize("identifier", ["md", "html", "pdf", "docx", "pptx"])
def test_render_a_result_with_control_characters_shows_spaces_instead(identifier):
    content = get_exporter(identifier).render(report(results=[CONTROLLED]))

    assert any(CLEANED in text for text in shown(identifier, content))


def test_markdown_of_a_result_with_control_characters_can_be_imported_again():
    blocks = read_markdown(get_exporter("md").render(report(results=[CONTROLLED])).decode())

    assert CLEANED in [block.text for block in blocks]

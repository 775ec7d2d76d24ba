"""Hostile report files: zip bombs, forged zip headers, XML entities and deep nesting,
control characters, overlong lines, too many lines. Each is refused with a German
message naming the file (and the line, paragraph or slide), before anything reaches
the database; the bombs are refused without being unpacked."""

import struct
import zipfile
import zlib
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import docx
import pptx
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from ikz.reports.readers import (
    MAX_PART_BYTES,
    UNPACK_CHUNK,
    ReportImportError,
    describe,
    read_file,
)
from ikz.reports.storing import import_file
from ikz.sample.demo import DEMO_REPORT

SEED = DEMO_REPORT
MB = 1024 * 1024
W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SLIDE = "ppt/slides/slide1.xml"
IMAGE = "word/media/image1.png"
# Ten to the ninth "lol"s, should &lol9; be expanded.
BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10))
    + b"]>"
)
EXTERNAL_ENTITY = b'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

# The German messages, as the import form and the CLI show them (``describe``).
ZIP_BOMB = (
    "{file}: der Teil „{part}“ ist dichter als 100:1 gepackt, wie kein Dokument; die Datei "
    "wird als mögliche Zip-Bombe abgelehnt."
)
DAMAGED = "{file}: der Teil „{part}“ ist beschädigt und lässt sich nicht entpacken."
DOCTYPE = (
    "{file}: der Teil „{part}“ deklariert einen Dokumenttyp oder Entitäten (<!DOCTYPE, "
    "<!ENTITY), was Office-Dateien nie tun; die Datei wird abgelehnt."
)
NESTED = (
    "{file}: der Teil „{part}“ verschachtelt seine Elemente tiefer als 200 Ebenen, wie kein "
    "Dokument."
)
NOT_XML = "{file}: der Teil „{part}“ ist kein wohlgeformtes XML (Zeile {line}, Spalte {column})."
CONTROL = (
    "{file}, {where}: der Text enthält das Steuerzeichen {code}, das ein Bericht nicht "
    "enthalten darf."
)
LONG = (
    "{file}, {where}: der Text ist {length} Zeichen lang; eine Zeile oder ein Absatz hat "
    "höchstens 2.000."
)
MANY = (
    "{file}, {where}: der Bericht hat mehr als 2.000 Zeilen und Absätze (leere "
    "mitgezählt); mehr werden nicht gelesen."
)
TOO_MUCH_TEXT = (
    "der Text ist insgesamt länger als 2.000.000 Zeichen; ein Bericht darf höchstens so "
    "viele haben."
)


def row_counts() -> dict[str, int]:
    """Rows of every model, history tables included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def refusal(path: Path) -> str:
    with pytest.raises(ReportImportError) as excinfo:
        read_file(path)
    return describe(excinfo.value, path.name)


# Building hostile files -------------------------------------------------------------


def word(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def slides(path: Path, title: str, *items: str) -> Path:
    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = title
    body = slide.placeholders[1].text_frame
    body.text = items[0]
    for item in items[1:]:
        body.add_paragraph().text = item
    presentation.save(path)
    return path


def repack(path: Path, parts: dict[str, bytes]) -> Path:
    """The package with ``parts`` replaced or added, deflated as Office does."""
    with zipfile.ZipFile(path) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist()}
    contents.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in contents.items():
            archive.writestr(part, data)
    return path


def edit(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(path) as archive:
        data = archive.read(part)
    return repack(path, {part: change(data)})


def with_doctype(declaration: bytes, entity: bytes) -> Callable[[bytes], bytes]:
    """The part's XML with ``declaration`` after the XML declaration, and ``entity``
    for the text "Statusbericht"."""
    return lambda data: data.replace(b"?>", b"?>" + declaration, 1).replace(
        b"Statusbericht", entity
    )


LAUGHING = with_doctype(BILLION_LAUGHS, b"&lol9;")
EXTERNAL = with_doctype(EXTERNAL_ENTITY, b"&xxe;")


def forge_size(path: Path, part: str, size: int) -> Path:
    """The uncompressed size the local header and the central directory declare for
    ``part``, set to ``size`` whatever the part holds."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(part).header_offset
    struct.pack_into("<I", data, offset + 22, size)
    name = part.encode()
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 1)
    struct.pack_into("<I", data, entry + 24, size)
    path.write_bytes(bytes(data))
    return path


def zip_bomb(tmp_path: Path) -> Path:
    """A Word document with an "image" of 5 MB of zeros, packed about 1000:1."""
    path = word(tmp_path / "bombe.docx", "Statusbericht")
    return repack(path, {IMAGE: bytes(5 * MB)})


def forged_small(tmp_path: Path) -> Path:
    """The zip bomb's image declaring 1,000 bytes in both headers: packed 1:5, seemingly."""
    return forge_size(zip_bomb(tmp_path), IMAGE, 1_000)


def xml_error_at(part_data: bytes, byte: bytes) -> tuple[int, int]:
    """Line and column (from 1) of ``byte`` in the XML, as libxml2 reports them."""
    lines = part_data.split(b"\n")
    line = next(number for number, text in enumerate(lines) if byte in text)
    return line + 1, lines[line].index(byte) + 1


def nul_in_word(tmp_path: Path) -> tuple[Path, tuple[int, int]]:
    path = word(tmp_path / "nul.docx", "Text mit NUL")
    edit(path, "word/document.xml", lambda data: data.replace(b"mit NUL", b"mit \x00NUL"))
    with zipfile.ZipFile(path) as archive:
        return path, xml_error_at(archive.read("word/document.xml"), b"\x00")


def nul_in_slide(tmp_path: Path) -> tuple[Path, tuple[int, int]]:
    path = slides(tmp_path / "nul.pptx", "Statusbericht", "Text mit NUL")
    edit(path, SLIDE, lambda data: data.replace(b"mit NUL", b"mit \x00NUL"))
    with zipfile.ZipFile(path) as archive:
        return path, xml_error_at(archive.read(SLIDE), b"\x00")


def word_xml(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NAMESPACE}"><w:body>{body}</w:body></w:document>'
    ).encode()


def deeply_nested(path: Path, part: str) -> Path:
    """100,000 nested elements (700 KB, so below the size where the ratio counts)."""
    nested = "<a>" * 100_000 + "</a>" * 100_000
    if part == SLIDE:
        return edit(
            path, part, lambda data: data.replace(b"</p:sld>", nested.encode() + b"</p:sld>")
        )
    return repack(path, {part: word_xml(nested)})


def paragraphs_xml(count: int, text: Callable[[int], str]) -> bytes:
    return word_xml("".join(f"<w:p><w:r><w:t>{text(n)}</w:t></w:r></w:p>" for n in range(count)))


def lines(*texts: str) -> str:
    return "\n".join(texts)


# Zip bombs and forged headers -------------------------------------------------------


@pytest.fixture
def inflated(monkeypatch) -> list[int]:
    """Bytes inflated by every zlib decompressor zipfile creates while the test runs."""
    counts: list[int] = []
    original = zlib.decompressobj

    class Counting:
        def __init__(self, *args):
            self.inflater = original(*args)

        def decompress(self, data, max_length=0):
            out = self.inflater.decompress(data, max_length)
            counts.append(len(out))
            return out

        def flush(self, *args):
            out = self.inflater.flush(*args)
            counts.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self.inflater, name)

    monkeypatch.setattr(zlib, "decompressobj", Counting)
    return counts


def test_read_file_zip_bomb_is_refused_without_unpacking_a_byte(tmp_path, inflated):
    path = zip_bomb(tmp_path)
    inflated.clear()

    message = refusal(path)

    assert (message, sum(inflated)) == (ZIP_BOMB.format(file="bombe.docx", part=IMAGE), 0)


def test_read_file_forged_small_size_unpacks_no_more_than_declared(tmp_path, inflated):
    # The image holds 5 MB; read past its declared 1,000 bytes, it would show them.
    path = forged_small(tmp_path)
    with zipfile.ZipFile(path) as archive:
        declared = sum(info.file_size for info in archive.infolist())
    inflated.clear()

    message = refusal(path)

    # At least the honest parts and the declared 1,000 bytes; at most one chunk more.
    assert (message, declared <= sum(inflated) <= declared + UNPACK_CHUNK) == (
        DAMAGED.format(file="bombe.docx", part=IMAGE),
        True,
    )


def test_read_file_forged_large_size_is_refused_from_the_directory(tmp_path, inflated):
    path = forge_size(word(tmp_path / "gross.docx", "Statusbericht"), "word/styles.xml", 25 * MB)
    inflated.clear()

    message = refusal(path)

    assert (message, sum(inflated)) == (
        "gross.docx: der Teil „word/styles.xml“ ist entpackt 25 MB groß; ein Teil darf "
        "höchstens 20 MB groß sein.",
        0,
    )


def test_read_file_too_much_unpacked_in_all_is_refused(tmp_path):
    path = word(tmp_path / "gross.docx", "Statusbericht")
    for part in ("word/styles.xml", "word/stylesWithEffects.xml", "word/numbering.xml"):
        forge_size(path, part, MAX_PART_BYTES - 1)

    message = refusal(path)

    assert message == (
        "gross.docx: die Datei ist entpackt 61 MB groß; gelesen werden höchstens 50 MB."
    )


def test_read_file_too_many_parts_is_refused(tmp_path):
    path = word(tmp_path / "viele.docx", "Statusbericht")
    repack(path, {f"word/media/leer{n}.png": b"" for n in range(1_000)})

    message = refusal(path)

    assert message == (
        "viele.docx: die Datei besteht aus 1.017 Teilen; gelesen werden höchstens 1.000."
    )


def test_read_file_too_many_xml_elements_in_all_is_refused(tmp_path):
    # Ten parts of 240 KB each, too small for the ratio to count, 600,000 elements.
    path = word(tmp_path / "elemente.docx", "Statusbericht")
    repack(
        path, {f"customXml/item{n}.xml": b"<a>" + b"<b/>" * 60_000 + b"</a>" for n in range(2, 12)}
    )

    message = refusal(path)

    assert message == (
        "elemente.docx: die Datei enthält mehr als 500.000 XML-Elemente, wie kein Bericht."
    )


# XML: entities, nesting -------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "part"),
    [
        pytest.param(
            lambda path: edit(
                word(path.with_suffix(".docx"), "Statusbericht"),
                "word/document.xml",
                LAUGHING,
            ),
            "word/document.xml",
            id="billion-laughs-word",
        ),
        pytest.param(
            lambda path: edit(
                word(path.with_suffix(".docx"), "Statusbericht"),
                "word/document.xml",
                EXTERNAL,
            ),
            "word/document.xml",
            id="external-entity-word",
        ),
        pytest.param(
            lambda path: edit(
                slides(path.with_suffix(".pptx"), "Statusbericht", "Punkt"),
                SLIDE,
                LAUGHING,
            ),
            SLIDE,
            id="billion-laughs-slide",
        ),
        pytest.param(
            lambda path: edit(
                slides(path.with_suffix(".pptx"), "Statusbericht", "Punkt"),
                SLIDE,
                EXTERNAL,
            ),
            SLIDE,
            id="external-entity-slide",
        ),
        pytest.param(
            # UTF-16 is the other encoding Office XML may use: found in the bytes too.
            lambda path: repack(
                word(path.with_suffix(".docx"), "Statusbericht"),
                {
                    "word/document.xml": '<?xml version="1.0" encoding="UTF-16"?>'
                    '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'.encode("utf-16")
                },
            ),
            "word/document.xml",
            id="utf-16",
        ),
        pytest.param(
            # An encoding the byte search does not know: the parser's doctype callback
            # refuses it.
            lambda path: repack(
                word(path.with_suffix(".docx"), "Statusbericht"),
                {
                    "word/document.xml": '<?xml version="1.0" encoding="UTF-32"?>'
                    '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'.encode("utf-32")
                },
            ),
            "word/document.xml",
            id="utf-32",
        ),
    ],
)
def test_read_file_document_type_is_refused_before_parsing(tmp_path, build, part):
    path = build(tmp_path / "entitaeten")

    message = refusal(path)

    assert message == DOCTYPE.format(file=path.name, part=part)


@pytest.mark.parametrize(
    ("build", "part"),
    [
        (lambda path: word(path.with_suffix(".docx"), "Statusbericht"), "word/document.xml"),
        (lambda path: slides(path.with_suffix(".pptx"), "Statusbericht", "Punkt"), SLIDE),
    ],
    ids=["word", "slide"],
)
def test_read_file_deep_nesting_is_refused_with_a_message(tmp_path, build, part):
    path = deeply_nested(build(tmp_path / "tief"), part)

    message = refusal(path)

    assert message == NESTED.format(file=path.name, part=part)


# Control characters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("character", "code"),
    [
        ("\x00", "U+0000"),
        ("\x1b", "U+001B"),
        ("\x0c", "U+000C"),  # form feed, which splitlines() took for a line break
        ("\x7f", "U+007F"),
        ("\x85", "U+0085"),  # NEL, the same
        ("\x9b", "U+009B"),
    ],
)
def test_read_file_control_character_in_text_names_the_line(tmp_path, character, code):
    path = tmp_path / "steuerzeichen.md"
    path.write_text(lines("# Titel", "", f"Statusbericht{character} Mai 2020"), encoding="utf-8")

    message = refusal(path)

    assert message == CONTROL.format(file=path.name, where="Zeile 3", code=code)


def test_read_file_tab_and_line_ends_are_no_control_characters(tmp_path):
    path = tmp_path / "bericht.md"
    path.write_bytes(b"# Titel\r\n\r\n- Punkt\teins\r- Punkt zwei\n")

    blocks = read_file(path)

    assert [(block.kind, block.text, block.where) for block in blocks] == [
        ("heading", "Titel", "Zeile 1"),
        ("break", "", "Zeile 2"),
        ("item", "Punkt\teins", "Zeile 3"),
        ("item", "Punkt zwei", "Zeile 4"),
    ]


def test_read_file_nul_in_word_xml_names_part_line_and_column(tmp_path):
    path, (line, column) = nul_in_word(tmp_path)

    message = refusal(path)

    assert message == NOT_XML.format(
        file="nul.docx", part="word/document.xml", line=line, column=column
    )


def test_read_file_nul_in_slide_xml_names_part_line_and_column(tmp_path):
    path, (line, column) = nul_in_slide(tmp_path)

    message = refusal(path)

    assert message == NOT_XML.format(file="nul.pptx", part=SLIDE, line=line, column=column)


def test_read_file_c1_control_in_word_paragraph_names_the_paragraph(tmp_path):
    # XML allows DEL and the C1 controls, python-docx reads them.
    path = word(tmp_path / "steuerzeichen.docx", "Statusbericht", "Sitzung\x9b am 11.05.2020")

    message = refusal(path)

    assert message == CONTROL.format(file=path.name, where="Absatz 2", code="U+009B")


def test_read_file_del_in_slide_names_slide_and_line(tmp_path):
    path = slides(tmp_path / "steuerzeichen.pptx", "Statusbericht", "Punkt", "Punkt\x7f zwei")

    message = refusal(path)

    assert message == CONTROL.format(file=path.name, where="Folie 1, Zeile 3", code="U+007F")


def test_read_file_line_break_in_slide_is_no_control_character(tmp_path):
    # python-pptx reads a line break (a:br) as a vertical tab.
    path = slides(tmp_path / "umbruch.pptx", "Statusbericht", "Punkt\veins")

    blocks = read_file(path)

    assert [(block.kind, block.text) for block in blocks] == [
        ("heading", "Statusbericht"),
        ("item", "Punkt eins"),
        ("break", ""),
    ]


def test_read_file_utf16_text_is_read_as_text(tmp_path):
    # Windows' "Unicode" text: its zero bytes are no NULs.
    path = tmp_path / "bericht.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))

    blocks = read_file(path)

    assert blocks == read_file(SEED)


# Overlong lines, too many lines, too much text --------------------------------------


def test_read_file_megabyte_line_names_the_line(tmp_path):
    path = tmp_path / "lang.md"
    path.write_text(lines("# Titel", "x" * MB), encoding="utf-8")

    message = refusal(path)

    assert message == LONG.format(file=path.name, where="Zeile 2", length="1.048.576")


def test_read_file_long_word_paragraph_names_the_paragraph(tmp_path):
    path = word(tmp_path / "lang.docx", "Statusbericht", "Ergebnis " * 300)

    message = refusal(path)

    assert message == LONG.format(file=path.name, where="Absatz 2", length="2.700")


def test_read_file_long_slide_line_names_slide_and_line(tmp_path):
    path = slides(tmp_path / "lang.pptx", "Statusbericht", "Ergebnis " * 300)

    message = refusal(path)

    assert message == LONG.format(file=path.name, where="Folie 1, Zeile 2", length="2.700")


def test_read_file_ten_thousand_items_names_the_first_too_many(tmp_path):
    path = tmp_path / "viele.md"
    path.write_text(lines(*(f"- Punkt {n}" for n in range(10_000))), encoding="utf-8")

    message = refusal(path)

    assert message == MANY.format(file=path.name, where="Zeile 2001")


def test_read_file_ten_thousand_word_paragraphs_names_the_first_too_many(tmp_path):
    path = word(tmp_path / "viele.docx")
    repack(path, {"word/document.xml": paragraphs_xml(10_000, lambda n: f"Punkt {n}")})

    message = refusal(path)

    assert message == MANY.format(file=path.name, where="Absatz 2001")


def test_read_file_ten_thousand_slide_items_names_the_first_too_many(tmp_path):
    path = slides(tmp_path / "viele.pptx", "Statusbericht", *(f"Punkt {n}" for n in range(10_000)))

    message = refusal(path)

    assert message == MANY.format(file=path.name, where="Folie 1, Zeile 2001")


def test_read_file_too_much_text_names_the_line_that_passes_the_limit(tmp_path):
    path = tmp_path / "viel.md"
    path.write_text(lines(*("x" * 2_000 for _n in range(1_001))), encoding="utf-8")

    message = refusal(path)

    assert message == f"viel.md, Zeile 1001: {TOO_MUCH_TEXT}"


def test_read_file_text_file_larger_than_any_report_is_refused_unread(tmp_path):
    path = tmp_path / "riesig.txt"
    path.write_bytes(b"x" * (9 * MB))

    message = refusal(path)

    assert message == f"riesig.txt: {TOO_MUCH_TEXT}"


# The database -----------------------------------------------------------------------


def text_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def binary_file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def nul_in_seed(tmp_path: Path) -> Path:
    seed = SEED.read_text(encoding="utf-8")
    return text_file(tmp_path, "nul.md", seed.replace("Naunhof", "Naun\x00hof", 1))


NUL_IN_SEED = CONTROL.format(file="nul.md", where="Zeile 21", code="U+0000")


def nul_in_xml(build) -> Callable[[Path], tuple[Path, str]]:
    def case(tmp_path: Path) -> tuple[Path, str]:
        path, (line, column) = build(tmp_path)
        part = SLIDE if path.suffix == ".pptx" else "word/document.xml"
        return path, NOT_XML.format(file=path.name, part=part, line=line, column=column)

    return case


# Each builds a file and says how it is refused.
HOSTILE = [
    pytest.param(
        lambda tmp_path: (zip_bomb(tmp_path), ZIP_BOMB.format(file="bombe.docx", part=IMAGE)),
        id="zip-bomb",
    ),
    pytest.param(
        lambda tmp_path: (forged_small(tmp_path), DAMAGED.format(file="bombe.docx", part=IMAGE)),
        id="forged-size",
    ),
    pytest.param(
        lambda tmp_path: (
            edit(word(tmp_path / "lachen.docx", "Statusbericht"), "word/document.xml", LAUGHING),
            DOCTYPE.format(file="lachen.docx", part="word/document.xml"),
        ),
        id="billion-laughs-word",
    ),
    pytest.param(
        lambda tmp_path: (
            edit(slides(tmp_path / "extern.pptx", "Statusbericht", "Punkt"), SLIDE, EXTERNAL),
            DOCTYPE.format(file="extern.pptx", part=SLIDE),
        ),
        id="external-entity-slide",
    ),
    pytest.param(
        lambda tmp_path: (
            deeply_nested(word(tmp_path / "tief.docx", "Statusbericht"), "word/document.xml"),
            NESTED.format(file="tief.docx", part="word/document.xml"),
        ),
        id="deep-nesting",
    ),
    pytest.param(
        lambda tmp_path: (
            binary_file(tmp_path, "bericht.docx", b"MZ\x90\x00\x03\x00\x00\x00%PDF-1.7\n"),
            "bericht.docx: die Datei ist kein gültiges Word-Dokument (.docx).",
        ),
        id="program-carrying-pdf-as-word",
    ),
    pytest.param(
        lambda tmp_path: (
            binary_file(tmp_path, "folien.pptx", b"<html>%PDF-1.7<script>alert(1)</script>"),
            "folien.pptx: die Datei ist keine gültige PowerPoint-Präsentation (.pptx).",
        ),
        id="web-page-carrying-pdf-as-slides",
    ),
    pytest.param(lambda tmp_path: (nul_in_seed(tmp_path), NUL_IN_SEED), id="nul-markdown"),
    pytest.param(nul_in_xml(nul_in_word), id="nul-word"),
    pytest.param(nul_in_xml(nul_in_slide), id="nul-slide"),
    pytest.param(
        lambda tmp_path: (
            word(tmp_path / "c1.docx", "Statusbericht", "Sitzung\x9b"),
            CONTROL.format(file="c1.docx", where="Absatz 2", code="U+009B"),
        ),
        id="c1-word",
    ),
    pytest.param(
        lambda tmp_path: (
            slides(tmp_path / "del.pptx", "Statusbericht", "Punkt\x7f"),
            CONTROL.format(file="del.pptx", where="Folie 1, Zeile 2", code="U+007F"),
        ),
        id="del-slide",
    ),
    pytest.param(
        lambda tmp_path: (
            text_file(tmp_path, "lang.md", lines("# Titel", "x" * MB)),
            LONG.format(file="lang.md", where="Zeile 2", length="1.048.576"),
        ),
        id="megabyte-line",
    ),
    pytest.param(
        lambda tmp_path: (
            text_file(tmp_path, "viele.md", lines(*(f"- Punkt {n}" for n in range(10_000)))),
            MANY.format(file="viele.md", where="Zeile 2001"),
        ),
        id="ten-thousand-items",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", HOSTILE)
def test_import_file_hostile_file_changes_nothing(tmp_path, case):
    import_file(SEED)  # data that must stay as it is
    path, expected = case(tmp_path)
    before = row_counts()

    with pytest.raises(ReportImportError) as excinfo:
        import_file(path, name=path.name)

    assert (describe(excinfo.value, path.name), row_counts()) == (expected, before)


@pytest.mark.django_db
def test_import_report_command_nul_in_markdown_is_a_clean_error(tmp_path):
    path = nul_in_seed(tmp_path)
    before = row_counts()

    with pytest.raises(CommandError) as excinfo:
        call_command("import-report", str(path), stdout=StringIO())

    assert (str(excinfo.value), row_counts()) == (NUL_IN_SEED, before)

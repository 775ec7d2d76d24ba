"""Uploads are limited in size and to a few document types whose content is checked;
downloads go out so that a browser saves them and runs nothing (ikz.core.files)."""

import io
import zipfile

import docx
import pptx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse

from ikz.core.files import (
    DOCUMENT_TYPES,
    UploadSizeValidator,
    UploadTypeValidator,
    content_disposition,
    safe_download_headers,
)
from ikz.core.models import Document
from tests.factories import CooperationFactory, MeetingFactory

# A complete PNG of one pixel.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\x90\x8f\xef\xfe\x0f\x00\x03\xb3\x02\t{"
    b"\x04h\xdd\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
ALLOWED = ".pdf, .docx, .xlsx, .pptx, .odt, .ods, .odp, .txt, .csv, .png, .jpg, .jpeg"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def open_document(kind: str) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    return zipped({"mimetype": mimetype, "content.xml": b"<office:document-content/>"})


def office_open_xml(folder: str) -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", f"{folder}/main.xml": b"<x/>"})


SAMPLES = {
    "pdf": PDF,
    "docx": saved(docx.Document()),
    "xlsx": office_open_xml("xl"),
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


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("protokoll.pdf", b"<html><script>alert(1)</script></html>"),
        ("bild.png", JPEG),
        ("foto.jpg", PNG),
        ("bericht.docx", zipped({"readme.txt": b"kein Word"})),
        ("bericht.docx", SAMPLES["pptx"]),
        ("tabelle.xlsx", b"PK\x03\x04 kaputt"),
        ("text.odt", open_document("spreadsheet")),
        ("folien.odp", SAMPLES["docx"]),
        ("liste.csv", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("leer.pdf", b""),
    ],
)
def test_content_of_another_kind_is_refused(name, content):
    error = refusal(UploadTypeValidator(), upload(name, content))

    assert error.code == "file_content"
    assert f".{name.rsplit('.', 1)[1]}" in error.messages[0]


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

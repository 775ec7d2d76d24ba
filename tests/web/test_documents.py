"""Documents in the browser: attached to a meeting (or one of its topics) or a
measure by coordinators and, as their municipality's, by members; refused when too
large or not what the name says, with nothing stored; downloaded with the permission
of what they belong to."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ikz.core.models import Document, Municipality, Role
from ikz.measures.models import Measure
from ikz.meetings.models import Meeting
from ikz.sample.demo import load_partheland
from tests.core.test_files import PNG
from tests.factories import AgreementFactory, CooperationFactory, RoleFactory, pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


@pytest.fixture
def partheland(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return load_partheland()


@pytest.fixture
def meeting(partheland):
    return Meeting.objects.get(body__cooperation=partheland, number=7)


@pytest.fixture
def measure(partheland):
    return Measure.objects.get(cooperation=partheland, title="Online-Stadtplan")


def signed_in(client, cooperation, kind=Role.Kind.COORDINATOR, municipality=None):
    role = RoleFactory(cooperation=cooperation, kind=kind, municipality=municipality)
    client.force_login(role.user)
    return role.user


def pdf(name="Vorlage Stadtplan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def test_coordinator_attaches_a_document_to_a_topic_and_downloads_it(client, partheland, meeting):
    signed_in(client, partheland)
    item = meeting.agenda_items.get(title__startswith="Prüfung und Konkretisierung")
    upload = f"/sitzungen/{meeting.pk}/dokumente/neu/"

    form = client.get(upload).content.decode()
    assert 'enctype="multipart/form-data"' in form
    assert "Höchstens 20 MB; erlaubt sind: .pdf" in form
    response = client.post(upload, {"file": pdf(), "agenda_item": item.pk})

    assert response.status_code == 302 and response["Location"] == f"/sitzungen/{meeting.pk}/"
    document = Document.objects.get()
    assert (document.title, document.meeting, document.agenda_item, document.is_public) == (
        "Vorlage Stadtplan",
        meeting,
        item,
        False,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Das Dokument „Vorlage Stadtplan“ ist angehängt." in page
    link = f"/dokumente/{document.pk}/Vorlage%20Stadtplan.pdf"
    assert f'href="{link}"' in page and f"PDF, {len(PDF)}\xa0Bytes" in page
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_member_attaches_a_document_to_a_measure_as_their_municipality(client, partheland, measure):
    naunhof = Municipality.objects.get(name="Naunhof")
    signed_in(client, partheland, Role.Kind.MEMBER, naunhof)
    upload = f"/massnahmen/{measure.pk}/dokumente/neu/"

    form = client.get(upload).content.decode()
    assert "Naunhof" in form and "Brandis" not in form.partition('name="municipality"')[2][:400]
    # What citizens see is the coordinators' to publish.
    assert 'name="is_public"' not in form
    response = client.post(
        upload,
        {"file": pdf(), "title": "Angebot", "municipality": naunhof.pk, "is_public": "on"},
    )

    assert response.status_code == 302
    assert (Document.objects.get().municipality, Document.objects.get().is_public) == (
        naunhof,
        False,
    )
    page = client.get(f"/massnahmen/{measure.pk}/").content.decode()
    assert "Angebot" in page and "Dokument anhängen" in page


def test_member_cannot_attach_a_document_as_another_municipality(client, partheland, measure):
    signed_in(client, partheland, Role.Kind.MEMBER, Municipality.objects.get(name="Naunhof"))
    brandis = Municipality.objects.get(name="Brandis")

    response = client.post(
        f"/massnahmen/{measure.pk}/dokumente/neu/", {"file": pdf(), "municipality": brandis.pk}
    )

    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen." in response.content.decode()
    assert not Document.objects.exists()


def test_observer_reads_documents_but_attaches_none(client, partheland, measure):
    signed_in(client, partheland, Role.Kind.OBSERVER)

    assert client.get(f"/massnahmen/{measure.pk}/dokumente/neu/").status_code == 403
    assert "Dokument anhängen" not in client.get(f"/massnahmen/{measure.pk}/").content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            pdf("Programm.pdf", b"MZ\x90\x00 not a PDF"),
            "Die Datei „Programm.pdf“ beginnt wie ein Programm (MZ) und kann nicht hochgeladen "
            "werden.",
        ),
        (
            pdf("Vorlage.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + PDF),
            "Die Datei „Vorlage.pdf“ beginnt wie ein Programm (MZ) und kann nicht hochgeladen "
            "werden.",
        ),
        (
            pdf("Vorlage.pdf", b"<html><body>%PDF-1.7<script>alert(1)</script></body></html>"),
            "Die Datei „Vorlage.pdf“ enthält Code einer Webseite (&lt;html), den ein Browser "
            "ausführen könnte; sie kann nicht hochgeladen werden.",
        ),
        (
            pdf("Vorlage.pdf", PDF[: len(PDF) // 2]),
            "Die Datei „Vorlage.pdf“ lässt sich nicht als „.pdf“-Datei lesen; vielleicht ist "
            "sie beschädigt, unvollständig oder umbenannt.",
        ),
        (
            pdf("Skript.exe", b"MZ\x90\x00"),
            "Dateien vom Typ „.exe“ können nicht hochgeladen werden.",
        ),
        (pdf("Leer.pdf", b""), "Die übertragene Datei ist leer."),
    ],
    ids=[
        "renamed program",
        "program carrying a pdf",
        "web page",
        "truncated pdf",
        "program",
        "empty",
    ],
)
def test_a_wrong_file_is_refused_next_to_the_field_and_nothing_is_stored(
    client, partheland, meeting, settings, upload, message
):
    signed_in(client, partheland)

    response = client.post(
        f"/sitzungen/{meeting.pk}/dokumente/neu/", {"file": upload, "title": "Mein Titel"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Bitte wählen Sie die Datei erneut" in page
    assert 'value="Mein Titel"' in page  # what was typed stays
    assert not Document.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def saved_word_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("Vorlage für den Lenkungsausschuss")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [("Vorlage.pdf", PDF), ("Vorlage.docx", saved_word_document()), ("Lageplan.png", PNG)],
    ids=["pdf", "docx", "png"],
)
def test_a_real_document_is_attached(client, partheland, meeting, settings, name, content):
    signed_in(client, partheland)

    response = client.post(
        f"/sitzungen/{meeting.pk}/dokumente/neu/", {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.title == name.rsplit(".", 1)[0]
    with document.file.open("rb") as stored:
        assert stored.read() == content


def test_a_file_over_the_limit_is_refused(client, partheland, meeting, settings):
    settings.IKZ_UPLOAD_MAX_MB = 1
    signed_in(client, partheland)

    response = client.post(
        f"/sitzungen/{meeting.pk}/dokumente/neu/", {"file": pdf(content=PDF + b"0" * 2**20)}
    )

    assert (
        "Die Datei ist zu groß (1,1 MB): Hochgeladen werden können höchstens 1 MB."
        in response.content.decode()
    )
    assert not Document.objects.exists()


def attach(meeting, *, is_public):
    return Document.objects.create(
        cooperation=meeting.body.cooperation,
        meeting=meeting,
        title="Präsentation",
        file=SimpleUploadedFile("praesentation.pdf", PDF),
        is_public=is_public,
    )


@pytest.mark.parametrize(
    ("document_public", "meeting_public", "anonymous"),
    [(True, True, 200), (True, False, 302), (False, True, 302)],
)
def test_anyone_downloads_a_public_document_of_a_public_meeting_only(
    client, partheland, meeting, document_public, meeting_public, anonymous
):
    Meeting.objects.filter(pk=meeting.pk).update(is_public=meeting_public)
    document = attach(meeting, is_public=document_public)
    link = f"/dokumente/{document.pk}/{document.download_name}"

    assert client.get(link).status_code == anonymous
    signed_in(client, CooperationFactory())
    assert client.get(link).status_code == (200 if anonymous == 200 else 403)
    signed_in(client, partheland, Role.Kind.OBSERVER)
    assert client.get(link).status_code == 200


def test_a_document_whose_file_is_gone_is_not_found(client, partheland, meeting):
    document = attach(meeting, is_public=False)
    document.file.storage.delete(document.file.name)
    signed_in(client, partheland)

    assert client.get(f"/dokumente/{document.pk}/x.pdf").status_code == 404
    assert "Datei fehlt" in client.get(f"/sitzungen/{meeting.pk}/").content.decode()


def test_coordinator_attaches_an_internal_document_to_an_agreement(client, partheland):
    agreement = AgreementFactory(cooperation=partheland, title="Zweckvereinbarung Bauhof")
    signed_in(client, partheland)
    upload = f"/zweckvereinbarungen/{agreement.pk}/dokumente/neu/"

    form = client.get(upload).content.decode()
    # An agreement's documents have no public place.
    assert 'name="is_public"' not in form
    response = client.post(upload, {"file": pdf("Genehmigung.pdf"), "is_public": "on"})

    assert response["Location"] == f"/zweckvereinbarungen/{agreement.pk}/"
    document = Document.objects.get()
    assert (document.agreement, document.is_public, document.title) == (
        agreement,
        False,
        "Genehmigung",
    )
    page = client.get(response["Location"]).content.decode()
    assert f'href="/dokumente/{document.pk}/Genehmigung.pdf"' in page
    client.logout()
    assert client.get(f"/dokumente/{document.pk}/Genehmigung.pdf").status_code == 302
    signed_in(client, partheland, Role.Kind.OBSERVER)
    assert client.get(f"/dokumente/{document.pk}/Genehmigung.pdf").status_code == 200
    assert client.get(upload).status_code == 403
    assert (
        "Dokument anhängen"
        not in client.get(f"/zweckvereinbarungen/{agreement.pk}/").content.decode()
    )

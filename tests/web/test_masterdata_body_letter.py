"""A body's invitation letter text and whether its meetings are public, kept in the
master data: the letter opens the body's invitations, and a new meeting of the body is
planned public or not as the body says, unless the coordinator changes it."""

import io
import zipfile

import pytest

from ikz.core.models import Body
from ikz.core.versions import current_version
from ikz.meetings.models import Meeting
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

BASE = "/k/partheland/stammdaten/gremien"


@pytest.fixture
def body(cooperation):
    return BodyFactory(cooperation=cooperation, name="Lenkungsgruppe", kind="steering_group")


def test_the_body_form_offers_the_letter_and_the_public_meetings(coordinator_client, body):
    page = coordinator_client.get(f"{BASE}/{body.pk}/").content.decode()

    assert "Sitzungen öffentlich" in page
    assert '<textarea name="invitation_text"' in page


def test_a_new_body_is_saved_with_its_letter_and_public_meetings(coordinator_client, cooperation):
    response = coordinator_client.post(
        f"{BASE}/",
        {"name": "Bürgerforum", "kind": "other", "municipality": "", "description": "",
         "is_public": "on", "invitation_text": "Liebe Bürgerinnen und Bürger,"},
    )  # fmt: skip

    assert response.status_code == 302
    body = Body.objects.get(cooperation=cooperation, name="Bürgerforum")
    assert (body.is_public, body.invitation_text) == (True, "Liebe Bürgerinnen und Bürger,")
    listed = coordinator_client.get(f"{BASE}/").content.decode()
    assert '">Ja</td>' in listed


def test_the_letter_edited_opens_the_bodys_invitation(coordinator_client, cooperation, body):
    letter = "Sehr geehrte Bürgermeisterinnen und Bürgermeister, wir laden Sie herzlich ein."
    response = coordinator_client.post(
        f"{BASE}/{body.pk}/",
        {"name": body.name, "kind": body.kind, "municipality": "", "description": "",
         "invitation_text": letter, "version": current_version(body)},
    )  # fmt: skip

    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.invitation_text, body.is_public) == (letter, False)
    assert body.history.first().invitation_text == letter
    coordinator_client.post(
        f"/k/{cooperation.slug}/sitzungen/neu/", {"body": body.pk, "date": "16.06.2020"}
    )
    meeting = Meeting.objects.get(body=body)
    invitation = coordinator_client.get(f"/sitzungen/{meeting.pk}/einladung.docx")
    assert invitation.status_code == 200
    assert b"wir laden Sie herzlich ein" in docx_text(invitation.content)


def docx_text(content: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml")


@pytest.mark.parametrize(("public", "checked"), [(True, True), (False, False)])
def test_a_new_meeting_of_the_body_starts_public_as_the_body_says(
    coordinator_client, cooperation, body, public, checked
):
    body.is_public = public
    body.save()

    page = coordinator_client.get(
        f"/k/{cooperation.slug}/sitzungen/neu/?gremium={body.pk}"
    ).content.decode()

    checkbox = page[page.index('name="is_public"') - 200 : page.index('name="is_public"') + 200]
    assert ("checked" in checkbox) is checked

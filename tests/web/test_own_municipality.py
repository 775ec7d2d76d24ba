"""A municipality member edits the tasks and documents of their own municipality in the
admin, and nothing of another's; adding and deleting stay with the coordinators."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ikz.core.models import Document, Municipality
from ikz.measures.models import Task
from ikz.meetings.models import Meeting
from tests.factories import TaskFactory, pdf_bytes
from tests.web.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperation(demo):
    """The Partheland demo: the member is Naunhof's."""
    return demo


@pytest.fixture
def places(demo):
    return {name: Municipality.objects.get(name=name) for name in ("Naunhof", "Borsdorf")}


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def posted(client, obj, **changes) -> dict:
    """The change form as the admin fills it, with ``changes``."""
    return change_form_data(client.get(change_url(obj))) | changes


def task_of(demo, municipality) -> Task:
    return TaskFactory(cooperation=demo, title="Stellenbörse", owner_municipality=municipality)


def test_member_edits_a_task_of_their_municipality(member_client, demo, places):
    task = task_of(demo, places["Naunhof"])

    response = member_client.post(
        change_url(task), posted(member_client, task, title="Stellenbörse starten")
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Stellenbörse starten"


def test_member_cannot_edit_a_task_of_another_municipality(member_client, demo, places):
    task = task_of(demo, places["Borsdorf"])

    response = member_client.post(change_url(task), posted(member_client, task, title="Übernommen"))

    assert response.status_code == 403
    task.refresh_from_db()
    assert task.title == "Stellenbörse"


def test_member_cannot_give_a_task_to_another_municipality(member_client, demo, places):
    task = task_of(demo, places["Naunhof"])

    response = member_client.post(
        change_url(task), posted(member_client, task, owner_municipality=places["Borsdorf"].pk)
    )

    assert response.status_code == 200
    assert "Sie dürfen nur bearbeiten, was zu Ihrer eigenen Kommune gehört." in (
        response.content.decode()
    )
    task.refresh_from_db()
    assert task.owner_municipality == places["Naunhof"]


def test_member_edits_a_document_of_their_municipality_only(
    member_client, demo, places, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = Meeting.objects.filter(body__cooperation=demo).first()
    ours, theirs = (
        Document.objects.create(
            cooperation=demo,
            meeting=meeting,
            municipality=places[name],
            title=f"Vorlage {name}",
            file=ContentFile(pdf_bytes(), name="vorlage.pdf"),
        )
        for name in ("Naunhof", "Borsdorf")
    )

    mine = member_client.post(
        change_url(ours), posted(member_client, ours, title="Vorlage Naunhof, neu")
    )
    other = member_client.post(
        change_url(theirs), posted(member_client, theirs, title="Übernommen")
    )

    assert (mine.status_code, other.status_code) == (302, 403)
    ours.refresh_from_db()
    assert ours.title == "Vorlage Naunhof, neu"


def test_member_neither_adds_nor_deletes_tasks(member_client, demo, places):
    task = task_of(demo, places["Naunhof"])

    assert member_client.get(reverse("admin:measures_task_add")).status_code == 403
    assert (
        member_client.post(reverse("admin:measures_task_delete", args=[task.pk])).status_code == 403
    )
    assert Task.objects.filter(pk=task.pk).exists()

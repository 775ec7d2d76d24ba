"""The coordinators' audit log page and its CSV."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ikz.core.models import Body, Role
from ikz.measures.models import Task
from tests.factories import BodyFactory, TaskFactory

pytestmark = pytest.mark.django_db


def rename(body, name):
    """As the admin saves it: the history records who."""
    body.name = name
    body.save()
    Body.history.filter(id=body.pk).order_by("-history_date").update(
        history_user=Role.objects.filter(kind="coordinator").first().user
    )


def test_audit_page_shows_the_change_with_its_fields(coordinator_client, cooperation):
    body = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")
    rename(body, "Lenkungsausschuss")

    page = coordinator_client.get("/k/partheland/protokoll/").content.decode()

    assert "Partheland: Änderungsprotokoll" in page
    assert "Name: Lenkungsgruppe → Lenkungsausschuss" in page
    assert "koordination" in page


def test_audit_csv_is_german_excel_csv_with_one_line_per_field(coordinator_client, cooperation):
    body = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")
    rename(body, "Lenkungsausschuss")

    response = coordinator_client.get("/k/partheland/protokoll.csv?kind=core.Body")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffwann;von;Änderung;Art der Daten;")
    assert ";Name;Lenkungsgruppe;Lenkungsausschuss" in text


@pytest.mark.parametrize(
    "title",
    ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x.example")'],
    ids=["equals", "plus", "minus", "at", "tab", "carriage return", "hyperlink"],
)
def test_audit_csv_writes_a_task_title_like_a_formula_as_text(
    coordinator_client, cooperation, title
):
    TaskFactory(cooperation=cooperation, title="Stellenbörse")
    task = Task.objects.get()
    task.title = title
    task.save()

    response = coordinator_client.get("/k/partheland/protokoll.csv?kind=measures.Task")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    # The change, newest first; the task's creation after it names its first title.
    assert rows[1][5:] == [f"'{title}", "Titel", "Stellenbörse", f"'{title}"]
    assert {cell for row in rows for cell in row if title in cell} == {f"'{title}"}


def test_audit_page_names_a_wrong_date_range(coordinator_client, cooperation):
    page = coordinator_client.get(
        "/k/partheland/protokoll/", {"since": "2020-06-01", "until": "2020-05-01"}
    ).content.decode()

    assert "Der letzte Tag liegt am oder nach dem ersten." in page


def test_audit_page_is_for_coordinators(observer_client):
    assert observer_client.get("/k/partheland/protokoll/").status_code == 403
    assert observer_client.get("/k/partheland/protokoll.csv").status_code == 403


def test_audit_page_queries_do_not_grow_with_the_changes(
    coordinator_client, cooperation, django_assert_max_num_queries
):
    """Two queries per kind of data and one per kind of row a change names: the page
    with one change of every kind reads at least as much as with many changes."""
    body = BodyFactory(cooperation=cooperation, name="Gruppe 0")
    rename(body, "Gruppe 1")
    coordinator_client.get(reverse("web:audit", args=["partheland"]))
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(reverse("web:audit", args=["partheland"]))
    for number in range(2, 30):
        rename(BodyFactory(cooperation=cooperation), f"Gruppe {number}")

    with django_assert_max_num_queries(len(few)):
        coordinator_client.get(reverse("web:audit", args=["partheland"]))

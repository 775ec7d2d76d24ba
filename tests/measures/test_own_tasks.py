"""A task's own life besides the meeting that set it: renamed under a version check,
commented on, marked done on a day between its start and today, opened again with a
reason kept in its history; "my tasks" of a municipality's member."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ikz.core.models import Role
from ikz.core.versions import VersionConflict, current_version
from ikz.measures.domain import (
    comment_on_task,
    complete_task,
    create_task,
    rename_task,
    reopen_task,
)
from ikz.measures.models import Task, TaskComment
from ikz.measures.queries import comments_of, state_history, task_rows
from tests.factories import (
    CooperationFactory,
    MunicipalityFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JUNE_1 = datetime.date(2020, 6, 1)
JUNE_16 = datetime.date(2020, 6, 16)


@pytest.fixture
def task():
    return create_task(
        cooperation=CooperationFactory(),
        title="Zahlen liefern",
        description="Fallzahlen 2019",
        created_on=JUNE_1,
    )


def test_create_task_keeps_its_description(task):
    assert Task.objects.get(pk=task.pk).description == "Fallzahlen 2019"


def test_rename_task_stores_title_and_description_in_the_history(task):
    rename_task(
        task, title=" Fallzahlen liefern ", description="bis Ende Juni",
        version=current_version(task),
    )  # fmt: skip

    stored = Task.objects.get(pk=task.pk)
    assert (stored.title, stored.description) == ("Fallzahlen liefern", "bis Ende Juni")
    assert task.history.count() == 2


def test_rename_task_based_on_an_older_version_is_refused_and_stores_nothing(task):
    old = current_version(task)
    rename_task(task, title="Erste Fassung", description="", version=old)

    with pytest.raises(VersionConflict):
        rename_task(task, title="Zweite Fassung", description="", version=old)

    assert Task.objects.get(pk=task.pk).title == "Erste Fassung"


def test_rename_task_without_a_title_names_the_field(task):
    with pytest.raises(ValidationError) as refused:
        rename_task(task, title="  ", description="", version=current_version(task))

    assert refused.value.message_dict == {"title": ["„Titel“: Sagen Sie, was zu tun ist."]}


def test_comment_on_task_keeps_author_text_and_time(task):
    author = UserFactory(first_name="Nina", last_name="Neumann")

    comment = comment_on_task(task, author=author, text="  Borsdorf fehlt noch.  ")

    assert (comment.author, comment.text) == (author, "Borsdorf fehlt noch.")
    assert comment.created_at is not None
    assert comments_of(task) == [comment]
    assert comment.history.count() == 1


def test_comment_on_task_without_text_is_refused(task):
    with pytest.raises(ValidationError) as refused:
        comment_on_task(task, author=UserFactory(), text=" ")

    assert refused.value.message_dict == {"text": ["„Kommentar“: Schreiben Sie zuerst etwas."]}
    assert TaskComment.objects.count() == 0


def test_complete_task_on_a_past_day(task):
    complete_task(task, on=JUNE_16, today=datetime.date(2020, 7, 1))

    stored = Task.objects.get(pk=task.pk)
    assert (stored.state, stored.done_on) == ("done", JUNE_16)


def test_complete_task_in_the_future_names_the_field(task):
    with pytest.raises(ValidationError) as refused:
        complete_task(task, on=datetime.date(2020, 7, 2), today=datetime.date(2020, 7, 1))

    assert refused.value.message_dict == {
        "done_on": ["„Erledigt am“ darf nicht in der Zukunft liegen (heute ist der 01.07.2020)."]
    }
    assert Task.objects.get(pk=task.pk).state == "open"


def test_complete_task_before_it_was_set_names_the_field(task):
    with pytest.raises(ValidationError) as refused:
        complete_task(task, on=datetime.date(2020, 5, 31), today=JUNE_16)

    assert refused.value.message_dict == {
        "done_on": [
            "„Erledigt am“ darf nicht vor dem Tag liegen, an dem die Aufgabe vergeben wurde "
            "(01.06.2020)."
        ]
    }


def test_complete_task_done_meanwhile_is_refused(task):
    # Read before someone else marked it done: the state is read again under the lock.
    Task.objects.filter(pk=task.pk).update(state="done", done_on=JUNE_1)

    with pytest.raises(ValidationError) as refused:
        complete_task(task, on=JUNE_16, today=JUNE_16)

    assert refused.value.messages == ["Die Aufgabe „Zahlen liefern“ ist schon erledigt."]
    assert Task.objects.get(pk=task.pk).done_on == JUNE_1


def test_reopen_task_keeps_the_reason_in_the_state_history(task):
    complete_task(task, on=JUNE_16, today=JUNE_16)

    reopen_task(task, reason="Borsdorfs Zahlen fehlen noch.")

    stored = Task.objects.get(pk=task.pk)
    assert (stored.state, stored.done_on) == ("open", None)
    changes = state_history(stored)
    assert [(c["state"], c["done_on"], c["reason"]) for c in changes] == [
        ("erledigt", JUNE_16, ""),
        ("offen", None, "Borsdorfs Zahlen fehlen noch."),
    ]


def test_reopen_task_without_a_reason_names_the_field(task):
    complete_task(task, on=JUNE_16, today=JUNE_16)

    with pytest.raises(ValidationError) as refused:
        reopen_task(task, reason="  ")

    assert refused.value.message_dict == {
        "reason": ["„Grund“: Sagen Sie, warum die Aufgabe wieder offen ist."]
    }
    assert Task.objects.get(pk=task.pk).state == "done"


def test_reopen_task_that_is_open_is_refused(task):
    with pytest.raises(ValidationError) as refused:
        reopen_task(task, reason="Versehen")

    assert refused.value.messages == [
        "Die Aufgabe „Zahlen liefern“ ist offen, nicht erledigt; sie kann nicht wieder "
        "geöffnet werden."
    ]


def test_my_tasks_of_a_member_without_a_person_record_are_their_municipalitys():
    cooperation = CooperationFactory()
    brandis, naunhof = MunicipalityFactory(name="Brandis"), MunicipalityFactory(name="Naunhof")
    member = RoleFactory(cooperation=cooperation, kind=Role.Kind.MEMBER, municipality=brandis).user
    colleague = PersonFactory(cooperation=cooperation, municipality=brandis)
    for title, owner in (
        ("Brandis", brandis),
        ("Naunhof", naunhof),
        ("Kollegin", colleague),
        ("niemand", None),
    ):
        create_task(cooperation=cooperation, title=title, owner=owner)

    rows = task_rows(cooperation, today=JUNE_16, shown="mine", user=member)

    assert [task.title for task, _late in rows] == ["Brandis"]


def test_my_tasks_are_not_those_of_my_municipality_in_another_cooperation():
    cooperation, other = CooperationFactory(), CooperationFactory()
    brandis = MunicipalityFactory(name="Brandis")
    member = RoleFactory(cooperation=other, kind=Role.Kind.MEMBER, municipality=brandis).user
    create_task(cooperation=cooperation, title="Brandis hier", owner=brandis)

    assert task_rows(cooperation, today=JUNE_16, shown="mine", user=member) == []

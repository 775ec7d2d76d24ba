"""The admin list of tasks reads its owners in one query, not one per row."""

import pytest
from django.urls import reverse

from tests.factories import CooperationFactory, PersonFactory, TaskFactory, UserFactory

ROWS = 20


@pytest.mark.django_db
def test_task_changelist_owned_by_people_query_count_does_not_grow_with_the_rows(
    client, django_assert_max_num_queries
):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    cooperation = CooperationFactory()
    for _number in range(ROWS):
        TaskFactory(cooperation=cooperation, owner_person=PersonFactory(cooperation=cooperation))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:measures_task_changelist"))

    assert (response.status_code, len(response.context["cl"].result_list)) == (200, ROWS)

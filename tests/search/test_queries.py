"""What a query finds, on either database alike: every form and spelling of a word,
the start of a longer one; public rows for anyone, a cooperation's internal rows for its
readers only; in a number of queries that does not grow with the data."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ikz.core.models import Role
from ikz.search.models import SearchEntry
from ikz.search.queries import Query, counts, first_of_each_kind, matches
from tests.factories import (
    CooperationFactory,
    MeasureFactory,
    RoleFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Kind = SearchEntry.Kind


def titles(user, text: str) -> list[str]:
    return [entry.title for entry in matches(user, Query(text))]


@pytest.fixture
def measures(cooperation):
    for title, public in [
        ("Zentralisierung Gewerbeamt", True),
        ("Gemeinsame Stellenbörse", True),
        ("Bauen und Wohnen", False),
        ("Übersicht der Gewerbeämter", False),
    ]:
        MeasureFactory(cooperation=cooperation, title=title, is_public=public)


@pytest.fixture
def reader(cooperation):
    return RoleFactory(cooperation=cooperation, kind=Role.Kind.OBSERVER).user


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Gewerbeamt", ["Zentralisierung Gewerbeamt", "Übersicht der Gewerbeämter"]),
        ("gewerbeämter", ["Zentralisierung Gewerbeamt", "Übersicht der Gewerbeämter"]),
        ("GEWERBE", ["Zentralisierung Gewerbeamt", "Übersicht der Gewerbeämter"]),
        ("Stellenboerse", ["Gemeinsame Stellenbörse"]),
        ("Stellenbörse", ["Gemeinsame Stellenbörse"]),
        ("stellenbo", ["Gemeinsame Stellenbörse"]),
        ("Uebersicht", ["Übersicht der Gewerbeämter"]),
        ("bauen", ["Bauen und Wohnen"]),
        ("Bau", ["Bauen und Wohnen"]),
        ("Gewerbeamt Zentralisierung", ["Zentralisierung Gewerbeamt"]),
        ("Gewerbeamt und die Zentralisierung", ["Zentralisierung Gewerbeamt"]),
        ("Gewerbeamt Stellenbörse", []),
        ("Amt", []),
    ],
)
def test_query_finds_every_form_and_spelling(measures, reader, query, found):
    assert sorted(titles(reader, query)) == found


def test_query_of_hostile_syntax_is_read_as_words(measures, reader):
    assert titles(reader, "\"Gewerbeamt' OR -:* & (NEAR") == []


def test_anonymous_visitor_finds_only_public_rows(measures):
    assert titles(AnonymousUser(), "Gewerbe") == ["Zentralisierung Gewerbeamt"]


def test_another_cooperations_reader_finds_their_own_rows_and_the_public_ones(measures):
    other = RoleFactory(cooperation=CooperationFactory(), kind=Role.Kind.COORDINATOR).user
    TaskFactory(cooperation=other.cooperation_roles.get().cooperation, title="Gewerbeamt fragen")

    assert titles(other, "Gewerbe") == ["Gewerbeamt fragen", "Zentralisierung Gewerbeamt"]


def test_account_without_role_finds_only_public_rows(measures):
    assert titles(UserFactory(), "Gewerbe") == ["Zentralisierung Gewerbeamt"]


def test_title_hits_come_before_text_hits(cooperation, reader):
    MeasureFactory(cooperation=cooperation, title="Archiv", description="Gewerbeamt zieht um")
    MeasureFactory(cooperation=cooperation, title="Zentralisierung Gewerbeamt")

    assert titles(reader, "Gewerbeamt") == ["Zentralisierung Gewerbeamt", "Archiv"]


def test_counts_and_first_hits_of_each_kind(cooperation, reader):
    for number in range(7):
        TaskFactory(cooperation=cooperation, title=f"Gewerbeamt Schritt {number}")
    MeasureFactory(cooperation=cooperation, title="Zentralisierung Gewerbeamt")
    query = Query("Gewerbeamt")

    first = first_of_each_kind(reader, query, per_kind=3)

    assert counts(reader, query) == {Kind.MEASURE: 1, Kind.TASK: 7}
    assert [(entry.kind, entry.title) for entry in first] == [
        (Kind.MEASURE, "Zentralisierung Gewerbeamt"),
        (Kind.TASK, "Gewerbeamt Schritt 0"),
        (Kind.TASK, "Gewerbeamt Schritt 1"),
        (Kind.TASK, "Gewerbeamt Schritt 2"),
    ]


@pytest.mark.parametrize(
    ("text", "too_short"), [("", True), ("ab", True), ("und der", True), ("Amt", False)]
)
def test_query_too_short(text, too_short):
    assert Query(text).too_short is too_short


def add_data(cooperation, start: int = 0):
    for number in range(start, start + 5):
        MeasureFactory(cooperation=cooperation, title=f"Gewerbeamt {number}")
        TaskFactory(cooperation=cooperation, title=f"Gewerbeamt Aufgabe {number}")


def test_query_count_does_not_grow_with_the_data(cooperation, reader, django_assert_num_queries):
    add_data(cooperation)
    query = Query("Gewerbeamt")
    with django_assert_num_queries(3):  # the reader's roles, the counts, the first hits
        counts(reader, query), first_of_each_kind(reader, query)
    add_data(CooperationFactory())
    add_data(cooperation, start=5)
    reader = type(reader).objects.get(pk=reader.pk)  # roles read anew

    with django_assert_num_queries(3):
        found = counts(reader, query)
        first_of_each_kind(reader, query)

    # The other cooperation's measures are not public: only the reader's own count.
    assert found == {Kind.MEASURE: 10, Kind.TASK: 10}

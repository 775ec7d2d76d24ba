"""Fixtures of every test: German, an empty cache, and the people of a cooperation by
their role, each a user and a client signed in as them. The role fixtures act in
``cooperation``; a file that needs more than an empty Partheland overrides it (the
demo: ``def cooperation(demo): return demo``)."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from ikz.core.models import Municipality, Role
from tests.factories import ParticipationFactory, RoleFactory, UserFactory, partheland


@pytest.fixture(autouse=True)
def german():
    """Tests read what a German user sees: the default language."""
    with translation.override("de"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """The public page's cache is kept in the process: a test's pages must not be
    another test's, whose data its transaction took back."""
    cache.clear()


@pytest.fixture
def cooperation(db):
    """The Partheland, as the seed report names it, with nothing in it yet."""
    return partheland()


@pytest.fixture
def municipality(cooperation):
    """The member's municipality: Naunhof, a member of the cooperation (in the demo it
    is one already)."""
    naunhof = Municipality.objects.filter(
        name="Naunhof", participations__cooperation=cooperation
    ).first()
    if naunhof is None:
        naunhof = ParticipationFactory(
            cooperation=cooperation, municipality__name="Naunhof"
        ).municipality
    return naunhof


@pytest.fixture
def coordinator(cooperation):
    """Karin Koch, who coordinates the cooperation."""
    user = UserFactory(username="koordination", first_name="Karin", last_name="Koch")
    return RoleFactory(user=user, cooperation=cooperation, kind=Role.Kind.COORDINATOR).user


@pytest.fixture
def member(cooperation, municipality):
    """Nina Neumann, a member of the cooperation for its municipality Naunhof."""
    user = UserFactory(username="naunhof", first_name="Nina", last_name="Neumann")
    return RoleFactory(
        user=user, cooperation=cooperation, kind=Role.Kind.MEMBER, municipality=municipality
    ).user


@pytest.fixture
def observer(cooperation):
    """Lena Amt of the Landratsamt, who observes the cooperation."""
    user = UserFactory(
        username="landratsamt",
        email="landratsamt@example.org",
        first_name="Lena",
        last_name="Amt",
    )
    return RoleFactory(user=user, cooperation=cooperation, kind=Role.Kind.OBSERVER).user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    return signed_in(coordinator)


@pytest.fixture
def member_client(member) -> Client:
    return signed_in(member)


@pytest.fixture
def observer_client(observer) -> Client:
    return signed_in(observer)

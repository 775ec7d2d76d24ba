"""Rules about who is a member of the cooperation on a given day (ikz.core.domain)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ikz.core.domain import add_member, members_on, total_population
from ikz.core.models import Municipality, Participation
from tests.factories import CooperationFactory, MunicipalityFactory, ParticipationFactory

PARTICIPATION_EXISTS = "Diese Mitgliedschaft im Verbund ist bereits erfasst."

JAN_1 = datetime.date(2020, 1, 1)
JUN_30 = datetime.date(2020, 6, 30)


# members_on


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "is_member"),
    [
        (datetime.date(2019, 12, 31), False),
        (JAN_1, True),
        (datetime.date(2020, 3, 15), True),
        (datetime.date(2020, 6, 29), True),
        (JUN_30, False),
        (datetime.date(2021, 1, 1), False),
    ],
)
def test_members_on_counts_from_joining_until_the_day_before_leaving(day, is_member):
    cooperation = CooperationFactory()
    naunhof = MunicipalityFactory(name="Naunhof")
    ParticipationFactory(
        cooperation=cooperation, municipality=naunhof, joined_on=JAN_1, left_on=JUN_30
    )

    members = list(members_on(cooperation, day))

    assert members == ([naunhof] if is_member else [])


@pytest.mark.django_db
def test_members_on_includes_member_that_never_left():
    cooperation = CooperationFactory()
    naunhof = MunicipalityFactory(name="Naunhof")
    ParticipationFactory(cooperation=cooperation, municipality=naunhof, joined_on=JAN_1)

    assert list(members_on(cooperation, datetime.date(2030, 1, 1))) == [naunhof]


@pytest.mark.django_db
def test_members_on_member_that_left_and_rejoined_is_absent_in_the_gap_and_counted_once_after():
    cooperation = CooperationFactory()
    brandis = MunicipalityFactory(name="Brandis")
    ParticipationFactory(
        cooperation=cooperation, municipality=brandis, joined_on=JAN_1, left_on=JUN_30
    )
    ParticipationFactory(
        cooperation=cooperation, municipality=brandis, joined_on=datetime.date(2021, 1, 1)
    )

    in_the_gap = list(members_on(cooperation, datetime.date(2020, 9, 1)))
    after_rejoining = list(members_on(cooperation, datetime.date(2021, 5, 1)))

    assert in_the_gap == []
    assert after_rejoining == [brandis]


@pytest.mark.django_db
def test_members_on_member_with_two_open_participations_is_counted_once():
    cooperation = CooperationFactory()
    brandis = MunicipalityFactory(name="Brandis")
    ParticipationFactory(cooperation=cooperation, municipality=brandis, joined_on=JAN_1)
    ParticipationFactory(
        cooperation=cooperation, municipality=brandis, joined_on=datetime.date(2020, 2, 1)
    )

    assert list(members_on(cooperation, datetime.date(2020, 3, 1))) == [brandis]


@pytest.mark.django_db
def test_members_on_excludes_members_of_another_cooperation():
    partheland = CooperationFactory(name="Partheland")
    ParticipationFactory(cooperation=CooperationFactory(), joined_on=JAN_1)

    assert list(members_on(partheland, datetime.date(2020, 3, 1))) == []


@pytest.mark.django_db
def test_members_on_former_member_still_in_another_cooperation_is_excluded():
    partheland = CooperationFactory(name="Partheland")
    machern = MunicipalityFactory(name="Machern")
    ParticipationFactory(
        cooperation=partheland, municipality=machern, joined_on=JAN_1, left_on=JUN_30
    )
    ParticipationFactory(cooperation=CooperationFactory(), municipality=machern, joined_on=JAN_1)

    assert list(members_on(partheland, datetime.date(2020, 9, 1))) == []


@pytest.mark.django_db
def test_members_on_participation_elsewhere_does_not_date_the_membership():
    partheland = CooperationFactory(name="Partheland")
    machern = MunicipalityFactory(name="Machern")
    ParticipationFactory(
        cooperation=partheland, municipality=machern, joined_on=datetime.date(2020, 7, 1)
    )
    ParticipationFactory(cooperation=CooperationFactory(), municipality=machern, joined_on=JAN_1)

    assert list(members_on(partheland, datetime.date(2020, 3, 1))) == []


@pytest.mark.django_db
def test_members_on_lists_members_by_name():
    cooperation = CooperationFactory()
    for name in ["Parthenstein", "Belgershain", "Naunhof"]:
        ParticipationFactory(
            cooperation=cooperation, municipality=MunicipalityFactory(name=name), joined_on=JAN_1
        )

    names = [m.name for m in members_on(cooperation, datetime.date(2020, 3, 1))]

    assert names == ["Belgershain", "Naunhof", "Parthenstein"]


# total_population


def test_total_population_sums_figures_and_counts_missing_as_zero():
    municipalities = [
        Municipality(name="Naunhof", population=8700),
        Municipality(name="Brandis", population=9600),
        Municipality(name="Neu", population=None),
    ]

    population = total_population(municipalities)

    assert (population.total, population.missing, population.as_of) == (18300, 1, "")


def test_total_population_of_nobody_is_zero():
    assert total_population([]).total == 0


def test_total_population_of_one_reference_date_names_it():
    municipalities = [
        Municipality(name="Naunhof", population=8774, population_date=datetime.date(2019, 12, 31)),
        Municipality(name="Machern", population=6723, population_date=datetime.date(2019, 12, 31)),
    ]

    assert total_population(municipalities).as_of == "Stand 31.12.2019"


def test_total_population_of_different_reference_dates_says_so():
    municipalities = [
        Municipality(name="Naunhof", population=8774, population_date=datetime.date(2019, 12, 31)),
        Municipality(name="Brandis", population=9676, population_date=datetime.date(2022, 12, 31)),
        Municipality(name="Borsdorf", population=8219, population_date=datetime.date(2020, 12, 31)),
    ]

    assert total_population(municipalities).as_of == ("Stand uneinheitlich: 31.12.2019–31.12.2022")


# add_member


@pytest.mark.django_db
def test_add_member_creates_open_participation_from_joining_day():
    cooperation = CooperationFactory()
    naunhof = MunicipalityFactory(name="Naunhof")

    participation = add_member(cooperation=cooperation, municipality=naunhof, joined_on=JAN_1)

    assert Participation.objects.get() == participation
    assert (
        participation.cooperation,
        participation.municipality,
        participation.joined_on,
        participation.left_on,
    ) == (cooperation, naunhof, JAN_1, None)
    assert list(members_on(cooperation, JAN_1)) == [naunhof]


@pytest.mark.django_db
def test_add_member_lets_a_former_member_rejoin():
    cooperation = CooperationFactory()
    brandis = MunicipalityFactory(name="Brandis")
    ParticipationFactory(
        cooperation=cooperation, municipality=brandis, joined_on=JAN_1, left_on=JUN_30
    )

    add_member(cooperation=cooperation, municipality=brandis, joined_on=datetime.date(2021, 1, 1))

    assert Participation.objects.filter(municipality=brandis).count() == 2
    assert list(members_on(cooperation, datetime.date(2021, 1, 1))) == [brandis]


@pytest.mark.django_db
def test_add_member_twice_on_the_same_day_is_refused():
    cooperation = CooperationFactory()
    naunhof = MunicipalityFactory()
    add_member(cooperation=cooperation, municipality=naunhof, joined_on=JAN_1)

    with pytest.raises(ValidationError) as excinfo:
        add_member(cooperation=cooperation, municipality=naunhof, joined_on=JAN_1)

    # The overlap is found first; Django then skips the unique check on that field.
    assert excinfo.value.message_dict == {
        "joined_on": [f"{naunhof.name} ist zu diesem Zeitpunkt bereits Mitglied."]
    }
    assert Participation.objects.count() == 1


@pytest.mark.django_db
def test_add_member_same_municipality_in_another_cooperation_is_allowed():
    naunhof = MunicipalityFactory()
    add_member(cooperation=CooperationFactory(), municipality=naunhof, joined_on=JAN_1)

    add_member(cooperation=CooperationFactory(), municipality=naunhof, joined_on=JAN_1)

    assert Participation.objects.filter(municipality=naunhof).count() == 2


@pytest.mark.django_db
def test_add_member_while_still_a_member_is_refused():
    cooperation = CooperationFactory()
    naunhof = MunicipalityFactory()
    add_member(cooperation=cooperation, municipality=naunhof, joined_on=JAN_1)

    with pytest.raises(ValidationError) as error:
        add_member(cooperation=cooperation, municipality=naunhof, joined_on=JUN_30)

    assert error.value.message_dict == {
        "joined_on": [f"{naunhof.name} ist zu diesem Zeitpunkt bereits Mitglied."]
    }
    assert Participation.objects.count() == 1

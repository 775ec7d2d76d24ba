"""add_measure(): a measure with its municipalities, or nothing."""

import pytest

from ikz.core.models import Municipality
from ikz.measures.domain import add_measure
from ikz.measures.models import Measure
from tests.factories import CooperationFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_a_new_measure_has_its_municipalities():
    naunhof = MunicipalityFactory(name="Naunhof")

    measure = add_measure(
        cooperation=CooperationFactory(), title="Stellenbörse", municipalities=[naunhof]
    )

    assert list(measure.municipalities.all()) == [naunhof]


def test_a_measure_whose_municipalities_cannot_be_stored_is_not_stored_either():
    unsaved = Municipality(name="Gibt es nicht")

    with pytest.raises(ValueError):
        add_measure(
            cooperation=CooperationFactory(), title="Stellenbörse", municipalities=[unsaved]
        )

    assert not Measure.objects.exists()

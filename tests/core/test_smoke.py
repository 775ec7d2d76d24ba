import pytest

from tests.factories import MunicipalityFactory


@pytest.mark.django_db
def test_municipality_factory_builds_valid_municipality():
    municipality = MunicipalityFactory()
    municipality.full_clean()

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def german():
    """Tests read what a German user sees: the default language."""
    with translation.override("de"):
        yield

import pytest
from django.core.cache import cache
from django.utils import translation


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

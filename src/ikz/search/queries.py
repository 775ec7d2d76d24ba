"""What the search page reads: the rows a visitor may find for a query, grouped by
kind, in a fixed number of queries whatever the data holds.

Who finds what is ``ikz.core.permissions``'s to say: everyone, anonymous visitors too,
finds the public rows of every cooperation; someone who reads a cooperation's internal
data finds its internal rows as well (``visible_to``)."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Count, F, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from ikz.core.permissions import can_anywhere, visible_to
from ikz.search import terms
from ikz.search.models import SearchEntry

# Hits of each kind on the page of all kinds; the rest on the kind's own pages.
PER_KIND = 5

MATCH_SQL = {
    "postgresql": '"search_searchentry"."document" @@ to_tsquery(\'german\', %s)',
    "sqlite": (
        '"search_searchentry"."id" IN (SELECT rowid FROM search_searchentry_fts '
        "WHERE search_searchentry_fts MATCH %s)"
    ),
}
FULL_TEXT_QUERY = {"postgresql": terms.postgres_query, "sqlite": terms.sqlite_query}


@dataclass
class Query:
    """A query as typed, and what of it is searched."""

    text: str
    words: list[str] = field(init=False)

    def __post_init__(self):
        self.text = " ".join(self.text.split())[:200]
        self.words = terms.query_words(self.text)

    @property
    def too_short(self) -> bool:
        """Nothing worth looking for: no word, or fewer than MIN_QUERY_LETTERS letters."""
        return sum(len(word) for word in self.words) < terms.MIN_QUERY_LETTERS

    @property
    def stems(self) -> tuple[str, ...]:
        return terms.query_stems(self.words)


def _matching(query: Query, *, title_only: bool = False) -> RawSQL:
    vendor = connection.vendor
    return RawSQL(
        MATCH_SQL[vendor],
        [FULL_TEXT_QUERY[vendor](query.words, title_only=title_only)],
        output_field=BooleanField(),
    )


def findable(user) -> QuerySet[SearchEntry]:
    """The rows the account finds: all rows of the cooperations it reads, and the
    public rows of every cooperation (what anyone finds)."""
    entries = SearchEntry.objects.all()
    public_rows = entries.filter(is_public=True)
    if can_anywhere(user, "view_internal"):
        return visible_to(user, entries) | public_rows
    return public_rows


def matches(user, query: Query) -> QuerySet[SearchEntry]:
    """The rows the account may find that match the query, those whose title matches
    first, then by title."""
    return (
        findable(user)
        .filter(_matching(query))
        .annotate(in_title=_matching(query, title_only=True))
        .select_related("cooperation")
        .order_by(F("in_title").desc(), "title", "pk")
    )


def counts(user, query: Query) -> dict[str, int]:
    """The number of matching rows of each kind (kinds without any left out)."""
    rows = (
        findable(user)
        .filter(_matching(query))
        .values_list("kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


def first_of_each_kind(user, query: Query, per_kind: int = PER_KIND) -> list[SearchEntry]:
    """Up to ``per_kind`` matching rows of each kind, in one query."""
    ranked = (
        findable(user)
        .filter(_matching(query))
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("kind")],
                order_by=[_matching(query, title_only=True).desc(), F("title"), F("pk")],
            )
        )
        .filter(place__lte=per_kind)
        .select_related("cooperation")
    )
    return sorted(ranked, key=lambda entry: entry.place)

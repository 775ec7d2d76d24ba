"""The search from the header of every page: measures, meetings, topics, results,
tasks, documents, people and member municipalities, grouped by kind, the words found
marked. What a visitor finds and which page a hit opens is ``ikz.core.permissions``'s
to say: the internal page for the cooperation's readers, the public one for others."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from ikz.core.permissions import can
from ikz.search import terms
from ikz.search.models import SearchEntry
from ikz.search.queries import PER_KIND, Query, counts, first_of_each_kind, matches
from ikz.web.access import public

Kind = SearchEntry.Kind
HITS_PER_PAGE = 20
# The public pages a hit of someone without access to the internal pages opens: a
# topic or result on its meeting's page, at its own place there.
PUBLIC_PAGES = {
    Kind.MEASURE: "web:public_measure",
    Kind.MEETING: "web:public_meeting",
    Kind.AGENDA_ITEM: "web:public_meeting",
    Kind.OUTCOME: "web:public_meeting",
}
PUBLIC_ANCHORS = {Kind.AGENDA_ITEM: "#item-{}", Kind.OUTCOME: "#outcome-{}"}
INTERNAL_PAGES = {
    Kind.MEASURE: "web:measure",
    Kind.MEETING: "web:meeting",
    Kind.AGENDA_ITEM: "web:meeting",
    Kind.OUTCOME: "web:meeting",
    Kind.TASK: "web:task",
}


@dataclass
class Hit:
    entry: SearchEntry
    url: str | None
    title: SafeString
    excerpt: SafeString | None


@dataclass
class Group:
    kind: str
    label: str
    count: int
    hits: list[Hit]

    @property
    def more(self) -> int:
        return self.count - len(self.hits)


def link(user, entry: SearchEntry) -> str | None:
    """The page a hit opens for the account, None where it may open none."""
    cooperation = entry.cooperation
    target = entry.target
    if entry.kind == Kind.DOCUMENT:
        # The download decides who may have the file (may_download).
        return reverse("web:document", kwargs=target)
    if can(user, "view_internal", cooperation):
        if entry.kind == Kind.MUNICIPALITY:
            # Its page links to its master data for those who change them.
            return reverse("web:municipality", args=[cooperation.slug, target["municipality_id"]])
        if entry.kind == Kind.PERSON:
            if can(user, "change", cooperation):
                return reverse(
                    "web:masterdata_person", args=[cooperation.slug, target["person_id"]]
                )
            if target.get("municipality_id"):
                # Where readers see them: among their municipality's people.
                url = reverse(
                    "web:municipality", args=[cooperation.slug, target["municipality_id"]]
                )
                return url + "#people"
            return None
        return reverse(INTERNAL_PAGES[entry.kind], kwargs=target)
    if entry.kind == Kind.MUNICIPALITY and entry.is_public:
        return reverse("web:cooperation", args=[cooperation.slug]) + "#members"
    if not (entry.is_public and entry.kind in PUBLIC_PAGES):
        return None
    url = reverse(PUBLIC_PAGES[entry.kind], kwargs={"slug": cooperation.slug, **target})
    return url + PUBLIC_ANCHORS.get(entry.kind, "").format(entry.object_id)


def hit(user, entry: SearchEntry, stems: tuple[str, ...]) -> Hit:
    # An outcome's title is its text: shown once.
    shows_text = entry.text and entry.text != entry.title
    return Hit(
        entry=entry,
        url=link(user, entry),
        title=terms.mark(entry.title, stems),
        excerpt=terms.excerpt(entry.text, stems) if shows_text else None,
    )


def kind_link(query: Query, kind: str = "") -> str:
    parameters = QueryDict(mutable=True)
    parameters["q"] = query.text
    if kind:
        parameters["art"] = kind
    return parameters.urlencode()


@public
@require_safe
def search(request):
    """Public: what the visitor may find for ``q``, the first hits of each kind, or
    with ``art`` one kind's hits page by page."""
    query = Query(request.GET.get("q", ""))
    kind = request.GET.get("art", "")
    kind = kind if kind in Kind.values else ""
    context = {"query": query, "kind": kind, "all_kinds": kind_link(query)}
    if query.too_short:
        return render(request, "web/search/results.html", context)
    found = counts(request.user, query)
    stems = query.stems
    labels = dict(Kind.choices)
    if kind:
        page = Paginator(matches(request.user, query).filter(kind=kind), HITS_PER_PAGE).get_page(
            request.GET.get("seite")
        )
        groups = [
            Group(
                kind,
                labels[kind],
                page.paginator.count,
                [hit(request.user, entry, stems) for entry in page.object_list],
            )
        ]
        context |= {"page": page, "page_query": kind_link(query, kind)}
    else:
        hits: dict[str, list[Hit]] = {}
        for entry in first_of_each_kind(request.user, query, PER_KIND):
            hits.setdefault(entry.kind, []).append(hit(request.user, entry, stems))
        groups = [
            # A row saved between the two queries: counted with its hits at least.
            Group(value, labels[value], max(found.get(value, 0), len(hits[value])), hits[value])
            for value in Kind.values
            if value in hits
        ]
    context |= {
        "groups": groups,
        "total": sum(found.values()),
        "kinds": [
            (value, labels[value], found[value], kind_link(query, value))
            for value in Kind.values
            if value in found
        ],
    }
    return render(request, "web/search/results.html", context)

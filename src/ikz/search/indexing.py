"""The search index kept in step with the data: a saved or deleted object changes its
row (``SearchEntry``) in the same transaction, through the receivers connected here, and
so do the rows that show something of it (a meeting's heading in its topics' rows, a
measure's publicity in its documents'). ``rebuild`` makes the whole index anew: after
``migrate`` when it is empty (``fill_after_migrate``), and through
``ikz search_index --rebuild`` after rows were written without signals (in bulk).
Within ``deferred`` (the demo's loading) saves only note what they change, and each row
is made once at the end.

Who may find a row is decided in ``ikz.core.permissions``; a row only says whether it is
public as the public pages say it: a public measure; a public meeting and its public
topics; the public results of a public meeting once it was held
(``ikz.meetings.domain.is_published``, as ``public_outcomes``); a public document
(``is_public_document``); the member municipalities. Tasks and people are internal."""

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar

from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils.text import Truncator

from ikz.core.models import Body, Document, Municipality, Participation, Partner, Person
from ikz.core.permissions import is_public_document
from ikz.measures.models import FieldOfAction, Measure, Task
from ikz.meetings.domain import is_published
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.search import terms
from ikz.search.documents import document_text
from ikz.search.models import SearchEntry

Kind = SearchEntry.Kind
# Rows written (and objects read) at a time by ``rebuild``.
BATCH = 500
TITLE_LENGTH = SearchEntry._meta.get_field("title").max_length


def _entry(obj, kind: str, *, cooperation_id: int, is_public: bool, title: str, **fields):
    title = Truncator(" ".join(title.split())).chars(TITLE_LENGTH)
    return SearchEntry(
        kind=kind,
        object_id=obj.pk,
        cooperation_id=cooperation_id,
        is_public=is_public,
        title=title,
        **fields,
    )


def _measures(ids) -> Iterator[SearchEntry]:
    for measure in Measure.objects.filter(pk__in=ids).select_related("field_of_action"):
        yield _entry(
            measure,
            Kind.MEASURE,
            cooperation_id=measure.cooperation_id,
            is_public=measure.is_public,
            title=measure.title,
            context=measure.field_of_action.name if measure.field_of_action else "",
            text=measure.description,
            target={"pk": measure.pk},
        )


def _meetings(ids) -> Iterator[SearchEntry]:
    for meeting in Meeting.objects.filter(pk__in=ids).select_related("body", "location"):
        yield _entry(
            meeting,
            Kind.MEETING,
            cooperation_id=meeting.body.cooperation_id,
            is_public=meeting.is_public,
            title=meeting.heading,
            date=meeting.date,
            text=" ".join(
                part
                for part in (meeting.venue, meeting.announcement, meeting.cancellation_reason)
                if part
            ),
            target={"pk": meeting.pk},
        )


def _agenda_items(ids) -> Iterator[SearchEntry]:
    items = AgendaItem.objects.filter(pk__in=ids).select_related(
        "meeting__body", "meeting__location"
    )
    for item in items:
        meeting = item.meeting
        yield _entry(
            item,
            Kind.AGENDA_ITEM,
            cooperation_id=meeting.body.cooperation_id,
            is_public=meeting.is_public and item.is_public,
            title=item.title,
            context=meeting.heading,
            date=meeting.date,
            target={"pk": meeting.pk},
        )


def _outcomes(ids) -> Iterator[SearchEntry]:
    outcomes = Outcome.objects.filter(pk__in=ids).select_related(
        "meeting__body", "meeting__location", "agenda_item"
    )
    for outcome in outcomes:
        meeting, item = outcome.meeting, outcome.agenda_item
        yield _entry(
            outcome,
            Kind.OUTCOME,
            cooperation_id=meeting.body.cooperation_id,
            is_public=is_published(meeting)
            and outcome.is_public
            and (item is None or item.is_public),
            title=outcome.text,
            context=meeting.heading + (f" – {item.title}" if item else ""),
            date=meeting.date,
            text=outcome.text,
            target={"pk": meeting.pk},
        )


def _tasks(ids) -> Iterator[SearchEntry]:
    for task in Task.objects.filter(pk__in=ids).select_related("measure"):
        yield _entry(
            task,
            Kind.TASK,
            cooperation_id=task.cooperation_id,
            is_public=False,
            title=task.title,
            context=task.measure.title if task.measure else "",
            date=task.due_date,
            text=task.description,
            target={"pk": task.pk},
        )


def _documents(ids, *, read_files: bool = True) -> Iterator[SearchEntry]:
    """Without ``read_files``, a document keeps the text its row holds: what changed is
    what it belongs to, not its file."""
    documents = Document.objects.filter(pk__in=ids).select_related(
        "meeting__body", "meeting__location", "agenda_item", "measure", "agreement"
    )
    kept = (
        {}
        if read_files
        else dict(
            SearchEntry.objects.filter(kind=Kind.DOCUMENT, object_id__in=ids).values_list(
                "object_id", "text"
            )
        )
    )
    for document in documents:
        owner = (
            document.meeting.heading if document.meeting else document.measure or document.agreement
        )
        yield _entry(
            document,
            Kind.DOCUMENT,
            cooperation_id=document.cooperation_id,
            is_public=is_public_document(document),
            title=document.title,
            context=str(owner or ""),
            date=document.uploaded_at.date() if document.uploaded_at else None,
            text=document_text(document) if read_files else kept.get(document.pk, ""),
            target={"pk": document.pk, "filename": document.download_name},
        )


def _people(ids) -> Iterator[SearchEntry]:
    for person in Person.objects.filter(pk__in=ids).select_related("municipality", "partner"):
        yield _entry(
            person,
            Kind.PERSON,
            cooperation_id=person.cooperation_id,
            is_public=False,
            title=str(person),
            # Readers see a person on their municipality's page.
            target={"person_id": person.pk, "municipality_id": person.municipality_id},
        )


def _municipalities(ids) -> Iterator[SearchEntry]:
    """A row in each cooperation the municipality is or was a member of."""
    memberships = (
        Participation.objects.filter(municipality_id__in=ids)
        .select_related("municipality")
        .order_by("municipality_id", "cooperation_id")
    )
    seen = set()
    for participation in memberships:
        municipality = participation.municipality
        if (municipality.pk, participation.cooperation_id) in seen:
            continue
        seen.add((municipality.pk, participation.cooperation_id))
        yield _entry(
            municipality,
            Kind.MUNICIPALITY,
            cooperation_id=participation.cooperation_id,
            is_public=True,
            title=municipality.name,
            context=municipality.get_kind_display(),
            # Found by its official key too.
            text=municipality.ags or "",
            target={"municipality_id": municipality.pk},
        )


BUILDERS: dict[str, Callable[..., Iterator[SearchEntry]]] = {
    Kind.MEASURE: _measures,
    Kind.MEETING: _meetings,
    Kind.AGENDA_ITEM: _agenda_items,
    Kind.OUTCOME: _outcomes,
    Kind.TASK: _tasks,
    Kind.DOCUMENT: _documents,
    Kind.PERSON: _people,
    Kind.MUNICIPALITY: _municipalities,
}
MODELS = {
    Kind.MEASURE: Measure,
    Kind.MEETING: Meeting,
    Kind.AGENDA_ITEM: AgendaItem,
    Kind.OUTCOME: Outcome,
    Kind.TASK: Task,
    Kind.DOCUMENT: Document,
    Kind.PERSON: Person,
    Kind.MUNICIPALITY: Municipality,
}


def _with_terms(entry: SearchEntry) -> SearchEntry:
    prepare = terms.stemmed_text if connection.vendor == "sqlite" else terms.folded_text
    entry.title_terms, entry.text_terms = prepare(entry.title), prepare(entry.text)
    return entry


def index(kind: str, ids: Iterable[int], **options) -> None:
    """The rows of the objects of ``kind`` with ``ids`` made anew from the data; an
    object that is gone (or, a municipality, a member nowhere) loses its rows.

    Side effects: the objects' rows deleted, then written."""
    ids = list(ids)
    if not ids:
        return
    entries = [_with_terms(entry) for entry in BUILDERS[kind](ids, **options)]
    SearchEntry.objects.filter(kind=kind, object_id__in=ids).delete()
    SearchEntry.objects.bulk_create(entries, batch_size=BATCH)


def forget(kind: str, ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=list(ids)).delete()


def rebuild() -> int:
    """The whole index made anew from the data; the number of rows.

    Side effects: every row deleted, then every object's row written, in batches."""
    SearchEntry.objects.all().delete()
    for kind, model in MODELS.items():
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            index(kind, ids[start : start + BATCH])
    return SearchEntry.objects.count()


def fill_after_migrate(using, **kwargs) -> None:
    """Fills an empty index where there is data: the first ``migrate`` that adds the
    search to an installation indexes what it holds. With the models as they are now,
    which a data migration could not rely on."""
    if using != "default" or SearchEntry.objects.exists():
        return
    if any(model.objects.exists() for model in MODELS.values()):
        rebuild()


# What a saved or deleted object changes: its own rows, and those of the objects that
# show something of it, as (kind, ids, options).
def _ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def _meeting_parts(meeting_ids) -> list[tuple]:
    return [
        (Kind.AGENDA_ITEM, _ids(AgendaItem.objects.filter(meeting__in=meeting_ids)), {}),
        (Kind.OUTCOME, _ids(Outcome.objects.filter(meeting__in=meeting_ids)), {}),
        (
            Kind.DOCUMENT,
            _ids(Document.objects.filter(meeting__in=meeting_ids)),
            {"read_files": False},
        ),
    ]


def _after_measure(measure) -> list[tuple]:
    return [
        (Kind.MEASURE, [measure.pk], {}),
        (Kind.TASK, _ids(measure.tasks.all()), {}),
        (Kind.DOCUMENT, _ids(measure.documents.all()), {"read_files": False}),
    ]


def _after_meetings(meeting_ids) -> list[tuple]:
    return [(Kind.MEETING, meeting_ids, {}), *_meeting_parts(meeting_ids)]


def _after_agenda_item(item) -> list[tuple]:
    return [
        (Kind.AGENDA_ITEM, [item.pk], {}),
        (Kind.OUTCOME, _ids(item.outcomes.all()), {}),
        (Kind.DOCUMENT, _ids(item.documents.all()), {"read_files": False}),
    ]


def _after_municipality(municipality) -> list[tuple]:
    return [
        (Kind.MUNICIPALITY, [municipality.pk], {}),
        (Kind.PERSON, _ids(municipality.people.all()), {}),
        *_after_meetings(_ids(municipality.meetings.all())),
    ]


AFTER_SAVE: dict[type[Model], Callable[[Model], list[tuple]]] = {
    Measure: _after_measure,
    Meeting: lambda meeting: _after_meetings([meeting.pk]),
    AgendaItem: _after_agenda_item,
    Outcome: lambda outcome: [(Kind.OUTCOME, [outcome.pk], {})],
    Task: lambda task: [(Kind.TASK, [task.pk], {})],
    Document: lambda document: [(Kind.DOCUMENT, [document.pk], {})],
    Person: lambda person: [(Kind.PERSON, [person.pk], {})],
    Municipality: _after_municipality,
    Participation: lambda row: [(Kind.MUNICIPALITY, [row.municipality_id], {})],
    # Names the rows of others show.
    Body: lambda body: _after_meetings(_ids(body.meetings.all())),
    Partner: lambda partner: [(Kind.PERSON, _ids(partner.people.all()), {})],
    FieldOfAction: lambda field: [(Kind.MEASURE, _ids(field.measures.all()), {})],
}
KIND_OF = {model: kind for kind, model in MODELS.items()}


# Within ``deferred``: the rows to make when it ends, by kind and whether a document's
# file is to be read.
_pending: ContextVar[dict[tuple[str, bool], set[int]] | None] = ContextVar(
    "search_pending", default=None
)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Saves within only note the rows they change, and each is made once at the end:
    for code that saves the same objects over and over (the living demo saves a meeting
    as it is planned, held and published, and each save would make the rows of all its
    topics and results anew). Run it inside the transaction of the saves; an exception
    leaves the notes unused, as its rollback leaves the data.

    Side effects at the end: the noted rows deleted, then written, kind by kind."""
    if _pending.get() is not None:
        yield
        return
    pending: dict[tuple[str, bool], set[int]] = defaultdict(set)
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    read = pending.pop((Kind.DOCUMENT, True), set())
    index(Kind.DOCUMENT, read)
    for (kind, read_files), ids in pending.items():
        options = {} if read_files else {"read_files": False}
        index(kind, ids - read if kind == Kind.DOCUMENT else ids, **options)


def index_saved(sender, instance, raw=False, **kwargs) -> None:
    """In the saving transaction: a rolled back save leaves the index as it was."""
    if raw:
        return
    pending = _pending.get()
    for kind, ids, options in AFTER_SAVE[sender](instance):
        if pending is None:
            index(kind, ids, **options)
        else:
            pending[kind, options.get("read_files", True)].update(ids)


def index_deleted(sender, instance, **kwargs) -> None:
    if sender is Participation:
        # The municipality may stay a member elsewhere.
        index(Kind.MUNICIPALITY, [instance.municipality_id])
    elif sender in KIND_OF:
        forget(KIND_OF[sender], [instance.pk])


def connect_receivers() -> None:
    for model in AFTER_SAVE:
        post_save.connect(index_saved, sender=model, dispatch_uid=f"search-{model.__name__}")
    for model in [*MODELS.values(), Participation]:
        post_delete.connect(index_deleted, sender=model, dispatch_uid=f"search-{model.__name__}")

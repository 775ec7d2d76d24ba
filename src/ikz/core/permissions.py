"""Who may do what: the one place that decides it. Views, exports, downloads and the
admin ask here (``can``, ``visible_to``) and hold no permission logic of their own.

Roles are per cooperation (``core.models.Role``): a coordinator does everything in
that cooperation, people and roles included; a municipality member reads its internal
data and edits what belongs to their own municipality; an observer (the Landratsamt, a
funder) reads its internal data. Anonymous visitors see only what is marked public.
Superusers administer the installation and may do everything."""

from django.db.models import QuerySet

from ikz.core.models import Cooperation, Person, Role

# What each role may do in its cooperation. "view_internal": read the cooperation's
# internal data and reports; "change": edit any of its data; "manage_roles": grant and
# withdraw roles; "issue_report" and "import_report" as they say; "change_own": edit
# what belongs to one's own municipality (tasks, documents, comments).
ACTIONS = {
    "view_internal": {Role.Kind.COORDINATOR, Role.Kind.MEMBER, Role.Kind.OBSERVER},
    "change_own": {Role.Kind.COORDINATOR, Role.Kind.MEMBER},
    "change": {Role.Kind.COORDINATOR},
    "manage_roles": {Role.Kind.COORDINATOR},
    "issue_report": {Role.Kind.COORDINATOR},
    "import_report": {Role.Kind.COORDINATOR},
}


def is_administrator(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


def _roles(user) -> dict[int, set[tuple[str, int | None]]]:
    """The account's roles by cooperation id, read once per request (kept on the user
    object, which Django makes anew for each request).

    A coordinator of a cooperation that requires a second factor counts as an observer
    there until the session has confirmed one (``awaits_second_factor``)."""
    if not (user and user.is_authenticated and user.is_active):
        return {}
    cached = getattr(user, "_ikz_roles", None)
    if cached is None:
        cached, awaiting = {}, set()
        # django-otp's middleware sets otp_device on the request's user; an account
        # outside a request (a command, a test) has confirmed none.
        verified = getattr(user, "otp_device", None) is not None
        for cooperation, kind, municipality, requires_factor in Role.objects.filter(
            user=user
        ).values_list(
            "cooperation_id",
            "kind",
            "municipality_id",
            "cooperation__second_factor_for_coordinators",
        ):
            if kind == Role.Kind.COORDINATOR and requires_factor and not verified:
                awaiting.add(cooperation)
                kind = Role.Kind.OBSERVER
            cached.setdefault(cooperation, set()).add((kind, municipality))
        user._ikz_roles, user._ikz_awaiting_second_factor = cached, awaiting
    return cached


def awaits_second_factor(user, obj=None) -> bool:
    """Whether the account coordinates the cooperation of ``obj`` (with None: any
    cooperation) but may not act as its coordinator before this session has confirmed a
    second factor."""
    if not _roles(user):
        return False
    awaiting = user._ikz_awaiting_second_factor
    return bool(awaiting) if obj is None else cooperation_id_of(obj) in awaiting


def cooperations_awaiting_second_factor(user) -> list[Cooperation]:
    """The cooperations the account coordinates only once this session has confirmed a
    second factor, by name."""
    if not awaits_second_factor(user):
        return []
    return list(
        Cooperation.objects.filter(pk__in=user._ikz_awaiting_second_factor).order_by("name")
    )


def _check_action(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; known: {', '.join(ACTIONS)}")


def cooperation_id_of(obj) -> int:
    """The cooperation an object belongs to: itself (or its id), or through its
    cooperation, body, meeting, agreement (a settlement) or cost model (a cost item)."""
    if isinstance(obj, int):
        return obj
    if isinstance(obj, Cooperation):
        return obj.pk
    paths = (
        "cooperation_id",
        "body.cooperation_id",
        "meeting.body.cooperation_id",
        "agreement.cooperation_id",
        "cost_model.cooperation_id",
    )
    for path in paths:
        value = obj
        try:
            for name in path.split("."):
                value = getattr(value, name)
        except AttributeError:
            continue
        return value
    raise TypeError(f"{type(obj).__name__} belongs to no cooperation")


def can(user, action: str, obj, *, municipality_id: int | None = None) -> bool:
    """Whether the account may do ``action`` on ``obj`` (a cooperation or its id, or
    anything of one). For "change_own", ``municipality_id`` names the municipality the object
    belongs to: a member may change it only for their own."""
    _check_action(action)
    if is_administrator(user):
        return True
    held = _roles(user).get(cooperation_id_of(obj), set())
    allowed = ACTIONS[action]
    if action == "change_own":
        return any(
            kind == Role.Kind.COORDINATOR
            or (kind in allowed and municipality is not None and municipality == municipality_id)
            for kind, municipality in held
        )
    return any(kind in allowed for kind, _municipality in held)


def owning_municipality_id(obj) -> int | None:
    """The municipality a task or document belongs to, for "change_own": its own
    municipality, the one owning it, or the municipality of the person owning it."""
    for name in ("municipality_id", "owner_municipality_id"):
        value = getattr(obj, name, None)
        if value is not None:
            return value
    person = getattr(obj, "owner_person", None)
    return person.municipality_id if person is not None else None


def may_change_own(user, obj) -> bool:
    """Whether the account may change ``obj`` (a task, a document) as one's own
    ("change_own"): a coordinator anything of the cooperation, a member what belongs to
    their municipality (``owning_municipality_id``). Asked of an object with the values
    a change would give it, it says whether the object stays one's own: a member may not
    give it away."""
    return can(user, "change_own", obj, municipality_id=owning_municipality_id(obj))


def own_municipality_ids(user, obj) -> set[int]:
    """The municipalities whose things the account may change ("change_own") in the
    cooperation of ``obj`` as their member; a coordinator changes everything there
    (``can(..., "change", ...)``) and has none of their own."""
    return {
        municipality
        for kind, municipality in _roles(user).get(cooperation_id_of(obj), set())
        if kind in ACTIONS["change_own"] and municipality is not None
    }


def may_add_own(user, obj) -> bool:
    """Whether the account may add something of its own to ``obj`` (a cooperation, a
    meeting, a measure): a coordinator, or a member, who then adds it as their
    municipality's (a document, a task of theirs)."""
    return can(user, "change", obj) or bool(own_municipality_ids(user, obj))


def may_attach_document(user, obj) -> bool:
    """Whether the account may attach documents to ``obj`` (a meeting or measure): a
    coordinator, or a member, who then attaches them as their municipality's."""
    return may_add_own(user, obj)


def may_attach_as(user, obj, municipality) -> bool:
    """Whether the account may attach a document to ``obj`` as ``municipality``'s (None:
    as the cooperation's): a coordinator as anyone's, a member as their own
    municipality's only."""
    if can(user, "change", obj):
        return True
    return municipality is not None and municipality.pk in own_municipality_ids(user, obj)


def is_public_document(document) -> bool:
    """A document anyone may download: marked public, and what it belongs to is public
    too (a meeting, and the agenda item if it has one; a measure). An agreement's
    documents have no public place."""
    if not document.is_public:
        return False
    if document.meeting_id is not None:
        item = document.agenda_item
        return document.meeting.is_public and (item is None or item.is_public)
    if document.measure_id is not None:
        return document.measure.is_public
    return False


def may_download(user, document) -> bool:
    """Public documents (``is_public_document``) for anyone; the others for those who
    read the cooperation's internal data."""
    return is_public_document(document) or can(user, "view_internal", document)


def can_anywhere(user, action: str) -> bool:
    """Whether the account may do ``action`` in at least one cooperation: what a page
    for a cooperation to be chosen (the report list, the import) asks first."""
    _check_action(action)
    if is_administrator(user):
        return True
    return any(
        kind in ACTIONS[action] for held in _roles(user).values() for kind, _municipality in held
    )


def cooperations_of(user, action: str = "view_internal") -> QuerySet[Cooperation]:
    """The cooperations in which the account may do ``action``, by name."""
    return visible_to(user, Cooperation.objects.order_by("name"), action=action, path="pk")


def visible_to(
    user, queryset: QuerySet, *, action: str = "view_internal", path: str = "cooperation"
) -> QuerySet:
    """The rows of ``queryset`` whose cooperation (reached through ``path``) lets the
    account do ``action``; all rows for administrators, none for anyone else."""
    _check_action(action)
    if is_administrator(user):
        return queryset
    ids = [
        cooperation
        for cooperation, held in _roles(user).items()
        if any(kind in ACTIONS[action] for kind, _municipality in held)
    ]
    return queryset.filter(**{f"{path}__in": ids})


def may_import_into(user, cooperation: Cooperation | None) -> bool:
    """An import writes into the cooperation its file names: its coordinators may; one
    that does not exist yet only an administrator may create."""
    if cooperation is None:
        return is_administrator(user)
    return can(user, "import_report", cooperation)


def may_manage_person(user, person_account) -> bool:
    """Whether the account may export or anonymise what is held about
    ``person_account``: an administrator, or a coordinator of every cooperation the
    person belongs to (by a role or their Person record), since both reach into all of
    them. An administrator's account only an administrator."""
    if is_administrator(user):
        return True
    if person_account.is_superuser:
        return False
    cooperations = set(
        Role.objects.filter(user=person_account).values_list("cooperation_id", flat=True)
    ) | set(Person.objects.filter(user=person_account).values_list("cooperation_id", flat=True))
    return bool(cooperations) and all(
        can(user, "manage_roles", cooperation) for cooperation in cooperations
    )

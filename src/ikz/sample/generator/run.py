"""``generate()``: runs the steps of each cooperation in order, all cooperations in one
transaction, after checking that the database holds none of them yet."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ikz.core.models import Cooperation, Municipality
from ikz.reports.models import ReportFile
from ikz.sample.generator.agreements import add_agreements
from ikz.sample.generator.base import add_base, cooperation_name, cooperation_slug, municipality_ags
from ikz.sample.generator.funding import add_funding, funding_programs
from ikz.sample.generator.meetings import add_meetings
from ikz.sample.generator.outcomes import add_outcomes
from ikz.sample.generator.portfolio import add_portfolio
from ikz.sample.generator.reports import add_reports
from ikz.sample.generator.state import SHAPE, CooperationState, Shape
from ikz.sample.generator.tasks import add_tasks

# The AGS holds the cooperation's number in three digits.
MAX_SCALE = 999


@dataclass(frozen=True)
class Step:
    label: Promise  # what a progress bar shows while it runs
    functions: tuple[Callable[[CooperationState], None], ...]


# The steps of one cooperation, in the order they run: each needs what the ones before
# it left in the state.
STEPS = {
    "base": Step(gettext_lazy("municipalities, bodies and people"), (add_base,)),
    "portfolio": Step(gettext_lazy("fields of action and measures"), (add_portfolio,)),
    "meetings": Step(gettext_lazy("meetings and agenda items"), (add_meetings,)),
    "outcomes": Step(gettext_lazy("results and status changes"), (add_outcomes,)),
    "tasks": Step(gettext_lazy("tasks"), (add_tasks,)),
    "agreements": Step(gettext_lazy("agreements and funding"), (add_agreements, add_funding)),
    "reports": Step(gettext_lazy("status reports"), (add_reports,)),
}


def existing(scale: int) -> str:
    """What the database holds already of the cooperations 1..``scale`` would create,
    in the user's words; empty when generating them is safe."""
    numbers = range(1, scale + 1)
    slugs = [cooperation_slug(number) for number in numbers]
    names = [cooperation_name(number) for number in numbers]
    taken = list(
        Cooperation.objects.filter(Q(slug__in=slugs) | Q(name__in=names))
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    if taken:
        return _("cooperations %(slugs)s") % {"slugs": ", ".join(taken)}
    # Their municipalities alone, when someone deleted the cooperations.
    keys = list(
        Municipality.objects.filter(ags__range=(municipality_ags(1, 0), f"99{scale:03d}999"))
        .order_by("ags")
        .values_list("ags", flat=True)[:5]
    )
    if keys:
        return _("municipalities with the AGS %(keys)s") % {"keys": ", ".join(keys)}
    return ""


def generate(
    *,
    scale: int,
    seed: int = 1,
    today: datetime.date | None = None,
    shape: Shape = SHAPE,
    on_step: Callable[[int, str], None] | None = None,
) -> list[Cooperation]:
    """Create cooperations 1..``scale`` (see the package's docstring), all or nothing.

    Side effects, in one transaction: the rows of every cooperation in turn (the
    funding programmes first, shared by all, reused when they exist), and the files of
    the issued reports; when anything fails, nothing stays, the files included.
    ``on_step(number, step)`` is called as each of ``STEPS`` of each cooperation begins.
    ValidationError, with nothing written, when the scale is out of range or the
    database holds any of these cooperations or their municipalities already."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValidationError(
            _("The scale is a whole number from 1 to %(max)d, not %(scale)s.")
            % {"max": MAX_SCALE, "scale": scale},
            code="scale",
        )
    as_of = (today or timezone.localdate()).replace(day=1)
    issued_files: list[str] = []
    try:
        with transaction.atomic():
            found = existing(scale)
            if found:
                raise ValidationError(
                    _(
                        "The database holds generated data already (%(found)s); ikz generate "
                        "writes only into a database without it. Nothing was changed."
                    )
                    % {"found": found},
                    code="exists",
                )
            programs = funding_programs(as_of=as_of, shape=shape)
            cooperations = []
            for number in range(1, scale + 1):
                state = CooperationState(
                    number=number,
                    seed=seed,
                    as_of=as_of,
                    shape=shape,
                    programs=programs,
                    issued_files=issued_files,
                )
                for key, step in STEPS.items():
                    if on_step is not None:
                        on_step(number, key)
                    for function in step.functions:
                        function(state)
                cooperations.append(state.cooperation)
    except BaseException:
        storage = ReportFile._meta.get_field("file").storage
        for name in issued_files:
            storage.delete(name)
        raise
    return cooperations

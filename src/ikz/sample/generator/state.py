"""What the steps of the generator share: the shape of a cooperation, the state one
cooperation is built in (its random generators and what each step leaves for the
next), the plans of measures, agenda topics and results before they are rows, and the
helpers several steps use (``add_months``, ``bulk``, ``bulk_links``)."""

import datetime
import random
from dataclasses import InitVar, dataclass, field

from simple_history.utils import bulk_create_with_history

from ikz.core.history import record_links
from ikz.core.models import Body, Cooperation, Municipality, Partner, Person
from ikz.measures.models import FundingProgram, Measure, MeasureStatus
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.sample.generator.words import WORKING_GROUP_KEYS, WORKING_GROUPS

BATCH = 500
# The statuses a measure still moves on from: it is discussed while it has one.
OPEN_STATES = {
    MeasureStatus.IDEA,
    MeasureStatus.UNDER_REVIEW,
    MeasureStatus.DECISION_PENDING,
    MeasureStatus.DECIDED,
    MeasureStatus.IN_PROGRESS,
    MeasureStatus.ON_HOLD,
}


@dataclass(frozen=True)
class Shape:
    """How much one cooperation holds. The command always uses ``SHAPE``; tests pass a
    smaller one."""

    years: int = 5
    future_months: int = 6  # of the years, how many lie ahead of the present
    meeting_rate: float = 1.0  # times each body's meetings per year
    agenda_items: tuple[int, int] = (8, 13)
    outcomes: tuple[int, int] = (8, 14)
    measures: int = 50
    tasks: int = 1000
    agreements: int = 3
    applications: int = 4
    reports: int = 25
    issued: int = 6


SHAPE = Shape()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``day``'s."""
    years, month = divmod(day.month - 1 + months, 12)
    return datetime.date(day.year + years, month + 1, 1)


def bulk(model, objs: list) -> list:
    """Rows with their history rows, as saving each would leave them."""
    if not objs:
        return objs
    return bulk_create_with_history(objs, model, batch_size=BATCH)


def bulk_links(model, name: str, links: list) -> None:
    """Links of rows created in bulk (rows of ``model``'s ``name`` through model), with
    them in each row's history record, as saving the row with its links would leave it
    (``save_with_links``)."""
    through = model._meta.get_field(name).remote_field.through
    through.objects.bulk_create(links, batch_size=BATCH)
    owner = f"{model._meta.get_field(name).m2m_field_name()}_id"
    ids = sorted({getattr(link, owner) for link in links})
    for start in range(0, len(ids), BATCH):
        record_links(model, name, ids[start : start + BATCH])


@dataclass(eq=False)
class MeasurePlan:
    """A measure before it is a row: its place in the portfolio and its planned path
    through the statuses, (date, status) in date order."""

    title: str
    field_name: str
    parent: "MeasurePlan | None"
    first_day: datetime.date
    changes: list = field(default_factory=list)  # (date, status)
    measure: Measure | None = None

    def status_before(self, day: datetime.date) -> str | None:
        latest = [status for date, status in self.changes if date < day]
        return latest[-1] if latest else None

    def active_on(self, day: datetime.date) -> bool:
        """Has a status on ``day``, and not a closed one reached before it."""
        if not self.changes or self.changes[0][0] > day:
            return False
        status = self.status_before(day)
        return status is None or status in OPEN_STATES

    def discussed_by(self, body_key: str) -> bool:
        """Every joint body deals with any measure; a working group with its fields."""
        group = WORKING_GROUPS.get(self.field_name, "economy")
        return body_key not in WORKING_GROUP_KEYS or body_key == group


@dataclass(eq=False)
class PlannedTopic:
    """An agenda item before it is a row, with what its results are drawn from."""

    title: str
    plan: MeasurePlan | None = None
    status: str | None = None
    results: list | None = None  # generic topics: (kind, text) to choose from
    is_public: bool = True
    presenter: object | None = None
    role: str | None = None  # "opening", "closing" or None
    item: AgendaItem | None = None


@dataclass(eq=False)
class PlannedResult:
    """A result before it is a row; ``status`` is the one it gives its measure."""

    topic: PlannedTopic | None
    kind: str
    text: str
    plan: MeasurePlan | None = None
    status: str | None = None
    is_public: bool = True
    mission: bool = False
    outcome: Outcome | None = None


@dataclass(eq=False)
class CooperationState:
    """One cooperation as its steps build it: what it starts from, then what each step
    leaves for the steps after it (an attribute of a later step is not there yet)."""

    number: int
    seed: InitVar[int]
    as_of: datetime.date  # the present: the first day of the month
    shape: Shape
    programs: list[FundingProgram]  # shared by every cooperation of the run
    # The files of the reports issued so far in the run, deleted when it fails.
    issued_files: list[str]
    rng: random.Random = field(init=False)
    attendance_rng: random.Random = field(init=False)
    start: datetime.date = field(init=False)
    end: datetime.date = field(init=False)  # exclusive

    # base
    name: str = field(init=False)
    cooperation: Cooperation = field(init=False)
    population_date: datetime.date = field(init=False)
    municipalities: list[Municipality] = field(init=False)
    bodies: dict[str, Body] = field(init=False)  # body key -> body
    consultancy: Partner = field(init=False)
    members: dict[str, list[Person]] = field(init=False)  # body key -> people
    # portfolio
    plans: list[MeasurePlan] = field(init=False)
    planned_meetings: list[Meeting] = field(init=False)  # unsaved, in date order
    status_events: dict[int, list] = field(init=False)  # held meeting's position -> (plan, status)
    # meetings
    meetings: list[Meeting] = field(init=False)
    held: list[Meeting] = field(init=False)
    by_body: dict[str, list[Meeting]] = field(init=False)  # body key -> meetings not cancelled
    topics: dict[int, list[PlannedTopic]] = field(init=False)  # meeting pk -> its agenda
    # outcomes
    results: list[PlannedResult] = field(init=False)

    def __post_init__(self, seed: int) -> None:
        # A string seed is hashed (SHA-512), the same in every process and on every
        # platform; the number makes each cooperation's stream its own.
        self.rng = random.Random(f"ikz-generate:{seed}:{self.number}")
        # A stream of its own, so that the attendance leaves every other draw as it was.
        self.attendance_rng = random.Random(f"ikz-generate:{seed}:{self.number}:attendance")
        self.start = add_months(self.as_of, -(self.shape.years * 12 - self.shape.future_months))
        self.end = add_months(self.as_of, self.shape.future_months)

"""``ikz generate --scale N [--seed S]``: deterministic synthetic data for scale tests."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ikz.core.commands import IkzCommand
from ikz.measures.models import StatusChange, Task
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.reports.models import StatusReport
from ikz.sample.generator.run import MAX_SCALE, STEPS, generate


class Command(IkzCommand):
    help = _(
        "Generate deterministic synthetic data: N cooperations shaped like the Partheland "
        "over five years, into a database without them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help=_("number of cooperations, 1 to %(max)d (default 1)") % {"max": MAX_SCALE},
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help=_("seed of the random generators: the same seed gives the same data (default 1)"),
        )

    def handle(self, *args, **options):
        scale, seed = options["scale"], options["seed"]
        console = Console(stderr=True, highlight=False)
        columns = [
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        ]
        started = time.perf_counter()
        try:
            with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
                task = bar.add_task(_("Generating"), total=scale * len(STEPS))
                begun = []

                def on_step(number, step):
                    # Called as a step begins: the one before it is done.
                    bar.update(
                        task,
                        completed=len(begun),
                        description=_("Cooperation %(number)d of %(scale)d: %(step)s")
                        % {"number": number, "scale": scale, "step": STEPS[step].label},
                    )
                    begun.append(step)

                cooperations = generate(scale=scale, seed=seed, on_step=on_step)
                bar.update(task, completed=scale * len(STEPS))
        except ValidationError as error:
            message = " ".join(error.messages)
            if error.code == "scale":
                message = f"--scale: {message}"
            raise CommandError(message) from None
        self.stdout.write(
            self.style.SUCCESS(self.summary(cooperations, seed, time.perf_counter() - started))
        )

    def summary(self, cooperations, seed: int, seconds: float) -> str:
        reports = StatusReport.objects.filter(cooperation__in=cooperations)
        return _(
            "Cooperations generated: %(count)d (seed %(seed)d, %(seconds)d s); meetings: "
            "%(meetings)d, agenda items: %(items)d, results: %(outcomes)d, status changes: "
            "%(changes)d, tasks: %(tasks)d, status reports: %(reports)d, issued: %(final)d."
        ) % {
            "count": len(cooperations),
            "seed": seed,
            "seconds": round(seconds),
            "meetings": Meeting.objects.filter(body__cooperation__in=cooperations).count(),
            "items": AgendaItem.objects.filter(meeting__body__cooperation__in=cooperations).count(),
            "outcomes": Outcome.objects.filter(meeting__body__cooperation__in=cooperations).count(),
            "changes": StatusChange.objects.filter(measure__cooperation__in=cooperations).count(),
            "tasks": Task.objects.filter(cooperation__in=cooperations).count(),
            "reports": reports.count(),
            "final": reports.filter(state=StatusReport.State.FINAL).count(),
        }

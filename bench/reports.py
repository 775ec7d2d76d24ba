"""Benchmark of the status report path: import the Partheland report, build the report,
render every registered format. Prints a table; the target for the seed report is
under 2 s per format on a 2-core machine.

Run with ``make bench`` (a fresh database in a temporary data directory)."""

import datetime
import os
import resource
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ikz.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from ikz.core.models import Cooperation  # noqa: E402
from ikz.reports.demo import DEMO_REPORT  # noqa: E402
from ikz.reports.domain import build_report  # noqa: E402
from ikz.reports.exporters import EXPORTERS  # noqa: E402
from ikz.reports.storing import import_file  # noqa: E402

RUNS = 5
TARGET_SECONDS = 2.0
PERIOD = (datetime.date(2020, 4, 1), datetime.date(2020, 5, 31))


def timed(function, runs=RUNS):
    seconds = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), max(seconds), result


def import_into_empty_database():
    """Import and roll back, so every run starts from the same empty database."""
    with transaction.atomic():
        import_file(DEMO_REPORT)
        transaction.set_rollback(True)


def main() -> int:
    call_command("migrate", verbosity=0)
    rows = []
    median, worst, _ = timed(import_into_empty_database)
    rows.append(("import seed (empty database)", median, worst, ""))
    import_file(DEMO_REPORT)
    cooperation = Cooperation.objects.get(slug="partheland")
    for template in ("seed", "full"):

        def build(template=template):
            return build_report(
                cooperation=cooperation,
                period_start=PERIOD[0],
                period_end=PERIOD[1],
                report_date=datetime.date(2020, 5, 25),
                template=template,
            )

        median, worst, report = timed(build)
        rows.append((f"build report ({template})", median, worst, ""))
        for identifier, exporter in EXPORTERS.items():
            exporter.render(report)  # first call loads the library; not what users wait for twice
            median, worst, content = timed(
                lambda exporter=exporter, report=report: exporter.render(report)
            )
            rows.append((f"render {identifier} ({template})", median, worst, f"{len(content):,} B"))

    failed = False
    print(f"{'step':<34} {'median s':>9} {'max s':>8}  {'output':>12}  target < {TARGET_SECONDS} s")
    print("-" * 80)
    for name, median, worst, size in rows:
        verdict = "ok" if worst < TARGET_SECONDS else "TOO SLOW"
        failed |= worst >= TARGET_SECONDS
        print(f"{name:<34} {median:>9.3f} {worst:>8.3f}  {size:>12}  {verdict}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("-" * 80)
    print(f"runs per step: {RUNS}; peak memory of the process: {peak_mb:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The status report path: cooperation 1's full report built and rendered in every
format, and the seed report on a fresh database. Imported by ``bench/run.py measure``
after django.setup()."""

import datetime
import inspect
import io
import time

import pptx
import pypdf
from django.core.management import call_command
from pages import count_queries, timed

from ikz.core.models import Cooperation
from ikz.reports.domain import build_report
from ikz.reports.exporters import EXPORTERS
from ikz.reports.storing import import_file
from ikz.sample.demo import DEMO_REPORT

# Fewer runs than for pages: a build or a rendering takes up to seconds. Each row's
# first call is its own (cold_ms): it loads the libraries and fonts.
BUILD_RUNS = 10
RENDER_RUNS = 5
SEED_RUNS = 10
# Months of the period: its first and last day (cooperation 1's data reaches the
# generator's present, the month the database was built in).
PERIODS = {
    2: (datetime.date(2026, 8, 1), datetime.date(2026, 9, 30)),
    12: (datetime.date(2025, 10, 1), datetime.date(2026, 9, 30)),
}
SEED_PERIOD = (datetime.date(2020, 4, 1), datetime.date(2020, 5, 31))
SEED_REPORT_DATE = datetime.date(2020, 5, 25)


def build(**fields):
    # The appendix is a newer keyword; a build function without it writes none.
    if "appendix" in inspect.signature(build_report).parameters:
        fields["appendix"] = False
    return build_report(**fields)


def output(identifier: str, content: bytes) -> str:
    size = f"{len(content) / 1024:,.0f} KiB"
    if identifier == "pdf":
        return f"{size}, {len(pypdf.PdfReader(io.BytesIO(content)).pages)} pages"
    if identifier == "pptx":
        return f"{size}, {len(pptx.Presentation(io.BytesIO(content)).slides)} slides"
    return size


def cold_and_warm(function, runs: int) -> tuple[dict, object]:
    """The first call (timed, its queries counted), then ``runs`` warm ones."""
    start = time.perf_counter()
    queries, result = count_queries(function)
    cold_ms = (time.perf_counter() - start) * 1000
    return {"cold_ms": cold_ms, **timed(function, runs), "queries": queries}, result


def measure(log, render: bool) -> list[dict]:
    cooperation = Cooperation.objects.order_by("pk").first()
    rows = []
    for months, (start, end) in PERIODS.items():
        label = f"full report, {months} months ({start:%Y-%m}..{end:%Y-%m})"
        row, report = cold_and_warm(
            lambda start=start, end=end: build(
                cooperation=cooperation,
                period_start=start,
                period_end=end,
                report_date=end,
                template="full",
            ),
            BUILD_RUNS,
        )
        rows.append({"name": f"build {label}", "kind": "build", "months": months, **row})
        log(f"build {label}: p95 {row['p95_ms']:.0f} ms, {row['queries']} queries")
        if not render:
            continue
        for identifier, exporter in EXPORTERS.items():
            row, content = cold_and_warm(
                lambda exporter=exporter, report=report: exporter.render(report), RENDER_RUNS
            )
            rows.append(
                {
                    "name": f"render {identifier} {label}",
                    "kind": "render",
                    "months": months,
                    "output": output(identifier, content),
                    **row,
                }
            )
            log(f"render {identifier} {label}: p95 {row['p95_ms']:.0f} ms")
    return rows


def measure_seed(log) -> list[dict]:
    """On the empty database the environment names: the Partheland report imported,
    built again and written in all five formats together."""
    call_command("migrate", verbosity=0)
    import_file(DEMO_REPORT)
    cooperation = Cooperation.objects.get(slug="partheland")
    row, report = cold_and_warm(
        lambda: build(
            cooperation=cooperation,
            period_start=SEED_PERIOD[0],
            period_end=SEED_PERIOD[1],
            report_date=SEED_REPORT_DATE,
            template="seed",
        ),
        SEED_RUNS,
    )
    rows = [{"name": "seed report: build", "kind": "seed-build", **row}]
    for identifier, exporter in EXPORTERS.items():
        row, content = cold_and_warm(lambda exporter=exporter: exporter.render(report), SEED_RUNS)
        rows.append(
            {
                "name": f"seed report: render {identifier}",
                "kind": "seed-render",
                "output": output(identifier, content),
                **row,
            }
        )

    def render_all():
        for exporter in EXPORTERS.values():
            exporter.render(report)

    # As issuing writes them: one after the other, the libraries loaded by the rows above.
    queries, _ = count_queries(render_all)
    total = {**timed(render_all, SEED_RUNS), "queries": queries}
    rows.append(
        {
            "name": f"seed report: all {len(EXPORTERS)} formats together",
            "kind": "seed-total",
            **total,
        }
    )
    log(f"seed report, all formats: p95 {total['p95_ms']:.0f} ms")
    return rows

"""``make bench``: every page and the status report path on SQLite and PostgreSQL at
scale 1 and 30 of ``ikz generate``, and the seed report on a fresh database. Prints a
Markdown table and writes it to docs/benchmarks.md, the rows to docs/benchmarks.json.

Django binds its database at setup, so each database is measured in a process of its
own: ``python bench/run.py measure pages|report|seed ROWS.json [render]`` in that
database's environment. Exits non-zero only when a page fails to load (or a step
breaks): slow numbers are the table's verdict, not an error."""

import datetime
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import django
import psycopg
from databases import POSTGRES, ROOT, BenchDatabase

SMALL, LARGE = 1, 30
ENGINES = ("sqlite", "postgresql")
# The pages are measured in rounds that take turns between the two scales, and each
# page's p50 and p95 are the medians of its rounds': a burst of load from elsewhere
# (autovacuum, another process on the two cores) lands in one round of one scale, where
# a single series would put it into that page's verdict.
PAGE_ROUNDS = int(os.environ.get("BENCH_PAGE_ROUNDS", "3"))
# The pages too slow after those rounds are measured again, at both scales in turn, in
# up to this many more rounds (a round stops early when none is left): a verdict stands
# on the median of all its page's rounds, not on one burst of noise in a few.
CHECK_ROUNDS = int(os.environ.get("BENCH_CHECK_ROUNDS", "4"))
# Rendering reads no database (its rows count the queries): measured on one.
RENDER_ON = ("sqlite", LARGE)
DOCS = ROOT / "docs"

PAGE_GROWTH = 1.5  # p95 at scale 30 at most this times p95 at scale 1
FLOOR_RATIO = 3  # public cooperation page p95 at most this times its floor's
REPORT_TARGET_MS = {2: 1000, 12: 2000}  # by months of the period, build and each format
SEED_TARGET_MS = 1000  # the seed report in all formats together

TARGETS = f"""\
- every page: the same number of queries at scale {SMALL} and {LARGE}, and
  p95 at scale {LARGE} ≤ {PAGE_GROWTH} × p95 at scale {SMALL}, on both databases
  ("QUERIES GROW" / "QUERIES DIFFER" / "TOO SLOW" on the page's row);
- public cooperation page: p95 ≤ {FLOOR_RATIO} × p95 of its floor, the same rows read
  by one SQL statement and `json.dumps`;
- report build and each format of the 2-month full report: p95 < {REPORT_TARGET_MS[2]} ms;
  of the 12-month full report: p95 < {REPORT_TARGET_MS[12]} ms (builds also: the same number
  of queries at both scales);
- the seed report in all five formats together: p95 < {SEED_TARGET_MS} ms."""

RUNS = f"""\
Pages and the floor: 30 requests each after one warm-up (a page that takes seconds, a
PDF or the whole audit log as CSV, at least 10, about 8 s of requests), through
`django.test.Client` in the process (no web server, no network), the queries counted on
one more request. Public pages anonymous; the cockpit's other pages and every admin
change list as the coordinator of cooperation 1 ("muldental", the same at both scales),
who sees its rows only; each change list also as the superuser, filtered to cooperation 1
as the list's cooperation filter links it, and unfiltered over all cooperations
("superuser, all cooperations": its row count and pages span the installation and grow
with it, so it is shown without a target; so is the search, whose hits are every
cooperation's public rows besides the coordinator's own). The work pages are those of cooperation 1's
latest held meeting (`<held>`; its page and agenda also of its next one, `<upcoming>`),
its first measure, its first open task, and a document the bench attaches to that
meeting (and removes again); the form recording a result also as its first topic's link
opens it (`?top=`), the new task's also as the measure's page links it (`?massnahme=`). A mail's link (password reset, invitation) with a valid
token, after the first visit that keeps it in the session; `/start/` answers with a
redirect to the coordinator's cockpit. `/` is the only cooperation's page at scale 1 and
the list of cooperations at scale 30: two pages, no pair to compare (the cooperation's
page is `/k/muldental/`). Pages are measured in {PAGE_ROUNDS} rounds, taking turns
between scale {SMALL} and scale {LARGE} of a database; the pages then too slow, in up to
{CHECK_ROUNDS} more rounds of their own; a page's p50 and p95 are the medians of its
rounds' (a burst of load from elsewhere lands in one round only; the "rounds" of
docs/benchmarks.json says how many a page had). SQLite databases without statistics
(no ANALYZE), as the cockpit's own; PostgreSQL ones vacuumed and analysed once built.
Report builds: 10 runs after one cold call, rendering 5, the seed report 10 (cold ms:
that first call, which loads libraries and fonts). Rendering reads no database (0
queries), so it is measured once, on SQLite at scale 30. Reports are those of
cooperation 1."""


def measure(part: str, rows_path: str, *options: str) -> None:
    """In the child process: one part's rows, on the database of the environment."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ikz.settings")
    django.setup()
    import pages  # noqa: PLC0415 app registry: after django.setup()
    import report_path  # noqa: PLC0415 app registry: after django.setup()

    def log(message: str) -> None:
        print(f"  {message}", file=sys.stderr, flush=True)

    # only=FILE: the pages a JSON list of [name, as] names, not all.
    only = next(
        (option.removeprefix("only=") for option in options if option.startswith("only=")), None
    )
    if only is not None:
        only = {tuple(page) for page in json.loads(Path(only).read_text())}
    parts = {
        "pages": lambda: pages.measure(log, only),
        "report": lambda: report_path.measure(log, render="render" in options),
        "seed": lambda: report_path.measure_seed(log),
    }
    Path(rows_path).write_text(json.dumps(parts[part]()))


def run_part(part: str, env: dict[str, str], *options: str) -> list[dict]:
    with tempfile.NamedTemporaryFile(suffix=".json") as rows_file:
        subprocess.run(
            [sys.executable, __file__, "measure", part, rows_file.name, *options],
            env=env | {"DJANGO_SETTINGS_MODULE": "ikz.settings"},
            check=True,
        )
        return json.loads(Path(rows_file.name).read_text())


def medians(rounds: list[list[dict]]) -> list[dict]:
    """One row per page from its rounds (a page may be missing from the later rounds,
    which measure only the pages whose verdict they check): p50 and p95 the medians of
    the rounds', the runs added up. The query count must not differ between rounds: the
    data is the same."""
    measured = {}
    for row in (row for rows in rounds for row in rows):
        measured.setdefault((row["name"], row.get("as")), []).append(row)
    rows = []
    for (name, _visitor), page_rounds in measured.items():
        if len({row["queries"] for row in page_rounds}) != 1:
            raise SystemExit(f"bench/run.py: {name} differs between rounds")
        rows.append(
            page_rounds[0]
            | {
                "p50_ms": statistics.median(row["p50_ms"] for row in page_rounds),
                "p95_ms": statistics.median(row["p95_ms"] for row in page_rounds),
                "runs": sum(row["runs"] for row in page_rounds),
                "rounds": len(page_rounds),
            }
        )
    return rows


def too_slow(rounds: dict[int, list[list[dict]]], engine: str) -> list[tuple[str, str | None]]:
    """The pages (name, as) whose time misses its target after these rounds; with the
    public cooperation page also its floor, and the other way round."""
    rows = [
        row | {"database": engine, "scale": scale}
        for scale, measured in rounds.items()
        for row in medians(measured)
    ]
    add_checks(rows)
    pages = {(row["name"], row.get("as")) for row in rows if "TOO SLOW" in row["check"]}
    # The floor and the page it is the floor of go together.
    for floor in (row for row in rows if row["kind"] == "floor"):
        page = [
            (row["name"], row["as"])
            for row in rows
            if row["kind"] == "page" and row["url_name"] == floor["url_name"]
        ]
        if pages & {*page, (floor["name"], None)}:
            pages |= {*page, (floor["name"], None)}
    return sorted(pages, key=str)


def seed_environment(directory: str) -> dict[str, str]:
    env = dict(os.environ, IKZ_DATA_DIR=directory, IKZ_LOG_LEVEL="WARNING")
    env.pop("IKZ_DATABASE_URL", None)
    return env


def key(row: dict) -> tuple:
    """What one row measures: the same key at both scales is the pair to compare."""
    return (row["kind"], row["name"], row.get("as"), row["database"], row["scale"])


def add_checks(rows: list[dict]) -> None:
    """Each row's verdict ("check"), and the floor's ratio."""
    by_key = {key(row): row for row in rows}

    def at(row, scale):
        return by_key.get(key(row | {"scale": scale}))

    for row in rows:
        problems = []
        small, large = at(row, SMALL), at(row, LARGE)
        if row["kind"] == "page" and not (row["compared"] and small and large):
            # Growing with the installation by nature, or another page at each scale.
            row["check"] = "–"
            continue
        if row["kind"] in ("page", "build") and small and large:
            if large["queries"] > small["queries"]:
                problems.append("QUERIES GROW")
            elif large["queries"] < small["queries"]:
                problems.append("QUERIES DIFFER")
        if row["kind"] == "page" and small and large:
            if large["p95_ms"] > PAGE_GROWTH * small["p95_ms"]:
                problems.append("TOO SLOW")
        elif row["kind"] in ("build", "render"):
            row["target_ms"] = REPORT_TARGET_MS[row["months"]]
        elif row["kind"] == "seed-total":
            row["target_ms"] = SEED_TARGET_MS
        elif row["kind"] == "floor":
            page = next(
                page
                for page in rows
                if page["kind"] == "page"
                and page["url_name"] == row["url_name"]
                and (page["database"], page["scale"]) == (row["database"], row["scale"])
            )
            row["page_p95_ms"] = page["p95_ms"]
            row["ratio"] = page["p95_ms"] / row["p95_ms"]
            if row["ratio"] > FLOOR_RATIO:
                problems.append("TOO SLOW")
        if row.get("target_ms") and row["p95_ms"] >= row["target_ms"]:
            problems.append("TOO SLOW")
        has_target = row["kind"] in ("page", "build", "render", "floor", "seed-total")
        row["check"] = ", ".join(problems) or ("ok" if has_target else "–")


def ms(value) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def table(header: list[str], lines: list[list]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines),
    ]


def markdown(rows: list[dict], started: datetime.datetime, load: float) -> str:
    with psycopg.connect(f"{POSTGRES}/postgres") as connection:
        version = connection.info.server_version
    machine = (
        f"`make bench` (bench/run.py), {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores "
        f"(load average {load:.2f} at the start), Python {platform.python_version()}, "
        f"Django {django.get_version()}, SQLite {sqlite3.sqlite_version}, "
        f"PostgreSQL {version // 10000}.{version % 10000}."
    )
    lines = [
        "# Benchmarks",
        "",
        machine,
        "",
        f"Databases: `ikz generate --scale N --seed 1` for N = {SMALL} and {LARGE} (that many "
        "cooperations), on SQLite and on PostgreSQL. Times in ms.",
        "",
        RUNS,
        "",
        "Targets:",
        "",
        TARGETS,
        "",
        "## Pages",
        "",
    ]
    by_key = {key(row): row for row in rows}
    pages = [row for row in rows if row["kind"] == "page" and row["scale"] == SMALL]
    # Pages without a partner at scale 1 (the start page's list of cooperations).
    pages += [
        row
        for row in rows
        if row["kind"] == "page"
        and row["scale"] == LARGE
        and key(row | {"scale": SMALL}) not in by_key
    ]
    # Page by page, its visitors and databases side by side.
    names = list(dict.fromkeys(page["name"] for page in pages))
    page_lines = []
    for page in sorted(pages, key=lambda page: names.index(page["name"])):
        small = page if page["scale"] == SMALL else {}
        large = by_key.get(key(page | {"scale": LARGE}), {})
        page_lines.append(
            [
                f"`{page['name']}`",
                page["as"],
                page["database"],
                small.get("queries", "–"),
                large.get("queries", "–"),
                ms(small.get("p50_ms")),
                ms(small.get("p95_ms")),
                ms(large.get("p50_ms")),
                ms(large.get("p95_ms")),
                page["check"],
            ]
        )
    lines += table(
        ["page", "as", "database"]
        + [f"queries ({SMALL})", f"queries ({LARGE})"]
        + [f"p50 ({SMALL})", f"p95 ({SMALL})", f"p50 ({LARGE})", f"p95 ({LARGE})", "check"],
        page_lines,
    )
    lines += ["", "## Public cooperation page against its floor", ""]
    lines += table(
        ["database", "scale", "page p95", "floor p50", "floor p95", "floor", "ratio", "check"],
        [
            [
                row["database"],
                row["scale"],
                ms(row["page_p95_ms"]),
                ms(row["p50_ms"]),
                ms(row["p95_ms"]),
                f"{row['queries']} query, {row['output']}",
                f"{row['ratio']:.1f}",
                row["check"],
            ]
            for row in rows
            if row["kind"] == "floor"
        ],
    )
    lines += ["", "## Report path: cooperation 1, full template, without appendix", ""]
    lines += table(
        ["step", "database", "scale", "runs", "cold", "p50", "p95", "queries", "output", "check"],
        [
            [
                row["name"],
                row["database"],
                row["scale"],
                row["runs"],
                ms(row["cold_ms"]),
                ms(row["p50_ms"]),
                ms(row["p95_ms"]),
                row["queries"],
                row.get("output", ""),
                row["check"],
            ]
            for row in rows
            if row["kind"] in ("build", "render")
        ],
    )
    lines += [
        "",
        "## Seed report: a fresh SQLite database, the Partheland report imported",
        "",
        "Period 2020-04..2020-05, report date 2020-05-25, template seed.",
        "",
    ]
    lines += table(
        ["step", "runs", "cold", "p50", "p95", "queries", "output", "check"],
        [
            [
                row["name"],
                row["runs"],
                ms(row.get("cold_ms")),
                ms(row["p50_ms"]),
                ms(row["p95_ms"]),
                row["queries"],
                row.get("output", ""),
                row["check"],
            ]
            for row in rows
            if row["kind"].startswith("seed")
        ],
    )
    failing = [row for row in rows if row["check"] not in ("ok", "–")]
    lines += ["", f"Rows not meeting their target: {len(failing)} of {len(rows)}."]
    return "\n".join(lines) + "\n"


def main() -> int:
    if sys.argv[1:2] == ["measure"]:
        measure(*sys.argv[2:])
        return 0
    started = datetime.datetime.now(datetime.UTC)
    load = os.getloadavg()[0]
    rows = []
    try:
        for engine in ENGINES:
            # Made only now: the generator and migrations of this moment name them.
            databases = {scale: BenchDatabase(engine, scale) for scale in (SMALL, LARGE)}
            for database in databases.values():
                database.ensure()
            rounds = {SMALL: [], LARGE: []}
            for number in range(1, PAGE_ROUNDS + 1):
                for scale, database in databases.items():
                    print(f"{engine} scale {scale}, pages round {number}:", file=sys.stderr)
                    rounds[scale].append(run_part("pages", database.environment()))
            for number in range(1, CHECK_ROUNDS + 1):
                suspects = too_slow(rounds, engine)
                if not suspects:
                    break
                with tempfile.NamedTemporaryFile("w", suffix=".json") as only:
                    json.dump(suspects, only)
                    only.flush()
                    for scale, database in databases.items():
                        print(
                            f"{engine} scale {scale}, check round {number} of "
                            f"{len(suspects)} pages too slow so far:",
                            file=sys.stderr,
                        )
                        rounds[scale].append(
                            run_part("pages", database.environment(), f"only={only.name}")
                        )
            for scale, database in databases.items():
                print(f"{engine} scale {scale}, report path:", file=sys.stderr, flush=True)
                options = ["render"] if (engine, scale) == RENDER_ON else []
                measured = medians(rounds[scale]) + run_part(
                    "report", database.environment(), *options
                )
                rows += [row | {"database": engine, "scale": scale} for row in measured]
        print("seed report:", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory() as directory:
            measured = run_part("seed", seed_environment(directory))
            rows += [row | {"database": "sqlite", "scale": None} for row in measured]
    except subprocess.CalledProcessError as error:
        print(f"bench/run.py: measuring {error.cmd[3]} failed (see above)", file=sys.stderr)
        return 1
    add_checks(rows)
    text = markdown(rows, started, load)
    print(text, end="")
    DOCS.mkdir(exist_ok=True)
    (DOCS / "benchmarks.md").write_text(text, encoding="utf-8")
    (DOCS / "benchmarks.json").write_text(
        json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

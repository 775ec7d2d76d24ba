"""Two writers at once: the second waits or finds what the first created, and both
succeed; nobody gets a traceback."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, transaction

from ikz.core.domain import add_body, find_or_add
from ikz.core.models import Body
from ikz.sample.demo import DEMO_REPORT
from tests.factories import CooperationFactory

# The installed console script, as an administrator runs it.
IKZ = [str(Path(sys.executable).with_name("ikz"))]


# find_or_add ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_find_or_add_refused_because_another_writer_won_finds_the_winners_row():
    cooperation = CooperationFactory()
    winner = add_body(cooperation=cooperation, name="Lenkungsgruppe", kind="steering_group")
    looks = iter([None, winner])  # the first look comes before the winner's insert

    body, created = find_or_add(
        lambda: next(looks),
        lambda: add_body(cooperation=cooperation, name="Lenkungsgruppe", kind="steering_group"),
    )

    assert (body, created, Body.objects.count()) == (winner, False, 1)


@pytest.mark.django_db
def test_find_or_add_a_refusal_with_nothing_to_find_is_raised():
    cooperation = CooperationFactory()

    with pytest.raises(Exception, match="name"):
        find_or_add(lambda: None, lambda: add_body(cooperation=cooperation, name="", kind="other"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks between two connections; the suite's PostgreSQL run has them",
)
def test_find_or_add_two_connections_adding_the_same_body_give_one_row():
    cooperation = CooperationFactory()
    inserted, release = threading.Event(), threading.Event()
    results = {}

    def first():
        with transaction.atomic():
            add_body(cooperation=cooperation, name="Arbeitsgruppe Tourismus", kind="working_group")
            inserted.set()
            release.wait(10)
        connection.close()

    def second():
        inserted.wait(10)
        # Its insert waits for the first transaction's key, then is refused.
        results["second"] = find_or_add(
            lambda: Body.objects.filter(name__iexact="arbeitsgruppe tourismus").first(),
            lambda: add_body(
                cooperation=cooperation, name="Arbeitsgruppe Tourismus", kind="working_group"
            ),
        )
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    inserted.wait(10)
    threading.Timer(0.5, release.set).start()  # let the second one reach its insert
    for thread in threads:
        thread.join(20)

    body, created = results["second"]
    assert (created, Body.objects.filter(cooperation=cooperation).count()) == (False, 1)
    assert body.name == "Arbeitsgruppe Tourismus"


# Two imports on one SQLite file --------------------------------------------------------


def ikz(environment, *arguments, **options):
    return subprocess.Popen(
        [*IKZ, *arguments],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )


ON_SQLITE_PASS = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite files of their own; the suite's SQLite run has them",
)


@pytest.fixture(scope="module")
def migrated_file(tmp_path_factory):
    """A migrated SQLite database file, as an installation has it (made once)."""
    tmp_path = tmp_path_factory.mktemp("migrated")
    path = tmp_path / "ikz.sqlite3"
    environment = {
        **os.environ,
        "IKZ_DATA_DIR": str(tmp_path),
        "IKZ_DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": "ikz.settings",
    }
    migrate = ikz(environment, "migrate", "--noinput")
    assert migrate.wait(120) == 0, migrate.stderr.read()
    return path, environment


@pytest.fixture
def sqlite_file(migrated_file, tmp_path):
    """A fresh copy of the migrated file for one test."""
    source, environment = migrated_file
    path = tmp_path / "ikz.sqlite3"
    shutil.copyfile(source, path)
    return path, {
        **environment,
        "IKZ_DATA_DIR": str(tmp_path),
        "IKZ_DATABASE_URL": f"sqlite:///{path}",
    }


def count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as database:
        return database.execute(sql).fetchone()[0]


@ON_SQLITE_PASS
def test_two_imports_at_once_on_sqlite_both_succeed(sqlite_file, tmp_path):
    path, environment = sqlite_file
    other = tmp_path / "juni.md"
    other.write_text(
        DEMO_REPORT.read_text(encoding="utf-8")
        .replace("April/Mai  \n2020", "Juni 2020")
        .replace("April/Mai 2020", "Juni 2020")
        .replace("11.05.2020", "15.06.2020")
        .replace("25.05.2020", "30.06.2020")
        .replace("7. Projektleitungsgruppe", "8. Projektleitungsgruppe"),
        encoding="utf-8",
    )

    imports = [
        ikz(environment, "import-report", str(DEMO_REPORT)),
        ikz(environment, "import-report", str(other)),
    ]
    outcomes = [(process.wait(120), process.stderr.read()) for process in imports]

    assert outcomes == [(0, ""), (0, "")]
    # The same new cooperation and bodies from both: one row each.
    assert count(path, "SELECT count(*) FROM core_cooperation") == 1
    assert count(path, "SELECT count(*) FROM core_body WHERE name = 'Projektleitungsgruppe'") == 1
    assert count(path, "SELECT count(*) FROM meetings_meeting WHERE state = 'held'") == 2


@ON_SQLITE_PASS
def test_import_waits_for_another_sqlite_writer_instead_of_failing(sqlite_file):
    path, environment = sqlite_file
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    holder.execute("INSERT INTO auth_group (name) VALUES ('Zwischendurch')")

    process = ikz(environment, "import-report", str(DEMO_REPORT))
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(3)  # it must still be waiting, not failed
    still_waiting = process.poll() is None
    holder.execute("COMMIT")
    holder.close()

    assert (still_waiting, process.wait(120), process.stderr.read()) == (True, 0, "")
    assert count(path, "SELECT count(*) FROM meetings_outcome") == 11


SIGN_IN = """
from django.contrib.auth.models import User
from django.test import Client
User.objects.create_user("koordination", password="Partheland-2020!")
"""
PAGE_VIEW = """
from django.test import Client
print(Client(HTTP_HOST="localhost").get("/").status_code)
"""
LOGIN = """
from django.test import Client
response = Client(HTTP_HOST="localhost").post(
    "/anmelden/", {"username": "koordination", "password": "Partheland-2020!"}
)
print(response.status_code)
"""


@ON_SQLITE_PASS
def test_page_views_go_on_and_sign_ins_wait_while_an_import_writes(sqlite_file):
    path, environment = sqlite_file
    assert ikz(environment, "shell", "--no-imports", "-c", SIGN_IN).wait(60) == 0
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # as an import holds the write lock
    holder.execute("INSERT INTO auth_group (name) VALUES ('Import läuft')")

    page = ikz(environment, "shell", "--no-imports", "-c", PAGE_VIEW)
    page_done = page.wait(60)  # reads need no lock in WAL mode
    login = ikz(environment, "shell", "--no-imports", "-c", LOGIN)
    with contextlib.suppress(subprocess.TimeoutExpired):
        login.wait(3)
    login_waiting = login.poll() is None  # a sign-in writes its session: it queues
    holder.execute("COMMIT")
    holder.close()

    assert (page_done, page.stdout.read().strip()) == (0, "200")
    assert (login_waiting, login.wait(60), login.stdout.read().strip()) == (True, 0, "302")

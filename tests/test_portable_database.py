"""The SQLite file is readable by standard tools: no CHECK constraint calls a function
only Django provides, so Debian's ``sqlite3`` and Python's own ``sqlite3`` module check,
dump and restore a database holding the Partheland demo."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from ikz.core.models import Cooperation, Municipality

IKZ = Path(sys.executable).with_name("ikz")
SQLITE3 = shutil.which("sqlite3")


def run_ikz(*args, data_dir: Path, database: Path):
    # A database file of its own, so the test database stays untouched.
    env = {
        **os.environ,
        "IKZ_DATA_DIR": str(data_dir),
        "IKZ_DATABASE_URL": f"sqlite:///{database}",
    }
    return subprocess.run([IKZ, *args], capture_output=True, text=True, env=env, timeout=300)


def table_counts(database: Path) -> dict[str, int]:
    """Every table of the file with its number of rows, read without Django."""
    connection = sqlite3.connect(database)
    try:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in names
        }
    finally:
        connection.close()


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    directory = tmp_path_factory.mktemp("portable")
    database = directory / "ikz.sqlite3"
    for command in (["migrate", "--noinput"], ["load_demo"]):
        result = run_ikz(*command, data_dir=directory, database=database)
        assert result.returncode == 0, result.stderr
    return database


@pytest.fixture
def sqlite3_cli():
    if SQLITE3 is None:
        if os.environ.get("IKZ_REQUIRE_BROWSER"):
            pytest.fail(
                "The sqlite3 command-line tool is required for the portable-database test "
                "(apt-get install sqlite3)."
            )
        pytest.skip("The sqlite3 command-line tool is not installed.")
    return SQLITE3


def test_demo_database_passes_the_sqlite3_integrity_check(sqlite3_cli, demo_database):
    result = subprocess.run(
        [sqlite3_cli, demo_database, "PRAGMA integrity_check"],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (result.returncode, result.stdout, result.stderr) == (0, "ok\n", "")


def test_demo_database_dumped_by_sqlite3_restores_every_table_and_row(
    sqlite3_cli, demo_database, tmp_path
):
    restored = tmp_path / "restored.sqlite3"

    dump = subprocess.run(
        [sqlite3_cli, demo_database, ".dump"], capture_output=True, text=True, timeout=60
    )
    # -bail: stop at the first statement that fails instead of skipping it quietly.
    load = subprocess.run(
        [sqlite3_cli, "-bail", restored],
        input=dump.stdout,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (dump.returncode, dump.stderr, load.returncode, load.stderr) == (0, "", 0, "")
    original = table_counts(demo_database)
    assert table_counts(restored) == original
    # The tables a Django-only function used to lose hold demo rows worth comparing.
    assert (original["measures_task"] > 0, original["reports_statusreport"] > 0) == (True, True)


# The search's full-text index (FTS5, ikz.search), which Python's iterdump cannot copy
# before Python 3.13: it writes the virtual table's rows before SQLite knows the table.
# Derived from the search entries, it is made anew by ``ikz search_index --rebuild``.
FULL_TEXT_INDEX = "search_searchentry_fts"


def test_demo_database_checked_and_copied_by_python_without_django_functions(
    demo_database, tmp_path
):
    # Python's sqlite3 module registers no functions, not even the REGEXP the CLI has.
    source = sqlite3.connect(demo_database)
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    try:
        integrity = source.execute("PRAGMA integrity_check").fetchall()
        dump = [line for line in source.iterdump() if FULL_TEXT_INDEX not in line]
        copy.executescript("\n".join(dump))
    finally:
        source.close()
        copy.close()

    assert integrity == [("ok",)]
    copied = table_counts(tmp_path / "copy.sqlite3")
    assert copied == {
        name: count
        for name, count in table_counts(demo_database).items()
        if not name.startswith(FULL_TEXT_INDEX)
    }


# The plain-SQL checks that replaced REGEXP refuse what the patterns refuse, on SQLite and
# on PostgreSQL; values stay within the fields' max_length, which PostgreSQL enforces.


@pytest.mark.django_db
@pytest.mark.parametrize("colour", ["#1F5F8B", "#1f5f8b", "#000000", ""])
def test_cooperation_colour_check_accepts_rrggbb_or_empty(colour):
    Cooperation.objects.create(
        name="Partheland", slug="partheland", primary_colour=colour, secondary_colour=colour
    )

    assert Cooperation.objects.values_list("primary_colour", "secondary_colour").get() == (
        colour,
        colour,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["primary_colour", "secondary_colour"])
@pytest.mark.parametrize(
    "colour", ["1F5F8B", "#1F5F8", "#GG5F8B", "#1F5F8 ", "##1F5F8", "#1F5F8#", "blau", "#"]
)
def test_cooperation_colour_check_refuses_what_is_not_rrggbb(field, colour):
    with pytest.raises(IntegrityError, match=f"cooperation_{field}_hex"), transaction.atomic():
        Cooperation.objects.create(name="Partheland", slug="partheland", **{field: colour})


@pytest.mark.django_db
@pytest.mark.parametrize("ags", ["14729300", "00000000", None])
def test_municipality_ags_check_accepts_eight_digits_or_none(ags):
    Municipality.objects.create(name="Naunhof", ags=ags)

    assert Municipality.objects.values_list("ags", flat=True).get() == ags


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ags",
    ["1472930", "1472930A", "A1472930", "14 72930", "-1472930", "AGS-NAUN", "１４７２９３００", ""],
)
def test_municipality_ags_check_refuses_what_is_not_eight_digits(ags):
    with pytest.raises(IntegrityError, match="municipality_ags_8_digits"), transaction.atomic():
        Municipality.objects.create(name="Naunhof", ags=ags)

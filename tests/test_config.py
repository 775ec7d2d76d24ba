"""The installation's configuration from IKZ_* environment variables (ikz.config).

Every function takes the environment as a plain mapping, so each test passes a dict."""

import stat
import subprocess
import sys
import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from ikz import config

# env_bool


@pytest.mark.parametrize("word", ["1", "true", "yes", "on", "ja", "TRUE", " Ja "])
def test_env_bool_true_words_are_true(word):
    assert config.env_bool({"IKZ_DEBUG": word}, "IKZ_DEBUG") is True


@pytest.mark.parametrize("word", ["0", "false", "no", "off", "nein", "", "NEIN", " off "])
def test_env_bool_false_words_are_false(word):
    assert config.env_bool({"IKZ_DEBUG": word}, "IKZ_DEBUG", default=True) is False


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_missing_variable_gives_default(default):
    assert config.env_bool({}, "IKZ_DEBUG", default) is default


def test_env_bool_other_word_is_refused_naming_variable_and_allowed_words():
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.env_bool({"IKZ_DEBUG": "vielleicht"}, "IKZ_DEBUG")

    assert str(excinfo.value) == (
        "IKZ_DEBUG='vielleicht' ist kein Wahrheitswert / is not a boolean "
        "(erlaubt / allowed: 0, 1, false, ja, nein, no, off, on, true, yes)."
    )


# env_int


def test_env_int_reads_integer():
    assert config.env_int({"IKZ_HSTS_SECONDS": "3600"}, "IKZ_HSTS_SECONDS", 0) == 3600


def test_env_int_missing_variable_gives_default():
    assert config.env_int({}, "IKZ_HSTS_SECONDS", 42) == 42


@pytest.mark.parametrize("value", ["eine Stunde", "3.5", ""])
def test_env_int_non_integer_is_refused_naming_variable(value):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.env_int({"IKZ_HSTS_SECONDS": value}, "IKZ_HSTS_SECONDS", 0)

    assert str(excinfo.value) == (
        f"IKZ_HSTS_SECONDS={value!r} ist keine ganze Zahl / is not an integer."
    )


# env_list


def test_env_list_splits_on_commas_and_drops_blanks():
    env = {"IKZ_ALLOWED_HOSTS": " cockpit.partheland.de, ,localhost,, 10.0.0.5 "}

    hosts = config.env_list(env, "IKZ_ALLOWED_HOSTS", ["default"])

    assert hosts == ["cockpit.partheland.de", "localhost", "10.0.0.5"]


def test_env_list_missing_variable_gives_default():
    assert config.env_list({}, "IKZ_ALLOWED_HOSTS", ["localhost"]) == ["localhost"]


def test_env_list_empty_variable_gives_empty_list():
    assert config.env_list({"IKZ_ALLOWED_HOSTS": ""}, "IKZ_ALLOWED_HOSTS", ["localhost"]) == []


# data_dir


def test_data_dir_defaults_to_data_in_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    assert config.data_dir({}) == tmp_path / "data"


def test_data_dir_reads_variable(tmp_path):
    assert config.data_dir({"IKZ_DATA_DIR": str(tmp_path / "ikz")}) == tmp_path / "ikz"


def test_data_dir_that_is_a_file_is_refused(tmp_path):
    path = tmp_path / "ikz"
    path.write_text("kein Verzeichnis")

    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.data_dir({"IKZ_DATA_DIR": str(path)})

    assert str(excinfo.value) == f"IKZ_DATA_DIR={path} ist kein Verzeichnis / is not a directory."


# database

UNSUPPORTED_SCHEME = (
    "IKZ_DATABASE_URL: Datenbanktyp {scheme} wird nicht unterstützt / database scheme not "
    "supported; erwartet / expected sqlite:///PFAD oder / or postgres://BENUTZER@HOST:PORT/NAME."
)


def test_database_default_is_sqlite_in_wal_mode_under_data_dir(tmp_path):
    database = config.database({}, tmp_path)

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "ikz.sqlite3")
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"] == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }


def test_database_blank_url_gives_default(tmp_path):
    database = config.database({"IKZ_DATABASE_URL": "  "}, tmp_path)

    assert database["NAME"] == str(tmp_path / "ikz.sqlite3")


def test_database_sqlite_url_names_file_and_keeps_wal_mode(tmp_path):
    env = {"IKZ_DATABASE_URL": "sqlite:////var/lib/ikz/cockpit.sqlite3"}

    database = config.database(env, tmp_path)

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == "/var/lib/ikz/cockpit.sqlite3"
    assert database["OPTIONS"] == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite://:memory:"])
def test_database_sqlite_without_file_path_is_refused(tmp_path, url):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.database({"IKZ_DATABASE_URL": url}, tmp_path)

    assert str(excinfo.value) == (
        "IKZ_DATABASE_URL: SQLite braucht einen Dateipfad / needs a file path, "
        "z. B. / e.g. sqlite:////var/lib/ikz/ikz.sqlite3."
    )


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "pgsql"])
def test_database_postgres_url_gives_postgresql_with_persistent_connections(tmp_path, scheme):
    env = {"IKZ_DATABASE_URL": f"{scheme}://ikz@db.partheland.de:5432/cockpit"}

    database = config.database(env, tmp_path)

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "cockpit"
    assert database["USER"] == "ikz"
    assert database["HOST"] == "db.partheland.de"
    assert database["PORT"] == 5432
    assert database["CONN_MAX_AGE"] == 60
    assert "OPTIONS" not in database


@pytest.mark.parametrize(
    "url", ["postgres://ikz@db.partheland.de:5432", "postgres://ikz@db.partheland.de:5432/"]
)
def test_database_postgres_url_without_name_is_refused(tmp_path, url):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.database({"IKZ_DATABASE_URL": url}, tmp_path)

    assert str(excinfo.value) == (
        "IKZ_DATABASE_URL: Datenbankname fehlt / database name missing, "
        "z. B. / e.g. postgres://postgres@127.0.0.1:5432/ikz."
    )


def test_database_unsupported_scheme_is_refused_naming_it(tmp_path):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.database({"IKZ_DATABASE_URL": "mysql://ikz@localhost:3306/ikz"}, tmp_path)

    assert str(excinfo.value) == UNSUPPORTED_SCHEME.format(scheme="'mysql'")


def test_database_url_without_scheme_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.database({"IKZ_DATABASE_URL": "ikz.sqlite3"}, tmp_path)

    assert str(excinfo.value) == UNSUPPORTED_SCHEME.format(scheme="'(leer)'")


# log_level


def test_log_level_missing_variable_is_info():
    assert config.log_level({}) == "INFO"


def test_log_level_blank_variable_is_info():
    assert config.log_level({"IKZ_LOG_LEVEL": " "}) == "INFO"


@pytest.mark.parametrize(
    ("value", "level"),
    [("DEBUG", "DEBUG"), ("warning", "WARNING"), (" Error ", "ERROR"), ("critical", "CRITICAL")],
)
def test_log_level_reads_level_in_any_case(value, level):
    assert config.log_level({"IKZ_LOG_LEVEL": value}) == level


@pytest.mark.parametrize("value", ["laut", "WARN", "10"])
def test_log_level_other_word_is_refused_naming_variable_and_allowed_levels(value):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.log_level({"IKZ_LOG_LEVEL": value})

    assert str(excinfo.value) == (
        f"IKZ_LOG_LEVEL={value!r} ist keine Protokollstufe / is not a log level "
        "(erlaubt / allowed: DEBUG, INFO, WARNING, ERROR, CRITICAL)."
    )


# secret_key


def test_secret_key_from_variable(tmp_path):
    env = {"IKZ_SECRET_KEY": "aus-der-umgebung", "IKZ_SECRET_KEY_FILE": "/nicht/gelesen"}

    assert config.secret_key(env, tmp_path) == "aus-der-umgebung"
    assert not (tmp_path / "secret.key").exists()


def test_secret_key_from_file_without_surrounding_whitespace(tmp_path):
    path = tmp_path / "ikz-secret"
    path.write_text("  aus-der-datei\n")

    key = config.secret_key({"IKZ_SECRET_KEY_FILE": str(path)}, tmp_path / "data")

    assert key == "aus-der-datei"
    assert not (tmp_path / "data").exists()


def test_secret_key_missing_file_is_refused_naming_path(tmp_path):
    path = tmp_path / "fehlt"

    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.secret_key({"IKZ_SECRET_KEY_FILE": str(path)}, tmp_path)

    assert str(excinfo.value) == (
        f"IKZ_SECRET_KEY_FILE={path} ist nicht lesbar / is not readable: No such file or directory"
    )


def test_secret_key_file_that_is_a_directory_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.secret_key({"IKZ_SECRET_KEY_FILE": str(tmp_path)}, tmp_path)

    assert str(excinfo.value) == (
        f"IKZ_SECRET_KEY_FILE={tmp_path} ist nicht lesbar / is not readable: Is a directory"
    )


@pytest.mark.parametrize("content", ["", " \n"])
def test_secret_key_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "ikz-secret"
    path.write_text(content)

    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.secret_key({"IKZ_SECRET_KEY_FILE": str(path)}, tmp_path)

    assert str(excinfo.value) == f"IKZ_SECRET_KEY_FILE={path} ist leer / is empty."


def test_secret_key_generated_once_and_kept_in_data_dir(tmp_path):
    directory = tmp_path / "neu" / "data"

    first = config.secret_key({}, directory)
    second = config.secret_key({}, directory)

    assert len(first) >= 50
    assert second == first
    assert (directory / "secret.key").read_text() == first


def test_secret_key_generated_file_is_readable_by_owner_only(tmp_path):
    config.secret_key({}, tmp_path)

    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600


def test_secret_key_existing_file_in_data_dir_is_used(tmp_path):
    (tmp_path / "secret.key").write_text("schon-da\n")

    assert config.secret_key({}, tmp_path) == "schon-da"


def test_secret_key_generated_by_processes_starting_at_once_is_one_key(tmp_path):
    # Two commands started together on a new installation (seen with two imports).
    directory, start = tmp_path / "data", tmp_path / "start"
    # Each process waits for the start signal, so all of them ask at the same moment.
    script = (
        "import sys; from pathlib import Path; from ikz import config\n"
        "while not Path(sys.argv[2]).exists(): pass\n"
        "print(config.secret_key({}, Path(sys.argv[1])))"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(directory), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(16)
    ]
    time.sleep(1)  # let them all start and wait
    start.touch()
    keys = {process.communicate(timeout=60)[0].strip() for process in processes}

    assert [process.returncode for process in processes] == [0] * 16
    assert keys == {(directory / "secret.key").read_text()}
    assert len(next(iter(keys))) >= 50
    assert sorted(path.name for path in directory.iterdir()) == ["secret.key"]


def test_secret_key_generated_differs_between_installations(tmp_path):
    assert config.secret_key({}, tmp_path / "a") != config.secret_key({}, tmp_path / "b")


# email


def test_email_without_host_writes_to_console():
    settings = config.email({})

    assert settings == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "EMAIL_HOST": "localhost",
        "EMAIL_PORT": 25,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "ikz-cockpit@localhost",
    }


def test_email_with_host_sends_by_smtp():
    env = {
        "IKZ_EMAIL_HOST": "mail.naunhof.de",
        "IKZ_EMAIL_USER": "cockpit",
        "IKZ_EMAIL_PASSWORD": "geheim",
        "IKZ_EMAIL_USE_TLS": "ja",
        "IKZ_EMAIL_FROM": "cockpit@partheland.de",
    }

    settings = config.email(env)

    assert settings == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.naunhof.de",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "cockpit",
        "EMAIL_HOST_PASSWORD": "geheim",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "cockpit@partheland.de",
    }


def test_email_ssl_defaults_to_port_465():
    settings = config.email({"IKZ_EMAIL_HOST": "mail.naunhof.de", "IKZ_EMAIL_USE_SSL": "1"})

    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_SSL"]) == (465, True)


def test_email_explicit_port_wins():
    env = {"IKZ_EMAIL_HOST": "mail.naunhof.de", "IKZ_EMAIL_USE_TLS": "1", "IKZ_EMAIL_PORT": "2525"}

    assert config.email(env)["EMAIL_PORT"] == 2525


def test_email_tls_and_ssl_together_are_refused():
    env = {"IKZ_EMAIL_HOST": "mail.naunhof.de", "IKZ_EMAIL_USE_TLS": "1", "IKZ_EMAIL_USE_SSL": "1"}

    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.email(env)

    assert str(excinfo.value) == (
        "IKZ_EMAIL_USE_TLS und IKZ_EMAIL_USE_SSL schließen sich aus / are mutually exclusive."
    )


def test_email_bad_port_is_refused_naming_variable():
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.email({"IKZ_EMAIL_HOST": "mail.naunhof.de", "IKZ_EMAIL_PORT": "smtp"})

    assert str(excinfo.value) == "IKZ_EMAIL_PORT='smtp' ist keine ganze Zahl / is not an integer."


def test_email_bad_tls_word_is_refused_naming_variable():
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.email({"IKZ_EMAIL_USE_TLS": "starttls"})

    assert str(excinfo.value).startswith("IKZ_EMAIL_USE_TLS='starttls' ist kein Wahrheitswert")

"""Reading the installation's configuration from ``IKZ_*`` environment variables.

Kept apart from ``settings.py`` so that every rule (and every error a municipal IT
department may see) is a plain function that tests can call with any environment.
"""

import contextlib
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on", "ja"}
FALSE_WORDS = {"0", "false", "no", "off", "nein", ""}
SUPPORTED_DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
# How long a second SQLite writer waits for the first before it gives up.
SQLITE_BUSY_SECONDS = 30
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def env_bool(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    if name not in env:
        return default
    value = env[name].strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={env[name]!r} ist kein Wahrheitswert / is not a boolean "
        f"(erlaubt / allowed: {', '.join(sorted(TRUE_WORDS | FALSE_WORDS - {''}))})."
    )


def env_int(env: Mapping[str, str], name: str, default: int) -> int:
    if name not in env:
        return default
    try:
        return int(env[name])
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={env[name]!r} ist keine ganze Zahl / is not an integer."
        ) from None


def env_positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env_int(env, name, default)
    if value < 1:
        raise ImproperlyConfigured(
            f"{name}={env[name]!r} muss mindestens 1 sein / must be at least 1."
        )
    return value


def env_list(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    if name not in env:
        return default
    return [item.strip() for item in env[name].split(",") if item.strip()]


def data_dir(env: Mapping[str, str]) -> Path:
    path = Path(env.get("IKZ_DATA_DIR", "data")).resolve()
    if path.exists() and not path.is_dir():
        raise ImproperlyConfigured(
            f"IKZ_DATA_DIR={path} ist kein Verzeichnis / is not a directory."
        )
    return path


def database(env: Mapping[str, str], directory: Path) -> dict:
    """The default database: SQLite in WAL mode under the data directory unless
    ``IKZ_DATABASE_URL`` names another one (``sqlite:///path`` or ``postgres://…``)."""
    url = env.get("IKZ_DATABASE_URL", "").strip()
    if not url:
        url = f"sqlite:///{directory / 'ikz.sqlite3'}"
    scheme = urlparse(url).scheme
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"IKZ_DATABASE_URL: Datenbanktyp {scheme or '(leer)'!r} wird nicht unterstützt / "
            f"database scheme not supported; erwartet / expected sqlite:///PFAD oder / or "
            f"postgres://BENUTZER@HOST:PORT/NAME."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60 if scheme != "sqlite" else 0)
    except ValueError as error:
        raise ImproperlyConfigured(f"IKZ_DATABASE_URL ist ungültig / is invalid: {error}") from None
    if scheme == "sqlite":
        if not config["NAME"] or config["NAME"] == ":memory:":
            raise ImproperlyConfigured(
                "IKZ_DATABASE_URL: SQLite braucht einen Dateipfad / needs a file path, "
                "z. B. / e.g. sqlite:////var/lib/ikz/ikz.sqlite3."
            )
        # WAL lets the web server read while a long import writes; IMMEDIATE makes
        # writers queue for the lock at BEGIN instead of failing half-way, and the
        # timeout is how long they queue: longer than any bounded import or issue.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_SECONDS,
        }
    elif not config.get("NAME"):
        raise ImproperlyConfigured(
            "IKZ_DATABASE_URL: Datenbankname fehlt / database name missing, "
            "z. B. / e.g. postgres://postgres@127.0.0.1:5432/ikz."
        )
    return config


def log_level(env: Mapping[str, str]) -> str:
    """The least severe level written to the log: ``IKZ_LOG_LEVEL``, INFO if unset."""
    value = env.get("IKZ_LOG_LEVEL", "").strip().upper()
    if not value:
        return "INFO"
    if value not in LOG_LEVELS:
        raise ImproperlyConfigured(
            f"IKZ_LOG_LEVEL={env['IKZ_LOG_LEVEL']!r} ist keine Protokollstufe / is not a log "
            f"level (erlaubt / allowed: {', '.join(LOG_LEVELS)})."
        )
    return value


def secret_key(env: Mapping[str, str], directory: Path) -> str:
    """The key from ``IKZ_SECRET_KEY`` or the file ``IKZ_SECRET_KEY_FILE``; without
    either, a key generated once and kept in the data directory, so sessions survive
    restarts without anyone having to invent a key."""
    if env.get("IKZ_SECRET_KEY"):
        return env["IKZ_SECRET_KEY"]
    if env.get("IKZ_SECRET_KEY_FILE"):
        path = Path(env["IKZ_SECRET_KEY_FILE"])
        try:
            key = path.read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"IKZ_SECRET_KEY_FILE={path} ist nicht lesbar / is not readable: {error.strerror}"
            ) from None
        if not key:
            raise ImproperlyConfigured(f"IKZ_SECRET_KEY_FILE={path} ist leer / is empty.")
        return key
    path = directory / "secret.key"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        # Written whole under another name (mkstemp: owner-only from the first byte),
        # then linked into place: two processes starting at once both end up with the
        # first one's key, never with an empty or half-written file.
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".secret.key.")
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(50))
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return path.read_text().strip()


def email(env: Mapping[str, str]) -> dict:
    host = env.get("IKZ_EMAIL_HOST", "")
    use_tls = env_bool(env, "IKZ_EMAIL_USE_TLS", False)
    use_ssl = env_bool(env, "IKZ_EMAIL_USE_SSL", False)
    if use_tls and use_ssl:
        raise ImproperlyConfigured(
            "IKZ_EMAIL_USE_TLS und IKZ_EMAIL_USE_SSL schließen sich aus / are mutually exclusive."
        )
    return {
        # Without a mail server, mails go to the console instead of being lost silently.
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"
        if host
        else "django.core.mail.backends.console.EmailBackend",
        "EMAIL_HOST": host or "localhost",
        "EMAIL_PORT": env_int(env, "IKZ_EMAIL_PORT", 465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": env.get("IKZ_EMAIL_USER", ""),
        "EMAIL_HOST_PASSWORD": env.get("IKZ_EMAIL_PASSWORD", ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "DEFAULT_FROM_EMAIL": env.get("IKZ_EMAIL_FROM", "ikz-cockpit@localhost"),
    }


def session_seconds(env: Mapping[str, str]) -> int:
    """How long a signed-in session lasts without a request: ``IKZ_SESSION_MINUTES``,
    60 if unset."""
    return env_positive_int(env, "IKZ_SESSION_MINUTES", 60) * 60


def invitation_days(env: Mapping[str, str]) -> int:
    """How long an invitation's link to choose a password stays valid:
    ``IKZ_INVITATION_DAYS``, 7 if unset."""
    return env_positive_int(env, "IKZ_INVITATION_DAYS", 7)


def base_url(env: Mapping[str, str]) -> str:
    """The address the cockpit is reached at, for links in mails sent without a request
    (invitations): ``IKZ_BASE_URL``, e.g. ``https://ikz.example.de``; the development
    server's address if unset."""
    url = env.get("IKZ_BASE_URL", "").strip().rstrip("/") or "http://localhost:8000"
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(
            f"IKZ_BASE_URL={env['IKZ_BASE_URL']!r} ist keine Web-Adresse / is not a web "
            f"address, z. B. / e.g. https://ikz.example.de."
        )
    return url


# The largest document upload when IKZ_UPLOAD_MAX_MB is unset, and the highest limit it
# may set: beyond it, a municipal network and
# a reverse proxy would need tuning the cockpit cannot promise.
DEFAULT_UPLOAD_MAX_MB = 20
UPLOAD_MAX_MB_LIMIT = 1024
# What the HSTS preload list asks of a site: a year at least, and its subdomains too.
HSTS_PRELOAD_SECONDS = 31536000


def upload_max_mb(env: Mapping[str, str]) -> int:
    """The largest document a user may upload, in MB: ``IKZ_UPLOAD_MAX_MB``, 20 if unset."""
    value = env.get("IKZ_UPLOAD_MAX_MB", "").strip()
    if not value:
        return DEFAULT_UPLOAD_MAX_MB
    try:
        megabytes = int(value)
    except ValueError:
        megabytes = 0
    if not 1 <= megabytes <= UPLOAD_MAX_MB_LIMIT:
        raise ImproperlyConfigured(
            f"IKZ_UPLOAD_MAX_MB={env['IKZ_UPLOAD_MAX_MB']!r} muss eine ganze Zahl von 1 bis "
            f"{UPLOAD_MAX_MB_LIMIT} (Megabyte) sein / must be a whole number of megabytes "
            f"from 1 to {UPLOAD_MAX_MB_LIMIT}."
        )
    return megabytes


def hsts(env: Mapping[str, str]) -> dict:
    """Strict-Transport-Security, for HTTPS responses: ``IKZ_HSTS_SECONDS`` (0, the
    default, sends none), its subdomains too unless ``IKZ_HSTS_INCLUDE_SUBDOMAINS=0``
    (they are those of the cockpit's own host name), and the consent to the browsers'
    preload list only with ``IKZ_HSTS_PRELOAD=1``, which the list requires a year and
    the subdomains for."""
    seconds = env_int(env, "IKZ_HSTS_SECONDS", 0)
    if seconds < 0:
        raise ImproperlyConfigured(
            f"IKZ_HSTS_SECONDS={env['IKZ_HSTS_SECONDS']!r} darf nicht negativ sein / "
            f"must not be negative."
        )
    include_subdomains = env_bool(env, "IKZ_HSTS_INCLUDE_SUBDOMAINS", True)
    preload = env_bool(env, "IKZ_HSTS_PRELOAD", False)
    if preload and (seconds < HSTS_PRELOAD_SECONDS or not include_subdomains):
        raise ImproperlyConfigured(
            f"IKZ_HSTS_PRELOAD braucht IKZ_HSTS_SECONDS von mindestens {HSTS_PRELOAD_SECONDS} "
            f"und IKZ_HSTS_INCLUDE_SUBDOMAINS / needs IKZ_HSTS_SECONDS of at least "
            f"{HSTS_PRELOAD_SECONDS} and IKZ_HSTS_INCLUDE_SUBDOMAINS."
        )
    return {
        "SECURE_HSTS_SECONDS": seconds,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": include_subdomains,
        "SECURE_HSTS_PRELOAD": preload,
    }

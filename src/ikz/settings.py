"""Django settings of IKZ Cockpit. Everything an installation changes comes from
``IKZ_*`` environment variables (see README.md and ``ikz.config``)."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from ikz import config

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir(os.environ)

DEBUG = config.env_bool(os.environ, "IKZ_DEBUG", False)
SECRET_KEY = config.secret_key(os.environ, DATA_DIR)
ALLOWED_HOSTS = config.env_list(
    os.environ, "IKZ_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = config.env_list(os.environ, "IKZ_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "ikz.core",
    "ikz.meetings",
    "ikz.measures",
    "ikz.agreements",
    "ikz.reports",
    "ikz.web",
]

MIDDLEWARE = [
    # First, so that every response (redirects and error pages too) has the id.
    "ikz.web.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ikz.urls"
WSGI_APPLICATION = "ikz.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": config.database(os.environ, DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
# 45.676 Einwohner, not 45676.
USE_THOUSAND_SEPARATOR = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    # Uploads and issued reports: written whole or not at all (ikz.core.files).
    "default": {"BACKEND": "ikz.core.files.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Everything to stderr, one JSON line per event with the request id, for journald or
# docker to keep. Django's own config would send errors (django.request) only to
# mail_admins with DEBUG off; its "django" logger now passes them on to the root.
LOG_LEVEL = config.log_level(os.environ)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ikz.web.middleware.RequestIdFilter"}},
    "formatters": {"json_line": {"()": "ikz.web.middleware.JsonLineFormatter"}},
    "handlers": {
        "stderr": {
            "class": "ikz.web.middleware.StderrHandler",
            "filters": ["request_id"],
            "formatter": "json_line",
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # The PDF and font libraries report every step of every document at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:start"
LOGOUT_REDIRECT_URL = "web:start"

globals().update(config.email(os.environ))

if not DEBUG:
    SESSION_COOKIE_SECURE = config.env_bool(os.environ, "IKZ_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = config.env_int(os.environ, "IKZ_HSTS_SECONDS", 0)
    SECURE_SSL_REDIRECT = config.env_bool(os.environ, "IKZ_SSL_REDIRECT", False)

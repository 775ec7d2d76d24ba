"""Django settings of IKZ Cockpit. Everything an installation changes comes from
``IKZ_*`` environment variables (see README.md and ``ikz.config``)."""

import datetime
import os
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
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
    "ikz.core.apps.IkzAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "ikz.core",
    "ikz.meetings",
    "ikz.measures",
    "ikz.agreements",
    "ikz.reports",
    "ikz.search",
    "ikz.sample",
    "ikz.web",
]

MIDDLEWARE = [
    # First, so that every response (redirects and error pages too) has the id.
    "ikz.web.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, with a policy of their own for files (ikz.web.security).
    "ikz.web.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session confirmed a second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: whether a request comes from htmx (an inline action) or a plain form.
    "django_htmx.middleware.HtmxMiddleware",
    # A method a view does not take: a German page in the layout, not an empty 405.
    "ikz.web.errors.NotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into its own page.
    "axes.middleware.AxesMiddleware",
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
                "ikz.web.context.navigation",
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
# English pages write days and times as German ones do (ikz/formats/en).
FORMAT_MODULE_PATH = ["ikz.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# The front-end packages npm installs from package-lock.json (`make install`), served
# as the cockpit's own files: KERN UX (CSS, fonts) under kern/, htmx under htmx/.
NODE_MODULES = BASE_DIR.parent.parent / "node_modules"
STATICFILES_DIRS = [
    ("kern", NODE_MODULES / "@kern-ux" / "native" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
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
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:start"

# Axes first, to refuse a locked-out sign-in before any password is checked; then the
# e-mail address; then the user name, for superusers made with createsuperuser.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "ikz.core.auth.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed sign-ins with one address (or user name) from one IP address lock that
# pair out for 15 minutes, counted from the last attempt; a successful one forgets them.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "ikz.core.auth.attempted_account"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ikz.web.accounts.locked_out"
# Axes announces its version on every command otherwise.
AXES_VERBOSE = False
# Data minimisation (the privacy notice says so): no log of successful sign-ins; failed
# attempts are kept only for the throttle, and go with a success or the cool-off.
AXES_DISABLE_ACCESS_LOG = True

# Signed out after IKZ_SESSION_MINUTES without a request, and when the browser closes.
SESSION_COOKIE_AGE = config.session_seconds(os.environ)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The token against forged forms stays in its cookie (not in the session), so that a form
# sent after the session ended still passes and keeps its entries (ikz.web.kept); a form
# refused after a new sign-in elsewhere is kept by the failure view as well.
CSRF_FAILURE_VIEW = "ikz.web.errors.csrf_failure"

# The name the authenticator apps show beside the account (ikz.core.second_factor).
OTP_TOTP_ISSUER = "IKZ Cockpit"

IKZ_INVITATION_DAYS = config.invitation_days(os.environ)
IKZ_BASE_URL = config.base_url(os.environ)

globals().update(config.email(os.environ))

# Security: the headers of every response, in development too (tests/test_deploy.py
# checks them and `ikz check --deploy`; README.md "Configuration" names the variables).
SECURE_CONTENT_TYPE_NOSNIFF = True
# Addresses inside the cockpit (a report's number, a cooperation) never leave it; the
# cockpit itself still gets the referrer that Django's CSRF check wants over HTTPS.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No script of the cockpit reads a cookie (the admin sends the CSRF token from its forms).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Nothing from another host; scripts only as files from the cockpit's own static
# directory, never inline. Styles likewise: the one inline style, a cooperation's
# colours in web/base.html, carries the response's nonce. Files (downloads) get a
# policy of their own (ikz.web.security.FILE_POLICY).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# The largest document upload (ikz.core.files.UploadSizeValidator).
IKZ_UPLOAD_MAX_MB = config.upload_max_mb(os.environ)

if not DEBUG:
    # Over HTTPS only (IKZ_SECURE_COOKIES=0 for a plain-HTTP test installation); `make
    # run` serves http://127.0.0.1:8000 with IKZ_DEBUG=1 and so keeps plain cookies.
    SESSION_COOKIE_SECURE = config.env_bool(os.environ, "IKZ_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    globals().update(config.hsts(os.environ))
    SECURE_SSL_REDIRECT = config.env_bool(os.environ, "IKZ_SSL_REDIRECT", False)

"""Production hardening: ``ikz check --deploy`` is clean with a production environment,
every response carries the security headers and the Content-Security-Policy, files get
a policy of their own, and no template needs an inline script."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.urls import reverse

from ikz import config
from ikz.core.models import Cooperation
from ikz.sample.demo import load_partheland
from tests.factories import StatusReportFactory, partheland

IKZ = Path(sys.executable).with_name("ikz")
SOURCE = Path(__file__).resolve().parents[1] / "src" / "ikz"


def production_environment(data_dir: Path) -> dict[str, str]:
    """What an installation behind an HTTPS proxy sets, and nothing of the developer's
    own IKZ_* variables."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("IKZ_")}
    env.update(
        IKZ_DEBUG="0",
        IKZ_SECRET_KEY=secrets.token_urlsafe(64),
        IKZ_ALLOWED_HOSTS="cockpit.example.de",
        IKZ_HSTS_SECONDS="31536000",
        IKZ_HSTS_PRELOAD="1",
        IKZ_SSL_REDIRECT="1",
        IKZ_DATA_DIR=str(data_dir),
    )
    return env


def run_ikz(*args, env):
    return subprocess.run([IKZ, *args], capture_output=True, text=True, env=env, timeout=120)


# ikz check --deploy


def test_deploy_check_is_clean_with_a_production_environment(tmp_path):
    result = run_ikz(
        "check", "--deploy", "--fail-level", "WARNING", env=production_environment(tmp_path)
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"
    # Nothing else on stderr but the log's informational lines (django-axes says hello).
    logged = [json.loads(line) for line in result.stderr.splitlines()]
    assert {line["level"] for line in logged} <= {"INFO"}


def test_deploy_check_without_preload_asks_only_for_it(tmp_path):
    # Consenting to the browsers' preload list is the installation's own decision.
    env = production_environment(tmp_path)
    del env["IKZ_HSTS_PRELOAD"]

    result = run_ikz("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 1
    assert re.findall(r"\(security\.\w+\)", result.stderr) == ["(security.W021)"]


SHOW_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({name: getattr(s, name)"
    " for name in ['DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'LANGUAGE_COOKIE_SECURE',"
    " 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD',"
    " 'SECURE_SSL_REDIRECT', 'IKZ_UPLOAD_MAX_MB']}))"
)


def test_production_settings_make_cookies_secure_and_send_hsts(tmp_path):
    result = run_ikz(
        "shell", "--no-imports", "-c", SHOW_SETTINGS, env=production_environment(tmp_path)
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_SSL_REDIRECT": True,
        "IKZ_UPLOAD_MAX_MB": 20,
    }


def test_development_settings_serve_plain_http(tmp_path):
    # `make run`: IKZ_DEBUG=1 on http://127.0.0.1:8000, where secure cookies would be lost.
    env = {name: value for name, value in os.environ.items() if not name.startswith("IKZ_")}
    env.update(IKZ_DEBUG="1", IKZ_DATA_DIR=str(tmp_path), IKZ_HSTS_SECONDS="31536000")

    result = run_ikz("shell", "--no-imports", "-c", SHOW_SETTINGS, env=env)

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert not shown["SESSION_COOKIE_SECURE"]
    assert not shown["CSRF_COOKIE_SECURE"]
    assert shown["SECURE_HSTS_SECONDS"] == 0
    assert not shown["SECURE_SSL_REDIRECT"]


# The configuration rules behind them


def test_upload_limit_is_20_mb_unless_set():
    assert config.upload_max_mb({}) == 20
    assert config.upload_max_mb({"IKZ_UPLOAD_MAX_MB": " 50 "}) == 50


@pytest.mark.parametrize("value", ["0", "-5", "zwanzig", "2.5", "1025"])
def test_upload_limit_refuses_what_is_no_sensible_number_of_megabytes(value):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.upload_max_mb({"IKZ_UPLOAD_MAX_MB": value})

    assert str(excinfo.value) == (
        f"IKZ_UPLOAD_MAX_MB={value!r} muss eine ganze Zahl von 1 bis 1024 (Megabyte) sein / "
        "must be a whole number of megabytes from 1 to 1024."
    )


def test_hsts_is_off_unless_set_and_then_covers_subdomains_without_preload():
    assert config.hsts({}) == {
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
    }
    assert config.hsts({"IKZ_HSTS_SECONDS": "3600", "IKZ_HSTS_INCLUDE_SUBDOMAINS": "0"}) == {
        "SECURE_HSTS_SECONDS": 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
    }


def test_hsts_refuses_negative_seconds():
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.hsts({"IKZ_HSTS_SECONDS": "-1"})

    assert (
        str(excinfo.value)
        == "IKZ_HSTS_SECONDS='-1' darf nicht negativ sein / must not be negative."
    )


@pytest.mark.parametrize(
    "env",
    [
        {"IKZ_HSTS_PRELOAD": "1", "IKZ_HSTS_SECONDS": "3600"},
        {
            "IKZ_HSTS_PRELOAD": "1",
            "IKZ_HSTS_SECONDS": "31536000",
            "IKZ_HSTS_INCLUDE_SUBDOMAINS": "0",
        },
    ],
)
def test_hsts_preload_needs_a_year_and_the_subdomains(env):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.hsts(env)

    assert str(excinfo.value) == (
        "IKZ_HSTS_PRELOAD braucht IKZ_HSTS_SECONDS von mindestens 31536000 und "
        "IKZ_HSTS_INCLUDE_SUBDOMAINS / needs IKZ_HSTS_SECONDS of at least 31536000 and "
        "IKZ_HSTS_INCLUDE_SUBDOMAINS."
    )


# Headers of every response


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy as directive → sources (directive order is free)."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


PAGE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
FILE_POLICY = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "sandbox": [],
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/anmelden/", "/admin/login/", "/gibt-es-nicht/"])
def test_pages_have_the_security_headers_and_the_policy(client, url):
    response = client.get(url)

    assert policy(response) == PAGE_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_cooperation_colours_are_the_only_inline_style_and_carry_the_nonce(client):
    load_partheland()

    response = client.get("/k/partheland/")

    page = response.content.decode()
    nonces = re.findall(
        r"<style nonce=\"([^\"]+)\">html\[data-kern-theme=light\] "
        r"\{ --kern-color-action-default: #2E6B30;",
        page,
    )
    assert len(nonces) == 1
    assert policy(response)["style-src"] == ["'self'", f"'nonce-{nonces[0]}'"]
    assert page.count("<style") == 1
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_cookies_are_http_only_and_same_site_lax(client):
    client.get("/anmelden/")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    language = response.cookies["django_language"]
    assert language["httponly"] and language["samesite"] == "Lax"
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_hsts_goes_with_https_responses_only(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    assert "Strict-Transport-Security" not in client.get("/")
    assert client.get("/", secure=True)["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["web:report_download", "web:report_meeting_overview"])
@pytest.mark.parametrize("identifier", ["html", "md"])
def test_report_files_get_the_file_policy(coordinator_client, view, identifier):
    report = StatusReportFactory(cooperation=partheland())

    response = coordinator_client.get(reverse(view, args=[report.pk, identifier]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert policy(response) == FILE_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_logo_keeps_its_own_policy(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cooperation = Cooperation.objects.create(name="Partheland", slug="partheland")
    cooperation.logo.save("logo.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))

    response = client.get(reverse("web:cooperation_logo", args=["partheland"]))

    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )


# Templates fit the policy


TEMPLATES = sorted(SOURCE.glob("*/templates/**/*.html"))
# Standalone documents that are files, not pages: they go out under the file policy.
STANDALONE = {
    "reports/report.html",
    "reports/_element.html",
    "meetings/document.html",
    "meetings/_document_result.html",
    "agreements/cost_check.html",
    "agreements/settlement.html",
    "agreements/_print_style.html",
}


def template_name(path: Path) -> str:
    """``web/base.html`` for src/ikz/web/templates/web/base.html."""
    _app, _templates, *name = path.relative_to(SOURCE).parts
    return "/".join(name)


def test_templates_are_found():
    assert {"web/base.html", "reports/report.html", "500.html"} <= {
        template_name(path) for path in TEMPLATES
    }


@pytest.mark.parametrize("path", TEMPLATES, ids=template_name)
def test_template_has_no_inline_script_nor_event_handler(path):
    text = path.read_text(encoding="utf-8")

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text) == []
    assert re.findall(r"\son[a-z]+\s*=", text) == []
    assert "javascript:" not in text.lower()


@pytest.mark.parametrize(
    "path", [p for p in TEMPLATES if template_name(p) not in STANDALONE], ids=template_name
)
def test_page_template_has_no_inline_style_without_the_nonce(path):
    text = path.read_text(encoding="utf-8")

    assert re.findall(r"\sstyle\s*=", text) == []
    assert re.findall(r"<style(?! nonce=\"\{\{ csp_nonce \}\}\")[^>]*>", text) == []

"""No page makes a browser ask another host for anything: every address a page (or a
style sheet it links) names is relative, a data: URI, or the cockpit's own host. A
citizen reading the public pages tells nobody else that they did."""

import datetime
import html
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.urls import URLPattern, reverse

from ikz.sample.demo import load_partheland
from ikz.web import urls
from tests.factories import RoleFactory, StatusReportFactory, UserFactory

pytestmark = pytest.mark.django_db

HOST = "testserver"
# Every attribute through which HTML makes the browser load or send something.
ADDRESS_ATTRIBUTE = re.compile(
    r"""[\s"'](?:src|href|action|formaction|poster|data|srcset|xlink:href)\s*=\s*"""
    r"""(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.IGNORECASE,
)
CSS_ADDRESS = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
# A link to another site the visitor may choose to follow (the enforcement body of the
# accessibility statement): marked rel="external noreferrer", it asks nothing of that
# host while the page is read, and tells it nothing when followed.
EXTERNAL_LINK = re.compile(r"""<a\b[^>]*\brel="external noreferrer"[^>]*>""", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.IGNORECASE | re.DOTALL)
STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.IGNORECASE)
# Values of a URL pattern's parameters that open a page (a stale reset link shows one).
PARAMETERS = {
    "slug": "partheland",
    "uidb64": "MQ",
    "token": "abgelaufen",
    # The public site's month calendar, and a meeting's or a measure's page (the demo's
    # first, public).
    "year": 2020,
    "month": 5,
    "pk": 1,
}
# A complete PNG of one pixel, for the logo.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\x90\x8f\xef\xfe\x0f\x00\x03\xb3\x02\t{"
    b"\x04h\xdd\x00\x00\x00\x00IEND\xaeB`\x82"
)


def addresses(pattern: re.Pattern, text: str) -> list[str]:
    found = []
    for match in pattern.finditer(text):
        value = html.unescape(next(group for group in match.groups() if group is not None))
        # srcset: "a.png 1x, b.png 2x"
        found += [part.split()[0] for part in value.split(",") if part.split()] or [value]
    return found


def is_own(address: str) -> bool:
    """Relative, a fragment, data:, the cockpit's own host, or no request at all (mailto)."""
    parts = urlsplit(address.strip())
    if parts.scheme in ("data", "mailto"):
        return True
    if parts.scheme in ("", "http", "https"):
        return parts.netloc in ("", HOST)
    return False  # javascript:, ftp:, …


def style_sheet(path: str) -> str:
    """A linked style sheet's text, from the static files as the server would serve it."""
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"linked style sheet {path} does not exist"
    with open(found, encoding="utf-8") as file:
        return file.read()


def foreign_addresses(page: str, url: str) -> list[str]:
    """Every address in ``page`` (at ``url``) and in the style sheets it links, also
    those they import, that points to another host."""
    page = EXTERNAL_LINK.sub("", page)
    foreign = [address for address in addresses(ADDRESS_ATTRIBUTE, page) if not is_own(address)]
    sheets = [*(addresses(ADDRESS_ATTRIBUTE, tag)[0] for tag in STYLESHEET.findall(page))]
    css = [(url, block) for block in STYLE_BLOCK.findall(page)]
    seen = set()
    while sheets:
        sheet = urlsplit(urljoin(url, sheets.pop())).path
        if sheet in seen:
            continue
        seen.add(sheet)
        css.append((sheet, style_sheet(sheet)))
        for address in addresses(CSS_ADDRESS, css[-1][1]):
            if is_own(address) and address.endswith(".css"):
                sheets.append(urljoin(sheet, address))
    for base, text in css:
        foreign += [f"{base}: {a}" for a in addresses(CSS_ADDRESS, text) if not is_own(a)]
    return foreign


def public_urls() -> list[str]:
    """Every public page of the cockpit, by its URL pattern, but the files: the logo
    (an image), a document's download, the public minutes and reports."""
    return [
        reverse(f"web:{pattern.name}", kwargs={name: PARAMETERS[name] for name in converters})
        for pattern in urls.urlpatterns
        if isinstance(pattern, URLPattern)
        and getattr(pattern.callback, "access", None) == "public"
        and pattern.name
        not in ("cooperation_logo", "document", "public_minutes", "public_report_download")
        for converters in [pattern.pattern.converters]
    ]


@pytest.fixture
def demo(settings, tmp_path):
    """The Partheland with its colours and a logo, so that every part of a page shows."""
    settings.MEDIA_ROOT = tmp_path
    cooperation = load_partheland()
    cooperation.logo.save("logo.png", ContentFile(PNG))
    return cooperation


def test_every_public_page_is_visited():
    assert {"/", "/k/partheland/", "/anmelden/", "/abmelden/"} <= set(public_urls())


@pytest.mark.parametrize(
    "url", [*public_urls(), "/admin/login/", "/gibt-es-nicht/"], ids=lambda url: url
)
def test_public_page_asks_no_other_host(client, demo, url):
    response = client.get(url, follow=True)

    assert response.status_code in (200, 404)
    page = response.content.decode()
    assert "<img" in page or url != "/k/partheland/"  # the logo is on the page
    assert foreign_addresses(page, response.request["PATH_INFO"]) == []


@pytest.fixture
def administrator(client, demo):
    user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    RoleFactory(user=user, cooperation=demo)
    client.force_login(user)
    return client


SIGNED_IN_URLS = [
    "/start/",
    "/berichte/",
    "/berichte/import/",
    "report",
    "/admin/",
    "/admin/core/document/add/",
    "/admin/core/cooperation/",
]


@pytest.mark.parametrize("url", SIGNED_IN_URLS)
def test_pages_of_the_signed_in_ask_no_other_host(administrator, demo, url):
    if url == "report":
        report = StatusReportFactory(
            cooperation=demo,
            period_start=datetime.date(2021, 1, 1),
            period_end=datetime.date(2021, 1, 31),
        )
        url = reverse("web:report", args=[report.pk])

    response = administrator.get(url, follow=True)

    assert response.status_code == 200
    assert foreign_addresses(response.content.decode(), url) == []


@pytest.mark.parametrize(
    "address",
    [
        "https://fonts.googleapis.com/css",
        "//cdn.example.com/x.js",
        "http://testserver.evil.de/",
        "javascript:alert(1)",
    ],
)
def test_foreign_addresses_are_found(address):
    page = (
        f"<img src=\"{address}\"><a href='{address}'>x</a><style>b {{ background: url({address}) }}"
        "</style>"
    )

    assert len(foreign_addresses(page, "/")) == 3


def test_own_addresses_pass():
    page = (
        '<a href="/k/partheland/">x</a><img src="data:image/png;base64,AAAA" srcset="a.png 2x">'
        '<form action="">'
        '<a href="http://testserver/berichte/">y</a><a href="#main">z</a>'
    )

    assert foreign_addresses(page, "/") == []

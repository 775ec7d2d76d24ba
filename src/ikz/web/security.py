"""The Content-Security-Policy of every response.

Pages get ``settings.CONTENT_SECURITY_POLICY`` (django-csp): scripts and styles only
from the cockpit's own static files, nothing from any other host. Files (any response
with a ``Content-Disposition``: report downloads, later document downloads) are no
pages: they get ``FILE_POLICY``, under which a downloaded HTML report opened in the
browser shows its inline CSS and data: logo but runs nothing and, sandboxed, counts
as coming from no origin at all. A response that has a policy of its own (the logo,
``ikz.core.files.safe_download_headers``) keeps it.
"""

from csp.constants import NONE, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

# default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox
FILE_POLICY = {
    "default-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:"],
    "sandbox": True,
}


def is_file(response) -> bool:
    """Whether the response is a file to save or show, not a page of the cockpit."""
    return "Content-Disposition" in response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``FILE_POLICY`` for files. In MIDDLEWARE in place
    of ``csp.middleware.CSPMiddleware``; like it, it never replaces a policy the view
    has set itself."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_file(response):
            # A view's own @csp decorator (parts.config) would still win.
            return PolicyParts(config=FILE_POLICY)
        return parts

"""What the notice before the idle timeout and the kept entries of a form need
(web/_session.html)."""

from django import template
from django.conf import settings

from ikz.web import kept

register = template.Library()

# The notice comes this long before the idle timeout; a fifth of a shorter session.
WARN_SECONDS = 5 * 60


@register.simple_tag(takes_context=True)
def session_notice(context) -> dict:
    """``{% session_notice as session %}`` on a signed-in page: the account's mark, the
    idle timeout and when to warn, and the entries kept for this page."""
    request = context["request"]
    seconds = settings.SESSION_COOKIE_AGE
    return {
        "mark": kept.account_mark(request.user),
        "seconds": seconds,
        "minutes": seconds // 60,
        "warn_seconds": min(WARN_SECONDS, seconds // 5),
        "kept": kept.kept_for_page(request),
    }
